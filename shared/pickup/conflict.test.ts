import { describe, expect, it } from 'vitest';
import { pickupConflictHandler, resolvePickupConflict } from './conflict';
import { applyCommand } from './lifecycle';
import { makeLine, makePickup, actor } from './testing';

describe('device conflict handler', () => {
  it('resolves a push conflict to the same merge the server makes, ignoring RxDB bookkeeping', async () => {
    const base = makePickup({ lines: [makeLine({ quantity: 2 })] });
    const mine = applyCommand(base, { type: 'pick', lineId: 'l1', quantity: 1 }, actor('2026-03-02T09:10:00.000Z', { deviceId: 'a' }));
    const theirs = applyCommand(base, { type: 'pick', lineId: 'l1', quantity: 1 }, actor('2026-03-02T09:11:00.000Z', { deviceId: 'b' }));
    if (!mine.ok || !theirs.ok) throw new Error('refused');
    const resolved = resolvePickupConflict({ newDocumentState: { ...mine.doc, _deleted: false }, realMasterState: { ...theirs.doc, _deleted: false } });
    expect(resolved.events.map((e) => e.deviceId)).toEqual(['server', 'a', 'b']);
    expect(resolved.status).toBe('picking');
    expect(resolved._deleted).toBe(false);
    expect(await pickupConflictHandler.resolve({ newDocumentState: theirs.doc, realMasterState: mine.doc })).toEqual(resolved);
    const withMeta = { ...resolved, _meta: { lwt: 1 }, _rev: '1-x' };
    expect(pickupConflictHandler.isEqual(withMeta, { ...resolved })).toBe(true);
    expect(pickupConflictHandler.isEqual(mine.doc, theirs.doc)).toBe(false);
  });
});
