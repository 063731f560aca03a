/**
 * Returns KPIs for the manager (GET /api/v1/returns/kpis), in SQL over the tables the server settles into
 * (migration 007). Rates are retailer-wide (a web order returned anywhere counts for the web channel); everything
 * else is the manager's store: the returns it took, their reasons, dispositions, refunds by tender, receiptless
 * returns and overrides by staff member.
 */
import type { Queryable } from '../db/db';

export interface ReturnsKpis {
  storeId: string;
  from: string;
  to: string;
  /** Units returned (anywhere) of orders placed in the range ÷ units sold in it, per channel of origin. */
  rateByChannel: { channel: string; sold: number; returned: number; rate: number }[];
  rateByCategory: { category: string; sold: number; returned: number; rate: number }[];
  byReason: { reason: string; units: number }[];
  dispositions: { disposition: string; units: number }[];
  refundsByTender: { tender: string; amount: number; refunds: number }[];
  receiptless: { returns: number; amount: number };
  overridesByStaff: { staffId: string; overrides: number }[];
  flagged: number;
  returns: number;
}

const rate = (returned: number, sold: number): number => (sold === 0 ? 0 : Math.round((returned / sold) * 10_000) / 10_000);

export async function returnsKpis(q: Queryable, storeId: string, from: string, to: string): Promise<ReturnsKpis> {
  const byChannel = await q.query<{ channel: string; sold: number; returned: number }>(
    `SELECT o.channel, sum(l.quantity)::float8 AS sold, coalesce(sum(r.returned), 0)::float8 AS returned
     FROM orders o JOIN order_lines l ON l.order_id = o.id
     LEFT JOIN return_ledger r ON r.order_id = l.order_id AND r.line_id = l.line_id
     WHERE o.placed_at >= $1 AND o.placed_at < $2 AND o.status <> 'cancelled' GROUP BY o.channel ORDER BY o.channel`,
    [from, to],
  );
  const byCategory = await q.query<{ category: string; sold: number; returned: number }>(
    `SELECT coalesce(p.data->>'category', '') AS category, sum(l.quantity)::float8 AS sold, coalesce(sum(r.returned), 0)::float8 AS returned
     FROM orders o JOIN order_lines l ON l.order_id = o.id
     LEFT JOIN docs p ON p.collection = 'products' AND p.id = l.product_id
     LEFT JOIN return_ledger r ON r.order_id = l.order_id AND r.line_id = l.line_id
     WHERE o.placed_at >= $1 AND o.placed_at < $2 AND o.status <> 'cancelled' GROUP BY 1 HAVING coalesce(sum(r.returned), 0) > 0 ORDER BY 3 DESC, 1 LIMIT 50`,
    [from, to],
  );
  const here = `FROM returns t WHERE t.store_id = $1 AND t.settled_at >= $2 AND t.settled_at < $3`;
  const args = [storeId, from, to];
  const byReason = await q.query<{ reason: string; units: number }>(`SELECT l.reason, sum(l.quantity)::float8 AS units FROM return_lines l JOIN returns t ON t.id = l.return_id WHERE t.store_id = $1 AND t.settled_at >= $2 AND t.settled_at < $3 AND l.quantity > 0 GROUP BY l.reason ORDER BY 2 DESC, 1`, args);
  const dispositions = await q.query<{ disposition: string; units: number }>(`SELECT l.disposition, sum(l.quantity)::float8 AS units FROM return_lines l JOIN returns t ON t.id = l.return_id WHERE t.store_id = $1 AND t.settled_at >= $2 AND t.settled_at < $3 AND l.quantity > 0 GROUP BY l.disposition ORDER BY 2 DESC, 1`, args);
  const tenders = await q.query<{ tender: string; amount: number; refunds: number }>(`SELECT f.tender, sum(f.amount)::float8 AS amount, count(DISTINCT f.return_id)::float8 AS refunds FROM return_refunds f JOIN returns t ON t.id = f.return_id WHERE t.store_id = $1 AND t.settled_at >= $2 AND t.settled_at < $3 GROUP BY f.tender ORDER BY 2 DESC`, args);
  const receiptless = await q.query<{ n: number; amount: number }>(`SELECT count(*)::float8 AS n, coalesce(sum(t.total), 0)::float8 AS amount ${here} AND t.receiptless AND t.outcome = 'refunded'`, args);
  const overrides = await q.query<{ staff: string; n: number }>(`SELECT t.overridden_by AS staff, count(*)::float8 AS n ${here} AND t.overridden_by <> '' GROUP BY 1 ORDER BY 2 DESC, 1`, args);
  const totals = await q.query<{ n: number; flagged: number }>(`SELECT count(*)::float8 AS n, count(*) FILTER (WHERE cardinality(t.flags) > 0)::float8 AS flagged ${here}`, args);
  return {
    storeId,
    from,
    to,
    rateByChannel: byChannel.rows.map((r) => ({ channel: r.channel, sold: r.sold, returned: r.returned, rate: rate(r.returned, r.sold) })),
    rateByCategory: byCategory.rows.map((r) => ({ category: r.category, sold: r.sold, returned: r.returned, rate: rate(r.returned, r.sold) })),
    byReason: byReason.rows,
    dispositions: dispositions.rows,
    refundsByTender: tenders.rows,
    receiptless: { returns: receiptless.rows[0]?.n ?? 0, amount: receiptless.rows[0]?.amount ?? 0 },
    overridesByStaff: overrides.rows.map((r) => ({ staffId: r.staff, overrides: r.n })),
    flagged: totals.rows[0]?.flagged ?? 0,
    returns: totals.rows[0]?.n ?? 0,
  };
}
