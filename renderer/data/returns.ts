/**
 * Returns on the device (counters only): the one module of the renderer that touches RxDB for returns.
 *
 * - Finding the order: a scanned receipt code is verified here, offline, with the catalog server's public key
 *   (the signature covers order id, lines, net amounts and date: shared/returns); an order number, a customer's
 *   orders and "card last 4 + date + amount" are looked up in this store's working set (`orders`).
 * - The policy verdict per line, the refund per tender and the offline limits come from shared/returns, the same
 *   rules the server applies on push: this module only gathers their inputs (what earlier returns on this device
 *   took, whether the server can be reached) and never decides anything itself.
 * - A return is written to the local `returns` collection first (an append-only event log like a pickup) and
 *   replication pushes it; the server is the authority for money and answers with the merged log (refunds done,
 *   store credit made spendable, a lost race flagged for the manager).
 */
import { map } from 'rxjs';
import type { OrderDoc, ReturnDoc } from '../../shared/schemas/collections';
import type { Money } from '../../shared/money';
import { approvalEvent, foldReturn, isReceiptCode, newReturnDoc, saleFromOrder, saleFromReceipt, tenderedEvent, verifyReceiptCode, withEvent } from '../../shared/returns';
import type { Disposition, ItemCondition, LineVerdict, RefundAllocation, ReturnActor, ReturnableSale, ReturnLine, ReturnReason, ReturnSettings } from '../../shared/returns';
import { AisleError } from '../../shared/errors';
import type { AisleSession, WriteSession } from './session';
import { useSession } from './context';
import { useObservableValue } from './hooks';
import { stampAttribution } from './staffSession';
import { authedJson } from './http';
import { API_PREFIX } from '../../shared/sync';
import type { ManagerApproval } from './returnPeople';

export type { ManagerApproval } from './returnPeople';
export { customerForCard, verifyManager } from './returnPeople';
export { cachedReturnSettings, loadReturnSettings, parseReturnSettings, useReturnSettings } from './returnSettings';
export { assessDraft, draftLines, plannedAllocations, type AssessContext } from './returnAssess';

// ---- Finding the order ----

/** How the order was found: the screen says it, the return records it. */
export type FoundVia = 'receipt' | 'order-number' | 'customer' | 'card';

export interface FoundOrder {
  /** What the rules need of the sale (shared/returns ReturnableSale), from the order or the verified receipt. */
  sale: ReturnableSale;
  /** This store's working-set copy of the order, when the device holds it (card brands, titles). */
  order: OrderDoc | null;
  via: FoundVia;
  /** 'signature': the receipt's signature checked on this device against the server's key; 'device': this store's orders. */
  checked: 'signature' | 'device';
  /** The scanned receipt code ('' otherwise): the server verifies it again. */
  code: string;
  /** The customer of the sale ('' for a guest), from the working set or the server. */
  customerId: string;
  /** Units of each sale line returned so far across every store, when the server answered (null offline). */
  serverReturned: Readonly<Record<string, number>> | null;
}

export function foundFromOrder(order: OrderDoc, via: FoundVia): FoundOrder {
  return { sale: saleFromOrder(order), order, via, checked: 'device', code: '', customerId: order.customerId, serverReturned: null };
}

function ordersOf(session: AisleSession): NonNullable<AisleSession['db']['collections']['orders']> {
  const c = session.db.collections.orders;
  if (!c) throw new AisleError('FORBIDDEN', 'This device does not keep orders (kiosks never do).');
  return c;
}

/** The working-set order with this order id, or null. */
export async function findLocalOrder(session: AisleSession, orderId: string): Promise<OrderDoc | null> {
  const doc = await ordersOf(session).findOne(`${session.settings.storeId}:${orderId}`).exec();
  return doc ? doc.toMutableJSON() : null;
}

/** Order numbers as customers read them: case, spaces and a leading '#' never matter. */
export function normaliseOrderNumber(text: string): string {
  return text.trim().replace(/^#/, '').replace(/\s+/g, '').toUpperCase();
}

/** The working-set orders with this order number (indexed). */
export async function findOrdersByNumber(session: AisleSession, orderNumber: string): Promise<OrderDoc[]> {
  const wanted = normaliseOrderNumber(orderNumber);
  if (wanted === '') return [];
  const exact = await ordersOf(session).find({ selector: { orderNumber: orderNumber.trim().replace(/^#/, '') } }).exec();
  if (exact.length > 0) return exact.map((d) => d.toMutableJSON());
  // Typed in another case or with spaces: compare normalised (the working set is one store's customers).
  const all = await ordersOf(session).find().exec();
  return all.map((d) => d.toMutableJSON()).filter((o) => normaliseOrderNumber(o.orderNumber) === wanted);
}

export interface CardQuery {
  last4: string;
  /** The day of the purchase, YYYY-MM-DD in the store's time zone. */
  day: string;
  /** The amount charged to that card, minor units. */
  amount: number;
}

/** YYYY-MM-DD of an instant in a time zone. */
export function dayIn(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(iso));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Orders paid with a card ending in `last4`, on `day`, for `amount` on that card (or as the order's total). */
export function matchesCard(order: OrderDoc, query: CardQuery, timeZone: string): boolean {
  if (dayIn(order.placedAt, timeZone) !== query.day) return false;
  return order.tenders.some((t) => t.type === 'card' && t.last4 === query.last4 && (t.amount.amount === query.amount || order.totals.total.amount === query.amount));
}

export async function findOrdersByCard(session: AisleSession, query: CardQuery, timeZone: string): Promise<OrderDoc[]> {
  if (!/^\d{4}$/.test(query.last4)) throw new AisleError('VALIDATION_FAILED', 'last4');
  const all = await ordersOf(session).find().exec();
  return all.map((d) => d.toMutableJSON()).filter((o) => matchesCard(o, query, timeZone));
}

/** The customer's orders in this store's working set, newest first, live. */
export function useOrdersOfCustomer(customerId: string | null): OrderDoc[] | undefined {
  const { db } = useSession();
  const orders = db.collections.orders;
  return useObservableValue<OrderDoc[] | undefined>(
    orders && customerId ? `return-orders:${customerId}` : null,
    () => orders!.find({ selector: { customerId: customerId ?? '' }, sort: [{ placedAt: 'desc' }] }).$.pipe(map((docs) => docs.map((d) => d.toMutableJSON()))),
    orders ? undefined : [],
  );
}

// ---- The return being put together (UI state until it is recorded) ----

export { DISPOSITIONS, ITEM_CONDITIONS, RETURN_REASONS } from '../../shared/returns';
export type { Disposition, ItemCondition, LineVerdict, RefundAllocation, ReturnReason } from '../../shared/returns';

export interface DraftLine {
  /** The order line's id, or for a receiptless return the variant id. */
  key: string;
  /** '' for a receiptless line. */
  orderLineId: string;
  variantId: string;
  productId: string;
  sku: string;
  title: string;
  category: string;
  quantity: number;
  reason: ReturnReason | null;
  note: string;
  condition: ItemCondition;
  disposition: Disposition;
}

export type ReturnStart = { kind: 'order'; found: FoundOrder } | { kind: 'receiptless'; customerId: string; customerName: string; currency: string };

export interface ReturnDraft {
  start: ReturnStart;
  lines: DraftLine[];
}

/** One refund line as the screen shows it: an allocation of shared/returns with the card it goes back to. */
export interface RefundRow extends RefundAllocation {
  brand: string;
  last4: string;
}

/** Which offline limits apply now (the screen names each). */
export type OfflineLimit = 'card-after-sync' | 'store-credit-pending' | 'gift-card-pending' | 'cash-cap';

export interface LineAssessment {
  verdict: LineVerdict;
  /** What this line refunds (sale currency), or null when it refunds nothing yet. */
  refund: Money | null;
  /** Units of this line still returnable (sold minus returned before, as this device knows it). */
  returnable: number;
}

export interface Assessment {
  lines: Readonly<Record<string, LineAssessment>>;
  refunds: RefundRow[];
  total: Money | null;
  limits: OfflineLimit[];
  /** Line keys that need a manager's approval; `refused`: refused lines (an override lets the overridable ones
   *  through); `blocked`: refusals nobody may override (they would pay money twice). */
  needsManager: string[];
  refused: string[];
  blocked: string[];
}

/** Units of each order line already returned, by returns on this device that were not cancelled. */
export async function returnedBefore(session: AisleSession, orderId: string): Promise<Record<string, number>> {
  const c = session.db.collections.returns;
  if (!c || orderId === '') return {};
  const docs = await c.find({ selector: { orderId } }).exec();
  const out: Record<string, number> = {};
  for (const d of docs) {
    const doc = d.toMutableJSON();
    if (doc.status === 'cancelled' || doc.status === 'draft') continue;
    const state = foldReturn(doc.events);
    for (const l of state.lines) out[l.orderLineId] = (out[l.orderLineId] ?? 0) + (state.accepted?.[l.id] ?? l.quantity);
  }
  return out;
}

/** The draft for an order: every line at quantity 0, condition new, back to stock here; titles from the device. */
export async function draftFor(session: AisleSession, found: FoundOrder): Promise<ReturnDraft> {
  const variantIds = found.sale.lines.map((l) => l.variantId);
  const variants = await session.db.collections.variants?.findByIds(variantIds).exec();
  const productIds = [...new Set([...(variants?.values() ?? [])].map((v) => v.productId))];
  const products = await session.db.collections.products?.findByIds(productIds).exec();
  return {
    start: { kind: 'order', found },
    lines: found.sale.lines.map((l) => {
      const ol = found.order?.lines.find((o) => o.id === l.id);
      const v = variants?.get(l.variantId);
      const p = v ? products?.get(v.productId) : undefined;
      const title = ol?.title ?? (p ? `${p.title}${v && v.title !== '' ? ` — ${v.title}` : ''}` : l.variantId);
      return { key: l.id, orderLineId: l.id, variantId: l.variantId, productId: ol?.productId ?? v?.productId ?? '', sku: ol?.sku ?? v?.sku ?? '', title, category: p?.category ?? '', quantity: 0, reason: null, note: '', condition: 'new', disposition: 'restock' };
    }),
  };
}

export class ReceiptRefused extends AisleError {
  constructor(
    readonly problem: 'MALFORMED' | 'UNKNOWN_KEY' | 'BAD_SIGNATURE' | 'NO_KEYS' | 'NOT_FOUND',
    message: string,
  ) {
    super('VALIDATION_FAILED', message);
  }
}

/**
 * The sale a scanned receipt stands for. A signed code (AR1.…) is verified here against the server's keys — no
 * network needed — and refused when any byte was changed; an old `AISLE:RC:<orderId>` code names an order this
 * store's working set must hold.
 */
export async function orderFromReceipt(session: AisleSession, text: string, settings: ReturnSettings | null): Promise<FoundOrder> {
  const code = text.trim();
  if (isReceiptCode(code)) {
    if (!settings || settings.receiptKeys.length === 0) throw new ReceiptRefused('NO_KEYS', 'NO_KEYS');
    const result = verifyReceiptCode(code, settings.receiptKeys);
    if (!result.ok) throw new ReceiptRefused(result.code, result.code);
    const order = await findLocalOrder(session, result.receipt.orderId);
    const sale = saleFromReceipt(result.receipt);
    // The working-set copy knows the delivery date; the signed lines and amounts stay the receipt's.
    return { sale: order ? { ...sale, handedOverAt: saleFromOrder(order).handedOverAt ?? sale.handedOverAt, cancelled: order.status === 'cancelled' } : sale, order, via: 'receipt', checked: 'signature', code, customerId: order?.customerId ?? '', serverReturned: null };
  }
  const m = /^(?:AISLE:RC:|aisle:\/\/receipt\/)([A-Za-z0-9_-]{1,64})$/i.exec(code);
  const order = m?.[1] ? await findLocalOrder(session, m[1]) : null;
  if (!order) throw new ReceiptRefused('NOT_FOUND', 'NOT_FOUND');
  return { ...foundFromOrder(order, 'receipt'), code: '' };
}

// ---- Recording the return ----

export interface RecordedReturn {
  doc: ReturnDoc;
  draft: ReturnDraft;
  assessment: Assessment;
  approval: ManagerApproval | null;
}

let returnCounter = 0;

/** ret_<device>_<time><n>: unique per device; the refund's idempotency key end to end. */
export function newReturnId(deviceId: string): string {
  return `ret_${deviceId.replace(/[^A-Za-z0-9]/g, '').slice(0, 24)}_${Date.now().toString(36)}${(returnCounter++).toString(36)}`;
}

/**
 * Writes the return to the local `returns` collection: created + assessed (the verdicts shown), the manager's
 * approval if one was given, and tendered (how the refund goes out). Replication pushes it; the server accepts,
 * refunds and e-mails the customer, or flags it for the manager.
 */
export async function recordReturn(session: WriteSession, draft: ReturnDraft, assessment: Assessment, staffId: string, approval: ManagerApproval | null, online: boolean, settle = true): Promise<RecordedReturn> {
  const returns = session.db.collections.returns;
  if (!returns) throw new AisleError('FORBIDDEN', 'This device does not take returns (kiosks never do).');
  const picked = draft.lines.filter((l) => l.quantity > 0);
  const lines: ReturnLine[] = picked.map((l, i) => ({ id: `r${i + 1}`, orderLineId: l.orderLineId, variantId: l.variantId, productId: l.productId, sku: l.sku, title: l.title, category: l.category, quantity: l.quantity, reason: l.reason ?? 'OTHER', note: l.note.trim(), condition: l.condition, disposition: l.disposition, exchangeVariantId: '', exchangePrice: 0 }));
  const lineIdOf = new Map(picked.map((l, i) => [l.key, `r${i + 1}`]));
  const verdicts: LineVerdict[] = picked.map((l) => ({ ...(assessment.lines[l.key]?.verdict ?? { verdict: 'allowed' as const, lineId: '' }), lineId: lineIdOf.get(l.key) ?? '' }));
  const now = new Date().toISOString();
  const id = newReturnId(session.settings.deviceId);
  const actor = (who: string, suffix: string): ReturnActor => ({ staffId: who, deviceId: session.settings.deviceId, at: now, eventId: `${id}:${suffix}` });
  const start = draft.start;
  const sale = start.kind === 'order' ? start.found.sale : null;
  let doc = newReturnDoc(
    {
      id,
      storeId: session.settings.storeId,
      sale,
      receipt: start.kind === 'order' ? (start.found.code !== '' ? { kind: 'code', code: start.found.code } : { kind: 'order', code: '' }) : { kind: 'none', code: '' },
      customerId: start.kind === 'order' ? start.found.customerId : start.customerId,
      currency: sale?.currency ?? (start.kind === 'receiptless' ? start.currency : 'USD'),
      lines,
      verdicts,
      offline: !online,
    },
    actor(staffId, 'created'),
  );
  if (approval) {
    const keys = approval.override ? [...assessment.needsManager, ...assessment.refused.filter((k) => !assessment.blocked.includes(k))] : assessment.needsManager;
    const ids = keys.map((k) => lineIdOf.get(k)).filter((x): x is string => x !== undefined);
    doc = withEvent(doc, approvalEvent(ids, approval.override, approval.reason, approval.online ? 'online' : 'offline', actor(approval.managerId, 'approved')));
  }
  // Not settled: it waits, awaiting approval, in the manager's list (approveWaitingReturn settles it).
  const allocations: RefundAllocation[] = assessment.refunds.map(({ brand: _b, last4: _l, ...a }) => a);
  if (settle) doc = withEvent(doc, tenderedEvent(allocations, 0, actor(staffId, 'tendered')));
  // Who did what: each event proven by its author's online staff session (the manager's for the approval), or
  // marked signed in offline — the same stamp as pickup events (renderer/data/staffSession.ts).
  doc = { ...doc, events: doc.events.map((e) => stampAttribution(e)) };
  session.sync.trackLocalWrite(id);
  await returns.insert(doc);
  return { doc, draft: { ...draft, lines: picked }, assessment, approval };
}

/** One return on this device, live (the server's accepted/refunded/flagged events arrive by replication). */
export function useReturn(id: string | null): ReturnDoc | null | undefined {
  const { db } = useSession();
  const returns = db.collections.returns;
  return useObservableValue<ReturnDoc | null | undefined>(returns && id ? `return:${id}` : null, () => returns!.findOne(id ?? '').$.pipe(map((d) => (d ? d.toMutableJSON() : null))), returns ? undefined : null);
}

/** This store's returns on this device, newest first, live. */
export function useStoreReturns(): ReturnDoc[] | undefined {
  const { db } = useSession();
  const returns = db.collections.returns;
  return useObservableValue<ReturnDoc[] | undefined>(returns ? 'returns:all' : null, () => returns!.find({ sort: [{ createdAt: 'desc' }] }).$.pipe(map((docs) => docs.map((d) => d.toMutableJSON()))), returns ? undefined : []);
}

/**
 * A manager approves a return that was saved to wait for them: their approval of every line that needs one (an
 * override covers refused lines too) and the refund as planned now, both appended to the local document.
 */
export async function approveWaitingReturn(session: WriteSession, returnId: string, approval: ManagerApproval, allocations: RefundAllocation[]): Promise<ReturnDoc> {
  const returns = session.db.collections.returns;
  const rx = returns ? await returns.findOne(returnId).exec() : null;
  if (!rx) throw new AisleError('NOT_FOUND', `return ${returnId} is not on this device`);
  const at = new Date().toISOString();
  const actor = (who: string, suffix: string): ReturnActor => ({ staffId: who, deviceId: session.settings.deviceId, at, eventId: `${returnId}:${suffix}:${at}` });
  let out: ReturnDoc | null = null;
  await rx.incrementalModify((current) => {
    const doc = current as ReturnDoc;
    const state = foldReturn(doc.events);
    const lineIds = state.verdicts.filter((v) => v.verdict === 'needs-manager' || (approval.override && v.verdict === 'refused')).map((v) => v.lineId);
    let next = withEvent(doc, stampAttribution(approvalEvent(lineIds, approval.override, approval.reason, approval.online ? 'online' : 'offline', actor(approval.managerId, 'approved'))));
    if (!state.tendered) next = withEvent(next, stampAttribution(tenderedEvent(allocations, 0, actor(approval.managerId, 'tendered'))));
    out = next;
    return next;
  });
  session.sync.trackLocalWrite(returnId);
  if (!out) throw new AisleError('INTERNAL', 'the approval was not recorded');
  return out;
}

/**
 * The sale a saved return came from, found again for the manager's approval: its receipt code verified again, or
 * the working-set order; null for a receiptless return (or when neither is on this device any more).
 */
export async function saleForDoc(session: AisleSession, doc: ReturnDoc, settings: ReturnSettings | null): Promise<ReturnableSale | null> {
  const receipt = foldReturn(doc.events).receipt;
  if (receipt.kind === 'code' && settings) {
    const r = verifyReceiptCode(receipt.code, settings.receiptKeys);
    if (r.ok) return saleFromReceipt(r.receipt);
  }
  const order = doc.orderId !== '' ? await findLocalOrder(session, doc.orderId) : null;
  return order ? saleFromOrder(order) : null;
}

/** Today's price per variant (the store-credit value of a receiptless unit that the device knows). */
export async function unitValues(session: AisleSession, variantIds: readonly string[]): Promise<Record<string, number>> {
  const docs = await session.db.collections.variants?.findByIds([...variantIds]).exec();
  return Object.fromEntries([...(docs?.values() ?? [])].map((v) => [v.id, v.price.amount]));
}

/** Receiptless returns of this customer on this device in the policy period (the server counts every store). */
export async function receiptlessHistory(session: AisleSession, customerId: string, periodDays: number, now: number): Promise<{ count: number; amount: number }> {
  const c = session.db.collections.returns;
  if (!c || customerId === '') return { count: 0, amount: 0 };
  const since = new Date(now - periodDays * 86_400_000).toISOString();
  const docs = (await c.find({ selector: { customerId } }).exec()).map((d) => d.toMutableJSON());
  const mine = docs.filter((d) => d.orderId === '' && d.createdAt >= since && d.status !== 'cancelled' && d.status !== 'draft');
  return { count: mine.length, amount: mine.reduce((a, d) => a + d.refundTotal, 0) };
}

// ---- Online: the server's view of a sale (orders beyond this store's working set, returns from every store) ----

interface ServerReturnable {
  sale: ReturnableSale;
  customerId: string;
  returned: Record<string, number>;
  receiptCode: string;
}

function parseServerReturnable(v: unknown): ServerReturnable | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  const sale = o['sale'];
  if (typeof sale !== 'object' || sale === null || typeof o['customerId'] !== 'string' || typeof o['returned'] !== 'object' || o['returned'] === null) return null;
  const s = sale as Partial<ReturnableSale>;
  if (typeof s.orderId !== 'string' || typeof s.orderNumber !== 'string' || !Array.isArray(s.lines) || !Array.isArray(s.tenders) || typeof s.currency !== 'string') return null;
  const returned: Record<string, number> = {};
  for (const [k, n] of Object.entries(o['returned'] as Record<string, unknown>)) if (typeof n === 'number') returned[k] = n;
  // The server's own answer over the device's authenticated channel: the sale has its ReturnableSale shape.
  return { sale: sale as ReturnableSale, customerId: o['customerId'], returned, receiptCode: typeof o['receiptCode'] === 'string' ? o['receiptCode'] : '' };
}

/** Orders by number, or by card last 4 + day + amount, asked of the server (every channel and store). */
export async function lookupOrdersOnline(session: AisleSession, query: { number: string } | CardQuery, via: FoundVia): Promise<FoundOrder[]> {
  const q = 'number' in query ? `number=${encodeURIComponent(query.number.trim().replace(/^#/, ''))}` : `last4=${query.last4}&date=${query.day}&amount=${query.amount}`;
  const body = await authedJson(session.settings, `${API_PREFIX}/returns/orders?${q}`, { signal: AbortSignal.timeout(8000) });
  const list = typeof body === 'object' && body !== null && Array.isArray((body as { orders?: unknown }).orders) ? ((body as { orders: unknown[] }).orders) : [];
  const out: FoundOrder[] = [];
  for (const item of list) {
    const r = parseServerReturnable(item);
    if (!r) continue;
    out.push({ sale: r.sale, order: await findLocalOrder(session, r.sale.orderId), via, checked: 'device', code: r.receiptCode, customerId: r.customerId, serverReturned: r.returned });
  }
  return out;
}

/** Online, after the device verified a receipt: what the server says was returned from it so far (null: no answer). */
export async function serverViewOfReceipt(session: AisleSession, code: string): Promise<{ returned: Record<string, number>; customerId: string; handedOverAt: string | null } | null> {
  try {
    const r = parseServerReturnable(await authedJson(session.settings, `${API_PREFIX}/returns/receipts/verify`, { method: 'POST', body: JSON.stringify({ code }), signal: AbortSignal.timeout(8000) }));
    return r ? { returned: r.returned, customerId: r.customerId, handedOverAt: r.sale.handedOverAt } : null;
  } catch {
    return null;
  }
}

/** Cash this device handed out in returns the server has not answered yet (the offline cash cap counts it). */
export async function offlineCashGiven(session: AisleSession): Promise<number> {
  const c = session.db.collections.returns;
  if (!c) return 0;
  const docs = (await c.find({ selector: { status: 'submitted' } }).exec()).map((d) => d.toMutableJSON());
  return docs.reduce((a, d) => a + (foldReturn(d.events).tendered?.allocations ?? []).filter((x) => x.tender === 'cash').reduce((b, x) => b + x.amount, 0), 0);
}
