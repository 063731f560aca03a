/**
 * Decides how a search box entry is answered. A valid GTIN in any rendering (UPC-A, EAN-13, GTIN-14, UPC-E,
 * EAN-8, with spaces or dashes as printed) is a barcode: it is looked up exactly, by the normalised GTIN-14, in
 * the indexed variants.gtin field. Anything else is text for the product index, and is also tried as a SKU
 * prefix (SKUs are codes such as "ACM-00042-01", so a prefix range over the sku index finds them as you type);
 * a word of letters only is tried as a SKU only when the text finds nothing.
 */
import { toGtin14 } from '../../shared/gtin';

export type SearchPlan =
  | { kind: 'empty' }
  | { kind: 'barcode'; gtin: string; raw: string }
  | { kind: 'text'; text: string; skuPrefixes: string[]; skuOnlyIfNoText: boolean };

const MAX_QUERY = 200;

export function planSearch(input: string): SearchPlan {
  const raw = input.trim().slice(0, MAX_QUERY);
  if (raw === '') return { kind: 'empty' };
  const compact = raw.replace(/[\s-]/g, '');
  if (/^\d{8,14}$/.test(compact)) {
    const gtin = toGtin14(compact);
    if (gtin) return { kind: 'barcode', gtin, raw };
  }
  // SKUs have no spaces; a short fragment ("a") would match thousands, so wait for two characters.
  // SKUs are usually upper case but not always: try the text as typed and upper-cased.
  const skuPrefixes = /^[A-Za-z0-9][A-Za-z0-9._/-]+$/.test(raw) ? [...new Set([raw, raw.toUpperCase()])] : [];
  // A word of letters only ("Pulse", "ACM") that names products is a word: its SKU ranges are read only when the
  // text finds nothing. Each range is an IndexedDB round trip, and under load those were most of a keystroke's
  // wait (foundation bench, 20,000 variants, load ~10: SKU ranges p50 33 ms / p95 343 ms against 6 / 129 ms for the
  // whole search). A SKU is recognised as soon as it has a digit or a separator ("ACM-", "ACM0").
  const skuOnlyIfNoText = /^[A-Za-z]+$/.test(raw);
  return { kind: 'text', text: raw, skuPrefixes, skuOnlyIfNoText };
}

/** The upper bound of a prefix range over a string index: every string starting with `prefix` sorts below it. */
export function prefixUpperBound(prefix: string): string {
  return prefix + '\uffff';
}
