/**
 * What the server's policy check needs to know beyond the order: a customer's receiptless returns in the period,
 * the lowest recent price of a variant (receiptless store credit), and which product an exchange variant belongs to.
 */
import type { Queryable } from '../db/db';
import type { ReturnPolicy } from '../../shared/returns/types';
import { DAY_MS } from '../../shared/returns/policy';
import { lowestRecentPrice } from '../../shared/returns/refund';

export async function receiptlessHistory(q: Queryable, customerId: string, policy: ReturnPolicy, now: Date): Promise<{ count: number; amount: number }> {
  if (customerId === '') return { count: 0, amount: 0 };
  const since = new Date(now.getTime() - policy.receiptless.periodDays * DAY_MS).toISOString();
  const res = await q.query<{ n: number; amount: number | string | null }>(
    `SELECT count(*)::float8 AS n, sum(total) AS amount FROM returns WHERE customer_id = $1 AND receiptless AND outcome = 'refunded' AND settled_at >= $2`,
    [customerId, since],
  );
  return { count: Number(res.rows[0]?.n ?? 0), amount: Number(res.rows[0]?.amount ?? 0) };
}

/** Variant id → the lowest unit price it sold at in the lookback, or today's price if lower. */
export async function lowestPrices(q: Queryable, variantIds: readonly string[], policy: ReturnPolicy, now: Date): Promise<Record<string, number>> {
  if (variantIds.length === 0) return {};
  const since = new Date(now.getTime() - policy.receiptless.priceLookbackDays * DAY_MS).toISOString();
  const current = await q.query<{ id: string; price: number }>(`SELECT id, (data->'price'->>'amount')::float8 AS price FROM docs WHERE collection = 'variants' AND id = ANY($1::text[])`, [variantIds]);
  const sold = await q.query<{ variant_id: string; unit: number }>(
    `SELECT l.variant_id, min(floor(l.net::float8 / l.quantity))::float8 AS unit FROM order_lines l JOIN orders o ON o.id = l.order_id
     WHERE l.variant_id = ANY($1::text[]) AND o.placed_at >= $2 AND o.status <> 'cancelled' GROUP BY l.variant_id`,
    [variantIds, since],
  );
  const out: Record<string, number> = {};
  for (const r of current.rows) {
    const recent = sold.rows.filter((s) => s.variant_id === r.id).map((s) => Number(s.unit));
    out[r.id] = lowestRecentPrice(Number(r.price), recent);
  }
  return out;
}

export async function variantProducts(q: Queryable, variantIds: readonly string[]): Promise<Record<string, string>> {
  if (variantIds.length === 0) return {};
  const res = await q.query<{ id: string; product: string }>(`SELECT id, data->>'productId' AS product FROM docs WHERE collection = 'variants' AND id = ANY($1::text[])`, [variantIds]);
  return Object.fromEntries(res.rows.map((r) => [r.id, r.product]));
}
