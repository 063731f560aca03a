/**
 * Scope, table-driven over COLLECTIONS (a new collection is covered without editing this file, and a new
 * device-written one fails until it has a fixture below) and over the server's declared routes, on PGlite and
 * PostgreSQL, over real HTTP:
 * - a device of store A never pulls store B's rows, and never writes them (neither a doc of B's store nor one
 *   reusing the id of B's doc);
 * - a device never receives a collection its role does not, and devices never write server-owned collections;
 * - a kiosk never receives a customer's personal data, in any collection or on the stream;
 * - a revoked token gets 401 on every device route, the live stream included;
 * - the routes that act for a person (manager figures and actions, customers' personal data) answer only with the
 *   staff session of someone signed in online at that counter with the right role: no session with a manager's
 *   staffId named (a forgery), an associate on a manager route, another counter's session, a kiosk → 403.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { openTestDb, postgresSkipReason, type Engine } from '../support/databases';
import { deviceHeaders, enroll, getJson, postJson, startCatalog, type RunningCatalog } from '../support/catalog';
import { placeOrder } from '../support/pickups';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { revokeDevice } from '../../server/auth';
import { API_PREFIX, type DeviceRole, type EnrollResponse, type PullResponse } from '../../shared/sync';
import { COLLECTIONS, COLLECTION_NAMES, type CollectionName } from '../../shared/schemas/collections';
import { PRODUCT_IMAGE_PREFIX } from '../../server/seed/imageRoute';
import { readSse, type SseReader } from '../support/sse';
import { newReturnDoc } from '../../shared/returns/build';
import { makeReturnLine } from '../../shared/returns/testing';
import { signInOver, staffHeader } from '../support/staff';

/** Reads events until the stream ends ('ended') or is still open after 5 s ('open'). */
async function drain(stream: SseReader): Promise<'ended' | 'open'> {
  const deadline = Date.now() + 5000;
  try {
    while (Date.now() < deadline) await stream.next(Math.max(1, deadline - Date.now()));
    return 'open';
  } catch (err) {
    return err instanceof Error && /stream ended/.test(err.message) ? 'ended' : 'open';
  }
}

const CHANNEL_KEY = 'scope-web-key-0123456789abcdef';
const CUSTOMER = { id: 'cust-scope-1', firstName: 'Zelda', lastName: 'Quixotic', email: 'zelda.quixotic@example.com', phone: '+1 555 010 9999' };
/** Strings that are the customer's personal data: none may reach a kiosk in plain text. */
const PERSONAL = [CUSTOMER.firstName, CUSTOMER.lastName, CUSTOMER.email, CUSTOMER.phone];

/** Routes that are not device routes (public, or authenticated otherwise), so a revoked device token means nothing there. */
const NOT_DEVICE_ROUTES = new Set(['GET /healthz', 'GET /readyz', `POST ${API_PREFIX}/enroll`, `GET ${PRODUCT_IMAGE_PREFIX}:file`]);

type Doc = Record<string, unknown>;

async function pullAll(baseUrl: string, token: string, collection: string): Promise<{ status: number; docs: Doc[] }> {
  const docs: Doc[] = [];
  let rev = 0;
  for (;;) {
    const { status, body } = await getJson(`${baseUrl}${API_PREFIX}/sync/${collection}/pull?rev=${rev}&limit=1000`, token);
    if (status !== 200) return { status, docs };
    const page = body as PullResponse<Doc>;
    if (page.documents.length === 0) return { status, docs };
    docs.push(...page.documents);
    rev = page.checkpoint.rev;
  }
}

/** Routes that act for a person (server/staff/sessions.ts requireSignedInStaff) and what they answer once allowed. */
interface PersonRoute {
  method: 'GET' | 'POST';
  url: string;
  need: 'staff' | 'manager';
  body?: unknown;
  /** The status when the right person asks (404: the route ran and found nothing, which is all this test needs). */
  allowed: number;
}
const PERSON_ROUTES: PersonRoute[] = [
  { method: 'GET', url: `${API_PREFIX}/store/devices`, need: 'manager', allowed: 200 },
  { method: 'POST', url: `${API_PREFIX}/store/devices/enroll-code`, need: 'manager', body: { role: 'kiosk' }, allowed: 200 },
  { method: 'POST', url: `${API_PREFIX}/store/devices/dev_nobody/revoke`, need: 'manager', body: {}, allowed: 404 },
  { method: 'GET', url: `${API_PREFIX}/kpis`, need: 'manager', allowed: 200 },
  { method: 'GET', url: `${API_PREFIX}/pickups/no-such-pickup/messages`, need: 'staff', allowed: 200 },
  { method: 'GET', url: `${API_PREFIX}/pickups/alerts`, need: 'manager', allowed: 200 },
  { method: 'GET', url: `${API_PREFIX}/customers/views`, need: 'manager', allowed: 200 },
  { method: 'GET', url: `${API_PREFIX}/customers/search?q=${CUSTOMER.lastName}`, need: 'staff', allowed: 200 },
  { method: 'POST', url: `${API_PREFIX}/customers/cus_nobody/open`, need: 'staff', body: { source: 'search' }, allowed: 404 },
];

const engines: Engine[] = ['pglite', 'postgres'];

describe.each(engines)('scope on %s', (engine) => {
  const skip = engine === 'postgres' && postgresSkipReason() !== '';
  let db: Db;
  let catalog: RunningCatalog;
  let storeA: string;
  let storeB: string;
  const devices = {} as Record<'A' | 'B', Record<DeviceRole, EnrollResponse>>;

  /** One valid document per device-written collection, written the way a device of `store` writes it. */
  const FIXTURES: Record<string, (store: 'A' | 'B') => Promise<void>> = {
    notes: async (store) => {
      const now = new Date().toISOString();
      const storeId = store === 'A' ? storeA : storeB;
      // Notes are attributed to an active staff member of the device's store (the server refuses anyone else).
      const staffId = (await db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'staff' AND scope = $1 AND (data->>'active')::boolean ORDER BY id LIMIT 1`, [storeId])).rows[0]?.id ?? '';
      const doc = { id: `note_${randomUUID()}`, storeId, productId: 'p1', variantId: '', text: 'scope note', staffId, deviceId: devices[store].counter.deviceId, createdAt: now, updatedAt: now, _deleted: false };
      const res = await postJson(`${catalog.baseUrl}${API_PREFIX}/sync/notes/push`, devices[store].counter.token, [{ newDocumentState: doc, assumedMasterState: null }]);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    },
    pickups: async (store) => {
      const sku = (await db.query<{ sku: string }>(`SELECT data->>'sku' AS sku FROM docs WHERE collection = 'variants' ORDER BY id LIMIT 1`)).rows[0]?.sku ?? '';
      const variantId = (await db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'variants' AND data->>'sku' = $1`, [sku])).rows[0]?.id ?? '';
      // Stock for the order in both stores (the demo seed may have none of this variant).
      await db.query(`UPDATE docs SET data = jsonb_set(jsonb_set(data, '{onHand}', '50'), '{available}', '50') WHERE collection = 'inventory' AND data->>'variantId' = $1`, [variantId]);
      await placeOrder(catalog.baseUrl, CHANNEL_KEY, { storeId: store === 'A' ? storeA : storeB, customer: { ...CUSTOMER, id: `${CUSTOMER.id}-${store}` }, lines: [{ sku, quantity: 1 }] });
    },
    checkins: async (store) => {
      const at = new Date().toISOString();
      const doc = { id: `ci_${randomUUID()}`, storeId: store === 'A' ? storeA : storeB, codeHash: 'f'.repeat(64), deviceId: devices[store].kiosk.deviceId, at, result: 'pending', updatedAt: at, _deleted: false };
      const res = await postJson(`${catalog.baseUrl}${API_PREFIX}/sync/checkins/push`, devices[store].kiosk.token, [{ newDocumentState: doc, assumedMasterState: null }]);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    },
    reviews: async (store) => {
      const storeId = store === 'A' ? storeA : storeB;
      const manager = (await db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'staff' AND scope = $1 AND data->>'role' = 'manager' ORDER BY id LIMIT 1`, [storeId])).rows[0]?.id ?? '';
      const at = new Date().toISOString();
      const doc = { id: `pickup:scope-${store}:OVERPICKED`, storeId, source: 'pickup', subjectId: `scope-${store}`, kind: 'OVERPICKED', action: 'accepted', note: 'scope review', staffId: manager, staffName: 'Scope Manager', deviceId: devices[store].counter.deviceId, resolvedAt: at, updatedAt: at, _deleted: false };
      const res = await postJson(`${catalog.baseUrl}${API_PREFIX}/sync/reviews/push`, devices[store].counter.token, [{ newDocumentState: doc, assumedMasterState: null }]);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    },
    returns: async (store) => {
      const storeId = store === 'A' ? storeA : storeB;
      const staffId = (await db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'staff' AND scope = $1 ORDER BY id LIMIT 1`, [storeId])).rows[0]?.id ?? '';
      const at = new Date().toISOString();
      const id = `ret_scope_${store}_${randomUUID()}`;
      // A draft receiptless return (nothing settled): enough to have a row of the store's returns.
      const doc = newReturnDoc({ id, storeId, sale: null, receipt: { kind: 'none', code: '' }, customerId: '', currency: 'USD', lines: [makeReturnLine()], verdicts: [], offline: false }, { eventId: `${id}:c`, at, staffId, deviceId: devices[store].counter.deviceId });
      const res = await postJson(`${catalog.baseUrl}${API_PREFIX}/sync/returns/push`, devices[store].counter.token, [{ newDocumentState: { ...doc, _deleted: false }, assumedMasterState: null }]);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    },
    customerEvents: async (store) => {
      const storeId = store === 'A' ? storeA : storeB;
      const customerId = (await db.query<{ id: string }>(`SELECT data->>'customerId' AS id FROM docs WHERE collection = 'customers' AND scope = $1 ORDER BY id LIMIT 1`, [storeId])).rows[0]?.id ?? '';
      const staffId = (await db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'staff' AND scope = $1 ORDER BY id LIMIT 1`, [storeId])).rows[0]?.id ?? '';
      const doc = { id: `ce_${randomUUID()}`, storeId, customerId, kind: 'viewed', staffId, deviceId: devices[store].counter.deviceId, at: new Date().toISOString(), source: 'search', field: '', text: '', variantId: '', _deleted: false };
      const res = await postJson(`${catalog.baseUrl}${API_PREFIX}/sync/customerEvents/push`, devices[store].counter.token, [{ newDocumentState: doc, assumedMasterState: null }]);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    },
  };

  async function rowsOf(collection: CollectionName, scope: string): Promise<Doc[]> {
    const res = await db.query<{ data: Doc }>('SELECT data FROM docs WHERE collection = $1 AND scope = $2 ORDER BY id', [collection, scope]);
    return res.rows.map((r) => r.data);
  }

  beforeAll(async () => {
    if (skip) return;
    db = (await openTestDb(engine)).db;
    await seedDemo(db, { seed: 13, variants: 20 });
    catalog = await startCatalog(db, { pickups: { channelKeys: `web:${CHANNEL_KEY}`, jobs: false }, streamRecheckMs: 300 });
    const stores = (await db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'stores' ORDER BY id LIMIT 2`)).rows.map((r) => r.id);
    [storeA = '', storeB = ''] = stores;
    for (const store of ['A', 'B'] as const) {
      const id = store === 'A' ? storeA : storeB;
      devices[store] = { counter: await enroll(catalog.baseUrl, db, id, 'counter'), kiosk: await enroll(catalog.baseUrl, db, id, 'kiosk') };
    }
    for (const name of COLLECTION_NAMES) {
      const make = FIXTURES[name];
      if (make) for (const store of ['A', 'B'] as const) await make(store);
    }
  });

  afterAll(async () => {
    await catalog?.close();
    await db?.close();
  });

  it.skipIf(skip)('every device-written collection has a fixture here (add one for a new collection)', () => {
    const deviceWritten = COLLECTION_NAMES.filter((n) => COLLECTIONS[n].writer === 'device');
    expect(deviceWritten.filter((n) => !FIXTURES[n])).toEqual([]);
  });

  describe.each(COLLECTION_NAMES)('%s', (name) => {
    const spec = COLLECTIONS[name];

    it.skipIf(skip)('pulls: only roles that receive it, only the own store’s rows', async () => {
      for (const role of ['counter', 'kiosk'] as const) {
        const device = devices.A[role];
        const { status, docs } = await pullAll(catalog.baseUrl, device.token, name);
        if (!spec.roles.includes(role)) {
          expect(status, `${role} pulling ${name}`).toBe(403);
          continue;
        }
        expect(status).toBe(200);
        if (spec.scope === 'global') continue;
        const ownRows = await rowsOf(name, storeA);
        const otherRows = await rowsOf(name, storeB);
        expect(ownRows.length, `fixture rows of ${name} in store A`).toBeGreaterThan(0);
        expect(otherRows.length, `fixture rows of ${name} in store B`).toBeGreaterThan(0);
        const primary = spec.schema.primaryKey;
        const pulledIds = new Set(docs.map((d) => d[primary]));
        for (const other of otherRows) expect(pulledIds.has(other[primary]), `${role} of A pulled B's ${name} ${String(other[primary])}`).toBe(false);
        expect(docs.length).toBe(ownRows.length);
        for (const d of docs) expect(d['storeId'], `${name} ${String(d[primary])}`).toBe(storeA);
      }
    });

    it.skipIf(skip)('pushes: never to a collection the server owns, never into another store', async () => {
      for (const role of ['counter', 'kiosk'] as const) {
        const device = devices.A[role];
        const url = `${catalog.baseUrl}${API_PREFIX}/sync/${name}/push`;
        const otherRows = await rowsOf(name, spec.scope === 'store' ? storeB : '');
        const target = otherRows[0];
        if (spec.writer === 'server' || !spec.roles.includes(role)) {
          const res = await postJson(url, device.token, target ? [{ newDocumentState: { ...target, _deleted: false }, assumedMasterState: null }] : []);
          expect(res.status, `${role} pushing ${name}`).toBe(403);
          continue;
        }
        if (!target) throw new Error(`no row of ${name} in store B to attack`);
        const before = JSON.stringify(await rowsOf(name, storeB));
        // B's document as it is (storeId B), as new and as an update of the master.
        const asIs = await postJson(url, device.token, [{ newDocumentState: { ...target, _deleted: true }, assumedMasterState: { ...target, _deleted: false } }]);
        expect([400, 403], `${role} of A pushing B's ${name}: ${JSON.stringify(asIs.body)}`).toContain(asIs.status);
        // B's id with A's storeId: the id belongs to another store.
        const hijack = await postJson(url, device.token, [{ newDocumentState: { ...target, storeId: storeA, _deleted: true }, assumedMasterState: { ...target, _deleted: false } }]);
        expect(hijack.status, `${role} of A reusing B's ${name} id: ${JSON.stringify(hijack.body)}`).toBe(403);
        expect(JSON.stringify(await rowsOf(name, storeB))).toBe(before);
      }
    });

    it.skipIf(skip)('a kiosk never receives personal data in it', async () => {
      if (!spec.roles.includes('kiosk')) return;
      const { docs } = await pullAll(catalog.baseUrl, devices.A.kiosk.token, name);
      const text = JSON.stringify(docs);
      for (const p of PERSONAL) expect(text.includes(p), `${name} on a kiosk contains "${p}"`).toBe(false);
    });
  });

  it.skipIf(skip)('the customer data the fixtures hold is really there for counters (so the kiosk check is not vacuous)', async () => {
    const { docs } = await pullAll(catalog.baseUrl, devices.A.counter.token, 'pickups');
    expect(JSON.stringify(docs)).toContain(CUSTOMER.email);
  });

  it.skipIf(skip)('routes that act for a person need that person signed in online at this counter, with the right role', async () => {
    const staffOf = async (role: 'manager' | 'associate'): Promise<string> =>
      (await db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'staff' AND scope = $1 AND data->>'role' = $2 AND (data->>'active')::boolean ORDER BY id LIMIT 1`, [storeA, role])).rows[0]?.id ?? '';
    const managerId = await staffOf('manager');
    const associateId = await staffOf('associate');
    const manager = staffHeader(await signInOver(catalog.baseUrl, db, devices.A.counter, managerId));
    const associate = staffHeader(await signInOver(catalog.baseUrl, db, devices.A.counter, associateId));
    const otherCounter = await enroll(catalog.baseUrl, db, storeA, 'counter');
    const call = async (route: PersonRoute, token: string, headers: Record<string, string>): Promise<{ status: number; text: string }> => {
      // What an old or forging client sends: the manager's staffId in the query and the body.
      const url = `${catalog.baseUrl}${route.url}${route.url.includes('?') ? '&' : '?'}staffId=${managerId}`;
      const body = route.method === 'POST' ? JSON.stringify({ ...(route.body as object), staffId: managerId }) : undefined;
      const res = await fetch(url, { method: route.method, headers: { ...deviceHeaders(token), ...headers }, ...(body ? { body } : {}), signal: AbortSignal.timeout(60_000) }).catch((err: unknown) => {
        throw new Error(`${route.method} ${route.url}: ${String(err)}`);
      });
      return { status: res.status, text: await res.text() };
    };
    for (const route of PERSON_ROUTES) {
      const what = `${route.method} ${route.url}`;
      const forged = await call(route, devices.A.counter.token, {});
      expect(forged.status, `${what} with no session, naming the manager: ${forged.text}`).toBe(403);
      expect(forged.text, what).toMatch(/signed in online at this counter/);
      const byAssociate = await call(route, devices.A.counter.token, associate);
      expect(byAssociate.status, `${what} by an associate: ${byAssociate.text}`).toBe(route.need === 'manager' ? 403 : route.allowed);
      if (route.need === 'manager') expect(byAssociate.text, what).toMatch(/not a manager/);
      expect((await call(route, otherCounter.token, manager)).status, `${what} with the manager's session from another counter`).toBe(403);
      expect((await call(route, devices.A.kiosk.token, manager)).status, `${what} from a kiosk`).toBe(403);
      const byManager = await call(route, devices.A.counter.token, manager);
      expect(byManager.status, `${what} by the manager: ${byManager.text}`).toBe(route.allowed);
    }
    // A signed-out session is no longer anyone.
    const sessionId = (manager['x-aisle-staff-session'] ?? '').split('.')[0];
    expect((await postJson(`${catalog.baseUrl}${API_PREFIX}/staff/sign-out`, devices.A.counter.token, { sessionId })).status).toBe(200);
    expect((await call(PERSON_ROUTES[0]!, devices.A.counter.token, manager)).status).toBe(403);
  });

  it.skipIf(skip)('a revoked token gets 401 on every device route, the live stream included', async () => {
    const victim = await enroll(catalog.baseUrl, db, storeA, 'counter');
    const open = await fetch(`${catalog.baseUrl}${API_PREFIX}/sync/stream`, { headers: deviceHeaders(victim.token), signal: AbortSignal.timeout(10_000) });
    expect(open.status).toBe(200);
    const stream = readSse(open);
    expect(await stream.next()).toMatchObject({ type: 'hello' });
    expect(await revokeDevice(db, victim.deviceId)).toBe(true);
    // The stream that was open when the device was revoked ends at the next token check.
    await expect(drain(stream)).resolves.toBe('ended');
    const routes = catalog.server.routes.filter((r) => !NOT_DEVICE_ROUTES.has(`${r.method} ${r.url}`));
    expect(routes.map((r) => r.url)).toContain(`${API_PREFIX}/sync/stream`);
    for (const route of routes) {
      const url = `${catalog.baseUrl}${route.url.replace(':collection', 'notes').replace(/:[A-Za-z]+/g, 'x')}`;
      const res = await fetch(url, { method: route.method, headers: deviceHeaders(victim.token), ...(route.method === 'GET' ? {} : { body: '{}' }), signal: AbortSignal.timeout(5000) });
      const body = (await res.json()) as { code?: string };
      // Channel-key routes refuse with 401 too: a device token is not a channel key. Admin routes (their own
      // admin token) refuse any device token, revoked or not, with 403.
      const expected = route.url.startsWith(`${API_PREFIX}/admin/`) ? '403 FORBIDDEN' : '401 UNAUTHENTICATED';
      expect(`${route.method} ${route.url} → ${res.status} ${body.code}`).toBe(`${route.method} ${route.url} → ${expected}`);
    }
  });
});
