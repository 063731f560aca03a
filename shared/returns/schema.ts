/**
 * JSON schema of the `returns` collection (registered in shared/schemas/collections.ts): device-written,
 * store-scoped, counters only (customer ids and refunds: a kiosk never receives it). The 13th and last collection a
 * counter opens (RxDB's open-source limit).
 *
 * One flat event schema serves every event type (like pickups); parse.ts checks that each type carries its fields.
 */
import type { CollectionSchema, JsonSchema } from '../schemas/jsonSchema';
import { idField, isoTime, staffProofSchema } from '../schemas/common';
import { ORDER_CHANNELS, TENDER_TYPES } from '../orders/types';
import { DISPOSITIONS, ITEM_CONDITIONS, RETURN_EVENT_TYPES, RETURN_FLAGS, RETURN_REASONS, RETURN_RESOLUTION_ACTIONS, RETURN_STATUSES } from './types';

const amount = { type: 'integer', minimum: 0, maximum: 1e12 } as const satisfies JsonSchema;
const short = { type: 'string', maxLength: 64 } as const satisfies JsonSchema;

const lineSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 16 },
    orderLineId: { type: 'string', maxLength: 16 },
    variantId: short,
    productId: short,
    sku: short,
    title: { type: 'string', maxLength: 255 },
    category: { type: 'string', maxLength: 120 },
    quantity: { type: 'integer', minimum: 1, maximum: 10000 },
    reason: { type: 'string', enum: RETURN_REASONS },
    note: { type: 'string', maxLength: 500 },
    condition: { type: 'string', enum: ITEM_CONDITIONS },
    disposition: { type: 'string', enum: DISPOSITIONS },
    exchangeVariantId: short,
    exchangePrice: amount,
  },
  required: ['id', 'orderLineId', 'variantId', 'productId', 'sku', 'title', 'category', 'quantity', 'reason', 'note', 'condition', 'disposition', 'exchangeVariantId', 'exchangePrice'],
} as const satisfies JsonSchema;

const verdictSchema = {
  type: 'object',
  properties: {
    lineId: { type: 'string', maxLength: 16 },
    verdict: { type: 'string', enum: ['allowed', 'needs-manager', 'refused'] },
    code: { type: 'string', maxLength: 40 },
    why: { type: 'string', maxLength: 500 },
    // Named numbers and strings for the translated words (shown per line); free-form, bounded by the event size.
    params: { type: 'object' },
    overridable: { type: 'boolean' },
  },
  required: ['lineId', 'verdict'],
} as const satisfies JsonSchema;

const allocationSchema = {
  type: 'object',
  properties: {
    tender: { type: 'string', enum: TENDER_TYPES },
    originalIndex: { type: 'integer', minimum: -1, maximum: 100 },
    amount,
    pending: { type: 'boolean' },
  },
  required: ['tender', 'originalIndex', 'amount', 'pending'],
} as const satisfies JsonSchema;

const eventSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 100 },
    type: { type: 'string', enum: RETURN_EVENT_TYPES },
    at: isoTime,
    staffId: idField,
    deviceId: idField,
    auth: staffProofSchema,
    signedInOffline: { type: 'boolean' },
    // created
    receipt: {
      type: 'object',
      properties: { kind: { type: 'string', enum: ['code', 'order', 'none'] }, code: { type: 'string', maxLength: 4000 } },
      required: ['kind', 'code'],
    },
    customerId: { type: 'string', maxLength: 64 },
    lines: { type: 'array', maxItems: 100, items: lineSchema },
    offline: { type: 'boolean' },
    // assessed
    verdicts: { type: 'array', maxItems: 100, items: verdictSchema },
    // approved
    lineIds: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 16 } },
    override: { type: 'boolean' },
    reason: { type: 'string', maxLength: 500 },
    pin: { type: 'string', enum: ['online', 'offline'] },
    // tendered / refunded
    allocations: { type: 'array', maxItems: 20, items: allocationSchema },
    total: amount,
    collect: amount,
    reference: { type: 'string', maxLength: 128 },
    // flagged
    flag: { type: 'string', enum: RETURN_FLAGS },
    detail: { type: 'string', maxLength: 1000 },
    // resolved (flag above)
    action: { type: 'string', enum: RETURN_RESOLUTION_ACTIONS },
    note: { type: 'string', maxLength: 1000 },
  },
  required: ['id', 'type', 'at', 'staffId', 'deviceId'],
} as const satisfies JsonSchema;

export const returnSchema = {
  title: 'returns',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    storeId: idField,
    orderId: { type: 'string', maxLength: 64 },
    orderNumber: { type: 'string', maxLength: 64 },
    originChannel: { type: 'string', enum: [...ORDER_CHANNELS, ''], maxLength: 8 },
    customerId: { type: 'string', maxLength: 64 },
    currency: { type: 'string', pattern: '^[A-Z]{3}$', maxLength: 3 },
    events: { type: 'array', maxItems: 500, items: eventSchema },
    status: { type: 'string', enum: RETURN_STATUSES, maxLength: 20 },
    flags: { type: 'array', maxItems: 10, items: { type: 'string', enum: RETURN_FLAGS } },
    refundTotal: amount,
    createdAt: isoTime,
    updatedAt: isoTime,
  },
  required: ['id', 'storeId', 'orderId', 'orderNumber', 'originChannel', 'customerId', 'currency', 'events', 'status', 'flags', 'refundTotal', 'createdAt', 'updatedAt'],
  indexes: ['status', 'updatedAt', 'orderId', 'customerId'],
} as const satisfies CollectionSchema;
