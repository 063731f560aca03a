/**
 * "Conflicts to review": everything sync could not settle by itself, in one list for the store manager, each with
 * what happened on each side and the resolutions a manager can record. Each source of conflicts (pickups now,
 * returns when they exist) is a pure function from its documents to ConflictItems; add a source by writing one
 * more such function and listing its kinds' actions in RESOLUTION_ACTIONS. The device and a report compute the
 * same list; resolutions are `reviews` documents (schema.ts) matched by conflictKey.
 */
import { foldDoc } from '../pickup/lifecycle';
import type { CancelledBy, PickupDoc, PickupEvent, PickupFlag } from '../pickup/types';
import type { ReviewDoc } from './schema';
import { RESOLUTIONS_BY_FLAG } from '../returns/resolve';

export type ConflictSource = 'pickup' | 'return';

/**
 * Who a side is, as data: the counter that handed over, the cancellation, or one device (by its name). The manager's
 * screen says it in the store's language (renderer/ui/manager/messages.ts `side_<code>`).
 */
export type ConflictSideLabel = { readonly code: 'counter' } | { readonly code: 'cancellation' } | { readonly code: 'server' } | { readonly code: 'device'; readonly device: string };

/**
 * What one side did, as data (`event_<code>` in the manager's messages); `at` is an ISO instant, shown in the store's
 * time zone by the screen. Names are people's and devices' names as the device knows them; `title` is catalog text.
 */
export type ConflictEvent =
  | { readonly code: 'handedOver'; readonly at: string; readonly collectedBy: string; readonly staff: string; readonly device: string; readonly idChecked: boolean }
  /** `staff`/`device` are null when nobody in the store recorded it (the server, or a channel such as the web shop). */
  | { readonly code: 'cancelled'; readonly at: string; readonly by: CancelledBy; readonly reason: string | null; readonly staff: string | null; readonly device: string | null }
  | { readonly code: 'picked'; readonly at: string; readonly staff: string; readonly quantity: number; readonly title: string; readonly ordered: number }
  /** A return taken back at a counter (shared/conflicts/returns.ts); `lines` are catalog titles with quantities. */
  | { readonly code: 'returnTaken'; readonly at: string; readonly staff: string; readonly device: string; readonly lines: readonly { readonly quantity: number; readonly title: string }[]; readonly offline: boolean }
  /** The refund the counter settled; `amount` in minor units of `currency`; `pending` when it waits for the server. */
  | { readonly code: 'refundSettled'; readonly at: string; readonly allocations: readonly { readonly tender: string; readonly amount: number; readonly currency: string; readonly pending: boolean }[] }
  /** What the server found (its own words: the server's flag detail, recorded in the return's log). */
  | { readonly code: 'serverFound'; readonly at: string; readonly detail: string };

export interface ConflictSide {
  /** Stable within the item (a React key). */
  key: string;
  label: ConflictSideLabel;
  /** What that side did, in order. */
  events: ConflictEvent[];
}

export interface ConflictItem {
  key: string;
  source: ConflictSource;
  subjectId: string;
  /** Order number (or return number): what the manager looks up elsewhere. */
  reference: string;
  kind: string;
  title: string;
  /** What the manager is asked to do. */
  ask: string;
  sides: ConflictSide[];
  /** When the later of the conflicting actions happened (device clock), for ordering. */
  raisedAt: string;
}

export interface ResolutionAction {
  id: string;
  label: string;
}

const OTHER: ResolutionAction = { id: 'other', label: 'Something else (say what in the note)' };

/** The resolutions a manager can record, per conflict kind. */
export const RESOLUTION_ACTIONS: Readonly<Record<string, readonly ResolutionAction[]>> = {
  CANCELLED_AFTER_HANDOVER: [
    { id: 'refunded', label: 'Refunded the customer by hand' },
    { id: 'cancellation-reversed', label: 'Reversed the cancellation: the sale stands' },
    OTHER,
  ],
  OVERPICKED: [{ id: 'returned-to-shelf', label: 'Put the extra units back on the shelf' }, OTHER],
  // Flagged returns (returns.ts): resolved by a `resolved` event in the return's log, not a reviews document.
  ...RESOLUTIONS_BY_FLAG,
};

export function actionsFor(kind: string): readonly ResolutionAction[] {
  return RESOLUTION_ACTIONS[kind] ?? [OTHER];
}

export function conflictKey(source: ConflictSource, subjectId: string, kind: string): string {
  return `${source}:${subjectId}:${kind}`;
}

export interface Names {
  staff(id: string): string;
  device(id: string): string;
}

/** Whether someone in a store recorded the event (not the server, not a channel acting through its key). */
function byStore(e: PickupEvent): boolean {
  return e.deviceId !== 'server' && !e.staffId.startsWith('channel:');
}

function pickupFlagItem(doc: PickupDoc, flag: PickupFlag, names: Names): ConflictItem {
  const base = { key: conflictKey('pickup', doc.id, flag), source: 'pickup' as const, subjectId: doc.id, reference: doc.orderNumber, kind: flag };
  if (flag === 'CANCELLED_AFTER_HANDOVER') {
    const collected = doc.events.filter((e) => e.type === 'collected');
    const cancelled = doc.events.filter((e) => e.type === 'cancelled');
    const raisedAt = [...collected, ...cancelled].map((e) => e.at).sort().at(-1) ?? doc.updatedAt;
    return {
      ...base,
      title: 'Cancelled after handover',
      ask: 'The customer has the goods and the order was cancelled: refund by hand, or reverse the cancellation.',
      raisedAt,
      sides: [
        {
          key: 'counter',
          label: { code: 'counter' },
          events: collected.flatMap((e): ConflictEvent[] => (e.type === 'collected' ? [{ code: 'handedOver', at: e.at, collectedBy: e.collectedBy, staff: names.staff(e.staffId), device: names.device(e.deviceId), idChecked: e.idChecked === true }] : [])),
        },
        {
          key: 'cancellation',
          label: { code: 'cancellation' },
          events: cancelled.flatMap((e): ConflictEvent[] =>
            e.type === 'cancelled' ? [{ code: 'cancelled', at: e.at, by: e.by, reason: e.reason ? e.reason : null, staff: byStore(e) ? names.staff(e.staffId) : null, device: byStore(e) ? names.device(e.deviceId) : null }] : [],
          ),
        },
      ],
    };
  }
  // OVERPICKED: who picked how many of which line, per device.
  const state = foldDoc(doc);
  const sides = new Map<string, ConflictSide>();
  let raisedAt = doc.placedAt;
  for (const e of doc.events) {
    if (e.type !== 'line-picked') continue;
    const line = doc.lines.find((l) => l.id === e.lineId);
    const ls = state.lines[e.lineId];
    if (!line || !ls) continue;
    const picks = doc.events.filter((x) => x.type === 'line-picked' && x.lineId === e.lineId).reduce((n, x) => n + (x.type === 'line-picked' ? x.quantity : 0), 0);
    if (picks <= ls.ordered) continue;
    if (e.at > raisedAt) raisedAt = e.at;
    const device = names.device(e.deviceId);
    const side = sides.get(e.deviceId) ?? { key: e.deviceId, label: { code: 'device', device }, events: [] };
    side.events.push({ code: 'picked', at: e.at, staff: names.staff(e.staffId), quantity: e.quantity, title: line.title, ordered: ls.ordered });
    sides.set(e.deviceId, side);
  }
  return {
    ...base,
    title: 'Over-picked',
    ask: 'More units were picked than ordered, on different devices: put the extra units back on the shelf.',
    raisedAt,
    sides: [...sides.values()],
  };
}

/** Every flag of every pickup, as conflicts. */
export function pickupConflicts(docs: readonly PickupDoc[], names: Names): ConflictItem[] {
  const out: ConflictItem[] = [];
  for (const doc of docs) for (const flag of foldDoc(doc).flags) out.push(pickupFlagItem(doc, flag, names));
  return out;
}

export interface ReviewList {
  open: ConflictItem[];
  resolved: { item: ConflictItem; review: ReviewDoc }[];
}

/** Splits conflicts into open (newest first) and resolved (most recently resolved first). */
export function reviewList(items: readonly ConflictItem[], reviews: readonly ReviewDoc[]): ReviewList {
  const byKey = new Map(reviews.map((r) => [r.id, r]));
  const open: ConflictItem[] = [];
  const resolved: ReviewList['resolved'] = [];
  for (const item of items) {
    const review = byKey.get(item.key);
    if (review) resolved.push({ item, review });
    else open.push(item);
  }
  open.sort((a, b) => (a.raisedAt < b.raisedAt ? 1 : a.raisedAt > b.raisedAt ? -1 : a.key.localeCompare(b.key)));
  resolved.sort((a, b) => (a.review.resolvedAt < b.review.resolvedAt ? 1 : -1));
  return { open, resolved };
}

/** The review document a manager's resolution writes; refuses an action the kind does not offer. */
export function makeReview(item: ConflictItem, input: { action: string; note: string; staffId: string; staffName: string; deviceId: string; storeId: string; at: string }): ReviewDoc {
  if (!actionsFor(item.kind).some((a) => a.id === input.action)) throw new Error(`"${input.action}" is not a resolution of ${item.kind}`);
  const note = input.note.trim();
  if (input.action === 'other' && note === '') throw new Error('Say in the note what was done.');
  return {
    id: item.key,
    storeId: input.storeId,
    source: item.source,
    subjectId: item.subjectId,
    kind: item.kind,
    action: input.action,
    note: note.slice(0, 1000),
    staffId: input.staffId,
    staffName: input.staffName,
    deviceId: input.deviceId,
    resolvedAt: input.at,
    updatedAt: input.at,
  };
}
