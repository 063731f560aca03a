/**
 * What a search-result row needs to tell products apart — image, price (or price range), SKU and stock here —
 * for the hits on screen, read from the local database in indexed queries (products and stock by id, variants by exact product id) and summarised by a pure
 * function (unit-tested). Live: a price change or a sale updates the rows it touches.
 */
import { asyncScheduler, combineLatest, distinctUntilChanged, filter, from, map, merge, of, switchMap, throttleTime, timer, type Observable } from 'rxjs';
import type { Money } from '../../shared/money';
import type { InventoryDoc, ProductDoc, VariantDoc } from '../../shared/schemas/collections';
import type { RxChangeEventBulk } from 'rxdb/plugins/core';
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

/**
 * While a catch-up writes thousands of prices and stock levels slice by slice, the rows on screen would be
 * summarised and re-rendered once per slice: at most this often instead (the first answer is never delayed).
 */
export const RESULT_REFRESH_MS = 250;

const sameMoney = (a: Money | null, b: Money | null): boolean => a === b || (a !== null && b !== null && a.amount === b.amount && a.currency === b.currency);

/** Two summaries that show the same on screen. */
export function sameDetails(a: ResultDetails, b: ResultDetails): boolean {
  return a.image === b.image && sameMoney(a.priceMin, b.priceMin) && sameMoney(a.priceMax, b.priceMax) && a.sku === b.sku && a.variantCount === b.variantCount && a.availableHere === b.availableHere;
}

/** Two lists of ids with the same members in the same order. */
function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/**
 * How long a hit list must stay on screen before its details are read. Every keystroke makes a new hit list, and a
 * query RxDB has started runs to its end even when nobody listens any more: without the wait, typing queued one
 * set of reads per keystroke (50 hits, ~52 IndexedDB transactions), and a live write on the same tables waited
 * behind all of them.
 */
export const DETAILS_DELAY_MS = 120;

/** Details for each hit, keyed by product id (read once the hits have been shown for DETAILS_DELAY_MS). */
export function resultDetails$(db: AisleDatabase, storeId: string, hits: readonly DetailHit[], delayMs = DETAILS_DELAY_MS): Observable<ReadonlyMap<string, ResultDetails>> {
  return timer(delayMs).pipe(switchMap(() => readDetails$(db, storeId, hits)));
}

/**
 * The details, live.
 *
 * The hits' variants are read with one exact `productId` query per product and then watched by id. Not one
 * `productId: {$in: [...]}` query: RxDB plans an $in as the index range from the smallest to the largest id, which
 * for the scattered ids of a hit list is the whole variants table, read and matched document by document (a full
 * scan per keystroke at 100,000 variants; the scans queued behind each other in IndexedDB and held a live price
 * change back from the open detail for minutes). Not 50 open per-product queries either: an open query is
 * re-evaluated on every change bulk of its collection (and executed again in full when a bulk has more events than
 * its change buffer holds, 100), 50 times per slice of a catch-up. Watched by id, three open queries follow the
 * rows on screen, each re-read by primary key. A variant added to one of these products is seen by its change
 * event, and the variants are read again.
 */
function readDetails$(db: AisleDatabase, storeId: string, hits: readonly DetailHit[]): Observable<ReadonlyMap<string, ResultDetails>> {
  const productIds = [...new Set(hits.map((h) => h.id))];
  const wanted = new Set(productIds);
  const variants = db.collections.variants!;
  const readVariantIds = async (): Promise<string[]> => {
    const lists = await Promise.all(productIds.map((productId) => variants.find({ selector: { productId } }).exec()));
    return lists.flat().map((v) => v.id).sort();
  };
  const joined$ = variants.eventBulks$.pipe(filter((bulk: RxChangeEventBulk<VariantDoc>) => bulk.events.some((e) => e.operation !== 'DELETE' && wanted.has(e.documentData.productId) && !(e.previousDocumentData && wanted.has(e.previousDocumentData.productId)))));
  const variantIds$ = merge(of(null), joined$).pipe(
    switchMap(() => from(readVariantIds())),
    distinctUntilChanged(sameIds),
  );
  const products$ = db.collections.products!.findByIds(productIds).$;
  // A row whose summary did not change keeps its object, so its memoised row does not re-render (SearchScreen.tsx).
  let shown = new Map<string, ResultDetails>();
  return variantIds$.pipe(
    switchMap((variantIds) =>
      combineLatest([products$, variants.findByIds([...variantIds]).$, db.collections.inventory!.findByIds(variantIds.map((id) => `${storeId}:${id}`)).$]).pipe(
        map(([products, variantDocs, rows]) => {
          const own = [...variantDocs.values()].map((v) => v.toMutableJSON());
          const stock = new Map<string, InventoryDoc>();
          for (const row of rows.values()) stock.set(row.variantId, row.toMutableJSON());
          const out = new Map<string, ResultDetails>();
          for (const hit of hits) {
            const next = summariseResult(hit, products.get(hit.id)?.toMutableJSON(), own, stock);
            const before = shown.get(hit.id);
            out.set(hit.id, before && sameDetails(before, next) ? before : next);
          }
          shown = out;
          return out;
        }),
      ),
    ),
    throttleTime(RESULT_REFRESH_MS, asyncScheduler, { leading: true, trailing: true }),
  );
}
