import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../db/open';
import type { Db } from '../db/db';
import { isValidGtin, toGtin14 } from '../../shared/gtin';
import { derivePinKey, newPinProblem, PIN_KDF, serverPinVerifier } from '../../shared/staff';
import { distanceKm } from '../../shared/geo';
import { createChangeHub } from '../sync/changes';
import { installHttpBasics } from '../http';
import type { VariantDoc } from '../../shared/schemas/collections';
import { DEMO_ASSOCIATE_PIN, DEMO_MANAGER_PIN, demoVerifier, generateDemo, iterateDemoCatalog, seedDemo, type DemoData, shelfLocation } from './demo';
import { renderProductImage } from './images';
import { registerImageRoutes } from './imageRoute';

const fingerprint = (d: DemoData): string => createHash('sha256').update(JSON.stringify(d)).digest('hex');

// Generating 3000 variants × 12 stores takes seconds on a loaded 2-core CI machine: more than vitest's 5 s default.
describe('generateDemo', { timeout: 60_000 }, () => {
  let demo: DemoData;
  beforeAll(async () => {
    demo = await generateDemo({ seed: 42, variants: 3000 });
  }, 60_000);

  it('is byte-identical for the same seed and differs for another seed', async () => {
    const again = await generateDemo({ seed: 42, variants: 3000 });
    expect(fingerprint(again)).toBe(fingerprint(demo));
    const other = await generateDemo({ seed: 43, variants: 3000 });
    expect(fingerprint(other)).not.toBe(fingerprint(demo));
  });

  it('produces exactly the requested number of variants, with inventory for every store × variant', async () => {
    expect(demo.variants).toHaveLength(3000);
    expect(demo.stores.length).toBeGreaterThanOrEqual(8);
    expect(demo.inventory).toHaveLength(demo.stores.length * 3000);
    for (const n of [1, 2, 7, 13]) {
      const small = await generateDemo({ seed: 7, variants: n, stores: 8 });
      expect(small.variants).toHaveLength(n);
      expect(small.inventory).toHaveLength(8 * n);
    }
  });

  it('gives every variant a valid, unique UPC-A or EAN-13 whose gtin is its GTIN-14', () => {
    const gtins = new Set<string>();
    const lengths = new Set<number>();
    for (const v of demo.variants) {
      expect(isValidGtin(v.barcode), v.barcode).toBe(true);
      expect(v.gtin).toBe(toGtin14(v.barcode));
      lengths.add(v.barcode.length);
      gtins.add(v.gtin);
    }
    expect(gtins.size).toBe(demo.variants.length);
    expect([...lengths].sort()).toEqual([12, 13]);
    expect(new Set(demo.variants.map((v) => v.sku)).size).toBe(demo.variants.length);
    expect(new Set(demo.variants.map((v) => v.id)).size).toBe(demo.variants.length);
    expect(new Set(demo.products.map((p) => p.id)).size).toBe(demo.products.length);
  });

  it('builds products whose variants match their options, priced in integer cents', () => {
    const byProduct = new Map<string, VariantDoc[]>();
    for (const v of demo.variants) byProduct.set(v.productId, [...(byProduct.get(v.productId) ?? []), v]);
    for (const p of demo.products) {
      const variants = byProduct.get(p.id) ?? [];
      expect(variants.length).toBeGreaterThanOrEqual(1);
      expect(variants.length).toBeLessThanOrEqual(12);
      for (const v of variants) {
        expect(v.optionValues).toHaveLength(p.options.length);
        v.optionValues.forEach((value, i) => expect(p.options[i]?.values).toContain(value));
        expect(Number.isSafeInteger(v.price.amount) && v.price.amount > 0).toBe(true);
        if (v.compareAtPrice) expect(v.compareAtPrice.amount).toBeGreaterThan(v.price.amount);
      }
      expect(p.images).toEqual([`/images/products/${p.id}.svg`]);
    }
    // Mostly multi-variant products, some single-variant home goods.
    const sizes = [...byProduct.values()].map((vs) => vs.length);
    expect(sizes.filter((n) => n >= 3).length / sizes.length).toBeGreaterThan(0.7);
    expect(sizes).toContain(1);
    expect(demo.variants.some((v) => v.compareAtPrice === null) && demo.variants.some((v) => v.compareAtPrice !== null)).toBe(true);
  });

  it('keeps inventory consistent and scoped', () => {
    let zeros = 0;
    for (const inv of demo.inventory) {
      expect(inv.id).toBe(`${inv.storeId}:${inv.variantId}`);
      expect(inv.available).toBe(inv.onHand - inv.reserved);
      expect(inv.onHand).toBeGreaterThanOrEqual(0);
      expect(inv.onHand).toBeLessThanOrEqual(25);
      if (inv.onHand === 0) zeros++;
    }
    expect(zeros).toBeGreaterThan(0);
    expect(zeros).toBeLessThan(demo.inventory.length / 4);
  });

  it('places stores in one region with meaningful distances and weekly opening hours', () => {
    const ids = demo.stores.map((s) => s.id);
    expect(ids.slice(0, 2)).toEqual(['store-001', 'store-002']);
    expect(demo.stores.map((s) => s.code)[0]).toBe('S001');
    const boston = demo.stores[0];
    const philly = demo.stores.find((s) => s.address.city === 'Philadelphia');
    if (!boston || !philly) throw new Error('missing stores');
    expect(distanceKm(boston.lat, boston.lon, philly.lat, philly.lon)).toBeGreaterThan(400);
    expect(distanceKm(boston.lat, boston.lon, philly.lat, philly.lon)).toBeLessThan(470);
    for (const s of demo.stores) {
      expect(s.openingHours.map((h) => h.day)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      if (s.address.country === 'US') expect([s.timeZone, s.locale, s.currency]).toEqual(['America/New_York', 'en-US', 'USD']);
    }
    // The European stores sell in euros, in French and German, on their own clocks.
    const abroad = demo.stores.filter((s) => s.address.country !== 'US').map((s) => [s.address.city, s.locale, s.currency, s.timeZone]);
    expect(abroad).toEqual([
      ['Paris', 'fr-FR', 'EUR', 'Europe/Paris'],
      ['Berlin', 'de-DE', 'EUR', 'Europe/Berlin'],
    ]);
    // …and every variant has a euro price for them.
    for (const v of demo.variants.slice(0, 50)) expect(v.marketPrices?.map((p) => p.price.currency)).toEqual(['EUR']);
  });

  it('gives the documented demo PINs a server verifier and replicates nothing a PIN guess can be tested against', async () => {
    const storeOne = demo.staff.filter((s) => s.storeId === 'store-001');
    expect(storeOne.map((s) => s.staffNumber)).toEqual(['1001', '1002', '1003', '1004', '1005', '1006']);
    expect(demo.staff.filter((s) => s.role === 'manager')).toHaveLength(demo.stores.length);
    for (const s of demo.staff) expect(Object.keys(s).sort()).toEqual(['active', 'badge', 'id', 'name', 'pinKdf', 'pinSalt', 'pinVersion', 'role', 'staffNumber', 'storeId', 'updatedAt']);
    const manager = demo.staff.find((x) => x.staffNumber === '1001');
    const associate = demo.staff.find((x) => x.staffNumber === '1004');
    if (!manager || !associate) throw new Error('demo staff missing');
    expect(manager.pinKdf).toEqual(PIN_KDF);
    expect(manager.pinSalt).toMatch(/^[0-9a-f]{32}$/);
    // The device derives the key with @noble/hashes; the server's verifier came from node's native scrypt.
    const managerKey = await derivePinKey(DEMO_MANAGER_PIN, manager.pinSalt, manager.pinKdf);
    expect(serverPinVerifier(managerKey)).toBe(await demoVerifier(42, manager));
    expect(serverPinVerifier(managerKey)).not.toBe(await demoVerifier(42, associate));
    expect(newPinProblem(DEMO_MANAGER_PIN)).toBeNull();
    expect(newPinProblem(DEMO_ASSOCIATE_PIN)).toBeNull();
    // Three 128 MiB scrypt runs on a shared CI core take a few seconds.
  }, 60_000);

  it('generates product N independently of how the catalog is consumed', () => {
    const first = iterateDemoCatalog({ seed: 42, variants: 3000 }).next();
    expect(first.done).toBe(false);
    if (first.done) return;
    expect(first.value.product).toEqual(demo.products[0]);
  });
});

describe('renderProductImage', () => {
  it('is deterministic, escapes the title and colours by variant', () => {
    const p = { id: 'prod_1', title: 'Salt & Pepper <Mill> "Pro"', brand: 'Kiln', category: 'Home & Kitchen' };
    const svg = renderProductImage(p);
    expect(renderProductImage(p)).toBe(svg);
    expect(svg).toContain('Salt &amp; Pepper &lt;Mill&gt;');
    expect(svg).not.toContain('<Mill>');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(renderProductImage(p, 'Navy')).toContain('#1f2a44');
    expect(renderProductImage({ ...p, id: 'prod_2' })).not.toBe(svg);
  });
});

describe('seedDemo and the image route on PGlite', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb({});
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  const counts = async (): Promise<Record<string, number>> => {
    const res = await db.query<{ collection: string; n: number }>('SELECT collection, count(*)::int AS n FROM docs GROUP BY collection');
    return Object.fromEntries(res.rows.map((r) => [r.collection, r.n]));
  };
  const maxRev = async (): Promise<number> => (await db.query<{ r: number }>('SELECT max(rev)::float8 AS r FROM docs')).rows[0]?.r ?? 0;

  it('writes every document in chunks, scoped correctly, and does nothing the second time', async () => {
    const report = await seedDemo(db, { seed: 42, variants: 1500, chunkVariants: 400 });
    expect(report).toMatchObject({ skipped: false, variants: 1500, inventory: 18_000, stores: 12, staff: 72 });
    expect(await counts()).toMatchObject({ variants: 1500, inventory: 18_000, stores: 12, staff: 72, products: report.products });
    const scopes = await db.query<{ collection: string; scope: string; n: number }>(
      `SELECT collection, scope, count(*)::int AS n FROM docs WHERE collection IN ('inventory', 'staff', 'products') GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(scopes.rows.filter((r) => r.collection === 'products')).toEqual([{ collection: 'products', scope: '', n: report.products }]);
    expect(scopes.rows.find((r) => r.collection === 'inventory' && r.scope === 'store-003')?.n).toBe(1500);
    expect(scopes.rows.find((r) => r.collection === 'staff' && r.scope === 'store-010')?.n).toBe(6);

    const stored = await db.query<{ data: unknown }>(`SELECT data FROM docs WHERE collection = 'variants' AND id = 'var_000001_01'`);
    const expected = (await generateDemo({ seed: 42, variants: 1500 })).variants[0];
    expect(stored.rows[0]?.data).toEqual(expected);

    const revBefore = await maxRev();
    const again = await seedDemo(db, { seed: 42, variants: 1500 });
    expect(again.skipped).toBe(true);
    expect(await maxRev()).toBe(revBefore);

    const forced = await seedDemo(db, { seed: 42, variants: 1500, force: true, chunkVariants: 5000 });
    expect(forced.skipped).toBe(false);
    expect(await maxRev()).toBeGreaterThan(revBefore);
    expect((await counts())['variants']).toBe(1500);
  }, 120_000);

  it('serves product images with caching headers, a working ETag and a JSON 404', async () => {
    const app = Fastify();
    installHttpBasics(app);
    const hub = await createChangeHub(db, () => undefined);
    registerImageRoutes(app, { db, hub, log: app.log });
    try {
      const ok = await app.inject({ method: 'GET', url: '/images/products/prod_000001.svg' });
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(ok.headers['cache-control']).toBe('public, max-age=86400');
      expect(ok.body).toContain('<svg');
      const etag = ok.headers['etag'];
      expect(typeof etag).toBe('string');
      const cached = await app.inject({ method: 'GET', url: '/images/products/prod_000001.svg', headers: { 'if-none-match': String(etag) } });
      expect(cached.statusCode).toBe(304);
      const coloured = await app.inject({ method: 'GET', url: '/images/products/prod_000001.svg?colour=Navy' });
      expect(coloured.headers['etag']).not.toBe(etag);

      const missing = await app.inject({ method: 'GET', url: '/images/products/prod_nope.svg' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ code: 'NOT_FOUND' });
      const notSvg = await app.inject({ method: 'GET', url: '/images/products/prod_000001.png' });
      expect(notSvg.statusCode).toBe(404);
    } finally {
      await app.close();
      await hub.close();
    }
  });
});

describe('demo shelf locations', () => {
  it('puts a product at one readable place per store, different between stores, and fits the schema', () => {
    const here = shelfLocation('store-001', 'prod_00017');
    expect(here).toMatch(/^Aisle (?:[1-9]|1[0-4]) · Bay (?:[1-9]|1\d|20) · Shelf [A-E]$/);
    expect(shelfLocation('store-001', 'prod_00017')).toBe(here);
    const elsewhere = new Set(['store-002', 'store-003', 'store-004', 'store-005'].map((s) => shelfLocation(s, 'prod_00017')));
    expect(elsewhere.size).toBeGreaterThan(1);
    expect(here.length).toBeLessThanOrEqual(40);
  });
});
