/**
 * Every server-side write of a pickup goes through writePickup, in the caller's transaction:
 *
 * 1. the stock delta effects(next) − effects(previous) (shared/pickup/stock.ts) is applied to the store's
 *    inventory documents, locked FOR UPDATE in id order, and written with writeDocs so devices receive it;
 * 2. the pickup document is written;
 * 3. the kiosk projection (pickupCodes) is rewritten when what it shows changed;
 * 4. a customer message is queued when the status moved into ready, cancelled or expired.
 *
 * Lock order, the same everywhere to avoid deadlocks: checkins → pickups → inventory (by id) → the revision lock.
 * Callers that read the previous pickup lock it first (readDocs … FOR UPDATE); writePickup locks inventory
 * before any writeDocs takes the revision lock.
 */
import type { Queryable } from '../db/db';
import { readDocs, writeDocs, type DocWrite } from '../sync/revisions';
import type { InventoryDoc, PickupCodeDoc } from '../../shared/schemas/collections';
import type { PickupDoc } from '../../shared/pickup/types';
import { stockDelta } from '../../shared/pickup/stock';
import { pickupCodeHash, sealGreeting } from '../../shared/pickup/codes';
import { enqueueMessage, messageForTransition } from '../outbox/enqueue';

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

export function projectionOf(doc: PickupDoc): PickupCodeDoc {
  return {
    id: doc.id,
    storeId: doc.storeId,
    codeHash: pickupCodeHash(doc.pickupCode),
    status: doc.status,
    lineCount: doc.lines.length,
    sealedGreeting: sealGreeting(doc.customer.firstName, doc.pickupCode),
    updatedAt: doc.updatedAt,
  };
}

export async function writePickup(tx: Queryable, previous: PickupDoc | null, next: PickupDoc, now: Date, by: string): Promise<void> {
  const nowIso = now.toISOString();
  await applyStockDelta(tx, next.storeId, stockDelta(previous, next), nowIso, by);
  await writeDocs(tx, 'pickups', [{ id: next.id, scope: next.storeId, data: { ...next } }], by);
  if (!previous || previous.status !== next.status) {
    await writeDocs(tx, 'pickupCodes', [{ id: next.id, scope: next.storeId, data: { ...projectionOf(next) } }], by);
  }
  const kind = messageForTransition(previous?.status ?? null, next.status);
  if (kind) await enqueueMessage(tx, next, kind, now);
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
