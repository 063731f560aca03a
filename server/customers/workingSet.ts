/**
 * A store's working set (docs/customers.md): the customers its counters hold offline — open pickups here, served
 * here recently, and anyone an associate looked up here. `working_set` records why; the replicated copies in
 * `docs` (collections customers and orders, scope = the store) are derived from it by refreshWorkingSet, which
 * every change to a customer or their orders calls in the same transaction. A copy whose last reason is gone
 * (or whose customer was erased) is written as a scrubbed tombstone, so it disappears from the store's devices.
 *
 * Lock order (server/orders/pickupStore.ts): callers change working_set / customers / orders rows before the first
 * writeDocs of their transaction; refreshWorkingSet only reads and then writes docs.
 */
import type { Queryable } from '../db/db';
import type { CustomerDoc, OrderDoc, WorkingSetReason } from '../../shared/customers/types';
import { writeDocs, type DocWrite } from '../sync/revisions';
import { buildProfiles, customerOrders, type GoesWithFn, type OrderBody } from './profile';

export interface WorkingSetSettings {
  /** A customer served in a store stays in its working set this many days after the last visit (default 30). */
  servedDays: number;
  /** A customer looked up in a store stays this many days after the last opening (default 30). */
  lookupDays: number;
}

export const DEFAULT_WORKING_SET: WorkingSetSettings = { servedDays: 30, lookupDays: 30 };

export function wsId(storeId: string, id: string): string {
  return `${storeId}:${id}`;
}

/** Adds (or touches) reasons; call before the transaction's first writeDocs. */
export async function addToWorkingSet(tx: Queryable, entries: readonly { storeId: string; customerId: string; reason: WorkingSetReason; at: string }[]): Promise<void> {
  if (entries.length === 0) return;
  const sorted = [...entries].sort((a, b) => `${a.storeId}|${a.customerId}|${a.reason}`.localeCompare(`${b.storeId}|${b.customerId}|${b.reason}`));
  await tx.query(
    `INSERT INTO working_set (store_id, customer_id, reason, since, last_at)
     SELECT x.store_id, x.customer_id, x.reason, x.at, x.at FROM jsonb_to_recordset($1::jsonb) AS x(store_id text, customer_id text, reason text, at timestamptz)
     ON CONFLICT (store_id, customer_id, reason) DO UPDATE SET last_at = greatest(working_set.last_at, EXCLUDED.last_at)`,
    [JSON.stringify(sorted.map((e) => ({ store_id: e.storeId, customer_id: e.customerId, reason: e.reason, at: e.at })))],
  );
}

/**
 * Removes reasons that no longer hold: 'pickup' without an open pickup at that store, 'served' and 'lookup' past
 * their window. Returns the customers whose copies must be refreshed.
 */
export async function expireWorkingSet(tx: Queryable, now: Date, settings: WorkingSetSettings): Promise<string[]> {
  const served = new Date(now.getTime() - settings.servedDays * 86_400_000).toISOString();
  const lookup = new Date(now.getTime() - settings.lookupDays * 86_400_000).toISOString();
  const res = await tx.query<{ customer_id: string }>(
    `DELETE FROM working_set w WHERE
       (w.reason = 'served' AND w.last_at < $1) OR (w.reason = 'lookup' AND w.last_at < $2) OR
       (w.reason = 'pickup' AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = w.customer_id AND o.store_id = w.store_id AND o.fulfilment = 'pickup' AND o.status = 'open'))
     RETURNING customer_id`,
    [served, lookup],
  );
  return [...new Set(res.rows.map((r) => r.customer_id))];
}

function scrubbedCustomer(storeId: string, customerId: string, at: string): CustomerDoc {
  return {
    id: wsId(storeId, customerId),
    storeId,
    customerId,
    contact: { firstName: '', lastName: '', email: '', phone: '', emailMasked: '', phoneMasked: '' },
    loyaltyNumber: '',
    tier: 'member',
    points: 0,
    storeCredit: { amount: 0, currency: 'USD' },
    memberSince: at,
    homeStoreId: '',
    consents: { email: null, sms: null },
    preferences: { sizes: [] },
    wishlist: [],
    activity: [],
    cart: null,
    spend: { currency: 'USD', lifetimeNet: 0, orders: 0, averageOrder: 0, refunds: 0, lastPurchaseAt: null, byChannel: [] },
    goesWith: [],
    notes: [],
    reasons: [],
    updatedAt: at,
  };
}

function scrubbedOrder(storeId: string, orderId: string, at: string): OrderDoc {
  const zero = { amount: 0, currency: 'USD' };
  return {
    id: wsId(storeId, orderId),
    storeId,
    orderId,
    orderNumber: '',
    customerId: '',
    channel: 'web',
    orderStoreId: '',
    status: 'cancelled',
    placedAt: at,
    fulfilledAt: null,
    deliveredAt: null,
    currency: 'USD',
    lines: [],
    totals: { subtotal: zero, discount: zero, tax: zero, total: zero },
    tenders: [],
    fulfilments: [],
    receiptCode: '',
    updatedAt: at,
  };
}


/**
 * Rewrites the working-set copies of these customers in every store that holds them, and tombstones copies in
 * stores that no longer do. `onlyOrders` limits the order copies rewritten to those (a change of one order);
 * by default all the customers' orders are written (a customer joining a store's set).
 */
export async function refreshWorkingSet(tx: Queryable, customerIds: readonly string[], now: Date, options: { onlyOrders?: readonly string[]; goesWith?: GoesWithFn; by?: string } = {}): Promise<{ customers: number; orders: number }> {
  const ids = [...new Set(customerIds.filter((c) => c !== ''))];
  if (ids.length === 0) return { customers: 0, orders: 0 };
  const nowIso = now.toISOString();
  const members = await tx.query<{ store_id: string; customer_id: string; reasons: WorkingSetReason[] }>(
    `SELECT w.store_id, w.customer_id, array_agg(w.reason ORDER BY w.reason) AS reasons FROM working_set w
     JOIN customers c ON c.id = w.customer_id AND c.erased_at IS NULL AND c.merged_into IS NULL
     WHERE w.customer_id = ANY($1::text[]) GROUP BY w.store_id, w.customer_id`,
    [ids],
  );
  const existing = await tx.query<{ collection: string; id: string; scope: string; customer_id: string; order_id: string | null }>(
    `SELECT collection, id, scope, data->>'customerId' AS customer_id, data->>'orderId' AS order_id FROM docs
     WHERE collection IN ('customers', 'orders') AND data->>'customerId' = ANY($1::text[]) AND NOT deleted`,
    [ids],
  );
  const heldCustomers = [...new Set(members.rows.map((m) => m.customer_id))];
  const profiles = await buildProfiles(tx, heldCustomers, now, options.goesWith);
  const orders = await customerOrders(tx, heldCustomers);
  const only = options.onlyOrders ? new Set(options.onlyOrders) : null;
  const customerWrites: DocWrite[] = [];
  const orderWrites: DocWrite[] = [];
  const written = new Set<string>();
  for (const m of members.rows) {
    const profile = profiles.get(m.customer_id);
    if (!profile) continue;
    const doc: CustomerDoc = { ...profile, id: wsId(m.store_id, m.customer_id), storeId: m.store_id, reasons: m.reasons };
    customerWrites.push({ id: doc.id, scope: m.store_id, data: { ...doc } });
    written.add(`customers|${doc.id}`);
    for (const o of orders.get(m.customer_id) ?? []) {
      const id = wsId(m.store_id, o.orderId);
      written.add(`orders|${id}`);
      if (only && !only.has(o.orderId) && existing.rows.some((e) => e.collection === 'orders' && e.id === id)) continue;
      orderWrites.push({ id, scope: m.store_id, data: { ...orderDoc(m.store_id, o) } });
    }
  }
  // Copies no store should hold any more (reason gone, customer erased or merged away): scrubbed tombstones.
  for (const e of existing.rows) {
    // Written above (possibly now under another customer, after a merge): not a tombstone.
    if (written.has(`${e.collection}|${e.id}`)) continue;
    if (e.collection === 'customers') customerWrites.push({ id: e.id, scope: e.scope, data: { ...scrubbedCustomer(e.scope, e.customer_id, nowIso) }, deleted: true });
    else orderWrites.push({ id: e.id, scope: e.scope, data: { ...scrubbedOrder(e.scope, e.order_id ?? '', nowIso) }, deleted: true });
  }
  await writeDocs(tx, 'customers', customerWrites, options.by ?? 'customers');
  await writeDocs(tx, 'orders', orderWrites, options.by ?? 'customers');
  return { customers: customerWrites.length, orders: orderWrites.length };
}

function orderDoc(storeId: string, o: OrderBody): OrderDoc {
  return { ...o, id: wsId(storeId, o.orderId), storeId };
}
