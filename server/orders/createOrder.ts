/**
 * Placing a pickup order from another channel. Stock is reserved atomically: in one transaction the store's
 * inventory documents for the ordered variants are locked (SELECT … FOR UPDATE, in id order so two orders
 * never deadlock), every line is checked against `available`, and only then is the pickup written through
 * writePickup, which raises `reserved` by the same stock-effects function every later change uses. Concurrent
 * orders for the last units queue on the row locks and see each other's reservations: never oversold. Short
 * stock is a 409 listing each short line, and nothing is written.
 *
 * Idempotent by `idempotency-key`: the first response is stored with the order and returned to every retry,
 * so a retry never reserves twice. The same key with a different order is a 409.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db/db';
import { sha256 } from '../auth';
import { AisleError, type FieldIssue, type TransferableError } from '../../shared/errors';
import { canonicalJson } from '../../shared/canonical';
import { encodePickupCode } from '../../shared/barcode/aisleCodes';
import { PICKUP_CODE_ALPHABET, PICKUP_CODE_LENGTH } from '../../shared/pickup/codes';
import { withDerived } from '../../shared/pickup/lifecycle';
import type { PickupChannel, PickupDoc, PickupLine } from '../../shared/pickup/types';
import { readDocs } from '../sync/revisions';
import type { OrderInput } from './parseOrder';
import type { PickupSettings } from './policy';
import { inventoryId, writePickup } from './pickupStore';

export interface OrderResponse {
  orderId: string;
  orderNumber: string;
  storeId: string;
  status: 'placed';
  pickupCode: string;
  /** The text to encode in the pickup QR code (aisle://pickup/<code>, shared/barcode/aisleCodes.ts). */
  pickupQr: string;
  promisedReadyAt: string;
}

export interface ShortLine {
  sku: string;
  requested: number;
  available: number;
}

/** 409 with the short lines, in `available` (machine-readable) and `details` (paths, like every 400/409). */
export class OutOfStockError extends AisleError {
  readonly available: ShortLine[];
  constructor(short: ShortLine[], details: FieldIssue[]) {
    super('CONFLICT', `not enough stock at the pickup store for ${short.length} line(s); nothing was reserved`, details);
    this.available = short;
  }
  override toTransferable(): TransferableError & { available: ShortLine[] } {
    return { ...super.toTransferable(), available: this.available };
  }
}

export function newPickupCode(): string {
  const bytes = randomBytes(PICKUP_CODE_LENGTH);
  let code = '';
  for (const b of bytes) code += PICKUP_CODE_ALPHABET[b % PICKUP_CODE_ALPHABET.length];
  return code;
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === '23505';
}

async function storedResponse(q: Queryable, channel: PickupChannel, key: string, requestHash: string): Promise<OrderResponse | null> {
  const res = await q.query<{ response: OrderResponse; request_hash: string }>('SELECT response, request_hash FROM channel_orders WHERE channel = $1 AND idempotency_key = $2', [channel, key]);
  const row = res.rows[0];
  if (!row) return null;
  if (row.request_hash !== requestHash) throw new AisleError('CONFLICT', `idempotency-key ${key} was already used for a different order`);
  return row.response;
}

export async function placeOrder(db: Db, channel: PickupChannel, input: OrderInput, idempotencyKey: string | null, settings: PickupSettings): Promise<OrderResponse> {
  if (input.channel !== channel) throw new AisleError('FORBIDDEN', `this key belongs to the ${channel} channel, not ${input.channel}`);
  if (idempotencyKey !== null && (idempotencyKey.length === 0 || idempotencyKey.length > 200)) throw new AisleError('BAD_REQUEST', 'idempotency-key must be 1–200 characters');
  const requestHash = sha256(canonicalJson(input));
  try {
    return await db.transaction((tx) => placeOrderTx(tx, channel, input, idempotencyKey, requestHash, settings));
  } catch (err) {
    // Two requests with the same key (or order number) raced: the loser's insert hit the unique index after the
    // winner committed. Answer with the winner's response, exactly as a later retry would get.
    if (!isUniqueViolation(err)) throw err;
    if (idempotencyKey !== null) {
      const existing = await storedResponse(db, channel, idempotencyKey, requestHash);
      if (existing) return existing;
    }
    throw new AisleError('CONFLICT', `order number ${input.orderNumber ?? ''} already exists for the ${channel} channel`);
  }
}

async function placeOrderTx(tx: Queryable, channel: PickupChannel, input: OrderInput, key: string | null, requestHash: string, settings: PickupSettings): Promise<OrderResponse> {
  if (key !== null) {
    // Serialise requests carrying the same key, so a concurrent duplicate waits for the first and then finds its
    // response instead of competing for the stock. (Two-int advisory keys never collide with the revision lock.)
    await tx.query('SELECT pg_advisory_xact_lock(7245, hashtext($1))', [`${channel}:${key}`]);
    const existing = await storedResponse(tx, channel, key, requestHash);
    if (existing) return existing;
  }
  const store = await tx.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'stores' AND id = $1 AND NOT deleted`, [input.pickupStoreId]);
  if (store.rows.length === 0) throw new AisleError('VALIDATION_FAILED', `no store ${input.pickupStoreId}`, [{ path: '/pickupStoreId', message: 'is not a store of this retailer' }]);

  const skus = [...new Set(input.lines.map((l) => l.sku))];
  const variants = await tx.query<{ id: string; sku: string; product: string | null; variant: string }>(
    `SELECT v.id, v.data->>'sku' AS sku, p.data->>'title' AS product, v.data->>'title' AS variant
     FROM docs v LEFT JOIN docs p ON p.collection = 'products' AND p.id = v.data->>'productId'
     WHERE v.collection = 'variants' AND v.data->>'sku' = ANY($1::text[]) AND NOT v.deleted`,
    [skus],
  );
  const bySku = new Map(variants.rows.map((r) => [r.sku, r]));
  const unknown: FieldIssue[] = input.lines.flatMap((l, i) => (bySku.has(l.sku) ? [] : [{ path: `/lines/${i}/sku`, message: `unknown SKU ${l.sku}` }]));
  if (unknown.length > 0) throw new AisleError('VALIDATION_FAILED', `${unknown.length} unknown SKU(s); nothing was reserved`, unknown);

  const orderNumber = input.orderNumber ?? `${channel === 'web' ? 'W' : 'A'}-${String(randomInt(10_000_000, 100_000_000))}`;
  const dup = await tx.query('SELECT 1 FROM channel_orders WHERE channel = $1 AND order_number = $2', [channel, orderNumber]);
  if (dup.rows.length > 0) throw new AisleError('CONFLICT', `order number ${orderNumber} already exists for the ${channel} channel`);

  // Lock the inventory rows (readDocs orders by id) and check every line against what is available now.
  const wanted = new Map<string, number>();
  for (const l of input.lines) {
    const v = bySku.get(l.sku);
    if (v) wanted.set(v.id, (wanted.get(v.id) ?? 0) + l.quantity);
  }
  const inventory = await readDocs(tx, 'inventory', [...wanted.keys()].map((v) => inventoryId(input.pickupStoreId, v)).sort(), true);
  const short: ShortLine[] = [];
  const details: FieldIssue[] = [];
  input.lines.forEach((l, i) => {
    const v = bySku.get(l.sku);
    if (!v) return;
    const inv = inventory.get(inventoryId(input.pickupStoreId, v.id));
    const available = inv && !inv.deleted && typeof inv.data['available'] === 'number' ? inv.data['available'] : 0;
    const requested = wanted.get(v.id) ?? 0;
    if (requested > available && !short.some((s) => s.sku === l.sku)) {
      short.push({ sku: l.sku, requested, available: Math.max(0, available) });
      details.push({ path: `/lines/${i}/quantity`, message: `${l.sku}: ${requested} requested, ${Math.max(0, available)} available` });
    }
  });
  if (short.length > 0) throw new OutOfStockError(short, details);

  const now = settings.now();
  const nowIso = now.toISOString();
  const id = `ord_${randomUUID().replace(/-/g, '')}`;
  const pickupCode = newPickupCode();
  const lines: PickupLine[] = input.lines.map((l, i) => {
    const v = bySku.get(l.sku);
    const title = v ? [v.product, v.variant].filter((t) => t && t !== 'Default Title').join(' — ') : l.sku;
    return { id: `l${i + 1}`, variantId: v?.id ?? '', sku: l.sku, title: title.slice(0, 255), quantity: l.quantity, unitPrice: l.unitPrice };
  });
  const doc: PickupDoc = withDerived({
    id,
    storeId: input.pickupStoreId,
    orderNumber,
    channel,
    customer: input.customer,
    pickupCode,
    lines,
    policy: { promiseMinutes: settings.promiseMinutes, holdDays: settings.holdDays },
    events: [{ id: `placed:${id}`, type: 'placed', channel, at: nowIso, staffId: `channel:${channel}`, deviceId: channel }],
    status: 'placed',
    placedAt: nowIso,
    promisedReadyAt: nowIso,
    expiresAt: nowIso,
    updatedAt: nowIso,
    flags: [],
  });
  await writePickup(tx, null, doc, now, `channel:${channel}`);
  const response: OrderResponse = {
    orderId: id,
    orderNumber,
    storeId: doc.storeId,
    status: 'placed',
    pickupCode,
    pickupQr: encodePickupCode(pickupCode, 'url'),
    promisedReadyAt: doc.promisedReadyAt,
  };
  await tx.query(
    'INSERT INTO channel_orders (id, channel, order_number, idempotency_key, request_hash, store_id, response) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [id, channel, orderNumber, key, requestHash, doc.storeId, JSON.stringify(response)],
  );
  return response;
}
