/**
 * The pull page cache (server/sync/pageCache.ts) on PGlite and PostgreSQL: every answer it gives is byte for byte
 * what a fresh read of the page (pullPage) gives at that moment — after writes to the page's own rows, to another
 * store's rows of the collection, to a row moving between stores, under concurrent identical pulls — while a page
 * that did not change is built once. Then the route: the same bytes over HTTP, and the source header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db';
import { writeDocs, type DocWrite } from '../../server/sync/revisions';
import { collectionHead, pullPage } from '../../server/sync/pull';
import { createPullPageCache, type PullPageCache } from '../../server/sync/pageCache';
import type { CollectionName } from '../../shared/schemas/collections';
import { API_PREFIX, type DeviceInfo, type PullResponse } from '../../shared/sync';
import { mulberry32 } from '../../server/seed/prng';
import { openTestDb, postgresSkipReason, type Engine } from '../support/databases';
import { deviceHeaders, enroll, startCatalog, type RunningCatalog } from '../support/catalog';

const engines: Engine[] = ['pglite', 'postgres'];
const device = (storeId: string): DeviceInfo => ({ deviceId: `d-${storeId}`, deviceName: 'test', storeId, role: 'counter' });
const S1 = device('store-001');
const S2 = device('store-002');

function products(from: number, n: number, tag: string): DocWrite[] {
  return Array.from({ length: n }, (_, i) => ({ id: `p${from + i}`, scope: '', data: { id: `p${from + i}`, title: `${tag} ${from + i} « é 🛒 »` } }));
}
function stock(storeId: string, from: number, n: number, onHand: number): DocWrite[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${storeId}:v${from + i}`, scope: storeId, data: { id: `${storeId}:v${from + i}`, storeId, variantId: `v${from + i}`, onHand } }));
}

/** The cache's answer next to a fresh read of the same page right after it: nothing is written in between. */
async function same(db: Db, cache: PullPageCache, collection: CollectionName, who: DeviceInfo, rev: number, limit: number): Promise<string> {
  const got = await cache.pull(collection, who, rev, limit);
  const fresh = await pullPage(db, collection, who, rev, limit);
  expect(got.body.toString('utf8')).toBe(fresh.body);
  expect(JSON.parse(got.body.toString('utf8'))).toEqual(JSON.parse(fresh.body));
  return got.source;
}

describe.each(engines)('pull page cache on %s', (engine) => {
  const skip = engine === 'postgres' && postgresSkipReason() !== '';
  let db: Db;
  beforeAll(async () => {
    if (skip) return;
    db = (await openTestDb(engine)).db;
    await db.transaction(async (tx) => {
      // Enrollment (the HTTP test) needs the store to exist.
      await writeDocs(tx, 'stores', [{ id: 'store-001', scope: '', data: { id: 'store-001', name: 'One' } }], 'test');
      await writeDocs(tx, 'products', products(0, 60, 'first'), 'test');
      await writeDocs(tx, 'inventory', [...stock('store-001', 0, 40, 5), ...stock('store-002', 0, 40, 7)], 'test');
    });
  }, 120_000);
  afterAll(async () => {
    if (!skip) await db.close();
  });

  it.skipIf(skip)('answers a repeated page from the cache, with the bytes a fresh read gives', async () => {
    const cache = createPullPageCache(db);
    expect(await same(db, cache, 'products', S1, 0, 25)).toBe('database');
    // Another device, another store: a global page is the same page.
    expect(await same(db, cache, 'products', S2, 0, 25)).toBe('cache');
    expect(await same(db, cache, 'inventory', S1, 0, 25)).toBe('database');
    expect(await same(db, cache, 'inventory', S1, 0, 25)).toBe('cache');
    // Scope is part of the key: store 2's inventory is never store 1's cached page.
    expect(await same(db, cache, 'inventory', S2, 0, 25)).toBe('database');
    const page = JSON.parse((await cache.pull('inventory', S2, 0, 25)).body.toString('utf8')) as PullResponse<{ storeId: string }>;
    expect(page.documents.every((d) => d.storeId === 'store-002')).toBe(true);
    expect(cache.stats()).toMatchObject({ database: 3, cache: 3 });
  });

  it.skipIf(skip)('retires a page when its collection is written, in any store, and never serves the old one', async () => {
    const cache = createPullPageCache(db);
    await same(db, cache, 'products', S1, 0, 25);
    // A row of the cached page changes: it leaves the page (new revision at the end) and the page shifts.
    await db.transaction((tx) => writeDocs(tx, 'products', [{ id: 'p3', scope: '', data: { id: 'p3', title: 'renamed' } }], 'test'));
    expect(await same(db, cache, 'products', S1, 0, 25)).toBe('database');
    expect(await same(db, cache, 'products', S2, 0, 25)).toBe('cache');

    await same(db, cache, 'inventory', S1, 0, 25);
    expect(await same(db, cache, 'inventory', S1, 0, 25)).toBe('cache');
    // Another store's stock moves the collection's head: store 1's page is read again (and is still right).
    await db.transaction((tx) => writeDocs(tx, 'inventory', stock('store-002', 5, 1, 99), 'test'));
    expect(await same(db, cache, 'inventory', S1, 0, 25)).toBe('database');
    // A row that moves from store 1 to store 2 leaves store 1's page although store 1's own newest revision fell.
    await db.transaction((tx) => writeDocs(tx, 'inventory', [{ id: 'store-001:v2', scope: 'store-002', data: { id: 'store-001:v2', storeId: 'store-002', variantId: 'v2', onHand: 1 } }], 'test'));
    expect(await same(db, cache, 'inventory', S1, 0, 25)).toBe('database');
    expect(await same(db, cache, 'inventory', S2, 0, 100)).toBe('database');
  });

  it.skipIf(skip)('builds a page once for many devices asking at the same time', async () => {
    const cache = createPullPageCache(db);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => cache.pull('products', i % 2 ? S1 : S2, 0, 40)));
    expect(cache.stats().database).toBe(1);
    expect(answers.filter((a) => a.source === 'shared' || a.source === 'cache')).toHaveLength(19);
    const fresh = await pullPage(db, 'products', S1, 0, 40);
    for (const a of answers) expect(a.body.toString('utf8')).toBe(fresh.body);
  });

  it.skipIf(skip)('answers a device at the head without a page, and one at its store head with the empty page', async () => {
    const cache = createPullPageCache(db);
    await db.transaction((tx) => writeDocs(tx, 'inventory', stock('store-002', 0, 1, 3), 'test'));
    const head = await collectionHead(db, 'inventory');
    expect(await same(db, cache, 'inventory', S1, head, 25)).toBe('head');
    expect(await same(db, cache, 'inventory', S1, head + 1000, 25)).toBe('head');
    // Store 1 is caught up at its own newest row while store 2 has newer ones: an empty page, cached.
    const s1 = await db.query<{ r: number }>(`SELECT max(rev)::float8 AS r FROM docs WHERE collection = 'inventory' AND scope = 'store-001'`);
    const s1Head = s1.rows[0]?.r ?? 0;
    expect(s1Head).toBeLessThan(head);
    expect(await same(db, cache, 'inventory', S1, s1Head, 25)).toBe('database');
    expect(await same(db, cache, 'inventory', S1, s1Head, 25)).toBe('cache');
  });

  it.skipIf(skip)('stays within its byte budget and its age limit', async () => {
    const one = Buffer.byteLength((await pullPage(db, 'products', S1, 0, 5)).body);
    const budget = one * 8 * 1.2;
    const cache = createPullPageCache(db, { maxBytes: budget });
    let rev = 0;
    let walked = 0;
    for (; walked < 40; walked++) {
      const p = await cache.pull('products', S1, rev, 5);
      if (p.count === 0) break;
      rev = p.checkpoint.rev;
      expect(cache.stats().bytes).toBeLessThanOrEqual(budget);
    }
    expect(walked).toBeGreaterThan(10);
    expect(cache.stats().entries).toBeLessThan(walked);
    expect(cache.stats().entries).toBeGreaterThan(0);
    // Bigger than an eighth of the budget: never kept.
    expect(await same(db, cache, 'products', S1, 0, 60)).toBe('database');
    expect(await same(db, cache, 'products', S1, 0, 60)).toBe('database');

    const aging = createPullPageCache(db, { maxAgeMs: 1000 });
    await aging.pull('products', S1, 0, 10);
    expect((await aging.pull('products', S1, 0, 10)).source).toBe('cache');
    await new Promise((r) => setTimeout(r, 1100));
    expect((await aging.pull('products', S1, 0, 10)).source).toBe('database');
    const off = createPullPageCache(db, { maxBytes: 0 });
    await off.pull('products', S1, 0, 10);
    expect((await off.pull('products', S1, 0, 10)).source).toBe('database');
  });

  it.skipIf(skip)('agrees with a fresh read through a random mix of writes and pulls', async () => {
    const cache = createPullPageCache(db);
    const next = mulberry32(11);
    const rand = (n: number): number => Math.floor(next() * n);
    const revs = new Map<string, number>();
    for (let step = 0; step < 150; step++) {
      const roll = rand(10);
      if (roll < 3) {
        const store = rand(2) ? 'store-001' : 'store-002';
        await db.transaction((tx) => writeDocs(tx, 'inventory', stock(store, rand(50), 1 + rand(3), rand(100)), 'test'));
      } else if (roll < 4) {
        await db.transaction((tx) => writeDocs(tx, 'products', products(rand(70), 1, `step ${step}`), 'test'));
      } else {
        const collection: CollectionName = rand(2) ? 'inventory' : 'products';
        const who = rand(2) ? S1 : S2;
        const key = `${collection}:${who.storeId}`;
        // Walk on from this device's checkpoint, or start over (a new device), with one of two page sizes.
        const rev = rand(2) === 0 ? 0 : (revs.get(key) ?? 0);
        const limit = rand(2) ? 7 : 30;
        const got = await cache.pull(collection, who, rev, limit);
        const fresh = await pullPage(db, collection, who, rev, limit);
        expect(got.body.toString('utf8')).toBe(fresh.body);
        revs.set(key, got.checkpoint.rev);
      }
    }
    expect(cache.stats().cache).toBeGreaterThan(5);
  });

  describe('over HTTP', () => {
    let catalog: RunningCatalog;
    beforeAll(async () => {
      if (!skip) catalog = await startCatalog(db);
    });
    afterAll(async () => {
      if (!skip) await catalog.close();
    });

    it.skipIf(skip)('sends the cached bytes and says where they came from', async () => {
      const a = await enroll(catalog.baseUrl, db, 'store-001');
      const b = await enroll(catalog.baseUrl, db, 'store-001');
      const url = `${catalog.baseUrl}${API_PREFIX}/sync/inventory/pull?rev=0&limit=20`;
      const first = await fetch(url, { headers: deviceHeaders(a.token) });
      const second = await fetch(url, { headers: deviceHeaders(b.token) });
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(first.headers.get('x-aisle-pull-source')).toBe('database');
      expect(second.headers.get('x-aisle-pull-source')).toBe('cache');
      expect(second.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const body = await second.text();
      expect(body).toBe(await first.text());
      expect(body).toBe((await pullPage(db, 'inventory', S1, 0, 20)).body);
      const page = JSON.parse(body) as PullResponse<{ storeId: string }>;
      expect(page.documents).toHaveLength(20);
      expect(page.documents.every((d) => d.storeId === 'store-001')).toBe(true);
    });
  });
});
