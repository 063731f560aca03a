import { describe, expect, it } from 'vitest';
import type { InventoryDoc, ProductDoc, VariantDoc } from '../../shared/schemas/collections';
import { summariseResult } from './resultDetails';

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
