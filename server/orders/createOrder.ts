/**
 * Placing an order from any channel (shared/orders/api.ts). A shipment touches no store stock; a store sale takes
 * its units off the store's count (the goods already left the till: never refused, a short count shows as
 * negative available for the store to recount); a pickup reserves as follows.
 *
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
import { confirmationEmail, enqueueConfirmation } from '../outbox/confirmation';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db/db';
import { sha256 } from '../auth';
import { AisleError, type FieldIssue, type TransferableError } from '../../shared/errors';
import { canonicalJson } from '../../shared/canonical';
import { encodePickupCode } from '../../shared/barcode/aisleCodes';
import { PICKUP_CODE_ALPHABET, PICKUP_CODE_LENGTH } from '../../shared/pickup/codes';
import { withDerived } from '../../shared/pickup/lifecycle';
import type { PickupDoc, PickupLine } from '../../shared/pickup/types';
import type { OrderResult } from '../../shared/orders/api';
import { receiptCodeFor } from '../returns/keys';
import type { Fulfilment, Order, OrderChannel, Tender } from '../../shared/orders/types';
import { priceOrder, tenderProblem } from '../../shared/orders/pricing';
import { normalisePhone } from '../../shared/customers/identity';
import { upsertCustomer } from '../customers/identity';
import { addToWorkingSet, refreshWorkingSet } from '../customers/workingSet';
import { goesWithFor } from '../customers/goesWith';
import { insertOrder } from './orderStore';
import { readDocs } from '../sync/revisions';
import type { OrderInput } from './parseOrder';
import type { PickupSettings } from './policy';
import { applyStockDelta, inventoryId, writePickup } from './pickupStore';

/** shared/orders/api.ts OrderResult; a pickup answers status 'placed' with its code, as it always did. */
export type OrderResponse = OrderResult;

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

async function storedResponse(q: Queryable, channel: OrderChannel, key: string, requestHash: string): Promise<OrderResponse | null> {
  const res = await q.query<{ response: OrderResponse; request_hash: string }>('SELECT response, request_hash FROM channel_orders WHERE channel = $1 AND idempotency_key = $2', [channel, key]);
  const row = res.rows[0];
  if (!row) return null;
  if (row.request_hash !== requestHash) throw new AisleError('CONFLICT', `idempotency-key ${key} was already used for a different order`);
  return row.response;
}

export async function placeOrder(db: Db, channel: OrderChannel, input: OrderInput, idempotencyKey: string | null, settings: PickupSettings): Promise<OrderResponse> {
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

function orderNumberPrefix(channel: OrderChannel): string {
  return channel === 'web' ? 'W' : channel === 'app' ? 'A' : 'S';
}

async function placeOrderTx(tx: Queryable, channel: OrderChannel, input: OrderInput, key: string | null, requestHash: string, settings: PickupSettings): Promise<OrderResponse> {
  if (key !== null) {
    // Serialise requests carrying the same key, so a concurrent duplicate waits for the first and then finds its
    // response instead of competing for the stock. (Two-int advisory keys never collide with the revision lock.)
    await tx.query('SELECT pg_advisory_xact_lock(7245, hashtext($1))', [`${channel}:${key}`]);
    const existing = await storedResponse(tx, channel, key, requestHash);
    if (existing) return existing;
  }
  const storePath = input.fulfilment === 'pickup' ? '/pickupStoreId' : '/fulfilment/storeId';
  if (input.fulfilment !== 'ship') {
    const store = await tx.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'stores' AND id = $1 AND NOT deleted`, [input.storeId]);
    if (store.rows.length === 0) throw new AisleError('VALIDATION_FAILED', `no store ${input.storeId}`, [{ path: storePath, message: 'is not a store of this retailer' }]);
  }

  const skus = [...new Set(input.lines.map((l) => l.sku))];
  const variants = await tx.query<{ id: string; sku: string; product_id: string; product: string | null; variant: string }>(
    `SELECT v.id, v.data->>'sku' AS sku, v.data->>'productId' AS product_id, p.data->>'title' AS product, v.data->>'title' AS variant
     FROM docs v LEFT JOIN docs p ON p.collection = 'products' AND p.id = v.data->>'productId'
     WHERE v.collection = 'variants' AND v.data->>'sku' = ANY($1::text[]) AND NOT v.deleted`,
    [skus],
  );
  const bySku = new Map(variants.rows.map((r) => [r.sku, r]));
  const unknown: FieldIssue[] = input.lines.flatMap((l, i) => (bySku.has(l.sku) ? [] : [{ path: `/lines/${i}/sku`, message: `unknown SKU ${l.sku}` }]));
  if (unknown.length > 0) throw new AisleError('VALIDATION_FAILED', `${unknown.length} unknown SKU(s); nothing was reserved`, unknown);

  const currency = input.lines[0]?.unitPrice.currency ?? 'USD';
  const titled = input.lines.map((l, i) => {
    const v = bySku.get(l.sku);
    const title = v ? [v.product, v.variant].filter((t) => t && t !== 'Default Title').join(' — ') : l.sku;
    return { id: `l${i + 1}`, variantId: v?.id ?? '', productId: v?.product_id ?? '', sku: l.sku, title: title.slice(0, 255), quantity: l.quantity, unitAmount: l.unitPrice.amount, discount: l.discount, tax: l.tax };
  });
  const priced = priceOrder(titled, input.discount, input.tax, currency);
  const tenders: Tender[] = input.tenders.map((t) => ({ type: t.type, amount: { amount: t.amount, currency }, brand: t.brand, last4: t.last4 }));
  const unpaid = tenderProblem(tenders, priced.totals.total.amount);
  if (unpaid) throw new AisleError('VALIDATION_FAILED', `${unpaid}; nothing was stored`, [{ path: '/tenders', message: unpaid }]);

  const orderNumber = input.orderNumber ?? `${orderNumberPrefix(channel)}-${String(randomInt(10_000_000, 100_000_000))}`;
  const dup = await tx.query('SELECT 1 FROM channel_orders WHERE channel = $1 AND order_number = $2', [channel, orderNumber]);
  if (dup.rows.length > 0) throw new AisleError('CONFLICT', `order number ${orderNumber} already exists for the ${channel} channel`);

  const wanted = new Map<string, number>();
  for (const l of titled) wanted.set(l.variantId, (wanted.get(l.variantId) ?? 0) + l.quantity);
  if (input.fulfilment === 'pickup') {
    // Lock the inventory rows (readDocs orders by id) and check every line against what is available now.
    const inventory = await readDocs(tx, 'inventory', [...wanted.keys()].map((v) => inventoryId(input.storeId, v)).sort(), true);
    const short: ShortLine[] = [];
    const details: FieldIssue[] = [];
    input.lines.forEach((l, i) => {
      const v = bySku.get(l.sku);
      if (!v) return;
      const inv = inventory.get(inventoryId(input.storeId, v.id));
      const available = inv && !inv.deleted && typeof inv.data['available'] === 'number' ? inv.data['available'] : 0;
      const requested = wanted.get(v.id) ?? 0;
      if (requested > available && !short.some((s) => s.sku === l.sku)) {
        short.push({ sku: l.sku, requested, available: Math.max(0, available) });
        details.push({ path: `/lines/${i}/quantity`, message: `${l.sku}: ${requested} requested, ${Math.max(0, available)} available` });
      }
    });
    if (short.length > 0) throw new OutOfStockError(short, details);
  }

  const now = settings.now();
  const nowIso = now.toISOString();
  const placedAt = input.placedAt ?? nowIso;
  const id = `ord_${randomUUID().replace(/-/g, '')}`;

  // The customer: one identity across channels (server/customers/identity.ts). Rows first, docs after.
  const c = input.customer;
  const who = input.hasCustomer
    ? await upsertCustomer(
        tx,
        channel,
        {
          ...(c.id ? { channelCustomerId: c.id } : {}),
          ...(c.firstName ? { firstName: c.firstName } : {}),
          ...(c.lastName ? { lastName: c.lastName } : {}),
          ...(c.email ? { email: c.email } : {}),
          ...(c.phone ? { phone: normalisePhone(c.phone) ?? undefined } : {}),
          ...(c.loyaltyNumber ? { loyaltyNumber: c.loyaltyNumber } : {}),
        },
        now,
      )
    : null;
  const customerId = who?.customerId ?? '';
  const inStore = input.fulfilment === 'in-store';
  const fulfilment: Fulfilment = {
    id: 'f1',
    type: input.fulfilment,
    storeId: input.storeId,
    status: inStore ? 'collected' : 'pending',
    lineIds: priced.lines.map((l) => l.id),
    pickupId: input.fulfilment === 'pickup' ? id : '',
    fulfilledAt: inStore ? placedAt : null,
    deliveredAt: inStore ? placedAt : null,
  };
  const order: Order = {
    id,
    orderNumber,
    channel,
    storeId: input.storeId,
    customerId,
    status: inStore ? 'completed' : 'open',
    placedAt,
    fulfilledAt: fulfilment.fulfilledAt,
    deliveredAt: fulfilment.deliveredAt,
    currency,
    lines: priced.lines,
    totals: priced.totals,
    tenders,
    fulfilments: [fulfilment],
    updatedAt: nowIso,
  };
  await insertOrder(tx, order, fulfilment.type);
  if (customerId !== '' && input.fulfilment !== 'ship') {
    await addToWorkingSet(tx, [{ storeId: input.storeId, customerId, reason: input.fulfilment === 'pickup' ? 'pickup' : 'served', at: input.fulfilment === 'pickup' ? nowIso : placedAt }]);
  }

  let pickup: PickupDoc | null = null;
  if (input.fulfilment === 'pickup') {
    const pickupCode = newPickupCode();
    const lines: PickupLine[] = priced.lines.map((l) => ({ id: l.id, variantId: l.variantId, sku: l.sku, title: l.title, quantity: l.quantity, unitPrice: l.unitPrice }));
    const pickupChannel = channel === 'app' ? 'app' : 'web';
    pickup = withDerived({
      id,
      storeId: input.storeId,
      orderNumber,
      channel: pickupChannel,
      customer: { id: c.id || customerId, firstName: c.firstName, lastName: c.lastName, email: c.email, phone: c.phone },
      pickupCode,
      lines,
      policy: { promiseMinutes: settings.promiseMinutes, holdDays: settings.holdDays },
      events: [{ id: `placed:${id}`, type: 'placed', channel: pickupChannel, at: nowIso, staffId: `channel:${channel}`, deviceId: channel }],
      status: 'placed',
      placedAt: nowIso,
      promisedReadyAt: nowIso,
      expiresAt: nowIso,
      updatedAt: nowIso,
      flags: [],
    });
    await writePickup(tx, null, pickup, now, `channel:${channel}`);
  } else if (inStore) {
    const delta = new Map([...wanted].map(([variantId, q]) => [variantId, { reservedDelta: 0, onHandDelta: -q }]));
    await applyStockDelta(tx, input.storeId, delta, nowIso, `channel:${channel}`);
  }
  if (customerId !== '') await refreshWorkingSet(tx, [customerId], now, { onlyOrders: [id], goesWith: goesWithFor, by: `channel:${channel}` });

  const receiptCode = await receiptCodeFor(tx, order);
  // The confirmation e-mail carries the receipt code: the goods can come back at any counter (docs/returns.md).
  if (c.email && settings.orderConfirmations) {
    const storeName = (await tx.query<{ name: string }>(`SELECT data->>'name' AS name FROM docs WHERE collection = 'stores' AND id = $1`, [input.storeId])).rows[0]?.name ?? input.storeId;
    await enqueueConfirmation(tx, order, confirmationEmail(order, c.email, c.firstName, storeName, receiptCode), now);
  }
  const response: OrderResponse = {
    orderId: id,
    orderNumber,
    storeId: input.storeId,
    customerId,
    channel,
    status: pickup ? 'placed' : order.status,
    total: priced.totals.total,
    pickupCode: pickup?.pickupCode ?? '',
    pickupQr: pickup ? encodePickupCode(pickup.pickupCode, 'url') : '',
    promisedReadyAt: pickup?.promisedReadyAt ?? '',
    // The signed receipt code (docs/returns.md) for the channel's printed receipt and confirmation e-mail.
    receiptCode,
  };
  await tx.query(
    'INSERT INTO channel_orders (id, channel, order_number, idempotency_key, request_hash, store_id, response) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [id, channel, orderNumber, key, requestHash, input.storeId, JSON.stringify(response)],
  );
  return response;
}
