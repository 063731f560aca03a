import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../db/open';
import type { Db } from '../db/db';
import { seedDemo } from '../seed/demo';
import { htmlToText } from './html';
import { importShopifyCsv, planShopifyImport } from './shopify';
import { setVariantPrice } from './prices';
import { Readable } from 'node:stream';
import { demoShopifyCsv } from '../seed/shopifyExport';
import { writeDocs } from '../sync/revisions';
import type { ImportProgress } from './shopify';

const fixture = (name: string): string => readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), 'utf8');
const GOOD = fixture('shopify-products.csv');
const BROKEN = fixture('shopify-products-broken.csv');
const NOW = '2026-03-01T12:00:00.000Z';

describe('planShopifyImport', () => {
  it('groups rows by handle into products with variants, options and ordered images', () => {
    const planned = planShopifyImport(GOOD, { now: NOW });
    if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
    const { products, variants } = planned.plan;
    expect(products.map((p) => p.id)).toEqual([
      'prod_classic-oxford-shirt',
      'prod_trail-runner-2',
      'prod_speckled-stoneware-mug',
      'prod_wireless-earbuds-pro',
      'prod_waxed-canvas-tote',
      'prod_heirloom-linen-throw',
    ]);
    expect(variants).toHaveLength(19);

    const oxford = products[0];
    expect(oxford?.brand).toBe('Harbor & Pine');
    expect(oxford?.category).toBe('Shirts');
    expect(oxford?.options).toEqual([
      { name: 'Size', values: ['S', 'M', 'L'] },
      { name: 'Colour', values: ['White', 'Sky Blue'] },
    ]);
    expect(oxford?.images.map((u) => u.split('/').pop())).toEqual(['oxford-white.jpg?v=1700000000', 'oxford-blue.jpg?v=1700000000', 'oxford-detail.jpg?v=1700000000']);
    expect(oxford?.description).toBe('Our best-selling Oxford, cut from 100% cotton, garment-washed for softness.\n\n• Button-down collar\n• Chest pocket, curved hem');

    const tote = products.find((p) => p.handle === 'waxed-canvas-tote');
    expect(tote?.images.map((u) => u.split('/').pop())).toEqual(['tote-olive.jpg', 'tote-black.jpg', 'tote-inside.jpg']);

    const mug = products.find((p) => p.handle === 'speckled-stoneware-mug');
    expect(mug?.options).toEqual([]);
    expect(mug?.category).toBe('Mugs');
    expect(mug?.images).toEqual(['/images/products/prod_speckled-stoneware-mug.svg']);
    const mugVariant = variants.find((v) => v.productId === mug?.id);
    expect(mugVariant).toMatchObject({ title: 'Default', optionValues: [], barcode: '04252614', gtin: '00042100005264', price: { amount: 2400, currency: 'USD' } });

    const runner = variants.find((v) => v.sku === 'BGS-TR2-10');
    expect(runner).toMatchObject({
      id: 'var_trail-runner-2_bgs-tr2-10',
      gtin: '04006381333931',
      price: { amount: 12995, currency: 'USD' },
      compareAtPrice: { amount: 15995, currency: 'USD' },
      optionValues: ['10'],
      position: 2,
      updatedAt: NOW,
    });
    expect(variants.find((v) => v.sku === 'NDH-THR-OV')?.price.amount).toBe(104_900);
    expect(variants.find((v) => v.sku === 'CAW-TOTE-BLK')).toMatchObject({ barcode: '', gtin: '' });
    expect(variants.find((v) => v.sku === 'HP-OX-S-SKY')?.image).toMatch(/oxford-blue\.jpg/);
  });

  it('reports every bad row with its row, line, column and reason', () => {
    const planned = planShopifyImport(BROKEN);
    if (planned.ok) throw new Error('the broken fixture was accepted');
    const summary = planned.errors.map((e) => [e.row, e.column, e.reason.split(/[":]/)[0]?.trim()]);
    expect(summary).toEqual([
      [3, 'Variant Price', 'bad price'],
      [4, 'Handle', 'missing Handle'],
      [5, 'Variant Barcode', 'barcode'],
      [6, 'Option2 Value', 'Option2 Value is missing but product'],
      [7, 'Variant SKU', 'duplicate SKU'],
      [7, 'Variant Barcode', 'duplicate barcode'],
      [8, 'Title', 'missing Title on the first row of product'],
      [8, 'Variant Barcode', 'barcode'],
    ]);
    expect(planned.errors.find((e) => e.row === 5)?.reason).toContain('wrong check digit: 8, expected 7');
    expect(planned.errors.find((e) => e.row === 8 && e.column === 'Variant Barcode')?.reason).toContain('has 5 digits');
    // Row 5's description spans two lines, so row 6 starts on line 7.
    expect(planned.errors.find((e) => e.row === 6)?.line).toBe(7);
  });

  it('rejects a file that is not a Shopify export or not valid CSV', () => {
    expect(planShopifyImport('sku,price\nA,1\n')).toMatchObject({ ok: false, errors: [{ row: 1 }] });
    expect(planShopifyImport('Handle,Title,Variant Price\nx,"unterminated,1\n')).toMatchObject({ ok: false, errors: [{ row: 2, line: 2 }] });
    expect(planShopifyImport('Handle,Title,Variant Price,Image Src\nx,X,1.00,javascript:alert(1)\n')).toMatchObject({ ok: false, errors: [{ row: 2, column: 'Image Src' }] });
    // A decimal comma is refused rather than read as a thousands separator (25,50 ≠ 2550.00).
    expect(planShopifyImport('Handle,Title,Variant Price\nx,X,"25,50"\n')).toMatchObject({ ok: false, errors: [{ row: 2, column: 'Variant Price' }] });
    expect(planShopifyImport('Handle,Title,Variant Price\nx,X,"1,250.00"\n')).toMatchObject({ ok: true });
    expect(planShopifyImport('Handle,Title,Variant Price,Option1 Name,Option1 Value\nx,X,1.00,,Red\n')).toMatchObject({ ok: false, errors: [{ row: 2, column: 'Option1 Value' }] });
  });
});

describe('htmlToText', () => {
  it('keeps text, turns blocks into lines and decodes entities without reviving tags', () => {
    expect(htmlToText('<p>A &amp; B&nbsp;&#8212; <b>bold</b></p><p>&lt;script&gt;</p><script>alert(1)</script>')).toBe('A & B — bold\n<script>');
  });
});

describe('importShopifyCsv on PGlite', () => {
  let db: Db;
  const snapshot = async (): Promise<{ rows: number; rev: number }> => {
    const res = await db.query<{ rows: number; rev: number }>('SELECT count(*)::int AS rows, coalesce(max(rev), 0)::float8 AS rev FROM docs');
    return res.rows[0] ?? { rows: 0, rev: 0 };
  };
  const doc = async (collection: string, id: string): Promise<{ data: Record<string, unknown>; deleted: boolean; rev: number } | undefined> =>
    (await db.query<{ data: Record<string, unknown>; deleted: boolean; rev: number }>('SELECT data, deleted, rev::float8 AS rev FROM docs WHERE collection = $1 AND id = $2', [collection, id])).rows[0];

  beforeAll(async () => {
    db = await openDb({});
    // Stores (for inventory) and a few demo variants (for catalog conflicts).
    await seedDemo(db, { seed: 1, variants: 30, stores: 8 });
    // Opening PGlite and seeding took over 60 s at load average 20.
  }, 180_000);
  afterAll(async () => {
    await db.close();
  });

  it('writes nothing when a single row is bad', async () => {
    const before = await snapshot();
    const oneBad = GOOD.replace('BGS-TR2-10,250,shopify,10,deny,manual,129.95', 'BGS-TR2-10,250,shopify,10,deny,manual,12g.95');
    const result = await importShopifyCsv(db, oneBad);
    expect(result).toMatchObject({ ok: false, errors: [{ row: 12, column: 'Variant Price' }] });
    expect(await snapshot()).toEqual(before);
    expect(await importShopifyCsv(db, BROKEN)).toMatchObject({ ok: false });
    expect(await snapshot()).toEqual(before);
  });

  it('rolls back when a SKU or barcode belongs to another product in the catalog', async () => {
    const demoVariant = (await db.query<{ sku: string; barcode: string }>(`SELECT data->>'sku' AS sku, data->>'barcode' AS barcode FROM docs WHERE collection = 'variants' ORDER BY id LIMIT 1`)).rows[0];
    if (!demoVariant) throw new Error('no demo variant');
    const before = await snapshot();
    const clash = GOOD.replace('HP-OX-M-WHI', demoVariant.sku).replace('065432107024', demoVariant.barcode);
    const result = await importShopifyCsv(db, clash);
    if (result.ok) throw new Error('conflicting import was accepted');
    expect(result.errors.map((e) => [e.row, e.column])).toEqual([
      [4, 'Variant SKU'],
      [16, 'Variant Barcode'],
    ]);
    expect(result.errors[0]?.reason).toContain('already belongs to variant var_000001_');
    expect(await snapshot()).toEqual(before);
  });

  it('imports the whole file in one go, with zero stock at every store for new variants', async () => {
    const result = await importShopifyCsv(db, GOOD, { now: NOW });
    expect(result).toEqual({
      ok: true,
      products: 6,
      variants: 19,
      created: { products: 6, variants: 19 },
      updated: { products: 0, variants: 0 },
      unchanged: { products: 0, variants: 0 },
      removedVariants: 0,
      inventoryCreated: 19 * 8,
    });
    const variant = await doc('variants', 'var_trail-runner-2_bgs-tr2-10');
    expect(variant?.data).toMatchObject({ productId: 'prod_trail-runner-2', price: { amount: 12995, currency: 'USD' } });
    expect((await doc('inventory', 'store-008:var_trail-runner-2_bgs-tr2-10'))?.data).toMatchObject({ storeId: 'store-008', onHand: 0, reserved: 0, available: 0 });
    const scopes = await db.query<{ scope: string }>(`SELECT DISTINCT scope FROM docs WHERE collection = 'inventory' AND id LIKE '%var_trail-runner-2_%' ORDER BY scope`);
    expect(scopes.rows.map((r) => r.scope)).toHaveLength(8);
  });

  it('re-importing the same file rewrites nothing; a price change rewrites only that product’s variants', async () => {
    const before = await snapshot();
    expect(await importShopifyCsv(db, GOOD)).toMatchObject({ ok: true, unchanged: { products: 6, variants: 19 }, inventoryCreated: 0 });
    expect(await snapshot()).toEqual(before);

    const cheaper = GOOD.replaceAll(',129.95,159.95,', ',119.95,159.95,');
    const result = await importShopifyCsv(db, cheaper);
    expect(result).toMatchObject({ ok: true, updated: { products: 0, variants: 4 }, unchanged: { products: 6, variants: 15 } });
    const variant = await doc('variants', 'var_trail-runner-2_bgs-tr2-10');
    expect(variant?.data['price']).toEqual({ amount: 11995, currency: 'USD' });
    expect(variant?.rev).toBeGreaterThan(before.rev);
  });

  it('deletes variants the file no longer lists, with their inventory', async () => {
    const withoutBlackTote = GOOD.split('\n').filter((l) => !l.includes('CAW-TOTE-BLK')).join('\n');
    const result = await importShopifyCsv(db, withoutBlackTote);
    expect(result).toMatchObject({ ok: true, removedVariants: 1, updated: { products: 1 } });
    expect((await doc('variants', 'var_waxed-canvas-tote_caw-tote-blk'))?.deleted).toBe(true);
    expect((await doc('inventory', 'store-001:var_waxed-canvas-tote_caw-tote-blk'))?.deleted).toBe(true);
    expect((await doc('products', 'prod_waxed-canvas-tote'))?.data['options']).toEqual([{ name: 'Colour', values: ['Olive'] }]);
  });

  it('streams a file bigger than one write chunk and says how far it is while writing', async () => {
    // 2,600 new variants at 8 stores: 20,800 inventory rows, more than one 20,000-document COPY chunk.
    const csv = demoShopifyCsv(2600, { prefix: 'chunked-', barcodes: false });
    const progress: ImportProgress[] = [];
    const result = await importShopifyCsv(db, Readable.from([csv]), { now: NOW, onProgress: (p) => progress.push(p) });
    if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
    expect(result).toMatchObject({ variants: 2600, created: { variants: 2600 }, inventoryCreated: 2600 * 8 });
    expect(progress.map((p) => p.phase).filter((p, i, all) => all.indexOf(p) === i)).toEqual(['reading', 'checking', 'writing']);
    const writing = progress.filter((p) => p.phase === 'writing');
    const total = result.products + 2600 + 2600 * 8;
    expect(writing.every((p) => p.total === total)).toBe(true);
    expect(writing.map((p) => p.records)).toEqual([...writing.map((p) => p.records)].sort((a, b) => a - b));
    expect(writing.length).toBeGreaterThan(3);
    expect(writing.at(-1)?.records).toBe(total);
    const stock = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM docs WHERE collection = 'inventory' AND NOT deleted AND data->>'variantId' LIKE 'var_chunked-%'`);
    expect(stock.rows[0]?.n).toBe(2600 * 8);
  });

  it('keeps stock recorded before its variant arrives, and brings back removed stock at zero', async () => {
    // The import reads what inventory its new variants already have before it writes anything: one row still on
    // the shelf (kept as it is), one deleted (written again at zero). Without that read the first is copied as new,
    // which fails on its duplicate id and rolls the whole import back.
    const csv = demoShopifyCsv(3, { prefix: 'early-', barcodes: false });
    const plan = planShopifyImport(csv, { now: NOW });
    if (!plan.ok) throw new Error('bad fixture');
    const [first, second] = plan.plan.variants;
    if (!first || !second) throw new Error('fixture has too few variants');
    await db.transaction(async (tx) => {
      await writeDocs(tx, 'inventory', [
        { id: `store-001:${first.id}`, scope: 'store-001', data: { id: `store-001:${first.id}`, storeId: 'store-001', variantId: first.id, onHand: 7, reserved: 0, available: 7, updatedAt: NOW } },
        { id: `store-002:${second.id}`, scope: 'store-002', data: { id: `store-002:${second.id}`, storeId: 'store-002', variantId: second.id, onHand: 3, reserved: 0, available: 3, updatedAt: NOW }, deleted: true },
      ], 'test');
    });
    const result = await importShopifyCsv(db, csv, { now: NOW });
    if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
    expect(result.inventoryCreated).toBe(plan.plan.variants.length * 8 - 1);
    expect((await doc('inventory', `store-001:${first.id}`))?.data).toMatchObject({ onHand: 7, available: 7 });
    const back = await doc('inventory', `store-002:${second.id}`);
    expect(back?.deleted).toBe(false);
    expect(back?.data).toMatchObject({ onHand: 0, available: 0 });
    expect((await doc('inventory', `store-003:${first.id}`))?.data).toMatchObject({ onHand: 0 });
  });

  it('sets one variant’s price by SKU', async () => {
    const before = await doc('variants', 'var_speckled-stoneware-mug_kln-mug-spk');
    const result = await setVariantPrice(db, 'KLN-MUG-SPK', '26.50');
    expect(result).toMatchObject({ variantId: 'var_speckled-stoneware-mug_kln-mug-spk', previous: { amount: 2400 }, price: { amount: 2650, currency: 'USD' } });
    const after = await doc('variants', 'var_speckled-stoneware-mug_kln-mug-spk');
    expect(after?.data['price']).toEqual({ amount: 2650, currency: 'USD' });
    expect(after?.rev).toBeGreaterThan(before?.rev ?? Infinity);
    await expect(setVariantPrice(db, 'NO-SUCH-SKU', '1.00')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(setVariantPrice(db, 'KLN-MUG-SPK', '2.5.0')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(setVariantPrice(db, 'KLN-MUG-SPK', '26,50')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
