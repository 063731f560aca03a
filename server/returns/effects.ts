/**
 * What a settled return changes besides the ledger, in the settling transaction (so each happens exactly once, with
 * the `returns` row that gates it): store-credit balances, gift cards, the non-sellable return stock, the order's
 * refunded total, and the per-variant stock delta the caller applies to this store's inventory documents.
 *
 * Store credit is a server balance (store_credit_entries, summed onto customers.store_credit). A credit a counter
 * issued offline is "pending" on the device and does not exist here until the return syncs and settles: nothing
 * can spend it before then.
 */
import type { Queryable } from '../db/db';
import type { Disposition, RefundAllocation, ReturnLine, ReturnableSale } from '../../shared/returns/types';

export async function creditStore(tx: Queryable, customerId: string, amount: number, currency: string, returnId: string, at: Date): Promise<void> {
  const res = await tx.query('INSERT INTO store_credit_entries (id, customer_id, amount, currency, return_id, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING RETURNING id', [
    `sc_${returnId}`,
    customerId,
    amount,
    currency,
    returnId,
    at.toISOString(),
  ]);
  if (res.rows.length === 1) await tx.query('UPDATE customers SET store_credit = store_credit + $2, updated_at = $3 WHERE id = $1', [customerId, amount, at.toISOString()]);
}

export async function storeCreditBalance(q: Queryable, customerId: string): Promise<number> {
  const res = await q.query<{ balance: string | number | null }>('SELECT sum(amount) AS balance FROM store_credit_entries WHERE customer_id = $1', [customerId]);
  return Number(res.rows[0]?.balance ?? 0);
}

/** A gift card for the refund; its id is derived from the return, so a retry finds the same card. */
export async function issueGiftCard(tx: Queryable, returnId: string, amount: number, currency: string, at: Date): Promise<string> {
  const id = `gc_${returnId}`;
  await tx.query('INSERT INTO gift_cards (id, return_id, balance, currency, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING', [id, returnId, amount, currency, at.toISOString()]);
  return id;
}

/** Damaged, return-to-vendor, destroyed and held-for-inspection units at the returning store. */
export async function addReturnStock(tx: Queryable, storeId: string, variantId: string, disposition: Exclude<Disposition, 'restock'>, quantity: number): Promise<void> {
  await tx.query(
    `INSERT INTO return_stock (store_id, variant_id, disposition, quantity) VALUES ($1, $2, $3, $4)
     ON CONFLICT (store_id, variant_id, disposition) DO UPDATE SET quantity = return_stock.quantity + EXCLUDED.quantity`,
    [storeId, variantId, disposition, quantity],
  );
}

export type StockDelta = Map<string, { reservedDelta: number; onHandDelta: number }>;

/**
 * The stock effect of accepted lines at the returning store: a restocked unit is sellable here (onHand + 1, whatever
 * store or channel sold it: a web order's item becomes this store's stock); other dispositions go to return_stock; an
 * exchange takes its variant off this store's shelf (onHand − 1).
 */
export async function stockEffects(tx: Queryable, storeId: string, lines: readonly ReturnLine[], delta: StockDelta): Promise<void> {
  const bump = (variantId: string, n: number): void => {
    const d = delta.get(variantId) ?? { reservedDelta: 0, onHandDelta: 0 };
    d.onHandDelta += n;
    delta.set(variantId, d);
  };
  for (const l of lines) {
    if (l.disposition === 'restock') bump(l.variantId, l.quantity);
    else await addReturnStock(tx, storeId, l.variantId, l.disposition, l.quantity);
    if (l.exchangeVariantId !== '') bump(l.exchangeVariantId, -l.quantity);
  }
}

/**
 * Back to an original gift-card tender: that card is reloaded (the order knows it by its last 4 digits), recorded
 * once per return and tender in gift_card_reloads for the gift-card provider; never a new card.
 */
export async function reloadGiftCard(tx: Queryable, returnId: string, orderId: string, tenderIndex: number, last4: string, amount: number, currency: string, at: Date): Promise<string> {
  await tx.query(
    'INSERT INTO gift_card_reloads (return_id, order_id, tender_index, last4, amount, currency, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (return_id, tender_index) DO NOTHING',
    [returnId, orderId, tenderIndex, last4, amount, currency, at.toISOString()],
  );
  return `gr_${returnId}_${tenderIndex}`;
}

/**
 * Money that is not a card or cash refund: store credit onto the customer's balance; a refund to an original
 * gift-card tender reloads that card; "a gift card" chosen at the counter (originalIndex −1) is a new card.
 */
export async function internalTenders(tx: Queryable, allocations: readonly RefundAllocation[], customerId: string, currency: string, returnId: string, at: Date, sale: ReturnableSale | null = null): Promise<string[]> {
  const refs: string[] = [];
  const credit = allocations.filter((a) => a.tender === 'store-credit').reduce((s, a) => s + a.amount, 0);
  if (credit > 0 && customerId !== '') {
    await creditStore(tx, customerId, credit, currency, returnId, at);
    refs.push(`sc_${returnId}`);
  }
  for (const a of allocations) {
    if (a.tender !== 'gift-card' || a.originalIndex < 0 || a.amount === 0 || !sale) continue;
    refs.push(await reloadGiftCard(tx, returnId, sale.orderId, a.originalIndex, sale.tenders[a.originalIndex]?.last4 ?? '', a.amount, currency, at));
  }
  const gift = allocations.filter((a) => a.tender === 'gift-card' && (a.originalIndex < 0 || !sale)).reduce((s, a) => s + a.amount, 0);
  if (gift > 0) refs.push(await issueGiftCard(tx, returnId, gift, currency, at));
  return refs;
}
