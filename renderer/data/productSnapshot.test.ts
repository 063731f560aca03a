/**
 * The snapshot buffer (snapshotCodec.ts) of the product search index (productSnapshot.ts) and of the barcode map
 * (barcodeSnapshot.ts): what is decoded is the index or map that was encoded (MiniSearch's own serialisation of it
 * is the same, and every search gives the same hits), through additions, replacements and discards; a buffer cut
 * short anywhere, or with any byte changed, is refused with a SnapshotFormatError instead of giving a wrong index.
 */
import fc from 'fast-check';
import type MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { decodeBarcodes, encodeBarcodes, type VariantRef } from './barcodeSnapshot';
import { createProductMiniSearch, searchProducts, type ProductIndexDoc } from './productSearch';
import { decodeProductIndex, encodeProductIndex } from './productSnapshot';
import { SnapshotFormatError, SnapshotReader, SnapshotWriter } from './snapshotCodec';

/** MiniSearch's serialisation with its terms sorted: the radix tree's iteration order follows insertion order. */
function canonical(mini: MiniSearch<ProductIndexDoc>): unknown {
  const json = mini.toJSON();
  return { ...json, index: [...json.index].sort((a, b) => (a[0] < b[0] ? -1 : 1)) };
}

const WORDS = ['claw', 'hammer', 'tape', 'measure', 'laser', 'level', 'café', 'crème', 'naïve', 'Überjacke', '東京', '🙂ok', 'x', 'drill', 'cordless'];
const docArb = fc.record({
  n: fc.integer({ min: 0, max: 60 }),
  title: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 5 }).map((w) => w.join(' ')),
  brand: fc.constantFrom('Acme', 'Fjellvik', 'Ökö', ''),
  category: fc.constantFrom('Tools', 'Audio', 'Jeans & Trousers'),
});
type Op = { kind: 'put'; n: number; title: string; brand: string; category: string } | { kind: 'discard'; n: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(docArb.map((d) => ({ kind: 'put' as const, ...d })), fc.integer({ min: 0, max: 60 }).map((n) => ({ kind: 'discard' as const, n })));

function built(ops: Op[]): MiniSearch<ProductIndexDoc> {
  const mini = createProductMiniSearch();
  for (const op of ops) {
    const id = `prod_${String(op.n).padStart(6, '0')}`;
    if (op.kind === 'discard') {
      if (mini.has(id)) mini.discard(id);
    } else {
      const doc = { id, title: op.title, brand: op.brand, category: op.category };
      if (mini.has(id)) mini.replace(doc);
      else mini.add(doc);
    }
  }
  return mini;
}

describe('product index snapshot', () => {
  it('decodes to the index that was encoded, through adds, replacements and discards', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), fc.array(fc.constantFrom(...WORDS, 'ham', 'mea', 'cr', 'tokyo'), { minLength: 1, maxLength: 6 }), (ops, queries) => {
        const mini = built(ops);
        const back = decodeProductIndex(encodeProductIndex(mini));
        expect(canonical(back)).toEqual(canonical(mini));
        for (const q of queries) expect(searchProducts(back, q, 50)).toEqual(searchProducts(mini, q, 50));
        // The decoded index keeps working as an index.
        back.add({ id: 'new', title: 'Fresh hammer', brand: 'Acme', category: 'Tools' });
        expect(searchProducts(back, 'fresh', 5).map((h) => h.id)).toEqual(['new']);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a buffer cut short anywhere or with any byte changed', () => {
    const mini = built(WORDS.map((w, n) => ({ kind: 'put' as const, n, title: `${w} hammer`, brand: 'Acme', category: 'Tools' })));
    const buffer = encodeProductIndex(mini);
    for (let length = 0; length < buffer.byteLength; length++) expect(() => decodeProductIndex(buffer.slice(0, length))).toThrow(SnapshotFormatError);
    for (let at = 0; at < buffer.byteLength; at++) {
      const copy = new Uint8Array(buffer.slice(0));
      copy[at]! ^= 0x01;
      expect(() => decodeProductIndex(copy.buffer)).toThrow(SnapshotFormatError);
    }
    expect(() => decodeProductIndex({ index: [] })).toThrow(SnapshotFormatError);
    expect(() => decodeProductIndex(encodeBarcodes(new Map()))).toThrow(/kind/);
  });
});

describe('barcode map snapshot', () => {
  it('decodes to the map that was encoded, in one go or in slices', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.stringMatching(/^\d{14}$/), fc.integer({ min: 0, max: 30 }), fc.string({ unit: 'grapheme', maxLength: 12 })), { maxLength: 200 }), fc.constantFrom(Infinity, 1, 7), async (rows, yieldEvery) => {
        const map = new Map<string, VariantRef>(rows.map(([gtin, p, v]) => [gtin, { productId: `prod_${p}`, variantId: `var_${v}` }]));
        const back = new Map<string, VariantRef>();
        await decodeBarcodes(encodeBarcodes(map), back, yieldEvery);
        expect(new Map([...back].sort())).toEqual(new Map([...map].sort()));
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a buffer cut short or damaged', async () => {
    const map = new Map<string, VariantRef>(Array.from({ length: 40 }, (_, i) => [String(10 ** 13 + i), { productId: `prod_${i >> 2}`, variantId: `var_${i}` }]));
    const buffer = encodeBarcodes(map);
    for (let length = 0; length < buffer.byteLength; length += 3) await expect(decodeBarcodes(buffer.slice(0, length), new Map())).rejects.toThrow(SnapshotFormatError);
    const copy = new Uint8Array(buffer.slice(0));
    copy[30]! ^= 0x40;
    await expect(decodeBarcodes(copy.buffer, new Map(), 5)).rejects.toThrow(SnapshotFormatError);
  });
});

describe('snapshot frame', () => {
  it('keeps integers up to 2^53 - 1, signed deltas and strings that share prefixes, surrogate pairs included', () => {
    const w = new SnapshotWriter();
    const ints = [0, 1, 127, 128, 2 ** 32, Number.MAX_SAFE_INTEGER];
    for (const n of ints) w.uint(n);
    for (const n of [-1, 0, 5, -(2 ** 40)]) w.int(n);
    w.strAfter('a🙂b', '');
    w.strAfter('a🙂c', 'a🙂b');
    w.strAfter('a\uD83D\uDE43', 'a\uD83D\uDE42');
    const r = new SnapshotReader(w.finish(7), 7);
    expect(ints.map(() => r.uint())).toEqual(ints);
    expect([r.int(), r.int(), r.int(), r.int()]).toEqual([-1, 0, 5, -(2 ** 40)]);
    expect(r.strAfter('')).toBe('a🙂b');
    expect(r.strAfter('a🙂b')).toBe('a🙂c');
    expect(r.strAfter('a\uD83D\uDE42')).toBe('a\uD83D\uDE43');
    r.end();
    expect(() => r.uint()).toThrow(SnapshotFormatError);
    expect(() => new SnapshotWriter().uint(-1)).toThrow(SnapshotFormatError);
  });
});
