/**
 * At a million variants the reads behind a search and a scan must not grow with the catalog: each is a primary-key
 * read or a range of one index that holds only the rows it returns. Checked on RxDB's own query plans (the plan is
 * the storage-independent part: Dexie walks the same index range) over a catalog of many products, with the answers
 * compared against the rows they should be.
 *
 * - result rows (resultDetails.ts) and the product detail (hooks.ts): variants by exact productId; products,
 *   variants and stock rows by id;
 * - a scan (search.ts findByBarcode): the product by id and its variants by exact productId;
 * - SKU as you type (search.ts): a prefix range on variants.sku, sorted by that index, at most 8 rows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { RxCollection } from 'rxdb/plugins/core';
import { openDatabase, type AisleDatabase } from './database';
import { prefixUpperBound } from './searchPlan';
import type { WithDeleted } from '../../shared/sync';
import type { VariantDoc } from '../../shared/schemas/collections';

const T = '2026-01-15T09:00:00.000Z';
const PRODUCTS = 2000;
const PER_PRODUCT = 6;
const pid = (p: number): string => `prod_${String(p).padStart(6, '0')}`;
const variant = (p: number, v: number): WithDeleted<VariantDoc> => {
  const gtin = `0${String(10_000_000_000_000 + p * 100 + v).slice(-13)}`;
  return { id: `var_${String(p).padStart(6, '0')}_${v}`, productId: pid(p), sku: `NWS-${String(p).padStart(6, '0')}-0${v}`, gtin, barcode: gtin.slice(1), title: `V ${v}`, optionValues: [String(v)], price: { amount: 1000 + v, currency: 'USD' }, compareAtPrice: null, image: null, position: v, updatedAt: T, _deleted: false };
};

const open: AisleDatabase[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});

async function catalog(): Promise<AisleDatabase> {
  const db = await openDatabase(`reads-${Math.random().toString(36).slice(2)}`, 'counter', getRxStorageMemory(), new Uint8Array(32).fill(3));
  open.push(db);
  const rows = Array.from({ length: PRODUCTS * PER_PRODUCT }, (_, i) => variant(Math.floor(i / PER_PRODUCT) + 1, (i % PER_PRODUCT) + 1));
  await db.collections.variants!.bulkInsert(rows);
  return db;
}

interface Plan {
  index: string[];
  startKeys: unknown[];
  endKeys: unknown[];
  selectorSatisfiedByIndex: boolean;
  sortSatisfiedByIndex: boolean;
}
/** The plan's range on `field`: RxDB puts `_deleted` (always false here) in front of every index. */
function rangeOn(plan: Plan, field: string): { start: unknown; end: unknown } {
  expect(plan.index.slice(0, 2)).toEqual(['_deleted', field]);
  expect([plan.startKeys[0], plan.endKeys[0]]).toEqual([false, false]);
  return { start: plan.startKeys[1], end: plan.endKeys[1] };
}
function planOf(collection: RxCollection<VariantDoc>, query: Parameters<RxCollection<VariantDoc>['find']>[0]): Plan {
  return collection.find(query).getPreparedQuery().queryPlan;
}

describe('the catalog reads of a search and a scan', () => {
  it('reads a product’s variants as one productId index range that holds only them', async () => {
    const db = await catalog();
    const variants = db.collections.variants!;
    const plan = planOf(variants, { selector: { productId: pid(1234) } });
    expect(rangeOn(plan, 'productId')).toEqual({ start: pid(1234), end: pid(1234) });
    expect(plan.selectorSatisfiedByIndex).toBe(true);
    const found = await variants.find({ selector: { productId: pid(1234) } }).exec();
    expect(found.map((v) => v.id).sort()).toEqual(Array.from({ length: PER_PRODUCT }, (_, i) => `var_001234_${i + 1}`));
  });

  it('types a SKU as a sku index range, in index order, at most 8 rows', async () => {
    const db = await catalog();
    const variants = db.collections.variants!;
    const prefix = 'NWS-0012';
    const query = { selector: { sku: { $gte: prefix, $lt: prefixUpperBound(prefix) } }, sort: [{ sku: 'asc' as const }], limit: 8 };
    const plan = planOf(variants, query);
    expect(rangeOn(plan, 'sku')).toEqual({ start: prefix, end: prefixUpperBound(prefix) });
    expect(plan.selectorSatisfiedByIndex).toBe(true);
    expect(plan.sortSatisfiedByIndex).toBe(true);
    const found = await variants.find(query).exec();
    expect(found.map((v) => v.sku)).toEqual(Array.from({ length: 8 }, (_, i) => `NWS-001200-0${i + 1}`.replace('001200-07', '001201-01').replace('001200-08', '001201-02')));
  });

  it('reads rows by id (findOne, findByIds) without a query over the collection', async () => {
    const db = await catalog();
    const variants = db.collections.variants!;
    const one = variants.findOne(`var_001999_2`);
    expect(one.isFindOneByIdQuery).toBe('var_001999_2');
    const ids = ['var_000001_1', 'var_001000_6', 'var_002000_3'];
    const byIds = await variants.findByIds(ids).exec();
    expect([...byIds.keys()].sort()).toEqual(ids);
    expect((await one.exec())?.productId).toBe(pid(1999));
  });
});
