import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { priceCheckDigit, priceCheckDigit4, priceCheckDigit5 } from './priceCheck';

describe('GS1 price verifier digit', () => {
  it('matches the worked examples of GS1 General Specifications §7.9.3', () => {
    expect(priceCheckDigit4('2875')).toBe(9);
    expect(priceCheckDigit5('14685')).toBe(6);
  });

  it('detects every single-digit substitution in a four-digit price', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{4}$/), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 9 }), (price, pos, delta) => {
        const changed = price.slice(0, pos) + String((Number(price[pos]) + delta) % 10) + price.slice(pos + 1);
        expect(priceCheckDigit(changed)).not.toBe(priceCheckDigit(price));
      }),
    );
  });

  it('detects every single-digit substitution in a five-digit price', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{5}$/), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 9 }), (price, pos, delta) => {
        const changed = price.slice(0, pos) + String((Number(price[pos]) + delta) % 10) + price.slice(pos + 1);
        expect(priceCheckDigit5(changed)).not.toBe(priceCheckDigit5(price));
      }),
    );
  });

  it('refuses lengths GS1 does not define', () => {
    expect(() => priceCheckDigit('123')).toThrow(RangeError);
  });
});
