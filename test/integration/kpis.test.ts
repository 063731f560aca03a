/**
 * The channel KPIs against figures computed by hand on a small fixture (docs/customers.md, "KPIs"), on PGlite and
 * PostgreSQL, through GET /api/v1/kpis. Six customers, home store S1 unless noted:
 *   c1  store 2025-01-10 net 100; store 2025-07-05 net 50 (product P, viewed on the web 2025-07-01)
 *   c2  web (shipped) 2025-01-20 subtotal 200 − discount 20 − refunded 30 = net 150; store 2025-03-03 net 40
 *   c3  web pickup at S1 placed 2025-02-01, collected 2025-02-02 10:00, net 60; store S1 2025-02-02 11:00 net 25
 *   c4  (home S2) store S2 2025-02-10 net 70
 *   c5  a cancelled order of 999 (never counts)
 *   c6  store 2025-01-25 net 30
 *   c2 also viewed product Q on 2025-07-02 and never bought it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { openTestDb, postgresSkipReason, type Engine } from '../support/databases';
import { enroll, getJson } from '../support/catalog';
import { signInOver, staffHeader } from '../support/staff';
import { buildServer, type CatalogServer } from '../../server/app';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { insertOrder } from '../../server/orders/orderStore';
import { computeGoesWith, goesWithFor } from '../../server/customers/goesWith';
import { channelKpis } from '../../server/customers/kpis';
import type { FulfilmentType, Order, OrderChannel } from '../../shared/orders/types';
import type { KpiResponse } from '../../shared/customers/api';
import { API_PREFIX } from '../../shared/sync';

const usd = (amount: number): { amount: number; currency: string } => ({ amount, currency: 'USD' });

function order(id: string, customerId: string, channel: OrderChannel, fulfilment: FulfilmentType, storeId: string, placedAt: string, subtotal: number, opts: { discount?: number; status?: Order['status']; deliveredAt?: string; product?: string } = {}): Order {
  const discount = opts.discount ?? 0;
  const net = subtotal - discount;
  return {
    id, orderNumber: id.toUpperCase(), channel, storeId, customerId, status: opts.status ?? 'completed', placedAt, fulfilledAt: placedAt, deliveredAt: opts.deliveredAt ?? placedAt, currency: 'USD',
    lines: [{ id: 'l1', variantId: `v-${opts.product ?? 'X'}`, productId: opts.product ?? 'X', sku: 'S', title: 'T', quantity: 1, unitPrice: usd(subtotal), discount: usd(discount), net: usd(net), tax: usd(0), total: usd(net) }],
    totals: { subtotal: usd(subtotal), discount: usd(discount), tax: usd(0), total: usd(net) }, tenders: [],
    fulfilments: [{ id: 'f1', type: fulfilment, storeId, status: 'collected', lineIds: ['l1'], pickupId: '', fulfilledAt: placedAt, deliveredAt: opts.deliveredAt ?? placedAt }],
    updatedAt: placedAt,
  };
}

const engines: Engine[] = ['pglite', 'postgres'];

describe.each(engines)('channel KPIs on %s', (engine) => {
  const skip = engine === 'postgres' && postgresSkipReason() !== '';
  let db: Db;
  let server: CatalogServer;
  let baseUrl: string;
  let token = '';
  /** The KPIs are for managers: the store manager's online session at the counter (test/support/staff.ts). */
  let manager: Record<string, string> = {};
  let associate: Record<string, string> = {};
  /** store-002's counter and its manager. */
  let otherToken = '';
  let otherManager: Record<string, string> = {};

  beforeAll(async () => {
    if (skip) return;
    ({ db } = await openTestDb(engine));
    await seedDemo(db, { seed: 3, variants: 10, stores: 2 });
    server = await buildServer({ db, pickups: { jobs: false } });
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    const counter = await enroll(baseUrl, db, 'store-001', 'counter');
    token = counter.token;
    manager = staffHeader(await signInOver(baseUrl, db, counter, 'staff_1001'));
    associate = staffHeader(await signInOver(baseUrl, db, counter, 'staff_1002'));
    const otherCounter = await enroll(baseUrl, db, 'store-002', 'counter');
    otherToken = otherCounter.token;
    otherManager = staffHeader(await signInOver(baseUrl, db, otherCounter, 'staff_2001'));
    await db.transaction(async (tx) => {
      for (const [id, home] of [['c1', 'store-001'], ['c2', 'store-001'], ['c3', 'store-001'], ['c4', 'store-002'], ['c5', 'store-001'], ['c6', 'store-001']]) {
        await tx.query('INSERT INTO customers (id, home_store_id) VALUES ($1, $2)', [id, home]);
      }
      const orders = [
        order('o1', 'c1', 'store', 'in-store', 'store-001', '2025-01-10T12:00:00.000Z', 100),
        order('o2', 'c1', 'store', 'in-store', 'store-001', '2025-07-05T12:00:00.000Z', 50, { product: 'P' }),
        order('o3', 'c2', 'web', 'ship', '', '2025-01-20T12:00:00.000Z', 200, { discount: 20 }),
        order('o4', 'c2', 'store', 'in-store', 'store-001', '2025-03-03T12:00:00.000Z', 40),
        order('o5', 'c3', 'web', 'pickup', 'store-001', '2025-02-01T12:00:00.000Z', 60, { deliveredAt: '2025-02-02T10:00:00.000Z' }),
        order('o6', 'c3', 'store', 'in-store', 'store-001', '2025-02-02T11:00:00.000Z', 25),
        order('o7', 'c4', 'store', 'in-store', 'store-002', '2025-02-10T12:00:00.000Z', 70),
        order('o8', 'c5', 'web', 'ship', '', '2025-01-15T12:00:00.000Z', 999, { status: 'cancelled' }),
        order('o9', 'c6', 'store', 'in-store', 'store-001', '2025-01-25T12:00:00.000Z', 30),
      ];
      for (const o of orders) await insertOrder(tx, o, o.fulfilments[0]?.type ?? 'ship');
      await tx.query("UPDATE orders SET refunded = 30 WHERE id = 'o3'");
      await tx.query(`INSERT INTO customer_activity (customer_id, type, variant_id, product_id, channel, at) VALUES
        ('c1', 'view', 'v-P', 'P', 'web', '2025-07-01T09:00:00Z'), ('c2', 'view', 'v-Q', 'Q', 'web', '2025-07-02T09:00:00Z')`);
    });
  });

  afterAll(async () => {
    if (skip) return;
    await server.close();
    await db.close();
  });

  it.skipIf(skip)('the network’s monthly figures (the SQL, over every store) equal the hand-computed ones', async () => {
    // Nobody signed in, or an associate: refused, whatever the request names.
    expect((await getJson(`${baseUrl}${API_PREFIX}/kpis?from=2025-01&to=2025-07&staffId=staff_1001`, token)).status).toBe(403);
    expect((await getJson(`${baseUrl}${API_PREFIX}/kpis?from=2025-01&to=2025-07`, token, associate)).status).toBe(403);
    expect((await getJson(`${baseUrl}${API_PREFIX}/kpis?from=2025-01&to=2025-07`, token, manager)).status).toBe(200);
    // The network's figures are not a store manager's to read over HTTP (see the scoping test): the SQL is checked
    // here directly, over every store.
    const k = await channelKpis(db, { storeId: null, from: '2025-01', to: '2025-07' });
    const by = Object.fromEntries(k.months.map((m) => [m.month, m]));
    expect(k.months.map((m) => m.month)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07']);
    // CLV: net (after refunds, tax excluded) of everything bought up to the month's end / customers who bought.
    expect(k.months.map((m) => m.clv)).toEqual([93, 87, 95, 95, 95, 95, 105]); // 280/3, 435/5, 475/5, …, 525/5
    expect(by['2025-01']).toMatchObject({ orders: 3, customers: 3, aov: { single: 93, webAndStore: null, bopis: null }, bopisAddOnRate: null });
    expect(by['2025-02']).toMatchObject({ orders: 3, customers: 2, aov: { single: 70, webAndStore: null, bopis: 43 }, bopisAddOnRate: 1 });
    expect(by['2025-03']).toMatchObject({ orders: 1, aov: { single: null, webAndStore: 40, bopis: null } });
    // Retention (6-month): of Aug 2024–Jan 2025's buyers (c1, c2, c6), those who bought again Feb–Jul 2025 (c1, c2).
    expect(by['2025-07']?.retentionRate).toBe(0.6667);
    expect(by['2025-06']?.retentionRate).toBeNull();
    // Cross-channel conversion: c1's web view of P became a store purchase within 7 days; c2's view of Q did not.
    expect(by['2025-07']?.crossChannelConversion).toBe(0.5);
    expect(by['2025-06']?.crossChannelConversion).toBeNull();
  });

  it.skipIf(skip)('a store’s figures are its customers’, and a manager reads their own store’s only', async () => {
    const k = (await getJson(`${baseUrl}${API_PREFIX}/kpis?storeId=store-002&from=2025-02&to=2025-02`, otherToken, otherManager)).body as KpiResponse;
    expect(k.months).toMatchObject([{ month: '2025-02', orders: 1, clv: 70, aov: { single: 70, webAndStore: null, bopis: null } }]);
    expect((await getJson(`${baseUrl}${API_PREFIX}/kpis?from=2025-13&to=2025-01`, token, manager)).status).toBe(400);
    // store-001's manager at store-001's counter: store-002's figures are refused, naming the store it may read.
    const other = await getJson(`${baseUrl}${API_PREFIX}/kpis?storeId=store-002&from=2025-02&to=2025-02`, token, manager);
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.body)).toContain("sees store store-001's figures only");
    // No storeId: this counter's store, not the network (c4 is store-002's; the network has 3 orders in February).
    const own = (await getJson(`${baseUrl}${API_PREFIX}/kpis?from=2025-02&to=2025-02`, token, manager)).body as KpiResponse;
    expect(own.storeId).toBe('store-001');
    expect(own.months).toEqual([(await channelKpis(db, { storeId: 'store-001', from: '2025-02', to: '2025-02' })).months[0]]);
    expect(own.months[0]?.orders).toBeLessThan((await channelKpis(db, { storeId: null, from: '2025-02', to: '2025-02' })).months[0]?.orders ?? 0);
  });

  it.skipIf(skip)('"goes with" is item-to-item co-occurrence with lift, by hand: lift(A→B) = n(AB)·N / (n(A)·n(B))', async () => {
    const basket = (id: string, products: string[]): Order => {
      const o = order(id, '', 'web', 'ship', '', '2025-05-01T12:00:00.000Z', 10);
      return { ...o, lines: products.map((p, i) => ({ ...(o.lines[0] as Order['lines'][number]), id: `l${i + 1}`, productId: p, variantId: `v-${p}` })) };
    };
    await db.transaction(async (tx) => {
      for (const o of [basket('g1', ['A', 'B']), basket('g2', ['A', 'B']), basket('g3', ['A', 'C']), basket('g4', ['B'])]) await insertOrder(tx, o, 'ship');
    });
    // N = 12 baskets (8 fixture orders of one product, not the cancelled one, + these 4); n(A) = 3, n(B) = 3, n(C) = 1.
    expect(await db.transaction((tx) => computeGoesWith(tx, 2))).toBe(2); // A→B and B→A; A–C was seen together once only
    const pairs = await db.query<{ product_a: string; product_b: string; together: number; lift: number }>('SELECT product_a, product_b, together, lift FROM product_pairs ORDER BY product_a');
    expect(pairs.rows.map((r) => [r.product_a, r.product_b, r.together, Math.round(r.lift * 10_000) / 10_000])).toEqual([['A', 'B', 2, 2.6667], ['B', 'A', 2, 2.6667]]);
    await db.transaction((tx) => computeGoesWith(tx, 1));
    const best = await goesWithFor(db, new Map([['someone', ['A']]]));
    // lift(A→C) = 1·12/(3·1) = 4 beats lift(A→B) = 2.67 once single co-purchases count.
    expect(best.get('someone')).toEqual([{ productId: 'C', lift: 4, together: 1, becauseOf: 'A' }, { productId: 'B', lift: 2.67, together: 2, becauseOf: 'A' }]);
  });
});
