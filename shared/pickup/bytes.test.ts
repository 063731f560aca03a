import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex, toHex, utf8Decode, utf8Encode } from './bytes';

describe('pure-TS UTF-8 and hex', () => {
  it('encodes and decodes UTF-8 like Node', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const bytes = utf8Encode(s);
        expect(Buffer.from(bytes).equals(Buffer.from(s, 'utf8'))).toBe(true);
        expect(utf8Decode(bytes)).toBe(s);
      }),
    );
    expect(utf8Decode(Uint8Array.from([0xc3]))).toBeNull();
    expect(utf8Decode(Uint8Array.from([0xff, 0x41]))).toBeNull();
  });
  it('round-trips hex and refuses what is not hex', () => {
    expect(toHex(Uint8Array.from([0, 15, 255]))).toBe('000fff');
    expect(fromHex('000fff')).toEqual(Uint8Array.from([0, 15, 255]));
    expect(fromHex('0g')).toBeNull();
    expect(fromHex('abc')).toBeNull();
  });
});
