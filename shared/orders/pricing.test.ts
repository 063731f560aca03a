import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { priceOrder, type LineToPrice } from './pricing';

const line = (i: number, quantity: number, unitAmount: number, discount = 0, tax: number | null = null): LineToPrice => ({ id: `l${i}`, variantId: `v${i}`, productId: `p${i}`, sku: `S${i}`, title: `T${i}`, quantity, unitAmount, discount, tax });

describe('priceOrder', () => {
  it('prorates a $10 order discount over three lines by largest remainder, and tax by net', () => {
    const { lines, totals } = priceOrder([line(1, 1, 1999), line(2, 2, 1999), line(3, 1, 999)], 1000, 500, 'USD');
    expect(lines.map((l) => l.discount.amount)).toEqual([286, 571, 143]);
    expect(lines.map((l) => l.net.amount)).toEqual([1713, 3427, 856]);
    expect(totals).toEqual({ subtotal: { amount: 6996, currency: 'USD' }, discount: { amount: 1000, currency: 'USD' }, tax: { amount: 500, currency: 'USD' }, total: { amount: 6496, currency: 'USD' } });
  });

  it('lines always add up to the totals exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ q: fc.integer({ min: 1, max: 20 }), p: fc.integer({ min: 0, max: 100_000 }) }), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (ls, frac, tax) => {
          const lines = ls.map((l, i) => line(i, l.q, l.p));
          const gross = lines.reduce((a, l) => a + l.quantity * l.unitAmount, 0);
          const discount = Math.floor(gross * frac);
          const r = priceOrder(lines, discount, tax, 'EUR');
          expect(r.lines.reduce((a, l) => a + l.discount.amount, 0)).toBe(discount);
          expect(r.lines.reduce((a, l) => a + l.tax.amount, 0)).toBe(tax);
          expect(r.lines.reduce((a, l) => a + l.total.amount, 0)).toBe(r.totals.total.amount);
          expect(r.totals.total.amount).toBe(gross - discount + tax);
          for (const l of r.lines) expect(l.net.amount).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
