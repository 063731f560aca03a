import { describe, expect, it } from 'vitest';
import { planSearch, prefixUpperBound } from './searchPlan';
import { withCheckDigit } from '../../shared/gtin';

describe('planSearch', () => {
  const upcA = withCheckDigit('03600029145'); // 036000291452
  const gtin14 = upcA.padStart(14, '0');

  it('is empty for blank input', () => {
    expect(planSearch('   ')).toEqual({ kind: 'empty' });
  });

  it('treats every rendering of the same GTIN as one barcode', () => {
    for (const rendering of [upcA, `0${upcA}`, `00${upcA}`, ` ${upcA} `, `${upcA.slice(0, 1)} ${upcA.slice(1, 6)} ${upcA.slice(6, 11)} ${upcA.slice(11)}`, `${upcA.slice(0, 6)}-${upcA.slice(6)}`]) {
      expect(planSearch(rendering)).toMatchObject({ kind: 'barcode', gtin: gtin14 });
    }
  });

  it('expands UPC-E to the same GTIN as its UPC-A', () => {
    // UPC-E 04252614 ↔ UPC-A 042100005264
    expect(planSearch('04252614')).toMatchObject({ kind: 'barcode', gtin: '00042100005264' });
  });

  it('keeps digits with a wrong check digit as text (a SKU or a typo), not a barcode', () => {
    const wrong = upcA.slice(0, 11) + String((Number(upcA[11]) + 1) % 10);
    expect(planSearch(wrong)).toMatchObject({ kind: 'text', text: wrong });
  });

  it('plans text with SKU prefixes as typed and upper-cased', () => {
    expect(planSearch('nws-0001')).toEqual({ kind: 'text', text: 'nws-0001', skuPrefixes: ['nws-0001', 'NWS-0001'], skuOnlyIfNoText: false });
    expect(planSearch('NWS-0001')).toEqual({ kind: 'text', text: 'NWS-0001', skuPrefixes: ['NWS-0001'], skuOnlyIfNoText: false });
  });

  it('tries a word of letters only as a SKU only when the text finds nothing', () => {
    expect(planSearch('Pulse')).toEqual({ kind: 'text', text: 'Pulse', skuPrefixes: ['Pulse', 'PULSE'], skuOnlyIfNoText: true });
    expect(planSearch('NWS')).toMatchObject({ skuOnlyIfNoText: true });
    expect(planSearch('NWS-')).toMatchObject({ skuOnlyIfNoText: false });
    expect(planSearch('NWS0')).toMatchObject({ skuOnlyIfNoText: false });
  });

  it('does not try multi-word text or one character as a SKU', () => {
    expect(planSearch('denim jacket')).toEqual({ kind: 'text', text: 'denim jacket', skuPrefixes: [], skuOnlyIfNoText: false });
    expect(planSearch('a')).toEqual({ kind: 'text', text: 'a', skuPrefixes: [], skuOnlyIfNoText: true });
  });

  it('bounds a prefix range so that every extension sorts inside it', () => {
    const hi = prefixUpperBound('NWS-');
    expect('NWS-000101-01' < hi && 'NWS-000101-01' >= 'NWS-').toBe(true);
    expect('NWT' < hi).toBe(false);
  });
});
