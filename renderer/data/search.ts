/**
 * Answers a search box entry (see searchPlan.ts for how it is classified):
 * - barcode → the in-memory barcode map (barcodeMap.ts; exact, normalised GTIN-14), waiting for it to load at launch;
 * - text → the in-memory product index (searchIndex.ts) plus a SKU prefix range on the variants.sku index (for a
 *   word of letters only, only when the index finds nothing).
 * Measured per call (metrics.searchMs) for the keystroke-to-results benchmark.
 */
import type { RxCollection } from 'rxdb/plugins/core';
import type { ProductDoc, VariantDoc } from '../../shared/schemas/collections';
import { planSearch, prefixUpperBound, type SearchPlan } from './searchPlan';
import type { BarcodeMap, VariantRef } from './barcodeMap';
import type { ProductSearchIndex } from './searchIndex';
import { MAX_HITS, searchProducts, type ProductHit } from './productSearch';

export interface SearchHit extends ProductHit {
  /** Set when the hit came from a SKU or barcode: the variant to select on the product page. */
  variantId?: string;
  sku?: string;
}

export interface SearchOutcome {
  query: string;
  plan: SearchPlan;
  hits: SearchHit[];
  /** A barcode that names exactly one variant: Enter opens its product directly. */
  barcodeMatch: { productId: string; variantId: string } | null;
  tookMs: number;
}

export { MAX_HITS } from './productSearch';
const SKU_HITS = 8;

export interface SearchMetrics {
  searchMs: number[];
  /** The SKU prefix part of each text search (IndexedDB range reads), ms: the part that waits on IndexedDB. */
  skuMs: number[];
}

function keepRecent(xs: number[], x: number): void {
  xs.push(x);
  if (xs.length > 1000) xs.splice(0, xs.length - 1000);
}

export class SearchService {
  readonly metrics: SearchMetrics = { searchMs: [], skuMs: [] };

  constructor(
    private readonly index: ProductSearchIndex,
    private readonly products: RxCollection<ProductDoc>,
    private readonly variants: RxCollection<VariantDoc>,
    private readonly barcodes: BarcodeMap | null = null,
  ) {}

  private async productHit(productId: string): Promise<ProductHit | null> {
    const stored = this.index.index.getStoredFields(productId);
    if (stored) {
      const { title, brand, category } = stored;
      if (typeof title === 'string' && typeof brand === 'string' && typeof category === 'string') return { id: productId, title, brand, category, score: 1 };
    }
    const doc = await this.products.findOne(productId).exec();
    return doc ? { id: doc.id, title: doc.title, brand: doc.brand, category: doc.category, score: 1 } : null;
  }

  async search(query: string): Promise<SearchOutcome> {
    const started = performance.now();
    const plan = planSearch(query);
    let hits: SearchHit[] = [];
    let barcodeMatch: SearchOutcome['barcodeMatch'] = null;
    if (plan.kind === 'barcode') {
      const ref = await this.lookupGtin(plan.gtin);
      if (ref) {
        const [hit, variant] = await Promise.all([this.productHit(ref.productId), this.variants.findOne(ref.variantId).exec()]);
        // The map may hold a barcode the variant lost while the app was closed (barcodeMap.ts): check it.
        if (variant?.gtin === plan.gtin) {
          barcodeMatch = ref;
          if (hit) hits = [{ ...hit, variantId: ref.variantId, sku: variant.sku }];
        }
      }
    } else if (plan.kind === 'text') {
      // A single character matches most of the catalog by prefix; it tells nobody anything yet.
      const textHits = plan.text.length >= 2 ? searchProducts(this.index.index, plan.text, MAX_HITS) : [];
      const skuHits: SearchHit[] = [];
      const skuStarted = performance.now();
      // A word of letters only that names products is not read as a SKU (searchPlan.ts says why).
      const prefixes = plan.skuOnlyIfNoText && textHits.length > 0 ? [] : plan.skuPrefixes;
      // The text as typed and in capitals (SKUs are mostly codes in capitals): both ranges read at once, each one
      // IndexedDB round trip, instead of one after the other. The first prefix with hits wins, as before.
      const ranges = await Promise.all(prefixes.map((prefix) => this.variants.find({ selector: { sku: { $gte: prefix, $lt: prefixUpperBound(prefix) } }, sort: [{ sku: 'asc' }], limit: SKU_HITS }).exec()));
      for (const found of ranges) {
        for (const v of found) {
          if (skuHits.some((h) => h.id === v.productId)) continue;
          const hit = await this.productHit(v.productId);
          if (hit) skuHits.push({ ...hit, variantId: v.id, sku: v.sku });
        }
        if (skuHits.length > 0) break;
      }
      if (prefixes.length > 0) keepRecent(this.metrics.skuMs, performance.now() - skuStarted);
      const seen = new Set(skuHits.map((h) => h.id));
      hits = [...skuHits, ...textHits.filter((h) => !seen.has(h.id))].slice(0, MAX_HITS);
    }
    const tookMs = performance.now() - started;
    keepRecent(this.metrics.searchMs, tookMs);
    return { query, plan, hits, barcodeMatch, tookMs };
  }

  /**
   * Exact barcode lookup for a scan or typed barcode + Enter. Also reads the product and its variants (the
   * same queries the detail screen subscribes to, so RxDB's query cache answers those at once): the detail
   * then appears complete in one render instead of loading in steps.
   */
  async findByBarcode(query: string): Promise<{ productId: string; variantId: string } | null> {
    const plan = planSearch(query);
    if (plan.kind !== 'barcode') return null;
    const ref = await this.lookupGtin(plan.gtin);
    if (!ref) return null;
    const [, variants] = await Promise.all([this.products.findOne(ref.productId).exec(), this.variants.find({ selector: { productId: ref.productId } }).exec()]);
    // The map may hold a barcode the variant lost while the app was closed (barcodeMap.ts): check it.
    return variants.some((v) => v.id === ref.variantId && v.gtin === plan.gtin) ? ref : null;
  }

  private async lookupGtin(gtin: string): Promise<VariantRef | null> {
    if (this.barcodes) {
      // variants keeps no gtin index (it costs first-sync write time): until the map has loaded, wait for it.
      if (!this.barcodes.filled) await this.barcodes.ready;
      return this.barcodes.get(gtin) ?? null;
    }
    // Without a map (tests of the search alone): a scan of the collection, never on the app's path.
    const variant = await this.variants.findOne({ selector: { gtin } }).exec();
    return variant ? { productId: variant.productId, variantId: variant.id } : null;
  }
}
