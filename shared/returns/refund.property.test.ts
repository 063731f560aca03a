/**
 * §5 property tests: refunds never exceed what was paid per line and per tender; proration sums exactly; the
 * policy never lets more units back than were sold.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { priceOrder } from '../orders/pricing';
import { DEFAULT_RETURN_POLICY, assessReturn } from './policy';
import { cumulativeShare, planTenders, refundForLines } from './refund';
import { makeReturnLine } from './testing';
import type { ReturnLine, ReturnPolicy, ReturnableSale } from './types';

const policy: ReturnPolicy = { ...DEFAULT_RETURN_POLICY, restockingFee: { bps: 0, categories: [] }, managerAbove: 0 };

/** A priced sale (order discount prorated, tax prorated) paid by 1–3 tenders that add up to its total. */
const saleArb = fc
  .record({
    lines: fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 6 }), unit: fc.integer({ min: 1, max: 50_000 }), own: fc.integer({ min: 0, max: 100 }) }), { minLength: 1, maxLength: 5 }),
    discountPct: fc.integer({ min: 0, max: 60 }),
    taxPct: fc.integer({ min: 0, max: 25 }),
    splits: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 3 }),
  })
  .map(({ lines, discountPct, taxPct, splits }): ReturnableSale => {
    const toPrice = lines.map((l, i) => ({ id: `l${i + 1}`, variantId: `v${i + 1}`, productId: `p${i + 1}`, sku: `S${i + 1}`, title: 't', quantity: l.quantity, unitAmount: l.unit, discount: Math.floor((l.quantity * l.unit * l.own) / 1000), tax: null }));
    const gross = toPrice.reduce((a, l) => a + l.quantity * l.unitAmount - l.discount, 0);
    const discount = Math.floor((gross * discountPct) / 100);
    const priced = priceOrder(toPrice, discount, Math.floor(((gross - discount) * taxPct) / 100), 'USD');
    const total = priced.totals.total.amount;
    const weights = splits.reduce((a, b) => a + b, 0);
    const amounts = splits.map((s) => Math.floor((total * s) / weights));
    amounts[0] = (amounts[0] ?? 0) + total - amounts.reduce((a, b) => a + b, 0);
    const types = ['card', 'gift-card', 'cash'] as const;
    return {
      orderId: 'o', orderNumber: 'N', channel: 'web', fulfilment: 'ship', storeId: '', placedAt: '2026-11-01T00:00:00.000Z', handedOverAt: '2026-11-02T00:00:00.000Z', cancelled: false, currency: 'USD',
      lines: priced.lines.map((l) => ({ id: l.id, variantId: l.variantId, sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice.amount, discount: l.discount.amount, net: l.net.amount, tax: l.tax.amount })),
      tenders: amounts.map((amount, i) => ({ type: types[i % 3] ?? 'card', amount, last4: i % 3 === 2 ? '' : '4242' })),
    };
  });

/** The sale and a sequence of returns that together bring back every unit, in random pieces. */
const returnsArb = saleArb.chain((sale) =>
  fc
    .tuple(...sale.lines.map((l) => fc.array(fc.integer({ min: 1, max: l.quantity }), { minLength: 1, maxLength: l.quantity })))
    .map((pieces) => {
      const returns: ReturnLine[][] = [[], [], []];
      sale.lines.forEach((l, i) => {
        let left = l.quantity;
        for (const [k, p] of (pieces[i] ?? []).entries()) {
          const q = Math.min(p, left);
          if (q > 0) returns[k % 3]?.push(makeReturnLine({ id: `r${i}-${k}`, orderLineId: l.id, variantId: l.variantId, sku: l.sku, quantity: q }));
          left -= q;
        }
        if (left > 0) returns[2]?.push(makeReturnLine({ id: `r${i}-rest`, orderLineId: l.id, variantId: l.variantId, sku: l.sku, quantity: left }));
      });
      return { sale, returns };
    }),
);

describe('refunds (property)', () => {
  it('cumulative shares are monotone and end at the amount exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 1000 }), (amount, q) => {
        let prev = 0;
        for (let k = 0; k <= q; k += Math.max(1, Math.floor(q / 17))) {
          const s = cumulativeShare(amount, k, q);
          expect(s).toBeGreaterThanOrEqual(prev);
          expect(s).toBeLessThanOrEqual(amount);
          prev = s;
        }
        expect(cumulativeShare(amount, q, q)).toBe(amount);
      }),
    );
  });

  it('returning every unit in any pieces refunds each line exactly its net and tax, never more at any step, and each tender at most what it paid', () => {
    fc.assert(
      fc.property(returnsArb, ({ sale, returns }) => {
        const returned: Record<string, number> = {};
        const refundedNet: Record<string, number> = {};
        const refundedTax: Record<string, number> = {};
        const byTender = sale.tenders.map(() => 0);
        let refundedTotal = 0;
        for (const lines of returns) {
          if (lines.length === 0) continue;
          const b = refundForLines(sale, lines, returned, policy);
          for (const l of b.lines) {
            returned[l.orderLineId] = (returned[l.orderLineId] ?? 0) + l.quantity;
            refundedNet[l.orderLineId] = (refundedNet[l.orderLineId] ?? 0) + l.net;
            refundedTax[l.orderLineId] = (refundedTax[l.orderLineId] ?? 0) + l.tax;
          }
          for (const s of sale.lines) {
            expect(refundedNet[s.id] ?? 0).toBeLessThanOrEqual(s.net);
            expect(refundedTax[s.id] ?? 0).toBeLessThanOrEqual(s.tax);
          }
          const plan = planTenders({ sale, amount: b.total, refundedByTender: byTender, refundedTotal, choice: 'original', online: true, hasCustomer: true, policy: { ...policy, cashLimit: 1e12 }, offlineCashGiven: 0 });
          expect(plan.ok).toBe(true);
          if (!plan.ok) return;
          expect(plan.allocations.reduce((a, x) => a + x.amount, 0)).toBe(b.total);
          for (const a of plan.allocations) byTender[a.originalIndex] = (byTender[a.originalIndex] ?? 0) + a.amount;
          refundedTotal += b.total;
          sale.tenders.forEach((t, i) => expect(byTender[i] ?? 0).toBeLessThanOrEqual(t.amount));
        }
        for (const s of sale.lines) {
          expect(refundedNet[s.id]).toBe(s.net);
          expect(refundedTax[s.id]).toBe(s.tax);
        }
        // Everything back: every tender refunded exactly what it paid.
        sale.tenders.forEach((t, i) => expect(byTender[i]).toBe(t.amount));
      }),
      { numRuns: 300 },
    );
  });

  it('a restocking fee never makes a refund negative nor exceed the line', () => {
    fc.assert(
      fc.property(saleArb, fc.integer({ min: 0, max: 20_000 }), (sale, bps) => {
        const line = sale.lines[0];
        if (!line) return;
        const b = refundForLines(sale, [makeReturnLine({ orderLineId: line.id, variantId: line.variantId, sku: line.sku, quantity: line.quantity, category: 'Audio', reason: 'UNWANTED' })], {}, { ...policy, restockingFee: { bps, categories: ['Audio'] } });
        for (const l of b.lines) {
          expect(l.refund).toBeGreaterThanOrEqual(l.tax);
          expect(l.refund).toBeLessThanOrEqual(line.net + line.tax);
        }
      }),
    );
  });

  it('the policy never allows more units back than were sold, however the lines are split', () => {
    fc.assert(
      fc.property(saleArb, fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 6 }), (sale, qs, before) => {
        const line = sale.lines[0];
        if (!line) return;
        const lines = qs.map((q, i) => makeReturnLine({ id: `r${i}`, orderLineId: line.id, variantId: line.variantId, sku: line.sku, quantity: q }));
        const a = assessReturn({ policy, now: '2026-11-05T00:00:00.000Z', sale, returnedBefore: { [line.id]: Math.min(before, line.quantity) }, lines, customer: null, exchangeProducts: {}, receiptlessUnitValue: {} });
        const ok = lines.filter((l) => a.verdicts.find((v) => v.lineId === l.id)?.verdict === 'allowed');
        expect(ok.reduce((s, l) => s + l.quantity, 0) + Math.min(before, line.quantity)).toBeLessThanOrEqual(line.quantity);
      }),
    );
  });
});
