/**
 * HTTP payloads of the customer APIs (docs/customers.md). Channel-key endpoints (web shop, app) authenticate with
 * x-aisle-channel-key; device endpoints with the device token (counter role only; kiosks get 403); admin ones
 * with the admin token. Every ingest batch is all-or-nothing: a bad payload is a 400 listing every bad field
 * (capped at MAX_REPORTED_ISSUES) and nothing is stored.
 */
import type { Money } from '../money';
import type { FieldIssue } from '../errors';
import type { ActivityType, ConsentMethod, CustomerDoc, CustomerEventDoc, LoyaltyTier, OrderDoc, ProfileSource, Touchpoint, WorkingSetReason } from './types';

export const MAX_BATCH = 1000;
export const MAX_REPORTED_ISSUES = 100;

// ---- Ingest (channel key) ----

export interface ConsentInput {
  granted: boolean;
  at: string;
  /** Default: the key's channel. */
  channel?: Touchpoint;
  storeId?: string;
  method: ConsentMethod;
}

/**
 * One customer as a channel knows it. Identity: matched to an existing customer by (channel, id), then e-mail,
 * then phone (E.164), then loyalty number; otherwise created. Given fields overwrite, absent ones are kept.
 */
export interface CustomerInput {
  /** The channel's own id for this customer. Required. */
  id: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  /** Any common format; stored as E.164 (libphonenumber-js, default region from the retailer's country). */
  phone?: string;
  loyaltyNumber?: string;
  tier?: LoyaltyTier;
  points?: number;
  /** Store credit balance, minor units. */
  storeCredit?: Money;
  homeStoreId?: string;
  consents?: { email?: ConsentInput; sms?: ConsentInput };
  /** Replaces the size preferences. */
  sizes?: { category: string; size: string }[];
  /** When the customer joined (default: first seen). */
  memberSince?: string;
}

/** POST /api/v1/customers/batch  body: { customers: CustomerInput[] } → 200 { results } */
export interface CustomerBatchBody {
  customers: CustomerInput[];
}

export interface CustomerBatchResult {
  results: { id: string; customerId: string; created: boolean }[];
}

/** Identifies the customer in wishlist / activity batches: the channel's id (customerId = Aisle's, if known). */
export interface CustomerRef {
  channelCustomerId?: string;
  customerId?: string;
}

/** POST /api/v1/customers/wishlist  body: { changes } → 200 { applied } */
export interface WishlistChangeInput extends CustomerRef {
  op: 'add' | 'remove';
  /** A variant id or SKU of the catalog. */
  sku: string;
  at: string;
  /** Default: the variant's current price. */
  priceWhenAdded?: Money;
}

export interface WishlistBatchBody {
  changes: WishlistChangeInput[];
}

/** POST /api/v1/customers/activity  body: { events } → 200 { applied }. Events older than 90 days are refused. */
export interface ActivityInput extends CustomerRef {
  type: ActivityType | 'cart';
  /** view / cart-add / cart-remove: the SKU. */
  sku?: string;
  at: string;
  /** type 'cart': the whole current cart (replaces it; [] empties it). */
  lines?: { sku: string; quantity: number; unitPrice: Money }[];
}

export interface ActivityBatchBody {
  events: ActivityInput[];
}

export interface BatchApplied {
  applied: number;
}

/** 400 body of every ingest endpoint. */
export interface IngestError {
  code: 'VALIDATION_FAILED';
  message: string;
  details: FieldIssue[];
}

// ---- Counter devices (device token, role counter) ----

/** GET /api/v1/customers/search?q=  (min 2 characters; rate-limited per device) */
export interface CustomerSearchHit {
  customerId: string;
  firstName: string;
  lastName: string;
  emailMasked: string;
  phoneMasked: string;
  loyaltyNumber: string;
  tier: LoyaltyTier;
  homeStoreId: string;
  /** What matched: 'name' | 'email' | 'phone' | 'loyalty' | 'order'. */
  matched: 'name' | 'email' | 'phone' | 'loyalty' | 'order';
  /** Already in this store's working set (the device has it locally). */
  inWorkingSet: boolean;
}

export interface CustomerSearchResponse {
  hits: CustomerSearchHit[];
  /** True when more matched than were returned (20): refine the query. */
  more: boolean;
}

/**
 * POST /api/v1/customers/:customerId/open  body: { source: ProfileSource } → 200 CustomerOpenResponse
 * Adds the customer to this store's working set (reason 'lookup'); the same documents also replicate through
 * `customers` / `orders`, this answer just lets the screen show them without waiting for the pull.
 */
export interface CustomerOpenBody {
  source: ProfileSource;
}

export interface CustomerOpenResponse {
  customer: CustomerDoc;
  orders: OrderDoc[];
}

/** GET /api/v1/customers/:customerId/views  (and GET /api/v1/customers/views?storeId= for the store) → the audit log. */
export interface ProfileViewEntry {
  eventId: string;
  customerId: string;
  kind: 'viewed' | 'revealed';
  storeId: string;
  deviceId: string;
  staffId: string;
  source: ProfileSource | '';
  field: 'email' | 'phone' | '';
  at: string;
  receivedAt: string;
}

export interface ProfileViewLog {
  entries: ProfileViewEntry[];
}

// ---- Admin (admin token) / CLI ----

/** POST /api/v1/admin/customers/merge  body: { into, from } — `from` is folded into `into` and removed. */
export interface MergeBody {
  into: string;
  from: string;
}

/** POST /api/v1/admin/customers/:customerId/erase → { erased, ordersPseudonymised, devicesNotified } */
export interface EraseResult {
  customerId: string;
  ordersPseudonymised: number;
  workingSetCopiesRemoved: number;
}

/** GET /api/v1/admin/customers/:customerId/export → everything held about the customer, as JSON. */
export interface AccessExport {
  exportedAt: string;
  customer: Record<string, unknown>;
  identities: { channel: string; channelCustomerId: string }[];
  wishlist: unknown[];
  activity: unknown[];
  orders: unknown[];
  notes: unknown[];
  profileViews: ProfileViewEntry[];
  workingSets: { storeId: string; reasons: WorkingSetReason[]; since: string }[];
}

// ---- KPIs (device token of a counter, manager; or admin) ----

/** GET /api/v1/kpis?storeId=&from=YYYY-MM&to=YYYY-MM  (storeId omitted = the network) */
export interface KpiMonth {
  /** YYYY-MM */
  month: string;
  customers: number;
  orders: number;
  /** Historic CLV: mean net spend (after refunds, tax excluded) per customer who has bought up to this month's end. */
  clv: number;
  /** Share of the previous month's... see docs/customers.md for every definition. */
  retentionRate: number | null;
  crossChannelConversion: number | null;
  aov: { single: number | null; webAndStore: number | null; bopis: number | null };
  bopisAddOnRate: number | null;
}

export interface KpiResponse {
  storeId: string | null;
  currency: string;
  months: KpiMonth[];
}

export type { CustomerEventDoc, ProfileSource };
