/**
 * The live-pull slice writer (livePages.ts) on RxDB's memory storage: every row of a page is applied once and in
 * the page's order, slice by slice with a pause between slices (where the UI gets its turn), the barcode map and
 * the product search index follow every slice, and a page of updates over stored rows is written over them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { RxChangeEventBulk } from 'rxdb/plugins/core';
import { openDatabase, type AisleDatabase } from './database';
import { LIVE_SLICE, writePageInSlices, yieldToMain } from './livePages';
import { BarcodeMap } from './barcodeMap';
import { ProductSearchIndex, searchProducts } from './searchIndex';
import type { WithDeleted } from '../../shared/sync';
import type { ProductDoc, VariantDoc } from '../../shared/schemas/collections';

const T = '2026-01-15T09:00:00.000Z';
const gtinOf = (i: number, salt = 0): string => `0${String(10_000_000_000_000 + i * 10 + salt).slice(-13)}`;
const variant = (i: number, amount = 1000, salt = 0): WithDeleted<VariantDoc> => {
  const id = `var_${String(i).padStart(5, '0')}`;
  return { id, productId: `prod_${i % 7}`, sku: `SKU-${i}`, gtin: gtinOf(i, salt), barcode: gtinOf(i, salt).slice(1), title: `Variant ${i}`, optionValues: ['M'], price: { amount, currency: 'USD' }, compareAtPrice: null, image: null, position: i % 5, updatedAt: T, _deleted: false };
};
const product = (i: number, title: string): WithDeleted<ProductDoc> => ({ id: `prod_${i}`, handle: `p-${i}`, title, brand: 'Acme', category: 'Home', description: '', options: [], images: [], updatedAt: T, _deleted: false });
// Any context but RxDB's own: these tests are about the slicing, pulledPages.test.ts guards the flag.
const FLAG = 'live-pages-test';

const open: AisleDatabase[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});

async function device(): Promise<AisleDatabase> {
  const db = await openDatabase(`live-${Math.random().toString(36).slice(2)}`, 'counter', getRxStorageMemory(), new Uint8Array(32).fill(5));
  open.push(db);
  return db;
}

describe('writePageInSlices', () => {
  it('applies every row once, in the page’s order, slice by slice with a pause between slices', async () => {
    const db = await device();
    const variants = db.collections.variants!;
    const bulks: string[][] = [];
    const sub = variants.eventBulks$.subscribe((bulk: RxChangeEventBulk<VariantDoc>) => bulks.push(bulk.events.map((e) => e.documentId)));
    const page = Array.from({ length: 25 }, (_, i) => variant(24 - i));
    const storedAtPause: number[] = [];
    const written = await writePageInSlices(variants, FLAG, page, 10, async () => {
      storedAtPause.push(await variants.count().exec());
    });
    sub.unsubscribe();
    expect(written).toBe(25);
    // Two pauses for three slices, each after a whole slice was stored (the UI runs between slices, not inside one).
    expect(storedAtPause).toEqual([10, 20]);
    expect(bulks.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(bulks.flat()).toEqual(page.map((v) => v.id));
    expect(await variants.count().exec()).toBe(25);
  });

  it('writes a page of updates over the stored rows: one revision more each, nothing added', async () => {
    const db = await device();
    const variants = db.collections.variants!;
    await writePageInSlices(variants, FLAG, Array.from({ length: 30 }, (_, i) => variant(i)), 7, async () => undefined);
    const updates = Array.from({ length: 30 }, (_, i) => variant(i, 2000 + i));
    expect(await writePageInSlices(variants, FLAG, updates, 7, async () => undefined)).toBe(30);
    expect(await variants.count().exec()).toBe(30);
    const stored = await variants.storageInstance.findDocumentsById(updates.map((v) => v.id), false);
    expect(stored.map((d) => d.price.amount).sort((a, b) => a - b)).toEqual(updates.map((v) => v.price.amount));
    expect(stored.every((d) => d._rev.startsWith('2-'))).toBe(true);
    // A deletion in a later slice removes the row; one of a row never seen is skipped.
    await writePageInSlices(variants, FLAG, [variant(40), { ...variant(3), _deleted: true }, { ...variant(900), _deleted: true }], 1, async () => undefined);
    expect(await variants.count().exec()).toBe(30);
    expect(await variants.findOne('var_00003').exec()).toBeNull();
  });

  it('the barcode map and the search index are up to date after every slice', async () => {
    const db = await device();
    const variants = db.collections.variants!;
    const products = db.collections.products!;
    const barcodes = new BarcodeMap(variants);
    const index = new ProductSearchIndex(products);
    await Promise.all([barcodes.ready, index.ready]);
    await writePageInSlices(variants, FLAG, Array.from({ length: 12 }, (_, i) => variant(i)), 5, async () => undefined);
    await writePageInSlices(products, FLAG, Array.from({ length: 7 }, (_, i) => product(i, `Desk lamp ${i}`)), 3, async () => undefined);
    expect(barcodes.map.size).toBe(12);
    // New barcodes for every variant, new titles for every product, written in slices.
    const moved = Array.from({ length: 12 }, (_, i) => variant(i, 1000, 7));
    const missing: string[] = [];
    await writePageInSlices(variants, FLAG, moved, 5, async () => {
      // Between slices: every variant written so far answers by its new barcode and no longer by its old one.
      for (const v of moved) {
        const ref = barcodes.get(v.gtin);
        const old = barcodes.get(gtinOf(Number(v.id.slice(4))));
        if (ref && old) missing.push(`${v.id} found by both barcodes`);
      }
    });
    expect(missing).toEqual([]);
    for (const v of moved) {
      expect(barcodes.get(v.gtin)?.variantId).toBe(v.id);
      expect(barcodes.get(gtinOf(Number(v.id.slice(4))))).toBeUndefined();
    }
    await writePageInSlices(products, FLAG, Array.from({ length: 7 }, (_, i) => product(i, `Floor heater ${i}`)), 3, async () => undefined);
    expect(searchProducts(index.index, 'heater', 50).map((h) => h.id).sort()).toEqual(Array.from({ length: 7 }, (_, i) => `prod_${i}`));
    expect(searchProducts(index.index, 'desk', 50)).toEqual([]);
    barcodes.close();
    index.close();
  });

  it('refuses a slice that is not a positive integer; the defaults stay within RxDB’s change buffer', async () => {
    const db = await device();
    await expect(writePageInSlices(db.collections.variants!, FLAG, [variant(1)], 0)).rejects.toThrow(/positive integer/);
    expect(LIVE_SLICE).toBeLessThanOrEqual(100);
    // The default pause resolves (a macrotask or scheduler.yield): a page with the default settings completes.
    await yieldToMain();
    expect(await writePageInSlices(db.collections.variants!, FLAG, Array.from({ length: LIVE_SLICE + 1 }, (_, i) => variant(i)))).toBe(LIVE_SLICE + 1);
  });
});
