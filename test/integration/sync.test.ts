/**
 * The sync protocol against a real server over real HTTP, on PGlite and on PostgreSQL: enrollment and auth
 * failures, pull order and scoping, push with conflicts and idempotent retries, bad payloads, the schema gate,
 * and the SSE stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { openTestDb, postgresSkipReason, type Engine } from '../support/databases';
import { deviceHeaders, enroll, getJson, postJson, startCatalog, type RunningCatalog } from '../support/catalog';
import { readSse } from '../support/sse';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { createEnrollmentCode, revokeDevice } from '../../server/auth';
import { writeDocs } from '../../server/sync/revisions';
import { API_PREFIX, SCHEMA_HEADER, SCHEMA_VERSION, type EnrollResponse, type PullResponse } from '../../shared/sync';
import type { NoteDoc, VariantDoc, InventoryDoc } from '../../shared/schemas/collections';

const VARIANTS = 300;

/** An active associate of a demo store (store-00N → staff_N002): the server refuses notes by anyone else. */
function demoAssociate(storeId: string): string {
  return `staff_${Number(storeId.slice(-3))}002`;
}

function note(storeId: string, overrides: Partial<NoteDoc> = {}): NoteDoc & { _deleted: boolean } {
  const now = new Date().toISOString();
  return { id: `note_${randomUUID()}`, storeId, productId: 'p1', variantId: '', text: 'display model scuffed', staffId: demoAssociate(storeId), deviceId: 'dev', createdAt: now, updatedAt: now, signedInOffline: true, _deleted: false, ...overrides };
}

async function pullAll<T>(baseUrl: string, token: string, collection: string, limit = 100): Promise<{ docs: T[]; revs: number[] }> {
  const docs: T[] = [];
  const revs: number[] = [];
  let rev = 0;
  for (;;) {
    const { status, body } = await getJson(`${baseUrl}${API_PREFIX}/sync/${collection}/pull?rev=${rev}&limit=${limit}`, token);
    expect(status).toBe(200);
    const page = body as PullResponse<T>;
    if (page.documents.length === 0) return { docs, revs };
    expect(page.checkpoint.rev).toBeGreaterThan(rev);
    revs.push(page.checkpoint.rev);
    docs.push(...page.documents);
    rev = page.checkpoint.rev;
  }
}

const engines: Engine[] = ['pglite', 'postgres'];

describe.each(engines)('sync protocol on %s', (engine) => {
  const skip = engine === 'postgres' && postgresSkipReason() !== '';
  let db: Db;
  let catalog: RunningCatalog;
  let counter: EnrollResponse;
  let otherStore: EnrollResponse;
  let kiosk: EnrollResponse;
  let storeIds: string[];

  beforeAll(async () => {
    if (skip) return;
    db = (await openTestDb(engine)).db;
    await seedDemo(db, { seed: 7, variants: VARIANTS });
    catalog = await startCatalog(db);
    const stores = await db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'stores' ORDER BY id`);
    storeIds = stores.rows.map((r) => r.id);
    counter = await enroll(catalog.baseUrl, db, storeIds[0] ?? '', 'counter');
    otherStore = await enroll(catalog.baseUrl, db, storeIds[1] ?? '', 'counter');
    kiosk = await enroll(catalog.baseUrl, db, storeIds[0] ?? '', 'kiosk');
  });

  afterAll(async () => {
    await catalog?.close();
    await db?.close();
  });

  it.skipIf(skip)('enrollment codes are one-time; missing, wrong and revoked tokens get 401 with a reason', async () => {
    const { code } = await createEnrollmentCode(db, storeIds[0] ?? '', 'counter');
    const first = await fetch(`${catalog.baseUrl}${API_PREFIX}/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: code.toLowerCase(), deviceName: 'till 2' }) });
    expect(first.status).toBe(200);
    const device = (await first.json()) as EnrollResponse;
    const again = await fetch(`${catalog.baseUrl}${API_PREFIX}/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceName: 'till 3' }) });
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ code: 'ENROLLMENT_CODE_INVALID', message: expect.stringMatching(/already been used/) as unknown });
    const wrong = await fetch(`${catalog.baseUrl}${API_PREFIX}/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'NOPE1-NOPE2' }) });
    expect(wrong.status).toBe(401);

    const url = `${catalog.baseUrl}${API_PREFIX}/sync/variants/pull?rev=0&limit=1`;
    const none = await fetch(url, { headers: { [SCHEMA_HEADER]: String(SCHEMA_VERSION) } });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/Missing device token/) as unknown });
    expect((await getJson(url, 'aisle_not-a-token')).status).toBe(401);
    expect((await getJson(url, device.token)).status).toBe(200);
    await revokeDevice(db, device.deviceId);
    const revoked = await getJson(url, device.token);
    expect(revoked.status).toBe(401);
    expect(revoked.body).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/revoked/) as unknown });
  });

  it.skipIf(skip)('pulls every variant once, in server revision order, across batches', async () => {
    const { docs, revs } = await pullAll<VariantDoc>(catalog.baseUrl, counter.token, 'variants', 64);
    expect(docs).toHaveLength(VARIANTS);
    expect(new Set(docs.map((d) => d.id)).size).toBe(VARIANTS);
    expect([...revs].sort((a, b) => a - b)).toEqual(revs);
  });

  it.skipIf(skip)('reports how many rows remain, for the first-sync progress bar', async () => {
    const { body } = await getJson(`${catalog.baseUrl}${API_PREFIX}/sync/variants/pull?rev=0&limit=100`, counter.token);
    expect((body as PullResponse<VariantDoc>).remaining).toBe(VARIANTS - 100);
  });

  it.skipIf(skip)("a device never receives another store's store-scoped rows", async () => {
    const mine = await pullAll<InventoryDoc>(catalog.baseUrl, counter.token, 'inventory', 500);
    expect(mine.docs).toHaveLength(VARIANTS);
    expect(new Set(mine.docs.map((d) => d.storeId))).toEqual(new Set([counter.storeId]));
    const staff = await pullAll<{ storeId: string }>(catalog.baseUrl, otherStore.token, 'staff');
    expect(staff.docs.length).toBeGreaterThan(0);
    expect(staff.docs.every((s) => s.storeId === otherStore.storeId)).toBe(true);
  });

  it.skipIf(skip)('kiosks receive no staff or notes', async () => {
    const res = await getJson(`${catalog.baseUrl}${API_PREFIX}/sync/staff/pull?rev=0`, kiosk.token);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'FORBIDDEN' });
  });

  it.skipIf(skip)('an outdated app gets 426', async () => {
    const res = await fetch(`${catalog.baseUrl}${API_PREFIX}/sync/variants/pull?rev=0`, { headers: { authorization: `Bearer ${counter.token}`, [SCHEMA_HEADER]: String(SCHEMA_VERSION - 1) } });
    expect(res.status).toBe(426);
    expect(await res.json()).toMatchObject({ code: 'SCHEMA_OUTDATED' });
  });

  it.skipIf(skip)('push applies new documents, returns master state on conflict, and is idempotent on retry', async () => {
    const pushUrl = `${catalog.baseUrl}${API_PREFIX}/sync/notes/push`;
    const doc = note(counter.storeId);
    const first = await postJson(pushUrl, counter.token, [{ newDocumentState: doc, assumedMasterState: null }]);
    expect(first).toEqual({ status: 200, body: [] });
    const revBefore = await db.query<{ rev: string }>(`SELECT rev::text FROM docs WHERE collection = 'notes' AND id = $1`, [doc.id]);

    // The response was lost; the device retries the very same push: applied once, no conflict, no new revision.
    const retry = await postJson(pushUrl, counter.token, [{ newDocumentState: doc, assumedMasterState: null }]);
    expect(retry).toEqual({ status: 200, body: [] });
    const revAfter = await db.query<{ rev: string }>(`SELECT rev::text FROM docs WHERE collection = 'notes' AND id = $1`, [doc.id]);
    expect(revAfter.rows).toEqual(revBefore.rows);

    // Two devices edit the same note from the same base: the second gets the first one's state back.
    const a = { ...doc, text: 'moved to aisle 4', updatedAt: new Date().toISOString() };
    const b = { ...doc, text: 'sold out display', updatedAt: new Date().toISOString() };
    expect((await postJson(pushUrl, counter.token, [{ newDocumentState: a, assumedMasterState: doc }])).body).toEqual([]);
    const conflict = await postJson(pushUrl, counter.token, [{ newDocumentState: b, assumedMasterState: doc }]);
    expect(conflict.status).toBe(200);
    expect(conflict.body).toEqual([expect.objectContaining({ id: doc.id, text: 'moved to aisle 4', _deleted: false })]);

    const pulled = await pullAll<NoteDoc>(catalog.baseUrl, counter.token, 'notes');
    expect(pulled.docs.find((n) => n.id === doc.id)?.text).toBe('moved to aisle 4');
  });

  it.skipIf(skip)('bad payloads get 4xx listing the bad fields, and nothing is stored', async () => {
    const pushUrl = `${catalog.baseUrl}${API_PREFIX}/sync/notes/push`;
    const count = async (): Promise<number> => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM docs WHERE collection = 'notes'`)).rows[0]?.n ?? -1;
    const before = await count();
    const good = note(counter.storeId);
    const bad = { ...note(counter.storeId), text: '', createdAt: 12 };
    const res = await postJson(pushUrl, counter.token, [{ newDocumentState: good, assumedMasterState: null }, { newDocumentState: bad, assumedMasterState: null }]);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    const paths = ((res.body as { details: { path: string }[] }).details ?? []).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['/1/newDocumentState/text', '/1/newDocumentState/createdAt']));
    expect(await count()).toBe(before);

    const notJson = await postJson(pushUrl, counter.token, '{"oops":');
    expect(notJson.status).toBe(400);
    expect(notJson.body).toMatchObject({ code: 'BAD_REQUEST' });
    const notArray = await postJson(pushUrl, counter.token, { newDocumentState: good });
    expect(notArray.status).toBe(400);
    const otherStoreDoc = await postJson(pushUrl, counter.token, [{ newDocumentState: note(otherStore.storeId), assumedMasterState: null }]);
    expect(otherStoreDoc.status).toBe(400);
    expect(JSON.stringify(otherStoreDoc.body)).toMatch(/storeId/);
    const inventory = await postJson(`${catalog.baseUrl}${API_PREFIX}/sync/inventory/push`, counter.token, []);
    expect(inventory.status).toBe(403);
    expect(await count()).toBe(before);
  });

  it.skipIf(skip)('streams a change event when the catalog changes, and the pull delivers it', async () => {
    const ac = new AbortController();
    const res = await fetch(`${catalog.baseUrl}${API_PREFIX}/sync/stream`, { headers: deviceHeaders(counter.token), signal: ac.signal });
    expect(res.status).toBe(200);
    const events = readSse(res);
    expect(await events.next()).toMatchObject({ type: 'hello' });
    const { docs } = await pullAll<VariantDoc>(catalog.baseUrl, counter.token, 'variants', 1000);
    const checkpoint = (await getJson(`${catalog.baseUrl}${API_PREFIX}/sync/variants/pull?rev=0&limit=5000`, counter.token)).body as PullResponse<VariantDoc>;
    const v = docs[0];
    if (!v) throw new Error('no variants');
    await db.transaction((tx) => writeDocs(tx, 'variants', [{ id: v.id, scope: '', data: { ...v, _deleted: undefined, price: { amount: v.price.amount + 100, currency: v.price.currency } } }], 'test'));
    const change = await events.next();
    expect(change).toMatchObject({ type: 'change', collection: 'variants' });
    const after = (await getJson(`${catalog.baseUrl}${API_PREFIX}/sync/variants/pull?rev=${checkpoint.checkpoint.rev}`, counter.token)).body as PullResponse<VariantDoc>;
    expect(after.documents).toEqual([expect.objectContaining({ id: v.id, price: { amount: v.price.amount + 100, currency: v.price.currency } })]);
    ac.abort();
  });

  it.skipIf(skip)('gives stock in the other stores sorted by distance', async () => {
    const inv = await pullAll<InventoryDoc>(catalog.baseUrl, counter.token, 'inventory', 500);
    const variantId = inv.docs[0]?.variantId ?? '';
    const res = await getJson(`${catalog.baseUrl}${API_PREFIX}/inventory/${variantId}/nearby`, counter.token);
    expect(res.status).toBe(200);
    const rows = res.body as { storeId: string; distanceKm: number }[];
    expect(rows.length).toBe(storeIds.length - 1);
    expect(rows.map((r) => r.storeId)).not.toContain(counter.storeId);
    expect(rows.map((r) => r.distanceKm)).toEqual([...rows.map((r) => r.distanceKm)].sort((a, b) => a - b));
  });
});
