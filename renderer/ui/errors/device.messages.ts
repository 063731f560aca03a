/**
 * What a screen says for an error this device raised (renderer/data/deviceError.ts `DeviceSay`), in the screen's
 * language: `d_<key>`, with the DeviceSay's fields as arguments. A DeviceSay key without its text here does not
 * compile (the Record below).
 */
import { defineMessages } from '../../i18n';
import type { DeviceSayKey } from '../../data/deviceError';

type DeviceTexts = Readonly<Record<`d_${DeviceSayKey}`, string>>;

const en = {
  d_serverAddressMissing: 'Enter the catalog server address, e.g. http://192.168.1.20:8787',
  d_serverAddressInvalid: '“{typed}” is not a server address. Use one like http://192.168.1.20:8787',
  d_serverAddressScheme: 'The server address must start with http:// or https://',
  d_cardNotOnDevice: 'Card {card} is not among the customers on this device, and the catalog server cannot be reached to look it up.',
  d_cardUnknown: 'No customer has loyalty card {card}.',
  d_noteEmpty: 'Write the note first.',
  d_noteTooLong: 'Keep notes under {max, number} characters.',
  d_pinResetNeedsServer: 'Resetting a PIN needs the catalog server: sign in again while it is connected.',
  d_staffUnknown: 'No staff member {who} at this store.',
  d_alreadyResolved: 'Already resolved by {by}.',
  d_storageFull: 'This device’s storage is full. Free up space on it; Aisle keeps everything it has and carries on by itself once there is room.',
} as const satisfies DeviceTexts;

const fr = {
  d_serverAddressMissing: 'Saisissez l’adresse du serveur du catalogue, p. ex. http://192.168.1.20:8787',
  d_serverAddressInvalid: '« {typed} » n’est pas une adresse de serveur. Utilisez par exemple http://192.168.1.20:8787',
  d_serverAddressScheme: 'L’adresse du serveur doit commencer par http:// ou https://',
  d_cardNotOnDevice: 'La carte {card} ne fait pas partie des clients de cet appareil, et le serveur du catalogue est injoignable pour la chercher.',
  d_cardUnknown: 'Aucun client n’a la carte de fidélité {card}.',
  d_noteEmpty: 'Écrivez d’abord la note.',
  d_noteTooLong: 'Les notes font au plus {max, number} caractères.',
  d_pinResetNeedsServer: 'Réinitialiser un code PIN nécessite le serveur du catalogue : reconnectez-vous lorsqu’il est joignable.',
  d_staffUnknown: 'Aucun membre du personnel {who} dans ce magasin.',
  d_alreadyResolved: 'Déjà réglé par {by}.',
  d_storageFull: 'Le stockage de cet appareil est plein. Libérez de la place ; Aisle garde tout ce qu’il a et reprend de lui-même dès qu’il y a de la place.',
} as const satisfies DeviceTexts;

const de = {
  d_serverAddressMissing: 'Geben Sie die Adresse des Katalogservers ein, z. B. http://192.168.1.20:8787',
  d_serverAddressInvalid: '„{typed}“ ist keine Serveradresse. Verwenden Sie z. B. http://192.168.1.20:8787',
  d_serverAddressScheme: 'Die Serveradresse muss mit http:// oder https:// beginnen',
  d_cardNotOnDevice: 'Die Karte {card} gehört zu keinem Kunden auf diesem Gerät, und der Katalogserver ist zum Nachschlagen nicht erreichbar.',
  d_cardUnknown: 'Kein Kunde hat die Kundenkarte {card}.',
  d_noteEmpty: 'Schreiben Sie zuerst die Notiz.',
  d_noteTooLong: 'Notizen haben höchstens {max, number} Zeichen.',
  d_pinResetNeedsServer: 'Zum Zurücksetzen einer PIN wird der Katalogserver gebraucht: Melden Sie sich erneut an, solange er verbunden ist.',
  d_staffUnknown: 'Kein Mitarbeiter {who} in dieser Filiale.',
  d_alreadyResolved: 'Bereits erledigt von {by}.',
  d_storageFull: 'Der Speicher dieses Geräts ist voll. Schaffen Sie Platz; Aisle behält alles, was es hat, und macht von selbst weiter, sobald wieder Platz ist.',
} as const satisfies DeviceTexts;

export const deviceErrorMessages = defineMessages({ en, fr, de });
