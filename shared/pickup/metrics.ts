/**
 * Manager figures from pickup documents: pure functions over the same fold the devices and the server use, so
 * the manager's screen, a report and a test all count the same way. Times are ISO strings; `now` is passed in.
 */
import type { PickupDoc, PickupFlag, PickupStatus } from './types';
import { foldDoc } from './lifecycle';

export interface QueueEntry {
  id: string;
  orderNumber: string;
  status: PickupStatus;
  /** Minutes since the order was placed. */
  ageMinutes: number;
}

export interface AgeBuckets {
  under1h: number;
  under4h: number;
  under24h: number;
  older: number;
}

export interface PickupMetrics {
  /** Active pickups per state, with their age distribution. */
  queue: Record<'placed' | 'picking' | 'ready', { count: number; ages: AgeBuckets }>;
  /** Not ready yet and past the promised ready time, oldest promise first. */
  overdue: QueueEntry[];
  /** Ready and expiring before the end of `now`'s UTC day (or already due), soonest first. */
  expiringToday: QueueEntry[];
  flagged: { id: string; orderNumber: string; flags: PickupFlag[] }[];
  /** Over pickups that became ready: share ready by the promised time (0…100, null when none). */
  readyWithinPromisePct: number | null;
  /** Median minutes from placed to ready (null when none). */
  medianMinutesToReady: number | null;
  /** collected / (collected + expired + cancelled after ready), in % (null when none finished). */
  collectionRatePct: number | null;
  counts: Record<PickupStatus, number>;
  expiries: number;
}

const minutesBetween = (from: string, to: string): number => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));

function bucket(b: AgeBuckets, minutes: number): void {
  if (minutes < 60) b.under1h++;
  else if (minutes < 240) b.under4h++;
  else if (minutes < 1440) b.under24h++;
  else b.older++;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Not ready yet and past the promised ready time (the counter's queue and the manager's list use this one rule). */
export function isOverdue(doc: Pick<PickupDoc, 'promisedReadyAt'>, status: PickupStatus, now: string): boolean {
  return (status === 'placed' || status === 'picking') && doc.promisedReadyAt < now;
}

/** Ready and held until no later than the end of `now`'s UTC day (or already due for expiry). */
export function isExpiringToday(doc: Pick<PickupDoc, 'expiresAt'>, status: PickupStatus, now: string): boolean {
  return status === 'ready' && doc.expiresAt <= `${now.slice(0, 10)}T23:59:59.999Z`;
}

export function pickupMetrics(docs: readonly PickupDoc[], now: string): PickupMetrics {
  const emptyBuckets = (): AgeBuckets => ({ under1h: 0, under4h: 0, under24h: 0, older: 0 });
  const queue: PickupMetrics['queue'] = {
    placed: { count: 0, ages: emptyBuckets() },
    picking: { count: 0, ages: emptyBuckets() },
    ready: { count: 0, ages: emptyBuckets() },
  };
  const counts: Record<PickupStatus, number> = { placed: 0, picking: 0, ready: 0, collected: 0, cancelled: 0, expired: 0 };
  const overdue: (QueueEntry & { promisedReadyAt: string })[] = [];
  const expiring: (QueueEntry & { expiresAt: string })[] = [];
  const flagged: PickupMetrics['flagged'] = [];
  const toReady: number[] = [];
  let withinPromise = 0;
  let becameReady = 0;
  let collected = 0;
  let notCollected = 0;
  for (const doc of docs) {
    const state = foldDoc(doc);
    counts[state.status]++;
    const age = minutesBetween(state.placedAt, now);
    const entry: QueueEntry = { id: doc.id, orderNumber: doc.orderNumber, status: state.status, ageMinutes: age };
    if (state.status === 'placed' || state.status === 'picking' || state.status === 'ready') {
      queue[state.status].count++;
      bucket(queue[state.status].ages, age);
    }
    if (isOverdue(doc, state.status, now)) overdue.push({ ...entry, promisedReadyAt: doc.promisedReadyAt });
    if (isExpiringToday(doc, state.status, now)) expiring.push({ ...entry, expiresAt: doc.expiresAt });
    if (state.flags.length > 0) flagged.push({ id: doc.id, orderNumber: doc.orderNumber, flags: state.flags });
    if (state.readyAt !== null) {
      becameReady++;
      if (state.readyAt <= doc.promisedReadyAt) withinPromise++;
      toReady.push(minutesBetween(state.placedAt, state.readyAt));
      if (state.status === 'collected') collected++;
      else if (state.status === 'expired' || state.status === 'cancelled') notCollected++;
    } else if (state.status === 'collected') collected++;
  }
  const strip = <T extends QueueEntry>(e: T): QueueEntry => ({ id: e.id, orderNumber: e.orderNumber, status: e.status, ageMinutes: e.ageMinutes });
  return {
    queue,
    overdue: overdue.sort((a, b) => (a.promisedReadyAt < b.promisedReadyAt ? -1 : a.promisedReadyAt > b.promisedReadyAt ? 1 : 0)).map(strip),
    expiringToday: expiring.sort((a, b) => (a.expiresAt < b.expiresAt ? -1 : a.expiresAt > b.expiresAt ? 1 : 0)).map(strip),
    flagged,
    readyWithinPromisePct: becameReady === 0 ? null : Math.round((withinPromise / becameReady) * 1000) / 10,
    medianMinutesToReady: median(toReady),
    collectionRatePct: collected + notCollected === 0 ? null : Math.round((collected / (collected + notCollected)) * 1000) / 10,
    counts,
    expiries: counts.expired,
  };
}
