import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, sameDocState } from './canonical';

describe('canonical JSON', () => {
  it('is independent of key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      }),
    );
  });

  it('compares replicated documents ignoring RxDB bookkeeping but not deletion', () => {
    const a = { id: 'n1', text: 'x', _deleted: false, _meta: { lwt: 1 }, _rev: '1-a' };
    expect(sameDocState(a, { text: 'x', id: 'n1', _deleted: false })).toBe(true);
    expect(sameDocState(a, { id: 'n1', text: 'x', _deleted: true })).toBe(false);
    expect(sameDocState(a, { id: 'n1', text: 'y', _deleted: false })).toBe(false);
  });
});
