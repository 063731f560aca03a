import { describe, expect, it } from 'vitest';
import { makeReturnLine, makeSale } from '../../shared/returns/testing';
import type { DraftLine, FoundOrder, ReturnDraft } from './returns';
import { assessDraft, plannedAllocations, type AssessContext } from './returnAssess';
import { newReturnDoc } from '../../shared/returns/build';

const NOW = '2026-11-10T10:00:00.000Z';

function line(overrides: Partial<DraftLine> = {}): DraftLine {
  return { key: 'l1', orderLineId: 'l1', variantId: 'v1', productId: 'p1', sku: 'TEE-M', title: 'Tee M', category: 'T-Shirts', quantity: 1, reason: 'SIZE_TOO_SMALL', note: '', condition: 'new', disposition: 'restock', ...overrides };
}

function draft(lines: DraftLine[], customerId = 'cus_1'): ReturnDraft {
  const found: FoundOrder = { sale: makeSale(), order: null, via: 'receipt', checked: 'signature', code: 'AR1.x.y', customerId, serverReturned: null };
  return { start: { kind: 'order', found }, lines };
}

const ctx = (over: Partial<AssessContext> = {}): AssessContext => ({ online: true, now: NOW, settings: null, returnedBefore: {}, approval: null, choice: 'original', offlineCashGiven: 0, ...over });

describe('the return screen’s assessment (shared/returns rules mapped onto the screen)', () => {
  it('online: one unit of a two-unit line refunds its cumulative share to the original card', () => {
    const a = assessDraft(draft([line()]), ctx());
    expect(a.lines['l1']?.verdict.verdict).toBe('allowed');
    // floor(4500 × 1/2) + floor(360 × 1/2)
    expect(a.lines['l1']?.refund).toEqual({ amount: 2430, currency: 'USD' });
    expect(a.refunds).toEqual([{ tender: 'card', originalIndex: 0, amount: 2430, pending: false, brand: '', last4: '4242' }]);
    expect(a.limits).toEqual([]);
  });

  it('offline: the card cannot be refunded, so pending store credit, and the screen names both limits', () => {
    const a = assessDraft(draft([line()]), ctx({ online: false }));
    expect(a.plan.ok).toBe(true);
    expect(a.refunds.map((r) => [r.tender, r.pending])).toEqual([['store-credit', true]]);
    expect(a.limits).toEqual(['card-after-sync', 'store-credit-pending']);
  });

  it('offline without an identified customer: a pending gift card instead of store credit', () => {
    const a = assessDraft(draft([line()], ''), ctx({ online: false }));
    expect(a.refunds.map((r) => [r.tender, r.pending])).toEqual([['gift-card', true]]);
    expect(a.limits).toEqual(['card-after-sync', 'gift-card-pending']);
  });

  it('units already returned elsewhere are not returnable again, and no override can change that', () => {
    const a = assessDraft(draft([line({ quantity: 1 })]), ctx({ returnedBefore: { l1: 2 } }));
    expect(a.lines['l1']?.returnable).toBe(0);
    expect(a.lines['l1']?.verdict).toMatchObject({ verdict: 'refused', code: 'ALREADY_RETURNED', overridable: false });
    expect(a.blocked).toEqual(['l1']);
    expect(a.refunds).toEqual([]);
  });

  it('receiptless over the customer’s limit needs a manager, priced as store credit at the unit value', () => {
    const d: ReturnDraft = { start: { kind: 'receiptless', customerId: 'cus_1', customerName: 'Sam', currency: 'USD' }, lines: [line({ key: 'v1', orderLineId: '', quantity: 2 })] };
    const a = assessDraft(d, ctx({ choice: 'store-credit', unitValue: { v1: 6000 }, receiptless: { count: 0, amount: 0 } }));
    expect(a.needsManager).toEqual(['v1']);
    expect(a.lines['v1']?.verdict).toMatchObject({ verdict: 'needs-manager', code: 'RECEIPTLESS_OVER_LIMIT' });
    expect(a.refunds).toEqual([{ tender: 'store-credit', originalIndex: -1, amount: 12000, pending: false, brand: '', last4: '' }]);
  });

  it('lines at quantity 0 are not part of the return', () => {
    const a = assessDraft(draft([line({ quantity: 0 }), line({ key: 'l2', orderLineId: 'l2', variantId: 'v2', sku: 'SOCK', quantity: 0 })]), ctx());
    expect(a.total).toBeNull();
    expect(a.refunds).toEqual([]);
  });

  describe('a return waiting for a manager, approved from the list, is planned as at the counter', () => {
    const sale = makeSale();
    const waiting = (customerId: string) =>
      newReturnDoc({ id: 'ret_w', storeId: 's1', sale, receipt: { kind: 'order', code: '' }, customerId, currency: 'USD', lines: [makeReturnLine()], verdicts: [{ lineId: 'r1', verdict: 'needs-manager', code: 'OUTSIDE_WINDOW', why: 'late', params: {} }], offline: false }, { staffId: 'a1', deviceId: 'd1', at: NOW, eventId: 'ret_w:c' });

    it('online: the original card by default; the manager may choose another tender', () => {
      const p = plannedAllocations(waiting('cus_1'), null, true, sale, {}, { choice: 'original', returnedBefore: {}, offlineCashGiven: 0 });
      expect(p.plan).toEqual({ ok: true, allocations: [{ tender: 'card', originalIndex: 0, amount: 2430, pending: false }] });
      const credit = plannedAllocations(waiting('cus_1'), null, true, sale, {}, { choice: 'store-credit', returnedBefore: {}, offlineCashGiven: 0 });
      expect(credit.plan).toMatchObject({ ok: true, allocations: [{ tender: 'store-credit', amount: 2430 }] });
    });

    it('offline: the same fall-backs as the counter (pending store credit, else a pending gift card), with the limits named', () => {
      const p = plannedAllocations(waiting('cus_1'), null, false, sale, {}, { choice: 'original', returnedBefore: {}, offlineCashGiven: 0 });
      expect(p.plan).toMatchObject({ ok: true, allocations: [{ tender: 'store-credit', pending: true }] });
      expect(p.limits).toEqual(['card-after-sync', 'store-credit-pending']);
      const guest = plannedAllocations(waiting(''), null, false, sale, {}, { choice: 'original', returnedBefore: {}, offlineCashGiven: 0 });
      expect(guest.plan).toMatchObject({ ok: true, allocations: [{ tender: 'gift-card', pending: true }] });
    });

    it('units returned before by other returns price this one cumulatively; cash offline counts what this counter handed out', () => {
      const p = plannedAllocations(waiting('cus_1'), null, true, sale, {}, { choice: 'original', returnedBefore: { l1: 1 }, offlineCashGiven: 0 });
      // The second of two units: 4500 − 2250 and 360 − 180.
      expect(p.amount).toBe(2430);
      const cash = plannedAllocations(waiting('cus_1'), null, false, sale, {}, { choice: 'cash', returnedBefore: {}, offlineCashGiven: 9_000 });
      expect(cash.limits).toContain('cash-cap');
    });
  });
});

