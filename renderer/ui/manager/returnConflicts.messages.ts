/**
 * Flagged returns in "Conflicts to review" (shared/conflicts/returns.ts): titles per server flag, the ask, and the
 * resolution labels by action id (shared/returns/resolve.ts). The sides are data (shared/conflicts/returns.ts) worded
 * with the pickups' in managerAreaMessages (`side_server`, `event_returnTaken`, …); only the server's flag detail is
 * the server's own English.
 */
import { defineMessages } from '../../i18n';

export const returnConflictMessages = defineMessages({
  en: {
    returnOf: 'Return of order {number}',
    receiptless: 'Receiptless return',
    openReturn: 'Open in the returns list',
    k_RACED: 'Return lost the race for the last units',
    k_OVER_LIMIT: 'Receiptless return over the limit',
    k_RECEIPT_INVALID: 'Receipt refused by the server',
    k_UNKNOWN_ORDER: 'Order unknown to the server',
    k_AMOUNT_MISMATCH: 'Cash handed out does not match',
    k_REFUSED_BY_SERVER: 'Return refused by the server',
    ka_RETURN: 'The server refunded nothing for this: settle it with the customer, then record what you did.',
    'a_goods-returned': 'Gave the goods back to the customer (nothing was refunded)',
    'a_money-recovered': 'Took back what was handed out at the counter',
    'a_loss-accepted': 'Accepted the loss: what the counter handed out stands',
  },
  fr: {
    returnOf: 'Retour de la commande {number}',
    receiptless: 'Retour sans ticket',
    openReturn: 'Ouvrir dans la liste des retours',
    k_RACED: 'Retour devancé pour les dernières unités',
    k_OVER_LIMIT: 'Retour sans ticket au-delà de la limite',
    k_RECEIPT_INVALID: 'Ticket refusé par le serveur',
    k_UNKNOWN_ORDER: 'Commande inconnue du serveur',
    k_AMOUNT_MISMATCH: 'Les espèces remises ne correspondent pas',
    k_REFUSED_BY_SERVER: 'Retour refusé par le serveur',
    ka_RETURN: 'Le serveur n’a rien remboursé : réglez-le avec le client, puis notez ce que vous avez fait.',
    'a_goods-returned': 'Marchandise rendue au client (rien n’a été remboursé)',
    'a_money-recovered': 'Repris ce qui avait été remis au comptoir',
    'a_loss-accepted': 'Perte acceptée : ce que le comptoir a remis reste acquis',
  },
  de: {
    returnOf: 'Rückgabe zu Bestellung {number}',
    receiptless: 'Rückgabe ohne Beleg',
    openReturn: 'In der Rückgabenliste öffnen',
    k_RACED: 'Rückgabe kam für die letzten Einheiten zu spät',
    k_OVER_LIMIT: 'Rückgabe ohne Beleg über dem Limit',
    k_RECEIPT_INVALID: 'Beleg vom Server abgelehnt',
    k_UNKNOWN_ORDER: 'Bestellung dem Server unbekannt',
    k_AMOUNT_MISMATCH: 'Ausgezahltes Bargeld stimmt nicht',
    k_REFUSED_BY_SERVER: 'Rückgabe vom Server abgelehnt',
    ka_RETURN: 'Der Server hat nichts erstattet: mit dem Kunden klären, dann festhalten, was Sie getan haben.',
    'a_goods-returned': 'Ware dem Kunden zurückgegeben (nichts erstattet)',
    'a_money-recovered': 'Am Tresen Ausgezahltes zurückgenommen',
    'a_loss-accepted': 'Verlust akzeptiert: das am Tresen Ausgezahlte bleibt',
  },
});
