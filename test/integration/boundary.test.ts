/**
 * The request boundary over real HTTP, on PGlite and PostgreSQL: strings PostgreSQL cannot store (NUL, unpaired
 * surrogates) anywhere in a body, a route parameter or the query get a 400 naming the field instead of a 500;
 * error bodies list at most 20 problems and count the rest; bodies nested too deep are refused; /readyz says
 * ready and nothing more; the rate limits answer 429 with Retry-After and a stable code, per address and per
 * device token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { openTestDb, postgresSkipReason, type Engine } from '../support/databases';
import { deviceHeaders, enroll, getJson, startCatalog, type RunningCatalog } from '../support/catalog';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { API_PREFIX, type EnrollResponse, type PullResponse } from '../../shared/sync';
import type { NoteDoc } from '../../shared/schemas/collections';
import type { TransferableError } from '../../shared/errors';
import { RATE_LIMITS } from '../../server/security/rateLimits';
import { enroll as enrollFromApp } from '../../renderer/data/enroll';

const WEB_KEY = 'boundary-web-key-0123456789abcdef';

function note(storeId: string, overrides: Partial<NoteDoc> = {}): NoteDoc & { _deleted: boolean } {
  const now = new Date().toISOString();
  // Attributed to the store's first demo associate: the server refuses notes by anyone not active at the store.
  return { id: `note_${randomUUID()}`, storeId, productId: 'p1', variantId: '', text: 'fine', staffId: `staff_${Number(storeId.slice(-3))}002`, deviceId: 'dev', createdAt: now, updatedAt: now, _deleted: false, ...overrides };
}

async function send(url: string, init: RequestInit): Promise<{ status: number; body: TransferableError & Record<string, unknown>; bytes: number; headers: Headers }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as TransferableError & Record<string, unknown>, bytes: text.length, headers: res.headers };
}

const engines: Engine[] = ['pglite', 'postgres'];

describe.each(engines)('request boundary on %s', (engine) => {
  const skip = engine === 'postgres' && postgresSkipReason() !== '';
  let db: Db;
  let catalog: RunningCatalog;
  let counter: EnrollResponse;
  let storeId: string;

  const push = (body: string, token = counter.token): Promise<Awaited<ReturnType<typeof send>>> =>
    send(`${catalog.baseUrl}${API_PREFIX}/sync/notes/push`, { method: 'POST', headers: deviceHeaders(token), body });

  beforeAll(async () => {
    if (skip) return;
    db = (await openTestDb(engine)).db;
    await seedDemo(db, { seed: 3, variants: 20 });
    catalog = await startCatalog(db, { pickups: { channelKeys: `web:${WEB_KEY}`, jobs: false } });
    storeId = (await db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'stores' ORDER BY id LIMIT 1`)).rows[0]?.id ?? '';
    counter = await enroll(catalog.baseUrl, db, storeId, 'counter');
  });

  afterAll(async () => {
    await catalog?.close();
    await db?.close();
  });

  it.skipIf(skip)('a NUL or an unpaired surrogate in a pushed document is a 400 naming the field, and nothing is stored', async () => {
    const cases: [string, string, RegExp][] = [
      [JSON.stringify([{ newDocumentState: note(storeId, { text: 'scuffed\u0000' }), assumedMasterState: null }]), '/0/newDocumentState/text', /NUL/],
      // JSON.stringify writes a lone surrogate as the escape \ud800, which is what a client sends.
      [JSON.stringify([{ newDocumentState: note(storeId, { text: 'a\ud800b' }), assumedMasterState: null }]), '/0/newDocumentState/text', /unpaired surrogate \(U\+D800\)/],
      [JSON.stringify([{ newDocumentState: note(storeId, { text: 'ok\udc00' }), assumedMasterState: null }]), '/0/newDocumentState/text', /unpaired surrogate \(U\+DC00\)/],
      [JSON.stringify([{ newDocumentState: { ...note(storeId), 'x\u0000y': 1 }, assumedMasterState: null }]), '/0/newDocumentState/x\\u0000y', /key contains a NUL/],
      [JSON.stringify([{ newDocumentState: note(storeId), assumedMasterState: { id: 'a\u0000' } }]), '/0/assumedMasterState/id', /NUL/],
    ];
    for (const [body, path, message] of cases) {
      const res = await push(body);
      expect(res.status, body).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details).toContainEqual({ path, message: expect.stringMatching(message) as unknown });
    }
    // A surrogate pair (an emoji) is fine, and is stored as sent.
    const emoji = note(storeId, { text: 'display model 👍' });
    expect((await push(JSON.stringify([{ newDocumentState: emoji, assumedMasterState: null }]))).status).toBe(200);
    const pulled = await getJson(`${catalog.baseUrl}${API_PREFIX}/sync/notes/pull?rev=0&limit=100`, counter.token);
    const docs = (pulled.body as PullResponse<NoteDoc>).documents;
    expect(docs.map((d) => d.text)).toEqual(['display model 👍']);
  });

  it.skipIf(skip)('route parameters and query strings are checked the same way', async () => {
    const nearby = await send(`${catalog.baseUrl}${API_PREFIX}/inventory/abc%00def/nearby`, { headers: deviceHeaders(counter.token) });
    expect(nearby.status).toBe(400);
    expect(nearby.body.details).toContainEqual({ path: 'params/variantId', message: expect.stringMatching(/NUL/) as unknown });
    const resend = await send(`${catalog.baseUrl}${API_PREFIX}/pickups/%00/resend`, { method: 'POST', headers: deviceHeaders(counter.token), body: '{}' });
    expect(resend.status).toBe(400);
    expect(resend.body.details?.[0]?.path).toBe('params/id');
    // Invalid UTF-8 in the path (a lone surrogate's bytes) fails before routing: still a JSON 400.
    const badUrl = await send(`${catalog.baseUrl}${API_PREFIX}/inventory/%ED%A0%80/nearby`, { headers: deviceHeaders(counter.token) });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/malformed request URL/) as unknown });
    const query = await send(`${catalog.baseUrl}${API_PREFIX}/sync/notes/pull?rev=0&note=a%00`, { headers: deviceHeaders(counter.token) });
    expect(query.status).toBe(400);
    expect(query.body.details).toContainEqual({ path: 'query/note', message: expect.stringMatching(/NUL/) as unknown });
  });

  it.skipIf(skip)('an order with a NUL in the customer name is a 400 naming the field; nothing is reserved', async () => {
    const sku = (await db.query<{ sku: string }>(`SELECT data->>'sku' AS sku FROM docs WHERE collection = 'variants' ORDER BY id LIMIT 1`)).rows[0]?.sku ?? '';
    const order = {
      channel: 'web',
      customer: { id: 'c1', firstName: 'Ada\u0000', lastName: 'Lovelace', email: 'ada@example.com', phone: '' },
      pickupStoreId: storeId,
      lines: [{ sku, quantity: 1, unitPrice: { amount: 100, currency: 'USD' } }],
    };
    const res = await send(`${catalog.baseUrl}${API_PREFIX}/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-aisle-channel-key': WEB_KEY }, body: JSON.stringify(order) });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ path: '/customer/firstName', message: expect.stringMatching(/NUL/) as unknown }]);
    const orders = await db.query('SELECT 1 FROM channel_orders');
    expect(orders.rows).toHaveLength(0);
  });

  it.skipIf(skip)('a 1 MB push with 100,000 unknown keys gets a small answer that says how many problems there were', async () => {
    const doc: Record<string, unknown> = { ...note(storeId) };
    for (let i = 0; i < 100_000; i += 1) doc[`k${i}`] = 1;
    const body = JSON.stringify([{ newDocumentState: doc, assumedMasterState: null }]);
    expect(body.length).toBeGreaterThan(1_000_000);
    const res = await push(body);
    expect(res.status).toBe(400);
    expect(res.body.details).toHaveLength(20);
    expect(res.body.omittedDetails).toBe(100_000 - 20);
    expect(res.body.message).toMatch(/100000 invalid field/);
    expect(res.bytes).toBeLessThan(4_000);

    // The same cap for the boundary check: 50,000 NUL strings are counted, 20 listed.
    const nuls = JSON.stringify(Array.from({ length: 50_000 }, () => ({ newDocumentState: { text: '\u0000' } })));
    const many = await push(nuls);
    expect(many.status).toBe(400);
    expect(many.body.details).toHaveLength(20);
    expect(many.body.omittedDetails).toBe(50_000 - 20);
    expect(many.bytes).toBeLessThan(4_000);
  });

  it.skipIf(skip)('a body nested 100,000 levels deep is refused with a 400, and the server stays healthy', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const res = await push(deep);
    expect(res.status).toBe(400);
    expect(res.body.details?.[0]?.message).toMatch(/nested more than 64 levels/);
    const deepObject = `${'{"a":'.repeat(70)}1${'}'.repeat(70)}`;
    const order = await send(`${catalog.baseUrl}${API_PREFIX}/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-aisle-channel-key': WEB_KEY }, body: deepObject });
    expect(order.status).toBe(400);
    expect((await fetch(`${catalog.baseUrl}/healthz`)).status).toBe(200);
  });

  it.skipIf(skip)('/readyz says ready and nothing else', async () => {
    const res = await fetch(`${catalog.baseUrl}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ready: true });
  });

  it.skipIf(skip)('enrollment attempts are limited per address: 429 with Retry-After and a message in words', async () => {
    const max = RATE_LIMITS.enroll.max;
    // One enrollment already happened in beforeAll from this address.
    for (let i = 1; i < max; i += 1) {
      const res = await send(`${catalog.baseUrl}${API_PREFIX}/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: `WRONG-${i}` }) });
      expect(res.status).toBe(401);
    }
    const limited = await send(`${catalog.baseUrl}${API_PREFIX}/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'WRONG-LAST' }) });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(500);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(limited.body).toEqual({ code: 'RATE_LIMITED', message: 'Too many tries — try again in 10 minutes.', retryAfterSeconds: retryAfter });
    expect(limited.headers.get('access-control-expose-headers')).toMatch(/retry-after/);
    // The app's enrollment call (the enroll screen shows its message) says the wait in words.
    await expect(enrollFromApp(catalog.baseUrl, 'WRONG-APP', 'till')).rejects.toMatchObject({ code: 'RATE_LIMITED', message: 'Too many tries — try again in 10 minutes.' });
  });

  it.skipIf(skip)('kiosk check-ins and resends are limited per device token: another device is not held back', async () => {
    // Enrolling is limited now (previous test); make the two kiosks directly in the database's enrollment path.
    const kioskA = await enrollDirect(db, storeId, 'kiosk');
    const kioskB = await enrollDirect(db, storeId, 'kiosk');
    const checkIn = (token: string): Promise<Awaited<ReturnType<typeof send>>> =>
      send(`${catalog.baseUrl}${API_PREFIX}/pickups/check-in`, { method: 'POST', headers: deviceHeaders(token), body: JSON.stringify({ code: 'ABCD-EFGH' }) });
    const perDevice = RATE_LIMITS.checkIn.perDevice?.max ?? 0;
    const resendMax = RATE_LIMITS.resend.perDevice?.max ?? 0;
    expect(Math.min(perDevice, resendMax)).toBeGreaterThan(0);
    for (let i = 0; i < perDevice; i += 1) expect((await checkIn(kioskA)).status).not.toBe(429);
    const limited = await checkIn(kioskA);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await checkIn(kioskB)).status).not.toBe(429);

    // Pushing check-ins through sync draws on the same kind of budget.
    const pushCheckin = (): Promise<Awaited<ReturnType<typeof send>>> =>
      send(`${catalog.baseUrl}${API_PREFIX}/sync/checkins/push`, { method: 'POST', headers: deviceHeaders(kioskB), body: '[]' });
    for (let i = 0; i < perDevice; i += 1) expect((await pushCheckin()).status).toBe(200);
    expect((await pushCheckin()).status).toBe(429);

    const till = await enrollDirect(db, storeId, 'counter');
    const resend = (): Promise<Awaited<ReturnType<typeof send>>> =>
      send(`${catalog.baseUrl}${API_PREFIX}/pickups/nope/resend`, { method: 'POST', headers: deviceHeaders(till), body: '{}' });
    // No staff signed in at this till: each try is refused (403), and still counts against the device's budget.
    for (let i = 0; i < resendMax; i += 1) expect((await resend()).status).toBe(403);
    const tooMany = await resend();
    expect(tooMany.status).toBe(429);
    expect(tooMany.body.message).toBe('Too many tries — try again in 1 minute.');
  });
});

/** A device token made the way POST /enroll makes one (same function), without spending the address's budget. */
async function enrollDirect(db: Db, storeId: string, role: 'counter' | 'kiosk'): Promise<string> {
  const { createEnrollmentCode, enrollDevice } = await import('../../server/auth');
  const { code } = await createEnrollmentCode(db, storeId, role);
  return (await enrollDevice(db, code, `direct ${role}`)).token;
}
