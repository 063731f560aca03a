/**
 * The return policy, one function for the counter (what it shows per line, offline included) and the server (what
 * it accepts on push): a verdict per line — allowed, needs a manager (with why), refused (with why; some refusals
 * a manager may override with their PIN and a reason, never the ones that would pay money twice).
 *
 * Windows count from the moment the customer got the goods: delivered (shipped), collected (pickup), sold (in
 * store). A sale known only from its receipt code counts from the sale date (stricter, never looser); the server
 * knows the delivery and decides again.
 */
import type { OrderChannel } from '../orders/types';
import type { LineVerdict, OfflineCashShare, ReturnLine, ReturnPolicy, ReturnableSale, ReturnWindowRule, VerdictCode } from './types';
import { isFeeSku, refundForLines } from './refund';
import type { Approval } from './fold';

export const DAY_MS = 86_400_000;

/** Aisle's defaults until the retailer sets its own (server/returns/settings.ts). */
export const DEFAULT_RETURN_POLICY: ReturnPolicy = {
  windows: [
    { channel: '*', category: '*', days: 30 },
    // Online orders get longer: the customer could not try them on.
    { channel: 'web', category: '*', days: 45 },
    { channel: 'app', category: '*', days: 45 },
  ],
  graceDays: 14,
  finalSaleCategories: ['Gift cards'],
  finalSaleVariantIds: [],
  feeSkus: ['SHIPPING', 'GIFT-WRAP'],
  restockingFee: { bps: 1500, categories: ['Audio', 'Phones & Tablets', 'Smartwatches'] },
  receiptless: { allowed: true, maxReturns: 2, maxAmount: 10_000, periodDays: 90, priceLookbackDays: 30 },
  cashLimit: 20_000,
  offlineCashCap: 10_000,
  offlineStoreCashCap: 30_000,
  managerAbove: 50_000,
};

export function windowDays(policy: ReturnPolicy, channel: OrderChannel, category: string): number {
  const score = (r: ReturnWindowRule): number => (r.channel === channel ? 2 : r.channel === '*' ? 0 : -10) + (r.category === category ? 1 : r.category === '*' ? 0 : -10);
  let best: ReturnWindowRule | null = null;
  for (const r of policy.windows) if (score(r) >= 0 && (!best || score(r) > score(best))) best = r;
  return best?.days ?? 0;
}

export interface AssessInput {
  policy: ReturnPolicy;
  now: string;
  /** null: receiptless. */
  sale: ReturnableSale | null;
  /** Units of each sale line returned before (device: its returns and the order; server: the ledger). */
  returnedBefore: Readonly<Record<string, number>>;
  lines: readonly ReturnLine[];
  /** The identified customer, and their receiptless returns in the policy period (count, credited amount). */
  customer: { id: string; receiptlessCount: number; receiptlessAmount: number } | null;
  /** Exchange variants' products (variant id → product id), to check "same product". */
  exchangeProducts: Readonly<Record<string, string>>;
  /** Receiptless: the store-credit value per unit (lowest recent price) by variant id. */
  receiptlessUnitValue: Readonly<Record<string, number>>;
}

export interface Assessment {
  verdicts: LineVerdict[];
  /** Lines a manager must approve (needs-manager) and those a manager may override (refused, overridable). */
  needsManager: string[];
  overridable: string[];
  refused: string[];
}

type P = Record<string, number | string>;
const allowed = (lineId: string): LineVerdict => ({ lineId, verdict: 'allowed' });
const manager = (lineId: string, code: VerdictCode, why: string, params: P = {}): LineVerdict => ({ lineId, verdict: 'needs-manager', code, why, params });
const refuse = (lineId: string, code: VerdictCode, why: string, overridable: boolean, params: P = {}): LineVerdict => ({ lineId, verdict: 'refused', code, why, params, overridable });

function isFinalSale(policy: ReturnPolicy, line: ReturnLine): boolean {
  return policy.finalSaleCategories.includes(line.category) || policy.finalSaleVariantIds.includes(line.variantId);
}

function assessLine(input: AssessInput, line: ReturnLine, claimed: Map<string, number>): LineVerdict {
  const { policy, sale } = input;
  if (line.reason === 'OTHER' && line.note.trim() === '') return refuse(line.id, 'NOTE_REQUIRED', 'the reason "other" needs a note', false);
  if (line.exchangeVariantId !== '' && input.exchangeProducts[line.exchangeVariantId] !== line.productId) {
    return refuse(line.id, 'EXCHANGE_NOT_SAME_PRODUCT', 'an exchange is for another variant of the same product', false);
  }
  if (!sale) {
    if (!policy.receiptless.allowed) return refuse(line.id, 'RECEIPTLESS_DISABLED', 'returns without a receipt are not accepted', true);
    if (!input.customer) return refuse(line.id, 'RECEIPTLESS_NEEDS_CUSTOMER', 'a return without a receipt needs an identified customer', false);
    if (isFinalSale(policy, line)) return refuse(line.id, 'FINAL_SALE', `${line.category || 'this item'} is final sale`, true, { category: line.category });
    return allowed(line.id);
  }
  if (sale.cancelled) return refuse(line.id, 'ORDER_CANCELLED', 'the order was cancelled: nothing was sold', false);
  const sold = sale.lines.find((l) => l.id === line.orderLineId);
  if (!sold || sold.variantId !== line.variantId) return refuse(line.id, 'NOT_ON_ORDER', 'this item is not on the order', false);
  if (isFeeSku(policy, sold.sku)) return refuse(line.id, 'FEE_LINE', 'shipping and fees are not returned as items', false);
  const before = (input.returnedBefore[sold.id] ?? 0) + (claimed.get(sold.id) ?? 0);
  claimed.set(sold.id, (claimed.get(sold.id) ?? 0) + line.quantity);
  if (before + line.quantity > sold.quantity) {
    return refuse(line.id, 'ALREADY_RETURNED', `${before} of ${sold.quantity} already returned`, false, { sold: sold.quantity, returned: before });
  }
  if (isFinalSale(policy, line)) return refuse(line.id, 'FINAL_SALE', `${line.category || 'this item'} is final sale`, true, { category: line.category });
  const start = Date.parse(sale.handedOverAt ?? input.now);
  const elapsed = Math.max(0, Math.floor((Date.parse(input.now) - start) / DAY_MS));
  const days = windowDays(policy, sale.channel, line.category);
  if (elapsed > days + policy.graceDays) return refuse(line.id, 'PAST_GRACE', `${elapsed} days since ${sale.fulfilment === 'ship' ? 'delivery' : sale.fulfilment === 'pickup' ? 'collection' : 'the sale'}; the window is ${days} days`, true, { days, elapsed });
  if (elapsed > days) return manager(line.id, 'OUTSIDE_WINDOW', `${elapsed} days since ${sale.fulfilment === 'ship' ? 'delivery' : sale.fulfilment === 'pickup' ? 'collection' : 'the sale'}; the window is ${days} days`, { days, elapsed });
  return allowed(line.id);
}

/** The verdict for every line, then the return-level limits (receiptless per customer and period, amount). */
export function assessReturn(input: AssessInput): Assessment {
  const claimed = new Map<string, number>();
  let verdicts = input.lines.map((l) => assessLine(input, l, claimed));
  const ok = new Set(verdicts.filter((v) => v.verdict === 'allowed').map((v) => v.lineId));
  const { policy } = input;
  if (!input.sale && input.customer) {
    const value = input.lines.filter((l) => ok.has(l.id)).reduce((a, l) => a + (input.receiptlessUnitValue[l.variantId] ?? 0) * l.quantity, 0);
    const count = input.customer.receiptlessCount + 1;
    const amount = input.customer.receiptlessAmount + value;
    const r = policy.receiptless;
    if (count > r.maxReturns || amount > r.maxAmount) {
      const why = `over the limit for returns without a receipt: ${count} of ${r.maxReturns} returns, ${amount} of ${r.maxAmount} in ${r.periodDays} days`;
      verdicts = verdicts.map((v) => (ok.has(v.lineId) ? manager(v.lineId, 'RECEIPTLESS_OVER_LIMIT', why, { count, maxReturns: r.maxReturns, amount, maxAmount: r.maxAmount, periodDays: r.periodDays }) : v));
    }
  } else if (input.sale && policy.managerAbove > 0) {
    const total = refundForLines(input.sale, input.lines.filter((l) => ok.has(l.id)), input.returnedBefore, policy).total;
    if (total > policy.managerAbove) verdicts = verdicts.map((v) => (ok.has(v.lineId) ? manager(v.lineId, 'AMOUNT_NEEDS_MANAGER', `refunds over ${policy.managerAbove} need a manager`, { total, limit: policy.managerAbove }) : v));
  }
  return {
    verdicts,
    needsManager: verdicts.filter((v) => v.verdict === 'needs-manager').map((v) => v.lineId),
    overridable: verdicts.filter((v) => v.verdict === 'refused' && v.overridable).map((v) => v.lineId),
    refused: verdicts.filter((v) => v.verdict === 'refused' && !v.overridable).map((v) => v.lineId),
  };
}

/**
 * The lines that go back, given the verdicts and the managers' approvals: allowed lines, needs-manager lines a
 * manager approved, overridable refusals a manager overrode. A refusal that is not overridable stays refused.
 */
export function acceptedLineIds(verdicts: readonly LineVerdict[], approvals: Readonly<Record<string, Approval>>): string[] {
  return verdicts
    .filter((v) => v.verdict === 'allowed' || (v.verdict === 'needs-manager' && approvals[v.lineId]) || (v.verdict === 'refused' && v.overridable && approvals[v.lineId]?.override === true))
    .map((v) => v.lineId);
}

/** A counter's share of its store's offline cash budget (docs/returns.md, "Offline cash"). */
export function offlineCashShare(policy: Pick<ReturnPolicy, 'offlineCashCap' | 'offlineStoreCashCap'>, counters: number): OfflineCashShare {
  const n = Math.max(1, Math.floor(counters));
  const storeCap = Math.max(0, policy.offlineStoreCashCap);
  const deviceShare = storeCap > 0 ? Math.min(policy.offlineCashCap, Math.floor(storeCap / n)) : policy.offlineCashCap;
  return { storeCap, counters: n, deviceShare: Math.max(0, deviceShare) };
}
