/**
 * What a screen says for each error code the catalog server sends (shared/errors.ts ErrorCode), in the screen's
 * language. The server's English message is for logs and curl; it is shown only for a code this app does not know.
 * `errors.test.ts` checks every code of ERROR_CODES has a text here in every language, so a new code cannot drift.
 *
 * Arguments: {field} the first refused field ("none" when the server named none); {wait} the wait in words of the
 * language ("in 2 minutes"; "none" when unknown); {need} who must be signed in; {why} why an enrollment code failed;
 * {revoked} "yes" when the device's token was revoked.
 */
import { defineMessages } from '../../i18n';
import type { ErrorCode } from '../../../shared/errors';

type ErrorTexts = Readonly<Record<ErrorCode, string>>;

const en = {
  BAD_REQUEST: 'The catalog server could not read this request. Try again; if it keeps happening, update Aisle.',
  VALIDATION_FAILED: '{field, select, none {The catalog server refused some of this information. Nothing was stored.} other {The catalog server refused the field “{field}”. Nothing was stored.}}',
  UNAUTHENTICATED: '{revoked, select, yes {This device has been revoked. Ask a manager to enroll it again.} other {The catalog server did not accept this device or sign-in. Sign in again, or enroll the device again.}}',
  FORBIDDEN: '{need, select, manager {This needs a manager of this store signed in online at this counter.} staff {This needs a staff member signed in online at this counter.} other {This device or person is not allowed to do this.}}',
  NOT_FOUND: 'The catalog server does not know this (or no longer does).',
  CONFLICT: 'This no longer matches what the catalog server has: it changed in the meantime. Refresh and try again.',
  SCHEMA_OUTDATED: 'This version of Aisle is too old for the catalog server. Update Aisle on this device.',
  ENROLLMENT_CODE_INVALID: '{why, select, used {This enrollment code has already been used. Ask for a new one.} expired {This enrollment code has expired. Ask for a new one.} other {This enrollment code is not known. Check it, or ask for a new one.}}',
  SERVER_UNREACHABLE: 'Cannot reach the catalog server. Check the address and that the server is running.',
  IMPORT_FAILED: 'The import failed; nothing was changed.',
  LOCKED_OUT: '{wait, select, none {Too many wrong PINs. Try again later, or ask a manager to reset the PIN.} other {Too many wrong PINs. Try again {wait}, or ask a manager to reset the PIN.}}',
  // Worded as shared/retryWait.ts words it, so the English screen says what the server says.
  RATE_LIMITED: '{wait, select, none {Too many tries — try again later.} other {Too many tries — try again {wait}.}}',
  INTERNAL: 'The catalog server had a problem. Try again in a moment.',
} as const satisfies ErrorTexts;

export const errorMessages = defineMessages({
  en,
  fr: {
    BAD_REQUEST: 'Le serveur du catalogue n’a pas pu lire cette demande. Réessayez ; si cela se répète, mettez Aisle à jour.',
    VALIDATION_FAILED: '{field, select, none {Le serveur du catalogue a refusé une partie de ces informations. Rien n’a été enregistré.} other {Le serveur du catalogue a refusé le champ « {field} ». Rien n’a été enregistré.}}',
    UNAUTHENTICATED: '{revoked, select, yes {Cet appareil a été révoqué. Demandez à un responsable de l’inscrire à nouveau.} other {Le serveur du catalogue n’a pas accepté cet appareil ou cette connexion. Reconnectez-vous, ou inscrivez l’appareil à nouveau.}}',
    FORBIDDEN: '{need, select, manager {Il faut un responsable de ce magasin connecté en ligne à ce comptoir.} staff {Il faut un membre du personnel connecté en ligne à ce comptoir.} other {Cet appareil ou cette personne n’a pas le droit de faire cela.}}',
    NOT_FOUND: 'Le serveur du catalogue ne connaît pas cet élément (ou plus).',
    CONFLICT: 'Cela ne correspond plus à ce qu’a le serveur du catalogue : cela a changé entre-temps. Actualisez et réessayez.',
    SCHEMA_OUTDATED: 'Cette version d’Aisle est trop ancienne pour le serveur du catalogue. Mettez Aisle à jour sur cet appareil.',
    ENROLLMENT_CODE_INVALID: '{why, select, used {Ce code d’inscription a déjà été utilisé. Demandez-en un nouveau.} expired {Ce code d’inscription a expiré. Demandez-en un nouveau.} other {Ce code d’inscription est inconnu. Vérifiez-le, ou demandez-en un nouveau.}}',
    SERVER_UNREACHABLE: 'Impossible de joindre le serveur du catalogue. Vérifiez l’adresse et que le serveur fonctionne.',
    IMPORT_FAILED: 'L’import a échoué ; rien n’a été modifié.',
    LOCKED_OUT: '{wait, select, none {Trop de codes PIN erronés. Réessayez plus tard, ou demandez à un responsable de réinitialiser le code PIN.} other {Trop de codes PIN erronés. Réessayez {wait}, ou demandez à un responsable de réinitialiser le code PIN.}}',
    RATE_LIMITED: '{wait, select, none {Trop de tentatives. Réessayez plus tard.} other {Trop de tentatives. Réessayez {wait}.}}',
    INTERNAL: 'Le serveur du catalogue a rencontré un problème. Réessayez dans un instant.',
  },
  de: {
    BAD_REQUEST: 'Der Katalogserver konnte diese Anfrage nicht lesen. Versuchen Sie es erneut; passiert es wieder, aktualisieren Sie Aisle.',
    VALIDATION_FAILED: '{field, select, none {Der Katalogserver hat einen Teil dieser Angaben abgelehnt. Es wurde nichts gespeichert.} other {Der Katalogserver hat das Feld „{field}“ abgelehnt. Es wurde nichts gespeichert.}}',
    UNAUTHENTICATED: '{revoked, select, yes {Dieses Gerät wurde gesperrt. Bitten Sie eine Führungskraft, es neu anzumelden.} other {Der Katalogserver hat dieses Gerät oder diese Anmeldung nicht akzeptiert. Melden Sie sich erneut an oder melden Sie das Gerät neu an.}}',
    FORBIDDEN: '{need, select, manager {Dafür muss eine Führungskraft dieser Filiale an dieser Kasse online angemeldet sein.} staff {Dafür muss eine Mitarbeiterin oder ein Mitarbeiter an dieser Kasse online angemeldet sein.} other {Dieses Gerät oder diese Person darf das nicht.}}',
    NOT_FOUND: 'Der Katalogserver kennt das nicht (oder nicht mehr).',
    CONFLICT: 'Das passt nicht mehr zum Stand des Katalogservers: Es wurde inzwischen geändert. Aktualisieren Sie und versuchen Sie es erneut.',
    SCHEMA_OUTDATED: 'Diese Aisle-Version ist für den Katalogserver zu alt. Aktualisieren Sie Aisle auf diesem Gerät.',
    ENROLLMENT_CODE_INVALID: '{why, select, used {Dieser Anmeldecode wurde bereits verwendet. Fordern Sie einen neuen an.} expired {Dieser Anmeldecode ist abgelaufen. Fordern Sie einen neuen an.} other {Dieser Anmeldecode ist unbekannt. Prüfen Sie ihn oder fordern Sie einen neuen an.}}',
    SERVER_UNREACHABLE: 'Der Katalogserver ist nicht erreichbar. Prüfen Sie die Adresse und ob der Server läuft.',
    IMPORT_FAILED: 'Der Import ist fehlgeschlagen; es wurde nichts geändert.',
    LOCKED_OUT: '{wait, select, none {Zu viele falsche PINs. Versuchen Sie es später erneut oder bitten Sie eine Führungskraft, die PIN zurückzusetzen.} other {Zu viele falsche PINs. Versuchen Sie es {wait} erneut oder bitten Sie eine Führungskraft, die PIN zurückzusetzen.}}',
    RATE_LIMITED: '{wait, select, none {Zu viele Versuche. Versuchen Sie es später erneut.} other {Zu viele Versuche. Versuchen Sie es {wait} erneut.}}',
    INTERNAL: 'Der Katalogserver hatte ein Problem. Versuchen Sie es gleich noch einmal.',
  },
});
