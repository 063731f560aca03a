/**
 * JSON schemas of the customer collections (registered in shared/schemas/collections.ts; counters only):
 * `customers` and `orders` (server-written working-set copies, store-scoped) and `customerEvents`
 * (device-written, append-only). Types and meaning: shared/customers/types.ts and docs/customers.md.
 */
import type { CollectionSchema, JsonSchema } from '../schemas/jsonSchema';
import { idField, isoTime, moneySchema, staffProofSchema } from '../schemas/common';
import { fulfilmentSchema, nullableTime, orderLineSchema, orderTotalsSchema, tenderSchema } from '../orders/schema';
import { ORDER_CHANNELS, ORDER_STATUSES } from '../orders/types';
import { ACTIVITY_TYPES, CONSENT_METHODS, CUSTOMER_EVENT_KINDS, LOYALTY_TIERS, PROFILE_SOURCES, WORKING_SET_REASONS } from './types';

const wsId = { type: 'string', maxLength: 130 } as const satisfies JsonSchema;
const channel = { type: 'string', enum: ORDER_CHANNELS } as const satisfies JsonSchema;
const onlineChannel = { type: 'string', enum: ['web', 'app'] } as const satisfies JsonSchema;

const consentSchema = {
  type: ['object', 'null'],
  properties: {
    granted: { type: 'boolean' },
    at: isoTime,
    channel,
    storeId: { type: 'string', maxLength: 64 },
    method: { type: 'string', enum: CONSENT_METHODS },
  },
  required: ['granted', 'at', 'channel', 'storeId', 'method'],
} as const satisfies JsonSchema;

export const customerSchema = {
  title: 'customers',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: wsId,
    storeId: idField,
    customerId: idField,
    contact: {
      type: 'object',
      properties: {
        firstName: { type: 'string', maxLength: 100 },
        lastName: { type: 'string', maxLength: 100 },
        email: { type: 'string', maxLength: 254 },
        phone: { type: 'string', maxLength: 20 },
        emailMasked: { type: 'string', maxLength: 254 },
        phoneMasked: { type: 'string', maxLength: 32 },
      },
      required: ['firstName', 'lastName', 'email', 'phone', 'emailMasked', 'phoneMasked'],
    },
    loyaltyNumber: { type: 'string', maxLength: 32 },
    tier: { type: 'string', enum: LOYALTY_TIERS, maxLength: 16 },
    points: { type: 'integer', minimum: 0, maximum: 1e9 },
    storeCredit: moneySchema,
    memberSince: isoTime,
    homeStoreId: { type: 'string', maxLength: 64 },
    consents: {
      type: 'object',
      properties: { email: consentSchema, sms: consentSchema },
      required: ['email', 'sms'],
    },
    preferences: {
      type: 'object',
      properties: {
        sizes: {
          type: 'array',
          maxItems: 30,
          items: { type: 'object', properties: { category: { type: 'string', maxLength: 120 }, size: { type: 'string', maxLength: 20 } }, required: ['category', 'size'] },
        },
      },
      required: ['sizes'],
    },
    wishlist: {
      type: 'array',
      maxItems: 200,
      items: {
        type: 'object',
        properties: {
          variantId: idField,
          productId: idField,
          sku: { type: 'string', maxLength: 64 },
          title: { type: 'string', maxLength: 255 },
          addedAt: isoTime,
          channel,
          storeId: { type: 'string', maxLength: 64 },
          priceWhenAdded: moneySchema,
        },
        required: ['variantId', 'productId', 'sku', 'title', 'addedAt', 'channel', 'storeId', 'priceWhenAdded'],
      },
    },
    activity: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        properties: { type: { type: 'string', enum: ACTIVITY_TYPES }, variantId: idField, productId: idField, at: isoTime, channel: onlineChannel },
        required: ['type', 'variantId', 'productId', 'at', 'channel'],
      },
    },
    cart: {
      type: ['object', 'null'],
      properties: {
        channel: onlineChannel,
        updatedAt: isoTime,
        lines: {
          type: 'array',
          maxItems: 100,
          items: {
            type: 'object',
            properties: { variantId: idField, sku: { type: 'string', maxLength: 64 }, quantity: { type: 'integer', minimum: 1, maximum: 1000 }, unitPrice: moneySchema },
            required: ['variantId', 'sku', 'quantity', 'unitPrice'],
          },
        },
      },
      required: ['channel', 'updatedAt', 'lines'],
    },
    spend: {
      type: 'object',
      properties: {
        currency: { type: 'string', pattern: '^[A-Z]{3}$', maxLength: 3 },
        lifetimeNet: { type: 'integer', minimum: -1e12, maximum: 1e12 },
        orders: { type: 'integer', minimum: 0, maximum: 1e9 },
        averageOrder: { type: 'integer', minimum: -1e12, maximum: 1e12 },
        refunds: { type: 'integer', minimum: 0, maximum: 1e12 },
        lastPurchaseAt: nullableTime,
        byChannel: {
          type: 'array',
          maxItems: 3,
          items: {
            type: 'object',
            properties: { channel, orders: { type: 'integer', minimum: 0, maximum: 1e9 }, net: { type: 'integer', minimum: -1e12, maximum: 1e12 } },
            required: ['channel', 'orders', 'net'],
          },
        },
      },
      required: ['currency', 'lifetimeNet', 'orders', 'averageOrder', 'refunds', 'lastPurchaseAt', 'byChannel'],
    },
    goesWith: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        properties: { productId: idField, lift: { type: 'number', minimum: 0, maximum: 1e9 }, together: { type: 'integer', minimum: 0, maximum: 1e9 }, becauseOf: idField },
        required: ['productId', 'lift', 'together', 'becauseOf'],
      },
    },
    notes: {
      type: 'array',
      maxItems: 200,
      items: {
        type: 'object',
        properties: { id: { type: 'string', maxLength: 128 }, text: { type: 'string', maxLength: 2000 }, staffId: idField, deviceId: idField, storeId: idField, at: isoTime },
        required: ['id', 'text', 'staffId', 'deviceId', 'storeId', 'at'],
      },
    },
    reasons: { type: 'array', maxItems: 3, items: { type: 'string', enum: WORKING_SET_REASONS } },
    updatedAt: isoTime,
  },
  required: ['id', 'storeId', 'customerId', 'contact', 'loyaltyNumber', 'tier', 'points', 'storeCredit', 'memberSince', 'homeStoreId', 'consents', 'preferences', 'wishlist', 'activity', 'cart', 'spend', 'goesWith', 'notes', 'reasons', 'updatedAt'],
  indexes: ['customerId', 'loyaltyNumber', 'updatedAt'],
} as const satisfies CollectionSchema;

export const orderDocSchema = {
  title: 'orders',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: wsId,
    storeId: idField,
    orderId: idField,
    orderNumber: { type: 'string', maxLength: 64 },
    customerId: idField,
    channel: { type: 'string', enum: ORDER_CHANNELS, maxLength: 8 },
    orderStoreId: { type: 'string', maxLength: 64 },
    status: { type: 'string', enum: ORDER_STATUSES, maxLength: 16 },
    placedAt: isoTime,
    fulfilledAt: nullableTime,
    deliveredAt: nullableTime,
    currency: { type: 'string', pattern: '^[A-Z]{3}$', maxLength: 3 },
    lines: { type: 'array', maxItems: 100, items: orderLineSchema },
    totals: orderTotalsSchema,
    tenders: { type: 'array', maxItems: 20, items: tenderSchema },
    fulfilments: { type: 'array', maxItems: 20, items: fulfilmentSchema },
    receiptCode: { type: 'string', maxLength: 4000 },
    updatedAt: isoTime,
  },
  required: ['id', 'storeId', 'orderId', 'orderNumber', 'customerId', 'channel', 'orderStoreId', 'status', 'placedAt', 'fulfilledAt', 'deliveredAt', 'currency', 'lines', 'totals', 'tenders', 'fulfilments', 'updatedAt'],
  indexes: ['customerId', ['customerId', 'placedAt'], 'orderNumber'],
} as const satisfies CollectionSchema;

export const customerEventSchema = {
  title: 'customerEvents',
  // 1: events carry the staff session proof (auth) or signedInOffline, as pickup events and notes do.
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 128 },
    storeId: idField,
    customerId: idField,
    kind: { type: 'string', enum: CUSTOMER_EVENT_KINDS, maxLength: 16 },
    staffId: idField,
    deviceId: idField,
    at: isoTime,
    source: { type: 'string', enum: [...PROFILE_SOURCES, ''] },
    field: { type: 'string', enum: ['email', 'phone', ''] },
    text: { type: 'string', maxLength: 2000 },
    variantId: { type: 'string', maxLength: 64 },
    auth: staffProofSchema,
    signedInOffline: { type: 'boolean' },
  },
  required: ['id', 'storeId', 'customerId', 'kind', 'staffId', 'deviceId', 'at', 'source', 'field', 'text', 'variantId'],
  indexes: ['customerId', 'at'],
} as const satisfies CollectionSchema;
