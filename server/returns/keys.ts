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
import { createPrivateKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import { newReceiptKeyPair, publicKeyOf, signReceiptWith, verifyReceiptCode, type ReceiptResult, type ReceiptSigningKey } from '../../shared/returns/receipt';

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
  return signWith(order, await secretKey(q));
}

/** Signs many orders with one read of the key (the working-set copies of a customer's orders). */
export async function receiptSigner(q: Queryable): Promise<(order: Order) => string> {
  const key = await secretKey(q);
  return (order) => signWith(order, key);
}

// PKCS#8 DER of an Ed25519 private key is this prefix followed by the 32-byte seed (RFC 8410).
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const signingKeys = new Map<string, ReceiptSigningKey>();

/**
 * The key as node:crypto's native Ed25519 (RFC 8032 signatures are deterministic: byte for byte what
 * @noble/curves makes, tested in keys.test.ts), derived once per secret. A working-set refresh signs every order
 * copy it writes, and the pure-JS signer took ~4–12 ms a signature here: the demo seed's working sets (~20,000
 * order copies at 100,000 customers) were minutes of signing.
 */
export function nativeSigningKey(secretHex: string): ReceiptSigningKey {
  const known = signingKeys.get(secretHex);
  if (known) return known;
  const keyObject: KeyObject = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(secretHex, 'hex')]), format: 'der', type: 'pkcs8' });
  const key: ReceiptSigningKey = { keyId: publicKeyOf(secretHex).keyId, sign: (message) => new Uint8Array(nodeSign(null, message, keyObject)) };
  signingKeys.set(secretHex, key);
  return key;
}

function signWith(order: Order, secretHex: string): string {
  const key = nativeSigningKey(secretHex);
  return signReceiptWith(
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
    key,
  );
}

export async function verifyReceipt(q: Queryable, code: string): Promise<ReceiptResult> {
  return verifyReceiptCode(code, await receiptKeys(q));
}
