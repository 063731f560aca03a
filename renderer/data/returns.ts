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
import type { OrderDoc } from '../../shared/schemas/collections';
import type { Money } from '../../shared/money';
import { AisleError } from '../../shared/errors';
import type { AisleSession } from './session';
import { useSession } from './context';
import { useObservableValue } from './hooks';
import { signInStaff } from './session';
import { findLocalCustomer, openOnline, resolveLoyaltyCard } from './customers';

// ---- Finding the order ----

/** How the order was found: the screen says it, the return records it. */
export type FoundVia = 'receipt' | 'order-number' | 'customer' | 'card';

export interface FoundOrder {
  order: OrderDoc;
  via: FoundVia;
  /** 'signature': the receipt's signature checked against the server's key; 'device': this store's working set. */
  checked: 'signature' | 'device';
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
// ADAPTER: the shapes the screens use. Reasons, dispositions, verdicts and refunds are shared/returns' (returns-core);
// until its types land these mirror issue #9's lists, and assessReturn below maps the shared rules onto them.

export const RETURN_REASONS = ['too-small', 'too-large', 'colour', 'style', 'defective', 'not-as-described', 'wrong-item', 'unwanted', 'other'] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];
export const DISPOSITIONS = ['restock', 'damaged', 'vendor', 'destroy', 'inspect'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export interface DraftLine {
  /** The order line's id, or for a receiptless return the variant id. */
  key: string;
  orderLineId: string | null;
  variantId: string;
  productId: string;
  sku: string;
  title: string;
  quantity: number;
  reason: ReturnReason | null;
  note: string;
  disposition: Disposition;
}

export type ReturnStart = { kind: 'order'; found: FoundOrder } | { kind: 'receiptless'; customerId: string; customerName: string };

export interface ReturnDraft {
  start: ReturnStart;
  lines: DraftLine[];
}

export type LineVerdict = { kind: 'allowed' } | { kind: 'needs-manager'; why: string } | { kind: 'refused'; why: string };

export interface RefundRow {
  tender: 'card' | 'gift-card' | 'store-credit' | 'cash';
  brand: string;
  last4: string;
  amount: Money;
  /** Issued pending: spendable once the server has it (offline store credit / gift card). */
  pending: boolean;
}

/** Which offline limits apply now (the screen names each). */
export type OfflineLimit = 'card-after-sync' | 'store-credit-pending' | 'gift-card-pending' | 'cash-cap';

export interface Assessment {
  lines: Readonly<Record<string, { verdict: LineVerdict; refund: Money | null; returnable: number }>>;
  refunds: RefundRow[];
  total: Money | null;
  limits: OfflineLimit[];
  /** Some line needs a manager's approval (or override) before the return can be completed. */
  needsManager: boolean;
}

export type { Money };

// ---- Manager approval on the spot ----

export interface ManagerApproval {
  managerId: string;
  name: string;
  /** true: the manager overrides a refusal (a reason is then required and recorded). */
  override: boolean;
  reason: string;
  /** false: the PIN was checked against this counter's offline verifier. */
  online: boolean;
}

/**
 * Checks a manager's staff number and PIN with the same sign-in as the header (online first, then this counter's
 * offline verifier; wrong PINs count toward that manager's lockout), without changing who is signed in here.
 * Events the approval adds are stamped with the manager's own staff session (renderer/data/staffSession.ts).
 */
export async function verifyManager(session: AisleSession, identifier: string, pin: string): Promise<{ ok: true; managerId: string; name: string; online: boolean } | { ok: false; reason: 'not-manager' | 'refused'; message: string }> {
  const result = await signInStaff(session, identifier, pin);
  if (!result.ok) return { ok: false, reason: 'refused', message: result.message };
  if (result.staff.role !== 'manager') return { ok: false, reason: 'not-manager', message: result.staff.name };
  return { ok: true, managerId: result.staff.id, name: result.staff.name, online: result.staff.online };
}

// ---- PENDING shared/returns (returns-core): replaced by the shared rules when they land ----

/** The draft for an order: every line at quantity 0, condition "back to stock here". */
export function draftFor(found: FoundOrder): ReturnDraft {
  return {
    start: { kind: 'order', found },
    lines: found.order.lines.map((l) => ({ key: l.id, orderLineId: l.id, variantId: l.variantId, productId: l.productId, sku: l.sku, title: l.title, quantity: 0, reason: null, note: '', disposition: 'restock' })),
  };
}

export interface AssessContext {
  online: boolean;
  now: string;
  storeId: string;
}

/** PENDING: the verdicts and refunds of shared/returns. Until then every sold unit is returnable and nothing is priced. */
export function assessReturn(draft: ReturnDraft, _ctx: AssessContext): Assessment {
  const order = draft.start.kind === 'order' ? draft.start.found.order : null;
  const lines: Record<string, Assessment['lines'][string]> = {};
  for (const l of draft.lines) {
    const sold = order?.lines.find((o) => o.id === l.orderLineId)?.quantity ?? l.quantity;
    lines[l.key] = { verdict: { kind: 'allowed' }, refund: null, returnable: sold };
  }
  return { lines, refunds: [], total: null, limits: [], needsManager: false };
}

/** PENDING: verifies a scanned receipt code with the server's public key (shared/returns). */
export async function orderFromReceipt(session: AisleSession, text: string): Promise<FoundOrder> {
  const m = /^(?:AISLE:RC:|aisle:\/\/receipt\/)([A-Za-z0-9_-]{1,64})$/i.exec(text.trim());
  const order = m?.[1] ? await findLocalOrder(session, m[1]) : null;
  if (!order) throw new AisleError('NOT_FOUND', 'receipt');
  return { order, via: 'receipt', checked: 'device' };
}

export interface RecordedReturn {
  id: string;
  draft: ReturnDraft;
  assessment: Assessment;
  staffId: string;
  approval: ManagerApproval | null;
  at: string;
}

/** PENDING: writes the return's events to the local `returns` collection. */
export async function recordReturn(_session: AisleSession, draft: ReturnDraft, assessment: Assessment, staffId: string, approval: ManagerApproval | null): Promise<RecordedReturn> {
  return Promise.resolve({ id: crypto.randomUUID(), draft, assessment, staffId, approval, at: new Date().toISOString() });
}

// ---- Receiptless: an identified customer ----

/** The customer a receiptless return is for, by loyalty card (working set first, then the server). */
export async function customerForCard(session: AisleSession, cardNumber: string, online: boolean): Promise<{ customerId: string; name: string }> {
  const { customerId, local } = await resolveLoyaltyCard(session, cardNumber.trim(), online);
  if (local) {
    const doc = await findLocalCustomer(session, customerId);
    return { customerId, name: doc ? `${doc.contact.firstName} ${doc.contact.lastName}`.trim() : customerId };
  }
  const opened = await openOnline(session, customerId, 'other');
  return { customerId: opened.customer.customerId, name: `${opened.customer.contact.firstName} ${opened.customer.contact.lastName}`.trim() };
}
