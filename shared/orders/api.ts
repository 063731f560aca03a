/**
 * POST /api/v1/orders (channel key in x-aisle-channel-key; idempotent by the idempotency-key header): one
 * payload for every channel and fulfilment. The pickup-only body of before is still accepted unchanged (no
 * `fulfilment`, a `pickupStoreId`): without `fulfilment`, a web/app order is a pickup.
 *
 * Amounts are integer minor units in the order's currency. Stock rules: a pickup reserves stock at its store
 * (409 listing the short lines, nothing stored); a store sale takes stock off the store's count; a shipment
 * touches no store stock (it ships from the warehouse).
 */
import type { Money } from '../money';
import type { CardBrand, FulfilmentType, OrderChannel, OrderStatus, TenderType } from './types';

export interface OrderCustomerInput {
  /** The channel's own customer id (web shop account id, app user id, POS customer number); optional. */
  id?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  loyaltyNumber?: string;
}

export interface OrderLineInput {
  sku: string;
  quantity: number;
  unitPrice: Money;
  /** The line's own discount (minor units, ≥ 0), before the order-level discount is prorated on. Default 0. */
  discount?: number;
  /** Tax charged on this line (minor units, ≥ 0). When no line carries tax, `tax` on the order is prorated. */
  tax?: number;
}

export interface TenderInput {
  type: TenderType;
  /** Minor units, > 0. */
  amount: number;
  /** card only. */
  brand?: CardBrand;
  /** card and gift-card: exactly 4 digits. A full card number anywhere in the payload is a 400. */
  last4?: string;
}

export interface OrderBody {
  channel: OrderChannel;
  orderNumber?: string;
  /** Optional for store sales (guest); required for pickups (the counter hands over to a named customer). */
  customer?: OrderCustomerInput;
  /** Default: `in-store` for channel store, else `pickup` (the pickup API of before). A shipment says `{type: 'ship'}`. */
  fulfilment?: { type: FulfilmentType; storeId?: string };
  /** The pickup store (legacy field; same as fulfilment.storeId for a pickup). */
  pickupStoreId?: string;
  /** Where a store sale happened (channel store); same as fulfilment.storeId. */
  storeId?: string;
  /** When the sale happened (POS reports, back-fills); default now. Never in the future. */
  placedAt?: string;
  /** Order-level discount (minor units, ≥ 0), prorated onto the lines by largest remainder. */
  discount?: number;
  /** Order-level tax (minor units), prorated by line net when no line carries its own tax. */
  tax?: number;
  lines: OrderLineInput[];
  /** When given, they must add up to the order total exactly. */
  tenders?: TenderInput[];
}

/** 201 (or the stored first response on a retry). Pickup fields are '' for other fulfilments. */
export interface OrderResult {
  orderId: string;
  orderNumber: string;
  /** The store that sells or collects; '' for a shipment. */
  storeId: string;
  customerId: string;
  channel: OrderChannel;
  status: OrderStatus | 'placed';
  total: Money;
  pickupCode: string;
  pickupQr: string;
  promisedReadyAt: string;
  /** The signed receipt code (AR1.…, docs/returns.md): print it as a 2D code on the receipt and put it in the e-mail; any store can verify it offline for a return. */
  receiptCode?: string;
}
