import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom, filter } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { RxStorage } from 'rxdb/plugins/core';
import type { InventoryDoc, ProductDoc, VariantDoc } from '../../shared/schemas/collections';
import { openDatabase, type AisleDatabase } from './database';
import { DETAILS_DELAY_MS, resultDetails$, summariseResult } from './resultDetails';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const product: ProductDoc = { id: 'p1', handle: 'tee', title: 'Tee', brand: 'B', category: 'Tops', description: '', options: [], images: ['img/p1.webp'], updatedAt: '2026-01-01T00:00:00.000Z' };
const variant = (id: string, price: number, position: number, image: string | null = null): VariantDoc => ({ id, productId: 'p1', sku: `SKU-${id}`, gtin: '', barcode: '', title: id, optionValues: [id], price: usd(price), compareAtPrice: null, image, position, updatedAt: '' });
const stock = (variantId: string, available: number): [string, InventoryDoc] => [variantId, { id: `s1:${variantId}`, storeId: 's1', variantId, onHand: available, reserved: 0, available, updatedAt: '' }];

describe('search result details', () => {
  const variants = [variant('v2', 2500, 2, 'img/v2.webp'), variant('v1', 1999, 1)];
  it('gives a product hit its price range, option count, image and stock here over all variants', () => {
    const d = summariseResult({ id: 'p1' }, product, variants, new Map([stock('v1', 3), stock('v2', -2)]));
    expect(d).toEqual({ image: 'img/p1.webp', priceMin: usd(1999), priceMax: usd(2500), sku: null, variantCount: 2, availableHere: 3 });
  });
  it('gives a SKU/barcode hit its own variant: one price, its SKU, its image and its stock', () => {
    const d = summariseResult({ id: 'p1', variantId: 'v2' }, product, variants, new Map([stock('v1', 3), stock('v2', 5)]));
    expect(d).toEqual({ image: 'img/v2.webp', priceMin: usd(2500), priceMax: usd(2500), sku: 'SKU-v2', variantCount: 2, availableHere: 5 });
  });
  it('says "not stocked here" (null) rather than 0 when the store has no row, and copes with no variants yet', () => {
    expect(summariseResult({ id: 'p1' }, product, variants, new Map()).availableHere).toBeNull();
    expect(summariseResult({ id: 'p1' }, undefined, [], new Map())).toEqual({ image: null, priceMin: null, priceMax: null, sku: null, variantCount: 0, availableHere: null });
  });
});

describe('search result details from the local database', () => {
  const opened: AisleDatabase[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.close();
  });

  /** RxDB's memory storage, recording the plan of every query the variants collection runs. */
  function recordingStorage(plans: { index: string[]; selectorSatisfiedByIndex: boolean }[]): RxStorage<unknown, unknown> {
    const base = getRxStorageMemory();
    const storage = Object.create(base) as typeof base;
    storage.createStorageInstance = async (params) => {
      const instance = await base.createStorageInstance(params);
      const query = instance.query.bind(instance);
      instance.query = (prepared) => {
        if (params.collectionName === 'variants') plans.push({ index: prepared.queryPlan.index, selectorSatisfiedByIndex: prepared.queryPlan.selectorSatisfiedByIndex });
        return query(prepared);
      };
      return instance;
    };
    return storage;
  }

  it('reads only the hits’ variants (an exact index range, never a scan of the table) and follows a live price change', async () => {
    const plans: { index: string[]; selectorSatisfiedByIndex: boolean }[] = [];
    const db = await openDatabase(`details-${Math.random().toString(36).slice(2)}`, 'counter', recordingStorage(plans) as Parameters<typeof openDatabase>[2], new Uint8Array(32).fill(5));
    opened.push(db);
    const T = '2026-01-01T00:00:00.000Z';
    const products = Array.from({ length: 60 }, (_, i): ProductDoc => ({ ...product, id: `p${String(i).padStart(3, '0')}`, title: `P${i}`, updatedAt: T }));
    await db.collections.products!.bulkInsert(products);
    await db.collections.variants!.bulkInsert(products.flatMap((p, i) => [0, 1, 2].map((k): VariantDoc => ({ ...variant(`${p.id}-v${k}`, 1000 + i * 10 + k, k), productId: p.id, updatedAt: T }))));
    await db.collections.inventory!.bulkInsert([{ id: 's1:p007-v1', storeId: 's1', variantId: 'p007-v1', onHand: 4, reserved: 0, available: 4, updatedAt: T }]);
    // Hits scattered over the table, as a search returns them: an $in over their ids spans nearly every row.
    const hits = [{ id: 'p001' }, { id: 'p007', variantId: 'p007-v1' }, { id: 'p058' }];
    const details$ = resultDetails$(db, 's1', hits);
    const first = await firstValueFrom(details$);
    expect(first.get('p001')).toMatchObject({ priceMin: usd(1010), priceMax: usd(1012), variantCount: 3, availableHere: null });
    expect(first.get('p007')).toMatchObject({ priceMin: usd(1071), priceMax: usd(1071), sku: 'SKU-p007-v1', availableHere: 4 });
    expect(first.get('p058')).toMatchObject({ priceMin: usd(1580), variantCount: 3 });
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans) expect(plan).toEqual({ index: ['_deleted', 'productId', 'id'], selectorSatisfiedByIndex: true });

    const changed = firstValueFrom(details$.pipe(filter((d) => d.get('p058')?.priceMin?.amount === 999)));
    await (await db.collections.variants!.findOne('p058-v2').exec())?.incrementalPatch({ price: usd(999) });
    expect((await changed).get('p058')).toMatchObject({ priceMin: usd(999), priceMax: usd(1581) });
  });

  it('keeps the details object of a row whose summary did not change, so its row does not re-render', async () => {
    const db = await openDatabase(`details-${Math.random().toString(36).slice(2)}`, 'counter', getRxStorageMemory(), new Uint8Array(32).fill(5));
    opened.push(db);
    const T = '2026-01-01T00:00:00.000Z';
    const products = Array.from({ length: 3 }, (_, i): ProductDoc => ({ ...product, id: `p${i}`, title: `P${i}`, updatedAt: T }));
    await db.collections.products!.bulkInsert(products);
    await db.collections.variants!.bulkInsert(products.map((p, i): VariantDoc => ({ ...variant(`${p.id}-v0`, 1000 + i, 0), productId: p.id, updatedAt: T })));
    await db.collections.inventory!.bulkInsert(products.map((p): InventoryDoc => ({ id: `s1:${p.id}-v0`, storeId: 's1', variantId: `${p.id}-v0`, onHand: 5, reserved: 0, available: 5, updatedAt: T })));
    const seen: ReadonlyMap<string, unknown>[] = [];
    const sub = resultDetails$(db, 's1', products.map((p) => ({ id: p.id })), 0).subscribe((d) => seen.push(d));
    try {
      await expect.poll(() => seen.length).toBeGreaterThan(0);
      const first = seen[0]!;
      // Stock of p1 changes; then p2's price is written with the same amount (a revision, nothing to show).
      await (await db.collections.inventory!.findOne('s1:p1-v0').exec())?.incrementalPatch({ available: 2 });
      await (await db.collections.variants!.findOne('p2-v0').exec())?.incrementalPatch({ updatedAt: '2026-02-01T00:00:00.000Z' });
      await expect.poll(() => (seen.at(-1)?.get('p1') as { availableHere?: number } | undefined)?.availableHere, { timeout: 5000 }).toBe(2);
      await new Promise((r) => setTimeout(r, 400));
      const last = seen.at(-1)!;
      expect(last.get('p1')).not.toBe(first.get('p1'));
      expect(last.get('p0')).toBe(first.get('p0'));
      expect(last.get('p2')).toBe(first.get('p2'));
    } finally {
      sub.unsubscribe();
    }
  });

  it('reads nothing for hit lists replaced before DETAILS_DELAY_MS (typing), only for the one that stays', async () => {
    const plans: { index: string[]; selectorSatisfiedByIndex: boolean }[] = [];
    const db = await openDatabase(`details-${Math.random().toString(36).slice(2)}`, 'counter', recordingStorage(plans) as Parameters<typeof openDatabase>[2], new Uint8Array(32).fill(5));
    opened.push(db);
    const T = '2026-01-01T00:00:00.000Z';
    const products = Array.from({ length: 20 }, (_, i): ProductDoc => ({ ...product, id: `p${String(i).padStart(3, '0')}`, title: `P${i}`, updatedAt: T }));
    await db.collections.products!.bulkInsert(products);
    await db.collections.variants!.bulkInsert(products.map((p, i): VariantDoc => ({ ...variant(`${p.id}-v0`, 1000 + i, 0), productId: p.id, updatedAt: T })));
    // Ten keystrokes, each showing a new list of four hits and replaced before the wait is over.
    for (let k = 0; k < 10; k++) {
      const sub = resultDetails$(db, 's1', products.slice(k, k + 4).map((p) => ({ id: p.id }))).subscribe();
      await new Promise((r) => setTimeout(r, 5));
      sub.unsubscribe();
    }
    await new Promise((r) => setTimeout(r, DETAILS_DELAY_MS + 50));
    expect(plans).toEqual([]);
    const last = await firstValueFrom(resultDetails$(db, 's1', [{ id: 'p010' }, { id: 'p011' }]));
    expect([...last.keys()]).toEqual(['p010', 'p011']);
    expect(plans).toHaveLength(2);
  });
});
