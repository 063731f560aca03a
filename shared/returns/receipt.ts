/**
 * Signed receipt codes: what the printed and e-mailed receipt carries (as a QR / 2D code), so a counter can check a
 * receipt offline and return from it without the order in its database.
 *
 *   AR1.<payload>.<signature>      both base64url (no padding)
 *
 * payload = UTF-8 JSON array [1, keyId, orderId, orderNumber, channel, fulfilment, storeId, placedAtSeconds,
 * currency, lines, tenders], lines = [[id, variantId, sku, quantity, unitPrice, discount, net, tax], …],
 * tenders = [[type, amount, last4], …]. signature = Ed25519 (RFC 8032, @noble/curves, audited) by the server's
 * receipt key over "aisle-receipt-v1|" + the payload's base64url text. keyId = the first 8 hex digits of SHA-256 of
 * the public key, so keys can rotate: a device keeps every key GET /api/v1/returns/settings lists.
 *
 * What must stay true: a code whose payload or signature changed in any byte does not verify; the parsed receipt
 * is checked for shape and arithmetic (net = quantity × unitPrice − discount) before anyone uses it.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { FULFILMENT_TYPES, ORDER_CHANNELS, TENDER_TYPES, type FulfilmentType, type OrderChannel, type TenderType } from '../orders/types';
import { fromHex, toHex, utf8Decode, utf8Encode } from '../pickup/bytes';
import { fromBase64Url, toBase64Url } from './base64url';
import type { ReceiptKey, SaleLine, SaleTender } from './types';

export const RECEIPT_PREFIX = 'AR1.';
const SIGN_TAG = 'aisle-receipt-v1|';

/** What a receipt code says about its sale. */
export interface Receipt {
  keyId: string;
  orderId: string;
  orderNumber: string;
  channel: OrderChannel;
  fulfilment: FulfilmentType;
  storeId: string;
  /** UTC ISO, to the second. */
  placedAt: string;
  currency: string;
  lines: SaleLine[];
  tenders: SaleTender[];
}

export type ReceiptProblem = 'MALFORMED' | 'UNKNOWN_KEY' | 'BAD_SIGNATURE';
export type ReceiptResult = { ok: true; receipt: Receipt } | { ok: false; code: ReceiptProblem; reason: string };

/** True for text that is meant to be a receipt code (route the scan here; verification says whether it is good). */
export function isReceiptCode(text: string): boolean {
  return text.startsWith(RECEIPT_PREFIX);
}

/** The order id a receipt code claims, WITHOUT checking its signature (to route a scan); null if it is not one. */
export function peekReceiptOrderId(text: string): string | null {
  if (!isReceiptCode(text)) return null;
  const bytes = fromBase64Url(text.slice(RECEIPT_PREFIX.length).split('.')[0] ?? '');
  const json = bytes ? utf8Decode(bytes) : null;
  try {
    const body: unknown = json === null ? null : JSON.parse(json);
    return Array.isArray(body) && body[0] === 1 && typeof body[2] === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(body[2]) ? body[2] : null;
  } catch {
    return null;
  }
}

export function receiptKeyId(publicKeyHex: string): string {
  const bytes = fromHex(publicKeyHex);
  if (!bytes) throw new RangeError('public key must be hex');
  return toHex(sha256(bytes)).slice(0, 8);
}

/** A new signing key pair (hex). The server keeps the secret; devices get the public key. */
export function newReceiptKeyPair(): { secretKey: string; publicKey: string; keyId: string } {
  const sk = ed25519.utils.randomSecretKey();
  const publicKey = toHex(ed25519.getPublicKey(sk));
  return { secretKey: toHex(sk), publicKey, keyId: receiptKeyId(publicKey) };
}

export function publicKeyOf(secretKeyHex: string): ReceiptKey {
  const sk = fromHex(secretKeyHex);
  if (!sk || sk.length !== 32) throw new RangeError('receipt secret key must be 32 bytes of hex');
  const publicKey = toHex(ed25519.getPublicKey(sk));
  return { keyId: receiptKeyId(publicKey), publicKey };
}

/**
 * A signing key as a function: Ed25519 (RFC 8032) over the message with the receipt key whose id is keyId. The
 * server passes one backed by node:crypto (the same deterministic signature, natively: server/returns/keys.ts);
 * signReceipt uses @noble/curves.
 */
export interface ReceiptSigningKey {
  keyId: string;
  sign(message: Uint8Array): Uint8Array;
}

/** Signs a receipt (its keyId is replaced by the signing key's). */
export function signReceipt(receipt: Omit<Receipt, 'keyId'>, secretKeyHex: string): string {
  const sk = fromHex(secretKeyHex);
  if (!sk || sk.length !== 32) throw new RangeError('receipt secret key must be 32 bytes of hex');
  return signReceiptWith(receipt, { keyId: publicKeyOf(secretKeyHex).keyId, sign: (message) => ed25519.sign(message, sk) });
}

/** signReceipt with a given signing key (one derivation of the key for many receipts). */
export function signReceiptWith(receipt: Omit<Receipt, 'keyId'>, key: ReceiptSigningKey): string {
  const { keyId } = key;
  const placed = Math.floor(Date.parse(receipt.placedAt) / 1000);
  const body = [
    1,
    keyId,
    receipt.orderId,
    receipt.orderNumber,
    receipt.channel,
    receipt.fulfilment,
    receipt.storeId,
    placed,
    receipt.currency,
    receipt.lines.map((l) => [l.id, l.variantId, l.sku, l.quantity, l.unitPrice, l.discount, l.net, l.tax]),
    receipt.tenders.map((t) => [t.type, t.amount, t.last4]),
  ];
  const payload = toBase64Url(utf8Encode(JSON.stringify(body)));
  const sig = key.sign(utf8Encode(SIGN_TAG + payload));
  return `${RECEIPT_PREFIX}${payload}.${toBase64Url(sig)}`;
}

const fail = (code: ReceiptProblem, reason: string): ReceiptResult => ({ ok: false, code, reason });
const isStr = (v: unknown, max = 64): v is string => typeof v === 'string' && v.length <= max;
const isAmount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Verifies a scanned code against the server's keys; never throws. */
export function verifyReceiptCode(text: string, keys: readonly ReceiptKey[]): ReceiptResult {
  if (!isReceiptCode(text)) return fail('MALFORMED', 'not a receipt code');
  const parts = text.slice(RECEIPT_PREFIX.length).split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return fail('MALFORMED', 'a receipt code has a payload and a signature');
  const [payload, sigText] = parts;
  const bytes = fromBase64Url(payload);
  const sig = fromBase64Url(sigText);
  if (!bytes || !sig || sig.length !== 64) return fail('MALFORMED', 'the receipt code is not valid base64url');
  const json = utf8Decode(bytes);
  let body: unknown;
  try {
    body = json === null ? null : JSON.parse(json);
  } catch {
    body = null;
  }
  if (!Array.isArray(body) || body[0] !== 1 || !isStr(body[1], 8)) return fail('MALFORMED', 'the receipt payload is not a version 1 receipt');
  const key = keys.find((k) => k.keyId === body[1]);
  if (!key) return fail('UNKNOWN_KEY', `receipt signed with key ${String(body[1])}, which this device does not know (sync the returns settings)`);
  const pk = fromHex(key.publicKey);
  let valid = false;
  try {
    valid = pk !== null && ed25519.verify(sig, utf8Encode(SIGN_TAG + payload), pk);
  } catch {
    valid = false;
  }
  if (!valid) return fail('BAD_SIGNATURE', 'the receipt code does not carry a valid signature: it was altered or is not ours');
  const parsed = parseBody(body);
  return typeof parsed === 'string' ? fail('MALFORMED', parsed) : { ok: true, receipt: parsed };
}

function parseBody(body: unknown[]): Receipt | string {
  const [, keyId, orderId, orderNumber, channel, fulfilment, storeId, placed, currency, lines, tenders] = body;
  if (!isStr(keyId) || !isStr(orderId) || orderId === '' || !isStr(orderNumber) || !isStr(storeId)) return 'receipt ids are missing';
  const ch = ORDER_CHANNELS.find((c) => c === channel);
  const ful = FULFILMENT_TYPES.find((f) => f === fulfilment);
  if (!ch || !ful) return 'receipt channel or fulfilment unknown';
  if (!isAmount(placed) || !isStr(currency, 3) || !/^[A-Z]{3}$/.test(currency)) return 'receipt date or currency invalid';
  if (!Array.isArray(lines) || lines.length === 0 || lines.length > 100 || !Array.isArray(tenders) || tenders.length > 20) return 'receipt lines or tenders invalid';
  const outLines: SaleLine[] = [];
  for (const l of lines) {
    if (!Array.isArray(l)) return 'receipt line invalid';
    const [id, variantId, sku, quantity, unitPrice, discount, net, tax] = l as unknown[];
    if (!isStr(id, 16) || !isStr(variantId) || !isStr(sku) || !isAmount(quantity) || quantity < 1 || !isAmount(unitPrice) || !isAmount(discount) || !isAmount(net) || !isAmount(tax)) return 'receipt line invalid';
    if (net !== quantity * unitPrice - discount) return `receipt line ${id}: net does not match quantity × price − discount`;
    outLines.push({ id, variantId, sku, quantity, unitPrice, discount, net, tax });
  }
  const outTenders: SaleTender[] = [];
  for (const t of tenders) {
    if (!Array.isArray(t)) return 'receipt tender invalid';
    const [type, amount, last4] = t as unknown[];
    const tt: TenderType | undefined = TENDER_TYPES.find((x) => x === type);
    if (!tt || !isAmount(amount) || !isStr(last4, 4) || !/^(\d{4})?$/.test(last4)) return 'receipt tender invalid';
    outTenders.push({ type: tt, amount, last4 });
  }
  return { keyId, orderId, orderNumber, channel: ch, fulfilment: ful, storeId, placedAt: new Date(placed * 1000).toISOString(), currency, lines: outLines, tenders: outTenders };
}
