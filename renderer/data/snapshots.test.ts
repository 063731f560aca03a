/**
 * Cold start from snapshots (snapshots.ts) on RxDB's memory storage: the search index and the barcode map are
 * restored from their snapshots and catch up with everything written while the app was closed (added, changed,
 * deleted products; a variant whose barcode changed, a new variant); a snapshot that does not add up, or of
 * another format, is thrown away and the index is read in full.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openDatabase, type AisleDatabase } from './database';
import { BarcodeMap } from './barcodeMap';
import { createProductMiniSearch, ProductSearchIndex, searchProducts, toIndexDoc } from './searchIndex';
import { SearchService } from './search';
import { catchUp, memorySnapshots } from './snapshots';
import { encodeProductIndex } from './productSnapshot';
import type { ProductDoc, VariantDoc } from '../../shared/schemas/collections';
import { toGtin14, withCheckDigit } from '../../shared/gtin';

const T = '2026-01-15T09:00:00.000Z';
const product = (i: number, title: string): ProductDoc => ({ id: `prod_${i}`, handle: `p-${i}`, title, brand: 'Acme', category: 'Tools', description: '', options: [], images: [], updatedAt: T });
const upcOf = (n: number): string => withCheckDigit(`0${String(n).padStart(10, '0')}`);
const gtinOf = (n: number): string => toGtin14(upcOf(n)) ?? '';
const variant = (i: number, productId: string, gtin = gtinOf(i)): VariantDoc => ({ id: `var_${i}`, productId, sku: `SKU-${i}`, gtin, barcode: gtin.slice(2), title: `V ${i}`, optionValues: [], price: { amount: 100, currency: 'USD' }, compareAtPrice: null, image: null, position: 0, updatedAt: T });

const open: AisleDatabase[] = [];
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c();
  for (const db of open.splice(0)) await db.close();
});

async function seeded(): Promise<AisleDatabase> {
  const db = await openDatabase(`snap-${Math.random().toString(36).slice(2)}`, 'counter', getRxStorageMemory(), new Uint8Array(32).fill(3));
  open.push(db);
  await db.collections.products!.bulkInsert([product(1, 'Claw hammer'), product(2, 'Tape measure'), product(3, 'Spirit level')]);
  await db.collections.variants!.bulkInsert([variant(1, 'prod_1'), variant(2, 'prod_2'), variant(3, 'prod_3')]);
  return db;
}

function indexes(db: AisleDatabase, store: ReturnType<typeof memorySnapshots>) {
  const searchIndex = new ProductSearchIndex(db.collections.products!, store);
  const barcodes = new BarcodeMap(db.collections.variants!, store);
  closers.push(() => searchIndex.close(), () => barcodes.close());
  const search = new SearchService(searchIndex, db.collections.products!, db.collections.variants!, barcodes);
  return { searchIndex, barcodes, search };
}

const titles = (index: ProductSearchIndex, q: string): string[] => searchProducts(index.index, q, 10).map((h) => h.title);

describe('index snapshots', () => {
  it('a synced device starts from its snapshots and catches up with what changed while it was closed', async () => {
    const db = await seeded();
    const store = memorySnapshots();
    const first = indexes(db, store);
    await Promise.all([first.searchIndex.ready, first.barcodes.ready]);
    expect([first.searchIndex.filledFrom, first.barcodes.filledFrom]).toEqual(['read', 'read']);
    await Promise.all([first.searchIndex.flush(), first.barcodes.flush()]);
    expect([...store.values.keys()].sort()).toEqual(['barcodes.v2', 'products.v2']);
    first.searchIndex.close();
    first.barcodes.close();

    // While the app is closed: the sync (or anything) changes products and variants.
    await db.collections.products!.upsert(product(2, 'Laser distance meter'));
    await (await db.collections.products!.findOne('prod_3').exec())!.remove();
    await db.collections.products!.insert(product(4, 'Cordless drill'));
    await db.collections.variants!.upsert(variant(1, 'prod_1', gtinOf(501)));
    await db.collections.variants!.insert(variant(4, 'prod_4'));

    const second = indexes(db, store);
    await Promise.all([second.searchIndex.ready, second.barcodes.ready]);
    expect([second.searchIndex.filledFrom, second.barcodes.filledFrom]).toEqual(['snapshot', 'snapshot']);
    expect(titles(second.searchIndex, 'laser')).toEqual(['Laser distance meter']);
    expect(titles(second.searchIndex, 'tape')).toEqual([]);
    expect(titles(second.searchIndex, 'spirit')).toEqual([]);
    expect(titles(second.searchIndex, 'drill')).toEqual(['Cordless drill']);
    expect(second.searchIndex.index.documentCount).toBe(3);
    expect((await second.search.findByBarcode(gtinOf(501)))?.variantId).toBe('var_1');
    expect((await second.search.findByBarcode(gtinOf(4)))?.variantId).toBe('var_4');
    // var_1's old barcode is still in the restored map, but a lookup checks the variant and refuses it.
    expect(second.barcodes.map.has(gtinOf(1))).toBe(true);
    expect(await second.search.findByBarcode(gtinOf(1))).toBeNull();
    expect((await second.search.search(gtinOf(1))).barcodeMatch).toBeNull();

    // Live changes after the restore still apply.
    await db.collections.products!.upsert(product(4, 'Hammer drill'));
    await new Promise((r) => setTimeout(r, 20));
    expect(titles(second.searchIndex, 'hammer').sort()).toEqual(['Claw hammer', 'Hammer drill']);
  });

  it('a snapshot that does not add up, or of another format, is thrown away and the index read in full', async () => {
    const db = await seeded();
    const store = memorySnapshots();
    const first = indexes(db, store);
    await Promise.all([first.searchIndex.ready, first.barcodes.ready]);
    await Promise.all([first.searchIndex.flush(), first.barcodes.flush()]);
    first.searchIndex.close();
    first.barcodes.close();

    const tampered = structuredClone(store.values.get('products.v2') as Record<string, unknown>);
    // A snapshot holding a product the database does not have (one made on another database with a fourth
    // product), with a checkpoint past every change: the count check must catch it.
    const ghost = createProductMiniSearch();
    ghost.addAll([product(1, 'Claw hammer'), product(2, 'Tape measure'), product(3, 'Spirit level'), product(9, 'Ghost')].map(toIndexDoc));
    await store.put('products.v2', { format: 2, savedAt: Date.now(), checkpoint: { id: '\uffff', lwt: Number.MAX_SAFE_INTEGER }, data: encodeProductIndex(ghost) });
    const recounted = indexes(db, store);
    await recounted.searchIndex.ready;
    expect(recounted.searchIndex.filledFrom).toBe('read');
    expect(titles(recounted.searchIndex, 'ghost')).toEqual([]);
    expect(recounted.searchIndex.index.documentCount).toBe(3);
    recounted.searchIndex.close();
    recounted.barcodes.close();

    await store.put('products.v2', { ...tampered, format: 999 });
    await store.put('barcodes.v2', { format: 1, checkpoint: { id: '', lwt: 0 }, savedAt: 0, data: { gtins: ['x'], productIds: [], variantIds: [] } });
    const reformatted = indexes(db, store);
    await Promise.all([reformatted.searchIndex.ready, reformatted.barcodes.ready]);
    expect([reformatted.searchIndex.filledFrom, reformatted.barcodes.filledFrom]).toEqual(['read', 'read']);
    expect(reformatted.barcodes.map.size).toBe(3);
    reformatted.searchIndex.close();
    reformatted.barcodes.close();
  });

  it('a device upgraded in place deletes its format-1 records once format 2 is written, and not before', async () => {
    const db = await seeded();
    const format1 = (): Record<string, unknown> => {
      const mini = createProductMiniSearch();
      mini.addAll([product(1, 'Claw hammer')].map(toIndexDoc));
      return { format: 1, checkpoint: { id: 'prod_1', lwt: 1 }, savedAt: 1, data: { index: mini.toJSON() } };
    };
    const oldBarcodes = { format: 1, checkpoint: { id: 'var_1', lwt: 1 }, savedAt: 1, data: { gtins: [gtinOf(1)], productIds: ['prod_1'], variantIds: ['var_1'] } };

    // The put of format 2 fails (disk full): the old records stay, nothing is left with neither.
    const failing = memorySnapshots();
    await failing.put('products', format1());
    await failing.put('barcodes', oldBarcodes);
    const refused = { ...failing, put: async () => Promise.reject(new Error('QuotaExceededError')) };
    const before = { searchIndex: new ProductSearchIndex(db.collections.products!, refused), barcodes: new BarcodeMap(db.collections.variants!, refused) };
    closers.push(() => before.searchIndex.close(), () => before.barcodes.close());
    await Promise.all([before.searchIndex.ready, before.barcodes.ready]);
    await expect(before.searchIndex.save()).rejects.toThrow('QuotaExceededError');
    await expect(before.barcodes.save()).rejects.toThrow('QuotaExceededError');
    expect([...failing.values.keys()].sort()).toEqual(['barcodes', 'products']);

    const store = memorySnapshots();
    await store.put('products', format1());
    await store.put('barcodes', oldBarcodes);
    const upgraded = indexes(db, store);
    await Promise.all([upgraded.searchIndex.ready, upgraded.barcodes.ready]);
    // Format 1 is not read: the first launch of the new build reads every product and variant, then saves format 2.
    expect([upgraded.searchIndex.filledFrom, upgraded.barcodes.filledFrom]).toEqual(['read', 'read']);
    await Promise.all([upgraded.searchIndex.flush(), upgraded.barcodes.flush()]);
    expect([...store.values.keys()].sort()).toEqual(['barcodes.v2', 'products.v2']);
    upgraded.searchIndex.close();
    upgraded.barcodes.close();
    // And the next launch starts from format 2.
    const next = indexes(db, store);
    await Promise.all([next.searchIndex.ready, next.barcodes.ready]);
    expect([next.searchIndex.filledFrom, next.barcodes.filledFrom]).toEqual(['snapshot', 'snapshot']);
    expect(await next.search.findByBarcode(gtinOf(2))).toMatchObject({ productId: 'prod_2' });
  });

  it('a truncated or damaged snapshot buffer is thrown away and the index read in full, never a broken search', async () => {
    const db = await seeded();
    const store = memorySnapshots();
    const first = indexes(db, store);
    await Promise.all([first.searchIndex.ready, first.barcodes.ready]);
    await Promise.all([first.searchIndex.flush(), first.barcodes.flush()]);
    first.searchIndex.close();
    first.barcodes.close();
    const good = { products: store.values.get('products.v2') as { data: ArrayBuffer }, barcodes: store.values.get('barcodes.v2') as { data: ArrayBuffer } };
    const damaged = (buffer: ArrayBuffer, how: 'truncated' | 'flipped'): ArrayBuffer => {
      if (how === 'truncated') return buffer.slice(0, buffer.byteLength - 7);
      const copy = buffer.slice(0);
      const bytes = new Uint8Array(copy);
      bytes[Math.floor(bytes.length / 2)]! ^= 0x10;
      return copy;
    };
    for (const how of ['truncated', 'flipped'] as const) {
      await store.put('products.v2', { ...good.products, data: damaged(good.products.data, how) });
      await store.put('barcodes.v2', { ...good.barcodes, data: damaged(good.barcodes.data, how) });
      const again = indexes(db, store);
      await Promise.all([again.searchIndex.ready, again.barcodes.ready]);
      expect([how, again.searchIndex.filledFrom, again.barcodes.filledFrom]).toEqual([how, 'read', 'read']);
      expect(titles(again.searchIndex, 'tape')).toEqual(['Tape measure']);
      expect((await again.search.findByBarcode(gtinOf(2)))?.variantId).toBe('var_2');
      again.searchIndex.close();
      again.barcodes.close();
    }
  });
});

describe('catchUp', () => {
  it('pages through rows that share one lwt (one bulk write) from a checkpoint inside them, each row once', async () => {
    const db = await seeded();
    const variants = db.collections.variants!;
    // One bulk write: every row gets the same _meta.lwt.
    await variants.bulkInsert(Array.from({ length: 25 }, (_, i) => variant(100 + i, 'prod_1')));
    const [first] = await variants.storageInstance.findDocumentsById(['var_110'], false);
    const seen: string[] = [];
    const end = await catchUp(variants, { id: 'var_110', lwt: first!._meta.lwt }, 4, (docs) => seen.push(...docs.map((d) => d.id)));
    const expected = Array.from({ length: 25 }, (_, i) => `var_${100 + i}`).filter((id) => id > 'var_110').sort();
    expect(seen).toEqual(expected);
    expect(end).toEqual({ id: 'var_124', lwt: first!._meta.lwt });
    // From the end: nothing; a later write is found.
    expect(await catchUp(variants, end, 4, () => expect.unreachable())).toEqual(end);
    await variants.insert(variant(7, 'prod_2'));
    const later: string[] = [];
    await catchUp(variants, end, 4, (docs) => later.push(...docs.map((d) => d.id)));
    expect(later).toEqual(['var_7']);
  });
});
