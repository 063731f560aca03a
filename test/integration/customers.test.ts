/**
 * Customers and the orders model end to end, on PGlite and on PostgreSQL, over real HTTP: orders and customer
 * data from the web shop, the app and a store's POS make one profile; a store's counters receive only their
 * working set (kiosks nothing); the online lookup adds a customer to it; counters' customer events (views, notes,
 * wishlist adds) reach the server and come back as tombstones; bad payloads store nothing; erasure reaches the
 * devices; duplicates merge; an access request exports everything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { openTestDb, postgresSkipReason, type Engine } from '../support/databases';
import { enroll, getJson, postJson } from '../support/catalog';
import { signInOver, staffHeader } from '../support/staff';
import { buildServer, type CatalogServer } from '../../server/app';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { writeDocs } from '../../server/sync/revisions';
import { API_PREFIX, type EnrollResponse, type PullResponse } from '../../shared/sync';
import type { InventoryDoc, VariantDoc } from '../../shared/schemas/collections';
import type { CustomerDoc, OrderDoc } from '../../shared/customers/types';
import type { CustomerOpenResponse, CustomerSearchResponse, ProfileViewLog } from '../../shared/customers/api';
import { loyaltyNumberFor } from '../../shared/customers/identity';
import { makeCustomerEvent } from '../../shared/customers/testing';

const WEB_KEY = 'test-web-key-0123456789abcdef';
const APP_KEY = 'test-app-key-0123456789abcdef';
const POS_KEY = 'test-pos-key-0123456789abcdef';
const ADMIN = 'test-admin-token-0123456789';

const engines: Engine[] = ['pglite', 'postgres'];

describe.each(engines)('customers on %s', (engine) => {
  const skip = engine === 'postgres' && postgresSkipReason() !== '';
  let db: Db;
  let server: CatalogServer;
  let baseUrl: string;
  let storeA: string;
  let storeB: string;
  let counterA: EnrollResponse;
  let counterB: EnrollResponse;
  let kioskA: EnrollResponse;
  /** Staff sessions (test/support/staff.ts): customer lookups need a signed-in person; the view log and alerts a manager. */
  /** Store A's associate: customer events name an active staff member of the store (server/customers/events.ts). */
  let associateAId = '';
  const as = { associateA: {} as Record<string, string>, managerA: {} as Record<string, string>, managerB: {} as Record<string, string> };
  let variants: VariantDoc[];
  const loyalty = loyaltyNumberFor(4242);
  let clockOffsetMs = 0;

  async function call(path: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${baseUrl}${API_PREFIX}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  const asChannel = (key: string) => (path: string, body: unknown) => call(path, body, { 'x-aisle-channel-key': key });
  const web = asChannel(WEB_KEY);
  const app = asChannel(APP_KEY);
  const pos = asChannel(POS_KEY);
  const admin = (path: string, body: unknown = {}) => call(path, body, { 'x-aisle-admin-token': ADMIN });

  async function pull<T>(token: string, collection: string): Promise<(T & { _deleted: boolean })[]> {
    const { status, body } = await getJson(`${baseUrl}${API_PREFIX}/sync/${collection}/pull?rev=0&limit=5000`, token);
    expect(status, JSON.stringify(body)).toBe(200);
    return (body as PullResponse<T>).documents;
  }

  const line = (v: VariantDoc | undefined, quantity = 1) => ({ sku: v?.sku ?? '', quantity, unitPrice: v?.price ?? { amount: 0, currency: 'USD' } });

  beforeAll(async () => {
    if (skip) return;
    ({ db } = await openTestDb(engine));
    await seedDemo(db, { seed: 7, variants: 60, stores: 2 });
    server = await buildServer({ db, pickups: { channelKeys: `web:${WEB_KEY},app:${APP_KEY},store:${POS_KEY}`, jobs: false, adminToken: ADMIN, settings: { now: () => new Date(Date.now() + clockOffsetMs), flagAfterMinutes: 60, releaseAfterHours: 24 } } });
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    const stores = await db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'stores' ORDER BY id`);
    storeA = stores.rows[0]?.id ?? '';
    storeB = stores.rows[1]?.id ?? '';
    counterA = await enroll(baseUrl, db, storeA, 'counter');
    counterB = await enroll(baseUrl, db, storeB, 'counter');
    kioskA = await enroll(baseUrl, db, storeA, 'kiosk');
    const staffOf = async (store: string, role: 'manager' | 'associate'): Promise<string> =>
      (await db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'staff' AND scope = $1 AND data->>'role' = $2 ORDER BY id LIMIT 1`, [store, role])).rows[0]?.id ?? '';
    associateAId = await staffOf(storeA, 'associate');
    as.associateA = staffHeader(await signInOver(baseUrl, db, counterA, associateAId));
    as.managerA = staffHeader(await signInOver(baseUrl, db, counterA, await staffOf(storeA, 'manager')));
    as.managerB = staffHeader(await signInOver(baseUrl, db, counterB, await staffOf(storeB, 'manager')));
    variants = (await db.query<{ data: VariantDoc }>(`SELECT data FROM docs WHERE collection = 'variants' ORDER BY id`)).rows.map((r) => r.data);
    // Plenty of stock at store A for the pickups.
    const now = new Date().toISOString();
    const inv = variants.slice(0, 10).map((v): InventoryDoc => ({ id: `${storeA}:${v.id}`, storeId: storeA, variantId: v.id, onHand: 50, reserved: 0, available: 50, updatedAt: now }));
    await db.transaction((tx) => writeDocs(tx, 'inventory', inv.map((d) => ({ id: d.id, scope: storeA, data: { ...d } })), 'test'));
  });

  afterAll(async () => {
    if (skip) return;
    await server.close();
    await db.close();
  });

  let alex = '';

  it.skipIf(skip)('web, app and store data make one customer; a store counter receives only its working set, kiosks nothing', async () => {
    const batch = await web('/customers/batch', {
      customers: [{ id: 'w-1', firstName: 'Alex', lastName: 'Morgan', email: ' Alex.Morgan@Example.com ', phone: '(415) 555-0123', loyaltyNumber: loyalty, tier: 'gold', points: 1200, consents: { email: { granted: true, at: '2025-01-01T10:00:00Z', method: 'double-opt-in' } }, sizes: [{ category: 'Shoes', size: '42' }] }],
    });
    expect(batch.status, JSON.stringify(batch.body)).toBe(200);
    alex = (batch.body['results'] as { customerId: string }[])[0]?.customerId ?? '';
    expect(alex).toMatch(/^cus_/);

    // The app knows Alex by its own id and the e-mail; the POS by the loyalty card only.
    const shipped = await app('/orders', { channel: 'app', fulfilment: { type: 'ship' }, customer: { id: 'app-77', email: 'alex.morgan@example.com' }, lines: [line(variants[0]), line(variants[1], 2)], discount: 1000, tax: 500, tenders: [] });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(201);
    expect(shipped.body).toMatchObject({ customerId: alex, channel: 'app', status: 'open', storeId: '', pickupCode: '' });
    const gross = (variants[0]?.price.amount ?? 0) + 2 * (variants[1]?.price.amount ?? 0);
    const sale = await pos('/orders', {
      channel: 'store', storeId: storeB, customer: { loyaltyNumber: `LOY${loyalty}` }, placedAt: new Date(Date.now() - 86_400_000).toISOString(),
      lines: [line(variants[2])], tax: 80, tenders: [{ type: 'card', brand: 'visa', last4: '4242', amount: (variants[2]?.price.amount ?? 0) + 80 }],
    });
    expect(sale.status, JSON.stringify(sale.body)).toBe(201);
    expect(sale.body).toMatchObject({ customerId: alex, status: 'completed', storeId: storeB });
    const pickup = await web('/orders', { channel: 'web', customer: { id: 'w-1', firstName: 'Alex', lastName: 'Morgan', email: 'alex.morgan@example.com', phone: '' }, pickupStoreId: storeA, lines: [line(variants[3])] });
    expect(pickup.status, JSON.stringify(pickup.body)).toBe(201);
    expect(pickup.body).toMatchObject({ customerId: alex, status: 'placed' });
    expect(pickup.body['pickupCode']).not.toBe('');

    // The app order's amounts are frozen at sale time: the discount prorated onto lines sums exactly.
    const row = await db.query<{ data: { lines: { discount: { amount: number }; tax: { amount: number } }[]; totals: { total: { amount: number } } } }>('SELECT data FROM orders WHERE id = $1', [shipped.body['orderId']]);
    const o = row.rows[0]?.data;
    expect(o?.lines.reduce((a, l) => a + l.discount.amount, 0)).toBe(1000);
    expect(o?.lines.reduce((a, l) => a + l.tax.amount, 0)).toBe(500);
    expect(o?.totals.total.amount).toBe(gross - 1000 + 500);

    // Store A holds Alex (open pickup), with orders from all three channels.
    const docsA = await pull<CustomerDoc>(counterA.token, 'customers');
    expect(docsA.map((d) => d.customerId)).toEqual([alex]);
    const profile = docsA[0];
    expect(profile).toMatchObject({
      id: `${storeA}:${alex}`, storeId: storeA, loyaltyNumber: loyalty, tier: 'gold', points: 1200, reasons: ['pickup'],
      contact: { firstName: 'Alex', lastName: 'Morgan', email: 'alex.morgan@example.com', phone: '+14155550123', emailMasked: 'a•••@example.com', phoneMasked: '+1 ••• ••• 0123' },
      preferences: { sizes: [{ category: 'Shoes', size: '42' }] },
    });
    expect(profile?.consents.email).toMatchObject({ granted: true, channel: 'web', method: 'double-opt-in' });
    expect(profile?.spend.orders).toBe(3);
    expect(profile?.spend.byChannel.map((c) => c.channel)).toEqual(['app', 'store', 'web']);
    const ordersA = await pull<OrderDoc>(counterA.token, 'orders');
    expect(ordersA.map((d) => d.channel).sort()).toEqual(['app', 'store', 'web']);
    expect(ordersA.find((d) => d.channel === 'store')).toMatchObject({ orderStoreId: storeB, tenders: [{ type: 'card', brand: 'visa', last4: '4242' }], fulfilments: [{ type: 'in-store', status: 'collected' }] });
    expect(ordersA.find((d) => d.channel === 'web')?.fulfilments[0]).toMatchObject({ type: 'pickup', status: 'pending', pickupId: pickup.body['orderId'] });

    // Store B served Alex yesterday: it holds Alex too, as 'served'. Kiosks receive nothing at all.
    expect((await pull<CustomerDoc>(counterB.token, 'customers')).map((d) => [d.customerId, d.reasons])).toEqual([[alex, ['served']]]);
    for (const c of ['customers', 'orders', 'customerEvents']) expect((await getJson(`${baseUrl}${API_PREFIX}/sync/${c}/pull?rev=0`, kioskA.token)).status).toBe(403);
    expect((await getJson(`${baseUrl}${API_PREFIX}/customers/search?q=alex`, kioskA.token)).status).toBe(403);
    // A counter with nobody signed in gets no personal data either.
    const anonymous = await getJson(`${baseUrl}${API_PREFIX}/customers/search?q=alex`, counterA.token);
    expect(anonymous.status).toBe(403);
    expect(JSON.stringify(anonymous.body)).toMatch(/signed in online/);
    expect((await postJson(`${baseUrl}${API_PREFIX}/customers/${alex}/open`, counterA.token, { source: 'search' })).status).toBe(403);
  });

  it.skipIf(skip)('a store-A device never receives store B’s working set until an associate looks the customer up', async () => {
    const sale = await pos('/orders', { channel: 'store', storeId: storeB, customer: { id: 'pos-9', firstName: 'Bea', lastName: 'Quinn', phone: '+44 20 7946 0011' }, lines: [line(variants[4])] });
    expect(sale.status, JSON.stringify(sale.body)).toBe(201);
    const bea = String(sale.body['customerId']);
    expect((await pull<CustomerDoc>(counterB.token, 'customers')).some((d) => d.customerId === bea && !d._deleted)).toBe(true);
    expect((await pull<CustomerDoc>(counterA.token, 'customers')).some((d) => d.customerId === bea)).toBe(false);
    expect((await pull<OrderDoc>(counterA.token, 'orders')).some((d) => d.customerId === bea)).toBe(false);

    for (const q of ['bea qu', 'Quinn B', '+442079460011', sale.body['orderNumber']]) {
      const { status, body } = await getJson(`${baseUrl}${API_PREFIX}/customers/search?q=${encodeURIComponent(String(q))}`, counterA.token, as.associateA);
      expect(status, JSON.stringify(body)).toBe(200);
      expect((body as CustomerSearchResponse).hits.map((h) => [h.customerId, h.inWorkingSet]), String(q)).toEqual([[bea, false]]);
    }
    const byCard = (await getJson(`${baseUrl}${API_PREFIX}/customers/search?q=${loyalty}`, counterA.token, as.associateA)).body as CustomerSearchResponse;
    expect(byCard.hits).toMatchObject([{ customerId: alex, matched: 'loyalty', inWorkingSet: true, emailMasked: 'a•••@example.com' }]);
    expect((await getJson(`${baseUrl}${API_PREFIX}/customers/search?q=a`, counterA.token, as.associateA)).status).toBe(400);

    const opened = await postJson(`${baseUrl}${API_PREFIX}/customers/${bea}/open`, counterA.token, { source: 'search' }, as.associateA);
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect((opened.body as CustomerOpenResponse).customer).toMatchObject({ customerId: bea, storeId: storeA, reasons: ['lookup'], contact: { phone: '+442079460011' } });
    expect((opened.body as CustomerOpenResponse).orders.map((o) => o.orderStoreId)).toEqual([storeB]);
    expect((await pull<CustomerDoc>(counterA.token, 'customers')).some((d) => d.customerId === bea && !d._deleted)).toBe(true);
  });

  it.skipIf(skip)('bad payloads are a 400 naming every bad field, and store nothing', async () => {
    const before = await db.query<{ n: number }>('SELECT count(*)::float8 AS n FROM customers');
    const bad = await web('/customers/batch', { customers: [{ id: 'ok-1', email: 'fine@example.com' }, { id: '', email: 'nope', phone: '12', tier: 'diamond', consents: { sms: { granted: 'yes', at: 'soon', method: 'telepathy' } } }] });
    expect(bad.status).toBe(400);
    expect((bad.body['details'] as { path: string }[]).map((d) => d.path)).toEqual([
      '/customers/1/id', '/customers/1/email', '/customers/1/phone', '/customers/1/tier', '/customers/1/consents/sms/granted', '/customers/1/consents/sms/at', '/customers/1/consents/sms/method',
    ]);
    expect((await db.query<{ n: number }>('SELECT count(*)::float8 AS n FROM customers')).rows[0]?.n).toBe(before.rows[0]?.n);
    const unknownCustomer = await web('/customers/wishlist', { changes: [{ channelCustomerId: 'w-1', op: 'add', sku: variants[5]?.sku, at: new Date().toISOString() }, { channelCustomerId: 'nobody', op: 'add', sku: 'NOPE', at: new Date().toISOString() }] });
    expect(unknownCustomer).toMatchObject({ status: 400, body: { details: [{ path: '/changes/1/channelCustomerId' }] } });
    expect((await db.query<{ n: number }>('SELECT count(*)::float8 AS n FROM wishlist_items')).rows[0]?.n).toBe(0);
    const stale = await app('/customers/activity', { events: [{ channelCustomerId: 'app-77', type: 'view', sku: variants[0]?.sku, at: new Date(Date.now() - 91 * 86_400_000).toISOString() }] });
    expect(stale).toMatchObject({ status: 400, body: { details: [{ path: '/events/0/at' }] } });
    const pan = await pos('/orders', { channel: 'store', storeId: storeB, lines: [line(variants[0])], tenders: [{ type: 'card', brand: 'visa', last4: '4242', amount: variants[0]?.price.amount, memo: '4111 1111 1111 1111' }] });
    expect(pan.status).toBe(400);
    expect(JSON.stringify(pan.body)).toContain('/tenders/0/memo');
    const unpaid = await pos('/orders', { channel: 'store', storeId: storeB, lines: [line(variants[0])], tenders: [{ type: 'cash', amount: 1 }] });
    expect(unpaid).toMatchObject({ status: 400, body: { details: [{ path: '/tenders' }] } });
    const orders = await db.query<{ n: number }>("SELECT count(*)::float8 AS n FROM orders WHERE channel = 'store'");
    expect(orders.rows[0]?.n).toBe(2);
  });

  it.skipIf(skip)('wishlist and activity from the web and app reach the working-set profile', async () => {
    const at = new Date(Date.now() - 3_600_000).toISOString();
    expect((await web('/customers/wishlist', { changes: [{ channelCustomerId: 'w-1', op: 'add', sku: variants[5]?.sku, at, priceWhenAdded: { amount: 9999, currency: 'USD' } }] })).status).toBe(200);
    const act = await app('/customers/activity', { events: [{ channelCustomerId: 'app-77', type: 'view', sku: variants[6]?.sku, at }, { channelCustomerId: 'app-77', type: 'cart', at, lines: [line(variants[6], 2)] }] });
    expect(act.status, JSON.stringify(act.body)).toBe(200);
    const doc = (await pull<CustomerDoc>(counterA.token, 'customers')).find((d) => d.customerId === alex);
    expect(doc?.wishlist).toMatchObject([{ variantId: variants[5]?.id, channel: 'web', storeId: '', priceWhenAdded: { amount: 9999 } }]);
    expect(doc?.activity).toMatchObject([{ type: 'view', variantId: variants[6]?.id, channel: 'app' }]);
    expect(doc?.cart).toMatchObject({ channel: 'app', lines: [{ variantId: variants[6]?.id, quantity: 2 }] });
  });

  it.skipIf(skip)('profile views, notes and in-store wishlist adds recorded on a counter arrive at the server and come back as tombstones', async () => {
    const at = new Date().toISOString();
    const events = [
      makeCustomerEvent({ id: `${counterA.deviceId}:1`, storeId: storeA, customerId: alex, deviceId: counterA.deviceId, staffId: associateAId, at, kind: 'viewed', source: 'loyalty-scan' }),
      makeCustomerEvent({ id: `${counterA.deviceId}:2`, storeId: storeA, customerId: alex, deviceId: counterA.deviceId, staffId: associateAId, at, kind: 'revealed', source: '', field: 'phone' }),
      makeCustomerEvent({ id: `${counterA.deviceId}:3`, storeId: storeA, customerId: alex, deviceId: counterA.deviceId, staffId: associateAId, at, kind: 'note', source: '', text: 'Prefers slim fit' }),
      makeCustomerEvent({ id: `${counterA.deviceId}:4`, storeId: storeA, customerId: alex, deviceId: counterA.deviceId, staffId: associateAId, at, kind: 'wishlist-add', source: '', variantId: variants[7]?.id ?? '' }),
    ];
    const rows = events.map((e) => ({ newDocumentState: { ...e, _deleted: false }, assumedMasterState: null }));
    const pushed = await postJson(`${baseUrl}${API_PREFIX}/sync/customerEvents/push`, counterA.token, rows);
    expect(pushed.status, JSON.stringify(pushed.body)).toBe(200);
    expect((pushed.body as { id: string; _deleted: boolean }[]).map((d) => [d.id, d._deleted])).toEqual(events.map((e) => [e.id, true]));
    // A retried push is answered the same and records nothing twice.
    expect((await postJson(`${baseUrl}${API_PREFIX}/sync/customerEvents/push`, counterA.token, rows)).status).toBe(200);
    const spoof = await postJson(`${baseUrl}${API_PREFIX}/sync/customerEvents/push`, counterA.token, [{ newDocumentState: { ...makeCustomerEvent({ id: 'x:1', storeId: storeA, deviceId: 'someone-else' }), _deleted: false }, assumedMasterState: null }]);
    expect(spoof.status).toBe(403);

    // Who looked at whom is for the store's manager: an associate's session is refused.
    expect((await getJson(`${baseUrl}${API_PREFIX}/customers/views?customerId=${alex}`, counterA.token, as.associateA)).status).toBe(403);
    const log = (await getJson(`${baseUrl}${API_PREFIX}/customers/views?customerId=${alex}`, counterA.token, as.managerA)).body as ProfileViewLog;
    expect(log.entries.map((e) => [e.kind, e.source, e.field, e.deviceId, e.staffId])).toEqual([
      ['revealed', '', 'phone', counterA.deviceId, associateAId],
      ['viewed', 'loyalty-scan', '', counterA.deviceId, associateAId],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))).reverse());
    // Store B's log is its own.
    expect(((await getJson(`${baseUrl}${API_PREFIX}/customers/views?customerId=${alex}`, counterB.token, as.managerB)).body as ProfileViewLog).entries).toEqual([]);
    // The note and the wishlist item are in the profile of every store holding Alex.
    for (const token of [counterA.token, counterB.token]) {
      const doc = (await pull<CustomerDoc>(token, 'customers')).find((d) => d.customerId === alex);
      expect(doc?.notes).toMatchObject([{ text: 'Prefers slim fit', staffId: associateAId, storeId: storeA }]);
      expect(doc?.wishlist.find((w) => w.variantId === variants[7]?.id)).toMatchObject({ channel: 'store', storeId: storeA, priceWhenAdded: variants[7]?.price });
    }
    const evDocs = await pull<{ id: string }>(counterA.token, 'customerEvents');
    expect(evDocs.every((d) => d._deleted)).toBe(true);
  });

  it.skipIf(skip)('duplicates merge into one customer; an access request exports everything; erasure removes the customer from every device', async () => {
    const dup = await app('/customers/batch', { customers: [{ id: 'app-dup', firstName: 'A.', lastName: 'Morgan', email: 'alex.m@work.example', points: 300 }] });
    const other = (dup.body['results'] as { customerId: string }[])[0]?.customerId ?? '';
    expect(other).not.toBe(alex);
    expect((await call('/admin/customers/merge', { into: alex, from: other }, { 'x-aisle-admin-token': 'wrong' })).status).toBe(401);
    const merged = await admin('/admin/customers/merge', { into: alex, from: other });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    // The app's id for the duplicate now finds Alex.
    const again = await app('/customers/batch', { customers: [{ id: 'app-dup', points: 1600 }] });
    expect((again.body['results'] as { customerId: string }[])[0]?.customerId).toBe(alex);

    const exp = await fetch(`${baseUrl}${API_PREFIX}/admin/customers/${alex}/export`, { headers: { 'x-aisle-admin-token': ADMIN } });
    const data = (await exp.json()) as Record<string, unknown[]> & { customer: Record<string, unknown> };
    expect(data.customer).toMatchObject({ id: alex, email: 'alex.morgan@example.com' });
    expect(data['orders']).toHaveLength(3);
    expect(data['identities']).toHaveLength(3);
    expect(data['wishlist']).toHaveLength(2);
    expect(data['profileViews']).toHaveLength(2);

    const erased = await admin(`/admin/customers/${alex}/erase`);
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(erased.body).toMatchObject({ ordersPseudonymised: 3 });
    for (const token of [counterA.token, counterB.token]) {
      const copies = (await pull<CustomerDoc>(token, 'customers')).filter((d) => d.id.endsWith(`:${alex}`));
      expect(copies.length).toBe(1);
      expect(copies[0]).toMatchObject({ _deleted: true, contact: { firstName: '', email: '', phone: '' }, loyaltyNumber: '', wishlist: [], notes: [] });
      const orders = (await pull<OrderDoc>(token, 'orders')).filter((d) => d.customerId === alex);
      expect(orders).toEqual([]);
    }
    expect(((await getJson(`${baseUrl}${API_PREFIX}/customers/search?q=${loyalty}`, counterA.token, as.associateA)).body as CustomerSearchResponse).hits).toEqual([]);
    const left = await db.query<{ n: number }>('SELECT count(*)::float8 AS n FROM orders WHERE customer_id = $1', [alex]);
    expect(left.rows[0]?.n).toBe(0);
    const dump = JSON.stringify((await db.query('SELECT data FROM orders')).rows);
    expect(dump).not.toContain(alex);
  });

  it.skipIf(skip)('a pickup nobody starts is flagged to the manager when overdue, then released: cancelled, stock back, customer told', async () => {
    const v = variants[8];
    const inventory = async (): Promise<InventoryDoc | undefined> => (await db.query<{ data: InventoryDoc }>("SELECT data FROM docs WHERE collection = 'inventory' AND id = $1", [`${storeA}:${v?.id ?? ''}`])).rows[0]?.data;
    const placed = await web('/orders', { channel: 'web', customer: { id: 'w-late', firstName: 'Lee', lastName: 'Late', email: 'lee@example.com' }, pickupStoreId: storeA, lines: [line(v, 2)] });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const id = String(placed.body['orderId']);
    expect((await inventory())?.reserved).toBe(2);
    const alerts = async (): Promise<{ pickupId: string; kind: string }[]> => ((await getJson(`${baseUrl}${API_PREFIX}/pickups/alerts`, counterA.token, as.managerA)).body as { alerts: { pickupId: string; kind: string }[] }).alerts.filter((a) => a.pickupId === id);

    clockOffsetMs = 30 * 60_000; // promised in 120 minutes: not overdue yet
    await server.pickupJobs.runOnce();
    expect(await alerts()).toEqual([]);
    clockOffsetMs = (120 + 61) * 60_000;
    expect((await server.pickupJobs.runOnce()).flagged).toBeGreaterThanOrEqual(1);
    expect((await alerts()).map((a) => a.kind)).toEqual(['unstarted-overdue']);
    expect((await inventory())?.reserved).toBe(2);

    clockOffsetMs = 25 * 3_600_000;
    expect((await server.pickupJobs.runOnce()).released).toBeGreaterThanOrEqual(1);
    expect((await alerts()).map((a) => a.kind).sort()).toEqual(['unstarted-overdue', 'unstarted-released']);
    expect((await inventory())?.reserved).toBe(0);
    const pickup = (await db.query<{ status: string }>("SELECT data->>'status' AS status FROM docs WHERE collection = 'pickups' AND id = $1", [id])).rows[0];
    expect(pickup?.status).toBe('cancelled');
    expect((await db.query<{ status: string }>('SELECT status FROM orders WHERE id = $1', [id])).rows[0]?.status).toBe('cancelled');
    const told = await db.query<{ kind: string; recipient: string }>("SELECT kind, recipient FROM outbox WHERE pickup_id = $1 AND kind <> 'confirmation'", [id]);
    expect(told.rows).toEqual([{ kind: 'cancelled', recipient: 'lee@example.com' }]);
    clockOffsetMs = 0;
  });
});
