/**
 * Flagged returns as "Conflicts to review" (conflicts.ts): one item per flag the server raised and no manager has
 * resolved, with what happened at the counter and what the server found. Unlike a pickup's, a return's resolution
 * is not a `reviews` document: it is a `resolved` event in the return's own log (shared/returns/resolve.ts), merged
 * by event union; `returnReviews` shows those events in the list's "resolved" shape.
 */
import { foldReturn, openFlags } from '../returns/fold';
import type { ReturnDoc, ReturnFlag } from '../returns/types';
import type { ConflictEvent, ConflictItem, Names } from './conflicts';
import { conflictKey } from './conflicts';
import type { ReviewDoc } from './schema';

const TITLES: Readonly<Record<ReturnFlag, string>> = {
  RACED: 'Return lost the race for the last units',
  OVER_LIMIT: 'Receiptless return over the limit',
  OVERRIDDEN: 'Refusal overridden',
  RECEIPT_INVALID: 'Receipt refused by the server',
  UNKNOWN_ORDER: 'Order unknown to the server',
  AMOUNT_MISMATCH: 'Cash handed out does not match',
  REFUSED_BY_SERVER: 'Return refused by the server',
};

const ASK = 'The server refunded nothing for this: settle it with the customer, then record what you did.';


function items(doc: ReturnDoc, names: Names, open: boolean): ConflictItem[] {
  const s = foldReturn(doc.events);
  const wanted = open ? openFlags(s) : (Object.keys(s.resolutions) as ReturnFlag[]);
  const reference = doc.orderNumber;
  const counter: ConflictEvent[] = [];
  if (s.createdBy) counter.push({ code: 'returnTaken', at: s.createdAt, staff: names.staff(s.createdBy.staffId), device: names.device(s.createdBy.deviceId), lines: s.lines.map((l) => ({ quantity: l.quantity, title: l.title })), offline: s.offline });
  if (s.tendered) counter.push({ code: 'refundSettled', at: s.tendered.at, allocations: s.tendered.allocations.map((a) => ({ tender: a.tender, amount: a.amount, currency: doc.currency, pending: a.pending === true })) });
  return wanted.map((flag) => {
    const details = s.flagDetails.filter((f) => f.flag === flag);
    return {
      key: conflictKey('return', doc.id, flag),
      source: 'return' as const,
      subjectId: doc.id,
      reference,
      kind: flag,
      title: TITLES[flag],
      ask: ASK,
      raisedAt: details.map((f) => f.at).sort().at(-1) ?? doc.updatedAt,
      sides: [
        { key: 'counter', label: { code: 'counter' as const }, events: counter },
        { key: 'server', label: { code: 'server' as const }, events: details.map((f): ConflictEvent => ({ code: 'serverFound', at: f.at, detail: f.detail })) },
      ],
    };
  });
}

/** Every open (unresolved) server flag of these returns, as conflicts. */
export function returnConflicts(docs: readonly ReturnDoc[], names: Names): ConflictItem[] {
  return docs.flatMap((d) => items(d, names, true));
}

/** The resolved flags of these returns: each item with its resolution in the `reviews` shape the list shows. */
export function returnReviews(docs: readonly ReturnDoc[], names: Names): { items: ConflictItem[]; reviews: ReviewDoc[] } {
  const out: { items: ConflictItem[]; reviews: ReviewDoc[] } = { items: [], reviews: [] };
  for (const doc of docs) {
    const s = foldReturn(doc.events);
    for (const item of items(doc, names, false)) {
      const r = s.resolutions[item.kind as ReturnFlag];
      if (!r) continue;
      out.items.push(item);
      out.reviews.push({ id: item.key, storeId: doc.storeId, source: 'return', subjectId: doc.id, kind: item.kind, action: r.action, note: r.note, staffId: r.by, staffName: names.staff(r.by), deviceId: r.deviceId, resolvedAt: r.at, updatedAt: r.at });
    }
  }
  return out;
}
