import { describe, expect, it } from 'vitest';
import { DEFAULT_RETURN_POLICY, acceptedLineIds, assessReturn, windowDays, type AssessInput } from './policy';
import { planTenders } from './refund';
import { makeReturnLine, makeSale } from './testing';

const base: AssessInput = { policy: DEFAULT_RETURN_POLICY, now: '2026-11-10T10:00:00.000Z', sale: makeSale(), returnedBefore: {}, lines: [makeReturnLine()], customer: null, exchangeProducts: {}, receiptlessUnitValue: {} };
const verdict = (input: Partial<AssessInput>): unknown => assessReturn({ ...base, ...input }).verdicts[0];

describe('return policy', () => {
  it('picks the most specific window and counts from delivery', () => {
    expect(windowDays(DEFAULT_RETURN_POLICY, 'web', 'T-Shirts')).toBe(45);
    expect(windowDays(DEFAULT_RETURN_POLICY, 'store', 'T-Shirts')).toBe(30);
    // Delivered 2026-11-04: 45 days later is still inside, 50 needs a manager, 60 is past the grace (refused, overridable).
    expect(verdict({ now: '2026-12-19T09:00:00.000Z' })).toEqual({ lineId: 'r1', verdict: 'allowed' });
    expect(verdict({ now: '2026-12-24T10:00:00.000Z' })).toMatchObject({ verdict: 'needs-manager', code: 'OUTSIDE_WINDOW', params: { days: 45, elapsed: 50 } });
    expect(verdict({ now: '2027-01-03T10:00:00.000Z' })).toMatchObject({ verdict: 'refused', code: 'PAST_GRACE', overridable: true });
  });

  it('refuses final sale (overridable), already returned units and items not on the order (never overridable)', () => {
    expect(verdict({ lines: [makeReturnLine({ category: 'Gift cards' })] })).toMatchObject({ verdict: 'refused', code: 'FINAL_SALE', overridable: true });
    expect(verdict({ returnedBefore: { l1: 2 } })).toMatchObject({ verdict: 'refused', code: 'ALREADY_RETURNED', overridable: false, params: { sold: 2, returned: 2 } });
    expect(verdict({ lines: [makeReturnLine({ variantId: 'other' })] })).toMatchObject({ verdict: 'refused', code: 'NOT_ON_ORDER', overridable: false });
    expect(verdict({ sale: makeSale({ cancelled: true }) })).toMatchObject({ code: 'ORDER_CANCELLED' });
  });

  it('receiptless: needs a customer, and over the limit per period needs a manager', () => {
    expect(verdict({ sale: null })).toMatchObject({ verdict: 'refused', code: 'RECEIPTLESS_NEEDS_CUSTOMER' });
    expect(verdict({ sale: null, customer: { id: 'c1', receiptlessCount: 0, receiptlessAmount: 0 }, receiptlessUnitValue: { v1: 2000 } })).toEqual({ lineId: 'r1', verdict: 'allowed' });
    expect(verdict({ sale: null, customer: { id: 'c1', receiptlessCount: 2, receiptlessAmount: 1000 }, receiptlessUnitValue: { v1: 2000 } })).toMatchObject({ verdict: 'needs-manager', code: 'RECEIPTLESS_OVER_LIMIT', params: { count: 3, maxReturns: 2 } });
    expect(verdict({ sale: null, customer: { id: 'c1', receiptlessCount: 0, receiptlessAmount: 9000 }, receiptlessUnitValue: { v1: 2000 } })).toMatchObject({ code: 'RECEIPTLESS_OVER_LIMIT' });
  });

  it('a manager approval or override lets a line back; a non-overridable refusal stays refused', () => {
    const a = assessReturn({ ...base, now: '2026-12-24T10:00:00.000Z', lines: [makeReturnLine(), makeReturnLine({ id: 'r2', orderLineId: 'l2', variantId: 'v2', sku: 'SOCK', category: 'Gift cards' }), makeReturnLine({ id: 'r3', variantId: 'x' })] });
    expect(acceptedLineIds(a.verdicts, {})).toEqual([]);
    const approval = { by: 'mgr', reason: 'loyal customer', at: base.now };
    expect(acceptedLineIds(a.verdicts, { r1: { ...approval, override: false }, r2: { ...approval, override: true }, r3: { ...approval, override: true } })).toEqual(['r1', 'r2']);
  });

  it('an exchange must be the same product', () => {
    expect(verdict({ lines: [makeReturnLine({ exchangeVariantId: 'v9', exchangePrice: 2500 })], exchangeProducts: { v9: 'p2' } })).toMatchObject({ code: 'EXCHANGE_NOT_SAME_PRODUCT' });
    expect(verdict({ lines: [makeReturnLine({ exchangeVariantId: 'v9', exchangePrice: 2500 })], exchangeProducts: { v9: 'p1' } })).toEqual({ lineId: 'r1', verdict: 'allowed' });
  });
});

describe('tenders', () => {
  const input = { sale: makeSale(), amount: 2430, refundedByTender: [0], refundedTotal: 0, online: true, hasCustomer: true, policy: DEFAULT_RETURN_POLICY, offlineCashGiven: 0 } as const;
  it('offline: no card refund; store credit and gift cards pending; cash under the device cap', () => {
    expect(planTenders({ ...input, choice: 'original', online: false })).toMatchObject({ ok: false, code: 'OFFLINE_CARD' });
    expect(planTenders({ ...input, choice: 'store-credit', online: false })).toEqual({ ok: true, allocations: [{ tender: 'store-credit', originalIndex: -1, amount: 2430, pending: true }] });
    expect(planTenders({ ...input, choice: 'cash', online: false, offlineCashGiven: 9000 })).toMatchObject({ ok: false, code: 'OFFLINE_CASH_CAP' });
    expect(planTenders({ ...input, choice: 'cash', online: false, offlineCashGiven: 0 })).toMatchObject({ ok: true });
  });
  it('online: back to the card; never more than it has left; cash up to the limit', () => {
    expect(planTenders({ ...input, choice: 'original' })).toEqual({ ok: true, allocations: [{ tender: 'card', originalIndex: 0, amount: 2430, pending: false }] });
    expect(planTenders({ ...input, choice: 'original', refundedByTender: [5000], refundedTotal: 5000 })).toMatchObject({ ok: false, code: 'OVER_PAID' });
    expect(planTenders({ ...input, choice: 'cash', amount: 2430, policy: { ...DEFAULT_RETURN_POLICY, cashLimit: 2000 } })).toMatchObject({ ok: false, code: 'CASH_OVER_LIMIT' });
    expect(planTenders({ ...input, sale: null, choice: 'cash' })).toMatchObject({ ok: false, code: 'RECEIPTLESS_STORE_CREDIT_ONLY' });
  });
});
