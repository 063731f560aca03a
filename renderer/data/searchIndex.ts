/**
 * The product search index: MiniSearch over title, brand and category of every product (20k products in the
 * design target), prefix + fuzzy, kept in step with the products collection by applying each change event
 * (add / replace / discard) — never rebuilt on a change. Variants (100k) are not in here: SKU and barcode are
 * answered by indexed RxDB queries (see search.ts), which keeps this index small.
 *
 * At startup the index is filled from IndexedDB in pages, yielding between pages so the UI stays responsive;
 * change events that arrive meanwhile are queued and applied afterwards, so none is lost.
 */
import MiniSearch from 'minisearch';
import { BehaviorSubject, type Subscription } from 'rxjs';
import type { RxCollection } from 'rxdb/plugins/core';
import type { ProductDoc } from '../../shared/schemas/collections';
import { readAllPages } from './bulkRead';

export interface ProductIndexDoc {
  id: string;
  title: string;
  brand: string;
  category: string;
}

export interface ProductHit extends ProductIndexDoc {
  score: number;
}

const PAGE = 5000;

export function createProductMiniSearch(): MiniSearch<ProductIndexDoc> {
  return new MiniSearch<ProductIndexDoc>({
    fields: ['title', 'brand', 'category'],
    storeFields: ['title', 'brand', 'category'],
    searchOptions: {
      prefix: true,
      // Fuzzy matching on short terms matches nearly everything and costs the most time: only from 4 letters.
      fuzzy: (term) => (term.length >= 4 ? 0.2 : false),
      boost: { title: 2, brand: 1.5 },
      combineWith: 'AND',
    },
  });
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

/** Text search over an index; AND first (narrowing as you type), OR when AND finds nothing. */
export function searchProducts(index: MiniSearch<ProductIndexDoc>, text: string, limit: number): ProductHit[] {
  let results = index.search(text);
  if (results.length === 0) results = index.search(text, { combineWith: 'OR' });
  const hits: ProductHit[] = [];
  for (const r of results) {
    if (hits.length >= limit) break;
    const id: unknown = r.id;
    const hit = hitFrom(id, r.score, index.getStoredFields(id));
    if (hit) hits.push(hit);
  }
  return hits;
}

export class ProductSearchIndex {
  readonly index = createProductMiniSearch();
  /** Bumped after every applied change, so open searches can refresh (e.g. during the first sync). */
  readonly version$ = new BehaviorSubject(0);
  readonly ready: Promise<void>;
  buildMs = 0;
  readVia: 'dexie' | 'rxdb' | null = null;
  private subscription: Subscription | null = null;
  private closed = false;

  constructor(private readonly products: RxCollection<ProductDoc>) {
    this.ready = this.build();
  }

  private apply(op: 'INSERT' | 'UPDATE' | 'DELETE', id: string, doc: ProductDoc | undefined): void {
    if (op === 'DELETE' || !doc) {
      if (this.index.has(id)) this.index.discard(id);
      return;
    }
    const indexDoc = toIndexDoc(doc);
    if (this.index.has(id)) this.index.replace(indexDoc);
    else this.index.add(indexDoc);
  }

  private async build(): Promise<void> {
    const started = performance.now();
    const queued: { op: 'INSERT' | 'UPDATE' | 'DELETE'; id: string; doc: ProductDoc | undefined }[] = [];
    let live = false;
    let bumpScheduled = false;
    const bump = (): void => {
      // Many events arrive per replication batch: one refresh per frame is enough.
      if (bumpScheduled) return;
      bumpScheduled = true;
      setTimeout(() => {
        bumpScheduled = false;
        this.version$.next(this.version$.value + 1);
      }, 100);
    };
    // Subscribe before reading, so a change that lands during the initial read is applied afterwards.
    this.subscription = this.products.$.subscribe((event) => {
      const doc = event.operation === 'DELETE' ? undefined : event.documentData;
      if (live) {
        this.apply(event.operation, event.documentId, doc);
        bump();
      } else queued.push({ op: event.operation, id: event.documentId, doc });
    });
    this.readVia = await readAllPages(this.products, PAGE, (rows) => {
      for (const row of rows) {
        const doc = indexDocFromRow(row);
        if (doc && !this.index.has(doc.id)) this.index.add(doc);
      }
    }, () => this.closed);
    if (this.closed) return;
    live = true;
    for (const q of queued) this.apply(q.op, q.id, q.doc);
    this.buildMs = performance.now() - started;
    this.version$.next(this.version$.value + 1);
  }

  close(): void {
    this.closed = true;
    this.subscription?.unsubscribe();
  }
}
