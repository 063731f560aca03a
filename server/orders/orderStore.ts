/**
 * The orders table (every channel; docs/customers.md) and how a pickup's progress shows on its order: a pickup's
 * status maps onto its order's pickup fulfilment (placed → pending, picking → in-progress, ready → ready,
 * collected → collected, cancelled/expired → cancelled/expired) and the order's status (collected → completed,
 * cancelled/expired → cancelled). Lines rejected during picking stay on the order: what is refunded for them is the
 * returns issue's, from the frozen line amounts.
 */
import type { Queryable } from '../db/db';
import type { FulfilmentStatus, FulfilmentType, Order, OrderStatus } from '../../shared/orders/types';
import type { PickupDoc, PickupStatus } from '../../shared/pickup/types';
import { foldDoc } from '../../shared/pickup/lifecycle';

export async function insertOrder(tx: Queryable, order: Order, fulfilment: FulfilmentType): Promise<void> {
  await tx.query(
    `INSERT INTO orders (id, order_number, channel, store_id, fulfilment, customer_id, status, placed_at, fulfilled_at, delivered_at, currency, subtotal, discount, tax, total, data, updated_at)
     VALUES ($1, $2, $3, $4, $5, nullif($6, ''), $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
    [order.id, order.orderNumber, order.channel, order.storeId, fulfilment, order.customerId, order.status, order.placedAt, order.fulfilledAt, order.deliveredAt, order.currency,
      order.totals.subtotal.amount, order.totals.discount.amount, order.totals.tax.amount, order.totals.total.amount, JSON.stringify(order), order.updatedAt],
  );
  await tx.query(
    `INSERT INTO order_lines (order_id, line_id, variant_id, product_id, sku, quantity, unit_price, discount, net, tax)
     SELECT $1, x.id, x.variant_id, x.product_id, x.sku, x.quantity, x.unit_price, x.discount, x.net, x.tax
     FROM jsonb_to_recordset($2::jsonb) AS x(id text, variant_id text, product_id text, sku text, quantity integer, unit_price bigint, discount bigint, net bigint, tax bigint)`,
    [order.id, JSON.stringify(order.lines.map((l) => ({ id: l.id, variant_id: l.variantId, product_id: l.productId, sku: l.sku, quantity: l.quantity, unit_price: l.unitPrice.amount, discount: l.discount.amount, net: l.net.amount, tax: l.tax.amount })))],
  );
}

const FULFILMENT_BY_PICKUP: Record<PickupStatus, FulfilmentStatus> = { placed: 'pending', picking: 'in-progress', ready: 'ready', collected: 'collected', cancelled: 'cancelled', expired: 'expired' };
const ORDER_BY_PICKUP: Record<PickupStatus, OrderStatus> = { placed: 'open', picking: 'open', ready: 'open', collected: 'completed', cancelled: 'cancelled', expired: 'cancelled' };

/**
 * Brings the orders of changed pickups up to date; returns their customers (for the working-set refresh).
 * Row locks on orders: call before the transaction's first writeDocs.
 */
export async function syncPickupOrders(tx: Queryable, pickups: readonly PickupDoc[], nowIso: string): Promise<string[]> {
  if (pickups.length === 0) return [];
  const ids = [...new Set(pickups.map((p) => p.id))].sort();
  const res = await tx.query<{ id: string; data: Order; customer_id: string | null }>('SELECT id, data, customer_id FROM orders WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [ids]);
  const byId = new Map(res.rows.map((r) => [r.id, r]));
  const customers: string[] = [];
  for (const p of pickups) {
    const row = byId.get(p.id);
    if (!row) continue; // a pickup from before the orders model (or a test fixture): nothing to mirror
    const state = foldDoc(p);
    const fStatus = FULFILMENT_BY_PICKUP[p.status];
    const status = ORDER_BY_PICKUP[p.status];
    const fulfilledAt = state.readyAt ?? state.collectedAt;
    const deliveredAt = state.collectedAt;
    const order: Order = {
      ...row.data,
      status,
      fulfilledAt,
      deliveredAt,
      fulfilments: row.data.fulfilments.map((f) => (f.type === 'pickup' ? { ...f, status: fStatus, fulfilledAt, deliveredAt } : f)),
      updatedAt: nowIso,
    };
    if (order.status === row.data.status && order.fulfilments[0]?.status === row.data.fulfilments[0]?.status) continue;
    await tx.query('UPDATE orders SET status = $2, fulfilled_at = $3, delivered_at = $4, data = $5, updated_at = $6 WHERE id = $1', [p.id, status, fulfilledAt, deliveredAt, JSON.stringify(order), nowIso]);
    if (row.customer_id) customers.push(row.customer_id);
  }
  return [...new Set(customers)];
}
