/**
 * JSON schemas of the pickup collections (registered in shared/schemas/collections.ts): `pickups` for counters
 * (customer personal data lives here, so kiosks never receive it), `pickupCodes` (the kiosk's projection: a code
 * hash, a status and a sealed greeting) and `checkins` (written by kiosks and counters, resolved by the server).
 */
import type { CollectionSchema, JsonSchema } from '../schemas/jsonSchema';
import { idField, isoTime, moneySchema, staffProofSchema } from '../schemas/common';
import { CANCELLED_BY, PICKUP_CHANNELS, PICKUP_STATUSES } from './types';

const EVENT_TYPES = ['placed', 'picking-started', 'line-picked', 'line-rejected', 'staged', 'customer-checked-in', 'collected', 'cancelled', 'expired'] as const;

const eventSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 80 },
    type: { type: 'string', enum: EVENT_TYPES },
    at: isoTime,
    staffId: idField,
    deviceId: idField,
    channel: { type: 'string', enum: PICKUP_CHANNELS },
    lineId: { type: 'string', maxLength: 16 },
    quantity: { type: 'integer', minimum: 1, maximum: 10000 },
    reason: { type: 'string', maxLength: 500 },
    note: { type: 'string', maxLength: 500 },
    location: { type: 'string', maxLength: 64 },
    checkinId: idField,
    collectedBy: { type: 'string', maxLength: 120 },
    relation: { type: 'string', enum: ['customer', 'proxy'] },
    idChecked: { type: 'boolean' },
    by: { type: 'string', enum: CANCELLED_BY },
    auth: staffProofSchema,
    signedInOffline: { type: 'boolean' },
  },
  required: ['id', 'type', 'at', 'staffId', 'deviceId'],
} as const satisfies JsonSchema;

export const pickupSchema = {
  title: 'pickups',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    storeId: idField,
    orderNumber: { type: 'string', maxLength: 64 },
    channel: { type: 'string', enum: PICKUP_CHANNELS, maxLength: 8 },
    customer: {
      type: 'object',
      properties: {
        id: { type: 'string', maxLength: 128 },
        firstName: { type: 'string', maxLength: 100 },
        lastName: { type: 'string', maxLength: 100 },
        email: { type: 'string', maxLength: 254 },
        phone: { type: 'string', maxLength: 32 },
      },
      required: ['id', 'firstName', 'lastName', 'email', 'phone'],
    },
    pickupCode: { type: 'string', maxLength: 32 },
    lines: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', maxLength: 16 },
          variantId: idField,
          sku: { type: 'string', maxLength: 64 },
          title: { type: 'string', maxLength: 255 },
          quantity: { type: 'integer', minimum: 1, maximum: 10000 },
          unitPrice: moneySchema,
        },
        required: ['id', 'variantId', 'sku', 'title', 'quantity', 'unitPrice'],
      },
    },
    policy: {
      type: 'object',
      properties: {
        promiseMinutes: { type: 'integer', minimum: 0, maximum: 100000 },
        holdDays: { type: 'integer', minimum: 1, maximum: 365 },
      },
      required: ['promiseMinutes', 'holdDays'],
    },
    events: { type: 'array', maxItems: 2000, items: eventSchema },
    status: { type: 'string', enum: PICKUP_STATUSES, maxLength: 16 },
    placedAt: isoTime,
    promisedReadyAt: isoTime,
    expiresAt: isoTime,
    updatedAt: isoTime,
    flags: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 40 } },
  },
  required: ['id', 'storeId', 'orderNumber', 'channel', 'customer', 'pickupCode', 'lines', 'policy', 'events', 'status', 'placedAt', 'promisedReadyAt', 'expiresAt', 'updatedAt', 'flags'],
  indexes: ['status', ['status', 'promisedReadyAt'], 'expiresAt', 'updatedAt', 'pickupCode'],
} as const satisfies CollectionSchema;

/** The kiosk's view of a pickup: nothing that identifies the customer until their own code is scanned. */
export interface PickupCodeDoc {
  /** The pickup (order) id. */
  id: string;
  storeId: string;
  /** pickupCodeKeys(code, storeId).codeHash: scrypt, salted per store (shared/pickup/codes.ts). */
  codeHash: string;
  status: (typeof PICKUP_STATUSES)[number];
  lineCount: number;
  /** sealGreeting(firstName, sealKey, id): XChaCha20-Poly1305, opens only with the code's key (shared/pickup/codes.ts). */
  sealedGreeting: string;
  updatedAt: string;
}

export const pickupCodeSchema = {
  title: 'pickupCodes',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    storeId: idField,
    codeHash: { type: 'string', maxLength: 64 },
    status: { type: 'string', enum: PICKUP_STATUSES, maxLength: 16 },
    lineCount: { type: 'integer', minimum: 0, maximum: 10000 },
    sealedGreeting: { type: 'string', maxLength: 256 },
    updatedAt: isoTime,
  },
  required: ['id', 'storeId', 'codeHash', 'status', 'lineCount', 'sealedGreeting', 'updatedAt'],
  indexes: ['codeHash'],
} as const satisfies CollectionSchema;

/**
 * A customer announcing themselves (kiosk scan, or a counter on their behalf). Written offline by the device with
 * result 'pending'; the server resolves it on push and sends back the result (the device adopts it as RxDB's
 * conflict answer): 'checked-in' (the pickup records a customer-checked-in event; counters see "customer
 * waiting"), 'unknown-code' (no pickup with that code in this store) or 'not-collectable' (collected, cancelled
 * or expired).
 */
export type CheckinResult = 'pending' | 'checked-in' | 'unknown-code' | 'not-collectable';
export const CHECKIN_RESULTS: readonly CheckinResult[] = ['pending', 'checked-in', 'unknown-code', 'not-collectable'];

export interface CheckinDoc {
  id: string;
  storeId: string;
  codeHash: string;
  deviceId: string;
  at: string;
  result: CheckinResult;
  updatedAt: string;
}

export const checkinSchema = {
  title: 'checkins',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    storeId: idField,
    codeHash: { type: 'string', pattern: '^[0-9a-f]{64}$', maxLength: 64 },
    deviceId: idField,
    at: isoTime,
    result: { type: 'string', enum: CHECKIN_RESULTS, maxLength: 16 },
    updatedAt: isoTime,
  },
  required: ['id', 'storeId', 'codeHash', 'deviceId', 'at', 'result', 'updatedAt'],
  indexes: ['at'],
} as const satisfies CollectionSchema;

