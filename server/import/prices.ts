/**
 * Changing one variant's price on the central catalog: the admin CLI's `set-price`, and the way tests and
 * demos simulate a price change that every device must receive. The variant document is rewritten through
 * writeDocs, so it gets a new revision and live devices pull it.
 */
import type { Db } from '../db/db';
import type { Money } from '../../shared/money';
import { isMoney, parseDecimalMoney } from '../../shared/money';
import { AisleError } from '../../shared/errors';
import { writeDocs } from '../sync/revisions';

/**
 * A decimal price as people and CSV exports write it ("19.99", "1,299.00"). parseDecimalMoney drops every
 * comma, so "25,50" (a decimal comma) would become 2550.00: commas are accepted only as thousands separators.
 */
export function parsePrice(text: string, currency: string): Money | null {
  const t = text.trim();
  if (t.includes(',') && !/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(t)) return null;
  return parseDecimalMoney(t, currency);
}

export interface PriceChange {
  variantId: string;
  productId: string;
  sku: string;
  previous: Money;
  price: Money;
}

/** `price` is Money, or a decimal string ("19.99") in the variant's own currency. */
export async function setVariantPrice(db: Db, sku: string, price: Money | string, updatedBy = 'admin'): Promise<PriceChange> {
  if (sku.trim() === '') throw new AisleError('BAD_REQUEST', 'a SKU is required');
  return db.transaction(async (tx) => {
    const res = await tx.query<{ id: string; data: Record<string, unknown> }>(
      `SELECT id, data FROM docs WHERE collection = 'variants' AND NOT deleted AND data->>'sku' = $1 ORDER BY id FOR UPDATE`,
      [sku],
    );
    const row = res.rows[0];
    if (!row) throw new AisleError('NOT_FOUND', `no variant with SKU ${sku}`);
    if (res.rows.length > 1) throw new AisleError('CONFLICT', `SKU ${sku} is on several variants (${res.rows.map((r) => r.id).join(', ')}); fix the catalog first`);
    const previous = row.data['price'];
    if (!isMoney(previous)) throw new AisleError('INTERNAL', `variant ${row.id} has no valid price`);
    const next = typeof price === 'string' ? parsePrice(price, previous.currency) : price;
    if (!next || next.amount < 0) throw new AisleError('BAD_REQUEST', `"${typeof price === 'string' ? price : price.amount}" is not a price; expected a decimal such as 19.99`);
    if (next.currency !== previous.currency) throw new AisleError('BAD_REQUEST', `variant ${row.id} is priced in ${previous.currency}, not ${next.currency}`);
    const data = { ...row.data, price: next, updatedAt: new Date().toISOString() };
    await writeDocs(tx, 'variants', [{ id: row.id, scope: '', data }], updatedBy);
    return { variantId: row.id, productId: typeof row.data['productId'] === 'string' ? row.data['productId'] : '', sku, previous, price: next };
  });
}
