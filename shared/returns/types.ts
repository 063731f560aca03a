/**
 * Returns across channels (issue #9, docs/returns.md): one definition for the counter and the server.
 *
 * API for the counter (import from 'shared/returns'; every function is pure and runs offline):
 * - Receipt codes (receipt.ts): `isReceiptCode(text)` to route a scan (classifyScan answers kind 'receipt', signed);
 *   `peekReceiptOrderId(text)` reads the claimed order id unverified; `verifyReceiptCode(text, keys)` →
 *   `{ok: true, receipt}` | `{ok: false, code, reason}` with the server's public keys from
 *   GET /api/v1/returns/settings (`ReturnSettings.receiptKeys`, cached for offline use);
 *   `saleFromReceipt(receipt)` / `saleFromOrder(order | orderDoc)` give the `ReturnableSale` everything below takes.
 * - Policy (policy.ts): `assessReturn(input)` → per-line `LineVerdict` (allowed | needs-manager + code/why |
 *   refused + code/why/overridable) and what the manager must approve; `verdictAfterApprovals(...)`.
 * - Money (refund.ts): `refundForLines(sale, lines, returnedBefore, policy)` → per-line net/tax/fee/refund;
 *   `planTenders(input)` → allocations per tender (original tenders up to what each paid, store credit, gift card,
 *   cash up to a limit; offline only pending store credit/gift card and cash under the device cap);
 *   `exchangeBalance(...)` → refund difference or amount to collect.
 * - Documents (build.ts): `newReturnDoc(...)`, `withEvent(doc, event)`; merge.ts `mergeReturns(a, b)` (event union,
 *   the RxDB conflict handler and the server use it); fold.ts `foldReturn(doc)` for status, flags, totals.
 *
 * What must stay true:
 * - A return document is an append-only event log (like a pickup): devices append their own events, the server
 *   appends the authoritative ones (accepted, refunded, flagged); merging is the union of events by id.
 * - Refund amounts come only from sale-time line amounts (OrderLine net/tax, frozen at sale), never from today's
 *   price (except receiptless returns: store credit at the lowest recent price).
 * - Money in integer minor units of the sale's currency.
 */
import type { FulfilmentType, OrderChannel, TenderType } from '../orders/types';
import type { StaffProof } from '../staff';

/** The standard reasons (OTHER needs a note). */
export type ReturnReason = 'SIZE_TOO_SMALL' | 'SIZE_TOO_LARGE' | 'COLOUR' | 'STYLE' | 'DEFECTIVE' | 'NOT_AS_DESCRIBED' | 'WRONG_ITEM' | 'UNWANTED' | 'OTHER';
export const RETURN_REASONS: readonly ReturnReason[] = ['SIZE_TOO_SMALL', 'SIZE_TOO_LARGE', 'COLOUR', 'STYLE', 'DEFECTIVE', 'NOT_AS_DESCRIBED', 'WRONG_ITEM', 'UNWANTED', 'OTHER'];
/** The retailer's fault: no restocking fee, and fee lines (shipping) come back with a full return. */
export const SELLER_FAULT_REASONS: readonly ReturnReason[] = ['DEFECTIVE', 'NOT_AS_DESCRIBED', 'WRONG_ITEM'];

export type ItemCondition = 'new' | 'opened' | 'used' | 'damaged';
export const ITEM_CONDITIONS: readonly ItemCondition[] = ['new', 'opened', 'used', 'damaged'];

/**
 * Where a returned unit goes, at the returning store (stock effects in stock.ts):
 * restock: sellable here (onHand + 1; a web order's item becomes this store's stock); damaged: kept, not sellable;
 * rtv: return to vendor; destroy; inspect: held for inspection. Only restock changes the sellable count.
 */
export type Disposition = 'restock' | 'damaged' | 'rtv' | 'destroy' | 'inspect';
export const DISPOSITIONS: readonly Disposition[] = ['restock', 'damaged', 'rtv', 'destroy', 'inspect'];

/** How the sale was identified. */
export type ReceiptKind = 'code' | 'order' | 'none';

export interface ReceiptRef {
  kind: ReceiptKind;
  /** The scanned receipt code (kind 'code'); the server verifies it again. '' otherwise. */
  code: string;
}

/** One returned line. Receiptless lines have orderLineId ''. */
export interface ReturnLine {
  /** "r1", "r2", … within the return. */
  id: string;
  orderLineId: string;
  variantId: string;
  productId: string;
  sku: string;
  title: string;
  /** ProductDoc.category at the time of the return (window and fee rules are per category). */
  category: string;
  quantity: number;
  reason: ReturnReason;
  /** Required for OTHER; may be '' otherwise. */
  note: string;
  condition: ItemCondition;
  disposition: Disposition;
  /** Exchange: the variant handed over instead (same product, from this store's stock); '' for none. */
  exchangeVariantId: string;
  /** The exchange variant's price today (minor units); 0 without exchange. */
  exchangePrice: number;
}

export type VerdictCode =
  | 'OUTSIDE_WINDOW'
  | 'PAST_GRACE'
  | 'FINAL_SALE'
  | 'ALREADY_RETURNED'
  | 'NOT_ON_ORDER'
  | 'FEE_LINE'
  | 'ORDER_CANCELLED'
  | 'NOT_HANDED_OVER'
  | 'RECEIPTLESS_DISABLED'
  | 'RECEIPTLESS_NEEDS_CUSTOMER'
  | 'RECEIPTLESS_OVER_LIMIT'
  | 'AMOUNT_NEEDS_MANAGER'
  | 'NOTE_REQUIRED'
  | 'EXCHANGE_NOT_SAME_PRODUCT';

export type LineVerdict =
  | { lineId: string; verdict: 'allowed' }
  | { lineId: string; verdict: 'needs-manager'; code: VerdictCode; why: string; params: Record<string, number | string> }
  | { lineId: string; verdict: 'refused'; code: VerdictCode; why: string; params: Record<string, number | string>; overridable: boolean };

export type RefundMethod = TenderType;

/** One part of a refund: back to an original tender (originalIndex into the sale's tenders) or a new one. */
export interface RefundAllocation {
  tender: RefundMethod;
  /** Index into ReturnableSale.tenders when refunded to that original tender; -1 for a new tender. */
  originalIndex: number;
  amount: number;
  /** Issued offline (store credit, gift card): not spendable until the server has it. */
  pending: boolean;
}

/** Raised for a manager; the return is kept, never refunded twice. */
export type ReturnFlag =
  /** Lost the race for the last returnable units (another device or store returned them first). */
  | 'RACED'
  /** Receiptless returns over the customer's limit for the period. */
  | 'OVER_LIMIT'
  /** A manager overrode a refusal. */
  | 'OVERRIDDEN'
  /** The receipt code did not verify on the server. */
  | 'RECEIPT_INVALID'
  /** The order is unknown to the server. */
  | 'UNKNOWN_ORDER'
  /** Money already handed over offline (cash) differs from what the server allows. */
  | 'AMOUNT_MISMATCH'
  /** The server's policy (which knows the delivery date and every store's returns) refused a line the counter allowed. */
  | 'REFUSED_BY_SERVER';
export const RETURN_FLAGS: readonly ReturnFlag[] = ['RACED', 'OVER_LIMIT', 'OVERRIDDEN', 'RECEIPT_INVALID', 'UNKNOWN_ORDER', 'AMOUNT_MISMATCH', 'REFUSED_BY_SERVER'];

interface EventBase {
  /** Unique; a retried write reuses it. */
  id: string;
  /** UTC ISO on the recording side's clock; order is (at, id). */
  at: string;
  staffId: string;
  deviceId: string;
  /** Staff session proof (shared/staff.ts), as on pickup events; checked by the server on push. */
  auth?: StaffProof;
  signedInOffline?: boolean;
}

export type ReturnEvent =
  /** The counter starts the return: what comes back, why, in which condition, where it goes. */
  | (EventBase & { type: 'created'; receipt: ReceiptRef; customerId: string; lines: ReturnLine[]; offline: boolean })
  /** The policy's verdicts as the counter showed them (the server assesses again). */
  | (EventBase & { type: 'assessed'; verdicts: LineVerdict[] })
  /** A manager (staffId, proven by PIN at the counter) approves needs-manager lines or overrides refusals, with a reason. */
  | (EventBase & { type: 'approved'; lineIds: string[]; override: boolean; reason: string; pin: 'online' | 'offline' })
  /** The counter settles: how the refund goes out (or was handed out offline) and what is collected for an exchange. */
  | (EventBase & { type: 'tendered'; allocations: RefundAllocation[]; total: number; collect: number })
  /** Abandoned before it was settled. */
  | (EventBase & { type: 'cancelled'; reason: string })
  /** Server: the ledger took these units (line id → quantity) and applied their stock effects. */
  | (EventBase & { type: 'accepted'; lines: { lineId: string; quantity: number }[] })
  /** Server: the refund went out through the payment connector (idempotency key: the return id). */
  | (EventBase & { type: 'refunded'; allocations: RefundAllocation[]; total: number; reference: string })
  /** Server: raised for a manager, with what happened. */
  | (EventBase & { type: 'flagged'; flag: ReturnFlag; detail: string })
  /**
   * A manager (staffId) resolved a flag the server raised: what they did about it by hand (resolve.ts). A record
   * only: the server moves no money and no stock for it (docs/returns.md, "Resolving a flagged return").
   */
  | (EventBase & { type: 'resolved'; flag: ReturnFlag; action: ReturnResolutionAction; note: string });

/** What a manager did about a flagged return (the choices per flag are in resolve.ts). */
export type ReturnResolutionAction = 'goods-returned' | 'money-recovered' | 'loss-accepted' | 'other';
export const RETURN_RESOLUTION_ACTIONS: readonly ReturnResolutionAction[] = ['goods-returned', 'money-recovered', 'loss-accepted', 'other'];

export type ReturnEventType = ReturnEvent['type'];
export const RETURN_EVENT_TYPES: readonly ReturnEventType[] = ['created', 'assessed', 'approved', 'tendered', 'cancelled', 'accepted', 'refunded', 'flagged', 'resolved'];
/** What a device may record; the rest is the server's. */
export const DEVICE_RETURN_EVENT_TYPES: readonly ReturnEventType[] = ['created', 'assessed', 'approved', 'tendered', 'cancelled', 'resolved'];
export const SERVER_ACTOR = 'server';

/**
 * draft: created, not settled; awaiting-approval: a line needs a manager; submitted: settled at the counter, the
 * server has not answered yet (offline); completed: the server accepted and refunded; flagged: kept for a manager;
 * cancelled.
 */
export type ReturnStatus = 'draft' | 'awaiting-approval' | 'submitted' | 'completed' | 'flagged' | 'cancelled';
export const RETURN_STATUSES: readonly ReturnStatus[] = ['draft', 'awaiting-approval', 'submitted', 'completed', 'flagged', 'cancelled'];

/** The `returns` collection (device-written, store-scoped, counters only). */
export interface ReturnDoc {
  /** ret_… made by the device; the idempotency key of its refund end to end. */
  id: string;
  /** The returning store. */
  storeId: string;
  /** '' for a receiptless return. */
  orderId: string;
  orderNumber: string;
  /** Channel of origin of the sale; '' receiptless. */
  originChannel: OrderChannel | '';
  customerId: string;
  currency: string;
  events: ReturnEvent[];
  // Derived from events (fold.ts withDerived); stored for indexes, recomputed by both sides.
  status: ReturnStatus;
  flags: ReturnFlag[];
  refundTotal: number;
  createdAt: string;
  updatedAt: string;
}

/** What is needed of a sale to return from it: from an order (saleFromOrder) or a verified receipt (saleFromReceipt). */
export interface SaleLine {
  id: string;
  variantId: string;
  /** Fee lines (shipping, gift wrap) are recognised by sku (ReturnPolicy.feeSkus). */
  sku: string;
  quantity: number;
  unitPrice: number;
  discount: number;
  net: number;
  tax: number;
}

export interface SaleTender {
  type: TenderType;
  amount: number;
  last4: string;
}

export interface ReturnableSale {
  orderId: string;
  orderNumber: string;
  channel: OrderChannel;
  fulfilment: FulfilmentType;
  /** Where it was sold or collected; '' for a shipment. */
  storeId: string;
  placedAt: string;
  /** When the window starts: delivered (ship), collected (pickup), sold (in-store); null when not handed over yet. */
  handedOverAt: string | null;
  cancelled: boolean;
  currency: string;
  lines: SaleLine[];
  tenders: SaleTender[];
}

export interface ReturnWindowRule {
  channel: OrderChannel | '*';
  category: string;
  days: number;
}

export interface ReturnPolicy {
  /** Most specific first wins: channel+category, channel+'*', '*'+category, '*'+'*'. */
  windows: ReturnWindowRule[];
  /** Past the window by at most this many days: a manager may approve; beyond: refused (a manager may override). */
  graceDays: number;
  finalSaleCategories: string[];
  finalSaleVariantIds: string[];
  /** Lines that are fees (shipping, gift wrap): not returned as items; refunded with a full seller-fault return. */
  feeSkus: string[];
  /** Basis points of the refunded net, for these categories, unless the reason is the seller's fault. */
  restockingFee: { bps: number; categories: string[] };
  receiptless: { allowed: boolean; maxReturns: number; maxAmount: number; periodDays: number; priceLookbackDays: number };
  /** Most cash one return may hand out (minor units). */
  cashLimit: number;
  /**
   * Most cash one device may hand out offline before it syncs again. In the settings a counter receives, this is
   * already its share of the store's budget (offlineStoreCashCap), never more than the policy's own value.
   */
  offlineCashCap: number;
  /**
   * The store's offline cash budget, shared by its active counters (0: no store budget, each counter has
   * offlineCashCap). The server hands each counter floor(budget / counters), at most offlineCashCap, in its settings.
   */
  offlineStoreCashCap: number;
  /** A return refunding more than this needs a manager (0: never). */
  managerAbove: number;
}

/** One Ed25519 public key the server signs receipt codes with (hex, 32 bytes); keyId = first 8 hex of its SHA-256. */
export interface ReceiptKey {
  keyId: string;
  publicKey: string;
}

/** GET /api/v1/returns/settings: what a counter caches to run returns offline. */
export interface ReturnSettings {
  receiptKeys: ReceiptKey[];
  /** policy.offlineCashCap is this counter's share of the store's offline cash budget (offlineCash). */
  policy: ReturnPolicy;
  /** How the share was worked out, when the server said (older servers and cached copies may not). */
  offlineCash?: OfflineCashShare;
}

export interface OfflineCashShare {
  /** The store's budget (policy.offlineStoreCashCap); 0: none. */
  storeCap: number;
  /** Active (not revoked) counters of the store when the settings were read. */
  counters: number;
  /** What this counter may hand out offline until it syncs: min(offlineCashCap, floor(storeCap / counters)). */
  deviceShare: number;
}
