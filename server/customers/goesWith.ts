/**
 * "Goes with": complementary products from co-purchases, by item-to-item co-occurrence with lift.
 *
 * Over the non-cancelled orders of the history (N orders): n(A) = orders containing product A, n(A,B) = orders
 * containing both. lift(A→B) = n(A,B) · N / (n(A) · n(B)): how much more often B is in A's baskets than in baskets
 * at large (1 = chance). Pairs seen together in fewer than MIN_TOGETHER orders are dropped (a lift from two baskets
 * is noise). Symmetric, computed for both orders of a pair, so the lookup is one index range per product.
 * A customer's suggestions: the pairs of the products they bought or wish for, best lift first, never a product
 * they already have in those.
 */
import type { Queryable } from '../db/db';
import type { GoesWithItem } from '../../shared/customers/types';

export const MIN_TOGETHER = 3;

/** Recomputes product_pairs from the order history in one statement; returns the number of pairs kept. */
export async function computeGoesWith(tx: Queryable, minTogether = MIN_TOGETHER): Promise<number> {
  await tx.query('DELETE FROM product_pairs');
  const res = await tx.query<{ n: number }>(
    `WITH baskets AS (
       SELECT DISTINCT l.order_id, l.product_id FROM order_lines l JOIN orders o ON o.id = l.order_id
       WHERE o.status <> 'cancelled' AND l.product_id <> ''
     ),
     total AS (SELECT count(DISTINCT order_id)::float8 AS n FROM baskets),
     single AS (SELECT product_id, count(*)::float8 AS n FROM baskets GROUP BY product_id),
     pairs AS (
       SELECT a.product_id AS pa, b.product_id AS pb, count(*) AS together
       FROM baskets a JOIN baskets b ON a.order_id = b.order_id AND a.product_id <> b.product_id
       GROUP BY a.product_id, b.product_id HAVING count(*) >= $1
     ),
     ins AS (
       INSERT INTO product_pairs (product_a, product_b, together, lift)
       SELECT p.pa, p.pb, p.together, p.together * t.n / (sa.n * sb.n)
       FROM pairs p CROSS JOIN total t JOIN single sa ON sa.product_id = p.pa JOIN single sb ON sb.product_id = p.pb
       RETURNING 1
     )
     SELECT count(*)::float8 AS n FROM ins`,
    [minTogether],
  );
  return res.rows[0]?.n ?? 0;
}

/** Seed products per customer (what they bought or wish for) → their best complements, in one query for all. */
export async function goesWithFor(q: Queryable, seeds: ReadonlyMap<string, readonly string[]>, limit = 10): Promise<Map<string, GoesWithItem[]>> {
  const out = new Map<string, GoesWithItem[]>();
  const all = [...new Set([...seeds.values()].flat())];
  if (all.length === 0) return out;
  const res = await q.query<{ product_a: string; product_b: string; lift: number; together: number }>(
    `SELECT product_a, product_b, lift, together FROM (
       SELECT product_a, product_b, lift, together, row_number() OVER (PARTITION BY product_a ORDER BY lift DESC, together DESC, product_b) AS n
       FROM product_pairs WHERE product_a = ANY($1::text[])) p WHERE n <= $2`,
    [all, limit * 2],
  );
  const byA = new Map<string, typeof res.rows>();
  for (const r of res.rows) byA.set(r.product_a, [...(byA.get(r.product_a) ?? []), r]);
  for (const [customer, products] of seeds) {
    const own = new Set(products);
    const best = new Map<string, GoesWithItem>();
    for (const a of products) {
      for (const r of byA.get(a) ?? []) {
        if (own.has(r.product_b)) continue;
        const cur = best.get(r.product_b);
        if (!cur || r.lift > cur.lift) best.set(r.product_b, { productId: r.product_b, lift: Math.round(r.lift * 100) / 100, together: r.together, becauseOf: a });
      }
    }
    out.set(customer, [...best.values()].sort((x, y) => y.lift - x.lift || y.together - x.together || x.productId.localeCompare(y.productId)).slice(0, limit));
  }
  return out;
}

/**
 * What each customer's suggestions start from: the products on their wishlist (newest first), then those they
 * bought (non-cancelled orders), at most 40. One definition for the profile build and the periodic recompute.
 */
export async function goesWithSeeds(q: Queryable, customerIds: readonly string[]): Promise<Map<string, string[]>> {
  const ids = [...new Set(customerIds)];
  const res = await q.query<{ customer_id: string; product_id: string }>(
    `SELECT customer_id, product_id FROM (
       SELECT customer_id, product_id, 0 AS k, max(added_at) AS at FROM wishlist_items WHERE customer_id = ANY($1::text[]) AND product_id <> '' GROUP BY customer_id, product_id
       UNION ALL
       SELECT o.customer_id, l.product_id, 1 AS k, NULL AS at FROM order_lines l JOIN orders o ON o.id = l.order_id
       WHERE o.customer_id = ANY($1::text[]) AND o.status <> 'cancelled' AND l.product_id <> '' GROUP BY o.customer_id, l.product_id
     ) s ORDER BY customer_id, k, at DESC, product_id`,
    [ids],
  );
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const r of res.rows) {
    const list = out.get(r.customer_id);
    if (list && list.length < 40 && !list.includes(r.product_id)) list.push(r.product_id);
  }
  return out;
}
