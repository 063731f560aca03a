/**
 * Demo sales to return (docs/returns.md, the README walk): deterministic, inserted once (ON CONFLICT DO NOTHING), on
 * the demo catalog's first variants, for Alex Morgan (cus_demo0000001) when the demo customers exist, else as guests:
 *
 * - W-RET-1001: a web order shipped home, delivered 3 days ago; 2 lines, an order-level discount prorated onto them,
 *   8 % tax, paid by Visa •••• 4242 — return it at any store: refund to the card, the item becomes that store's stock;
 * - S-RET-2001: a sale at store 1 two days ago, paid part by card (Mastercard •••• 5454), part cash;
 * - S-RET-2002: a sale at store 1 forty days ago: past the 30-day window, within the grace, so a manager must approve.
 */
import type { Queryable } from '../db/db';
import type { Order, OrderChannel, Tender } from '../../shared/orders/types';
import { priceOrder, type LineToPrice } from '../../shared/orders/pricing';
import { demoStoreId } from '../seed/stores';
import { insertOrder } from '../orders/orderStore';
import { refreshWorkingSet } from '../customers/workingSet';
import { goesWithFor } from '../customers/goesWith';

export const RETURN_DEMO_ORDERS = { web: 'ord_demo_return_web', store: 'ord_demo_return_store', old: 'ord_demo_return_old' } as const;
const DAY = 86_400_000;

interface Pick {
  id: string;
  productId: string;
  sku: string;
  title: string;
  amount: number;
  currency: string;
}

export async function seedReturnDemo(q: Queryable, now = new Date()): Promise<string[]> {
  const picks = (
    await q.query<Pick>(
      `SELECT v.id, v.data->>'productId' AS "productId", v.data->>'sku' AS sku, coalesce(p.data->>'title', v.data->>'title') AS title,
              (v.data->'price'->>'amount')::float8 AS amount, v.data->'price'->>'currency' AS currency
       FROM docs v LEFT JOIN docs p ON p.collection = 'products' AND p.id = v.data->>'productId'
       WHERE v.collection = 'variants' AND NOT v.deleted ORDER BY v.id LIMIT 4`,
    )
  ).rows;
  if (picks.length < 4) throw new Error('seed the demo catalog first');
  const alex = (await q.query<{ id: string }>(`SELECT id FROM customers WHERE id = 'cus_demo0000001'`)).rows[0]?.id ?? '';
  const store1 = demoStoreId(1);
  const made: string[] = [];
  const make = async (id: string, number: string, channel: OrderChannel, daysAgo: number, lines: [Pick, number][], discount: number, pay: (total: number) => Tender[]): Promise<void> => {
    const currency = lines[0]?.[0].currency ?? 'USD';
    const toPrice: LineToPrice[] = lines.map(([v, quantity], i) => ({ id: `l${i + 1}`, variantId: v.id, productId: v.productId, sku: v.sku, title: v.title, quantity, unitAmount: v.amount, discount: 0, tax: null }));
    const gross = toPrice.reduce((a, l) => a + l.quantity * l.unitAmount, 0);
    const priced = priceOrder(toPrice, discount, Math.round((gross - discount) * 0.08), currency);
    const placedAt = new Date(now.getTime() - daysAgo * DAY).toISOString();
    const ship = channel !== 'store';
    const deliveredAt = ship ? new Date(now.getTime() - 3 * DAY).toISOString() : placedAt;
    const order: Order = {
      id, orderNumber: number, channel, storeId: ship ? '' : store1, customerId: alex, status: 'completed', placedAt,
      fulfilledAt: ship ? new Date(Date.parse(placedAt) + DAY).toISOString() : placedAt, deliveredAt, currency,
      lines: priced.lines, totals: priced.totals, tenders: pay(priced.totals.total.amount),
      fulfilments: [{ id: 'f1', type: ship ? 'ship' : 'in-store', storeId: ship ? '' : store1, status: ship ? 'delivered' : 'collected', lineIds: priced.lines.map((l) => l.id), pickupId: '', fulfilledAt: ship ? new Date(Date.parse(placedAt) + DAY).toISOString() : placedAt, deliveredAt }],
      updatedAt: deliveredAt,
    };
    if ((await q.query('SELECT 1 FROM orders WHERE id = $1', [id])).rows.length > 0) return;
    await insertOrder(q, order, order.fulfilments[0]?.type ?? 'ship');
    made.push(id);
  };
  const [a, b, c, d] = picks as [Pick, Pick, Pick, Pick];
  const money = (amount: number): { amount: number; currency: string } => ({ amount, currency: a.currency });
  await make(RETURN_DEMO_ORDERS.web, 'W-RET-1001', 'web', 6, [[a, 1], [b, 2]], 1000, (t) => [{ type: 'card', amount: money(t), brand: 'visa', last4: '4242' }]);
  await make(RETURN_DEMO_ORDERS.store, 'S-RET-2001', 'store', 2, [[c, 1], [d, 1]], 0, (t) => [
    { type: 'card', amount: money(t - 2000), brand: 'mastercard', last4: '5454' },
    { type: 'cash', amount: money(2000), brand: '', last4: '' },
  ]);
  await make(RETURN_DEMO_ORDERS.old, 'S-RET-2002', 'store', 40, [[a, 1]], 0, (t) => [{ type: 'card', amount: money(t), brand: 'visa', last4: '4242' }]);
  // Alex's counters hold their orders as working-set copies: without this the three sales exist centrally but not
  // in the profile a counter opens (the README's "open Alex's profile, open the order, Return items").
  if (alex !== '' && made.length > 0) await refreshWorkingSet(q, [alex], now, { onlyOrders: made, goesWith: goesWithFor, by: 'seed' });
  return made;
}
