/**
 * topHits must answer exactly what MiniSearch's own `search` answers (same ids, same scores, same order, ties
 * included), for the app's search options, on a catalog shaped like the demo's (few words, long posting lists,
 * titles repeated), before and after products change.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type MiniSearch from 'minisearch';
import { createProductMiniSearch, MAX_HITS, productSearchOptions, searchProducts, type ProductIndexDoc } from './productSearch';
import { topHits } from './productTopHits';

const BRANDS = ['Northwind Supply', 'Harbor & Pine', 'Nordhem', 'Fjellvik', 'Stride Lab', 'Cobble & Co.', 'Pulse Audio', 'Sonique'];
const ADJECTIVES = ['Classic', 'Relaxed', 'Stretch', 'Speckled', 'Supima', 'Brushed Fleece', 'Organic Cotton', 'Scented', 'Stonewashed', 'Noise-Cancelling'];
const NOUNS = ['Shorts', 'Sweatshirt', 'Crew Tee', 'Candle', 'Sneakers', 'Shell', 'Polo', 'Headphones', 'Half-Zip Fleece', 'Slip-On'];
const CATEGORIES = ['T-Shirts', 'Sweatshirts & Hoodies', 'Shirts', 'Home & Kitchen', 'Sneakers', 'Audio', 'Outerwear'];

function catalog(n: number, seed: number): ProductIndexDoc[] {
  let x = seed;
  const next = (m: number): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) % m;
  };
  return Array.from({ length: n }, (_, i) => {
    const brand = BRANDS[next(BRANDS.length)] ?? '';
    return { id: `prod_${String(i + 1).padStart(6, '0')}`, title: `${brand} ${ADJECTIVES[next(ADJECTIVES.length)] ?? ''} ${NOUNS[next(NOUNS.length)] ?? ''}`, brand, category: CATEGORIES[next(CATEGORIES.length)] ?? '' };
  });
}

const { fields, searchOptions } = productSearchOptions();

function viaSearch(index: MiniSearch<ProductIndexDoc>, q: string, combineWith: 'AND' | 'OR'): { id: unknown; score: number }[] {
  return index.search(q, { combineWith }).slice(0, MAX_HITS).map((r) => ({ id: r.id as unknown, score: r.score }));
}
function viaTopHits(index: MiniSearch<ProductIndexDoc>, q: string, combineWith: 'AND' | 'OR'): { id: unknown; score: number }[] | null {
  return topHits(index, q, { ...searchOptions, combineWith }, fields, MAX_HITS);
}

/** What the bench types: every prefix of a few titles' first words, plus odd inputs. */
function typedQueries(docs: readonly ProductIndexDoc[]): string[] {
  const texts = docs.slice(0, 6).flatMap((d) => [d.title.split(' ').slice(0, 2).join(' '), d.title]);
  return [...texts.flatMap((t) => Array.from({ length: t.length }, (_, i) => t.slice(0, i + 1))), '', '&', 'T-', 'pine pine', 'shorts northwind', 'nordhme', 'sneaker sneakers', 'zzz', 'Audio Sonique headphone'];
}

describe('topHits', () => {
  const docs = catalog(1500, 7);

  it('answers every typed query exactly as MiniSearch.search does, AND and OR', () => {
    const index = createProductMiniSearch();
    index.addAll(docs);
    let nonEmpty = 0;
    for (const q of typedQueries(docs)) {
      for (const mode of ['AND', 'OR'] as const) {
        const expected = viaSearch(index, q, mode);
        expect(viaTopHits(index, q, mode), `${mode} "${q}"`).toEqual(expected);
        if (expected.length > 0) nonEmpty++;
      }
    }
    // The comparison means something only if most queries find products (and many more than MAX_HITS tie).
    expect(nonEmpty).toBeGreaterThan(150);
    expect(index.search('harbor').length).toBeGreaterThan(MAX_HITS * 2);
  }, 30_000);

  it('answers random queries over the vocabulary exactly as MiniSearch.search does', () => {
    const index = createProductMiniSearch();
    index.addAll(docs);
    const word = fc.constantFrom(...[...BRANDS, ...ADJECTIVES, ...NOUNS, ...CATEGORIES].flatMap((w) => w.split(' ')));
    const fragment = fc.tuple(word, fc.nat(12), fc.constantFrom('', 'x', 'e', 's')).map(([w, cut, typo]) => w.slice(0, Math.max(1, cut)) + typo);
    fc.assert(
      fc.property(fc.array(fragment, { minLength: 1, maxLength: 4 }), fc.constantFrom('AND', 'OR'), (parts, mode: 'AND' | 'OR') => {
        const q = parts.join(' ');
        expect(viaTopHits(index, q, mode)).toEqual(viaSearch(index, q, mode));
      }),
      { numRuns: 300, seed: 11 },
    );
  }, 30_000);

  it('stays exact after products are replaced and removed (postings of discarded documents not yet vacuumed)', () => {
    const index = createProductMiniSearch();
    index.addAll(docs);
    const changed = catalog(100, 99);
    for (let i = 0; i < 100; i++) index.replace({ ...(changed[i] ?? docs[0]), id: docs[i * 7]?.id ?? '' } as ProductIndexDoc);
    for (let i = 0; i < 100; i++) index.discard(docs[i * 11 + 3]?.id ?? '');
    expect(index.dirtCount).toBeGreaterThan(0);
    for (const q of typedQueries(docs)) {
      // topHits first: MiniSearch's search removes a discarded document's postings as it meets them.
      const fast = viaTopHits(index, q, 'AND');
      expect(fast, q).toEqual(viaSearch(index, q, 'AND'));
    }
  }, 30_000);

  it('leaves options it does not implement to MiniSearch (null)', () => {
    const index = createProductMiniSearch();
    index.addAll(docs.slice(0, 10));
    expect(topHits(index, 'harbor', { ...searchOptions, boostDocument: () => 2 }, fields, 10)).toBeNull();
    expect(topHits(index, 'harbor', { ...searchOptions, combineWith: 'AND_NOT' }, fields, 10)).toBeNull();
  });

  it('searchProducts returns the same hits as before (MiniSearch.search, first MAX_HITS, OR when AND finds nothing)', () => {
    const index = createProductMiniSearch();
    index.addAll(docs);
    for (const q of ['Harbor & Pine', 'nordhem sh', 'northwind zzz', 'stride']) {
      const and = index.search(q);
      const expected = (and.length > 0 ? and : index.search(q, { combineWith: 'OR' })).slice(0, MAX_HITS).map((r) => ({ id: r.id as unknown, score: r.score, title: r['title'] as unknown }));
      expect(searchProducts(index, q, MAX_HITS).map((h) => ({ id: h.id, score: h.score, title: h.title })), q).toEqual(expected);
    }
  });
});
