/**
 * Stable document ids for imported products and variants. They are derived from the Shopify handle and the
 * SKU (or option values), so importing the same export again updates the same documents instead of
 * creating duplicates, and they always fit the schemas' 64-character id limit.
 */
import { createHash } from 'node:crypto';

export const MAX_ID_LENGTH = 64;

export function idSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Joins the parts; when too long, keeps a readable prefix and appends a hash of the whole so ids stay unique. */
export function boundedId(prefix: string, ...parts: string[]): string {
  const id = prefix + parts.join('_');
  if (id.length <= MAX_ID_LENGTH) return id;
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 12);
  return `${id.slice(0, MAX_ID_LENGTH - hash.length - 1)}~${hash}`;
}

export function productIdForHandle(handle: string): string {
  return boundedId('prod_', idSlug(handle));
}

export function variantIdFor(handle: string, sku: string, optionValues: readonly string[]): string {
  const key = sku !== '' ? idSlug(sku) : optionValues.map(idSlug).join('-');
  return boundedId('var_', idSlug(handle), key === '' ? 'default' : key);
}
