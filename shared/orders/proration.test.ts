import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { prorate } from './proration';

describe('prorate (largest remainder)', () => {
  it('splits by weight and gives leftover units to the largest remainders', () => {
    expect(prorate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(prorate(1000, [5000, 3000, 2000])).toEqual([500, 300, 200]);
    expect(prorate(7, [1999, 1999, 999])).toEqual([3, 3, 1]);
    expect(prorate(0, [10, 20])).toEqual([0, 0]);
    expect(prorate(5, [0, 0])).toEqual([3, 2]);
  });

  it('always sums exactly, stays within one unit of the exact share, and is deterministic', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 5_000_000 }), { minLength: 1, maxLength: 100 }), (amount, weights) => {
        const shares = prorate(amount, weights);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(amount);
        const total = weights.reduce((a, b) => a + b, 0);
        shares.forEach((s, i) => {
          const exact = total === 0 ? amount / weights.length : (amount * (weights[i] ?? 0)) / total;
          expect(Math.abs(s - exact)).toBeLessThan(1);
          expect(Number.isInteger(s) && s >= 0).toBe(true);
        });
        expect(prorate(amount, weights)).toEqual(shares);
      }),
    );
  });
});
