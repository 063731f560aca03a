/**
 * How the demo customer seed (demoCustomers.ts) writes its rows fast enough for 100,000 customers by default and
 * 1,000,000 from the flag, on PGlite as on PostgreSQL:
 *
 * - COPY (text format) straight into the tables, never one giant JSON parameter;
 * - an order's document (`orders.data`, the whole Order as jsonb) is built inside the database from the scalar
 *   columns of a staging table (jsonb_build_object / jsonb_agg), instead of COPYing each order as JSON text for
 *   the database to parse: parsing that text was most of PGlite's time (docs/customers.md, "Seeding speed");
 * - "goes with" is counted while the baskets are generated (PairCounter) and written as rows, instead of one
 *   self-join over the whole order history that holds PGlite's single thread for as long as it runs.
 *
 * What must stay true: the rows equal those of the plain route (the Order as JSON.stringify would write it, the
 * pairs as computeGoesWith finds them); test/integration/demo-customers.test.ts compares both.
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
 * The seed's orders, lines and order documents. Only the shape the seed makes is supported: one tender, one
 * fulfilment covering every line, amounts in the order's currency (what demoCustomers.ts generates).
 */
export async function insertSeedOrders(tx: Transaction, orders: readonly Order[]): Promise<void> {
  if (orders.length === 0) return;
  // Temporary, per connection, emptied at each commit (several chunks may run on one connection).
  await tx.query(`CREATE TEMP TABLE IF NOT EXISTS seed_orders (id text, order_number text, channel text, store_id text, fulfilment text, customer_id text, status text,
    placed_at text, fulfilled_at text, delivered_at text, currency text, subtotal bigint, discount bigint, tax bigint, total bigint,
    tender_type text, tender_amount bigint, brand text, last4 text, f_status text, pickup_id text, f_fulfilled_at text, f_delivered_at text, updated_at text) ON COMMIT DELETE ROWS`);
  await tx.query(`CREATE TEMP TABLE IF NOT EXISTS seed_lines (order_id text, line_id text, variant_id text, product_id text, sku text, title text,
    quantity integer, unit_price bigint, discount bigint, net bigint, tax bigint, total bigint) ON COMMIT DELETE ROWS`);
  await copyRows(tx, 'seed_orders', orders.map((o) => {
    const t = o.tenders[0];
    const f = o.fulfilments[0];
    if (!t || !f || o.tenders.length !== 1 || o.fulfilments.length !== 1) throw new Error(`seed order ${o.id}: one tender and one fulfilment expected`);
    return [o.id, o.orderNumber, o.channel, o.storeId, f.type, o.customerId, o.status, o.placedAt, o.fulfilledAt, o.deliveredAt, o.currency,
      o.totals.subtotal.amount, o.totals.discount.amount, o.totals.tax.amount, o.totals.total.amount,
      t.type, t.amount.amount, t.brand, t.last4, f.status, f.pickupId, f.fulfilledAt, f.deliveredAt, o.updatedAt];
  }));
  await copyRows(tx, 'seed_lines', orders.flatMap((o) => o.lines.map((l) => [o.id, l.id, l.variantId, l.productId, l.sku, l.title, l.quantity, l.unitPrice.amount, l.discount.amount, l.net.amount, l.tax.amount, l.total.amount])));
  // jsonb_build_object gives the same document as JSON.stringify(order) parsed (jsonb keeps no key order); money
  // is { amount, currency } of the order's currency, lines and their ids in line order (l1, l2, l3).
  await tx.query(
    `WITH l AS (
       SELECT order_id,
              jsonb_agg(jsonb_build_object('id', line_id, 'variantId', variant_id, 'productId', product_id, 'sku', sku, 'title', title, 'quantity', quantity,
                'unitPrice', jsonb_build_object('amount', unit_price, 'currency', o.currency), 'discount', jsonb_build_object('amount', l.discount, 'currency', o.currency),
                'net', jsonb_build_object('amount', net, 'currency', o.currency), 'tax', jsonb_build_object('amount', l.tax, 'currency', o.currency),
                'total', jsonb_build_object('amount', l.total, 'currency', o.currency)) ORDER BY line_id) AS lines,
              jsonb_agg(line_id ORDER BY line_id) AS line_ids
       FROM seed_lines l JOIN seed_orders o ON o.id = l.order_id GROUP BY order_id
     )
     INSERT INTO orders (id, order_number, channel, store_id, fulfilment, customer_id, status, placed_at, fulfilled_at, delivered_at, currency, subtotal, discount, tax, total, data, updated_at)
     SELECT o.id, o.order_number, o.channel, o.store_id, o.fulfilment, o.customer_id, o.status, o.placed_at::timestamptz, o.fulfilled_at::timestamptz, o.delivered_at::timestamptz,
            o.currency, o.subtotal, o.discount, o.tax, o.total,
            jsonb_build_object('id', o.id, 'orderNumber', o.order_number, 'channel', o.channel, 'storeId', o.store_id, 'customerId', o.customer_id, 'status', o.status,
              'placedAt', o.placed_at, 'fulfilledAt', o.fulfilled_at, 'deliveredAt', o.delivered_at, 'currency', o.currency, 'lines', l.lines,
              'totals', jsonb_build_object('subtotal', jsonb_build_object('amount', o.subtotal, 'currency', o.currency), 'discount', jsonb_build_object('amount', o.discount, 'currency', o.currency),
                'tax', jsonb_build_object('amount', o.tax, 'currency', o.currency), 'total', jsonb_build_object('amount', o.total, 'currency', o.currency)),
              'tenders', jsonb_build_array(jsonb_build_object('type', o.tender_type, 'amount', jsonb_build_object('amount', o.tender_amount, 'currency', o.currency), 'brand', o.brand, 'last4', o.last4)),
              'fulfilments', jsonb_build_array(jsonb_build_object('id', 'f1', 'type', o.fulfilment, 'storeId', o.store_id, 'status', o.f_status, 'lineIds', l.line_ids,
                'pickupId', o.pickup_id, 'fulfilledAt', o.f_fulfilled_at, 'deliveredAt', o.f_delivered_at)),
              'updatedAt', o.updated_at),
            o.updated_at::timestamptz
     FROM seed_orders o JOIN l ON l.order_id = o.id`,
  );
  await tx.query(
    `INSERT INTO order_lines (order_id, line_id, variant_id, product_id, sku, quantity, unit_price, discount, net, tax)
     SELECT order_id, line_id, variant_id, product_id, sku, quantity, unit_price, discount, net, tax FROM seed_lines`,
  );
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
