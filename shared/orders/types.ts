/**
 * One orders model for every channel (docs/customers.md): web and app orders shipped home, pickup orders (a
 * pickup is an order with a `pickup` fulfilment; its counter workflow stays in shared/pickup/), and store sales
 * reported by the retailer's POS (`in-store` fulfilment, handed over at the till).
 *
 * What must stay true:
 * - Line amounts are frozen at sale time: `unitPrice`, the line's share of the order discount and its tax are
 *   stored on the line, so a refund (the returns issue) never depends on today's price.
 * - For every line: net = quantity × unitPrice − discount; total = net + tax. The order's totals are the sums
 *   of its lines; the order-level discount is prorated onto the lines by largest remainder, so the lines'
 *   discounts add up to it exactly (shared/orders/proration.ts).
 * - A card tender holds the brand and the last 4 digits, never more: ingest refuses anything that looks like a
 *   full card number anywhere in the payload.
 */
import type { Money } from '../money';

export type OrderChannel = 'web' | 'app' | 'store';
export const ORDER_CHANNELS: readonly OrderChannel[] = ['web', 'app', 'store'];

/** open: placed, nothing handed over yet; completed: every fulfilment delivered/collected; cancelled: nothing will be. */
export type OrderStatus = 'open' | 'completed' | 'cancelled';
export const ORDER_STATUSES: readonly OrderStatus[] = ['open', 'completed', 'cancelled'];

/** ship: sent to an address; pickup: collected in a store (BOPIS); in-store: handed over at the till. */
export type FulfilmentType = 'ship' | 'pickup' | 'in-store';
export const FULFILMENT_TYPES: readonly FulfilmentType[] = ['ship', 'pickup', 'in-store'];

export type FulfilmentStatus = 'pending' | 'in-progress' | 'ready' | 'shipped' | 'delivered' | 'collected' | 'cancelled' | 'expired';
export const FULFILMENT_STATUSES: readonly FulfilmentStatus[] = ['pending', 'in-progress', 'ready', 'shipped', 'delivered', 'collected', 'cancelled', 'expired'];

export type TenderType = 'card' | 'gift-card' | 'store-credit' | 'cash';
export const TENDER_TYPES: readonly TenderType[] = ['card', 'gift-card', 'store-credit', 'cash'];

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'maestro' | 'jcb' | 'unionpay' | 'other';
export const CARD_BRANDS: readonly CardBrand[] = ['visa', 'mastercard', 'amex', 'discover', 'maestro', 'jcb', 'unionpay', 'other'];

export interface Tender {
  type: TenderType;
  amount: Money;
  /** card only; '' otherwise. */
  brand: CardBrand | '';
  /** card and gift-card: exactly 4 digits; '' otherwise. Never more than 4. */
  last4: string;
}

export interface OrderLine {
  /** Stable within the order: "l1", "l2", … (returns refer to it). */
  id: string;
  variantId: string;
  productId: string;
  sku: string;
  title: string;
  quantity: number;
  /** The price per unit charged at sale time, before discounts. */
  unitPrice: Money;
  /** The line's discount: its own plus its largest-remainder share of the order-level discount. */
  discount: Money;
  /** quantity × unitPrice − discount. */
  net: Money;
  tax: Money;
  /** net + tax: what the customer paid for this line. */
  total: Money;
}

export interface Fulfilment {
  /** "f1", "f2", … */
  id: string;
  type: FulfilmentType;
  /** The store that collects or sells; '' for a shipment. */
  storeId: string;
  status: FulfilmentStatus;
  /** Which lines (ids) this fulfilment carries. */
  lineIds: string[];
  /** For a pickup: the pickups document (same id as the order); '' otherwise. */
  pickupId: string;
  /** Handed to the carrier, staged ready, or handed over at the till. */
  fulfilledAt: string | null;
  /** Arrived at the address / collected by the customer. */
  deliveredAt: string | null;
}

export interface OrderTotals {
  subtotal: Money;
  discount: Money;
  tax: Money;
  total: Money;
}

/** The central record (server side; the device receives OrderDoc, its working-set copy). */
export interface Order {
  /** ord_… */
  id: string;
  orderNumber: string;
  channel: OrderChannel;
  /** Where it was sold (store channel) or is collected (pickup); '' for an online order shipped home. */
  storeId: string;
  /** Aisle's customer id (cus_…), or '' for a guest order. */
  customerId: string;
  status: OrderStatus;
  placedAt: string;
  /** When the last fulfilment was fulfilled (shipped / ready / handed over); null until then. */
  fulfilledAt: string | null;
  /** When the last fulfilment was delivered or collected; null until then. */
  deliveredAt: string | null;
  currency: string;
  lines: OrderLine[];
  totals: OrderTotals;
  tenders: Tender[];
  fulfilments: Fulfilment[];
  updatedAt: string;
}
