/**
 * How much a return refunds, and where the money goes. Pure, integer minor units, the same on device and server.
 *
 * What must stay true (property-tested in refund.property.test.ts):
 * - Amounts come from the sale-time line amounts only (net after the prorated order discount, tax as charged).
 * - Units of a line are priced cumulatively: returning k of Q units in total refunds floor(net × k / Q), so partial
 *   returns of a line add up to its net exactly, whatever the split, and never exceed it. Same for tax.
 * - A restocking fee (policy) is taken off the net, never for the seller's fault, never making a refund negative.
 * - Fee lines (shipping) are refunded only when the last item of the order comes back for the seller's fault.
 * - Tenders: back to the original tenders, each at most what it paid minus what was refunded to it before.
 */
import type { TenderType } from '../orders/types';
import { SELLER_FAULT_REASONS, type RefundAllocation, type ReturnLine, type ReturnPolicy, type ReturnableSale } from './types';

/** floor(amount × k / q) without overflow: the cumulative share of k units out of q. */
export function cumulativeShare(amount: number, k: number, q: number): number {
  if (q <= 0) return 0;
  if (k >= q) return amount;
  return Number((BigInt(amount) * BigInt(k)) / BigInt(q));
}

export interface LineRefund {
  /** The return line. */
  lineId: string;
  orderLineId: string;
  quantity: number;
  net: number;
  tax: number;
  restockingFee: number;
  /** net + tax − restockingFee. */
  refund: number;
}

export interface FeeRefund {
  orderLineId: string;
  quantity: number;
  net: number;
  tax: number;
}

export interface RefundBreakdown {
  currency: string;
  lines: LineRefund[];
  fees: FeeRefund[];
  restockingFee: number;
  /** Σ line refunds + Σ fee refunds. */
  total: number;
}

export function isFeeSku(policy: ReturnPolicy, sku: string): boolean {
  return policy.feeSkus.includes(sku);
}

/**
 * The refund of `lines` (receipted lines only, already cleared by the policy) given the units of each sale line
 * returned before (`returnedBefore`: order line id → units).
 */
export function refundForLines(sale: ReturnableSale, lines: readonly ReturnLine[], returnedBefore: Readonly<Record<string, number>>, policy: ReturnPolicy): RefundBreakdown {
  const sold = new Map(sale.lines.map((l) => [l.id, l]));
  const taken = new Map<string, number>(Object.entries(returnedBefore));
  const out: LineRefund[] = [];
  for (const line of lines) {
    const s = sold.get(line.orderLineId);
    if (!s) continue;
    const before = Math.min(s.quantity, taken.get(s.id) ?? 0);
    const after = Math.min(s.quantity, before + line.quantity);
    const quantity = after - before;
    taken.set(s.id, after);
    const net = cumulativeShare(s.net, after, s.quantity) - cumulativeShare(s.net, before, s.quantity);
    const tax = cumulativeShare(s.tax, after, s.quantity) - cumulativeShare(s.tax, before, s.quantity);
    const feeApplies = policy.restockingFee.bps > 0 && policy.restockingFee.categories.includes(line.category) && !SELLER_FAULT_REASONS.includes(line.reason);
    const restockingFee = feeApplies ? Math.min(net, Math.floor((net * policy.restockingFee.bps) / 10_000)) : 0;
    out.push({ lineId: line.id, orderLineId: s.id, quantity, net, tax, restockingFee, refund: net + tax - restockingFee });
  }
  // Shipping and other fee lines: back only with the last item, and only when the retailer was at fault.
  const fees: FeeRefund[] = [];
  const items = sale.lines.filter((l) => !isFeeSku(policy, l.sku));
  const allBack = items.length > 0 && items.every((l) => (taken.get(l.id) ?? 0) >= l.quantity);
  const sellerFault = lines.some((l) => SELLER_FAULT_REASONS.includes(l.reason));
  if (allBack && sellerFault) {
    for (const f of sale.lines.filter((l) => isFeeSku(policy, l.sku))) {
      const before = Math.min(f.quantity, returnedBefore[f.id] ?? 0);
      if (before >= f.quantity) continue;
      fees.push({
        orderLineId: f.id,
        quantity: f.quantity - before,
        net: f.net - cumulativeShare(f.net, before, f.quantity),
        tax: f.tax - cumulativeShare(f.tax, before, f.quantity),
      });
    }
  }
  const restockingFee = out.reduce((a, l) => a + l.restockingFee, 0);
  const total = out.reduce((a, l) => a + l.refund, 0) + fees.reduce((a, f) => a + f.net + f.tax, 0);
  return { currency: sale.currency, lines: out, fees, restockingFee, total };
}

/** Receiptless: store credit at the lowest price of the variant in the lookback (today's price included). */
export function lowestRecentPrice(currentPrice: number, recentUnitPrices: readonly number[]): number {
  return Math.max(0, Math.min(currentPrice, ...recentUnitPrices));
}

/** Units the exchange hands over are paid by the returned units' refund; the rest is refunded or collected. */
export function exchangeBalance(breakdown: RefundBreakdown, lines: readonly ReturnLine[]): { refund: number; collect: number } {
  const exchanged = lines.filter((l) => l.exchangeVariantId !== '').reduce((a, l) => a + l.exchangePrice * l.quantity, 0);
  const balance = breakdown.total - exchanged;
  return { refund: Math.max(0, balance), collect: Math.max(0, -balance) };
}

export type RefundChoice = 'original' | 'store-credit' | 'gift-card' | 'cash';
export const REFUND_CHOICES: readonly RefundChoice[] = ['original', 'store-credit', 'gift-card', 'cash'];

export type TenderProblemCode = 'OFFLINE_CARD' | 'CASH_OVER_LIMIT' | 'OFFLINE_CASH_CAP' | 'NEEDS_CUSTOMER' | 'RECEIPTLESS_STORE_CREDIT_ONLY' | 'OVER_PAID' | 'NO_ORIGINAL_TENDER';

export interface TenderPlanInput {
  /** null: receiptless. */
  sale: ReturnableSale | null;
  amount: number;
  /** Per sale tender (same index): already refunded to it. */
  refundedByTender: readonly number[];
  /** Already refunded on the whole sale (every tender, every method). */
  refundedTotal: number;
  choice: RefundChoice;
  online: boolean;
  hasCustomer: boolean;
  policy: ReturnPolicy;
  /** Cash this device handed out offline since it last synced. */
  offlineCashGiven: number;
}

export type TenderPlan = { ok: true; allocations: RefundAllocation[] } | { ok: false; code: TenderProblemCode; why: string };

const no = (code: TenderProblemCode, why: string): TenderPlan => ({ ok: false, code, why });

function cashProblem(amount: number, input: TenderPlanInput): TenderPlan | null {
  if (amount > input.policy.cashLimit) return no('CASH_OVER_LIMIT', `cash refunds are limited to ${input.policy.cashLimit} per return`);
  if (!input.online && input.offlineCashGiven + amount > input.policy.offlineCashCap) {
    return no('OFFLINE_CASH_CAP', `offline, this device may hand out ${Math.max(0, input.policy.offlineCashCap - input.offlineCashGiven)} more in cash until it syncs`);
  }
  return null;
}

/** Where the refund goes. Offline, only tenders that cannot be spent twice: pending store credit / gift card, capped cash. */
export function planTenders(input: TenderPlanInput): TenderPlan {
  const { sale, amount, choice, online } = input;
  if (amount === 0) return { ok: true, allocations: [] };
  if (!sale && choice !== 'store-credit') return no('RECEIPTLESS_STORE_CREDIT_ONLY', 'a return without a receipt is refunded as store credit');
  if (sale) {
    const paid = sale.tenders.reduce((a, t) => a + t.amount, 0);
    if (sale.tenders.length > 0 && amount > paid - input.refundedTotal) return no('OVER_PAID', `only ${paid - input.refundedTotal} of this sale is left to refund`);
  }
  if (choice === 'store-credit') {
    if (!input.hasCustomer) return no('NEEDS_CUSTOMER', 'store credit goes on a customer account: identify the customer');
    return { ok: true, allocations: [{ tender: 'store-credit', originalIndex: -1, amount, pending: !online }] };
  }
  if (choice === 'gift-card') return { ok: true, allocations: [{ tender: 'gift-card', originalIndex: -1, amount, pending: !online }] };
  if (choice === 'cash') return cashProblem(amount, input) ?? { ok: true, allocations: [{ tender: 'cash', originalIndex: -1, amount, pending: false }] };
  // Back to the original tenders, in the order they paid, each up to what it has left.
  if (!sale || sale.tenders.length === 0) return no('NO_ORIGINAL_TENDER', 'the sale records no tender to refund to');
  const allocations: RefundAllocation[] = [];
  let left = amount;
  for (const [i, t] of sale.tenders.entries()) {
    if (left === 0) break;
    const room = Math.max(0, t.amount - (input.refundedByTender[i] ?? 0));
    const take = Math.min(room, left);
    if (take === 0) continue;
    allocations.push({ tender: t.type satisfies TenderType, originalIndex: i, amount: take, pending: !online && (t.type === 'gift-card' || t.type === 'store-credit') });
    left -= take;
  }
  if (left > 0) return no('OVER_PAID', `the original tenders have only ${amount - left} left to refund`);
  if (!online && allocations.some((a) => a.tender === 'card')) return no('OFFLINE_CARD', 'a card refund needs the server: refund as store credit or a gift card now, or wait until online');
  const cash = allocations.filter((a) => a.tender === 'cash').reduce((a, x) => a + x.amount, 0);
  if (cash > 0) {
    const p = cashProblem(cash, input);
    if (p) return p;
  }
  return { ok: true, allocations };
}
