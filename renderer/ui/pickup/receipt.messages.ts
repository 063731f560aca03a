/** Text of the printed pickup receipt (receipt.ts). */
import { defineMessages } from '../../i18n';

export const receiptMessages = defineMessages({
  en: {
    docTitle: 'Pickup {order}', heading: 'Pickup receipt', order: 'order {order} ({channel, select, web {web} other {app}})',
    customer: 'Customer: {name}', notHandedOver: 'not handed over: {count}', collected: 'Collected: {when}', collectedBy: 'Collected by: {name}',
    onBehalf: '{name} (on behalf of the customer)', verified: 'Verified: {how}', viaId: 'ID checked', viaCode: 'pickup code',
    servedBy: 'Served by: {staff} · {device}', printed: 'Printed {when}',
    total: 'Total', notCharged: '{count} not handed over, not charged', receiptCode: 'Receipt code:',
  },
  fr: {
    docTitle: 'Retrait {order}', heading: 'Ticket de retrait', order: 'commande {order} ({channel, select, web {web} other {appli}})',
    customer: 'Client : {name}', notHandedOver: 'non remis : {count}', collected: 'Retiré : {when}', collectedBy: 'Retiré par : {name}',
    onBehalf: '{name} (pour le client)', verified: 'Vérification : {how}', viaId: 'pièce d’identité', viaCode: 'code de retrait',
    servedBy: 'Servi par : {staff} · {device}', printed: 'Imprimé le {when}',
    total: 'Total', notCharged: '{count} non remis, non facturés', receiptCode: 'Code du ticket :',
  },
  de: {
    docTitle: 'Abholung {order}', heading: 'Abholbeleg', order: 'Bestellung {order} ({channel, select, web {Web} other {App}})',
    customer: 'Kunde: {name}', notHandedOver: 'nicht übergeben: {count}', collected: 'Abgeholt: {when}', collectedBy: 'Abgeholt von: {name}',
    onBehalf: '{name} (im Auftrag des Kunden)', verified: 'Geprüft: {how}', viaId: 'Ausweis', viaCode: 'Abholcode',
    servedBy: 'Bedient von: {staff} · {device}', printed: 'Gedruckt {when}',
    total: 'Summe', notCharged: '{count} nicht übergeben, nicht berechnet', receiptCode: 'Belegcode:',
  },
});
