/**
 * How the demo customer seed (demoCustomers.ts) writes its rows fast enough for 100,000 customers by default and
 * 1,000,000 from the flag, on PGlite as on PostgreSQL:
 *
 * - COPY (text format) straight into the tables, never one giant JSON parameter;
 * - "goes with" is counted while the baskets are generated (PairCounter) and written as rows, instead of one
 *   self-join over the whole order history that holds PGlite's single thread for as long as it runs.
 *
 * What must stay true: the rows are the generated ones (each Order as JSON.stringify writes it), and the pairs
 * are those computeGoesWith finds over the same orders; test/integration/demo-customers.test.ts compares both.
 */
import { copyField, type Transaction } from '../db/db';
import type { Order } from '../../shared/orders/types';
import { MIN_TOGETHER } from './goesWith';

type Field = string | number | boolean | null;

/**
 * `SET LOCAL session_replication_role = replica` (needs superuser) in a savepoint, so a refusal leaves the
 * transaction usable; false when refused (the caller stops asking). The seed's rows reference each other by
 * construction (customers before their orders, in one transaction), so the per-row foreign-key checks (a query
 * each) are skipped where the role may (PGlite, a local cluster); elsewhere they run as usual.
 */
export async function skipForeignKeyChecks(tx: Transaction): Promise<boolean> {
  await tx.query('SAVEPOINT seed_role');
  try {
    await tx.query('SET LOCAL session_replication_role = replica');
    await tx.query('RELEASE SAVEPOINT seed_role');
    return true;
  } catch {
    await tx.query('ROLLBACK TO SAVEPOINT seed_role');
    return false;
  }
}

/** Rows into a table by COPY (text format), one statement; nothing to do without rows. */
export async function copyRows(tx: Transaction, target: string, rows: readonly (readonly (Field | undefined)[])[]): Promise<void> {
  if (rows.length === 0) return;
  let text = '';
  for (const row of rows) text += `${row.map((f) => copyField(f ?? null)).join('\t')}\n`;
  await tx.copyIn(target, text);
}

/**
 * Orders and their lines by COPY, two statements per batch (the seed's fast path; live orders use insertOrder).
 * The order document goes as JSON text. Building it inside the database instead, from the scalar columns of a
 * staging table (jsonb_build_object / jsonb_agg), was measured and is dearer on PGlite: 4.5 s against 2.75 s of
 * database CPU for 10,706 orders (docs/customers.md, "Seeding speed").
 */
export async function insertSeedOrders(tx: Transaction, orders: readonly Order[]): Promise<void> {
  await copyRows(tx, 'orders (id, order_number, channel, store_id, fulfilment, customer_id, status, placed_at, fulfilled_at, delivered_at, currency, subtotal, discount, tax, total, data, updated_at)',
    orders.map((o) => [o.id, o.orderNumber, o.channel, o.storeId, o.fulfilments[0]?.type ?? 'ship', o.customerId, o.status, o.placedAt, o.fulfilledAt, o.deliveredAt, o.currency,
      o.totals.subtotal.amount, o.totals.discount.amount, o.totals.tax.amount, o.totals.total.amount, JSON.stringify(o), o.updatedAt]));
  await copyRows(tx, 'order_lines (order_id, line_id, variant_id, product_id, sku, quantity, unit_price, discount, net, tax)',
    orders.flatMap((o) => o.lines.map((l) => [o.id, l.id, l.variantId, l.productId, l.sku, l.quantity, l.unitPrice.amount, l.discount.amount, l.net.amount, l.tax.amount])));
}

/**
 * Co-occurrence counts of the seeded baskets, for "goes with" (server/customers/goesWith.ts defines the method):
 * N baskets, n(A) baskets holding product A, n(A,B) holding both. rows() gives product_pairs' rows exactly as
 * computeGoesWith's SQL would over the same (non-cancelled) orders: both directions, n(A,B) ≥ MIN_TOGETHER,
 * lift = n(A,B)·N / (n(A)·n(B)) in the same float arithmetic.
 */
export class PairCounter {
  private baskets = 0;
  private readonly single = new Map<string, number>();
  private readonly pairs = new Map<string, number>();

  add(productIds: readonly string[]): void {
    const products = [...new Set(productIds.filter((p) => p !== ''))].sort();
    if (products.length === 0) return;
    this.baskets++;
    for (const p of products) this.single.set(p, (this.single.get(p) ?? 0) + 1);
    for (let i = 0; i < products.length; i++) {
      for (let j = i + 1; j < products.length; j++) {
        const key = `${products[i]}\t${products[j]}`;
        this.pairs.set(key, (this.pairs.get(key) ?? 0) + 1);
      }
    }
  }

  rows(minTogether = MIN_TOGETHER): [string, string, number, number][] {
    const out: [string, string, number, number][] = [];
    const n = this.baskets;
    for (const [key, together] of this.pairs) {
      if (together < minTogether) continue;
      const [a = '', b = ''] = key.split('\t');
      const na = this.single.get(a) ?? 1;
      const nb = this.single.get(b) ?? 1;
      out.push([a, b, together, (together * n) / (na * nb)], [b, a, together, (together * n) / (nb * na)]);
    }
    return out;
  }
}

/** Replaces product_pairs with the counted pairs (the seed's stand-in for computeGoesWith); returns how many. */
export async function writePairs(tx: Transaction, counter: PairCounter): Promise<number> {
  const rows = counter.rows();
  await tx.query('DELETE FROM product_pairs');
  // COPY's text form of a float8 must round-trip exactly: String(x) is the shortest exact form.
  await copyRows(tx, 'product_pairs (product_a, product_b, together, lift)', rows);
  return rows.length;
}
