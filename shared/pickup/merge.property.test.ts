/**
 * Property tests: random events recorded on several devices (offline), delivered to the server in random order
 * with retries. Every device must converge on the server's state, merge must be commutative, associative and
 * idempotent, and stock must never be counted twice.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from '../canonical';
import type { PickupDoc, PickupEvent } from './types';
import { REJECT_REASONS } from './types';
import { mergePickups } from './merge';
import { stockDelta, stockEffects, type StockDelta } from './stock';
import { makeLine, makePickup } from './testing';

const base = makePickup({
  lines: [makeLine({ id: 'l1', variantId: 'v1', quantity: 2 }), makeLine({ id: 'l2', variantId: 'v2', sku: 'S2', quantity: 3 }), makeLine({ id: 'l3', variantId: 'v1', sku: 'S1b', quantity: 1 })],
});
const ordered: Record<string, number> = { v1: 3, v2: 3 };

const devices = ['dev-a', 'dev-b', 'dev-c', 'server'] as const;

const eventArb: fc.Arbitrary<PickupEvent> = fc
  .record({
    n: fc.integer({ min: 0, max: 40 }),
    minute: fc.integer({ min: 1, max: 6000 }),
    deviceId: fc.constantFrom(...devices),
    kind: fc.constantFrom('pick', 'pick', 'pick', 'reject', 'stage', 'collect', 'cancel', 'expire', 'checkin', 'start'),
    lineId: fc.constantFrom('l1', 'l2', 'l3', 'l9'),
    quantity: fc.integer({ min: 1, max: 3 }),
    reason: fc.constantFrom(...REJECT_REASONS),
  })
  .map(({ n, minute, deviceId, kind, lineId, quantity, reason }): PickupEvent => {
    const b = { id: `${deviceId}-${n}`, at: new Date(Date.parse('2026-03-02T09:00:00.000Z') + minute * 60_000).toISOString(), staffId: 's1', deviceId };
    switch (kind) {
      case 'pick':
        return { ...b, type: 'line-picked', lineId, quantity };
      case 'reject':
        return { ...b, type: 'line-rejected', lineId, quantity, reason, note: '' };
      case 'stage':
        return { ...b, type: 'staged', location: `B${n % 4}` };
      case 'collect':
        return { ...b, type: 'collected', collectedBy: 'Ada', relation: 'customer', idChecked: true };
      case 'cancel':
        return { ...b, type: 'cancelled', by: 'webshop', reason: 'r' };
      case 'expire':
        return { ...b, type: 'expired' };
      case 'checkin':
        return { ...b, type: 'customer-checked-in', checkinId: `ci${n}` };
      default:
        return { ...b, type: 'picking-started' };
    }
  });

/** A device's version: the base plus the events it recorded or heard of (an id always means the same event). */
const docArb = (pool: PickupEvent[]): fc.Arbitrary<PickupDoc> =>
  fc.subarray(pool).map((events) => mergePickups(base, { ...base, events: [...base.events, ...events] }));

const poolArb = fc.uniqueArray(eventArb, { selector: (e) => e.id, maxLength: 25 });

const same = (a: PickupDoc, b: PickupDoc): boolean => canonicalJson(a) === canonicalJson(b);

function addEffects(total: Map<string, StockDelta>, delta: Map<string, StockDelta>): void {
  for (const [k, d] of delta) {
    const cur = total.get(k) ?? { reservedDelta: 0, onHandDelta: 0 };
    total.set(k, { reservedDelta: cur.reservedDelta + d.reservedDelta, onHandDelta: cur.onHandDelta + d.onHandDelta });
  }
}

const normal = (m: Map<string, StockDelta>): Record<string, StockDelta> =>
  Object.fromEntries([...m].filter(([, d]) => d.reservedDelta !== 0 || d.onHandDelta !== 0).sort(([a], [b]) => (a < b ? -1 : 1)));

describe('mergePickups', () => {
  it('is commutative, associative and idempotent', () => {
    fc.assert(
      fc.property(poolArb.chain((pool) => fc.tuple(docArb(pool), docArb(pool), docArb(pool))), ([a, b, c]) => {
        expect(same(mergePickups(a, b), mergePickups(b, a))).toBe(true);
        expect(same(mergePickups(mergePickups(a, b), c), mergePickups(a, mergePickups(b, c)))).toBe(true);
        expect(same(mergePickups(a, a), a)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('every delivery order (with retries) converges on one server state, and stock is counted once', () => {
    const scenario = poolArb.chain((pool) =>
      fc.record({
        versions: fc.array(docArb(pool), { minLength: 1, maxLength: 4 }),
        orderA: fc.array(fc.nat(), { minLength: 1, maxLength: 10 }),
        orderB: fc.array(fc.nat(), { minLength: 1, maxLength: 10 }),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ versions, orderA, orderB }) => {
        // The server starts with the placed order (its reservation applied at creation) and merges each push,
        // applying effects(new) − effects(old) to inventory. Pushes arrive in some order, some more than once;
        // every version is delivered at least once.
        const deliver = (order: number[]): { master: PickupDoc; stock: Map<string, StockDelta> } => {
          let master = base;
          const stock = new Map<string, StockDelta>();
          addEffects(stock, stockDelta(null, base));
          const seq = [...order.map((i) => i % versions.length), ...versions.map((_, i) => i)];
          for (const i of seq) {
            const pushed = versions[i];
            if (!pushed) continue;
            const next = mergePickups(master, pushed);
            addEffects(stock, stockDelta(master, next));
            master = next;
            // The device adopts the server's answer: device state = merge(own, master) = master from now on.
            expect(same(mergePickups(pushed, master), master)).toBe(true);
          }
          return { master, stock };
        };
        const a = deliver(orderA);
        const b = deliver(orderB);
        expect(same(a.master, b.master)).toBe(true);
        expect(normal(a.stock)).toEqual(normal(b.stock));
        // The running total equals the effects of the final state: nothing applied twice by retries or order.
        expect(normal(a.stock)).toEqual(normal(stockEffects(a.master)));
        // Never more reserved or taken out than was ordered, never a negative reservation.
        for (const [variant, d] of a.stock) {
          expect(d.reservedDelta).toBeGreaterThanOrEqual(0);
          expect(d.reservedDelta).toBeLessThanOrEqual(ordered[variant] ?? 0);
          expect(-d.onHandDelta).toBeLessThanOrEqual(ordered[variant] ?? 0);
          expect(d.onHandDelta).toBeLessThanOrEqual(0);
        }
        // An expiry or a cancellation never overrides a handover.
        if (a.master.events.some((e) => e.type === 'collected')) expect(a.master.status).toBe('collected');
      }),
      { numRuns: 300 },
    );
  });
});
