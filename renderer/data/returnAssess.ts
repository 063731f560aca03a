/**
 * The screen's view of a return, computed with shared/returns' rules (never rules of its own): the policy verdict
 * per line (assessReturn), what each line refunds (refundForLines, sale-time amounts only; receiptless: store credit
 * at the lowest recent price), and where the money goes (planTenders). Offline, planTenders allows only tenders that
 * cannot be spent twice; when the chosen tender is not one of them the screen falls back, in order, to pending store
 * credit (identified customer) or a pending gift card, and names the limit that applied.
 */
import { money } from '../../shared/money';
import { DEFAULT_RETURN_POLICY, acceptedLineIds, assessReturn, foldReturn, planTenders, refundForLines } from '../../shared/returns';
import type { Approval, RefundChoice, ReturnDoc, ReturnLine, ReturnPolicy, ReturnSettings, TenderPlan } from '../../shared/returns';
import type { Assessment, DraftLine, LineAssessment, OfflineLimit, RefundRow, ReturnDraft } from './returns';
import type { ManagerApproval } from './returnPeople';

export interface AssessContext {
  online: boolean;
  now: string;
  settings: ReturnSettings | null;
  /** Units of each sale line returned before (the server's ledger when it answered, else this device's returns). */
  returnedBefore: Readonly<Record<string, number>>;
  /** Per sale tender (same index): refunded to it before, when the server said. */
  refundedByTender?: readonly number[];
  /** Receiptless: the customer's receiptless returns in the policy period that this device knows of. */
  receiptless?: { count: number; amount: number };
  /** Receiptless: store-credit value per unit (lowest recent price the device knows: today's price) by variant id. */
  unitValue?: Readonly<Record<string, number>>;
  /** The manager's approval given on the spot (an override lets overridable refusals through). */
  approval: ManagerApproval | null;
  choice: RefundChoice;
  /** Cash this device handed out offline since it last synced. */
  offlineCashGiven: number;
}

export function policyOf(settings: ReturnSettings | null): ReturnPolicy {
  return settings?.policy ?? DEFAULT_RETURN_POLICY;
}

/** The draft's lines coming back, as shared/returns ReturnLines (id = the draft key). */
export function draftLines(lines: readonly DraftLine[]): ReturnLine[] {
  return lines
    .filter((l) => l.quantity > 0)
    .map((l) => ({ id: l.key, orderLineId: l.orderLineId, variantId: l.variantId, productId: l.productId, sku: l.sku, title: l.title, category: l.category, quantity: l.quantity, reason: l.reason ?? 'OTHER', note: l.reason === null ? 'reason not chosen yet' : l.note, condition: l.condition, disposition: l.disposition, exchangeVariantId: '', exchangePrice: 0 }));
}

function approvalsFor(keys: readonly string[], a: ManagerApproval | null): Record<string, Approval> {
  if (!a) return {};
  return Object.fromEntries(keys.map((k) => [k, { by: a.managerId, override: a.override, reason: a.reason, at: '' }]));
}

/** The tender plan for the choice, with the offline fall-backs and the limits that made them. */
export function planWithFallbacks(base: Omit<Parameters<typeof planTenders>[0], 'choice'>, choice: RefundChoice): { plan: TenderPlan; limits: OfflineLimit[] } {
  const first = planTenders({ ...base, choice });
  if (first.ok || base.online) return { plan: first, limits: first.ok && first.allocations.some((x) => x.pending) ? [first.allocations.some((x) => x.tender === 'gift-card') ? 'gift-card-pending' : 'store-credit-pending'] : [] };
  const limits: OfflineLimit[] = [];
  if (first.code === 'OFFLINE_CARD') limits.push('card-after-sync');
  if (first.code === 'OFFLINE_CASH_CAP') limits.push('cash-cap');
  for (const fallback of ['store-credit', 'gift-card'] as const) {
    if (fallback === choice) continue;
    const next = planTenders({ ...base, choice: fallback });
    if (next.ok) return { plan: next, limits: [...limits, fallback === 'store-credit' ? 'store-credit-pending' : 'gift-card-pending'] };
  }
  return { plan: first, limits };
}

export function assessDraft(draft: ReturnDraft, ctx: AssessContext): Assessment & { plan: TenderPlan } {
  const policy = policyOf(ctx.settings);
  const sale = draft.start.kind === 'order' ? draft.start.found.sale : null;
  const customerId = draft.start.kind === 'order' ? draft.start.found.customerId : draft.start.customerId;
  const lines = draftLines(draft.lines);
  const assessed = assessReturn({
    policy,
    now: ctx.now,
    sale,
    returnedBefore: ctx.returnedBefore,
    lines,
    customer: customerId === '' ? null : { id: customerId, receiptlessCount: ctx.receiptless?.count ?? 0, receiptlessAmount: ctx.receiptless?.amount ?? 0 },
    exchangeProducts: {},
    receiptlessUnitValue: ctx.unitValue ?? {},
  });
  const gated = [...assessed.needsManager, ...assessed.overridable];
  const going = new Set(acceptedLineIds(assessed.verdicts, approvalsFor(gated, ctx.approval ?? { managerId: '', name: '', override: true, reason: '', online: true })));
  // Priced as if approved (the screen shows what the manager is asked to approve); refused lines refund nothing.
  const priced = lines.filter((l) => going.has(l.id));
  const perLine = new Map<string, number>();
  let total = 0;
  if (sale) {
    const breakdown = refundForLines(sale, priced, ctx.returnedBefore, policy);
    for (const r of breakdown.lines) perLine.set(r.lineId, r.refund);
    total = breakdown.total;
  } else {
    for (const l of priced) {
      const v = (ctx.unitValue?.[l.variantId] ?? 0) * l.quantity;
      perLine.set(l.id, v);
      total += v;
    }
  }
  const currency = sale?.currency ?? policyCurrency(draft);
  const result = planWithFallbacks(
    {
      sale,
      amount: total,
      refundedByTender: ctx.refundedByTender ?? [],
      refundedTotal: (ctx.refundedByTender ?? []).reduce((a, x) => a + x, 0),
      online: ctx.online,
      hasCustomer: customerId !== '',
      policy,
      offlineCashGiven: ctx.offlineCashGiven,
    },
    sale ? ctx.choice : 'store-credit',
  );
  const refunds: RefundRow[] = result.plan.ok
    ? result.plan.allocations.map((a) => ({ ...a, brand: a.originalIndex >= 0 && draft.start.kind === 'order' ? (draft.start.found.order?.tenders[a.originalIndex]?.brand ?? '') : '', last4: a.originalIndex >= 0 ? (sale?.tenders[a.originalIndex]?.last4 ?? '') : '' }))
    : [];
  const out: Record<string, LineAssessment> = {};
  for (const l of draft.lines) {
    const soldLine = sale?.lines.find((s) => s.id === l.orderLineId);
    const returnable = soldLine ? Math.max(0, soldLine.quantity - (ctx.returnedBefore[soldLine.id] ?? 0)) : 999;
    const verdict = assessed.verdicts.find((v) => v.lineId === l.key) ?? { lineId: l.key, verdict: 'allowed' as const };
    const refund = perLine.get(l.key);
    out[l.key] = { verdict, refund: refund === undefined ? null : money(refund, currency), returnable };
  }
  return {
    lines: out,
    refunds,
    total: lines.length === 0 ? null : money(total, currency),
    limits: result.limits,
    needsManager: assessed.needsManager,
    refused: [...assessed.overridable, ...assessed.refused],
    blocked: assessed.refused,
    plan: result.plan,
  };
}

function policyCurrency(draft: ReturnDraft): string {
  return draft.start.kind === 'receiptless' ? draft.start.currency : 'USD';
}

export interface WaitingPlanContext {
  /** The manager's choice, as at the counter: the original tenders by default (receiptless: store credit only). */
  choice: RefundChoice;
  /** Units of each sale line returned before by other returns (this device's, and the server's when it said). */
  returnedBefore: Readonly<Record<string, number>>;
  /** Cash this device handed out offline since it last synced (the offline cash cap counts it). */
  offlineCashGiven: number;
}

/**
 * The refund of a return saved to wait for a manager, planned when the manager approves it from the list, with the
 * same rules and defaults as at the counter: the chosen tender (the original tenders by default), offline the same
 * fall-backs to pending store credit or a pending gift card, and the limits that made them.
 */
export function plannedAllocations(doc: ReturnDoc, settings: ReturnSettings | null, online: boolean, sale: Parameters<typeof planTenders>[0]['sale'], unitValue: Readonly<Record<string, number>>, ctx: WaitingPlanContext): { plan: TenderPlan; limits: OfflineLimit[]; amount: number } {
  const s = foldReturn(doc.events);
  const policy = policyOf(settings);
  const ids = new Set(acceptedLineIds(s.verdicts, Object.fromEntries(s.verdicts.map((v) => [v.lineId, { by: '', override: true, reason: '', at: '' }]))));
  const lines = s.lines.filter((l) => ids.has(l.id));
  const amount = sale ? refundForLines(sale, lines, ctx.returnedBefore, policy).total : lines.reduce((a, l) => a + (unitValue[l.variantId] ?? 0) * l.quantity, 0);
  const result = planWithFallbacks({ sale, amount, refundedByTender: [], refundedTotal: 0, online, hasCustomer: doc.customerId !== '', policy, offlineCashGiven: ctx.offlineCashGiven }, sale ? ctx.choice : 'store-credit');
  return { ...result, amount };
}
