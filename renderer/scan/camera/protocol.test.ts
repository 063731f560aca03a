import { describe, expect, it } from 'vitest';
import { parseDecodeReply } from './protocol';

describe('decode worker replies', () => {
  it('accepts well-formed replies and keeps unknown formats visible as OTHER', () => {
    expect(parseDecodeReply({ type: 'decoded', id: 3, outcome: { text: '123', format: 'EAN_13', ms: 2, symbologyId: ']E0' } })).toEqual({
      type: 'decoded',
      id: 3,
      outcome: { text: '123', format: 'EAN_13', ms: 2, symbologyId: ']E0' },
    });
    expect(parseDecodeReply({ type: 'decoded', id: 1, outcome: { text: 'x', format: 'AZTEC', ms: 1 } })).toMatchObject({ outcome: { format: 'OTHER' } });
    expect(parseDecodeReply({ type: 'decoded', id: 1, outcome: null })).toEqual({ type: 'decoded', id: 1, outcome: null });
    expect(parseDecodeReply({ type: 'error', id: 2, message: 'boom' })).toEqual({ type: 'error', id: 2, message: 'boom' });
  });

  it('refuses anything else', () => {
    for (const bad of [null, 'x', { type: 'decoded' }, { type: 'decoded', id: 1, outcome: { text: 1 } }, { type: 'other', id: 1 }]) {
      expect(parseDecodeReply(bad)).toBeNull();
    }
  });
});
