/**
 * The product search index as one snapshot buffer (snapshotCodec.ts) and back, without MiniSearch's toJSON() /
 * loadJS(): those go through a plain object keyed by strings (every document id, every posting), which
 * structured clone has to build and loadJS then takes apart again with Object.keys and parseInt. Here the index's
 * own maps are written as numbers and strings and rebuilt directly.
 *
 * This reads and fills MiniSearch's private fields (pinned at 7.2.0 in package.json). productSnapshot.test.ts
 * fails if they change: a decoded index must serialise (toJSON) exactly as the one encoded, and search alike.
 * decodeProductIndex also checks their shape at run time and throws, so a different MiniSearch makes the launch
 * read every product instead of answering from a broken index.
 */
import MiniSearch from 'minisearch';
import { productSearchOptions, type ProductIndexDoc } from './productSearch';
import { SnapshotFormatError, SnapshotReader, SnapshotWriter } from './snapshotCodec';

/**
 * Where format 1 (MiniSearch's toJSON()) was kept: searchIndex.ts deletes it once it has written format 2, so a
 * device upgraded in place does not keep a dead record of megabytes for ever.
 */
export const FORMAT1_PRODUCT_SNAPSHOT_KEY = 'products';

/** The frame's kind for a product index. */
const KIND_PRODUCT_INDEX = 1;

type FieldIndex = Map<number, Map<number, number>>;

/** The fields of MiniSearch 7 this reads and fills. */
interface MiniSearchInternals {
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _storedFields: Map<number, Record<string, unknown>>;
  _dirtCount: number;
  _index: { set(term: string, data: FieldIndex): unknown; [Symbol.iterator](): Iterator<[string, FieldIndex]> };
}

function internals(mini: MiniSearch<ProductIndexDoc>): MiniSearchInternals {
  const m = mini as unknown as MiniSearchInternals;
  if (!(m._documentIds instanceof Map) || !(m._idToShortId instanceof Map) || !(m._fieldLength instanceof Map) || !(m._storedFields instanceof Map) || typeof m._index?.set !== 'function' || typeof m._documentCount !== 'number') {
    throw new SnapshotFormatError('this MiniSearch keeps its index differently (not 7.x?)');
  }
  return m;
}

const STORED = ['title', 'brand', 'category'] as const;

/** Values that repeat (a brand, a category, often a title) are written once and referred to by number. */
class Dictionary {
  readonly values: string[] = [];
  private readonly numbers = new Map<string, number>();
  of(value: string): number {
    let n = this.numbers.get(value);
    if (n === undefined) {
      n = this.values.length;
      this.numbers.set(value, n);
      this.values.push(value);
    }
    return n;
  }
}

export function encodeProductIndex(mini: MiniSearch<ProductIndexDoc>): ArrayBuffer {
  const m = internals(mini);
  const fields = Object.entries(m._fieldIds).sort((a, b) => a[1] - b[1]);
  const w = new SnapshotWriter();
  w.uint(m._documentCount);
  w.uint(m._nextId);
  w.uint(m._dirtCount);
  w.uint(fields.length);
  for (const [name, id] of fields) {
    w.str(name);
    w.uint(id);
  }
  // Average field lengths are fractions: kept as text, exactly as JSON would (an empty index has none).
  w.uint(m._avgFieldLength.length);
  for (const average of m._avgFieldLength) w.str(String(average));
  const stored = STORED.map(() => new Dictionary());
  const docs: { shortId: number; id: string; values: number[]; lengths: number[] }[] = [];
  for (const [shortId, id] of m._documentIds) {
    if (typeof id !== 'string') throw new SnapshotFormatError(`document id ${String(id)} is not a string`);
    const fieldsOf = m._storedFields.get(shortId);
    const values = STORED.map((key, i) => {
      const value = fieldsOf?.[key];
      return stored[i]!.of(typeof value === 'string' ? value : '');
    });
    docs.push({ shortId, id, values, lengths: m._fieldLength.get(shortId) ?? [] });
  }
  for (const dictionary of stored) {
    w.uint(dictionary.values.length);
    for (const value of dictionary.values) w.str(value);
  }
  w.uint(docs.length);
  let previousShortId = 0;
  let previousId = '';
  for (const doc of docs) {
    w.int(doc.shortId - previousShortId);
    w.strAfter(doc.id, previousId);
    for (const value of doc.values) w.uint(value);
    for (let f = 0; f < fields.length; f++) w.uint(doc.lengths[f] ?? 0);
    previousShortId = doc.shortId;
    previousId = doc.id;
  }
  const terms = [...m._index];
  w.uint(terms.length);
  for (const [term, fieldIndex] of terms) {
    w.str(term);
    w.uint(fieldIndex.size);
    for (const [fieldId, postings] of fieldIndex) {
      w.uint(fieldId);
      w.uint(postings.size);
      // Postings are mostly in ascending order of short id: their deltas take a byte or two.
      let previous = 0;
      for (const [shortId, frequency] of postings) {
        w.int(shortId - previous);
        w.uint(frequency);
        previous = shortId;
      }
    }
  }
  return w.finish(KIND_PRODUCT_INDEX);
}

/** The index a buffer from encodeProductIndex holds; throws SnapshotFormatError on anything else. */
export function decodeProductIndex(buffer: unknown): MiniSearch<ProductIndexDoc> {
  const r = new SnapshotReader(buffer, KIND_PRODUCT_INDEX);
  const documentCount = r.uint();
  const nextId = r.uint();
  const dirtCount = r.uint();
  const fieldCount = r.uint();
  const fieldIds: Record<string, number> = {};
  const averageFieldLength: number[] = [];
  for (let i = 0; i < fieldCount; i++) {
    const name = r.str();
    fieldIds[name] = r.uint();
  }
  for (let n = r.uint(); n > 0; n--) averageFieldLength.push(Number(r.str()));
  const expected = productSearchOptions().fields;
  if (fieldCount !== expected.length || expected.some((f, i) => fieldIds[f] !== i)) throw new SnapshotFormatError(`indexes fields ${Object.keys(fieldIds).join(',')}, not ${expected.join(',')}`);
  // An empty index of the same options, its counters set the way MiniSearch's own loadJS sets them.
  const mini = MiniSearch.loadJS<ProductIndexDoc>({ documentCount, nextId, documentIds: {}, fieldIds, fieldLength: {}, averageFieldLength, storedFields: {}, dirtCount, index: [], serializationVersion: 2 }, productSearchOptions());
  const m = internals(mini);
  const dictionaries = STORED.map(() => {
    const values: string[] = [];
    for (let n = r.uint(); n > 0; n--) values.push(r.str());
    return values;
  });
  const [titles, brands, categories] = dictionaries as [string[], string[], string[]];
  const value = (values: string[]): string => {
    const v = values[r.uint()];
    if (v === undefined) throw new SnapshotFormatError('a stored field refers to no value');
    return v;
  };
  let shortId = 0;
  let id = '';
  for (let d = r.uint(); d > 0; d--) {
    shortId += r.int();
    id = r.strAfter(id);
    const title = value(titles);
    const brand = value(brands);
    const category = value(categories);
    const lengths: number[] = [];
    for (let f = 0; f < fieldCount; f++) lengths.push(r.uint());
    m._documentIds.set(shortId, id);
    m._idToShortId.set(id, shortId);
    m._storedFields.set(shortId, { title, brand, category });
    m._fieldLength.set(shortId, lengths);
  }
  for (let t = r.uint(); t > 0; t--) {
    const term = r.str();
    const data: FieldIndex = new Map();
    for (let f = r.uint(); f > 0; f--) {
      const fieldId = r.uint();
      const postings = new Map<number, number>();
      let posting = 0;
      for (let n = r.uint(); n > 0; n--) {
        posting += r.int();
        postings.set(posting, r.uint());
      }
      data.set(fieldId, postings);
    }
    m._index.set(term, data);
  }
  r.end();
  if (m._documentIds.size !== documentCount) throw new SnapshotFormatError(`${m._documentIds.size} documents, the header says ${documentCount}`);
  return mini;
}
