import { describe, expect, it } from 'vitest';
import type { PickupCommand, PickupDoc } from './types';
import { applyCommand, foldDoc } from './lifecycle';
import { stockDelta, stockEffects } from './stock';
import { mergePickups } from './merge';
import { actor, makeLine, makePickup } from './testing';

function run(doc: PickupDoc, steps: [PickupCommand, string, string?][]): PickupDoc {
  let d = doc;
  for (const [cmd, at, deviceId] of steps) {
    const r = applyCommand(d, cmd, actor(at, deviceId ? { deviceId } : {}));
    if (!r.ok) throw new Error(`${cmd.type} refused: ${r.refusal.reason}`);
    d = r.doc;
  }
  return d;
}

const twoLines = (): PickupDoc =>
  makePickup({ lines: [makeLine({ id: 'l1', variantId: 'v1', quantity: 2 }), makeLine({ id: 'l2', variantId: 'v2', sku: 'SKU-2', quantity: 1 })] });

describe('pickup lifecycle', () => {
  it('goes placed → picking → ready → collected, recording who, where and when', () => {
    const doc = run(twoLines(), [
      [{ type: 'pick', lineId: 'l1', quantity: 2 }, '2026-03-02T09:10:00.000Z'],
      [{ type: 'pick', lineId: 'l2', quantity: 1 }, '2026-03-02T09:11:00.000Z'],
      [{ type: 'stage', location: 'Shelf B3' }, '2026-03-02T09:12:00.000Z'],
      [{ type: 'collect', collectedBy: 'Ada Lovelace', relation: 'customer', idChecked: true }, '2026-03-02T15:00:00.000Z', 'dev-b'],
    ]);
    const state = foldDoc(doc);
    expect(state.status).toBe('collected');
    expect(doc.status).toBe('collected');
    expect(state.location).toBe('Shelf B3');
    expect(state.lines['l1']).toMatchObject({ ordered: 2, picked: 2, collected: 2 });
    const handover = doc.events.find((e) => e.type === 'collected');
    expect(handover).toMatchObject({ staffId: 'staff-1', deviceId: 'dev-b', at: '2026-03-02T15:00:00.000Z' });
    expect(doc.promisedReadyAt).toBe('2026-03-02T11:00:00.000Z');
    expect(doc.expiresAt).toBe('2026-03-05T09:12:00.000Z');
    expect(doc.updatedAt).toBe('2026-03-02T15:00:00.000Z');
  });

  it('refuses illegal transitions with a code and a reason', () => {
    const placed = twoLines();
    const collectEarly = applyCommand(placed, { type: 'collect', collectedBy: 'Ada', relation: 'customer', idChecked: true }, actor('2026-03-02T09:30:00.000Z'));
    expect(collectEarly).toEqual({ ok: false, refusal: { code: 'ILLEGAL_TRANSITION', reason: 'cannot hand over: the pickup is placed' } });
    const tooMany = applyCommand(placed, { type: 'pick', lineId: 'l1', quantity: 3 }, actor('2026-03-02T09:30:00.000Z'));
    expect(tooMany.ok === false && tooMany.refusal.code).toBe('BAD_QUANTITY');
    const unknown = applyCommand(placed, { type: 'pick', lineId: 'l9', quantity: 1 }, actor('2026-03-02T09:30:00.000Z'));
    expect(unknown.ok === false && unknown.refusal.code).toBe('UNKNOWN_LINE');
    const half = run(placed, [[{ type: 'pick', lineId: 'l1', quantity: 1 }, '2026-03-02T09:31:00.000Z']]);
    const stage = applyCommand(half, { type: 'stage', location: 'B3' }, actor('2026-03-02T09:32:00.000Z'));
    expect(stage.ok === false && stage.refusal).toMatchObject({ code: 'LINES_UNRESOLVED', reason: expect.stringContaining('l1 (1 open)') as unknown });
    const cancelled = run(placed, [[{ type: 'cancel', by: 'customer', reason: 'changed mind' }, '2026-03-02T09:40:00.000Z']]);
    expect(cancelled.status).toBe('cancelled');
    const pickAfter = applyCommand(cancelled, { type: 'pick', lineId: 'l1', quantity: 1 }, actor('2026-03-02T09:41:00.000Z'));
    expect(pickAfter.ok === false && pickAfter.refusal.code).toBe('ILLEGAL_TRANSITION');
    const noWho = applyCommand(placed, { type: 'start-picking' }, { staffId: '', deviceId: 'd', at: '2026-03-02T09:41:00.000Z', eventId: 'x' });
    expect(noWho.ok === false && noWho.refusal.code).toBe('BAD_INPUT');
  });

  it('stages a partial pick (short line rejected) and refuses staging when nothing was picked', () => {
    const partial = run(twoLines(), [
      [{ type: 'pick', lineId: 'l1', quantity: 1 }, '2026-03-02T09:10:00.000Z'],
      [{ type: 'reject', lineId: 'l1', quantity: 1, reason: 'DAMAGED', note: 'torn seam' }, '2026-03-02T09:11:00.000Z'],
      [{ type: 'reject', lineId: 'l2', quantity: 1, reason: 'NOT_IN_STOCK' }, '2026-03-02T09:12:00.000Z'],
      [{ type: 'stage', location: 'B3' }, '2026-03-02T09:13:00.000Z'],
    ]);
    expect(partial.status).toBe('ready');
    expect(foldDoc(partial).lines['l1']).toMatchObject({ picked: 1, rejected: 1, rejectedBy: { DAMAGED: 1 } });
    const none = run(twoLines(), [
      [{ type: 'reject', lineId: 'l1', quantity: 2, reason: 'MISMATCH' }, '2026-03-02T09:10:00.000Z'],
      [{ type: 'reject', lineId: 'l2', quantity: 1, reason: 'MISMATCH' }, '2026-03-02T09:11:00.000Z'],
    ]);
    const stage = applyCommand(none, { type: 'stage', location: 'B3' }, actor('2026-03-02T09:12:00.000Z'));
    expect(stage.ok === false && stage.refusal.code).toBe('NOTHING_PICKED');
  });

  it('gives each rejection reason its stock effect', () => {
    const base = makePickup({ lines: [makeLine({ quantity: 4 })] });
    const effects = (reason: 'NOT_IN_STOCK' | 'DAMAGED' | 'WORN_DISPLAY' | 'MISMATCH'): unknown =>
      stockEffects(run(base, [[{ type: 'reject', lineId: 'l1', quantity: 1, reason }, '2026-03-02T09:10:00.000Z']])).get('v1');
    expect(stockEffects(base).get('v1')).toEqual({ reservedDelta: 4, onHandDelta: 0 });
    expect(effects('NOT_IN_STOCK')).toEqual({ reservedDelta: 3, onHandDelta: -1 });
    expect(effects('DAMAGED')).toEqual({ reservedDelta: 3, onHandDelta: -1 });
    expect(effects('WORN_DISPLAY')).toEqual({ reservedDelta: 3, onHandDelta: -1 });
    expect(effects('MISMATCH')).toEqual({ reservedDelta: 3, onHandDelta: 0 });
  });

  it('releases the reservation on cancellation and on expiry, and takes picked units out of onHand on handover', () => {
    const ready = run(makePickup({ lines: [makeLine({ quantity: 2 })] }), [
      [{ type: 'pick', lineId: 'l1', quantity: 2 }, '2026-03-02T09:10:00.000Z'],
      [{ type: 'stage', location: 'B3' }, '2026-03-02T09:12:00.000Z'],
    ]);
    const early = applyCommand(ready, { type: 'expire' }, actor('2026-03-04T09:12:00.000Z', { staffId: 'system', deviceId: 'server' }));
    expect(early.ok === false && early.refusal.code).toBe('NOT_DUE');
    const expired = run(ready, [[{ type: 'expire' }, '2026-03-05T09:12:00.000Z']]);
    expect(expired.status).toBe('expired');
    expect([...stockDelta(ready, expired)]).toEqual([['v1', { reservedDelta: -2, onHandDelta: 0 }]]);
    const cancelled = run(ready, [[{ type: 'cancel', by: 'webshop', reason: 'payment failed' }, '2026-03-02T10:00:00.000Z']]);
    expect(stockEffects(cancelled).get('v1')).toEqual({ reservedDelta: 0, onHandDelta: 0 });
    const collected = run(ready, [[{ type: 'collect', collectedBy: 'Ada', relation: 'customer', idChecked: true }, '2026-03-02T12:00:00.000Z']]);
    expect(stockEffects(collected).get('v1')).toEqual({ reservedDelta: 0, onHandDelta: -2 });
  });

  it('a handover made offline stands against a web cancellation that raced it, and is flagged', () => {
    const ready = run(makePickup(), [
      [{ type: 'pick', lineId: 'l1', quantity: 1 }, '2026-03-02T09:10:00.000Z'],
      [{ type: 'stage', location: 'B3' }, '2026-03-02T09:12:00.000Z'],
    ]);
    const handedOver = run(ready, [[{ type: 'collect', collectedBy: 'Ada', relation: 'customer', idChecked: true }, '2026-03-02T12:05:00.000Z', 'counter-offline']]);
    const cancelledOnWeb = run(ready, [[{ type: 'cancel', by: 'webshop', reason: 'customer asked' }, '2026-03-02T12:00:00.000Z', 'server']]);
    for (const merged of [mergePickups(handedOver, cancelledOnWeb), mergePickups(cancelledOnWeb, handedOver)]) {
      expect(merged.status).toBe('collected');
      expect(merged.flags).toEqual(['CANCELLED_AFTER_HANDOVER']);
      expect(stockEffects(merged).get('v1')).toEqual({ reservedDelta: 0, onHandDelta: -1 });
    }
    const expired = run(ready, [[{ type: 'expire' }, '2026-03-05T09:12:00.000Z', 'server']]);
    const late = mergePickups(expired, handedOver);
    expect(late.status).toBe('collected');
  });

  it('two associates picking the same order merge line by line, never beyond the ordered quantity', () => {
    const base = twoLines();
    const a = run(base, [[{ type: 'pick', lineId: 'l1', quantity: 1 }, '2026-03-02T09:10:00.000Z', 'dev-a']]);
    const b = run(base, [
      [{ type: 'pick', lineId: 'l1', quantity: 2 }, '2026-03-02T09:10:30.000Z', 'dev-b'],
      [{ type: 'pick', lineId: 'l2', quantity: 1 }, '2026-03-02T09:11:00.000Z', 'dev-b'],
    ]);
    const merged = mergePickups(a, b);
    const state = foldDoc(merged);
    expect(state.lines['l1']).toMatchObject({ picked: 2, ordered: 2 });
    expect(state.lines['l2']).toMatchObject({ picked: 1 });
    expect(merged.flags).toEqual(['OVERPICKED']);
    // The same scan delivered twice (same event id) is one event.
    expect(mergePickups(merged, a).events).toHaveLength(merged.events.length);
  });

  it('check-in marks the customer waiting until the pickup ends', () => {
    const ready = run(makePickup(), [
      [{ type: 'pick', lineId: 'l1', quantity: 1 }, '2026-03-02T09:10:00.000Z'],
      [{ type: 'stage', location: 'B3' }, '2026-03-02T09:12:00.000Z'],
      [{ type: 'check-in', checkinId: 'ci1' }, '2026-03-02T13:00:00.000Z'],
    ]);
    expect(foldDoc(ready).customerWaiting).toBe(true);
    const done = run(ready, [[{ type: 'collect', collectedBy: 'Ada', relation: 'customer', idChecked: false }, '2026-03-02T13:02:00.000Z']]);
    expect(foldDoc(done).customerWaiting).toBe(false);
  });
});
