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

export function lostWrites(acked: AckedWrite[], server: { pickups: Map<string, Row>; notes: Map<string, Row>; checkins: Map<string, Row> }): LostWrite[] {
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
    } else if (!server.checkins.has(w.id)) lost.push({ write: w, why: 'check-in not on the server' });
  }
  return lost;
}

export interface StockMismatch {
  variantId: string;
  expected: { onHand: number; reserved: number; available: number };
  actual: { onHand: number; reserved: number; available: number };
}

/** Server stock against baseline + Σ stockEffects(pickup) for every pickup of the store. */
export function stockMismatches(baseline: Map<string, InventoryDoc>, inventory: Map<string, Row>, pickups: Map<string, Row>): StockMismatch[] {
  const expected = new Map<string, { onHand: number; reserved: number }>();
  for (const [variantId, inv] of baseline) expected.set(variantId, { onHand: inv.onHand, reserved: inv.reserved });
  for (const doc of pickups.values()) {
    for (const [variantId, d] of stockEffects(doc as unknown as PickupDoc)) {
      const cur = expected.get(variantId) ?? { onHand: 0, reserved: 0 };
      expected.set(variantId, { onHand: cur.onHand + d.onHandDelta, reserved: cur.reserved + d.reservedDelta });
    }
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
}

export interface MessageReport {
  messages: number;
  sent: number;
  /** Automatic messages queued more than once for one pickup and kind. */
  duplicates: number;
  /** Messages whose file was written but whose row is not marked sent: the next attempt would send them again. */
  deliveredButPending: number;
}

export function messageReport(rows: OutboxRow[], deliveredFiles: Set<string>): MessageReport {
  const automatic = new Map<string, number>();
  for (const r of rows) if (r.dedupe_key !== null) automatic.set(`${r.pickup_id}:${r.kind}`, (automatic.get(`${r.pickup_id}:${r.kind}`) ?? 0) + 1);
  return {
    messages: rows.length,
    sent: rows.filter((r) => r.status === 'sent').length,
    duplicates: [...automatic.values()].filter((n) => n > 1).length,
    deliveredButPending: rows.filter((r) => r.status !== 'sent' && deliveredFiles.has(`outbox-${r.id}-${r.kind}.eml`)).length,
  };
}
