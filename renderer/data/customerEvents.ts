/**
 * What a counter records about a customer (docs/customers.md, `customerEvents`): every profile view and every reveal
 * of masked contact details (who, when, which device, opened from what), associate notes and wishlist items added in
 * store. Written to the local database first, so it works offline; replication pushes them and the server takes each
 * into its audit log or the customer record and answers with the event deleted, so the device keeps an event only
 * until the server has it. Notes and wishlist adds not yet taken show from here meanwhile.
 */
import { DeviceError } from './deviceError';
import { map } from 'rxjs';
import type { CustomerEventDoc, CustomerEventKind, ProfileSource } from '../../shared/customers/types';
import type { ProfileViewEntry, ProfileViewLog } from '../../shared/customers/api';
import { AisleError } from '../../shared/errors';
import { API_PREFIX } from '../../shared/sync';
import type { AisleSession } from './session';
import { useSession } from './context';
import { authedJson } from './http';
import { stampAttribution, staffSessionHeaders } from './staffSession';
import { useObservableValue } from './hooks';

export const CUSTOMER_NOTE_MAX = 1000;

export interface EventInput {
  customerId: string;
  kind: CustomerEventKind;
  staffId: string;
  source?: ProfileSource;
  field?: 'email' | 'phone';
  text?: string;
  variantId?: string;
}

/** Records one event locally (and counts it as waiting to be sent); returns the stored document. */
export async function recordCustomerEvent(session: AisleSession, input: EventInput): Promise<CustomerEventDoc> {
  const events = session.db.collections.customerEvents;
  if (!events) throw new AisleError('FORBIDDEN', 'This device does not keep customers (kiosks never do).');
  if (input.staffId === '') throw new AisleError('UNAUTHENTICATED', 'Sign in first: every look at a customer records who looked.');
  // Proven by the staff member's online session, or marked signed in offline: the server refuses anything else.
  const doc: CustomerEventDoc = stampAttribution({
    id: `${session.settings.deviceId}:${crypto.randomUUID()}`,
    storeId: session.settings.storeId,
    customerId: input.customerId,
    kind: input.kind,
    staffId: input.staffId,
    deviceId: session.settings.deviceId,
    at: new Date().toISOString(),
    source: input.source ?? '',
    field: input.field ?? '',
    text: input.text ?? '',
    variantId: input.variantId ?? '',
  });
  session.sync.trackLocalWrite(doc.id);
  await events.insert(doc);
  return doc;
}

export function recordProfileView(session: AisleSession, customerId: string, staffId: string, source: ProfileSource): Promise<CustomerEventDoc> {
  return recordCustomerEvent(session, { customerId, kind: 'viewed', staffId, source });
}

export function recordReveal(session: AisleSession, customerId: string, staffId: string, field: 'email' | 'phone'): Promise<CustomerEventDoc> {
  return recordCustomerEvent(session, { customerId, kind: 'revealed', staffId, field });
}

export async function addCustomerNote(session: AisleSession, customerId: string, staffId: string, text: string): Promise<CustomerEventDoc> {
  const t = text.trim();
  if (t === '') throw new DeviceError('VALIDATION_FAILED', 'Write the note first.', { key: 'noteEmpty' });
  if (t.length > CUSTOMER_NOTE_MAX) throw new DeviceError('VALIDATION_FAILED', `Keep notes under ${CUSTOMER_NOTE_MAX} characters.`, { key: 'noteTooLong', max: CUSTOMER_NOTE_MAX });
  return recordCustomerEvent(session, { customerId, kind: 'note', staffId, text: t });
}

export function addToWishlistInStore(session: AisleSession, customerId: string, staffId: string, variantId: string): Promise<CustomerEventDoc> {
  return recordCustomerEvent(session, { customerId, kind: 'wishlist-add', staffId, variantId });
}

/** This device's events about a customer that the server has not taken yet, oldest first, live. */
export function usePendingCustomerEvents(customerId: string | null): CustomerEventDoc[] {
  const { db } = useSession();
  const events = db.collections.customerEvents;
  return useObservableValue<CustomerEventDoc[]>(
    events && customerId !== null ? `events:${customerId}` : null,
    () => events!.find({ selector: { customerId: customerId ?? '' }, sort: [{ at: 'asc' }] }).$.pipe(map((docs) => docs.map((d) => d.toMutableJSON()))),
    [],
  );
}

/** Every view and reveal recorded on this device and not yet sent (the manager's log shows them as "not sent yet"). */
export function useUnsentViews(): CustomerEventDoc[] {
  const { db } = useSession();
  const events = db.collections.customerEvents;
  return useObservableValue<CustomerEventDoc[]>(
    events ? 'unsent-views' : null,
    () => events!.find({ selector: { kind: { $in: ['viewed', 'revealed'] } }, sort: [{ at: 'desc' }] }).$.pipe(map((docs) => docs.map((d) => d.toMutableJSON()))),
    [],
  );
}

function parseViewLog(body: unknown): ProfileViewEntry[] {
  const b = body as Partial<ProfileViewLog> | null;
  if (!b || !Array.isArray(b.entries)) throw new AisleError('INTERNAL', 'the server answered the view log with something else than entries');
  return (b.entries as unknown[]).filter((e): e is ProfileViewEntry => {
    const x = e as Partial<ProfileViewEntry> | null;
    return !!x && typeof x.eventId === 'string' && typeof x.customerId === 'string' && typeof x.staffId === 'string' && typeof x.at === 'string';
  });
}

/** The store's profile-view log from the server (managers); one customer's when customerId is given. */
export async function fetchProfileViewLog(session: AisleSession, customerId?: string, signal?: AbortSignal): Promise<ProfileViewEntry[]> {
  const query = customerId ? `customerId=${encodeURIComponent(customerId)}` : `storeId=${encodeURIComponent(session.settings.storeId)}`;
  const body = await authedJson(session.settings, `${API_PREFIX}/customers/views?${query}`, signal ? { signal } : {}, staffSessionHeaders());
  return parseViewLog(body);
}
