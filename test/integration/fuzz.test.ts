/**
 * Attack in CI: property-based fuzzing (fast-check) of every HTTP route the server declares — taken from the
 * server itself (CatalogServer.routes), so a new route is fuzzed without touching this file — over real HTTP, on
 * PGlite and PostgreSQL. Random and boundary payloads: strings with NUL, lone surrogates and other odd Unicode,
 * invalid UTF-8 in the URL, huge and deeply nested bodies, wrong types and content types, with no, garbage,
 * counter, kiosk and channel credentials. Properties: never a 5xx; every 4xx is a JSON {code, message}; the
 * server stays healthy; and afterwards nothing was stored (no table gained a row, no document got a revision,
 * and a pull from the earlier checkpoint brings nothing).
 *
 * Bounded: a fixed seed and numRuns keep it well under a minute per engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openTestDb, postgresSkipReason, type Engine } from '../support/databases';
import { enroll, getJson, startCatalog, type RunningCatalog } from '../support/catalog';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { API_PREFIX, SCHEMA_HEADER, SCHEMA_VERSION, type EnrollResponse, type PullResponse } from '../../shared/sync';
import { COLLECTIONS, type CollectionName } from '../../shared/schemas/collections';
import type { ServerRoute } from '../../server/app';

const CHANNEL_KEY = 'fuzz-web-key-0123456789abcdef';
const SEED = 20261201;

/** Strings that have broken servers: NUL, lone surrogates, BOM, RTL override, non-characters, long runs. */
const ODD_STRINGS = ['\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\udc00\ud800', '\ufeff', '\u202e', '\uffff', '\u{10ffff}', '😀', '', ' ', '%00', '../../etc/passwd', "'; DROP TABLE docs; --", '\\u0000', 'null', '__proto__', 'constructor', 'A'.repeat(5000)];

const oddString = fc.oneof(fc.constantFrom(...ODD_STRINGS), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 20 }));

const jsonish: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    oddString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -1, 1e308, 0),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(oddString, tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Bodies shaped like what the routes expect, with every field replaced by something wrong. */
const shaped = fc.oneof(
  fc.array(fc.record({ newDocumentState: fc.dictionary(fc.constantFrom('id', 'storeId', 'text', 'status', 'updatedAt', 'lines', 'x'), jsonish), assumedMasterState: jsonish }), { maxLength: 3 }),
  fc.record({ code: jsonish, deviceName: jsonish }),
  fc.record({ channel: jsonish, customer: jsonish, pickupStoreId: jsonish, lines: jsonish, orderNumber: jsonish }),
  fc.record({ reason: jsonish, by: jsonish, argv: jsonish }),
);

function nested(depth: number, open: string, close: string, inner = '1'): string {
  return `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
}

type Body = { text: string | null; type: string | null };

const body: fc.Arbitrary<Body> = fc.oneof(
  jsonish.map((v) => ({ text: JSON.stringify(v) ?? 'null', type: 'application/json' })),
  shaped.map((v) => ({ text: JSON.stringify(v), type: 'application/json' })),
  fc.integer({ min: 60, max: 20_000 }).map((d) => ({ text: nested(d, '[', ']'), type: 'application/json' })),
  fc.integer({ min: 60, max: 2_000 }).map((d) => ({ text: nested(d, '{"a":', '}'), type: 'application/json' })),
  fc.constantFrom('{', '{"a":}', '[1,]', 'undefined', '\u0000', '"\\ud800"', '{"a":"\\u0000"}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}').map((t) => ({ text: t, type: 'application/json' })),
  fc.tuple(fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom('text/plain', 'application/octet-stream', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/json; charset=latin1')).map(([text, type]) => ({ text, type })),
  fc.constant({ text: null, type: null }),
  fc.constant({ text: '', type: 'application/json' }),
);

/** A URL segment: sometimes valid text, sometimes raw percent-encoded bytes (invalid UTF-8, %00, slashes). */
const segment = fc.oneof(
  oddString.map((s) => {
    try {
      return encodeURIComponent(s);
    } catch {
      return '%ED%A0%80'; // a lone surrogate as UTF-8 bytes: invalid
    }
  }),
  fc.uint8Array({ minLength: 1, maxLength: 12 }).map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')),
  fc.constantFrom('notes', 'pickups', 'variants', 'staff', 'checkins', '..', '%2e%2e', 'a%2fb', 'x'.repeat(300)),
);

const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom('rev', 'limit', 'colour'), segment), segment), { maxLength: 3 }).map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`));

type Who = 'none' | 'garbage' | 'counter' | 'kiosk' | 'channel' | 'malformed';
const who = fc.constantFrom<Who>('none', 'garbage', 'counter', 'kiosk', 'channel', 'malformed');

interface Attempt {
  route: ServerRoute;
  params: string[];
  query: string;
  body: Body;
  who: Who;
  schema: 'right' | 'missing' | 'odd';
}

function fillPath(url: string, params: readonly string[]): string {
  let i = 0;
  return url.replace(/:[A-Za-z]+/g, () => params[i++] ?? 'x').replace(/\*$/, params[i] ?? 'x');
}

const ERROR_CODES = new Set(['BAD_REQUEST', 'VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'SCHEMA_OUTDATED', 'ENROLLMENT_CODE_INVALID', 'IMPORT_FAILED', 'RATE_LIMITED']);

const engines: Engine[] = ['pglite', 'postgres'];

describe.each(engines)('fuzzing every route on %s', (engine) => {
  const skip = engine === 'postgres' && postgresSkipReason() !== '';
  let db: Db;
  let catalog: RunningCatalog;
  let counter: EnrollResponse;
  let kiosk: EnrollResponse;
  let before: Map<string, number>;
  let beforeRev = 0;

  async function snapshot(): Promise<Map<string, number>> {
    const tables = await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`);
    const counts = new Map<string, number>();
    for (const { table_name } of tables.rows) {
      const res = await db.query<{ n: number }>(`SELECT count(*)::float8 AS n FROM "${table_name}"`);
      counts.set(table_name, res.rows[0]?.n ?? -1);
    }
    return counts;
  }

  async function maxRev(): Promise<number> {
    return (await db.query<{ rev: number | null }>('SELECT max(rev)::float8 AS rev FROM docs')).rows[0]?.rev ?? 0;
  }

  function headersFor(a: Attempt): Record<string, string> {
    const h: Record<string, string> = {};
    if (a.body.type) h['content-type'] = a.body.type;
    if (a.schema === 'right') h[SCHEMA_HEADER] = String(SCHEMA_VERSION);
    if (a.schema === 'odd') h[SCHEMA_HEADER] = '-1';
    if (a.who === 'garbage') h['authorization'] = 'Bearer aisle_not-a-real-token';
    if (a.who === 'malformed') h['authorization'] = 'Basic Zm9vOmJhcg==';
    if (a.who === 'counter') h['authorization'] = `Bearer ${counter.token}`;
    if (a.who === 'kiosk') h['authorization'] = `Bearer ${kiosk.token}`;
    if (a.who === 'channel') h['x-aisle-channel-key'] = CHANNEL_KEY;
    return h;
  }

  /** Sends one attempt and checks the per-request properties; returns the status. */
  async function attack(a: Attempt): Promise<number> {
    const url = `${catalog.baseUrl}${fillPath(a.route.url, a.params)}${a.query}`;
    const init: RequestInit = { method: a.route.method, headers: headersFor(a), signal: AbortSignal.timeout(20_000) };
    if (a.route.method !== 'GET' && a.body.text !== null) init.body = a.body.text;
    const res = await fetch(url, init);
    const label = `${a.route.method} ${url.slice(0, 200)} as ${a.who}, body ${String(a.body.text).slice(0, 120)}`;
    expect(res.status, label).toBeLessThan(500);
    if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      await res.body?.cancel(); // the live stream of an authenticated device: it answered, and stays open
      return res.status;
    }
    const text = await res.text();
    if (res.status >= 400) {
      let parsed: unknown;
      expect(() => {
        parsed = JSON.parse(text) as unknown;
      }, `${label}: error body is not JSON: ${text.slice(0, 200)}`).not.toThrow();
      const e = parsed as { code?: unknown; message?: unknown };
      expect(ERROR_CODES.has(String(e.code)), `${label}: code ${String(e.code)}`).toBe(true);
      expect(typeof e.message === 'string' && e.message.length > 0, label).toBe(true);
      expect(text.length, `${label}: error body of ${text.length} bytes`).toBeLessThan(16_000);
    }
    return res.status;
  }

  beforeAll(async () => {
    if (skip) return;
    db = (await openTestDb(engine)).db;
    await seedDemo(db, { seed: 11, variants: 20 });
    catalog = await startCatalog(db, { pickups: { channelKeys: `web:${CHANNEL_KEY}`, jobs: false } });
    const storeId = (await db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'stores' ORDER BY id LIMIT 1`)).rows[0]?.id ?? '';
    counter = await enroll(catalog.baseUrl, db, storeId, 'counter');
    kiosk = await enroll(catalog.baseUrl, db, storeId, 'kiosk');
    before = await snapshot();
    beforeRev = await maxRev();
  });

  afterAll(async () => {
    await catalog?.close();
    await db?.close();
  });

  it.skipIf(skip)('the server declares the routes this suite fuzzes', () => {
    const routes = catalog.server.routes.map((r) => `${r.method} ${r.url}`);
    // A sample the suite must see; every other declared route is fuzzed the same way.
    expect(routes).toEqual(expect.arrayContaining([`POST ${API_PREFIX}/enroll`, `POST ${API_PREFIX}/sync/:collection/push`, `POST ${API_PREFIX}/orders`, `POST ${API_PREFIX}/pickups/check-in`, 'GET /readyz']));
    expect(routes.length).toBeGreaterThanOrEqual(12);
  });

  it.skipIf(skip)('boundary payloads on every route: never a 5xx, always a clear JSON error', async () => {
    const boundary: Body[] = [
      { text: '{"x":"\\u0000"}', type: 'application/json' },
      { text: '["\\ud800"]', type: 'application/json' },
      { text: nested(100_000, '[', ']'), type: 'application/json' },
      { text: JSON.stringify({ big: 'x'.repeat(2 * 1024 * 1024) }), type: 'application/json' },
      { text: 'x'.repeat(11 * 1024 * 1024), type: 'application/json' }, // over the 10 MB body limit
      { text: '{', type: 'application/json' },
      { text: '12', type: 'application/json' },
      { text: '\u0000\ud800', type: 'text/plain' },
    ];
    for (const route of catalog.server.routes) {
      for (const b of boundary) {
        for (const w of ['counter', 'none'] as const) {
          await attack({ route, params: ['%00', '%ED%A0%80', 'x'], query: '?rev=%00&x=%ff', body: b, who: w, schema: 'right' });
        }
      }
    }
    expect((await fetch(`${catalog.baseUrl}/healthz`)).status).toBe(200);
  });

  it.skipIf(skip)('random requests to random routes (fast-check): never a 5xx, and the server stays healthy', async () => {
    const routes = catalog.server.routes;
    const attempt: fc.Arbitrary<Attempt> = fc.record({
      route: fc.constantFrom(...routes),
      params: fc.array(segment, { minLength: 3, maxLength: 3 }),
      query,
      body,
      who,
      schema: fc.constantFrom<Attempt['schema']>('right', 'missing', 'odd'),
    });
    await fc.assert(
      fc.asyncProperty(attempt, async (a) => {
        await attack(a);
      }),
      { numRuns: engine === 'pglite' ? 400 : 250, seed: SEED, endOnFailure: true },
    );
    expect((await fetch(`${catalog.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${catalog.baseUrl}/readyz`)).status).toBe(200);
  });

  it.skipIf(skip)('afterwards nothing was stored: no table gained a row, no document a revision, a pull brings nothing new', async () => {
    const after = await snapshot();
    // Enrollment codes and devices are only made in beforeAll; rate-limit counters live in memory.
    expect(Object.fromEntries(after)).toEqual(Object.fromEntries(before));
    expect(await maxRev()).toBe(beforeRev);
    for (const name of Object.keys(COLLECTIONS) as CollectionName[]) {
      if (!COLLECTIONS[name].roles.includes('counter')) continue;
      const pulled = await getJson(`${catalog.baseUrl}${API_PREFIX}/sync/${name}/pull?rev=${beforeRev}&limit=10`, counter.token);
      expect(pulled.status, name).toBe(200);
      expect((pulled.body as PullResponse<unknown>).documents, name).toEqual([]);
    }
  });
});
