/**
 * The replicated collections: their JSON schemas (used by RxDB on the device and by the server to
 * validate pushes), their document types, who may write them and how they are scoped.
 *
 * What must stay true:
 * - Bumping a schema `version` requires a migration for that version (see migrations.ts; a test checks it).
 * - Every indexed field is `required` (Dexie storage) and bounded (maxLength / minimum+maximum+multipleOf).
 * - At most 13 collections may be open per RxDB database (open-source limit); keep the list short.
 */
import type { CollectionSchema } from './jsonSchema';
import type { Money } from '../money';
import { idField, isoTime, moneySchema, staffProofSchema } from './common';
import type { PickupDoc } from '../pickup/types';
import type { PinKdf, StaffProof } from '../staff';
import { checkinSchema, pickupCodeSchema, pickupSchema, type CheckinDoc, type PickupCodeDoc } from '../pickup/schema';
import { reviewSchema, type ReviewDoc } from '../conflicts/schema';
import { customerEventSchema, customerSchema, orderDocSchema } from '../customers/schema';
import type { CustomerDoc, CustomerEventDoc, OrderDoc } from '../customers/types';
import { returnSchema } from '../returns/schema';
import type { ReturnDoc } from '../returns/types';

export type { CheckinDoc, PickupCodeDoc, PickupDoc, ReviewDoc };
export type { CustomerDoc, CustomerEventDoc, OrderDoc };
export type { ReturnDoc };

export interface OpeningHours {
  /** 0 = Sunday … 6 = Saturday */
  day: number;
  /** Local time "HH:MM" in the store's time zone. */
  open: string;
  close: string;
}

export interface StoreDoc {
  id: string;
  code: string;
  name: string;
  address: { line1: string; city: string; region: string; postalCode: string; country: string };
  lat: number;
  lon: number;
  timeZone: string;
  phone: string;
  openingHours: OpeningHours[];
  updatedAt: string;
  /** BCP 47 locale of the store's screens and formats, e.g. "fr-FR" (schema v1). */
  locale: string;
  /** ISO 4217 currency the store sells in, e.g. "EUR" (schema v1). */
  currency: string;
}

export interface ProductOption {
  name: string;
  values: string[];
}

export interface ProductDoc {
  id: string;
  handle: string;
  title: string;
  brand: string;
  category: string;
  description: string;
  options: ProductOption[];
  images: string[];
  updatedAt: string;
}

export interface VariantDoc {
  id: string;
  productId: string;
  sku: string;
  /** Normalised GTIN-14 (see shared/gtin.ts); '' when the variant has no barcode. */
  gtin: string;
  /** The barcode as printed on the label (UPC-A, EAN-13, …). */
  barcode: string;
  title: string;
  /** Option values in the order of the product's options. */
  optionValues: string[];
  price: Money;
  compareAtPrice: Money | null;
  image: string | null;
  position: number;
  updatedAt: string;
  /**
   * The same variant priced in the other currencies the retailer sells in (a price list per market, schema v1):
   * a euro store shows the EUR entry; without one it shows `price` in its own currency, never relabelled.
   */
  marketPrices?: MarketPrice[];
}

export interface MarketPrice {
  price: Money;
  compareAtPrice: Money | null;
}

export interface InventoryDoc {
  /** `${storeId}:${variantId}` */
  id: string;
  storeId: string;
  variantId: string;
  onHand: number;
  reserved: number;
  available: number;
  /** Where the item sits in this store ("Aisle 7 · Bay 12 · Shelf B"), for pick lists; absent when unknown. */
  location?: string;
  updatedAt: string;
}

export type StaffRole = 'associate' | 'manager';

export interface StaffDoc {
  id: string;
  storeId: string;
  staffNumber: string;
  /** Badge barcode content; '' when the staff member has no badge. */
  badge: string;
  name: string;
  role: StaffRole;
  /**
   * The salt and parameters of the PIN key (scrypt, see shared/staff.ts). Since version 1 nothing here can test a
   * PIN guess: the server keeps the verifier, and a device keeps its own, keyed with its device secret.
   */
  pinSalt: string;
  pinKdf: PinKdf;
  /** Raised by every PIN reset: a device's offline verifier for an older version no longer signs in. */
  pinVersion: number;
  active: boolean;
  updatedAt: string;
}

export interface NoteDoc {
  id: string;
  storeId: string;
  productId: string;
  variantId: string;
  text: string;
  /** Who wrote it, on which device: every device write records the signed-in staff member. */
  staffId: string;
  deviceId: string;
  createdAt: string;
  updatedAt: string;
  /** Written in an online staff session: its proof (shared/staff.ts), checked on push. */
  auth?: StaffProof;
  /** Written while signed in offline (or without a proof): accepted and marked so by the server. */
  signedInOffline?: boolean;
}

export const storeSchema = {
  title: 'stores',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    code: { type: 'string', maxLength: 16 },
    name: { type: 'string', maxLength: 200 },
    address: {
      type: 'object',
      properties: {
        line1: { type: 'string', maxLength: 200 },
        city: { type: 'string', maxLength: 100 },
        region: { type: 'string', maxLength: 100 },
        postalCode: { type: 'string', maxLength: 20 },
        country: { type: 'string', maxLength: 2 },
      },
      required: ['line1', 'city', 'region', 'postalCode', 'country'],
    },
    lat: { type: 'number', minimum: -90, maximum: 90 },
    lon: { type: 'number', minimum: -180, maximum: 180 },
    timeZone: { type: 'string', maxLength: 64 },
    phone: { type: 'string', maxLength: 32 },
    openingHours: {
      type: 'array',
      maxItems: 14,
      items: {
        type: 'object',
        properties: {
          day: { type: 'integer', minimum: 0, maximum: 6 },
          open: { type: 'string', pattern: '^\\d{2}:\\d{2}$' },
          close: { type: 'string', pattern: '^\\d{2}:\\d{2}$' },
        },
        required: ['day', 'open', 'close'],
      },
    },
    updatedAt: isoTime,
    locale: { type: 'string', maxLength: 35 },
    currency: { type: 'string', pattern: '^[A-Z]{3}$', maxLength: 3 },
  },
  required: ['id', 'code', 'name', 'address', 'lat', 'lon', 'timeZone', 'phone', 'openingHours', 'updatedAt', 'locale', 'currency'],
} as const satisfies CollectionSchema;

export const productSchema = {
  title: 'products',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    handle: { type: 'string', maxLength: 255 },
    title: { type: 'string', maxLength: 255 },
    brand: { type: 'string', maxLength: 120 },
    category: { type: 'string', maxLength: 120 },
    description: { type: 'string', maxLength: 5000 },
    options: {
      type: 'array',
      maxItems: 3,
      items: {
        type: 'object',
        properties: { name: { type: 'string', maxLength: 60 }, values: { type: 'array', items: { type: 'string', maxLength: 120 } } },
        required: ['name', 'values'],
      },
    },
    images: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 1000 } },
    updatedAt: isoTime,
  },
  required: ['id', 'handle', 'title', 'brand', 'category', 'description', 'options', 'images', 'updatedAt'],
} as const satisfies CollectionSchema;

export const variantSchema = {
  title: 'variants',
  // 1: no index on gtin (barcodes are answered by the in-memory barcode map; docs/performance.md); optional marketPrices.
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    productId: idField,
    sku: { type: 'string', maxLength: 64 },
    gtin: { type: 'string', maxLength: 14 },
    barcode: { type: 'string', maxLength: 64 },
    title: { type: 'string', maxLength: 255 },
    optionValues: { type: 'array', maxItems: 3, items: { type: 'string', maxLength: 120 } },
    price: moneySchema,
    compareAtPrice: { type: ['object', 'null'], properties: moneySchema.properties, required: moneySchema.required },
    image: { type: ['string', 'null'], maxLength: 1000 },
    position: { type: 'integer', minimum: 0, maximum: 1000 },
    updatedAt: isoTime,
    marketPrices: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        properties: { price: moneySchema, compareAtPrice: { type: ['object', 'null'], properties: moneySchema.properties, required: moneySchema.required } },
        required: ['price', 'compareAtPrice'],
      },
    },
  },
  required: ['id', 'productId', 'sku', 'gtin', 'barcode', 'title', 'optionValues', 'price', 'compareAtPrice', 'image', 'position', 'updatedAt'],
  indexes: ['productId', 'sku'],
} as const satisfies CollectionSchema;

export const inventorySchema = {
  title: 'inventory',
  // 1: no index on variantId (rows are read by id, `${storeId}:${variantId}`; docs/performance.md); optional shelf `location`.
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 130 },
    storeId: idField,
    variantId: idField,
    onHand: { type: 'integer', minimum: -1e9, maximum: 1e9 },
    reserved: { type: 'integer', minimum: 0, maximum: 1e9 },
    available: { type: 'integer', minimum: -1e9, maximum: 1e9 },
    location: { type: 'string', maxLength: 40 },
    updatedAt: isoTime,
  },
  required: ['id', 'storeId', 'variantId', 'onHand', 'reserved', 'available', 'updatedAt'],
} as const satisfies CollectionSchema;

export const staffSchema = {
  title: 'staff',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    storeId: idField,
    staffNumber: { type: 'string', maxLength: 32 },
    badge: { type: 'string', maxLength: 64 },
    name: { type: 'string', maxLength: 120 },
    role: { type: 'string', enum: ['associate', 'manager'], maxLength: 16 },
    pinSalt: { type: 'string', maxLength: 64 },
    pinKdf: {
      type: 'object',
      properties: {
        algorithm: { type: 'string', enum: ['scrypt'] },
        logN: { type: 'integer', minimum: 10, maximum: 22 },
        r: { type: 'integer', minimum: 1, maximum: 64 },
        p: { type: 'integer', minimum: 1, maximum: 16 },
      },
      required: ['algorithm', 'logN', 'r', 'p'],
    },
    pinVersion: { type: 'integer', minimum: 0, maximum: 1000000000 },
    active: { type: 'boolean' },
    updatedAt: isoTime,
  },
  required: ['id', 'storeId', 'staffNumber', 'badge', 'name', 'role', 'pinSalt', 'pinKdf', 'pinVersion', 'active', 'updatedAt'],
} as const satisfies CollectionSchema;

export const noteSchema = {
  title: 'notes',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    storeId: idField,
    productId: idField,
    variantId: { type: 'string', maxLength: 64 },
    text: { type: 'string', minLength: 1, maxLength: 2000 },
    staffId: idField,
    deviceId: idField,
    createdAt: isoTime,
    updatedAt: isoTime,
    auth: staffProofSchema,
    signedInOffline: { type: 'boolean' },
  },
  required: ['id', 'storeId', 'productId', 'variantId', 'text', 'staffId', 'deviceId', 'createdAt', 'updatedAt'],
  indexes: ['productId'],
} as const satisfies CollectionSchema;

export interface CollectionDocs {
  stores: StoreDoc;
  products: ProductDoc;
  variants: VariantDoc;
  inventory: InventoryDoc;
  staff: StaffDoc;
  notes: NoteDoc;
  pickups: PickupDoc;
  pickupCodes: PickupCodeDoc;
  checkins: CheckinDoc;
  reviews: ReviewDoc;
  customers: CustomerDoc;
  orders: OrderDoc;
  customerEvents: CustomerEventDoc;
  returns: ReturnDoc;
}

export type CollectionName = keyof CollectionDocs;

export interface CollectionSpec {
  readonly name: CollectionName;
  readonly schema: CollectionSchema;
  /** 'server': devices only pull (the server owns inventory, prices, catalog). 'device': devices push too. */
  readonly writer: 'server' | 'device';
  /** 'global': every device gets every row. 'store': a device gets only its own store's rows (field storeId). */
  readonly scope: 'global' | 'store';
  /** Which device roles receive this collection. Kiosks never receive staff or personal data. */
  readonly roles: readonly ('counter' | 'kiosk')[];
}

export const COLLECTIONS: Readonly<Record<CollectionName, CollectionSpec>> = {
  stores: { name: 'stores', schema: storeSchema, writer: 'server', scope: 'global', roles: ['counter', 'kiosk'] },
  products: { name: 'products', schema: productSchema, writer: 'server', scope: 'global', roles: ['counter', 'kiosk'] },
  variants: { name: 'variants', schema: variantSchema, writer: 'server', scope: 'global', roles: ['counter', 'kiosk'] },
  inventory: { name: 'inventory', schema: inventorySchema, writer: 'server', scope: 'store', roles: ['counter', 'kiosk'] },
  staff: { name: 'staff', schema: staffSchema, writer: 'server', scope: 'store', roles: ['counter'] },
  notes: { name: 'notes', schema: noteSchema, writer: 'device', scope: 'store', roles: ['counter'] },
  // Pickup in store (docs/pickup.md): customer data stays on counters; kiosks get the pickupCodes projection.
  pickups: { name: 'pickups', schema: pickupSchema, writer: 'device', scope: 'store', roles: ['counter'] },
  pickupCodes: { name: 'pickupCodes', schema: pickupCodeSchema, writer: 'server', scope: 'store', roles: ['kiosk'] },
  checkins: { name: 'checkins', schema: checkinSchema, writer: 'device', scope: 'store', roles: ['counter', 'kiosk'] },
  // Managers' resolutions of conflicts sync could not settle (shared/conflicts): counters only.
  reviews: { name: 'reviews', schema: reviewSchema, writer: 'device', scope: 'store', roles: ['counter'] },
  // Customers (docs/customers.md): the store's working set, server-written; personal data, so counters only.
  customers: { name: 'customers', schema: customerSchema, writer: 'server', scope: 'store', roles: ['counter'] },
  orders: { name: 'orders', schema: orderDocSchema, writer: 'server', scope: 'store', roles: ['counter'] },
  // Device-written, append-only: views, reveals, notes, in-store wishlist changes; tombstoned once the server has them.
  customerEvents: { name: 'customerEvents', schema: customerEventSchema, writer: 'device', scope: 'store', roles: ['counter'] },
  // Returns (docs/returns.md): device-written event logs merged by event union; counters only (the 13th and last a
  // counter opens), never kiosks. The server is the authority for money: it appends accepted/refunded/flagged.
  returns: { name: 'returns', schema: returnSchema, writer: 'device', scope: 'store', roles: ['counter'] },
};

export const COLLECTION_NAMES = Object.keys(COLLECTIONS) as CollectionName[];

export function isCollectionName(value: unknown): value is CollectionName {
  return typeof value === 'string' && Object.hasOwn(COLLECTIONS, value);
}
