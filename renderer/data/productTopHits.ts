/**
 * The product search's top hits without MiniSearch's per-match objects: the same query, the same BM25 scores, the
 * same order as `MiniSearch.search` followed by taking the first `limit`, computed over typed arrays.
 *
 * Why: at a million variants (177,000 demo products) a two-letter prefix matches 20,000–30,000 products and a
 * trailing letter ("Northwind S") 30 words' posting lists. `search` builds a `{score, terms, match}` object per match
 * and per posting, copies the stored fields into each, and sorts them all, to show 50: 150–1,000 ms per keystroke
 * in Node (bench:search-scale), against a 50 ms budget. Here each posting costs a few array writes, and the 50 are
 * picked in one pass.
 *
 * What must stay true: the scores and their order are MiniSearch 7.2's (`executeQuerySpec`, `termResults`,
 * `combinators`, `search`), for the options in productSearch.ts. This reads MiniSearch's private fields (pinned
 * version); when they are not what this expects, or an option it does not implement is set, it returns null and
 * the caller uses `search`. productTopHits.test.ts compares both on the demo catalog, changes and removals included.
 */
import MiniSearch, { type SearchOptions } from 'minisearch';

/** The part of MiniSearch's internal index read here (minisearch 7.2.0, src/MiniSearch.ts). */
interface TermData {
  get(fieldId: number): Map<number, number> | undefined;
}
interface RadixView {
  [Symbol.iterator](): Iterator<[string, TermData]>;
}
interface Internals {
  _index: { get(term: string): TermData | undefined; atPrefix(prefix: string): RadixView; fuzzyGet(term: string, maxDistance: number): Map<string, [TermData, number]> };
  _documentIds: Map<number, unknown>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  _nextId: number;
}

function internalsOf<T>(index: MiniSearch<T>): Internals | null {
  // Reaching into a library's privates: checked field by field, so an upgrade that moves them falls back to `search`.
  const i = index as unknown as Partial<Internals>;
  const ok = i._index && typeof i._index.atPrefix === 'function' && typeof i._index.fuzzyGet === 'function' && i._documentIds instanceof Map && i._fieldLength instanceof Map && typeof i._fieldIds === 'object' && Array.isArray(i._avgFieldLength) && typeof i._documentCount === 'number' && typeof i._nextId === 'number';
  return ok ? (i as Internals) : null;
}

/**
 * Per-document arrays, reused between searches (a search is synchronous: never two at once): scratch for the scores,
 * and a dense copy of which short ids are live and their field lengths (MiniSearch keeps those in Maps, and looking
 * two Maps up per posting was most of a search's time). The copy follows the index: documents added since the last
 * search are appended; after a removal (or a replace) it is read again in full.
 */
class Scratch {
  size = 0;
  termScore = new Float64Array(0);
  termStamp = new Uint32Array(0);
  total = new Float64Array(0);
  queryStamp = new Uint32Array(0);
  matched = new Uint16Array(0);
  mask = new Uint32Array(0);
  alive = new Uint8Array(0);
  fieldLength = new Uint32Array(0);
  stamp = 0;
  private nextId = 0;
  private count = 0;
  constructor(private readonly fields: number) {}

  sync(ix: Internals): void {
    const n = ix._nextId;
    if (n > this.size || this.stamp > 0xfffffff0) {
      this.size = Math.max(n, Math.ceil(this.size * 1.25), 1024);
      this.termScore = new Float64Array(this.size);
      this.termStamp = new Uint32Array(this.size);
      this.total = new Float64Array(this.size);
      this.queryStamp = new Uint32Array(this.size);
      this.matched = new Uint16Array(this.size);
      this.mask = new Uint32Array(this.size);
      this.alive = new Uint8Array(this.size);
      this.fieldLength = new Uint32Array(this.size * this.fields);
      this.stamp = 0;
      this.nextId = 0;
      this.count = 0;
    }
    if (n === this.nextId && ix._documentCount === this.count) return;
    // Only additions since the last search: every new short id is a new live document (a removal lowers the count).
    const onlyAdded = n - this.nextId === ix._documentCount - this.count && n >= this.nextId;
    const from = onlyAdded ? this.nextId : 0;
    if (!onlyAdded) this.alive.fill(0);
    for (let id = from; id < n; id++) {
      const lengths = ix._documentIds.has(id) ? ix._fieldLength.get(id) : undefined;
      if (!lengths) continue;
      this.alive[id] = 1;
      for (let f = 0; f < this.fields; f++) this.fieldLength[id * this.fields + f] = lengths[f] ?? 0;
    }
    this.nextId = n;
    this.count = ix._documentCount;
  }
}
const scratches = new WeakMap<object, Scratch>();

const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];
const processTerm = MiniSearch.getDefault('processTerm') as (term: string) => string;
const DEFAULT_WEIGHTS = { fuzzy: 0.45, prefix: 0.375 };
const DEFAULT_BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const DEFAULT_MAX_FUZZY = 6;

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

export interface TopHit {
  id: unknown;
  score: number;
}

/**
 * The first `limit` results of `index.search(text, options)` (options merged over the index's own search options),
 * or null when this cannot answer exactly what `search` would (see the top of the file).
 */
export function topHits<T>(index: MiniSearch<T>, text: string, options: SearchOptions, fields: readonly string[], limit: number): TopHit[] | null {
  const ix = internalsOf(index);
  if (!ix) return null;
  const { prefix, fuzzy, boost, combineWith, weights, bm25, maxFuzzy, boostDocument, boostTerm, filter, tokenize: ownTokenize, processTerm: ownProcess } = options;
  if (boostDocument || boostTerm || filter || ownTokenize || ownProcess || options.fields) return null;
  const operator = (combineWith ?? 'OR').toUpperCase();
  if (operator !== 'AND' && operator !== 'OR') return null;
  const terms = tokenize(text).map(processTerm).filter((t) => !!t);
  if (terms.length === 0) return [];
  if (terms.length > 32) return null;
  const { fuzzy: fuzzyWeight, prefix: prefixWeight } = { ...DEFAULT_WEIGHTS, ...weights };
  const { k, b, d } = bm25 ?? DEFAULT_BM25;
  const fieldBoosts = fields.map((f) => ({ fieldId: ix._fieldIds[f] ?? -1, boost: boost?.[f] || 1 }));
  if (fieldBoosts.some((f) => f.fieldId < 0)) return null;

  const fieldCount = Object.keys(ix._fieldIds).length;
  let scratch = scratches.get(index);
  if (!scratch) scratches.set(index, (scratch = new Scratch(fieldCount)));
  scratch.sync(ix);
  const s = scratch;
  const { alive, fieldLength: lengths, termStamp: termStamps, termScore: termScores, queryStamp: queryStamps, matched: matchedCounts } = s;
  const queryStamp = ++s.stamp;
  const totalCount = ix._documentCount;
  /** OR: every document in the order it was first matched (MiniSearch's result Map order). AND: the last term's. */
  const orOrder: number[] = [];
  let lastTermOrder: number[] = [];
  const distinct = new Map<string, number>();

  for (let position = 0; position < terms.length; position++) {
    const term = terms[position] ?? '';
    let bit = distinct.get(term);
    if (bit === undefined) distinct.set(term, (bit = distinct.size));
    const termStamp = ++s.stamp;
    const order: number[] = [];
    const skipUnmatched = operator === 'AND' && position > 0;
    // executeQuerySpec: the exact term, then its prefix matches, then its fuzzy matches, each over the fields.
    const score = (data: TermData | undefined, weight: number): void => {
      if (!data) return;
      for (const { fieldId, boost: fieldBoost } of fieldBoosts) {
        const freqs = data.get(fieldId);
        if (!freqs) continue;
        let matchingFields = freqs.size;
        const avgFieldLength = ix._avgFieldLength[fieldId] ?? 0;
        // MiniSearch computes this per posting from matchingFields, which only changes at a discarded document.
        let invDocFreq = Math.log(1 + (totalCount - matchingFields + 0.5) / (matchingFields + 0.5));
        freqs.forEach((termFreq, docId) => {
          // A discarded document's postings stay until vacuumed; MiniSearch skips them the same way.
          if (alive[docId] !== 1) {
            matchingFields -= 1;
            invDocFreq = Math.log(1 + (totalCount - matchingFields + 0.5) / (matchingFields + 0.5));
            return;
          }
          // AND: a document some earlier term did not match is not in the answer; its score is never read.
          if (skipUnmatched && (queryStamps[docId] !== queryStamp || matchedCounts[docId] !== position)) return;
          const fieldLength = lengths[docId * fieldCount + fieldId] ?? 0;
          const rawScore = invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / avgFieldLength)));
          const weighted = weight * 1 * fieldBoost * 1 * rawScore;
          if (termStamps[docId] === termStamp) termScores[docId] = (termScores[docId] ?? 0) + weighted;
          else {
            termStamps[docId] = termStamp;
            termScores[docId] = weighted;
            order.push(docId);
          }
        });
      }
    };
    score(ix._index.get(term), 1);
    const usePrefix = typeof prefix === 'function' ? prefix(term, position, terms) : prefix === true;
    const fuzzyOption = typeof fuzzy === 'function' ? fuzzy(term, position, terms) : (fuzzy ?? false);
    let fuzzyMatches: Map<string, [TermData, number]> | undefined;
    if (fuzzyOption !== false) {
      const f = fuzzyOption === true ? 0.2 : fuzzyOption;
      const maxDistance = f < 1 ? Math.min(maxFuzzy ?? DEFAULT_MAX_FUZZY, Math.round(term.length * f)) : f;
      if (maxDistance) fuzzyMatches = ix._index.fuzzyGet(term, maxDistance);
    }
    if (usePrefix) {
      for (const [derived, data] of ix._index.atPrefix(term)) {
        const distance = derived.length - term.length;
        if (!distance) continue;
        fuzzyMatches?.delete(derived);
        score(data, (prefixWeight * derived.length) / (derived.length + 0.3 * distance));
      }
    }
    if (fuzzyMatches) {
      for (const [derived, [data, distance]] of fuzzyMatches) {
        if (!distance) continue;
        score(data, (fuzzyWeight * derived.length) / (derived.length + distance));
      }
    }
    // combinators: OR adds to what earlier terms matched; AND keeps what every term matched, in this term's order.
    for (const docId of order) {
      const t = s.termScore[docId] ?? 0;
      if (s.queryStamp[docId] !== queryStamp) {
        s.queryStamp[docId] = queryStamp;
        s.total[docId] = t;
        s.matched[docId] = 1;
        s.mask[docId] = 1 << bit;
        orOrder.push(docId);
      } else {
        s.total[docId] = (s.total[docId] ?? 0) + t;
        s.matched[docId] = (s.matched[docId] ?? 0) + 1;
        s.mask[docId] = (s.mask[docId] ?? 0) | (1 << bit);
      }
    }
    lastTermOrder = order;
  }

  // search(): score × the number of distinct query terms matched, sorted by score (a stable sort: ties keep order).
  const candidates = operator === 'OR' ? orOrder : lastTermOrder.filter((docId) => s.matched[docId] === terms.length);
  const best: { docId: number; score: number }[] = [];
  for (const docId of candidates) {
    const final = (s.total[docId] ?? 0) * (popcount(s.mask[docId] ?? 0) || 1);
    if (best.length >= limit && final <= (best[best.length - 1]?.score ?? Infinity)) continue;
    // After every earlier one with the same score or more: the stable sort's place.
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((best[mid]?.score ?? 0) >= final) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, { docId, score: final });
    if (best.length > limit) best.pop();
  }
  return best.map(({ docId, score }) => ({ id: ix._documentIds.get(docId), score }));
}
