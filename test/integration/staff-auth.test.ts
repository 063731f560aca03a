/**
 * Staff sign-in and attribution over real HTTP, on PGlite and PostgreSQL: online sign-in with the PIN key, the
 * lockout with back-off, PIN resets (admin and a manager's session), nothing PIN-testable in what devices pull, and
 * pushed pickup events and notes checked against staff sessions (proven, marked offline, or refused).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { openTestDb, postgresSkipReason, type Engine } from '../support/databases';
import { enroll, getJson, postJson, deviceHeaders } from '../support/catalog';
import { buildServer, type CatalogServer } from '../../server/app';
import type { Db } from '../../server/db/db';
import { DEMO_ASSOCIATE_PIN, DEMO_MANAGER_PIN, seedDemo } from '../../server/seed/demo';
import { derivePinKeyNode, resetStaffPin } from '../../server/staff/pins';
import { writeDocs } from '../../server/sync/revisions';
import { API_PREFIX, type EnrollResponse, type PullResponse } from '../../shared/sync';
import type { NoteDoc, PickupDoc, StaffDoc } from '../../shared/schemas/collections';
import { applyCommand } from '../../shared/pickup/lifecycle';
import { canonicalJson } from '../../shared/canonical';
import { LOCKOUT, staffProofMac, toHex } from '../../shared/staff';
import type { PickupEvent } from '../../shared/pickup/types';
import type { CustomerEventDoc } from '../../shared/customers/types';
import { makeCustomerEvent } from '../../shared/customers/testing';

const WEB_KEY = 'test-web-key-0123456789abcdef';
const engines: Engine[] = ['pglite', 'postgres'];

interface SignedIn {
  session: { id: string; key: string; expiresAt: string };
  staff: { id: string; role: string; pinVersion: number };
}

describe.each(engines)('staff sign-in and attribution on %s', (engine) => {
  const skip = engine === 'postgres' && postgresSkipReason() !== '';
  let db: Db;
  let server: CatalogServer;
  let baseUrl: string;
  let counter: EnrollResponse;
  let counter2: EnrollResponse;
  let kiosk: EnrollResponse;
  let staff: Map<string, StaffDoc>;

  const url = (p: string): string => `${baseUrl}${API_PREFIX}${p}`;

  async function pinKey(staffId: string, pin: string): Promise<string> {
    const s = (await getJson(url('/sync/staff/pull?rev=0&limit=1000'), counter.token)).body as PullResponse<StaffDoc>;
    const doc = s.documents.find((d) => d.id === staffId);
    if (!doc) throw new Error(`no staff ${staffId}`);
    return toHex(await derivePinKeyNode(pin, doc.pinSalt, doc.pinKdf));
  }

  async function signIn(device: EnrollResponse, staffId: string, key: string): Promise<{ status: number; body: unknown; retryAfter: string | null }> {
    const res = await fetch(url('/staff/sign-in'), { method: 'POST', headers: deviceHeaders(device.token), body: JSON.stringify({ staffId, pinKey: key }) });
    return { status: res.status, body: await res.json(), retryAfter: res.headers.get('retry-after') };
  }

  async function placedPickup(): Promise<PickupDoc> {
    const variant = (await db.query<{ data: { sku: string } }>(`SELECT data FROM docs WHERE collection = 'variants' ORDER BY id LIMIT 1`)).rows[0]?.data;
    const res = await fetch(url('/orders'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-aisle-channel-key': WEB_KEY },
      body: JSON.stringify({ channel: 'web', customer: { id: 'c1', firstName: 'Ana', lastName: 'Lopes', email: 'ana@example.com', phone: '+1 555 0101' }, pickupStoreId: 'store-001', lines: [{ sku: variant?.sku, quantity: 1, unitPrice: { amount: 1000, currency: 'USD' } }] }),
    });
    const { orderId } = (await res.json()) as { orderId: string };
    const pulled = (await getJson(url('/sync/pickups/pull?rev=0&limit=5000'), counter.token)).body as PullResponse<PickupDoc>;
    const doc = pulled.documents.find((d) => d.id === orderId);
    if (!doc) throw new Error('pickup not pulled');
    const { _deleted: _d, ...rest } = doc as PickupDoc & { _deleted: boolean };
    return rest;
  }

  let n = 0;
  function started(doc: PickupDoc, device: EnrollResponse, staffId: string, stamp: (e: PickupEvent) => PickupEvent): { doc: PickupDoc; event: PickupEvent } {
    const r = applyCommand(doc, { type: 'start-picking' }, { staffId, deviceId: device.deviceId, at: new Date(Date.now() + n++).toISOString(), eventId: `${device.deviceId}:${n}` });
    if (!r.ok) throw new Error(r.refusal.reason);
    const event = stamp(r.event);
    return { event, doc: { ...r.doc, events: r.doc.events.map((e) => (e.id === event.id ? event : e)) } };
  }

  const pushPickup = (device: EnrollResponse, doc: PickupDoc, assumed: PickupDoc) =>
    postJson(url('/sync/pickups/push'), device.token, [{ newDocumentState: { ...doc, _deleted: false }, assumedMasterState: { ...assumed, _deleted: false } }]);

  function proven<T extends { auth?: unknown; signedInOffline?: boolean }>(record: T, session: SignedIn['session']): T {
    const { auth: _a, signedInOffline: _o, ...content } = record;
    return { ...content, auth: { session: session.id, mac: staffProofMac(session.key, canonicalJson(content)) } } as T;
  }

  // Sign-in is rate limited per device (RATE_LIMITS.signIn, 10 in 5 minutes): each test signs in from a fresh counter.
  beforeEach(async () => {
    if (skip || !baseUrl) return;
    counter = await enroll(baseUrl, db, 'store-001', 'counter');
  });

  beforeAll(async () => {
    if (skip) return;
    ({ db } = await openTestDb(engine));
    await seedDemo(db, { seed: 9, variants: 20, stores: 2 });
    server = await buildServer({ db, pickups: { channelKeys: `web:${WEB_KEY}`, jobs: false } });
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    counter = await enroll(baseUrl, db, 'store-001', 'counter');
    counter2 = await enroll(baseUrl, db, 'store-001', 'counter');
    kiosk = await enroll(baseUrl, db, 'store-001', 'kiosk');
    const pulled = (await getJson(url('/sync/staff/pull?rev=0&limit=1000'), counter.token)).body as PullResponse<StaffDoc>;
    staff = new Map(pulled.documents.map((d) => [d.id, d]));
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it.skipIf(skip)('replicates no PIN verifier: the staff documents carry salt, KDF parameters and a version only', () => {
    const doc = staff.get('staff_1001');
    expect(doc).toMatchObject({ role: 'manager', pinKdf: { algorithm: 'scrypt', logN: 17, r: 8, p: 1 }, pinVersion: 0 });
    expect(Object.keys(doc ?? {})).not.toContain('pinHash');
    expect(JSON.stringify([...staff.values()])).not.toMatch(/verifier|pinHash|pinIterations/);
  });

  it.skipIf(skip)('signs in online with the PIN key and hands out a session; a wrong key is 401; a kiosk cannot sign anyone in', async () => {
    const ok = await signIn(counter, 'staff_1002', await pinKey('staff_1002', DEMO_ASSOCIATE_PIN));
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ session: { id: expect.stringMatching(/^sess_/) as unknown, key: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown }, staff: { id: 'staff_1002', pinVersion: 0 } });
    expect((await signIn(counter, 'staff_1002', await pinKey('staff_1002', '135791'))).status).toBe(401);
    // Another store's staff member reads like a wrong PIN, and a kiosk is refused outright.
    expect((await signIn(counter, 'staff_2002', await pinKey('staff_1002', DEMO_ASSOCIATE_PIN))).status).toBe(401);
    expect((await signIn(kiosk, 'staff_1002', await pinKey('staff_1002', DEMO_ASSOCIATE_PIN))).status).toBe(403);
    expect((await postJson(url('/staff/sign-in'), counter.token, { staffId: 'staff_1002' })).status).toBe(400);
  });

  it.skipIf(skip)('locks a staff member out after five wrong PINs with Retry-After, even for the right PIN, until a reset', async () => {
    const wrong = await pinKey('staff_1003', '999990');
    const right = await pinKey('staff_1003', DEMO_ASSOCIATE_PIN);
    for (let i = 0; i < LOCKOUT.freeAttempts - 1; i++) expect((await signIn(counter, 'staff_1003', wrong)).status).toBe(401);
    const locked = await signIn(counter, 'staff_1003', wrong);
    expect(locked.status).toBe(429);
    expect(locked.retryAfter).toBe('30');
    expect(locked.body).toMatchObject({ code: 'LOCKED_OUT', message: expect.stringMatching(/30 seconds/) as unknown });
    // The lock is the server's, so another counter of the store is locked too, and the right PIN does not get through.
    expect((await signIn(counter2, 'staff_1003', right)).status).toBe(429);
    // A colleague is not affected.
    expect((await signIn(counter, 'staff_1004', await pinKey('staff_1004', DEMO_ASSOCIATE_PIN))).status).toBe(200);
    // The admin's reset clears the lock and raises the PIN version (every device's offline verifier is now stale).
    const reset = await resetStaffPin(db, 'staff_1003', { pin: '402917' }, 'admin');
    expect(reset.pinVersion).toBe(1);
    await expect(resetStaffPin(db, 'staff_1003', { pin: '123456' }, 'admin')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await signIn(counter, 'staff_1003', right)).status).toBe(401);
    const fresh = await signIn(counter, 'staff_1003', await pinKey('staff_1003', '402917'));
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ staff: { pinVersion: 1 } });
  });

  it.skipIf(skip)('lets a manager, and only a manager in a live session, reset a PIN from the counter', async () => {
    const associate = (await signIn(counter, 'staff_1005', await pinKey('staff_1005', DEMO_ASSOCIATE_PIN))).body as SignedIn;
    const manager = (await signIn(counter, 'staff_1001', await pinKey('staff_1001', DEMO_MANAGER_PIN))).body as SignedIn;
    const pinSalt = 'ab'.repeat(16);
    const newKey = toHex(await derivePinKeyNode('582046', pinSalt));
    const reset = (session: SignedIn['session'] | null, device = counter) =>
      fetch(url('/staff/staff_1006/pin'), {
        method: 'POST',
        headers: { ...deviceHeaders(device.token), ...(session ? { 'x-aisle-staff-session': `${session.id}.${session.key}` } : {}) },
        body: JSON.stringify({ pinSalt, pinKey: newKey }),
      });
    // A person route: the device is authenticated, the person is not, so 403 (a 401 would tell the app its
    // enrollment is gone) saying who is needed.
    const anonymous = await reset(null);
    expect(anonymous.status).toBe(403);
    expect(JSON.stringify(await anonymous.json())).toMatch(/manager of this store signed in online/);
    expect((await reset(associate.session)).status).toBe(403);
    // The session is this counter's: another counter presenting it is refused.
    expect((await reset(manager.session, counter2)).status).toBe(403);
    const ok = await reset(manager.session);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ staffId: 'staff_1006', pinVersion: 1 });
    expect((await signIn(counter, 'staff_1006', newKey)).status).toBe(200);
    // The new salt and version replicate; the old PIN no longer works.
    const pulled = (await getJson(url('/sync/staff/pull?rev=0&limit=1000'), counter.token)).body as PullResponse<StaffDoc>;
    expect(pulled.documents.find((d) => d.id === 'staff_1006')).toMatchObject({ pinSalt, pinVersion: 1 });
    // A signed-out session no longer works.
    await postJson(url('/staff/sign-out'), counter.token, { sessionId: manager.session.id });
    expect((await reset(manager.session)).status).toBe(403);
  });

  it.skipIf(skip)('accepts pushed events proven by a session, marks unproven ones signed in offline, refuses forgeries and strangers', async () => {
    const session = ((await signIn(counter, 'staff_1002', await pinKey('staff_1002', DEMO_ASSOCIATE_PIN))).body as SignedIn).session;

    const a = await placedPickup();
    const withProof = started(a, counter, 'staff_1002', (e) => proven(e, session));
    expect(await pushPickup(counter, withProof.doc, a)).toEqual({ status: 200, body: [] });

    const b = await placedPickup();
    const unproven = started(b, counter, 'staff_1002', (e) => e);
    const marked = await pushPickup(counter, unproven.doc, b);
    expect(marked.status).toBe(200);
    // The device adopts the server's version: the same event, marked.
    expect((marked.body as PickupDoc[])[0]?.events.find((e) => e.id === unproven.event.id)).toMatchObject({ signedInOffline: true, staffId: 'staff_1002' });
    expect((marked.body as PickupDoc[])[0]?.events.find((e) => e.id === unproven.event.id)?.auth).toBeUndefined();

    const c = await placedPickup();
    // Someone else's name on a proof made with this session: refused.
    const forged = started(c, counter, 'staff_1003', (e) => ({ ...proven({ ...e, staffId: 'staff_1002' }, session), staffId: 'staff_1003' }));
    expect(await pushPickup(counter, forged.doc, c)).toMatchObject({ status: 403, body: { message: expect.stringMatching(/staff session/) as unknown } });
    // A proof whose content was changed after signing: refused.
    const tampered = started(c, counter, 'staff_1002', (e) => ({ ...proven(e, session), at: new Date(0).toISOString() }));
    expect(await pushPickup(counter, tampered.doc, c)).toMatchObject({ status: 403, body: { message: expect.stringMatching(/does not match/) as unknown } });
    // The session belongs to counter 1: counter 2 cannot use it.
    const stolen = started(c, counter2, 'staff_1002', (e) => proven(e, session));
    expect((await pushPickup(counter2, stolen.doc, c)).status).toBe(403);
    // Staff of another store, an unknown id, and an inactive staff member are refused with the reason.
    expect(await pushPickup(counter, started(c, counter, 'staff_2002', (e) => e).doc, c)).toMatchObject({ status: 403, body: { message: expect.stringMatching(/not an active staff member of store store-001/) as unknown } });
    expect((await pushPickup(counter, started(c, counter, 'staff_9999', (e) => e).doc, c)).status).toBe(403);
    const inactive = { ...(staff.get('staff_1004') as StaffDoc), active: false, updatedAt: new Date().toISOString() };
    await db.transaction((tx) => writeDocs(tx, 'staff', [{ id: inactive.id, scope: inactive.storeId, data: { ...inactive } }], 'test'));
    expect((await pushPickup(counter, started(c, counter, 'staff_1004', (e) => e).doc, c)).status).toBe(403);
    // Nothing of the refused pushes was stored.
    const stored = (await getJson(url('/sync/pickups/pull?rev=0&limit=5000'), counter.token)).body as PullResponse<PickupDoc>;
    expect(stored.documents.find((d) => d.id === c.id)?.events.map((e) => e.type)).toEqual(['placed']);
  });

  it.skipIf(skip)('checks notes the same way', async () => {
    const session = ((await signIn(counter, 'staff_1002', await pinKey('staff_1002', DEMO_ASSOCIATE_PIN))).body as SignedIn).session;
    const now = new Date().toISOString();
    const base = (id: string, staffId: string): NoteDoc => ({ id, storeId: 'store-001', productId: 'p', variantId: '', text: 'label missing', staffId, deviceId: counter.deviceId, createdAt: now, updatedAt: now });
    const push = (doc: NoteDoc) => postJson(url('/sync/notes/push'), counter.token, [{ newDocumentState: { ...doc, _deleted: false }, assumedMasterState: null }]);
    expect(await push(proven(base('note_a', 'staff_1002'), session))).toEqual({ status: 200, body: [] });
    const offline = await push(base('note_b', 'staff_1002'));
    expect(offline.status).toBe(200);
    expect(offline.body).toMatchObject([{ id: 'note_b', signedInOffline: true }]);
    expect((await push({ ...proven(base('note_c', 'staff_1002'), session), text: 'changed' })).status).toBe(403);
    expect((await push(base('note_d', 'staff_2002'))).status).toBe(403);
    const notes = (await getJson(url('/sync/notes/pull?rev=0&limit=100'), counter.token)).body as PullResponse<NoteDoc>;
    expect(notes.documents.map((d) => d.id).sort()).toEqual(['note_a', 'note_b']);
    expect(notes.documents.find((d) => d.id === 'note_a')?.auth?.session).toBe(session.id);
  });

  it.skipIf(skip)('checks customer events (views, notes) the same way, and the audit log says which were signed in offline', async () => {
    const session = ((await signIn(counter, 'staff_1002', await pinKey('staff_1002', DEMO_ASSOCIATE_PIN))).body as SignedIn).session;
    const customerId = (await db.query<{ id: string }>(`SELECT id FROM customers ORDER BY id LIMIT 1`)).rows[0]?.id ?? 'cus_none';
    const event = (id: string, staffId: string, kind: CustomerEventDoc['kind'] = 'viewed'): CustomerEventDoc =>
      makeCustomerEvent({ id: `${counter.deviceId}:${id}`, storeId: 'store-001', customerId, deviceId: counter.deviceId, staffId, at: new Date().toISOString(), kind, source: kind === 'viewed' ? 'search' : '', text: kind === 'note' ? 'asked for a size 9' : '' });
    const push = (device: EnrollResponse, doc: CustomerEventDoc) => postJson(url('/sync/customerEvents/push'), device.token, [{ newDocumentState: { ...doc, _deleted: false }, assumedMasterState: null }]);
    const proof = proven(event('ce_a', 'staff_1002'), session);
    const a = await push(counter, proof);
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    // The tombstone the device adopts carries the server's verdict.
    expect(a.body).toMatchObject([{ id: proof.id, _deleted: true, auth: { session: session.id } }]);
    const offline = await push(counter, event('ce_b', 'staff_1002', 'note'));
    expect(offline.status).toBe(200);
    expect(offline.body).toMatchObject([{ signedInOffline: true }]);
    // Refused, naming why: a stranger to the store, an unknown id, another's name on this session's proof, a proof
    // for other content, a session of another counter.
    expect(await push(counter, event('ce_c', 'staff_2002'))).toMatchObject({ status: 403, body: { message: expect.stringMatching(/attributed to staff_2002, who is not an active staff member of store store-001/) as unknown } });
    expect((await push(counter, event('ce_d', 'staff_9999'))).status).toBe(403);
    expect(await push(counter, { ...proven(event('ce_e', 'staff_1002'), session), staffId: 'staff_1003' })).toMatchObject({ status: 403, body: { message: expect.stringMatching(/staff session is not staff_1003's/) as unknown } });
    expect(await push(counter, { ...proven(event('ce_f', 'staff_1002'), session), source: 'order' })).toMatchObject({ status: 403, body: { message: expect.stringMatching(/does not match/) as unknown } });
    const onCounter2 = makeCustomerEvent({ ...event('ce_g', 'staff_1002'), id: `${counter2.deviceId}:ce_g`, deviceId: counter2.deviceId });
    expect((await push(counter2, proven(onCounter2, session))).status).toBe(403);
    // staff_1004 was made inactive above: refused.
    expect((await push(counter, event('ce_h', 'staff_1004'))).status).toBe(403);
    const logged = await db.query<{ event_id: string; staff_id: string; signed_in_offline: boolean; staff_session: string | null }>(
      `SELECT event_id, staff_id, signed_in_offline, staff_session FROM customer_events WHERE device_id = ANY($1::text[]) ORDER BY event_id`,
      [[counter.deviceId, counter2.deviceId]],
    );
    expect(logged.rows).toEqual([
      { event_id: `${counter.deviceId}:ce_a`, staff_id: 'staff_1002', signed_in_offline: false, staff_session: session.id },
      { event_id: `${counter.deviceId}:ce_b`, staff_id: 'staff_1002', signed_in_offline: true, staff_session: null },
    ]);
  });
});
