/**
 * The soak's verdict, once the network is healed: every acknowledged write is on the server, every device holds
 * exactly the server's documents, stock equals the sum of the pickups' effects, and no customer message went out
 * twice. The server's side is read over HTTP with auditor devices (not behind a proxy), as a device would pull
 * it; the outbox and the stock baseline are read from the database once the server has stopped.
 */
import { canonicalJson } from '../../shared/canonical';
import { stockEffects } from '../../shared/pickup/stock';
import type { PickupDoc } from '../../shared/pickup/types';
import type { CollectionName, InventoryDoc } from '../../shared/schemas/collections';
import { API_PREFIX, SCHEMA_HEADER, SCHEMA_VERSION, type PullResponse } from '../../shared/sync';
import { foldReturn } from '../../shared/returns/fold';
import type { ReturnDoc } from '../../shared/returns/types';
import type { AckedWrite } from './workload';

type Row = Record<string, unknown> & { id: string };

export async function pullAll(baseUrl: string, token: string, collection: CollectionName): Promise<Map<string, Row>> {
  const out = new Map<string, Row>();
  let rev = 0;
  for (;;) {
    const res = await fetch(`${baseUrl}${API_PREFIX}/sync/${collection}/pull?rev=${rev}&limit=5000`, { headers: { authorization: `Bearer ${token}`, [SCHEMA_HEADER]: String(SCHEMA_VERSION) } });
    if (res.status !== 200) throw new Error(`pull ${collection}: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as PullResponse<Row & { _deleted?: boolean }>;
    for (const d of page.documents) {
      if (d._deleted) out.delete(d.id);
      else out.set(d.id, d);
    }
    if (page.remaining === 0 || page.documents.length === 0) return out;
    rev = page.checkpoint.rev;
  }
}

/** A device document without RxDB's bookkeeping (_meta, _rev, _attachments, _deleted). */
function strip(doc: Record<string, unknown>): string {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!k.startsWith('_')) out[k] = v;
  return canonicalJson(out);
}

export interface Divergence {
  device: string;
  collection: CollectionName;
  id: string;
  problem: 'missing on device' | 'not on server' | 'different';
}

export function compareDevice(device: string, collection: CollectionName, local: unknown[], server: Map<string, Row>): Divergence[] {
  const out: Divergence[] = [];
  const mine = new Map<string, Record<string, unknown>>();
  for (const d of local) if (typeof d === 'object' && d !== null && 'id' in d && typeof d.id === 'string') mine.set(d.id, d);
  for (const [id, doc] of server) {
    const m = mine.get(id);
    if (!m) out.push({ device, collection, id, problem: 'missing on device' });
    else if (strip(m) !== strip(doc)) out.push({ device, collection, id, problem: 'different' });
  }
  for (const id of mine.keys()) if (!server.has(id)) out.push({ device, collection, id, problem: 'not on server' });
  return out;
}

export interface LostWrite {
  write: AckedWrite;
  why: string;
}

export function lostWrites(acked: AckedWrite[], server: { pickups: Map<string, Row>; notes: Map<string, Row>; checkins: Map<string, Row>; returns?: Map<string, Row>; customerEvents?: Set<string> }): LostWrite[] {
  const lost: LostWrite[] = [];
  const eventsOf = new Map<string, Set<string>>();
  for (const [id, doc] of server.pickups) eventsOf.set(id, new Set((doc as unknown as PickupDoc).events.map((e) => e.id)));
  for (const w of acked) {
    if (w.kind === 'pickup-event') {
      const events = eventsOf.get(w.pickupId);
      if (!events) lost.push({ write: w, why: 'pickup not on the server' });
      else if (!events.has(w.eventId)) lost.push({ write: w, why: 'event not in the server pickup' });
    } else if (w.kind === 'note') {
      if (!server.notes.has(w.id)) lost.push({ write: w, why: 'note not on the server' });
    } else if (w.kind === 'return') {
      if (!server.returns?.has(w.id)) lost.push({ write: w, why: 'return not on the server' });
    } else if (w.kind === 'customer-event') {
      if (!server.customerEvents?.has(w.id)) lost.push({ write: w, why: 'customer event not in the server audit log' });
    } else if (!server.checkins.has(w.id)) lost.push({ write: w, why: 'check-in not on the server' });
  }
  return lost;
}

export interface StockMismatch {
  variantId: string;
  expected: { onHand: number; reserved: number; available: number };
  actual: { onHand: number; reserved: number; available: number };
}

/** Units the server accepted back to this store's shelf (disposition restock), by variant, over the store's returns. */
export function restockedByReturns(returns: Iterable<Row>): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of returns) {
    const doc = row as unknown as ReturnDoc;
    const state = foldReturn(doc.events);
    for (const e of doc.events) {
      if (e.type !== 'accepted') continue;
      for (const a of e.lines) {
        const line = state.lines.find((l) => l.id === a.lineId);
        if (line && line.disposition === 'restock') out.set(line.variantId, (out.get(line.variantId) ?? 0) + a.quantity);
      }
    }
  }
  return out;
}

/** Server stock against baseline + Σ stockEffects(pickup) for every pickup of the store + units restocked by returns. */
export function stockMismatches(baseline: Map<string, InventoryDoc>, inventory: Map<string, Row>, pickups: Map<string, Row>, restocked: Map<string, number> = new Map()): StockMismatch[] {
  const expected = new Map<string, { onHand: number; reserved: number }>();
  for (const [variantId, inv] of baseline) expected.set(variantId, { onHand: inv.onHand, reserved: inv.reserved });
  for (const doc of pickups.values()) {
    for (const [variantId, d] of stockEffects(doc as unknown as PickupDoc)) {
      const cur = expected.get(variantId) ?? { onHand: 0, reserved: 0 };
      expected.set(variantId, { onHand: cur.onHand + d.onHandDelta, reserved: cur.reserved + d.reservedDelta });
    }
  }
  for (const [variantId, n] of restocked) {
    const cur = expected.get(variantId) ?? { onHand: 0, reserved: 0 };
    expected.set(variantId, { onHand: cur.onHand + n, reserved: cur.reserved });
  }
  const out: StockMismatch[] = [];
  const actualByVariant = new Map<string, InventoryDoc>();
  for (const row of inventory.values()) {
    const inv = row as unknown as InventoryDoc;
    actualByVariant.set(inv.variantId, inv);
  }
  for (const [variantId, e] of expected) {
    const a = actualByVariant.get(variantId);
    const actual = { onHand: a?.onHand ?? 0, reserved: a?.reserved ?? 0, available: a?.available ?? 0 };
    const exp = { ...e, available: e.onHand - e.reserved };
    if (canonicalJson(exp) !== canonicalJson(actual)) out.push({ variantId, expected: exp, actual });
  }
  return out;
}

export interface OutboxRow {
  id: number;
  pickup_id: string;
  kind: string;
  dedupe_key: string | null;
  status: string;
  attempts: number;
  interrupted_attempts: number;
}

export interface MessageReport {
  messages: number;
  sent: number;
  /** Queued and sent, by kind (ready, reminder, expired, cancelled, refund). */
  byKind: Record<string, { queued: number; sent: number }>;
  /** Automatic messages queued more than once for one pickup and kind. */
  duplicates: number;
  /** Messages whose file was written but whose row is not marked sent once the outbox has been finished. */
  deliveredButPending: number;
  /** Sends a SIGKILL interrupted (the attempt recorded, no outcome), and of them still open when the server stopped. */
  interrupted: number;
  inFlightAtStop: number;
  /** Messages delivered a second time: an .eml rewritten when its row was claimed again. */
  sentAgain: number;
}

export function messageReport(rows: OutboxRow[], deliveredFiles: Set<string>, observed: { sentAgain: number; inFlightAtStop: number } = { sentAgain: 0, inFlightAtStop: 0 }): MessageReport {
  const automatic = new Map<string, number>();
  for (const r of rows) if (r.dedupe_key !== null) automatic.set(`${r.pickup_id}:${r.kind}`, (automatic.get(`${r.pickup_id}:${r.kind}`) ?? 0) + 1);
  const byKind: Record<string, { queued: number; sent: number }> = {};
  for (const r of rows) {
    const k = (byKind[r.kind] ??= { queued: 0, sent: 0 });
    k.queued++;
    if (r.status === 'sent') k.sent++;
  }
  return {
    messages: rows.length,
    sent: rows.filter((r) => r.status === 'sent').length,
    byKind,
    duplicates: [...automatic.values()].filter((n) => n > 1).length,
    deliveredButPending: rows.filter((r) => r.status !== 'sent' && deliveredFiles.has(`outbox-${r.id}-${r.kind}.eml`)).length,
    interrupted: rows.reduce((a, r) => a + (r.interrupted_attempts > 0 ? 1 : 0), 0),
    inFlightAtStop: observed.inFlightAtStop,
    sentAgain: observed.sentAgain,
  };
}

export interface ReturnReport {
  /** Returns the counters acknowledged (recorded locally), of them made offline, and of them in a race for a last unit. */
  acknowledged: number;
  offline: number;
  racedAttempts: number;
  /** Acknowledged returns found on the server. */
  onServer: number;
  completed: number;
  flagged: number;
  /** Flagged RACED: lost the race for the last unit; never refunded. */
  raced: number;
  /** Order lines with more units accepted back than were sold (over every store's returns), or the ledger over sold. */
  overReturnedLines: number;
  /** Returns with more than one refund: 'refunded' events in the document, or rows in the payment ledger. */
  refundedTwice: number;
  /** Returns flagged with no units accepted that still have a refund in the payment ledger. */
  flaggedButRefunded: number;
  /** Completed returns with a refund total but no row in the payment ledger (or a different total). */
  refundMismatches: number;
  refundEmails: number;
  /** Returns whose refund e-mail was queued more than once. */
  refundEmailDuplicates: number;
}

export interface PaymentRefundRow {
  idempotency_key: string;
  total: number;
}

export interface LedgerRow {
  order_id: string;
  line_id: string;
  sold: number;
  returned: number;
}

export function returnReport(acked: AckedWrite[], returns: Map<string, Row>, sold: Map<string, number>, payments: PaymentRefundRow[], ledger: LedgerRow[], outbox: OutboxRow[]): ReturnReport {
  const mine = acked.filter((w): w is Extract<AckedWrite, { kind: 'return' }> => w.kind === 'return');
  const paid = new Map<string, PaymentRefundRow[]>();
  for (const p of payments) paid.set(p.idempotency_key, [...(paid.get(p.idempotency_key) ?? []), p]);
  const back = new Map<string, number>();
  let completed = 0;
  let flagged = 0;
  let raced = 0;
  let refundedTwice = 0;
  let flaggedButRefunded = 0;
  let refundMismatches = 0;
  for (const row of returns.values()) {
    const doc = row as unknown as ReturnDoc;
    const state = foldReturn(doc.events);
    const accepted = doc.events.filter((e) => e.type === 'accepted');
    const refunds = doc.events.filter((e) => e.type === 'refunded');
    if (doc.status === 'completed') completed++;
    if (doc.status === 'flagged') flagged++;
    if (doc.flags.includes('RACED')) raced++;
    const ledgerRows = paid.get(doc.id) ?? [];
    if (refunds.length > 1 || ledgerRows.length > 1) refundedTwice++;
    if (accepted.length === 0 && ledgerRows.length > 0) flaggedButRefunded++;
    if (doc.status === 'completed' && doc.refundTotal > 0 && (ledgerRows.length !== 1 || ledgerRows[0]?.total !== doc.refundTotal)) refundMismatches++;
    for (const e of accepted) {
      if (e.type !== 'accepted') continue;
      for (const a of e.lines) {
        const line = state.lines.find((l) => l.id === a.lineId);
        if (line) back.set(`${doc.orderId}:${line.orderLineId}`, (back.get(`${doc.orderId}:${line.orderLineId}`) ?? 0) + a.quantity);
      }
    }
  }
  let overReturnedLines = 0;
  for (const [key, n] of back) if (n > (sold.get(key) ?? 0)) overReturnedLines++;
  overReturnedLines += ledger.filter((l) => l.returned > l.sold || (sold.has(`${l.order_id}:${l.line_id}`) && l.returned !== (back.get(`${l.order_id}:${l.line_id}`) ?? 0))).length;
  const emails = new Map<string, number>();
  for (const r of outbox) if (r.kind === 'refund') emails.set(r.pickup_id, (emails.get(r.pickup_id) ?? 0) + 1);
  return {
    acknowledged: mine.length,
    offline: mine.filter((w) => w.offline).length,
    racedAttempts: mine.filter((w) => w.raced).length,
    onServer: mine.filter((w) => returns.has(w.id)).length,
    completed,
    flagged,
    raced,
    overReturnedLines,
    refundedTwice,
    flaggedButRefunded,
    refundMismatches,
    refundEmails: [...emails.values()].reduce((a, n) => a + n, 0),
    refundEmailDuplicates: [...emails.values()].filter((n) => n > 1).length,
  };
}

export interface CustomerEventReport {
  acknowledged: number;
  arrived: number;
}

export function customerEventReport(acked: AckedWrite[], arrived: Set<string>): CustomerEventReport {
  const mine = acked.filter((w) => w.kind === 'customer-event');
  return { acknowledged: mine.length, arrived: mine.filter((w) => arrived.has(w.id)).length };
}
