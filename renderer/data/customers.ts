/**
 * Customers at the counter: the store's working set on the device, and the online lookup for everyone else
 * (docs/customers.md). Counters only — a kiosk has none of these collections, and every function here answers
 * "not on this device" there.
 *
 * - The working set (`customers`, `orders`) is server-written and replicated like the catalog; its personal fields
 *   are sealed at rest (sealedStorage.ts). The device never writes into these collections: RxDB would then keep
 *   its local copy over every later server change (an un-pushed fork state), so a customer found online joins the
 *   working set by asking the server (POST /customers/:id/open), and the screen shows the server's answer until
 *   replication brings the same documents.
 * - An erased customer is a deleted document on the server: replication removes it here like any deletion.
 * - Search asks the server when it can; offline (or when the server cannot be reached) it searches only the
 *   working set on this device, and says so.
 */
import { DeviceError } from './deviceError';
import { useMemo } from 'react';
import { map } from 'rxjs';
import type { CustomerDoc, OrderDoc } from '../../shared/schemas/collections';
import type { CustomerOpenResponse, CustomerSearchHit, CustomerSearchResponse, ProfileSource } from '../../shared/customers/api';
import { AisleError } from '../../shared/errors';
import { API_PREFIX } from '../../shared/sync';
import type { AisleSession } from './session';
import { useSession } from './context';
import { authedJson } from './http';
import { staffSessionHeaders } from './staffSession';
import { useObservableValue } from './hooks';
import { toTransferable } from './stream';

function customersOf(session: AisleSession): NonNullable<AisleSession['db']['collections']['customers']> {
  const c = session.db.collections.customers;
  if (!c) throw new AisleError('FORBIDDEN', 'This device does not keep customers (kiosks never do).');
  return c;
}

export function workingSetId(session: AisleSession, customerId: string): string {
  return `${session.settings.storeId}:${customerId}`;
}

/** The working-set customer with this loyalty card (indexed; no network), or null. */
export async function findLocalByLoyalty(session: AisleSession, cardNumber: string): Promise<CustomerDoc | null> {
  const doc = await customersOf(session).findOne({ selector: { loyaltyNumber: cardNumber } }).exec();
  return doc ? doc.toMutableJSON() : null;
}

export async function findLocalCustomer(session: AisleSession, customerId: string): Promise<CustomerDoc | null> {
  const doc = await customersOf(session).findOne(workingSetId(session, customerId)).exec();
  return doc ? doc.toMutableJSON() : null;
}

/** The customer of a pickup: the pickup is an order of the orders model with the same id (docs/customers.md). */
export async function customerIdForOrder(session: AisleSession, orderId: string): Promise<string | null> {
  const orders = session.db.collections.orders;
  if (!orders) return null;
  const doc = await orders.findOne(workingSetId(session, orderId)).exec();
  return doc && doc.customerId !== '' ? doc.customerId : null;
}

// ---- Search ----

export interface CustomerSearchOutcome {
  /** 'server': every customer was searched; 'device': offline, only the working set on this device. */
  scope: 'server' | 'device';
  hits: CustomerSearchHit[];
  more: boolean;
  /** How many customers the device holds (what an offline search covered). */
  workingSetSize: number;
}

export const MIN_QUERY = 2;
const MAX_LOCAL_HITS = 20;

function normalisedDigits(s: string): string {
  return s.replace(/\D/g, '');
}

/** Does a working-set customer match the query the way the server's lookup would (name, e-mail, phone, card)? */
export function matchLocal(doc: CustomerDoc, query: string): CustomerSearchHit['matched'] | null {
  const q = query.trim().toLowerCase();
  if (q.length < MIN_QUERY) return null;
  const digits = normalisedDigits(q);
  if (doc.loyaltyNumber !== '' && digits.length >= 4 && digits === q.replace(/\s/g, '') && doc.loyaltyNumber.includes(digits)) return 'loyalty';
  if (q.includes('@') ? doc.contact.email.startsWith(q) : doc.contact.email.split('@')[0]?.startsWith(q)) return 'email';
  if (digits.length >= 4 && /^[\d\s()+.-]+$/.test(q) && normalisedDigits(doc.contact.phone).endsWith(digits)) return 'phone';
  const name = `${doc.contact.firstName} ${doc.contact.lastName}`.toLowerCase();
  const words = q.split(/\s+/);
  const nameWords = name.split(/\s+/);
  if (words.every((w) => nameWords.some((n) => n.startsWith(w)))) return 'name';
  return null;
}

function hitOf(doc: CustomerDoc, matched: CustomerSearchHit['matched']): CustomerSearchHit {
  return {
    customerId: doc.customerId,
    firstName: doc.contact.firstName,
    lastName: doc.contact.lastName,
    emailMasked: doc.contact.emailMasked,
    phoneMasked: doc.contact.phoneMasked,
    loyaltyNumber: doc.loyaltyNumber,
    tier: doc.tier,
    homeStoreId: doc.homeStoreId,
    matched,
    inWorkingSet: true,
  };
}

export async function searchLocal(session: AisleSession, query: string): Promise<CustomerSearchOutcome> {
  const docs = await customersOf(session).find().exec();
  const hits: CustomerSearchHit[] = [];
  for (const rx of docs) {
    const doc = rx.toJSON() as CustomerDoc;
    const matched = matchLocal(doc, query);
    if (matched) hits.push(hitOf(doc, matched));
  }
  hits.sort((a, b) => a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName));
  return { scope: 'device', hits: hits.slice(0, MAX_LOCAL_HITS), more: hits.length > MAX_LOCAL_HITS, workingSetSize: docs.length };
}

function parseSearchResponse(body: unknown): CustomerSearchResponse {
  const b = body as Partial<CustomerSearchResponse> | null;
  if (!b || !Array.isArray(b.hits) || typeof b.more !== 'boolean') throw new AisleError('INTERNAL', 'the server answered the customer search with something else than hits');
  for (const h of b.hits as unknown[]) {
    const hit = h as Partial<CustomerSearchHit> | null;
    if (!hit || typeof hit.customerId !== 'string' || typeof hit.firstName !== 'string' || typeof hit.lastName !== 'string') throw new AisleError('INTERNAL', 'the server sent a customer search hit without a name or id');
  }
  return b as CustomerSearchResponse;
}

/** Online lookup through the server; offline (no answer at all) the working set here answers instead. */
export async function searchCustomers(session: AisleSession, query: string, online: boolean, signal?: AbortSignal): Promise<CustomerSearchOutcome> {
  const q = query.trim();
  if (q.length < MIN_QUERY) return { scope: online ? 'server' : 'device', hits: [], more: false, workingSetSize: await customersOf(session).count().exec() };
  if (online) {
    try {
      // Personal data: the server answers only with the signed-in person's online staff session.
      const body = await authedJson(session.settings, `${API_PREFIX}/customers/search?q=${encodeURIComponent(q)}`, signal ? { signal } : {}, staffSessionHeaders());
      const parsed = parseSearchResponse(body);
      return { scope: 'server', hits: parsed.hits, more: parsed.more, workingSetSize: await customersOf(session).count().exec() };
    } catch (error) {
      if (toTransferable(error).code !== 'SERVER_UNREACHABLE') throw error;
    }
  }
  return searchLocal(session, q);
}

// ---- Opening a profile ----

/**
 * The server's answer to an open, kept only until replication has brought the same customer here (then the live
 * local document is what the screen shows). In memory only: never written to storage unsealed.
 */
const openedOnline = new Map<string, CustomerOpenResponse>();

/**
 * Asks the server to add the customer to this store's working set and returns the profile to show meanwhile.
 * Replication then brings the same documents (the server's write is announced on the change stream).
 */
export async function openOnline(session: AisleSession, customerId: string, source: ProfileSource): Promise<CustomerOpenResponse> {
  const body = await authedJson(session.settings, `${API_PREFIX}/customers/${encodeURIComponent(customerId)}/open`, { method: 'POST', body: JSON.stringify({ source }) }, staffSessionHeaders());
  const b = body as Partial<CustomerOpenResponse> | null;
  if (!b || typeof b.customer !== 'object' || b.customer === null || !Array.isArray(b.orders)) throw new AisleError('INTERNAL', 'the server answered the profile request without a customer');
  // The id may differ from the one asked for when duplicates were merged: the survivor is the customer now.
  const answer = b as CustomerOpenResponse;
  openedOnline.set(workingSetId(session, answer.customer.customerId), answer);
  session.sync.resyncAll();
  return answer;
}

/** What a loyalty card scan resolves to: a customer id (from the working set, or the server), or why not. */
export async function resolveLoyaltyCard(session: AisleSession, cardNumber: string, online: boolean): Promise<{ customerId: string; local: boolean }> {
  const local = await findLocalByLoyalty(session, cardNumber);
  if (local) return { customerId: local.customerId, local: true };
  if (!online) throw new DeviceError('SERVER_UNREACHABLE', `Card ${cardNumber} is not among the customers on this device, and the server cannot be reached to look it up (offline).`, { key: 'cardNotOnDevice', card: cardNumber });
  const outcome = await searchCustomers(session, cardNumber, true);
  if (outcome.scope === 'device') throw new DeviceError('SERVER_UNREACHABLE', `Card ${cardNumber} is not among the customers on this device, and the server cannot be reached to look it up.`, { key: 'cardNotOnDevice', card: cardNumber });
  const hit = outcome.hits.find((h) => h.loyaltyNumber === cardNumber);
  if (!hit) throw new DeviceError('NOT_FOUND', `No customer has loyalty card ${cardNumber}.`, { key: 'cardUnknown', card: cardNumber });
  return { customerId: hit.customerId, local: false };
}

// ---- Hooks ----

/** The working-set customer, live (null when not on this device, e.g. erased or not yet replicated). */
export function useCustomer(customerId: string | null): CustomerDoc | null | undefined {
  const session = useSession();
  const customers = session.db.collections.customers;
  const id = customers && customerId !== null ? workingSetId(session, customerId) : null;
  return useObservableValue<CustomerDoc | null | undefined>(id, () => customers!.findOne(id ?? '').$.pipe(map((d) => (d ? d.toMutableJSON() : null))), customers ? undefined : null);
}

/** The customer's orders from every channel in this store's working set, newest first, live. */
export function useCustomerOrders(customerId: string | null): OrderDoc[] | undefined {
  const { db } = useSession();
  const orders = db.collections.orders;
  return useObservableValue<OrderDoc[] | undefined>(
    orders && customerId !== null ? `orders:${customerId}` : null,
    () => orders!.find({ selector: { customerId: customerId ?? '' }, sort: [{ placedAt: 'desc' }] }).$.pipe(map((docs) => docs.map((d) => d.toMutableJSON()))),
    orders ? undefined : [],
  );
}

export interface CustomerProfileData {
  customer: CustomerDoc;
  orders: OrderDoc[];
  /** 'device': the working set here (live); 'server': the server's answer while replication catches up. */
  from: 'device' | 'server';
}

/** The profile to show: the live working-set copy, or the server's answer to an open until that arrives. */
export function useCustomerProfile(customerId: string): CustomerProfileData | null | undefined {
  const session = useSession();
  const local = useCustomer(customerId);
  const orders = useCustomerOrders(customerId);
  const key = workingSetId(session, customerId);
  return useMemo(() => {
    if (local === undefined || orders === undefined) return undefined;
    if (local) {
      openedOnline.delete(key);
      return { customer: local, orders, from: 'device' as const };
    }
    const fetched = openedOnline.get(key);
    if (fetched) return { customer: fetched.customer, orders: [...fetched.orders].sort((a, b) => b.placedAt.localeCompare(a.placedAt)), from: 'server' as const };
    return null;
  }, [local, orders, key]);
}

/** How many customers this device holds (what an offline search covers). */
export function useWorkingSetSize(): number | undefined {
  const { db } = useSession();
  const customers = db.collections.customers;
  return useObservableValue<number | undefined>(customers ? 'ws-count' : null, () => customers!.count().$, customers ? undefined : 0);
}

/** Whether this device keeps customers at all (counters do; kiosks never). */
export function useHasCustomers(): boolean {
  const { db } = useSession();
  return useMemo(() => db.collections.customers !== undefined, [db]);
}
