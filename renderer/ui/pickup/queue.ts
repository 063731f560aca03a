/**
 * The counter's pickup queue as a pure function of the local pickups and the time: which orders go in which
 * section, in what order, and what the find box matches. Customers already waiting at the store come first in
 * every section; overdue and expiring today are shared/pickup/metrics.ts's rules, the same as the manager's.
 */
import type { PickupDoc, PickupState } from '../../../shared/pickup/types';
import { foldDoc } from '../../../shared/pickup/lifecycle';
import { normalisePickupCode } from '../../../shared/pickup/codes';
import { isExpiringToday, isOverdue } from '../../../shared/pickup/metrics';

export interface QueueRow {
  doc: PickupDoc;
  state: PickupState;
  units: number;
  overdue: boolean;
  expiringToday: boolean;
}

export interface PickupQueueView {
  /** Checked in at a kiosk and not collected: someone is standing at the store. */
  waiting: QueueRow[];
  placed: QueueRow[];
  picking: QueueRow[];
  ready: QueueRow[];
  overdue: QueueRow[];
  expiringToday: QueueRow[];
  /** Collected, cancelled or expired within the last day, newest first (for a late question at the counter). */
  recent: QueueRow[];
}

const DAY_MS = 24 * 60 * 60_000;

function row(doc: PickupDoc, now: string): QueueRow {
  const state = foldDoc(doc);
  return {
    doc,
    state,
    units: doc.lines.reduce((n, l) => n + l.quantity, 0),
    overdue: isOverdue(doc, state.status, now),
    expiringToday: isExpiringToday(doc, state.status, now),
  };
}

/** Waiting customers first, then the oldest promise first: the order an associate should work in. */
function byUrgency(a: QueueRow, b: QueueRow): number {
  if (a.state.customerWaiting !== b.state.customerWaiting) return a.state.customerWaiting ? -1 : 1;
  return a.doc.promisedReadyAt.localeCompare(b.doc.promisedReadyAt) || a.doc.orderNumber.localeCompare(b.doc.orderNumber);
}

export function buildQueue(docs: readonly PickupDoc[], now: string, find = '', byName = true): PickupQueueView {
  const rows = docs.filter((d) => matchesFind(d, find, byName)).map((d) => row(d, now));
  const view: PickupQueueView = { waiting: [], placed: [], picking: [], ready: [], overdue: [], expiringToday: [], recent: [] };
  const since = new Date(Date.parse(now) - DAY_MS).toISOString();
  for (const r of rows) {
    const s = r.state.status;
    if (s === 'placed' || s === 'picking' || s === 'ready') view[s].push(r);
    else if (r.state.lastEventAt >= since) view.recent.push(r);
    if (r.state.customerWaiting) view.waiting.push(r);
    if (r.overdue) view.overdue.push(r);
    if (r.expiringToday) view.expiringToday.push(r);
  }
  for (const list of [view.waiting, view.placed, view.picking, view.overdue]) list.sort(byUrgency);
  view.ready.sort((a, b) => (a.state.customerWaiting !== b.state.customerWaiting ? (a.state.customerWaiting ? -1 : 1) : a.doc.expiresAt.localeCompare(b.doc.expiresAt)));
  view.expiringToday.sort((a, b) => a.doc.expiresAt.localeCompare(b.doc.expiresAt));
  view.recent.sort((a, b) => b.state.lastEventAt.localeCompare(a.state.lastEventAt));
  return view;
}

/**
 * The find box: an order number (with or without its channel prefix and dashes), a customer's name (any of the
 * words, in any order), or a pickup code (typed from the customer's message). Empty matches everything.
 * `byName` false (nobody signed in): names are not searched, so the box cannot be used to probe who ordered.
 */
export function matchesFind(doc: PickupDoc, find: string, byName = true): boolean {
  const text = find.trim().toLowerCase();
  if (text === '') return true;
  const compact = text.replace(/[\s-]/g, '');
  if (compact.length >= 3 && doc.orderNumber.toLowerCase().replace(/[\s-]/g, '').includes(compact)) return true;
  if (compact.length >= 4 && doc.pickupCode === normalisePickupCode(compact)) return true;
  if (!byName) return false;
  const name = `${doc.customer.firstName} ${doc.customer.lastName}`.toLowerCase();
  return text.split(/\s+/).every((word) => name.split(/\s+/).some((part) => part.startsWith(word)));
}
