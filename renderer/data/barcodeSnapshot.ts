/**
 * The barcode map (barcodeMap.ts) as one snapshot buffer (snapshotCodec.ts) and back. No RxDB here: the start-up
 * path reads it together with the search index's snapshot, so a scan answers before the database is open
 * (earlySearch.ts). Product ids are written once each (a product has several variants) and referred to by number.
 */
import { SnapshotFormatError, SnapshotReader, SnapshotWriter } from './snapshotCodec';

/** The barcode map's record in the snapshot store, and its format (1, under 'barcodes', was three string arrays). */
export const BARCODE_SNAPSHOT_KEY = 'barcodes.v2';
export const BARCODE_SNAPSHOT_FORMAT = 2;
/** Format 1's record: barcodeMap.ts deletes it once it has written format 2 (see FORMAT1_PRODUCT_SNAPSHOT_KEY). */
export const FORMAT1_BARCODE_SNAPSHOT_KEY = 'barcodes';

const KIND_BARCODES = 2;

export interface VariantRef {
  productId: string;
  variantId: string;
}

export function encodeBarcodes(map: ReadonlyMap<string, VariantRef>): ArrayBuffer {
  // In barcode order: a product's variants are then mostly consecutive, and each variant id shares most of its
  // characters with the one before. Barcodes are written whole: a key built by concatenation (prefix + rest) cost
  // more to put into the Map than the bytes it saved (measured, docs/performance.md).
  const entries = [...map].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const products = new Map<string, number>();
  for (const [, ref] of entries) if (!products.has(ref.productId)) products.set(ref.productId, products.size);
  const w = new SnapshotWriter();
  w.uint(products.size);
  let previous = '';
  for (const id of products.keys()) {
    w.strAfter(id, previous);
    previous = id;
  }
  w.uint(entries.length);
  let previousVariant = '';
  let previousProduct = 0;
  for (const [gtin, ref] of entries) {
    w.str(gtin);
    const product = products.get(ref.productId) ?? 0;
    w.int(product - previousProduct);
    w.strAfter(ref.variantId, previousVariant);
    previousVariant = ref.variantId;
    previousProduct = product;
  }
  return w.finish(KIND_BARCODES);
}

/**
 * Fills `into` from a buffer of encodeBarcodes; throws SnapshotFormatError on anything else (`into` then partly
 * filled). With `yieldEvery`, it gives the thread back (a macrotask) after every that many barcodes: at 100k the
 * decode is a few hundred milliseconds on a loaded machine, and it runs while the start-up screen must still
 * answer what is being typed (bench:cold-start: the first search's rows waited for it).
 */
export async function decodeBarcodes(buffer: unknown, into: Map<string, VariantRef>, yieldEvery = Infinity): Promise<void> {
  const r = new SnapshotReader(buffer, KIND_BARCODES);
  const products: string[] = [];
  let previous = '';
  for (let n = r.uint(); n > 0; n--) products.push((previous = r.strAfter(previous)));
  let variantId = '';
  let product = 0;
  let sinceYield = 0;
  for (let n = r.uint(); n > 0; n--) {
    const gtin = r.str();
    product += r.int();
    const productId = products[product];
    if (productId === undefined) throw new SnapshotFormatError('a barcode refers to no product');
    variantId = r.strAfter(variantId);
    into.set(gtin, { productId, variantId });
    if (++sinceYield >= yieldEvery) {
      sinceYield = 0;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  r.end();
}
