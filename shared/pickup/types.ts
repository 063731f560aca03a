/**
 * The pickup-in-store (BOPIS) document and its events. One definition for the device and the server:
 * the document carries an append-only `events` array; everything else the UI needs (status, per-line
 * quantities, staging location, flags) is a pure fold of those events (lifecycle.ts). The fields stored
 * next to the events (status, promisedReadyAt, expiresAt, updatedAt, flags) are that fold's result, kept on
 * the document only so RxDB can index and query them; both sides recompute them and never trust them.
 */
import type { Money } from '../money';
import type { StaffProof } from '../staff';

export type PickupChannel = 'web' | 'app';
export const PICKUP_CHANNELS: readonly PickupChannel[] = ['web', 'app'];

export type PickupStatus = 'placed' | 'picking' | 'ready' | 'collected' | 'cancelled' | 'expired';
export const PICKUP_STATUSES: readonly PickupStatus[] = ['placed', 'picking', 'ready', 'collected', 'cancelled', 'expired'];
export const TERMINAL_STATUSES: readonly PickupStatus[] = ['collected', 'cancelled', 'expired'];

/**
 * Why a line (or some of its units) cannot be handed over. Each reason has a stock effect (stock.ts):
 * - NOT_IN_STOCK: the shelf is empty although the system counted units: the count was wrong, onHand is corrected.
 * - DAMAGED, WORN_DISPLAY: the unit exists but cannot be sold: written off (onHand down).
 * - MISMATCH: the item does not match the order (wrong label, wrong colour on the web): no stock change.
 * - OTHER: no stock change; the note says why.
 * In every case the reservation for those units is released.
 */
export type RejectReason = 'NOT_IN_STOCK' | 'DAMAGED' | 'WORN_DISPLAY' | 'MISMATCH' | 'OTHER';
export const REJECT_REASONS: readonly RejectReason[] = ['NOT_IN_STOCK', 'DAMAGED', 'WORN_DISPLAY', 'MISMATCH', 'OTHER'];
/** Reasons whose units leave the store's count (onHand − quantity). */
export const WRITE_OFF_REASONS: readonly RejectReason[] = ['NOT_IN_STOCK', 'DAMAGED', 'WORN_DISPLAY'];

export type CancelledBy = 'customer' | 'webshop' | 'store';
export const CANCELLED_BY: readonly CancelledBy[] = ['customer', 'webshop', 'store'];

export type CollectorRelation = 'customer' | 'proxy';

/** Raised on the folded state for a manager to look at; never blocks anything. */
export type PickupFlag =
  /** A cancellation (web shop or customer) raced a handover made offline: the goods are gone, refund needs a human. */
  | 'CANCELLED_AFTER_HANDOVER'
  /** Two associates picked more units of a line than ordered: the extra units go back to the shelf. */
  | 'OVERPICKED';

export interface PickupCustomer {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
}

export interface PickupLine {
  /** Stable within the pickup ("l1", "l2", …): events refer to it. */
  id: string;
  variantId: string;
  sku: string;
  title: string;
  quantity: number;
  unitPrice: Money;
}

/** Fixed when the order is placed, so every side derives the same deadlines from the same events. */
export interface PickupPolicy {
  /** Promised ready time = placed + this many minutes. */
  promiseMinutes: number;
  /** An uncollected pickup expires this many days after it became ready. */
  holdDays: number;
}

interface EventBase {
  /** Unique: a device makes it from its id and a counter or random; a retried scan reuses it. */
  id: string;
  /** UTC ISO time on the recording device's clock. Ordering is (at, id), ties broken by id. */
  at: string;
  staffId: string;
  deviceId: string;
  /** Made in an online staff session: the session's proof (shared/staff.ts), checked by the server on push. */
  auth?: StaffProof;
  /** Made while the staff member was signed in offline (or without a proof): accepted, and shown as such. */
  signedInOffline?: boolean;
}

export type PickupEvent =
  | (EventBase & { type: 'placed'; channel: PickupChannel })
  | (EventBase & { type: 'picking-started' })
  | (EventBase & { type: 'line-picked'; lineId: string; quantity: number })
  | (EventBase & { type: 'line-rejected'; lineId: string; quantity: number; reason: RejectReason; note: string })
  | (EventBase & { type: 'staged'; location: string })
  | (EventBase & { type: 'customer-checked-in'; checkinId: string })
  | (EventBase & { type: 'collected'; collectedBy: string; relation: CollectorRelation; idChecked: boolean })
  | (EventBase & { type: 'cancelled'; by: CancelledBy; reason: string })
  | (EventBase & { type: 'expired' });

export type PickupEventType = PickupEvent['type'];

/** Event types a device may record; the others come from the server (orders, check-ins, the expiry job). */
export const DEVICE_EVENT_TYPES: readonly PickupEventType[] = ['picking-started', 'line-picked', 'line-rejected', 'staged', 'collected', 'cancelled'];

export interface PickupDoc {
  /** The order id (`ord_…`). */
  id: string;
  storeId: string;
  orderNumber: string;
  channel: PickupChannel;
  customer: PickupCustomer;
  /** Normalised (upper case) pickup code; staff devices only (kiosks get pickupCodes with a hash). */
  pickupCode: string;
  lines: PickupLine[];
  policy: PickupPolicy;
  events: PickupEvent[];
  // Derived from events (lifecycle.ts withDerived); stored for indexes.
  status: PickupStatus;
  placedAt: string;
  promisedReadyAt: string;
  expiresAt: string;
  updatedAt: string;
  flags: PickupFlag[];
}

export interface LineState {
  ordered: number;
  picked: number;
  rejected: number;
  rejectedBy: Partial<Record<RejectReason, number>>;
  /** Units handed over (picked units once the pickup is collected). */
  collected: number;
}

export interface PickupState {
  status: PickupStatus;
  placedAt: string;
  pickingStartedAt: string | null;
  readyAt: string | null;
  location: string | null;
  checkedInAt: string | null;
  /** Checked in and not yet collected / cancelled / expired: counters show "customer waiting". */
  customerWaiting: boolean;
  collectedAt: string | null;
  collectedBy: string | null;
  idChecked: boolean;
  cancelledAt: string | null;
  cancelledBy: CancelledBy | null;
  cancelReason: string | null;
  expiredAt: string | null;
  lines: Record<string, LineState>;
  flags: PickupFlag[];
  lastEventAt: string;
}

/** Who records a transition, where and when; `eventId` makes a retried command the same event. */
export interface Actor {
  staffId: string;
  deviceId: string;
  at: string;
  eventId: string;
}

export type PickupCommand =
  | { type: 'start-picking' }
  | { type: 'pick'; lineId: string; quantity: number }
  | { type: 'reject'; lineId: string; quantity: number; reason: RejectReason; note?: string }
  | { type: 'stage'; location: string }
  | { type: 'check-in'; checkinId: string }
  | { type: 'collect'; collectedBy: string; relation: CollectorRelation; idChecked: boolean }
  | { type: 'cancel'; by: CancelledBy; reason: string }
  | { type: 'expire' };

export type RefusalCode = 'ILLEGAL_TRANSITION' | 'UNKNOWN_LINE' | 'BAD_QUANTITY' | 'LINES_UNRESOLVED' | 'NOTHING_PICKED' | 'NOT_DUE' | 'BAD_INPUT';

export interface Refusal {
  code: RefusalCode;
  reason: string;
}

export type CommandResult = { ok: true; doc: PickupDoc; event: PickupEvent } | { ok: false; refusal: Refusal };
