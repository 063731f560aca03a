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

/** The best complements of these products (at most `limit`, one entry per suggested product). */
export async function goesWithFor(q: Queryable, productIds: string[], limit = 10): Promise<GoesWithItem[]> {
  if (productIds.length === 0) return [];
  const res = await q.query<{ product_b: string; lift: number; together: number; product_a: string }>(
    `SELECT DISTINCT ON (product_b) product_b, lift, together, product_a FROM product_pairs
     WHERE product_a = ANY($1::text[]) AND NOT (product_b = ANY($1::text[]))
     ORDER BY product_b, lift DESC, together DESC`,
    [productIds],
  );
  return res.rows
    .sort((a, b) => b.lift - a.lift || b.together - a.together || a.product_b.localeCompare(b.product_b))
    .slice(0, limit)
    .map((r) => ({ productId: r.product_b, lift: Math.round(r.lift * 100) / 100, together: r.together, becauseOf: r.product_a }));
}
