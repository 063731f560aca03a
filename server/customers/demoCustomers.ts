/**
 * Demo customers (deterministic for a seed and a seeding day, like the catalog): by default 100,000 customers with
 * two years of orders across web, app and store in a believable mix — most buy in one channel, a third in two or
 * more; store sales dominate, a share of online orders are picked up in store (BOPIS) and some of those get an
 * in-store add-on the same day; baskets favour products that "go with" each other (neighbouring products of the
 * catalog), so the co-occurrence lift has something to find — plus loyalty cards (60%), consents, sizes, wishlists
 * with the price when added, and online activity in the last 90 days.
 *
 * Written straight into the tables in batches (COPY, one transaction per chunk of 1,000 customers, the event loop
 * free between chunks; server/customers/demoSeedWrite.ts says how) with progress, then "goes with" is written
 * from the pair counts gathered while generating, and each store's working set (customers served there in the last 30 days) is
 * materialised as replicated copies. Customer #1 is Alex Morgan, loyalty card 2999000000012 (EAN-13; Code 128
 * "LOY2999000000012"): orders in all three channels, served at store 1 recently, a wishlist with a price drop.
 */
import type { Db, Queryable } from '../db/db';
import { createRng, mixSeed, type Rng } from '../seed/prng';
import { FIRST_NAMES, LAST_NAMES } from '../seed/catalogContent';
import { demoStoreId } from '../seed/stores';
import { loyaltyNumberFor, nameKeys } from '../../shared/customers/identity';
import { priceOrder } from '../../shared/orders/pricing';
import type { Order, OrderChannel } from '../../shared/orders/types';
import { computeGoesWith } from './goesWith';
import { copyRows, insertSeedOrders, PairCounter, skipForeignKeyChecks, writePairs } from './demoSeedWrite';
import { addToWorkingSet, refreshWorkingSet } from './workingSet';
import { goesWithFor } from './goesWith';
import { markGoesWithComputed } from './goesWithJob';

export interface DemoCustomerOptions {
  seed?: number;
  customers?: number;
  stores?: number;
  /** The end of the two-year history (default: the start of today, UTC). */
  now?: Date;
  /** Customers per transaction (default 1000): small enough that a request waits at most one chunk. */
  chunk?: number;
  /** Sees each chunk's orders as generated (tests compare them with what the database built). */
  onOrders?: (orders: readonly Order[]) => void;
  onProgress?: (p: { customers: number; total: number; orders: number }) => void;
}

interface VariantPick {
  id: string;
  productId: string;
  sku: string;
  title: string;
  amount: number;
  currency: string;
}

const DAY = 86_400_000;
const META_KEY = 'demo-customers';

export async function demoCustomersSeeded(q: Queryable): Promise<boolean> {
  return (await q.query('SELECT 1 FROM meta WHERE key = $1', [META_KEY])).rows.length > 0;
}

async function catalog(q: Queryable): Promise<VariantPick[]> {
  const res = await q.query<VariantPick>(
    `SELECT v.id, v.data->>'productId' AS "productId", v.data->>'sku' AS sku, coalesce(p.data->>'title', '') AS title,
            (v.data->'price'->>'amount')::float8 AS amount, v.data->'price'->>'currency' AS currency
     FROM docs v LEFT JOIN docs p ON p.collection = 'products' AND p.id = v.data->>'productId'
     WHERE v.collection = 'variants' AND NOT v.deleted ORDER BY v.data->>'productId', v.id LIMIT 20000`,
  );
  return res.rows;
}

function channelMix(rng: Rng): OrderChannel[] {
  const r = rng.next();
  // 45% store only, 15% web only, 7% app only, the rest in two or three channels.
  if (r < 0.45) return ['store'];
  if (r < 0.6) return ['web'];
  if (r < 0.67) return ['app'];
  if (r < 0.85) return ['web', 'store'];
  if (r < 0.93) return ['app', 'store'];
  return ['web', 'app', 'store'];
}

export async function seedDemoCustomers(db: Db, options: DemoCustomerOptions = {}): Promise<{ customers: number; orders: number; workingSet: number; pairs: number; ms: number; phases?: { insertMs: number; pairsMs: number; workingSetMs: number }; skipped: boolean }> {
  const started = performance.now();
  if (await demoCustomersSeeded(db)) return { customers: 0, orders: 0, workingSet: 0, pairs: 0, ms: 0, skipped: true };
  const seed = options.seed ?? 42;
  const total = options.customers ?? 100_000;
  const storeCount = options.stores ?? (await db.query<{ n: number }>("SELECT count(*)::float8 AS n FROM docs WHERE collection = 'stores' AND NOT deleted")).rows[0]?.n ?? 1;
  const now = options.now ?? new Date(Math.floor(Date.now() / DAY) * DAY);
  const chunk = options.chunk ?? 1000;
  const variants = await catalog(db);
  if (variants.length === 0) throw new Error('seed the catalog first: demo customers buy its products');
  const stores = Array.from({ length: storeCount }, (_, i) => demoStoreId(i + 1));
  let orders = 0;
  const served = new Map<string, { storeId: string; at: string }>();
  let fkSkippable = true;
  // "Goes with" is counted from the baskets as they are made; on a database that already had orders the SQL
  // recompute over the whole history runs instead (the counts would miss those orders).
  const pairCounter = (await db.query('SELECT 1 FROM orders LIMIT 1')).rows.length === 0 ? new PairCounter() : null;
  for (let start = 0; start < total; start += chunk) {
    const customers: Record<string, Field>[] = [];
    const identities: Record<string, Field>[] = [];
    const batchOrders: Order[] = [];
    const wishlist: Record<string, Field>[] = [];
    const activity: Record<string, Field>[] = [];
    for (let i = start; i < Math.min(total, start + chunk); i++) {
      const rng = createRng(mixSeed(seed, i, 0xc05));
      const id = `cus_demo${String(i + 1).padStart(7, '0')}`;
      const alex = i === 0;
      const first = alex ? 'Alex' : rng.pick(FIRST_NAMES);
      const last = alex ? 'Morgan' : rng.pick(LAST_NAMES);
      const keys = nameKeys(first, last);
      const home = alex ? stores[0] ?? '' : rng.pick(stores);
      const since = new Date(now.getTime() - rng.int(30, 5 * 365) * DAY).toISOString();
      const hasCard = alex || rng.chance(0.6);
      const mix = alex ? (['web', 'app', 'store'] as OrderChannel[]) : channelMix(rng);
      customers.push({
        id, first_name: first, last_name: last, name_key: keys.key, name_key_rev: keys.rev,
        email: `${first}.${last}.${i + 1}@example.com`.toLowerCase(),
        phone: rng.chance(0.7) || alex ? `+1${String(2012000000 + ((i * 7919) % 7_000_000_000)).slice(0, 10)}` : null,
        loyalty_number: hasCard ? loyaltyNumberFor(i + 1) : null,
        tier: hasCard ? rng.pick(['member', 'member', 'member', 'silver', 'silver', 'gold', 'platinum']) : 'member',
        points: hasCard ? rng.int(0, 8000) : 0,
        store_credit: rng.chance(0.08) || alex ? rng.int(5, 60) * 100 : 0,
        home_store_id: home,
        consents: JSON.stringify({ email: rng.chance(0.55) || alex ? { granted: true, at: since, channel: mix[0], storeId: mix[0] === 'store' ? home : '', method: mix[0] === 'store' ? 'in-store-signature' : 'double-opt-in' } : null, sms: rng.chance(0.25) ? { granted: true, at: since, channel: 'app', storeId: '', method: 'app-settings' } : null }),
        sizes: JSON.stringify(rng.chance(0.4) || alex ? [{ category: 'Tops', size: rng.pick(['S', 'M', 'L', 'XL']) }, { category: 'Shoes', size: String(rng.int(36, 46)) }] : []),
        member_since: since,
      });
      for (const ch of mix) if (ch !== 'store') identities.push({ channel: ch, channel_customer_id: `${ch}-${i + 1}`, customer_id: id });
      // Orders: 1–6 over two years (heavier customers in more channels), Alex has one in each channel and a recent store visit.
      const n = alex ? 4 : Math.min(8, 1 + Math.floor(-Math.log(1 - rng.next()) * (0.8 + mix.length * 0.6)));
      const favourite = rng.int(0, variants.length - 1);
      for (let k = 0; k < n; k++) {
        const channel = alex ? (['web', 'app', 'store', 'store'] as const)[k] ?? 'store' : rng.pick(mix);
        const daysAgo = alex ? [200, 90, 40, 3][k] ?? 1 : rng.int(0, 729);
        const placedAt = new Date(now.getTime() - daysAgo * DAY - rng.int(9 * 60, 20 * 60) * 60_000);
        const pickup = channel !== 'store' && rng.chance(0.35);
        const storeId = channel === 'store' ? (rng.chance(0.8) ? home : rng.pick(stores)) : pickup ? home : '';
        const lineCount = 1 + (rng.chance(0.45) ? 1 : 0) + (rng.chance(0.15) ? 1 : 0);
        const picks: VariantPick[] = [];
        let first = -1;
        for (let l = 0; l < lineCount; l++) {
          // Neighbouring catalog entries go together: a basket's later lines stay near its first.
          const at0 = l === 0 ? (rng.chance(0.3) ? favourite : rng.int(0, variants.length - 1)) : first + rng.int(1, 6);
          if (l === 0) first = at0;
          const v = variants[at0 % variants.length];
          if (v && !picks.some((p) => p.id === v.id)) picks.push(v);
        }
        const currency = picks[0]?.currency ?? 'USD';
        const toPrice = picks.map((v, li) => ({ id: `l${li + 1}`, variantId: v.id, productId: v.productId, sku: v.sku, title: v.title, quantity: rng.chance(0.85) ? 1 : 2, unitAmount: v.amount, discount: 0, tax: null }));
        const subtotal = toPrice.reduce((a, l) => a + l.quantity * l.unitAmount, 0);
        const discount = rng.chance(0.2) ? Math.floor(subtotal * 0.1) : 0;
        const final = priceOrder(toPrice, discount, Math.round((subtotal - discount) * 0.08), currency);
        const at = placedAt.toISOString();
        const done = new Date(placedAt.getTime() + (channel === 'store' ? 0 : pickup ? 26 * 3_600_000 : 3 * DAY)).toISOString();
        const orderId = `ord_demo${String(i + 1).padStart(7, '0')}${k}`;
        const order: Order = {
          id: orderId,
          orderNumber: `${channel === 'web' ? 'W' : channel === 'app' ? 'A' : 'S'}-D${String(i + 1).padStart(7, '0')}${k}`,
          channel,
          storeId,
          customerId: id,
          status: 'completed',
          placedAt: at,
          fulfilledAt: channel === 'store' ? at : new Date(placedAt.getTime() + 2 * 3_600_000).toISOString(),
          deliveredAt: done,
          currency,
          lines: final.lines,
          totals: final.totals,
          tenders: [rng.chance(0.8) || channel !== 'store' ? { type: 'card', amount: final.totals.total, brand: rng.pick(['visa', 'mastercard', 'amex'] as const), last4: String(rng.int(1000, 9999)) } : { type: 'cash', amount: final.totals.total, brand: '', last4: '' }],
          fulfilments: [{ id: 'f1', type: channel === 'store' ? 'in-store' : pickup ? 'pickup' : 'ship', storeId, status: channel === 'store' || pickup ? 'collected' : 'delivered', lineIds: final.lines.map((l) => l.id), pickupId: pickup ? orderId : '', fulfilledAt: channel === 'store' ? at : new Date(placedAt.getTime() + 2 * 3_600_000).toISOString(), deliveredAt: done }],
          updatedAt: done,
        };
        batchOrders.push(order);
        pairCounter?.add(order.lines.map((l) => l.productId));
        if (storeId !== '' && daysAgo <= 30) {
          const prev = served.get(id);
          if (!prev || prev.at < done) served.set(id, { storeId, at: done });
        }
      }
      if (rng.chance(0.3) || alex) {
        for (let w = 0; w < (alex ? 3 : rng.int(1, 4)); w++) {
          const v = variants[rng.int(0, variants.length - 1)];
          if (!v) continue;
          // Prices when added: most at today's price, some higher (a price drop to point out), Alex's first one too.
          const higher = (alex && w === 0) || rng.chance(0.25);
          wishlist.push({ customer_id: id, variant_id: v.id, product_id: v.productId, sku: v.sku, title: v.title, added_at: new Date(now.getTime() - rng.int(1, 300) * DAY).toISOString(), channel: alex ? (['app', 'web', 'store'] as const)[w] ?? 'store' : rng.pick(['web', 'app', 'store']), store_id: '', price_when_added: higher ? Math.round(v.amount * 1.25) : v.amount, currency: v.currency });
        }
      }
      if (mix.some((c) => c !== 'store') && (rng.chance(0.25) || alex)) {
        for (let a = 0; a < (alex ? 5 : rng.int(1, 6)); a++) {
          const v = variants[rng.int(0, variants.length - 1)];
          if (v) activity.push({ customer_id: id, type: rng.chance(0.8) ? 'view' : 'cart-add', variant_id: v.id, product_id: v.productId, channel: mix.find((c) => c !== 'store') ?? 'web', at: new Date(now.getTime() - rng.int(0, 89) * DAY - rng.int(0, 86_399) * 1000).toISOString() });
        }
      }
    }
    options.onOrders?.(batchOrders);
    await db.transaction(async (tx) => {
      if (fkSkippable) fkSkippable = await skipForeignKeyChecks(tx);
      await copyRows(tx, 'customers (id, first_name, last_name, name_key, name_key_rev, email, phone, loyalty_number, tier, points, store_credit, home_store_id, consents, sizes, member_since, created_at, updated_at)',
        customers.map((c) => [c.id, c.first_name, c.last_name, c.name_key, c.name_key_rev, c.email, c.phone, c.loyalty_number, c.tier, c.points, c.store_credit, c.home_store_id, c.consents, c.sizes, c.member_since, c.member_since, c.member_since]));
      await copyRows(tx, 'customer_identities (channel, channel_customer_id, customer_id)', identities.map((x) => [x.channel, x.channel_customer_id, x.customer_id]));
      await insertSeedOrders(tx, batchOrders);
      // One row per (customer, variant): a later pick of the same variant is dropped, as ON CONFLICT DO NOTHING did.
      const wished = new Set<string>();
      await copyRows(tx, 'wishlist_items (customer_id, variant_id, product_id, sku, title, added_at, channel, store_id, price_when_added, currency)',
        wishlist.filter((w) => !wished.has(`${w.customer_id}\t${w.variant_id}`) && Boolean(wished.add(`${w.customer_id}\t${w.variant_id}`)))
          .map((w) => [w.customer_id, w.variant_id, w.product_id, w.sku, w.title, w.added_at, w.channel, w.store_id, w.price_when_added, w.currency]));
      await copyRows(tx, 'customer_activity (customer_id, type, variant_id, product_id, channel, at)', activity.map((a) => [a.customer_id, a.type, a.variant_id, a.product_id, a.channel, a.at]));
    });
    orders += batchOrders.length;
    options.onProgress?.({ customers: Math.min(total, start + chunk), total, orders });
    await breathe();
  }
  // Fresh statistics before the queries that follow (the planner otherwise plans for nearly empty tables).
  for (const table of ['customers', 'orders', 'order_lines', 'working_set', 'wishlist_items', 'customer_activity']) {
    await db.query(`ANALYZE ${table}`);
    await breathe();
  }
  const tInsert = performance.now();
  const pairs = await db.transaction(async (tx) => {
    const n = pairCounter ? await writePairs(tx, pairCounter) : await computeGoesWith(tx);
    await markGoesWithComputed(tx, now, n);
    return n;
  });
  const tPairs = performance.now();
  const members = [...served].map(([customerId, s]) => ({ storeId: s.storeId, customerId, reason: 'served' as const, at: s.at }));
  for (let i = 0; i < members.length; i += WORKING_SET_BATCH) {
    const part = members.slice(i, i + WORKING_SET_BATCH);
    await db.transaction(async (tx) => {
      await addToWorkingSet(tx, part);
      await refreshWorkingSet(tx, part.map((m) => m.customerId), now, { goesWith: goesWithFor, by: 'seed' });
    });
    await breathe();
  }
  await db.query(`INSERT INTO meta (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [META_KEY, JSON.stringify({ seed, customers: total })]);
  const end = performance.now();
  return { customers: total, orders, workingSet: members.length, pairs, ms: end - started, phases: { insertMs: tInsert - started, pairsMs: tPairs - tInsert, workingSetMs: end - tPairs }, skipped: false };
}

type Field = string | number | boolean | null;

/** Customers whose working-set copies are written per transaction. */
const WORKING_SET_BATCH = 200;

/**
 * Lets the event loop run between the seed's transactions: the server listens while the seed runs (cli.ts), and
 * on PGlite every statement runs on this thread, so requests are answered between chunks, not after the seed.
 */
function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
