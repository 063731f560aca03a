/**
 * Returns end to end (#9 §2, §5), on PGlite and PostgreSQL, over real HTTP: counters push return documents, the
 * server settles money and stock once. A shipped web order comes back at a store (refund to the card, the item
 * becomes that store's stock); two stores race for the last unit (one refund, one flagged); a retried push after a
 * dropped response refunds once; tampered receipt codes and bad payloads are refused with the field named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileSender } from '../../server/outbox/senders';
import { approvalEvent } from '../../shared/returns/build';
import { openTestDb, postgresSkipReason, type Engine } from '../support/databases';
import { deviceHeaders, enroll, getJson, postJson, startCatalog, type RunningCatalog } from '../support/catalog';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { insertOrder } from '../../server/orders/orderStore';
import { createStaffSession, STAFF_SESSION_HEADER } from '../../server/staff/sessions';
import { RETURN_DEMO_ORDERS, seedReturnDemo } from '../../server/returns/demo';
import { RETURNS_PREFIX, type ReturnableOrder } from '../../server/returns/routes';
import { API_PREFIX, type EnrollResponse } from '../../shared/sync';
import type { Order } from '../../shared/orders/types';
import { DEFAULT_RETURN_POLICY, assessReturn } from '../../shared/returns/policy';
import { newReturnDoc, tenderedEvent, withEvent, saleFromOrder } from '../../shared/returns/build';
import { planTenders, refundForLines, type RefundChoice } from '../../shared/returns/refund';
import { makeReturnLine } from '../../shared/returns/testing';
import type { ReturnDoc, ReturnLine, ReturnableSale } from '../../shared/returns/types';

const engines: Engine[] = ['pglite', 'postgres'];
const WEB_KEY = 'returns-web-key-0123456789abcdef';
let seq = 0;

describe.each(engines)('returns on %s', (engine) => {
  const skip = engine === 'postgres' && postgresSkipReason() !== '';
  let db: Db;
  let catalog: RunningCatalog;
  let outboxDir = '';
  let storeA = '';
  let storeB = '';
  let a1: EnrollResponse;
  let a2: EnrollResponse;
  let b1: EnrollResponse;
  const staff: Record<string, { associate: string; manager: string }> = {};

  async function staffOf(storeId: string): Promise<{ associate: string; manager: string }> {
    const res = await db.query<{ id: string; role: string }>(`SELECT id, data->>'role' AS role FROM docs WHERE collection = 'staff' AND scope = $1 AND (data->>'active')::boolean ORDER BY id`, [storeId]);
    return { associate: res.rows.find((r) => r.role === 'associate')?.id ?? '', manager: res.rows.find((r) => r.role === 'manager')?.id ?? '' };
  }

  async function orderOf(id: string): Promise<Order> {
    const o = (await db.query<{ data: Order }>('SELECT data FROM orders WHERE id = $1', [id])).rows[0]?.data;
    if (!o) throw new Error(`no order ${id}`);
    return o;
  }

  /** A return as a counter makes it: its lines, the policy's verdicts, the tender plan, settled. */
  function counterReturn(device: EnrollResponse, sale: ReturnableSale, lines: ReturnLine[], choice: RefundChoice, options: { online?: boolean; receipt?: string } = {}): ReturnDoc {
    const at = new Date().toISOString();
    const id = `ret_${device.deviceId}_${++seq}`;
    const who = staff[device.storeId]?.associate ?? '';
    const verdicts = assessReturn({ policy: DEFAULT_RETURN_POLICY, now: at, sale, returnedBefore: {}, lines, customer: null, exchangeProducts: {}, receiptlessUnitValue: {} }).verdicts;
    const doc = newReturnDoc({ id, storeId: device.storeId, sale, receipt: options.receipt ? { kind: 'code', code: options.receipt } : { kind: 'order', code: '' }, customerId: '', currency: sale.currency, lines, verdicts, offline: options.online === false }, { eventId: `${id}:c`, at, staffId: who, deviceId: device.deviceId });
    const amount = refundForLines(sale, lines, {}, DEFAULT_RETURN_POLICY).total;
    const plan = planTenders({ sale, amount, refundedByTender: [], refundedTotal: 0, choice, online: options.online ?? true, hasCustomer: false, policy: DEFAULT_RETURN_POLICY, offlineCashGiven: 0 });
    if (!plan.ok) throw new Error(plan.why);
    return withEvent(doc, tenderedEvent(plan.allocations, 0, { eventId: `${id}:t`, at, staffId: who, deviceId: device.deviceId }));
  }

  async function push(device: EnrollResponse, doc: ReturnDoc): Promise<{ status: number; body: unknown }> {
    return postJson(`${catalog.baseUrl}${API_PREFIX}/sync/returns/push`, device.token, [{ newDocumentState: { ...doc, _deleted: false }, assumedMasterState: null }]);
  }

  async function stored(id: string): Promise<ReturnDoc> {
    const d = (await db.query<{ data: ReturnDoc }>(`SELECT data FROM docs WHERE collection = 'returns' AND id = $1`, [id])).rows[0]?.data;
    if (!d) throw new Error(`no return ${id}`);
    return d;
  }

  async function onHand(storeId: string, variantId: string): Promise<number> {
    const d = (await db.query<{ n: number }>(`SELECT (data->>'onHand')::int AS n FROM docs WHERE collection = 'inventory' AND id = $1`, [`${storeId}:${variantId}`])).rows[0];
    return d?.n ?? 0;
  }

  const count = async (sql: string, params: unknown[]): Promise<number> => Number((await db.query<{ n: number }>(sql, params)).rows[0]?.n ?? 0);

  beforeAll(async () => {
    if (skip) return;
    db = (await openTestDb(engine)).db;
    await seedDemo(db, { seed: 9, variants: 20 });
    await db.query(`INSERT INTO customers (id, first_name, last_name, email) VALUES ('cus_demo0000001', 'Alex', 'Morgan', 'alex.morgan@example.com')`);
    await seedReturnDemo(db);
    outboxDir = mkdtempSync(path.join(tmpdir(), 'aisle-returns-outbox-'));
    catalog = await startCatalog(db, { pickups: { jobs: false, sender: fileSender(outboxDir), channelKeys: `web:${WEB_KEY}` } });
    [storeA = '', storeB = ''] = (await db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'stores' ORDER BY id LIMIT 2`)).rows.map((r) => r.id);
    a1 = await enroll(catalog.baseUrl, db, storeA, 'counter');
    a2 = await enroll(catalog.baseUrl, db, storeA, 'counter');
    b1 = await enroll(catalog.baseUrl, db, storeB, 'counter');
    staff[storeA] = await staffOf(storeA);
    staff[storeB] = await staffOf(storeB);
  });

  afterAll(async () => {
    await catalog?.close();
    await db?.close();
    if (outboxDir) rmSync(outboxDir, { recursive: true, force: true });
  });

  it.skipIf(skip)('a shipped web order returned at a store by its receipt code: refund to the card, the item becomes this store’s stock, the customer is e-mailed', async () => {
    const code = (await getJson(`${catalog.baseUrl}${RETURNS_PREFIX}/orders/${RETURN_DEMO_ORDERS.web}/receipt`, a1.token)).body as { receiptCode: string };
    const verified = await postJson(`${catalog.baseUrl}${RETURNS_PREFIX}/receipts/verify`, a1.token, { code: code.receiptCode });
    expect(verified.status).toBe(200);
    const { sale } = verified.body as ReturnableOrder;
    const line = sale.lines[1];
    if (!line) throw new Error('demo order has two lines');
    const before = await onHand(storeA, line.variantId);
    const doc = counterReturn(a1, sale, [makeReturnLine({ orderLineId: line.id, variantId: line.variantId, sku: line.sku, quantity: 1 })], 'original', { receipt: code.receiptCode });
    const res = await push(a1, doc);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const settled = await stored(doc.id);
    expect(settled.status).toBe('completed');
    // Half of a 2-unit line: its net and tax as charged, prorated by unit (the order discount included).
    const expected = Math.floor(line.net / 2) + Math.floor(line.tax / 2);
    expect(settled.refundTotal).toBe(expected);
    const refunded = settled.events.find((e) => e.type === 'refunded');
    expect(refunded?.type === 'refunded' ? refunded.allocations : null).toEqual([{ tender: 'card', originalIndex: 0, amount: expected, pending: false }]);
    expect(await onHand(storeA, line.variantId)).toBe(before + 1);
    expect(await count(`SELECT count(*)::float8 AS n FROM outbox WHERE kind = 'refund' AND pickup_id = $1 AND recipient = 'alex.morgan@example.com'`, [doc.id])).toBe(1);
    // The device adopts the server's events (sent back as the conflict).
    expect(JSON.stringify(res.body)).toContain('"type":"refunded"');
    // The outbox job delivers the refund e-mail.
    expect((await catalog.server.pickupJobs.runOnce()).sent).toBeGreaterThanOrEqual(1);
    const mails = readdirSync(outboxDir).map((f) => readFileSync(path.join(outboxDir, f), 'utf8'));
    expect(mails.some((m) => m.includes('alex.morgan@example.com') && m.includes('W-RET-1001') && m.includes(doc.id))).toBe(true);
  });

  it.skipIf(skip)('a refund retried after a dropped response refunds once, and its stock moves once', async () => {
    const sale = saleFromOrder(await orderOf(RETURN_DEMO_ORDERS.web));
    const line = sale.lines[0];
    if (!line) throw new Error('no line');
    const before = await onHand(storeB, line.variantId);
    const doc = counterReturn(b1, sale, [makeReturnLine({ orderLineId: line.id, variantId: line.variantId, sku: line.sku })], 'original');
    // The first push is cut off by the client as soon as it is sent; the server may or may not have settled it.
    const abort = new AbortController();
    const first = fetch(`${catalog.baseUrl}${API_PREFIX}/sync/returns/push`, { method: 'POST', headers: deviceHeaders(b1.token), body: JSON.stringify([{ newDocumentState: { ...doc, _deleted: false }, assumedMasterState: null }]), signal: abort.signal });
    setTimeout(() => abort.abort(), 1);
    await first.then(
      () => undefined,
      () => undefined,
    );
    for (let i = 0; i < 3; i++) expect((await push(b1, doc)).status).toBe(200);
    expect(await count('SELECT count(*)::float8 AS n FROM payment_refunds WHERE idempotency_key = $1', [doc.id])).toBe(1);
    expect(await count(`SELECT count(*)::float8 AS n FROM returns WHERE id = $1 AND outcome = 'refunded'`, [doc.id])).toBe(1);
    expect(await onHand(storeB, line.variantId)).toBe(before + 1);
    expect((await stored(doc.id)).events.filter((e) => e.type === 'refunded')).toHaveLength(1);
  });

  it.skipIf(skip)('concurrent returns of the last returnable unit from two stores: exactly one is refunded, the other is kept and flagged', async () => {
    const sale = saleFromOrder(await orderOf(RETURN_DEMO_ORDERS.store));
    const line = sale.lines[0];
    if (!line || line.quantity !== 1) throw new Error('S-RET-2001 line 1 has one unit');
    const fromA = counterReturn(a2, sale, [makeReturnLine({ orderLineId: line.id, variantId: line.variantId, sku: line.sku })], 'gift-card');
    const fromB = counterReturn(b1, sale, [makeReturnLine({ orderLineId: line.id, variantId: line.variantId, sku: line.sku })], 'gift-card');
    const results = await Promise.all([push(a2, fromA), push(b1, fromB)]);
    for (const r of results) expect(r.status, JSON.stringify(r.body)).toBe(200);
    const docs = [await stored(fromA.id), await stored(fromB.id)];
    expect(docs.map((d) => d.status).sort()).toEqual(['completed', 'flagged']);
    expect(docs.find((d) => d.status === 'flagged')?.flags).toEqual(['RACED']);
    expect(await count('SELECT count(*)::float8 AS n FROM payment_refunds WHERE order_id = $1', [sale.orderId])).toBe(1);
    expect(await count('SELECT returned::float8 AS n FROM return_ledger WHERE order_id = $1 AND line_id = $2', [sale.orderId, line.id])).toBe(1);
  });

  it.skipIf(skip)('any interleaving of two offline devices returning the same unit (pushes, retries, each adopting the other’s copy) gives one refund and one flagged return', async () => {
    const template = await orderOf(RETURN_DEMO_ORDERS.old);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(0, 1), { minLength: 2, maxLength: 6 }), async (order) => {
        const id = `ord_race_${engine}_${++seq}`;
        await insertOrder(db, { ...template, id, orderNumber: `R-${seq}`, placedAt: new Date().toISOString(), deliveredAt: new Date().toISOString() }, 'in-store');
        const sale = saleFromOrder(await orderOf(id));
        const line = sale.lines[0];
        if (!line) throw new Error('no line');
        const devices = [a1, a2] as const;
        const docs = devices.map((d) => counterReturn(d, sale, [makeReturnLine({ orderLineId: line.id, variantId: line.variantId, sku: line.sku })], 'gift-card', { online: false }));
        const shelf = await onHand(storeA, line.variantId);
        // Each device pushes in the drawn order, retries included; both always push at least once.
        for (const i of [...order, 0, 1]) expect((await push(devices[i] ?? a1, docs[i] as ReturnDoc)).status).toBe(200);
        // The unit is back on this store's shelf once.
        expect(await onHand(storeA, line.variantId)).toBe(shelf + 1);
        const out = [await stored(docs[0]!.id), await stored(docs[1]!.id)];
        expect(out.map((d) => d.status).sort()).toEqual(['completed', 'flagged']);
        expect(await count('SELECT count(*)::float8 AS n FROM payment_refunds WHERE order_id = $1', [id])).toBe(1);
        expect(await count('SELECT count(*)::float8 AS n FROM gift_cards WHERE return_id = ANY($1::text[])', [docs.map((d) => d.id)])).toBe(1);
      }),
      { numRuns: engine === 'pglite' ? 8 : 5 },
    );
  });

  it.skipIf(skip)('a tampered receipt code is refused: 400 naming the code at the counter, flagged and not refunded when pushed', async () => {
    const { receiptCode } = (await getJson(`${catalog.baseUrl}${RETURNS_PREFIX}/orders/${RETURN_DEMO_ORDERS.store}/receipt`, a1.token)).body as { receiptCode: string };
    const payload = receiptCode.split('.')[1] ?? '';
    const tampered = receiptCode.replace(payload, `${payload.slice(0, 20)}${payload[20] === 'A' ? 'B' : 'A'}${payload.slice(21)}`);
    const res = await postJson(`${catalog.baseUrl}${RETURNS_PREFIX}/receipts/verify`, a1.token, { code: tampered });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: '/code' }] });
    const sale = saleFromOrder(await orderOf(RETURN_DEMO_ORDERS.store));
    const line = sale.lines[1];
    if (!line) throw new Error('no line');
    const doc = counterReturn(a1, sale, [makeReturnLine({ orderLineId: line.id, variantId: line.variantId, sku: line.sku })], 'original', { receipt: tampered });
    expect((await push(a1, doc)).status).toBe(200);
    const settled = await stored(doc.id);
    expect(settled.status).toBe('flagged');
    expect(settled.flags).toEqual(['RECEIPT_INVALID']);
    expect(await count('SELECT count(*)::float8 AS n FROM payment_refunds WHERE idempotency_key = $1', [doc.id])).toBe(0);
  });

  it.skipIf(skip)('bad payloads are refused with 400 naming the field, and nothing is stored', async () => {
    const sale = saleFromOrder(await orderOf(RETURN_DEMO_ORDERS.web));
    const doc = counterReturn(a1, sale, [makeReturnLine({ orderLineId: 'l1', variantId: sale.lines[0]?.variantId ?? '' })], 'original');
    const broken = JSON.parse(JSON.stringify(doc)) as { events: { lines?: Record<string, unknown>[] }[] };
    const created = broken.events.find((e) => e.lines);
    if (created?.lines?.[0]) created.lines[0]['reason'] = 'BORED';
    const res = await postJson(`${catalog.baseUrl}${API_PREFIX}/sync/returns/push`, a1.token, [{ newDocumentState: { ...broken, _deleted: false }, assumedMasterState: null }]);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/lines\/0\/reason/);
    const other = await postJson(`${catalog.baseUrl}${RETURNS_PREFIX}/receipts/verify`, a1.token, { code: 42 });
    expect(other).toMatchObject({ status: 400, body: { details: [{ path: '/code' }] } });
    const lookup = await getJson(`${catalog.baseUrl}${RETURNS_PREFIX}/orders?last4=42`, a1.token);
    expect(lookup).toMatchObject({ status: 400, body: { details: [{ path: '/last4' }] } });
    expect(await count(`SELECT count(*)::float8 AS n FROM docs WHERE collection = 'returns' AND id = $1`, [doc.id])).toBe(0);
    // An approval by someone who is not a manager: 403, nothing stored.
    const byAssociate = withEvent(doc, approvalEvent(['r1'], true, 'I say so', 'offline', { eventId: `${doc.id}:a`, at: new Date().toISOString(), deviceId: a1.deviceId, staffId: staff[storeA]?.associate ?? '' }));
    expect((await push(a1, byAssociate)).status).toBe(403);
    expect(await count(`SELECT count(*)::float8 AS n FROM docs WHERE collection = 'returns' AND id = $1`, [doc.id])).toBe(0);
  });

  it.skipIf(skip)('managers see flagged returns and KPIs; associates and sessionless requests do not', async () => {
    const url = `${catalog.baseUrl}${RETURNS_PREFIX}/manager/flagged`;
    expect((await getJson(url, b1.token)).status).toBe(401);
    const assoc = await createStaffSession(db, { deviceId: b1.deviceId, deviceName: 'test counter', storeId: storeB, role: 'counter' }, staff[storeB]?.associate ?? '');
    const mgr = await createStaffSession(db, { deviceId: b1.deviceId, deviceName: 'test counter', storeId: storeB, role: 'counter' }, staff[storeB]?.manager ?? '');
    const as = async (path: string, s: { id: string; key: string }): Promise<{ status: number; body: unknown }> => {
      const r = await fetch(`${catalog.baseUrl}${RETURNS_PREFIX}${path}`, { headers: { ...deviceHeaders(b1.token), [STAFF_SESSION_HEADER]: `${s.id}.${s.key}` } });
      return { status: r.status, body: await r.json() };
    };
    expect((await as('/manager/flagged', assoc)).status).toBe(403);
    const flagged = await as('/manager/flagged', mgr);
    expect(flagged.status).toBe(200);
    expect((flagged.body as { returns: ReturnDoc[] }).returns.every((r) => r.storeId === storeB && r.flags.length > 0)).toBe(true);
    const kpis = await as('/kpis', mgr);
    expect(kpis.status).toBe(200);
    expect(kpis.body).toMatchObject({ storeId: storeB });
    const k = kpis.body as { refundsByTender: { tender: string; amount: number }[]; rateByChannel: { channel: string; returned: number }[]; byReason: { reason: string }[] };
    expect(k.refundsByTender.find((t) => t.tender === 'card')?.amount).toBeGreaterThan(0);
    expect(k.rateByChannel.find((c) => c.channel === 'web')?.returned).toBeGreaterThan(0);
  });
  it.skipIf(skip)('offline: a manager approves an out-of-window return, store credit is pending, and is credited once when it syncs', async () => {
    const sale = saleFromOrder(await orderOf(RETURN_DEMO_ORDERS.old));
    const line = sale.lines[0];
    if (!line) throw new Error('no line');
    const at = new Date().toISOString();
    const id = `ret_${a1.deviceId}_${++seq}`;
    const lines = [makeReturnLine({ orderLineId: line.id, variantId: line.variantId, sku: line.sku, reason: 'DEFECTIVE', disposition: 'damaged' })];
    const a = assessReturn({ policy: DEFAULT_RETURN_POLICY, now: at, sale, returnedBefore: {}, lines, customer: null, exchangeProducts: {}, receiptlessUnitValue: {} });
    expect(a.needsManager).toEqual(['r1']);
    const who = { at, deviceId: a1.deviceId };
    let doc = newReturnDoc({ id, storeId: storeA, sale, receipt: { kind: 'order', code: '' }, customerId: 'cus_demo0000001', currency: sale.currency, lines, verdicts: a.verdicts, offline: true }, { ...who, eventId: `${id}:c`, staffId: staff[storeA]?.associate ?? '' });
    expect(doc.status).toBe('awaiting-approval');
    doc = withEvent(doc, approvalEvent(['r1'], false, 'defective, customer known to us', 'offline', { ...who, eventId: `${id}:a`, staffId: staff[storeA]?.manager ?? '' }));
    const amount = refundForLines(sale, lines, {}, DEFAULT_RETURN_POLICY).total;
    const plan = planTenders({ sale, amount, refundedByTender: [], refundedTotal: 0, choice: 'store-credit', online: false, hasCustomer: true, policy: DEFAULT_RETURN_POLICY, offlineCashGiven: 0 });
    expect(plan).toMatchObject({ ok: true, allocations: [{ tender: 'store-credit', pending: true }] });
    if (!plan.ok) return;
    doc = withEvent(doc, tenderedEvent(plan.allocations, 0, { ...who, eventId: `${id}:t`, staffId: staff[storeA]?.associate ?? '' }));
    const balance = async (): Promise<number> => ((await getJson(`${catalog.baseUrl}${RETURNS_PREFIX}/store-credit/cus_demo0000001`, a1.token)).body as { balance: number }).balance;
    // Not on the server before it syncs: nothing to spend.
    const before = await balance();
    const damagedBefore = await count('SELECT coalesce(sum(quantity), 0)::float8 AS n FROM return_stock WHERE store_id = $1 AND variant_id = $2', [storeA, line.variantId]);
    for (let i = 0; i < 2; i++) expect((await push(a1, doc)).status).toBe(200);
    expect(await balance()).toBe(before + amount);
    expect(await count('SELECT coalesce(sum(quantity), 0)::float8 AS n FROM return_stock WHERE store_id = $1 AND variant_id = $2', [storeA, line.variantId])).toBe(damagedBefore + 1);
    const settled = await stored(id);
    expect(settled.status).toBe('completed');
    const refunded = settled.events.find((e) => e.type === 'refunded');
    expect(refunded?.type === 'refunded' ? refunded.allocations : null).toEqual([{ tender: 'store-credit', originalIndex: -1, amount, pending: false }]);
  });

  it.skipIf(skip)('an exchange for another variant of the same product at the same price: nothing refunded, nothing to collect, the new variant leaves this store’s shelf', async () => {
    const sale = saleFromOrder(await orderOf(RETURN_DEMO_ORDERS.store));
    const line = sale.lines[1];
    if (!line) throw new Error('no line');
    const product = (await db.query<{ p: string }>(`SELECT data->>'productId' AS p FROM docs WHERE collection = 'variants' AND id = $1`, [line.variantId])).rows[0]?.p ?? '';
    const sibling = (await db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'variants' AND data->>'productId' = $1 AND id <> $2 ORDER BY id LIMIT 1`, [product, line.variantId])).rows[0]?.id;
    if (!sibling) throw new Error('the demo product has one variant only');
    const [returnedBefore, siblingBefore] = [await onHand(storeA, line.variantId), await onHand(storeA, sibling)];
    const lines = [makeReturnLine({ orderLineId: line.id, variantId: line.variantId, productId: product, sku: line.sku, reason: 'SIZE_TOO_LARGE', exchangeVariantId: sibling, exchangePrice: line.net + line.tax })];
    const doc = counterReturn(a1, sale, lines, 'original');
    // counterReturn tendered the full refund; the server nets the exchange against it.
    expect((await push(a1, doc)).status).toBe(200);
    const settled = await stored(doc.id);
    expect(settled.status).toBe('completed');
    expect(settled.refundTotal).toBe(0);
    expect(await onHand(storeA, line.variantId)).toBe(returnedBefore + 1);
    expect(await onHand(storeA, sibling)).toBe(siblingBefore - 1);
  });
  it.skipIf(skip)('an order placed through the order API answers with its signed receipt code, which any store verifies', async () => {
    const sku = (await db.query<{ sku: string }>(`SELECT data->>'sku' AS sku FROM docs WHERE collection = 'variants' ORDER BY id LIMIT 1`)).rows[0]?.sku ?? '';
    const res = await fetch(`${catalog.baseUrl}${API_PREFIX}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-aisle-channel-key': WEB_KEY },
      body: JSON.stringify({ channel: 'web', fulfilment: { type: 'ship' }, customer: { email: 'receipt@example.com' }, lines: [{ sku, quantity: 1, unitPrice: { amount: 4200, currency: 'USD' } }], tax: 336 }),
    });
    const placed = (await res.json()) as { orderId: string; receiptCode?: string };
    expect(res.status, JSON.stringify(placed)).toBe(201);
    expect(placed.receiptCode).toMatch(/^AR1\./);
    const verified = await postJson(`${catalog.baseUrl}${RETURNS_PREFIX}/receipts/verify`, b1.token, { code: placed.receiptCode });
    expect(verified.status).toBe(200);
    expect((verified.body as ReturnableOrder).sale).toMatchObject({ orderId: placed.orderId, lines: [{ quantity: 1, net: 4200, tax: 336 }] });
  });
});
