/**
 * The channel KPIs, in SQL on PostgreSQL/PGlite, as monthly series (definitions in docs/customers.md, "KPIs").
 * Money is the net of an order: subtotal − discount − refunded (tax excluded), in minor units; orders that were
 * cancelled never count. A store's figures are those of its customers (home store); the network's of everyone.
 * Months are calendar months in UTC.
 */
import type { Queryable } from '../db/db';
import type { KpiMonth, KpiResponse } from '../../shared/customers/api';

export const CONVERSION_WINDOW_DAYS = 7;
export const ADD_ON_WINDOW_HOURS = 24;

function monthStart(ym: string): string {
  return `${ym}-01T00:00:00.000Z`;
}

function ymOf(d: Date): string {
  return d.toISOString().slice(0, 7);
}

export async function channelKpis(q: Queryable, options: { storeId: string | null; from: string; to: string }): Promise<KpiResponse> {
  const { storeId, from, to } = options;
  // $1 first month start, $2 last month start, $3 store ('' = network)
  const params = [monthStart(from), monthStart(to), storeId ?? ''];
  const months = `SELECT m::timestamptz AS m, (m + interval '1 month')::timestamptz AS e FROM generate_series($1::timestamptz, $2::timestamptz, interval '1 month') AS m`;
  const people = `SELECT id FROM customers WHERE ($3 = '' OR home_store_id = $3)`;
  const live = `SELECT o.*, (o.subtotal - o.discount - o.refunded) AS net FROM orders o WHERE o.status <> 'cancelled' AND o.customer_id IN (${people})`;
  const res = await q.query<Record<string, unknown>>(
    `WITH months AS (${months}), o AS (${live}),
     clv AS (
       SELECT months.m, count(DISTINCT o.customer_id)::float8 AS buyers, coalesce(sum(o.net), 0)::float8 AS net
       FROM months LEFT JOIN o ON o.placed_at < months.e GROUP BY months.m),
     activity AS (
       SELECT months.m, count(DISTINCT o.customer_id)::float8 AS customers, count(o.id)::float8 AS orders
       FROM months LEFT JOIN o ON o.placed_at >= months.m AND o.placed_at < months.e GROUP BY months.m),
     retention AS (
       SELECT months.m,
         (SELECT count(*)::float8 FROM (SELECT DISTINCT customer_id FROM o WHERE placed_at >= months.m - interval '11 months' AND placed_at < months.m - interval '5 months') b) AS base,
         (SELECT count(*)::float8 FROM (SELECT DISTINCT customer_id FROM o WHERE placed_at >= months.m - interval '11 months' AND placed_at < months.m - interval '5 months') b
            WHERE EXISTS (SELECT 1 FROM o o2 WHERE o2.customer_id = b.customer_id AND o2.placed_at >= months.m - interval '5 months' AND o2.placed_at < months.e)) AS kept
       FROM months),
     paths AS (
       SELECT months.m, o.id, o.net, (
         SELECT CASE
           WHEN bool_or(h.fulfilment = 'pickup') THEN 'bopis'
           WHEN bool_or(h.channel = 'store') AND bool_or(h.channel IN ('web', 'app')) THEN 'webAndStore'
           WHEN count(DISTINCT h.channel) = 1 THEN 'single'
           ELSE 'other' END
         FROM o h WHERE h.customer_id = o.customer_id AND h.placed_at < months.e) AS path
       FROM months JOIN o ON o.placed_at >= months.m AND o.placed_at < months.e),
     aov AS (
       SELECT m, avg(net) FILTER (WHERE path = 'single')::float8 AS single, avg(net) FILTER (WHERE path = 'webAndStore')::float8 AS web_store, avg(net) FILTER (WHERE path = 'bopis')::float8 AS bopis
       FROM paths GROUP BY m),
     addon AS (
       SELECT months.m, count(p.id)::float8 AS pickups,
         count(p.id) FILTER (WHERE EXISTS (
           SELECT 1 FROM o s WHERE s.customer_id = p.customer_id AND s.channel = 'store' AND s.store_id = p.store_id
             AND s.placed_at >= p.delivered_at - interval '${ADD_ON_WINDOW_HOURS} hours' AND s.placed_at <= p.delivered_at + interval '${ADD_ON_WINDOW_HOURS} hours'))::float8 AS with_add_on
       FROM months LEFT JOIN o p ON p.fulfilment = 'pickup' AND p.delivered_at >= months.m AND p.delivered_at < months.e GROUP BY months.m),
     conversion AS (
       SELECT months.m, count(a.id)::float8 AS journeys,
         count(a.id) FILTER (WHERE EXISTS (
           SELECT 1 FROM o s JOIN order_lines l ON l.order_id = s.id
           WHERE s.customer_id = a.customer_id AND s.channel <> a.channel AND l.product_id = a.product_id
             AND s.placed_at >= a.at AND s.placed_at < a.at + interval '${CONVERSION_WINDOW_DAYS} days'))::float8 AS converted
       FROM months LEFT JOIN customer_activity a ON a.type IN ('view', 'cart-add') AND a.at >= months.m AND a.at < months.e AND a.customer_id IN (${people})
       GROUP BY months.m)
     SELECT to_char(months.m AT TIME ZONE 'UTC', 'YYYY-MM') AS month, clv.buyers, clv.net, activity.customers, activity.orders, retention.base, retention.kept,
            aov.single, aov.web_store, aov.bopis, addon.pickups, addon.with_add_on, conversion.journeys, conversion.converted
     FROM months JOIN clv ON clv.m = months.m JOIN activity ON activity.m = months.m JOIN retention ON retention.m = months.m
       LEFT JOIN aov ON aov.m = months.m JOIN addon ON addon.m = months.m JOIN conversion ON conversion.m = months.m
     ORDER BY months.m`,
    params,
  );
  const n = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));
  const ratio = (a: unknown, b: unknown): number | null => (n(b) === 0 ? null : Math.round((n(a) / n(b)) * 10_000) / 10_000);
  const money = (v: unknown): number | null => (v === null || v === undefined ? null : Math.round(n(v)));
  const cur = await q.query<{ currency: string }>('SELECT currency FROM orders LIMIT 1');
  return {
    storeId,
    currency: cur.rows[0]?.currency ?? 'USD',
    months: res.rows.map(
      (r): KpiMonth => ({
        month: String(r['month']),
        customers: n(r['customers']),
        orders: n(r['orders']),
        clv: n(r['buyers']) === 0 ? 0 : Math.round(n(r['net']) / n(r['buyers'])),
        retentionRate: ratio(r['kept'], r['base']),
        crossChannelConversion: ratio(r['converted'], r['journeys']),
        aov: { single: money(r['single']), webAndStore: money(r['web_store']), bopis: money(r['bopis']) },
        bopisAddOnRate: ratio(r['with_add_on'], r['pickups']),
      }),
    ),
  };
}

/** The default range: the 24 months up to `now`'s month. */
export function defaultRange(now: Date): { from: string; to: string } {
  const to = ymOf(now);
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 23, 1));
  return { from: ymOf(start), to };
}
