/**
 * The product search index's shape and the text search over it: MiniSearch over title, brand and category, prefix
 * + fuzzy. Kept apart from searchIndex.ts (which keeps the index in step with RxDB) and free of RxDB, so the
 * start-up path can answer a search from the restored snapshot before RxDB has loaded (earlySearch.ts).
 */
import MiniSearch, { type Options } from 'minisearch';
import type { ProductDoc } from '../../shared/schemas/collections';
import { topHits, type TopHit } from './productTopHits';

/**
 * The search index's record in the snapshot store (snapshots.ts), and its format: 2 is one buffer
 * (productSnapshot.ts). Format 1 (MiniSearch's toJSON(), structured-cloned) was under the key 'products' and is no
 * longer read; a new key lets the previous build keep its own snapshot beside this one (bench:cold-start runs both
 * on one profile). The old record is deleted once this one has been written (FORMAT1_PRODUCT_SNAPSHOT_KEY).
 */
export const PRODUCT_SNAPSHOT_KEY = 'products.v2';
export const PRODUCT_SNAPSHOT_FORMAT = 2;
/** The most hits a search returns. */
export const MAX_HITS = 50;

export interface ProductIndexDoc {
  id: string;
  title: string;
  brand: string;
  category: string;
}

export interface ProductHit extends ProductIndexDoc {
  score: number;
}

export function productSearchOptions(): Options<ProductIndexDoc> {
  return {
    fields: ['title', 'brand', 'category'],
    storeFields: ['title', 'brand', 'category'],
    searchOptions: {
      prefix: true,
      // Fuzzy matching on short terms matches nearly everything and costs the most time: only from 4 letters.
      fuzzy: (term) => (term.length >= 4 ? 0.2 : false),
      boost: { title: 2, brand: 1.5 },
      combineWith: 'AND',
    },
  };
}

export function createProductMiniSearch(): MiniSearch<ProductIndexDoc> {
  return new MiniSearch<ProductIndexDoc>(productSearchOptions());
}

export function toIndexDoc(doc: Pick<ProductDoc, 'id' | 'title' | 'brand' | 'category'>): ProductIndexDoc {
  return { id: doc.id, title: doc.title, brand: doc.brand, category: doc.category };
}

/** A stored row as read by bulkRead (our own database, but checked: a bad row is skipped, not indexed as junk). */
export function indexDocFromRow(row: Record<string, unknown>): ProductIndexDoc | null {
  const { id, title, brand, category } = row;
  if (typeof id !== 'string' || typeof title !== 'string' || typeof brand !== 'string' || typeof category !== 'string') return null;
  return { id, title, brand, category };
}

function hitFrom(id: unknown, score: number, fields: Record<string, unknown> | undefined): ProductHit | null {
  if (typeof id !== 'string' || !fields) return null;
  const { title, brand, category } = fields;
  return { id, score, title: typeof title === 'string' ? title : '', brand: typeof brand === 'string' ? brand : '', category: typeof category === 'string' ? category : '' };
}

const FIELDS = productSearchOptions().fields;
const SEARCH_OPTIONS = productSearchOptions().searchOptions ?? {};

/** The first `limit` results of `index.search(text, { combineWith })`: computed by topHits, else by MiniSearch itself. */
function ranked(index: MiniSearch<ProductIndexDoc>, text: string, combineWith: 'AND' | 'OR', limit: number): TopHit[] {
  return topHits(index, text, { ...SEARCH_OPTIONS, combineWith }, FIELDS, limit) ?? index.search(text, { combineWith }).slice(0, limit);
}

/** Text search over an index; AND first (narrowing as you type), OR when AND finds nothing. */
export function searchProducts(index: MiniSearch<ProductIndexDoc>, text: string, limit: number): ProductHit[] {
  let results = ranked(index, text, 'AND', limit);
  if (results.length === 0) results = ranked(index, text, 'OR', limit);
  const hits: ProductHit[] = [];
  for (const r of results) {
    const id: unknown = r.id;
    const hit = hitFrom(id, r.score, index.getStoredFields(id));
    if (hit) hits.push(hit);
  }
  return hits;
}
