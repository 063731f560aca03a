/**
 * Returns, finished (#9; docs/returns.md), on PGlite and PostgreSQL over real HTTP: a manager resolves a flagged
 * return (a `resolved` event merged by event union; no money or stock moves for it); a refund back to an original
 * gift-card tender reloads that card while "a gift card" issues a new one; each counter's offline cash is its share
 * of the store's budget; order copies pulled by a counter carry the order's signed receipt code, and the
 * order-confirmation e-mail carries it too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileSender } from '../../server/outbox/senders';
import { openTestDb, postgresSkipReason, type Engine } from '../support/databases';
import { enroll, getJson, postJson, startCatalog, type RunningCatalog } from '../support/catalog';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { insertOrder } from '../../server/orders/orderStore';
import { RETURN_DEMO_ORDERS, seedReturnDemo } from '../../server/returns/demo';
import { setReturnPolicy } from '../../server/returns/settings';
import { RETURNS_PREFIX } from '../../server/returns/routes';
import { API_PREFIX, type EnrollResponse, type PullResponse } from '../../shared/sync';
import type { Order } from '../../shared/orders/types';
import type { OrderDoc } from '../../shared/customers/types';
import { DEFAULT_RETURN_POLICY, assessReturn } from '../../shared/returns/policy';
import { newReturnDoc, tenderedEvent, withEvent, saleFromOrder } from '../../shared/returns/build';
import { resolvedEvent } from '../../shared/returns/resolve';
import { foldReturn, openFlags } from '../../shared/returns/fold';
import { verifyReceiptCode } from '../../shared/returns/receipt';
import { planTenders, refundForLines, type RefundChoice } from '../../shared/returns/refund';
import { makeReturnLine } from '../../shared/returns/testing';
import type { ReturnDoc, ReturnSettings, ReturnableSale } from '../../shared/returns/types';

const engines: Engine[] = ['pglite', 'postgres'];
const WEB_KEY = 'returns-finish-web-key-0123456789';
let seq = 0;

describe.each(engines)('returns, finished, on %s', (engine) => {
  const skip = engine === 'postgres' && postgresSkipReason() !== '';
  let db: Db;
  let catalog: RunningCatalog;
  let outboxDir = '';
  let storeA = '';
  let a1: EnrollResponse;
  let a2: EnrollResponse;
  let associate = '';
  let manager = '';

  const count = async (sql: string, params: unknown[]): Promise<number> => Number((await db.query<{ n: number }>(sql, params)).rows[0]?.n ?? 0);
  const orderOf = async (id: string): Promise<Order> => {
    const o = (await db.query<{ data: Order }>('SELECT data FROM orders WHERE id = $1', [id])).rows[0]?.data;
    if (!o) throw new Error(`no order ${id}`);
    return o;
  };
  const stored = async (id: string): Promise<ReturnDoc> => {
    const d = (await db.query<{ data: ReturnDoc }>(`SELECT data FROM docs WHERE collection = 'returns' AND id = $1`, [id])).rows[0]?.data;
    if (!d) throw new Error(`no return ${id}`);
    return d;
  };
  const onHand = async (variantId: string): Promise<number> => (await db.query<{ n: number }>(`SELECT (data->>'onHand')::int AS n FROM docs WHERE collection = 'inventory' AND id = $1`, [`${storeA}:${variantId}`])).rows[0]?.n ?? 0;
  const push = async (device: EnrollResponse, doc: ReturnDoc): Promise<{ status: number; body: unknown }> =>
    postJson(`${catalog.baseUrl}${API_PREFIX}/sync/returns/push`, device.token, [{ newDocumentState: { ...doc, _deleted: false }, assumedMasterState: null }]);

  function counterReturn(device: EnrollResponse, sale: ReturnableSale, choice: RefundChoice, online = true): ReturnDoc {
    const at = new Date().toISOString();
    const id = `ret_${device.deviceId}_f${++seq}`;
    const line = sale.lines[0];
    if (!line) throw new Error('no line');
    const lines = [makeReturnLine({ orderLineId: line.id, variantId: line.variantId, sku: line.sku, quantity: line.quantity })];
    const verdicts = assessReturn({ policy: DEFAULT_RETURN_POLICY, now: at, sale, returnedBefore: {}, lines, customer: null, exchangeProducts: {}, receiptlessUnitValue: {} }).verdicts;
    const doc = newReturnDoc({ id, storeId: device.storeId, sale, receipt: { kind: 'order', code: '' }, customerId: '', currency: sale.currency, lines, verdicts, offline: !online }, { eventId: `${id}:c`, at, staffId: associate, deviceId: device.deviceId });
    const plan = planTenders({ sale, amount: refundForLines(sale, lines, {}, DEFAULT_RETURN_POLICY).total, refundedByTender: [], refundedTotal: 0, choice, online, hasCustomer: false, policy: DEFAULT_RETURN_POLICY, offlineCashGiven: 0 });
    if (!plan.ok) throw new Error(plan.why);
    return withEvent(doc, tenderedEvent(plan.allocations, 0, { eventId: `${id}:t`, at, staffId: associate, deviceId: device.deviceId }));
  }

  /** A fresh in-store order of the demo's S-RET-2001 shape (one unit on line 1), optionally with other tenders. */
  async function freshOrder(tenders?: Order['tenders']): Promise<ReturnableSale> {
    const template = await orderOf(RETURN_DEMO_ORDERS.store);
    const id = `ord_finish_${engine}_${++seq}`;
    const now = new Date().toISOString();
    await insertOrder(db, { ...template, id, orderNumber: `F-${seq}`, placedAt: now, deliveredAt: now, ...(tenders ? { tenders } : {}) }, 'in-store');
    return saleFromOrder(await orderOf(id));
  }

  beforeAll(async () => {
    if (skip) return;
    db = (await openTestDb(engine)).db;
    await seedDemo(db, { seed: 9, variants: 20 });
    await seedReturnDemo(db);
    outboxDir = mkdtempSync(path.join(tmpdir(), 'aisle-returns-finish-outbox-'));
    catalog = await startCatalog(db, { pickups: { jobs: false, sender: fileSender(outboxDir), channelKeys: `web:${WEB_KEY}` } });
    storeA = (await db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'stores' ORDER BY id LIMIT 1`)).rows[0]?.id ?? '';
    a1 = await enroll(catalog.baseUrl, db, storeA, 'counter');
    a2 = await enroll(catalog.baseUrl, db, storeA, 'counter');
    const staff = await db.query<{ id: string; role: string }>(`SELECT id, data->>'role' AS role FROM docs WHERE collection = 'staff' AND scope = $1 AND (data->>'active')::boolean ORDER BY id`, [storeA]);
    associate = staff.rows.find((r) => r.role === 'associate')?.id ?? '';
    manager = staff.rows.find((r) => r.role === 'manager')?.id ?? '';
  });

  afterAll(async () => {
    await catalog?.close();
    await db?.close();
    if (outboxDir) rmSync(outboxDir, { recursive: true, force: true });
  });

  it.skipIf(skip)('a manager resolves the flagged loser of a race: recorded who, when and what, merged by event union; no money and no stock move', async () => {
    const sale = await freshOrder();
    const [first, second] = [counterReturn(a1, sale, 'gift-card', false), counterReturn(a2, sale, 'gift-card', false)];
    expect((await push(a1, first)).status).toBe(200);
    expect((await push(a2, second)).status).toBe(200);
    const flagged = await stored(second.id);
    expect(flagged.flags).toContain('RACED');
    expect(openFlags(foldReturn(flagged.events))).toEqual(['RACED']);
    const line = sale.lines[0]!;
    const [refunds, shelf] = [await count('SELECT count(*)::float8 AS n FROM payment_refunds WHERE order_id = $1', [sale.orderId]), await onHand(line.variantId)];

    const at = new Date().toISOString();
    const as = (staffId: string, flag: 'RACED' | 'OVER_LIMIT', eventId: string) => withEvent(flagged, resolvedEvent(flag, 'money-recovered', 'took the pending gift card back', { staffId, deviceId: a2.deviceId, at, eventId }));
    // An associate may not resolve; a flag the server did not raise cannot be resolved.
    expect((await push(a2, as(associate, 'RACED', `${second.id}:res:1`))).status).toBe(403);
    expect((await push(a2, as(manager, 'OVER_LIMIT', `${second.id}:res:2`))).status).toBe(409);
    // The manager resolves RACED; pushed twice (a retry), it is one event.
    const resolved = as(manager, 'RACED', `${second.id}:res:3`);
    for (let i = 0; i < 2; i++) expect((await push(a2, resolved)).status).toBe(200);
    const after = await stored(second.id);
    const s = foldReturn(after.events);
    expect(s.resolutions.RACED).toMatchObject({ by: manager, action: 'money-recovered', note: 'took the pending gift card back', deviceId: a2.deviceId, at });
    expect(after.events.filter((e) => e.type === 'resolved')).toHaveLength(1);
    expect(openFlags(s)).toEqual([]);
    expect(after.status).toBe('flagged');
    expect(await count('SELECT count(*)::float8 AS n FROM payment_refunds WHERE order_id = $1', [sale.orderId])).toBe(refunds);
    expect(await onHand(line.variantId)).toBe(shelf);
    expect(s.refunded).toBeNull();
    // Another counter's copy without the resolution, pushed later, loses nothing (event union).
    expect((await push(a2, flagged)).status).toBe(200);
    expect(foldReturn((await stored(second.id)).events).resolutions.RACED?.by).toBe(manager);
  });

  it.skipIf(skip)('a refund to the original gift-card tender reloads that card once; a refund to "a gift card" issues a new one', async () => {
    const template = await orderOf(RETURN_DEMO_ORDERS.store);
    const total = template.tenders.reduce((a, t) => a + t.amount.amount, 0);
    const sale = await freshOrder([{ type: 'gift-card', amount: { amount: total, currency: template.currency }, brand: '', last4: '7788' }]);
    const reload = counterReturn(a1, sale, 'original');
    for (let i = 0; i < 2; i++) expect((await push(a1, reload)).status).toBe(200);
    const refunded = (await stored(reload.id)).events.find((e) => e.type === 'refunded');
    const amount = refunded?.type === 'refunded' ? refunded.total : 0;
    expect(refunded?.type === 'refunded' ? refunded.allocations : null).toEqual([{ tender: 'gift-card', originalIndex: 0, amount, pending: false }]);
    expect((await db.query('SELECT order_id, tender_index, last4, amount::float8 AS amount FROM gift_card_reloads WHERE return_id = $1', [reload.id])).rows).toEqual([{ order_id: sale.orderId, tender_index: 0, last4: '7788', amount }]);
    expect(await count('SELECT count(*)::float8 AS n FROM gift_cards WHERE return_id = $1', [reload.id])).toBe(0);

    const other = await freshOrder();
    const fresh = counterReturn(a1, other, 'gift-card');
    expect((await push(a1, fresh)).status).toBe(200);
    expect(await count('SELECT count(*)::float8 AS n FROM gift_cards WHERE return_id = $1', [fresh.id])).toBe(1);
    expect(await count('SELECT count(*)::float8 AS n FROM gift_card_reloads WHERE return_id = $1', [fresh.id])).toBe(0);
  });

  it.skipIf(skip)('each counter’s offline cash cap is its share of the store’s budget, split across the store’s active counters', async () => {
    const settings = async (d: EnrollResponse): Promise<ReturnSettings> => (await getJson(`${catalog.baseUrl}${RETURNS_PREFIX}/settings`, d.token)).body as ReturnSettings;
    // Two counters, default budget 300.00: each keeps the per-device cap of 100.00.
    expect((await settings(a1)).offlineCash).toEqual({ storeCap: 30_000, counters: 2, deviceShare: 10_000 });
    await setReturnPolicy(db, { offlineStoreCashCap: 15_000 });
    const a3 = await enroll(catalog.baseUrl, db, storeA, 'counter');
    const three = await settings(a1);
    expect(three.offlineCash).toEqual({ storeCap: 15_000, counters: 3, deviceShare: 5_000 });
    expect(three.policy.offlineCashCap).toBe(5_000);
    // Offline, planTenders holds the counter to its share.
    const sale = await freshOrder();
    expect(planTenders({ sale, amount: 6_000, refundedByTender: [], refundedTotal: 0, choice: 'cash', online: false, hasCustomer: false, policy: three.policy, offlineCashGiven: 0 })).toMatchObject({ ok: false, code: 'OFFLINE_CASH_CAP' });
    await db.query('UPDATE devices SET revoked_at = now() WHERE id = $1', [a3.deviceId]);
    expect((await settings(a2)).offlineCash).toEqual({ storeCap: 15_000, counters: 2, deviceShare: 7_500 });
    await setReturnPolicy(db, {});
  });

  it.skipIf(skip)('a pickup order’s copy on the store’s counters carries its signed receipt code, and so does the confirmation e-mail', async () => {
    const sku = (await db.query<{ sku: string }>(`SELECT data->>'sku' AS sku FROM docs WHERE collection = 'variants' ORDER BY id LIMIT 1`)).rows[0]?.sku ?? '';
    await db.query(`UPDATE docs SET data = jsonb_set(jsonb_set(data, '{onHand}', '50'), '{available}', '50') WHERE collection = 'inventory' AND id = (SELECT $1 || ':' || id FROM docs WHERE collection = 'variants' AND data->>'sku' = $2)`, [storeA, sku]);
    const res = await fetch(`${catalog.baseUrl}${API_PREFIX}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-aisle-channel-key': WEB_KEY },
      body: JSON.stringify({ channel: 'web', pickupStoreId: storeA, customer: { id: 'web-77', firstName: 'Rosa', lastName: 'Diaz', email: 'rosa@example.com' }, lines: [{ sku, quantity: 1, unitPrice: { amount: 2999, currency: 'USD' } }] }),
    });
    const placed = (await res.json()) as { orderId: string; receiptCode: string };
    expect(res.status, JSON.stringify(placed)).toBe(201);
    const keys = ((await getJson(`${catalog.baseUrl}${RETURNS_PREFIX}/settings`, a1.token)).body as ReturnSettings).receiptKeys;
    // The store's counters pull the order copy with the code, and it verifies offline with the server's key.
    const pulled = (await getJson(`${catalog.baseUrl}${API_PREFIX}/sync/orders/pull?rev=0&limit=5000`, a1.token)).body as PullResponse<OrderDoc>;
    const copy = pulled.documents.find((d) => d.orderId === placed.orderId);
    expect(copy?.receiptCode).toBe(placed.receiptCode);
    const verified = verifyReceiptCode(copy?.receiptCode ?? '', keys);
    expect(verified.ok && verified.receipt.orderId).toBe(placed.orderId);
    // The confirmation: queued with the order, sent by the outbox job with the code as text and as a QR code.
    expect(await count(`SELECT count(*)::float8 AS n FROM outbox WHERE pickup_id = $1 AND kind = 'confirmation' AND recipient = 'rosa@example.com'`, [placed.orderId])).toBe(1);
    await catalog.server.pickupJobs.runOnce();
    const mail = readdirSync(outboxDir).map((f) => readFileSync(path.join(outboxDir, f), 'utf8')).find((m) => m.includes('rosa@example.com') && m.includes('Subject: Your order'));
    expect(mail).toBeDefined();
    expect(mail?.replace(/=\r?\n/g, '').replace(/\s+/g, '')).toContain(placed.receiptCode);
    expect(mail).toContain('pickup-code.png');
  });
});
