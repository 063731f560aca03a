/**
 * Builders the counter uses to make a return document and append its own events, and the two ways to get a
 * ReturnableSale (from an order the device holds, or from a verified receipt code).
 */
import type { Order } from '../orders/types';
import type { OrderDoc } from '../customers/types';
import type { StaffProof } from '../staff';
import type { Receipt } from './receipt';
import type { LineVerdict, ReceiptRef, RefundAllocation, ReturnDoc, ReturnEvent, ReturnLine, ReturnableSale } from './types';
import { withDerived } from './fold';
import { mergeReturnEvents } from './merge';

/** Who records an event, where and when; eventId makes a retried action the same event. */
export interface ReturnActor {
  staffId: string;
  deviceId: string;
  at: string;
  eventId: string;
  /** The staff session proof (online), else the event is marked signedInOffline. */
  auth?: StaffProof;
}

function base(actor: ReturnActor): Pick<ReturnEvent, 'id' | 'at' | 'staffId' | 'deviceId' | 'auth' | 'signedInOffline'> {
  return { id: actor.eventId, at: actor.at, staffId: actor.staffId, deviceId: actor.deviceId, ...(actor.auth ? { auth: actor.auth } : { signedInOffline: true }) };
}

export interface NewReturn {
  /** ret_… unique (e.g. `ret_${deviceId}_${counter}`); the refund's idempotency key. */
  id: string;
  storeId: string;
  /** null for a receiptless return. */
  sale: ReturnableSale | null;
  receipt: ReceiptRef;
  customerId: string;
  currency: string;
  lines: ReturnLine[];
  verdicts: LineVerdict[];
  offline: boolean;
}

/** A new return: its `created` and `assessed` events (the verdicts the counter showed). */
export function newReturnDoc(input: NewReturn, actor: ReturnActor): ReturnDoc {
  const created: ReturnEvent = { ...base(actor), type: 'created', receipt: input.receipt, customerId: input.customerId, lines: input.lines, offline: input.offline };
  const assessed: ReturnEvent = { ...base({ ...actor, eventId: `${actor.eventId}:assessed` }), type: 'assessed', verdicts: input.verdicts };
  return withDerived({
    id: input.id,
    storeId: input.storeId,
    orderId: input.sale?.orderId ?? '',
    orderNumber: input.sale?.orderNumber ?? '',
    originChannel: input.sale?.channel ?? '',
    customerId: input.customerId,
    currency: input.currency,
    events: [created, assessed],
    status: 'draft',
    flags: [],
    refundTotal: 0,
    createdAt: actor.at,
    updatedAt: actor.at,
  });
}

export function withEvent(doc: ReturnDoc, event: ReturnEvent): ReturnDoc {
  return withDerived({ ...doc, events: mergeReturnEvents(doc.events, [event]) });
}

export function assessedEvent(verdicts: LineVerdict[], actor: ReturnActor): ReturnEvent {
  return { ...base(actor), type: 'assessed', verdicts };
}

/** A manager's approval (override: of a refusal) — actor.staffId is the manager who entered their PIN. */
export function approvalEvent(lineIds: string[], override: boolean, reason: string, pin: 'online' | 'offline', actor: ReturnActor): ReturnEvent {
  return { ...base(actor), type: 'approved', lineIds, override, reason, pin };
}

export function tenderedEvent(allocations: RefundAllocation[], collect: number, actor: ReturnActor): ReturnEvent {
  return { ...base(actor), type: 'tendered', allocations, total: allocations.reduce((a, x) => a + x.amount, 0), collect };
}

export function cancelledEvent(reason: string, actor: ReturnActor): ReturnEvent {
  return { ...base(actor), type: 'cancelled', reason };
}

/** The window starts when the customer got the goods: delivered (ship), collected (pickup), sold (in-store). */
export function saleFromOrder(order: Order | OrderDoc): ReturnableSale {
  const fulfilment = order.fulfilments[0]?.type ?? (order.channel === 'store' ? 'in-store' : 'ship');
  const handedOverAt = fulfilment === 'in-store' ? (order.deliveredAt ?? order.fulfilledAt ?? order.placedAt) : order.deliveredAt;
  return {
    orderId: 'orderId' in order ? order.orderId : order.id,
    orderNumber: order.orderNumber,
    channel: order.channel,
    fulfilment,
    storeId: 'orderStoreId' in order ? order.orderStoreId : order.storeId,
    placedAt: order.placedAt,
    handedOverAt,
    cancelled: order.status === 'cancelled',
    currency: order.currency,
    lines: order.lines.map((l) => ({ id: l.id, variantId: l.variantId, sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice.amount, discount: l.discount.amount, net: l.net.amount, tax: l.tax.amount })),
    tenders: order.tenders.map((t) => ({ type: t.type, amount: t.amount.amount, last4: t.last4 })),
  };
}

/**
 * From a verified receipt code (offline): the code is printed at sale time, so a shipped or pickup order's delivery
 * is not in it. The window then counts from the sale date — stricter than the server's, never looser — and the
 * server, which knows the delivery, decides again on push.
 */
export function saleFromReceipt(r: Receipt): ReturnableSale {
  return {
    orderId: r.orderId,
    orderNumber: r.orderNumber,
    channel: r.channel,
    fulfilment: r.fulfilment,
    storeId: r.storeId,
    placedAt: r.placedAt,
    handedOverAt: r.placedAt,
    cancelled: false,
    currency: r.currency,
    lines: r.lines,
    tenders: r.tenders,
  };
}
