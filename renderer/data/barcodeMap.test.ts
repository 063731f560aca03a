import { describe, expect, it } from 'vitest';
import { applyVariantChange, type VariantRef } from './barcodeMap';

describe('applyVariantChange', () => {
  it('adds, moves and removes barcodes as variants change', () => {
    const map = new Map<string, VariantRef>();
    applyVariantChange(map, 'INSERT', { id: 'v1', productId: 'p1', gtin: '00000000000017' }, undefined);
    expect(map.get('00000000000017')).toEqual({ productId: 'p1', variantId: 'v1' });
    // The barcode was corrected: the old one must no longer find v1.
    applyVariantChange(map, 'UPDATE', { id: 'v1', productId: 'p1', gtin: '00000000000024' }, { id: 'v1', gtin: '00000000000017' });
    expect(map.has('00000000000017')).toBe(false);
    expect(map.get('00000000000024')?.variantId).toBe('v1');
    applyVariantChange(map, 'DELETE', undefined, { id: 'v1', gtin: '00000000000024' });
    expect(map.size).toBe(0);
  });

  it('does not drop a barcode another variant now owns, and ignores variants without one', () => {
    const map = new Map<string, VariantRef>([['00000000000017', { productId: 'p2', variantId: 'v2' }]]);
    applyVariantChange(map, 'UPDATE', { id: 'v1', productId: 'p1', gtin: '' }, { id: 'v1', gtin: '00000000000017' });
    expect(map.get('00000000000017')?.variantId).toBe('v2');
    expect(map.size).toBe(1);
  });
});
