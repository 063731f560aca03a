/**
 * SearchService's SKU prefixes (search.ts, searchPlan.ts), on RxDB's memory storage: a code with a digit or a
 * separator finds its variant first as it is typed; a word of letters only that names products reads no SKU range
 * (the range is an IndexedDB round trip per keystroke); one that names nothing is still tried as a SKU.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openDatabase, type AisleDatabase } from './database';
import { ProductSearchIndex } from './searchIndex';
import { SearchService } from './search';
import { memorySnapshots } from './snapshots';
import type { ProductDoc, VariantDoc } from '../../shared/schemas/collections';

const T = '2026-01-15T09:00:00.000Z';
const product = (i: number, title: string, brand: string): ProductDoc => ({ id: `prod_${i}`, handle: `p-${i}`, title, brand, category: 'Tools', description: '', options: [], images: [], updatedAt: T });
const variant = (i: number, productId: string, sku: string): VariantDoc => ({ id: `var_${i}`, productId, sku, gtin: '', barcode: '', title: `V ${i}`, optionValues: [], price: { amount: 100, currency: 'USD' }, compareAtPrice: null, image: null, position: 0, updatedAt: T });

const open: AisleDatabase[] = [];
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c();
  for (const db of open.splice(0)) await db.close();
});

async function service(): Promise<SearchService> {
  const db = await openDatabase(`sku-${Math.random().toString(36).slice(2)}`, 'counter', getRxStorageMemory(), new Uint8Array(32).fill(3));
  open.push(db);
  await db.collections.products!.bulkInsert([product(1, 'Claw hammer', 'Pulse'), product(2, 'Tape measure', 'Pulse'), product(3, 'Spirit level', 'Kiln')]);
  // PULSE-… is a SKU whose prefix is also a brand's name; QQZ-… names no product at all.
  await db.collections.variants!.bulkInsert([variant(1, 'prod_1', 'PUL-0001-01'), variant(2, 'prod_2', 'PULSE-7'), variant(3, 'prod_3', 'QQZ-0003-01')]);
  const index = new ProductSearchIndex(db.collections.products!, memorySnapshots());
  closers.push(() => index.close());
  await index.ready;
  return new SearchService(index, db.collections.products!, db.collections.variants!);
}

describe('search: SKU prefixes', () => {
  it('a code with a digit or a separator finds its variant first, as typed and in capitals', async () => {
    const s = await service();
    for (const typed of ['PUL-0', 'pul-0001', 'QQZ-', 'qqz-0003-01']) {
      const out = await s.search(typed);
      expect(out.hits[0]?.sku, typed).toBe(typed.toUpperCase().startsWith('PUL') ? 'PUL-0001-01' : 'QQZ-0003-01');
    }
    expect(s.metrics.skuMs).toHaveLength(4);
  });

  it('a word of letters only that names products reads no SKU range; one that names nothing is still a SKU', async () => {
    const s = await service();
    const pulse = await s.search('Pulse');
    expect(pulse.hits.map((h) => h.title).sort()).toEqual(['Claw hammer', 'Tape measure']);
    expect(pulse.hits.every((h) => h.sku === undefined)).toBe(true);
    expect(s.metrics.skuMs).toHaveLength(0);
    const qqz = await s.search('QQZ');
    expect(qqz.hits.map((h) => h.sku)).toEqual(['QQZ-0003-01']);
    expect(s.metrics.skuMs).toHaveLength(1);
    // With a separator the same word is a SKU again, listed before the text hits.
    const code = await s.search('PULSE-');
    expect(code.hits[0]?.sku).toBe('PULSE-7');
  });
});
