import { describe, expect, it } from 'vitest';
import type { PickupCommand, PickupDoc } from './types';
import { applyCommand } from './lifecycle';
import { median, pickupMetrics } from './metrics';
import { actor, makePickup } from './testing';

function run(doc: PickupDoc, steps: [PickupCommand, string][]): PickupDoc {
  let d = doc;
  for (const [cmd, at] of steps) {
    const r = applyCommand(d, cmd, actor(at));
    if (!r.ok) throw new Error(r.refusal.reason);
    d = r.doc;
  }
  return d;
}

const pick: PickupCommand = { type: 'pick', lineId: 'l1', quantity: 1 };
const stage: PickupCommand = { type: 'stage', location: 'B1' };
const collect: PickupCommand = { type: 'collect', collectedBy: 'Ada', relation: 'customer', idChecked: true };

describe('manager metrics', () => {
  const now = '2026-03-05T12:00:00.000Z';
  const docs = [
    // Placed 3 h ago, not picked: overdue (promise 2 h).
    makePickup({ id: 'a', orderNumber: 'A' }, '2026-03-05T09:00:00.000Z'),
    // Placed 30 min ago: in the queue, not overdue.
    makePickup({ id: 'b', orderNumber: 'B' }, '2026-03-05T11:30:00.000Z'),
    // Ready within 1 h of its promise, collected.
    run(makePickup({ id: 'c', orderNumber: 'C' }, '2026-03-01T10:00:00.000Z'), [[pick, '2026-03-01T10:20:00.000Z'], [stage, '2026-03-01T10:30:00.000Z'], [collect, '2026-03-01T17:00:00.000Z']]),
    // Ready late (3 h), expiring today.
    run(makePickup({ id: 'd', orderNumber: 'D' }, '2026-03-02T08:00:00.000Z'), [[pick, '2026-03-02T10:59:00.000Z'], [stage, '2026-03-02T11:00:00.000Z']]),
    // Ready, then expired.
    run(makePickup({ id: 'e', orderNumber: 'E' }, '2026-02-20T08:00:00.000Z'), [[pick, '2026-02-20T08:40:00.000Z'], [stage, '2026-02-20T09:00:00.000Z'], [{ type: 'expire' }, '2026-02-23T09:00:00.000Z']]),
  ];

  it('computes the queue, overdue and expiring lists and throughput', () => {
    const m = pickupMetrics(docs, now);
    expect(m.queue.placed.count).toBe(2);
    expect(m.queue.placed.ages).toEqual({ under1h: 1, under4h: 1, under24h: 0, older: 0 });
    expect(m.queue.ready.count).toBe(1);
    expect(m.overdue.map((e) => e.id)).toEqual(['a']);
    expect(m.expiringToday.map((e) => e.id)).toEqual(['d']);
    // c: 30 min, d: 180 min, e: 60 min → 2 of 3 within the 2 h promise, median 60.
    expect(m.readyWithinPromisePct).toBe(66.7);
    expect(m.medianMinutesToReady).toBe(60);
    expect(m.collectionRatePct).toBe(50);
    expect(m.expiries).toBe(1);
    expect(m.counts).toMatchObject({ placed: 2, ready: 1, collected: 1, expired: 1 });
  });

  it('reports flagged conflicts and handles an empty store', () => {
    const ready = run(makePickup({ id: 'f', orderNumber: 'F' }), [[pick, '2026-03-02T09:10:00.000Z'], [stage, '2026-03-02T09:20:00.000Z']]);
    const collected = run(ready, [[collect, '2026-03-02T10:00:00.000Z']]);
    const cancelEvent = { id: 'web-cancel', type: 'cancelled', by: 'webshop', reason: 'r', at: '2026-03-02T09:59:00.000Z', staffId: 'system', deviceId: 'web' } as const;
    const raced = { ...collected, events: [...collected.events, cancelEvent] };
    const m = pickupMetrics([raced], now);
    expect(m.flagged).toEqual([{ id: 'f', orderNumber: 'F', flags: ['CANCELLED_AFTER_HANDOVER'] }]);
    const empty = pickupMetrics([], now);
    expect(empty.readyWithinPromisePct).toBeNull();
    expect(empty.medianMinutesToReady).toBeNull();
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });
});
