import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { displayGtin, expandUpcE, gs1CheckDigit, isValidGtin, toGtin14, withCheckDigit } from './gtin';

describe('GTIN check digits', () => {
  it('matches published examples', () => {
    expect(isValidGtin('4006381333931')).toBe(true); // EAN-13 from GS1's documentation
    expect(isValidGtin('036000291452')).toBe(true); // UPC-A
    expect(isValidGtin('96385074')).toBe(true); // EAN-8
    expect(isValidGtin('10614141000415')).toBe(true); // GTIN-14
    expect(isValidGtin('4006381333932')).toBe(false);
    expect(gs1CheckDigit('400638133393')).toBe(1);
  });

  it('accepts every body with its computed check digit and rejects every other last digit', () => {
    fc.assert(
      fc.property(fc.constantFrom(7, 11, 12, 13), fc.integer({ min: 0, max: 9 }), (len, wrong) => {
        const body = fc.sample(fc.stringMatching(new RegExp(`^\\d{${len}}$`)), 1)[0] ?? '0'.repeat(len);
        const good = withCheckDigit(body);
        expect(isValidGtin(good)).toBe(true);
        const bad = body + String(wrong);
        expect(isValidGtin(bad)).toBe(bad === good);
      }),
    );
  });

  it('detects every single-digit substitution error', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 9 }), (body, pos, delta) => {
        const code = withCheckDigit(body);
        const d = (Number(code[pos]) + delta) % 10;
        const altered = code.slice(0, pos) + String(d) + code.slice(pos + 1);
        expect(isValidGtin(altered)).toBe(false);
      }),
    );
  });
});

describe('normalisation to GTIN-14', () => {
  it('gives every rendering of the same item the same key', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{11}$/), (body) => {
        const upcA = withCheckDigit(body);
        const g = toGtin14(upcA);
        expect(g).toHaveLength(14);
        expect(toGtin14(`0${upcA}`)).toBe(g); // the same item printed as EAN-13
        expect(toGtin14(`00${upcA}`)).toBe(g); // and as GTIN-14
        expect(displayGtin(g ?? '')).toBe(upcA.replace(/^0+(?=\d{8}$)/, ''));
      }),
    );
  });

  it('expands UPC-E to UPC-A', () => {
    expect(expandUpcE('04252614')).toBe('042100005264');
    expect(toGtin14('04252614')).toBe('00042100005264');
    expect(expandUpcE('01234565')).toBe('012345000065');
  });

  it('refuses non-GTINs', () => {
    expect(toGtin14('12345')).toBeNull();
    expect(toGtin14('ABCDEFGHIJKLM')).toBeNull();
    expect(toGtin14('4006381333932')).toBeNull();
  });
});
