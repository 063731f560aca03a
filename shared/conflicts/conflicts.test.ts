import { describe, expect, it } from 'vitest';
import { applyCommand } from '../pickup/lifecycle';
import { mergePickups } from '../pickup/merge';
import { actor, makeLine, makePickup } from '../pickup/testing';
import type { PickupCommand, PickupDoc } from '../pickup/types';
import { actionsFor, conflictKey, makeReview, pickupConflicts, reviewList } from './conflicts';

const names = { staff: (id: string) => ({ s1: 'Ada', s2: 'Grace' })[id] ?? id, device: (id: string) => ({ a: 'Counter A', b: 'Counter B' })[id] ?? id };

function run(doc: PickupDoc, commands: [PickupCommand, string, string, string][]): PickupDoc {
  let d = doc;
  for (const [c, at, deviceId, staffId] of commands) {
    const r = applyCommand(d, c, actor(at, { deviceId, staffId }));
    if (!r.ok) throw new Error(r.refusal.reason);
    d = r.doc;
  }
  return d;
}

describe('conflicts to review', () => {
  it('a cancellation that raced an offline handover shows both sides and the refund choices', () => {
    const base = makePickup();
    const ready = run(base, [
      [{ type: 'start-picking' }, '2026-03-02T09:05:00.000Z', 'a', 's1'],
      [{ type: 'pick', lineId: 'l1', quantity: 1 }, '2026-03-02T09:06:00.000Z', 'a', 's1'],
      [{ type: 'stage', location: 'B2' }, '2026-03-02T09:07:00.000Z', 'a', 's1'],
    ]);
    const handedOver = run(ready, [[{ type: 'collect', collectedBy: 'Ada Lovelace', relation: 'customer', idChecked: true }, '2026-03-02T10:00:00.000Z', 'a', 's1']]);
    const cancelled = run(ready, [[{ type: 'cancel', by: 'customer', reason: 'changed my mind' }, '2026-03-02T10:01:00.000Z', 'server', 'system']]);
    const merged = mergePickups(cancelled, handedOver);
    const [item, ...rest] = pickupConflicts([merged], names);
    expect(rest).toEqual([]);
    expect(item?.key).toBe(conflictKey('pickup', merged.id, 'CANCELLED_AFTER_HANDOVER'));
    expect(item?.sides.map((s) => s.label)).toEqual([{ code: 'counter' }, { code: 'cancellation' }]);
    expect(item?.sides[0]?.events).toEqual([{ code: 'handedOver', at: '2026-03-02T10:00:00.000Z', collectedBy: 'Ada Lovelace', staff: 'Ada', device: 'Counter A', idChecked: true }]);
    // Recorded by the server: nobody in the store to name.
    expect(item?.sides[1]?.events).toEqual([{ code: 'cancelled', at: '2026-03-02T10:01:00.000Z', by: 'customer', reason: 'changed my mind', staff: null, device: null }]);
    expect(actionsFor('CANCELLED_AFTER_HANDOVER').map((a) => a.id)).toEqual(['refunded', 'cancellation-reversed', 'other']);
  });

  it('an over-pick on two counters names each device and what it picked; a resolution moves it to resolved', () => {
    const base = run(makePickup({ lines: [makeLine({ quantity: 1 })] }), [[{ type: 'start-picking' }, '2026-03-02T09:05:00.000Z', 'a', 's1']]);
    const a = run(base, [[{ type: 'pick', lineId: 'l1', quantity: 1 }, '2026-03-02T09:06:00.000Z', 'a', 's1']]);
    const b = run(base, [[{ type: 'pick', lineId: 'l1', quantity: 1 }, '2026-03-02T09:06:30.000Z', 'b', 's2']]);
    const merged = mergePickups(a, b);
    const items = pickupConflicts([merged], names);
    expect(items.map((i) => i.kind)).toEqual(['OVERPICKED']);
    expect(items[0]?.sides).toEqual([
      { key: 'a', label: { code: 'device', device: 'Counter A' }, events: [{ code: 'picked', at: '2026-03-02T09:06:00.000Z', staff: 'Ada', quantity: 1, title: 'Linen shirt M', ordered: 1 }] },
      { key: 'b', label: { code: 'device', device: 'Counter B' }, events: [{ code: 'picked', at: '2026-03-02T09:06:30.000Z', staff: 'Grace', quantity: 1, title: 'Linen shirt M', ordered: 1 }] },
    ]);
    const item = items[0]!;
    expect(reviewList(items, []).open).toHaveLength(1);
    const review = makeReview(item, { action: 'returned-to-shelf', note: ' back on A3 ', staffId: 's1', staffName: 'Ada', deviceId: 'a', storeId: 'store-001', at: '2026-03-02T11:00:00.000Z' });
    expect(review).toMatchObject({ id: item.key, source: 'pickup', subjectId: merged.id, kind: 'OVERPICKED', note: 'back on A3' });
    const list = reviewList(items, [review]);
    expect(list.open).toEqual([]);
    expect(list.resolved[0]?.review.staffName).toBe('Ada');
  });

  it('refuses a resolution the kind does not offer, and "other" without a note', () => {
    const item = { key: 'pickup:x:OVERPICKED', source: 'pickup' as const, subjectId: 'x', reference: 'W-1', kind: 'OVERPICKED', title: '', ask: '', sides: [], raisedAt: '' };
    const input = { note: '', staffId: 's1', staffName: 'Ada', deviceId: 'a', storeId: 's', at: '2026-03-02T11:00:00.000Z' };
    expect(() => makeReview(item, { ...input, action: 'refunded' })).toThrow(/not a resolution/);
    expect(() => makeReview(item, { ...input, action: 'other' })).toThrow(/note/);
  });
});
