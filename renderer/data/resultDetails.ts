/**
 * What a search-result row needs to tell products apart — image, price (or price range), SKU and stock here —
 * for the hits on screen, read from the local database in indexed queries (products and stock by id, variants by exact product id) and summarised by a pure
 * function (unit-tested). Live: a price change or a sale updates the rows it touches.
 */
import { combineLatest, map, of, switchMap, type Observable } from 'rxjs';
import type { Money } from '../../shared/money';
import type { InventoryDoc, ProductDoc, VariantDoc } from '../../shared/schemas/collections';
import type { AisleDatabase } from './database';

export interface ResultDetails {
  image: string | null;
  /** Lowest and highest price over the product's variants (equal when there is one price). */
  priceMin: Money | null;
  priceMax: Money | null;
  /** The hit's variant SKU (a SKU or barcode hit), else the only variant's SKU, else null with `variantCount`. */
  sku: string | null;
  variantCount: number;
  /** Units available here over the variants shown; null when this store stocks none of them. */
  availableHere: number | null;
}

export interface DetailHit {
  id: string;
  variantId?: string | undefined;
}

export function summariseResult(hit: DetailHit, product: ProductDoc | undefined, variants: readonly VariantDoc[], stock: ReadonlyMap<string, InventoryDoc>): ResultDetails {
  const own = variants.filter((v) => v.productId === hit.id).sort((a, b) => a.position - b.position);
  const chosen = hit.variantId ? own.filter((v) => v.id === hit.variantId) : own;
  const priced = chosen.length > 0 ? chosen : own;
  let priceMin: Money | null = null;
  let priceMax: Money | null = null;
  for (const v of priced) {
    if (!priceMin || v.price.amount < priceMin.amount) priceMin = v.price;
    if (!priceMax || v.price.amount > priceMax.amount) priceMax = v.price;
  }
  let availableHere: number | null = null;
  for (const v of priced) {
    const row = stock.get(v.id);
    if (row) availableHere = (availableHere ?? 0) + Math.max(0, row.available);
  }
  const first = priced[0];
  const sku = priced.length === 1 && first ? first.sku : null;
  const image = (hit.variantId ? first?.image : null) ?? product?.images[0] ?? first?.image ?? null;
  return { image, priceMin, priceMax, sku, variantCount: own.length, availableHere };
}

/** Details for each hit, keyed by product id. */
export function resultDetails$(db: AisleDatabase, storeId: string, hits: readonly DetailHit[]): Observable<ReadonlyMap<string, ResultDetails>> {
  const productIds = [...new Set(hits.map((h) => h.id))];
  const products$ = db.collections.products!.findByIds(productIds).$;
  // One exact-match query per product, not `productId: {$in: [...]}`: RxDB plans an $in as the index range from
  // the smallest to the largest id, which for the scattered ids of a hit list is the whole variants table, read
  // and matched document by document (a full scan per keystroke at 100,000 variants; the scans queued behind
  // each other in IndexedDB and held a live price change back from the open detail for minutes).
  const variants$ = productIds.length === 0 ? of([]) : combineLatest(productIds.map((productId) => db.collections.variants!.find({ selector: { productId } }).$));
  return combineLatest([products$, variants$]).pipe(
    switchMap(([products, perProduct]) => {
      const variants = perProduct.flat().map((v) => v.toMutableJSON());
      return db.collections.inventory!.findByIds(variants.map((v) => `${storeId}:${v.id}`)).$.pipe(
        map((rows) => {
          const stock = new Map<string, InventoryDoc>();
          for (const row of rows.values()) stock.set(row.variantId, row.toMutableJSON());
          const out = new Map<string, ResultDetails>();
          for (const hit of hits) out.set(hit.id, summariseResult(hit, products.get(hit.id)?.toMutableJSON(), variants, stock));
          return out;
        }),
      );
    }),
  );
}
