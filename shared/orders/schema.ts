/**
 * JSON schemas of the order parts, shared by the device's `orders` collection (shared/customers/schema.ts) and
 * the server. Bounded everywhere (RxDB on Dexie needs it for indexes; the server for push validation).
 */
import type { JsonSchema } from '../schemas/jsonSchema';
import { idField, isoTime, moneySchema } from '../schemas/common';
import { CARD_BRANDS, FULFILMENT_STATUSES, FULFILMENT_TYPES, TENDER_TYPES } from './types';

const nullableTime = { type: ['string', 'null'], maxLength: 32 } as const satisfies JsonSchema;

export const orderLineSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 16 },
    variantId: { type: 'string', maxLength: 64 },
    productId: { type: 'string', maxLength: 64 },
    sku: { type: 'string', maxLength: 64 },
    title: { type: 'string', maxLength: 255 },
    quantity: { type: 'integer', minimum: 1, maximum: 10000 },
    unitPrice: moneySchema,
    discount: moneySchema,
    net: moneySchema,
    tax: moneySchema,
    total: moneySchema,
  },
  required: ['id', 'variantId', 'productId', 'sku', 'title', 'quantity', 'unitPrice', 'discount', 'net', 'tax', 'total'],
} as const satisfies JsonSchema;

export const tenderSchema = {
  type: 'object',
  properties: {
    type: { type: 'string', enum: TENDER_TYPES },
    amount: moneySchema,
    brand: { type: 'string', enum: [...CARD_BRANDS, ''] },
    // Never more than the last four digits (docs/customers.md, privacy).
    last4: { type: 'string', pattern: '^([0-9]{4})?$', maxLength: 4 },
  },
  required: ['type', 'amount', 'brand', 'last4'],
} as const satisfies JsonSchema;

export const fulfilmentSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 16 },
    type: { type: 'string', enum: FULFILMENT_TYPES },
    storeId: { type: 'string', maxLength: 64 },
    status: { type: 'string', enum: FULFILMENT_STATUSES },
    lineIds: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 16 } },
    pickupId: { type: 'string', maxLength: 64 },
    fulfilledAt: nullableTime,
    deliveredAt: nullableTime,
  },
  required: ['id', 'type', 'storeId', 'status', 'lineIds', 'pickupId', 'fulfilledAt', 'deliveredAt'],
} as const satisfies JsonSchema;

export const orderTotalsSchema = {
  type: 'object',
  properties: { subtotal: moneySchema, discount: moneySchema, tax: moneySchema, total: moneySchema },
  required: ['subtotal', 'discount', 'tax', 'total'],
} as const satisfies JsonSchema;

export { idField, isoTime, nullableTime };
