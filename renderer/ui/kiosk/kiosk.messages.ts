/** Text of the kiosk's layout pieces written for customers: nearby availability, getting-ready and offline notes. */
import { defineMessages } from '../../i18n';

export const kioskMessages = defineMessages({
  en: {
    availableAt: 'Available at {store}, {distance} away',
    alsoAt: 'Also at {store}, {distance} away',
    notNearby: 'Not in stock at our nearby stores right now. Ask a team member — we can order it for you.',
    askTeam: 'Ask a team member about other stores.',
    gettingReady: 'This kiosk is getting ready. Please ask a team member for help in the meantime.',
  },
  fr: {
    availableAt: 'Disponible à {store}, à {distance}',
    alsoAt: 'Aussi à {store}, à {distance}',
    notNearby: 'Pas en stock dans nos magasins proches pour le moment. Demandez à un vendeur — nous pouvons le commander pour vous.',
    askTeam: 'Demandez à un vendeur pour les autres magasins.',
    gettingReady: 'Cette borne se prépare. Demandez de l’aide à un vendeur en attendant.',
  },
  de: {
    availableAt: 'Erhältlich bei {store}, {distance} entfernt',
    alsoAt: 'Auch bei {store}, {distance} entfernt',
    notNearby: 'Derzeit in unseren Filialen in der Nähe nicht vorrätig. Fragen Sie unser Team — wir bestellen es gern für Sie.',
    askTeam: 'Fragen Sie unser Team nach anderen Filialen.',
    gettingReady: 'Dieses Terminal wird vorbereitet. Bitte wenden Sie sich so lange an unser Team.',
  },
});
