/**
 * The customer, one identity across channels (docs/customers.md), and the documents a counter device replicates
 * for its store's working set.
 *
 * Device collections (shared/schemas/collections.ts), counters only, never kiosks:
 * - `customers` (server-written, store-scoped): one CustomerDoc per working-set customer of that store, id
 *   `${storeId}:${customerId}`. Everything the profile screen shows without the network.
 * - `orders` (server-written, store-scoped): the working-set customers' orders from every channel, id
 *   `${storeId}:${orderId}`.
 * - `customerEvents` (device-written, store-scoped, append-only): what a counter records about a customer —
 *   profile viewed, contact revealed, a note, a wishlist item added or removed in store. The server takes each
 *   event into its audit log / the customer record on push and answers with the document deleted (a tombstone),
 *   so a device holds an event only until the server has it. Notes then come back inside CustomerDoc.notes
 *   (to every store holding the customer), wishlist changes inside CustomerDoc.wishlist.
 *
 * In working-set documents `storeId` is always the store whose working set holds the copy (the scope), never
 * where something was bought: that is `OrderDoc.orderStoreId`.
 */
import type { Money } from '../money';
import type { StaffProof } from '../staff';
import type { Order, OrderChannel } from '../orders/types';

export type LoyaltyTier = 'member' | 'silver' | 'gold' | 'platinum';
export const LOYALTY_TIERS: readonly LoyaltyTier[] = ['member', 'silver', 'gold', 'platinum'];

/** Where an action happened: an online channel, or a store (then storeId is set). */
export type Touchpoint = OrderChannel;

export type ConsentMethod = 'web-form' | 'app-settings' | 'in-store-verbal' | 'in-store-signature' | 'double-opt-in' | 'import';
export const CONSENT_METHODS: readonly ConsentMethod[] = ['web-form', 'app-settings', 'in-store-verbal', 'in-store-signature', 'double-opt-in', 'import'];

export interface Consent {
  granted: boolean;
  /** When it was given or withdrawn (UTC ISO). */
  at: string;
  /** Where: the channel, and the store when given in one ('' otherwise). */
  channel: Touchpoint;
  storeId: string;
  /** How. */
  method: ConsentMethod;
}

export interface SizePreference {
  /** A product category as in ProductDoc.category ("Shoes", "Tops"). */
  category: string;
  size: string;
}

export interface WishlistItem {
  /** Stable per customer: the variant id (one wishlist entry per variant). */
  variantId: string;
  productId: string;
  sku: string;
  title: string;
  addedAt: string;
  channel: Touchpoint;
  /** The store it was added in ('' online). */
  storeId: string;
  /** The variant's price when it was added (the profile shows the change since). */
  priceWhenAdded: Money;
}

export type ActivityType = 'view' | 'cart-add' | 'cart-remove';
export const ACTIVITY_TYPES: readonly ActivityType[] = ['view', 'cart-add', 'cart-remove'];

export interface ActivityItem {
  type: ActivityType;
  variantId: string;
  productId: string;
  at: string;
  channel: 'web' | 'app';
}

export interface CartLine {
  variantId: string;
  sku: string;
  quantity: number;
  unitPrice: Money;
}

export interface OnlineCart {
  channel: 'web' | 'app';
  updatedAt: string;
  lines: CartLine[];
}

export interface ChannelSpend {
  channel: OrderChannel;
  orders: number;
  /** Net of refunds, tax excluded (minor units of SpendSummary.currency). */
  net: number;
}

/** Historic spend, net of refunds (definitions in docs/customers.md). */
export interface SpendSummary {
  currency: string;
  /** Lifetime value: Σ line net of non-cancelled orders − refunds, tax excluded. */
  lifetimeNet: number;
  orders: number;
  /** lifetimeNet / orders, rounded to the minor unit; 0 without orders. */
  averageOrder: number;
  refunds: number;
  lastPurchaseAt: string | null;
  byChannel: ChannelSpend[];
}

/** "Goes with": products bought together with the customer's purchases and wishlist (item-to-item lift). */
export interface GoesWithItem {
  productId: string;
  /** P(B | A) / P(B) over the order history; > 1 means bought together more than chance. */
  lift: number;
  /** Orders containing both (support count). */
  together: number;
  /** The customer's product that it goes with. */
  becauseOf: string;
}

export interface CustomerNote {
  id: string;
  text: string;
  staffId: string;
  deviceId: string;
  /** The store it was written in. */
  storeId: string;
  at: string;
}

export type WorkingSetReason = 'pickup' | 'served' | 'lookup';
export const WORKING_SET_REASONS: readonly WorkingSetReason[] = ['pickup', 'served', 'lookup'];

/** Personal contact data; grouped so a device can encrypt it as one field. Shown masked until revealed. */
export interface CustomerContact {
  firstName: string;
  lastName: string;
  /** Normalised (trimmed, lower case); '' when unknown. */
  email: string;
  /** E.164 ("+14155550123"); '' when unknown. */
  phone: string;
  /** For display before a reveal: "a•••@example.com", "+1 ••• ••• 0123". */
  emailMasked: string;
  phoneMasked: string;
}

/** The `customers` collection: one store's working-set copy of a customer profile. */
export interface CustomerDoc {
  /** `${storeId}:${customerId}` */
  id: string;
  /** The working-set store (scope). */
  storeId: string;
  /** cus_… */
  customerId: string;
  contact: CustomerContact;
  /** Loyalty card number as printed and scanned (13 digits, EAN-13 valid); '' without a card. */
  loyaltyNumber: string;
  tier: LoyaltyTier;
  points: number;
  storeCredit: Money;
  memberSince: string;
  homeStoreId: string;
  consents: { email: Consent | null; sms: Consent | null };
  preferences: { sizes: SizePreference[] };
  wishlist: WishlistItem[];
  /** Last 90 days, newest first, at most 50. */
  activity: ActivityItem[];
  cart: OnlineCart | null;
  spend: SpendSummary;
  goesWith: GoesWithItem[];
  notes: CustomerNote[];
  /** Why this store holds the customer. */
  reasons: WorkingSetReason[];
  updatedAt: string;
}

/**
 * The `orders` collection: one store's working-set copy of a customer's order (any channel). Every field is the
 * central Order's (shared/orders/types.ts, the one source of lines, totals, tenders and fulfilments) except that
 * the copy's `id` and `storeId` are the working set's: the order's own id travels as `orderId` and its store as
 * `orderStoreId`. The JSON is the same as before this was derived (orderDocSchema in shared/customers/schema.ts).
 */
export interface OrderDoc extends Omit<Order, 'id' | 'storeId'> {
  /** `${storeId}:${orderId}` */
  id: string;
  /** The working-set store (scope). */
  storeId: string;
  /** Order.id */
  orderId: string;
  /** Order.storeId: where it was sold or is collected; '' for a shipment. */
  orderStoreId: string;
  /**
   * The order's signed receipt code (`AR1.…`, docs/returns.md), made by the server when it writes the copy: printed
   * on the pickup receipt, so the goods can be returned at any counter by scanning it. '' on copies written before.
   */
  receiptCode?: string;
}

export type CustomerEventKind = 'viewed' | 'revealed' | 'note' | 'wishlist-add' | 'wishlist-remove';
export const CUSTOMER_EVENT_KINDS: readonly CustomerEventKind[] = ['viewed', 'revealed', 'note', 'wishlist-add', 'wishlist-remove'];

/** How the profile was opened (for `viewed`). */
export type ProfileSource = 'loyalty-scan' | 'receipt-scan' | 'search' | 'pickup' | 'order' | 'handover' | 'other';
export const PROFILE_SOURCES: readonly ProfileSource[] = ['loyalty-scan', 'receipt-scan', 'search', 'pickup', 'order', 'handover', 'other'];

/**
 * The `customerEvents` collection (device-written, append-only). Unused fields are '' so one flat schema
 * serves every kind:
 * - viewed: source;  revealed: field ('email' | 'phone');  note: text;
 * - wishlist-add: variantId (the server prices it and fills sku, title, price-when-added);  wishlist-remove: variantId.
 */
export interface CustomerEventDoc {
  /** Unique, made by the device (e.g. `${deviceId}:${counter}` or a UUID); a retried push reuses it. */
  id: string;
  storeId: string;
  customerId: string;
  kind: CustomerEventKind;
  staffId: string;
  deviceId: string;
  /** Device clock, UTC ISO. */
  at: string;
  source: ProfileSource | '';
  field: 'email' | 'phone' | '';
  text: string;
  variantId: string;
  /** Who recorded it, proven: the online staff session's HMAC over the event (renderer/data/staffSession.ts). */
  auth?: StaffProof;
  /** Recorded by someone signed in offline (no proof); the server accepts it marked so. */
  signedInOffline?: boolean;
}
