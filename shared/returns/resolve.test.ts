import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newReturnDoc, tenderedEvent, withEvent } from './build';
import { foldReturn, openFlags } from './fold';
import { mergeReturns } from './merge';
import { parseReturnEvent, ReturnParseError } from './parse';
import { resolutionProblem, resolvedEvent } from './resolve';
import { makeReturnLine, makeSale } from './testing';
import type { ReturnDoc, ReturnEvent } from './types';
import { returnConflicts, returnReviews } from '../conflicts/returns';
import { reviewList } from '../conflicts/conflicts';

const actor = (staffId: string, deviceId: string, at: string, eventId: string) => ({ staffId, deviceId, at, eventId });
const flagged = (flag: 'RACED' | 'AMOUNT_MISMATCH', at: string): ReturnEvent => ({ id: `ret_1:server:flag:${flag}`, at, staffId: 'server', deviceId: 'server', type: 'flagged', flag, detail: `line r1 (TEE-M): another return took the last returnable units first` });

function flaggedReturn(): ReturnDoc {
  let doc = newReturnDoc({ id: 'ret_1', storeId: 's1', sale: makeSale(), receipt: { kind: 'order', code: '' }, customerId: 'c1', currency: 'USD', lines: [makeReturnLine()], verdicts: [{ lineId: 'r1', verdict: 'allowed' }], offline: true }, actor('a1', 'devA', '2026-11-10T10:00:00.000Z', 'ret_1:created'));
  doc = withEvent(doc, tenderedEvent([{ tender: 'cash', originalIndex: -1, amount: 2610, pending: false }], 0, actor('a1', 'devA', '2026-11-10T10:01:00.000Z', 'ret_1:tendered')));
  return withEvent(withEvent(doc, flagged('RACED', '2026-11-10T11:00:00.000Z')), flagged('AMOUNT_MISMATCH', '2026-11-10T11:00:00.000Z'));
}

const names = { staff: (id: string) => ({ m1: 'Maria', m2: 'Noah', a1: 'Ada' })[id] ?? id, device: (id: string) => id };

describe('resolving a flagged return', () => {
  it('a resolution closes its flag only; the status stays flagged and nothing is refunded', () => {
    const doc = flaggedReturn();
    expect(openFlags(foldReturn(doc.events))).toEqual(['AMOUNT_MISMATCH', 'RACED']);
    const after = withEvent(doc, resolvedEvent('RACED', 'money-recovered', 'cash back', actor('m1', 'devB', '2026-11-10T12:00:00.000Z', 'ret_1:resolved:RACED')));
    const s = foldReturn(after.events);
    expect(openFlags(s)).toEqual(['AMOUNT_MISMATCH']);
    expect(s.resolutions.RACED).toMatchObject({ by: 'm1', action: 'money-recovered', note: 'cash back', deviceId: 'devB' });
    expect(after.status).toBe('flagged');
    expect(s.refunded).toBeNull();
  });

  it('two managers resolving on two offline counters converge on the first resolution, in any merge order', () => {
    const doc = flaggedReturn();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), fc.boolean(), (m1, m2, order) => {
        const a = withEvent(doc, resolvedEvent('RACED', 'loss-accepted', '', actor('m1', 'devA', `2026-11-10T12:${String(m1).padStart(2, '0')}:00.000Z`, 'e-a')));
        const b = withEvent(doc, resolvedEvent('RACED', 'goods-returned', '', actor('m2', 'devB', `2026-11-10T12:${String(m2).padStart(2, '0')}:00.000Z`, 'e-b')));
        const merged = order ? mergeReturns(a, b) : mergeReturns(b, a);
        const first = m1 < m2 || (m1 === m2) ? 'm1' : 'm2';
        expect(foldReturn(merged.events).resolutions.RACED?.by).toBe(first);
        expect(merged.events).toHaveLength(doc.events.length + 2);
      }),
    );
  });

  it('refuses a flag that is not raised, one already resolved, an action of another flag, other without a note', () => {
    const doc = flaggedReturn();
    const s = foldReturn(doc.events);
    expect(resolutionProblem(s, 'OVER_LIMIT', 'loss-accepted', '')).toMatch(/not flagged/);
    expect(resolutionProblem(s, 'AMOUNT_MISMATCH', 'goods-returned', '')).toMatch(/not a resolution/);
    expect(resolutionProblem(s, 'RACED', 'other', ' ')).toMatch(/note/);
    expect(resolutionProblem(s, 'RACED', 'loss-accepted', '')).toBeNull();
    const done = foldReturn(withEvent(doc, resolvedEvent('RACED', 'loss-accepted', '', actor('m1', 'devA', '2026-11-10T12:00:00.000Z', 'x'))).events);
    expect(resolutionProblem(done, 'RACED', 'loss-accepted', '')).toMatch(/already resolved/);
  });

  it('parses a resolved event and names the bad field', () => {
    const e = resolvedEvent('RACED', 'other', 'called the customer', actor('m1', 'devA', '2026-11-10T12:00:00.000Z', 'x'));
    expect(parseReturnEvent(JSON.parse(JSON.stringify(e)))).toEqual(e);
    expect(() => parseReturnEvent({ ...e, action: 'refund-again' }, '/0')).toThrow(ReturnParseError);
    try {
      parseReturnEvent({ ...e, note: '' }, '/0');
    } catch (err) {
      expect((err as ReturnParseError).field).toBe('/0/note');
    }
  });

  it('shows each open flag as a conflict, and a resolved one in the resolved list with who and what', () => {
    const doc = withEvent(flaggedReturn(), resolvedEvent('AMOUNT_MISMATCH', 'money-recovered', '', actor('m1', 'devB', '2026-11-10T12:00:00.000Z', 'r')));
    const open = returnConflicts([doc], names);
    expect(open.map((i) => i.kind)).toEqual(['RACED']);
    expect(open[0]?.sides[0]?.events[0]).toMatchObject({ code: 'returnTaken', staff: 'Ada', device: 'devA', lines: [{ quantity: 1, title: 'Tee M' }], offline: true });
    expect(open[0]?.sides[1]?.events[0]).toMatchObject({ code: 'serverFound' });
    expect(JSON.stringify(open[0]?.sides[1]?.events[0])).toContain('another return took the last returnable units');
    const done = returnReviews([doc], names);
    const list = reviewList([...open, ...done.items], done.reviews);
    expect(list.open.map((i) => i.key)).toEqual(['return:ret_1:RACED']);
    expect(list.resolved[0]?.review).toMatchObject({ staffName: 'Maria', action: 'money-recovered', deviceId: 'devB' });
  });
});
