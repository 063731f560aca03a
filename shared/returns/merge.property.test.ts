/** The event-union merge converges whatever order copies meet in (commutative, associative, idempotent). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from '../canonical';
import { mergeReturns } from './merge';
import { newReturnDoc, approvalEvent, tenderedEvent, cancelledEvent, withEvent } from './build';
import { makeReturnLine, makeSale } from './testing';
import type { ReturnDoc, ReturnEvent } from './types';

const actor = (eventId: string, at: string, deviceId = 'dev-a', staffId = 's1') => ({ eventId, at, deviceId, staffId });
const base = newReturnDoc({ id: 'ret_1', storeId: 'store-1', sale: makeSale(), receipt: { kind: 'order', code: '' }, customerId: '', currency: 'USD', lines: [makeReturnLine()], verdicts: [{ lineId: 'r1', verdict: 'allowed' }], offline: true }, actor('c1', '2026-11-10T10:00:00.000Z'));
const pool: ReturnEvent[] = [
  approvalEvent(['r1'], false, 'ok', 'offline', actor('a1', '2026-11-10T10:01:00.000Z', 'dev-a', 'mgr')),
  tenderedEvent([{ tender: 'store-credit', originalIndex: -1, amount: 100, pending: true }], 0, actor('t1', '2026-11-10T10:02:00.000Z')),
  tenderedEvent([{ tender: 'cash', originalIndex: -1, amount: 100, pending: false }], 0, actor('t2', '2026-11-10T10:02:30.000Z', 'dev-b')),
  cancelledEvent('changed mind', actor('x1', '2026-11-10T10:03:00.000Z', 'dev-b')),
  { id: 'srv1', type: 'refunded', at: '2026-11-10T11:00:00.000Z', staffId: 'server', deviceId: 'server', allocations: [], total: 100, reference: 'rf' },
];
const copy = fc.subarray(pool).map((events): ReturnDoc => events.reduce((d, e) => withEvent(d, e), base));
const same = (a: ReturnDoc, b: ReturnDoc): boolean => canonicalJson(a) === canonicalJson(b);

describe('mergeReturns', () => {
  it('is commutative, associative and idempotent', () => {
    fc.assert(
      fc.property(copy, copy, copy, (a, b, c) => {
        expect(same(mergeReturns(a, b), mergeReturns(b, a))).toBe(true);
        expect(same(mergeReturns(mergeReturns(a, b), c), mergeReturns(a, mergeReturns(b, c)))).toBe(true);
        expect(same(mergeReturns(a, a), a)).toBe(true);
      }),
    );
  });

  it('keeps the first settlement: a later one from another copy never replaces it, and a cancel after it does nothing', () => {
    const merged = mergeReturns(withEvent(base, pool[1]!), withEvent(withEvent(base, pool[2]!), pool[3]!));
    expect(merged.status).toBe('submitted');
    expect(merged.refundTotal).toBe(100);
  });
});
