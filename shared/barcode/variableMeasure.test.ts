import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isValidGtin } from '../gtin';
import type { VariableMeasureLayout } from './variableMeasure';
import { checkLayout, encodeVariableMeasure, parseVariableMeasure } from './variableMeasure';

/** A common European layout: 2x IIIII V PPPP C, price in cents with a verifier. */
const PRICE: VariableMeasureLayout = { prefixes: ['20', '21', '22'], itemDigits: 5, verifier: true, valueDigits: 4, value: 'price', currency: 'EUR' };
/** Weight in grams, no verifier: 2x IIIII WWWWW C. */
const WEIGHT: VariableMeasureLayout = { prefixes: ['23', '24'], itemDigits: 5, verifier: false, valueDigits: 5, value: 'weight' };
/** UPC-A number system 2 as EAN-13 (prefix 02): 02 IIIII V PPPP C. */
const UPC2: VariableMeasureLayout = { prefixes: ['02'], itemDigits: 5, verifier: true, valueDigits: 4, value: 'price', currency: 'USD' };

describe('variable-measure EAN-13', () => {
  it('reads a priced item with its verifier digit and zeroes the value for lookup', () => {
    // 20 12345 9 2875 + check: 2875 has verifier 9 (GS1 §7.9.3 example).
    const code = encodeVariableMeasure(PRICE, '20', '12345', 2875);
    expect(code.slice(0, 12)).toBe('201234592875');
    const r = parseVariableMeasure(code, PRICE);
    expect(r).toEqual({ ok: true, item: { prefix: '20', itemReference: '12345', lookupGtin: '02012345000001', price: { amount: 2875, currency: 'EUR' } } });
  });

  it('reads a weighed item in grams', () => {
    const r = parseVariableMeasure(encodeVariableMeasure(WEIGHT, '23', '00042', 1250), WEIGHT);
    expect(r.ok && r.item.weightGrams).toBe(1250);
  });

  it('refuses a wrong verifier digit, saying which it should be', () => {
    const good = encodeVariableMeasure(PRICE, '20', '12345', 2875);
    const tampered = '2012345' + '1' + '2875';
    const withCheck = tampered + String((10 - ([...tampered].reduce((s, c, i) => s + Number(c) * (i % 2 ? 3 : 1), 0) % 10)) % 10);
    expect(isValidGtin(withCheck)).toBe(true);
    expect(parseVariableMeasure(withCheck, PRICE)).toEqual({ ok: false, reason: 'price verifier digit should be 9 for 2875, got 1', problem: { code: 'verifier', measure: 'price', expected: 9, digits: '2875', got: '1' } });
    expect(parseVariableMeasure(good, PRICE).ok).toBe(true);
  });

  it('round-trips every value through encode and parse, for each layout', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(PRICE, WEIGHT, UPC2),
        fc.stringMatching(/^\d{5}$/),
        fc.nat(),
        (layout, item, n) => {
          const value = n % 10 ** layout.valueDigits;
          const prefix = layout.prefixes[n % layout.prefixes.length] ?? '20';
          const code = encodeVariableMeasure(layout, prefix, item, value);
          expect(isValidGtin(code)).toBe(true);
          const r = parseVariableMeasure(code, layout);
          if (!r.ok) throw new Error(r.reason);
          expect(r.item.itemReference).toBe(item);
          expect(layout.value === 'price' ? r.item.price?.amount : r.item.weightGrams).toBe(value);
          // Every price of the same item looks up the same catalog entry.
          expect(r.item.lookupGtin).toBe(('0' + encodeVariableMeasure(layout, prefix, item, 0)));
        },
      ),
    );
  });

  it('refuses layouts that do not add up to a 13-digit code', () => {
    expect(() => checkLayout({ ...PRICE, itemDigits: 4 })).toThrow(/12/);
    expect(() => checkLayout({ ...WEIGHT, verifier: true, itemDigits: 4, valueDigits: 5 })).not.toThrow();
    expect(() => checkLayout({ ...PRICE, currency: undefined })).toThrow(/currency/);
  });
});
