/**
 * Every server-side write of a pickup goes through writePickup, in the caller's transaction:
 *
 * 1. the stock delta effects(next) − effects(previous) (shared/pickup/stock.ts) is applied to the store's
 *    inventory documents, locked FOR UPDATE in id order, and written with writeDocs so devices receive it;
 * 2. the pickup document is written;
 * 3. the kiosk projection (pickupCodes) is rewritten when what it shows changed;
 * 4. a customer message is queued when the status moved into ready, cancelled or expired;
 * 5. the pickup's order (orders table) follows its status, and the customer's working-set copies are refreshed.
 *
 * Lock order, the same everywhere to avoid deadlocks: checkins → pickups → inventory (by id) → the revision lock.
 * Callers lock every pickup they will write first (readDocs … FOR UPDATE), and writePickups locks all inventory
 * rows at once, before any writeDocs takes the revision lock; nothing takes a row lock after the revision lock.
 */
import type { Db, Queryable } from '../db/db';
import { readDocs, writeDocs, type DocWrite } from '../sync/revisions';
import type { InventoryDoc, PickupCodeDoc } from '../../shared/schemas/collections';
import type { PickupDoc } from '../../shared/pickup/types';
import { stockDelta } from '../../shared/pickup/stock';
import { SEAL_PREFIX, sealGreeting } from '../../shared/pickup/codes';
import { pickupCodeKeysNode } from './codeKeys';
import { enqueueMessage, messageForTransition } from '../outbox/enqueue';
import { syncPickupOrders } from './orderStore';
import { addToWorkingSet, refreshWorkingSet } from '../customers/workingSet';
import { goesWithFor } from '../customers/goesWith';

export function inventoryId(storeId: string, variantId: string): string {
  return `${storeId}:${variantId}`;
}

/** Applies per-variant deltas to one store's inventory; returns the inventory docs written. */
export async function applyStockDelta(tx: Queryable, storeId: string, delta: Map<string, { reservedDelta: number; onHandDelta: number }>, nowIso: string, by: string): Promise<InventoryDoc[]> {
  if (delta.size === 0) return [];
  const ids = [...delta.keys()].map((v) => inventoryId(storeId, v)).sort();
  const stored = await readDocs(tx, 'inventory', ids, true);
  const writes: DocWrite[] = [];
  const out: InventoryDoc[] = [];
  for (const [variantId, d] of delta) {
    const id = inventoryId(storeId, variantId);
    const cur = stored.get(id);
    const onHand0 = typeof cur?.data['onHand'] === 'number' ? cur.data['onHand'] : 0;
    const reserved0 = typeof cur?.data['reserved'] === 'number' ? cur.data['reserved'] : 0;
    const onHand = onHand0 + d.onHandDelta;
    // Reservations only come from pickups, so this never goes below zero unless someone edited inventory by hand.
    const reserved = Math.max(0, reserved0 + d.reservedDelta);
    const doc: InventoryDoc = { id, storeId, variantId, onHand, reserved, available: onHand - reserved, updatedAt: nowIso };
    writes.push({ id, scope: storeId, data: { ...doc } });
    out.push(doc);
  }
  await writeDocs(tx, 'inventory', writes, by);
  return out;
}

export async function projectionOf(doc: PickupDoc): Promise<PickupCodeDoc> {
  const keys = await pickupCodeKeysNode(doc.pickupCode, doc.storeId);
  return {
    id: doc.id,
    storeId: doc.storeId,
    codeHash: keys.codeHash,
    status: doc.status,
    lineCount: doc.lines.length,
    sealedGreeting: sealGreeting(doc.customer.firstName, keys.sealKey, doc.id),
    updatedAt: doc.updatedAt,
  };
}

export async function writePickup(tx: Queryable, previous: PickupDoc | null, next: PickupDoc, now: Date, by: string): Promise<void> {
  await writePickups(tx, [{ previous, next }], now, by);
}

/**
 * Writes several pickups of one transaction. All their stock deltas are summed and the inventory rows locked in
 * one statement before the first writeDocs takes the revision lock: locking inventory row by row after that lock
 * is held could deadlock with an order waiting for the revision lock while holding those rows.
 */
export async function writePickups(tx: Queryable, changes: readonly { previous: PickupDoc | null; next: PickupDoc }[], now: Date, by: string): Promise<void> {
  if (changes.length === 0) return;
  const nowIso = now.toISOString();
  // The kiosk projections need a scrypt per code: derived before any row or the revision lock is taken.
  const projections = changes.filter(({ previous, next }) => !previous || previous.status !== next.status);
  const rows = await Promise.all(projections.map(async ({ next }) => ({ id: next.id, scope: next.storeId, data: { ...(await projectionOf(next)) } })));
  // Order rows are locked before any writeDocs takes the revision lock (lock order above). A new pickup's order was
  // just written by placeOrder; only status changes concern its order.
  const moved = changes.filter(({ previous, next }) => previous !== null && previous.status !== next.status).map(({ next }) => next);
  const customers = await syncPickupOrders(tx, moved, nowIso);
  // A collected pickup is a customer served here: they stay in the store's working set for a while.
  const collected = moved.filter((p) => p.status === 'collected');
  if (collected.length > 0 && customers.length > 0) {
    const owners = await tx.query<{ id: string; customer_id: string }>('SELECT id, customer_id FROM orders WHERE id = ANY($1::text[]) AND customer_id IS NOT NULL', [collected.map((p) => p.id)]);
    const byId = new Map(owners.rows.map((r) => [r.id, r.customer_id]));
    await addToWorkingSet(tx, collected.flatMap((p) => { const c = byId.get(p.id); return c ? [{ storeId: p.storeId, customerId: c, reason: 'served' as const, at: nowIso }] : []; }));
  }
  const byStore = new Map<string, Map<string, { reservedDelta: number; onHandDelta: number }>>();
  for (const { previous, next } of changes) {
    const total = byStore.get(next.storeId) ?? new Map<string, { reservedDelta: number; onHandDelta: number }>();
    for (const [variantId, d] of stockDelta(previous, next)) {
      const cur = total.get(variantId) ?? { reservedDelta: 0, onHandDelta: 0 };
      total.set(variantId, { reservedDelta: cur.reservedDelta + d.reservedDelta, onHandDelta: cur.onHandDelta + d.onHandDelta });
    }
    byStore.set(next.storeId, total);
  }
  for (const [storeId, delta] of [...byStore].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const [k, d] of delta) if (d.reservedDelta === 0 && d.onHandDelta === 0) delta.delete(k);
    await applyStockDelta(tx, storeId, delta, nowIso, by);
  }
  await writeDocs(tx, 'pickups', changes.map(({ next }) => ({ id: next.id, scope: next.storeId, data: { ...next } })), by);
  await writeDocs(tx, 'pickupCodes', rows, by);
  for (const { previous, next } of changes) {
    const kind = messageForTransition(previous?.status ?? null, next.status);
    if (kind) await enqueueMessage(tx, next, kind, now);
  }
  if (customers.length > 0) await refreshWorkingSet(tx, customers, now, { onlyOrders: moved.map((p) => p.id), goesWith: goesWithFor, by });
}

/** Reads (and with forUpdate, locks) stored pickups. The stored JSON was validated on the way in. */
export async function readPickups(tx: Queryable, ids: readonly string[], forUpdate: boolean): Promise<Map<string, { doc: PickupDoc; scope: string; deleted: boolean }>> {
  const rows = await readDocs(tx, 'pickups', [...ids].sort(), forUpdate);
  const out = new Map<string, { doc: PickupDoc; scope: string; deleted: boolean }>();
  for (const [id, r] of rows) out.set(id, { doc: asPickupDoc(r.data), scope: r.scope, deleted: r.deleted });
  return out;
}

/**
 * Stored pickup JSON back to its type. Only the server writes the `docs` row (after schema validation and a merge),
 * so this is a trusted read, not parsing of outside input.
 */
export function asPickupDoc(data: Record<string, unknown>): PickupDoc {
  return data as unknown as PickupDoc;
}

/**
 * Rewrites kiosk projections made before the slow code hash and the AEAD seal (shared/pickup/codes.ts): rows whose
 * greeting lacks the current seal prefix. Run once at server start; a no-op when every row is current.
 */
export async function reprojectLegacyPickupCodes(db: Db): Promise<number> {
  const legacy = await db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'pickupCodes' AND NOT deleted AND NOT starts_with(data->>'sealedGreeting', $1) ORDER BY id`, [SEAL_PREFIX]);
  const ids = legacy.rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 100) {
    const batch = ids.slice(i, i + 100);
    const pickups = await readPickups(db, batch, false);
    const rows = await Promise.all([...pickups.values()].map(async ({ doc }) => ({ id: doc.id, scope: doc.storeId, data: { ...(await projectionOf(doc)) } })));
    await db.transaction((tx) => writeDocs(tx, 'pickupCodes', rows, 'reproject'));
  }
  return ids.length;
}
