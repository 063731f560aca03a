import { defineMessages } from '../i18n';

export const appMessages = defineMessages({
  en: {
    opening: 'Opening the catalog on this device…',
    failedTitle: 'Aisle could not open its local catalog',
  },
  fr: {
    opening: 'Ouverture du catalogue sur cet appareil…',
    failedTitle: 'Aisle n’a pas pu ouvrir son catalogue local',
  },
  de: {
    opening: 'Katalog auf diesem Gerät wird geöffnet …',
    failedTitle: 'Aisle konnte seinen lokalen Katalog nicht öffnen',
  },
});
