/**
 * Applying the channel ingest batches (web shop, app, POS) in one transaction each: customers (identity upsert),
 * wishlist changes, online activity. A reference to an unknown customer or SKU refuses the whole batch (400 naming
 * each), so a batch is stored entirely or not at all. Each batch refreshes the working-set copies of the customers
 * it touched, in the same transaction.
 */
import type { Db, Queryable } from '../db/db';
import { AisleError, type FieldIssue } from '../../shared/errors';
import type { OrderChannel } from '../../shared/orders/types';
import { MAX_REPORTED_ISSUES, type BatchApplied, type CustomerBatchResult } from '../../shared/customers/api';
import { survivor, upsertCustomer } from './identity';
import { refreshWorkingSet } from './workingSet';
import { goesWithFor } from './goesWith';
import { ACTIVITY_WINDOW_DAYS, type ParsedActivity, type ParsedCustomer, type ParsedRef, type ParsedWishlistChange } from './parseIngest';

export async function ingestCustomers(db: Db, channel: OrderChannel, customers: readonly ParsedCustomer[], now: Date): Promise<CustomerBatchResult> {
  return db.transaction(async (tx) => {
    const results: CustomerBatchResult['results'] = [];
    for (const c of customers) {
      const r = await upsertCustomer(tx, channel, c, now);
      if (r) results.push({ id: c.channelCustomerId, customerId: r.customerId, created: r.created });
    }
    await refreshWorkingSet(tx, results.map((r) => r.customerId), now, { onlyOrders: [], goesWith: goesWithFor, by: `channel:${channel}` });
    return { results };
  });
}

async function resolveRefs(tx: Queryable, channel: OrderChannel, items: readonly ParsedRef[], key: string): Promise<string[]> {
  const out: string[] = [];
  const issues: FieldIssue[] = [];
  for (const [i, r] of items.entries()) {
    let id: string | null = null;
    if (r.customerId) id = await survivor(tx, r.customerId);
    if (!id && r.channelCustomerId) {
      const res = await tx.query<{ customer_id: string }>('SELECT customer_id FROM customer_identities WHERE channel = $1 AND channel_customer_id = $2', [channel, r.channelCustomerId]);
      if (res.rows[0]) id = await survivor(tx, res.rows[0].customer_id);
    }
    if (!id) issues.push({ path: `/${key}/${i}/${r.customerId ? 'customerId' : 'channelCustomerId'}`, message: `no ${channel} customer ${r.channelCustomerId ?? r.customerId ?? ''}: send it in a customer batch first` });
    out.push(id ?? '');
  }
  if (issues.length > 0) throw new AisleError('VALIDATION_FAILED', `${issues.length} unknown customer(s); nothing was stored`, issues.slice(0, MAX_REPORTED_ISSUES));
  return out;
}

interface VariantRow {
  id: string;
  sku: string;
  product_id: string;
  title: string;
  amount: number;
  currency: string;
}

async function resolveSkus(tx: Queryable, skus: readonly string[], key: string, field = 'sku'): Promise<Map<string, VariantRow>> {
  const wanted = [...new Set(skus.filter((s) => s !== ''))];
  const res = await tx.query<VariantRow>(
    `SELECT v.id, v.data->>'sku' AS sku, v.data->>'productId' AS product_id,
            trim(both ' —' FROM coalesce(p.data->>'title', '') || CASE WHEN v.data->>'title' IN ('', 'Default Title') THEN '' ELSE ' — ' || (v.data->>'title') END) AS title,
            (v.data->'price'->>'amount')::float8 AS amount, v.data->'price'->>'currency' AS currency
     FROM docs v LEFT JOIN docs p ON p.collection = 'products' AND p.id = v.data->>'productId'
     WHERE v.collection = 'variants' AND NOT v.deleted AND (v.data->>'sku' = ANY($1::text[]) OR v.id = ANY($1::text[]))`,
    [wanted],
  );
  const out = new Map<string, VariantRow>();
  for (const r of res.rows) {
    out.set(r.sku, r);
    out.set(r.id, r);
  }
  const issues: FieldIssue[] = [];
  skus.forEach((s, i) => {
    if (s !== '' && !out.has(s)) issues.push({ path: `/${key}/${i}/${field}`, message: `unknown SKU or variant ${s}` });
  });
  if (issues.length > 0) throw new AisleError('VALIDATION_FAILED', `${issues.length} unknown SKU(s); nothing was stored`, issues.slice(0, MAX_REPORTED_ISSUES));
  return out;
}

/** Adds or removes wishlist items; `storeId` when a store adds it (a counter's customerEvents). */
export async function applyWishlistTx(tx: Queryable, changes: readonly (ParsedWishlistChange & { customer: string; storeId: string; channel: OrderChannel })[]): Promise<void> {
  const variants = await resolveSkus(tx, changes.map((c) => c.sku), 'changes');
  for (const c of changes) {
    const v = variants.get(c.sku);
    if (!v) continue;
    if (c.op === 'remove') {
      await tx.query('DELETE FROM wishlist_items WHERE customer_id = $1 AND variant_id = $2', [c.customer, v.id]);
      continue;
    }
    const price = c.price ?? { amount: v.amount, currency: v.currency };
    // Added again: the first addition (its date, place and price) stands.
    await tx.query(
      `INSERT INTO wishlist_items (customer_id, variant_id, product_id, sku, title, added_at, channel, store_id, price_when_added, currency)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (customer_id, variant_id) DO NOTHING`,
      [c.customer, v.id, v.product_id, v.sku, v.title.slice(0, 255), c.at, c.channel, c.storeId, price.amount, price.currency],
    );
  }
}

export async function ingestWishlist(db: Db, channel: OrderChannel, changes: readonly ParsedWishlistChange[], now: Date): Promise<BatchApplied> {
  return db.transaction(async (tx) => {
    const customers = await resolveRefs(tx, channel, changes, 'changes');
    await applyWishlistTx(tx, changes.map((c, i) => ({ ...c, customer: customers[i] ?? '', storeId: '', channel })));
    await refreshWorkingSet(tx, customers, now, { onlyOrders: [], goesWith: goesWithFor, by: `channel:${channel}` });
    return { applied: changes.length };
  });
}

export async function ingestActivity(db: Db, channel: OrderChannel, events: readonly ParsedActivity[], now: Date): Promise<BatchApplied> {
  if (channel === 'store') throw new AisleError('FORBIDDEN', 'online activity comes from the web shop or the app');
  return db.transaction(async (tx) => {
    const customers = await resolveRefs(tx, channel, events, 'events');
    const skus = events.map((e) => e.sku);
    const variants = await resolveSkus(tx, skus, 'events');
    const cartSkus = events.flatMap((e) => e.lines.map((l) => l.sku));
    const cartVariants = await resolveSkus(tx, cartSkus, 'events', 'lines');
    for (const [i, e] of events.entries()) {
      const customer = customers[i] ?? '';
      if (e.type === 'cart') {
        const lines = e.lines.map((l) => ({ variantId: cartVariants.get(l.sku)?.id ?? '', sku: cartVariants.get(l.sku)?.sku ?? l.sku, quantity: l.quantity, unitPrice: l.unitPrice }));
        await tx.query(
          `INSERT INTO customer_carts (customer_id, channel, updated_at, lines) VALUES ($1, $2, $3, $4)
           ON CONFLICT (customer_id) DO UPDATE SET channel = EXCLUDED.channel, updated_at = EXCLUDED.updated_at, lines = EXCLUDED.lines WHERE customer_carts.updated_at <= EXCLUDED.updated_at`,
          [customer, channel, e.at, JSON.stringify(lines)],
        );
        continue;
      }
      const v = variants.get(e.sku);
      await tx.query('INSERT INTO customer_activity (customer_id, type, variant_id, product_id, channel, at) VALUES ($1, $2, $3, $4, $5, $6)', [customer, e.type, v?.id ?? '', v?.product_id ?? '', channel, e.at]);
    }
    await pruneActivity(tx, now, [...new Set(customers)]);
    await refreshWorkingSet(tx, customers, now, { onlyOrders: [], goesWith: goesWithFor, by: `channel:${channel}` });
    return { applied: events.length };
  });
}

/** The activity window: rows older than 90 days go (for these customers, or all when none are given). */
export async function pruneActivity(q: Queryable, now: Date, customers?: readonly string[]): Promise<void> {
  const oldest = new Date(now.getTime() - ACTIVITY_WINDOW_DAYS * 86_400_000).toISOString();
  if (customers) await q.query('DELETE FROM customer_activity WHERE customer_id = ANY($1::text[]) AND at < $2', [customers, oldest]);
  else await q.query('DELETE FROM customer_activity WHERE at < $1', [oldest]);
}
