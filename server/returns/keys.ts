/**
 * The server's receipt-signing key (Ed25519, shared/returns/receipt.ts). Kept in the `meta` table, created when the
 * server starts (buildServer; an INSERT … ON CONFLICT DO NOTHING, so several server processes starting together agree on one key), or
 * given by AISLE_RECEIPT_KEY (32 bytes hex) for deployments that keep secrets outside the database. Devices receive
 * only the public key (GET /api/v1/returns/settings). Signatures are deterministic (RFC 8032): an order's code is
 * the same every time it is signed with the same key, so it need not be stored.
 */
import type { Queryable } from '../db/db';
import type { Order } from '../../shared/orders/types';
import type { ReceiptKey } from '../../shared/returns/types';
import { newReceiptKeyPair, publicKeyOf, signReceipt, verifyReceiptCode, type ReceiptResult } from '../../shared/returns/receipt';

const META_KEY = 'receiptSigningKey';

let envKey: string | null = null;

/** Uses this secret key instead of the stored one (AISLE_RECEIPT_KEY). */
export function useReceiptKeyFromEnv(secretHex: string | undefined): void {
  envKey = secretHex && /^[0-9a-f]{64}$/i.test(secretHex) ? secretHex.toLowerCase() : null;
}

async function secretKey(q: Queryable): Promise<string> {
  if (envKey) return envKey;
  const read = async (): Promise<string | null> => {
    const res = await q.query<{ value: { secretKey?: unknown } }>('SELECT value FROM meta WHERE key = $1', [META_KEY]);
    const v = res.rows[0]?.value.secretKey;
    return typeof v === 'string' ? v : null;
  };
  const found = await read();
  if (found) return found;
  const fresh = newReceiptKeyPair();
  await q.query('INSERT INTO meta (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO NOTHING', [META_KEY, JSON.stringify({ secretKey: fresh.secretKey, createdAt: new Date().toISOString() })]);
  const stored = await read();
  if (!stored) throw new Error('could not store the receipt signing key');
  return stored;
}

/** Creates the signing key if there is none yet; the server calls it at start so no request ever writes it. */
export async function ensureReceiptKey(q: Queryable): Promise<void> {
  await secretKey(q);
}

export async function receiptKeys(q: Queryable): Promise<ReceiptKey[]> {
  return [publicKeyOf(await secretKey(q))];
}

/** The signed receipt code of an order: what the printed receipt, the e-mail and the counter's order carry. */
export async function receiptCodeFor(q: Queryable, order: Order): Promise<string> {
  return signReceipt(
    {
      orderId: order.id,
      orderNumber: order.orderNumber,
      channel: order.channel,
      fulfilment: order.fulfilments[0]?.type ?? (order.channel === 'store' ? 'in-store' : 'ship'),
      storeId: order.storeId,
      placedAt: order.placedAt,
      currency: order.currency,
      lines: order.lines.map((l) => ({ id: l.id, variantId: l.variantId, sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice.amount, discount: l.discount.amount, net: l.net.amount, tax: l.tax.amount })),
      tenders: order.tenders.map((t) => ({ type: t.type, amount: t.amount.amount, last4: t.last4 })),
    },
    await secretKey(q),
  );
}

export async function verifyReceipt(q: Queryable, code: string): Promise<ReceiptResult> {
  return verifyReceiptCode(code, await receiptKeys(q));
}
