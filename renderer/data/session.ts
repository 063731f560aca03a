/**
 * A device session: the local database, the replication and the search index for one enrollment, opened once
 * at launch (or right after enrolling) and shared with components through SessionContext. Writes go to the
 * local database first; replication carries them to the server when it can (the database is the truth).
 */
import type { DesktopApi, DeviceSettings } from '../../shared/ipc';
import { AisleError } from '../../shared/errors';
import { API_PREFIX, type NearbyStock } from '../../shared/sync';
import type { CollectionName, NoteDoc, StaffDoc } from '../../shared/schemas/collections';
import { collectionsForRole, openDatabase, type AisleDatabase } from './database';
import { SyncEngine, type PullMetrics } from './replication';
import { ProductSearchIndex } from './searchIndex';
import { SearchService } from './search';
import { BarcodeMap } from './barcodeMap';
import { indexedDbSnapshots, snapshotDatabaseName } from './snapshots';
import { forgetSnapshotDatabase, type EarlySearch } from './earlySearch';
import { authedJson } from './http';
import { parseNearbyStock } from './guards';
import { StaffPinStore, matchesStaffIdentifier, waitInWords } from './pin';
import { deviceSecretBytes, forgetDeviceSecret } from './deviceSecret';
import { dropStaffSession, holdStaffSession, stampAttribution, type StaffSessionKey } from './staffSession';
import { PIN_KDF, derivePinKey, devicePinVerifier, isAcceptableKdf, isPlausiblePin, toHex } from '../../shared/staff';
import { runPickupCommand } from './pickups';
import type { CommandResult, PickupCommand } from '../../shared/pickup/types';

export interface AisleSession {
  readonly settings: DeviceSettings;
  readonly db: AisleDatabase;
  readonly sync: SyncEngine;
  readonly searchIndex: ProductSearchIndex;
  readonly search: SearchService;
  readonly barcodes: BarcodeMap;
  /** The desktop's device secret, which keys the offline PIN verifiers. */
  readonly desktop: Pick<DesktopApi, 'deviceSecret'>;
  /** Offline PIN verifiers and lockouts of this device (renderer/data/pin.ts). */
  readonly pins: StaffPinStore;
  close(): Promise<void>;
}

/** What a local write needs: the database, the enrollment and the replication's pending count (the soak drives these in Node). */
export type WriteSession = Pick<AisleSession, 'db' | 'settings' | 'sync'>;

/** What staff sign-in needs besides a write session: the device secret and this device's PIN store (Node devices build these too). */
export type SignInSession = WriteSession & Pick<AisleSession, 'desktop' | 'pins'>;

export interface SignedInStaff {
  id: string;
  name: string;
  role: StaffDoc['role'];
  staffNumber: string;
  /** false: signed in offline against this device's verifier; what they record is marked signedInOffline. */
  online: boolean;
}

export type SignInResult =
  | { ok: true; staff: SignedInStaff }
  | { ok: false; reason: 'needs-sync' | 'no-match' | 'inactive' | 'not-available' | 'needs-online' | 'no-pin' | 'needs-reset'; message: string }
  /** retryAfterMs: how long this staff member is locked out, for the form to say in the store's language. */
  | { ok: false; reason: 'locked'; message: string; retryAfterMs: number };

/** The longest a launch waits for the in-memory indexes before replication starts anyway. */
const START_SYNC_AFTER_MS = 1500;

/** `early`: the search snapshot already being read at launch (earlySearch.ts); its store and index are taken over. */
export async function openSession(settings: DeviceSettings, api: DesktopApi, early: EarlySearch | null = null): Promise<AisleSession> {
  // Cold-start timeline marks (read by bench:cold-start): session start, database open, each index ready.
  performance.mark('aisle:session-start');
  // Counters keep personal data (customers' working set), sealed at rest under a key from the device secret.
  const secret = settings.role === 'counter' ? await deviceSecretBytes(api, settings.deviceId) : undefined;
  const db = await openDatabase(settings.deviceId, settings.role, undefined, secret);
  performance.mark('aisle:db-open');
  const { products, variants } = db.collections;
  if (!products || !variants) throw new AisleError('INTERNAL', 'the products and variants collections did not open');
  const collections = collectionsForRole(settings.role);
  const sync = new SyncEngine(db, settings, collections);
  // The in-memory indexes start from their last snapshot on a synced device (cold start; snapshots.ts).
  const snapshots = early?.snapshots ?? indexedDbSnapshots(snapshotDatabaseName(db.name));
  const searchIndex = new ProductSearchIndex(products, snapshots, early?.restored ?? null);
  const barcodes = new BarcodeMap(variants, snapshots, early?.barcodes ?? null);
  const search = new SearchService(searchIndex, products, variants, barcodes);
  void searchIndex.ready.then(() => performance.mark('aisle:search-ready'), () => undefined);
  void barcodes.ready.then(() => performance.mark('aisle:barcodes-ready'), () => undefined);
  // Replication runs beside the UI and nothing waits for it, but it starts once the search answers (at most
  // START_SYNC_AFTER_MS after launch): its start-up (a checkpoint read and a pull per collection, the change
  // stream) otherwise competes with the index restore for the renderer thread and IndexedDB, and a cold start is
  // timed until the search answers (docs/performance.md). On a fresh device the indexes are ready at once.
  const indexesReady = Promise.all([searchIndex.ready, barcodes.ready]);
  void Promise.race([indexesReady.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, START_SYNC_AFTER_MS))]).then(() => sync.start(api));
  const session: AisleSession = {
    settings,
    db,
    sync,
    searchIndex,
    search,
    barcodes,
    desktop: api,
    pins: new StaffPinStore(window.localStorage, settings.deviceId),
    close: async () => {
      searchIndex.close();
      barcodes.close();
      await sync.stop();
      await db.close();
    },
  };
  installTestHook(session, collections);
  return session;
}

/** Forgets this enrollment: stops syncing, deletes the local database and the saved settings. */
export async function resetDevice(session: AisleSession, api: DesktopApi): Promise<void> {
  session.searchIndex.close();
  session.barcodes.close();
  await session.sync.stop();
  const name = session.db.name;
  await session.db.remove();
  session.pins.clear();
  await new Promise<void>((resolve) => {
    const req = indexedDB.deleteDatabase(snapshotDatabaseName(name));
    req.onsuccess = req.onerror = req.onblocked = () => resolve();
  });
  forgetSnapshotDatabase();
  await api.clearDeviceSettings();
  forgetDeviceSecret(session.settings.deviceId);
}

const NO_MATCH = 'That staff number or PIN is not right.';

function lockedMessage(ms: number): string {
  return `Too many wrong PINs. Try again in ${waitInWords(ms)}, or ask a manager to reset the PIN.`;
}

interface OnlineSignIn {
  session: StaffSessionKey;
  pinVersion: number;
}

function parseOnlineSignIn(body: unknown): OnlineSignIn {
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const s = typeof b['session'] === 'object' && b['session'] !== null ? (b['session'] as Record<string, unknown>) : {};
  const staff = typeof b['staff'] === 'object' && b['staff'] !== null ? (b['staff'] as Record<string, unknown>) : {};
  const { id, key, expiresAt } = s;
  const pinVersion = staff['pinVersion'];
  if (typeof id !== 'string' || typeof key !== 'string' || !/^[0-9a-f]{64}$/.test(key) || typeof expiresAt !== 'string' || typeof pinVersion !== 'number') {
    throw new AisleError('INTERNAL', 'the catalog server answered sign-in without a session');
  }
  return { session: { id, key, expiresAt }, pinVersion };
}

/**
 * Staff sign-in (design: shared/staff.ts). Online first: the PIN key goes to the server, which checks it, counts
 * failures and hands back a session; this device then learns its offline verifier. When the server cannot be
 * reached, the PIN is checked against that verifier, which exists only for people who signed in online here once.
 * Failures lock this staff member out on this device with back-off, across reloads.
 */
export async function signInStaff(session: SignInSession, identifier: string, pin: string): Promise<SignInResult> {
  const staffCollection = session.db.collections.staff;
  if (!staffCollection) return { ok: false, reason: 'not-available', message: 'This device has no staff sign-in.' };
  const everyone = await staffCollection.find().exec();
  if (everyone.length === 0 && !session.sync.state$.value.syncedOnce.staff) {
    return { ok: false, reason: 'needs-sync', message: 'Sign-in needs one sync with the catalog server first, to receive this store’s staff list. Connect to the server and wait for the first sync to finish.' };
  }
  const staff = everyone.find((s) => matchesStaffIdentifier(s, identifier));
  // The same message for an unknown number and a wrong PIN: the form must not reveal which staff numbers exist.
  const noMatch: SignInResult = { ok: false, reason: 'no-match', message: NO_MATCH };
  if (!staff) {
    // Spend about as long as a real check would, so timing does not tell them apart either.
    await derivePinKey(pin, '00'.repeat(16), PIN_KDF);
    return noMatch;
  }
  const pins = session.pins;
  const locked = pins.lockedFor(staff.id);
  if (locked > 0) return { ok: false, reason: 'locked', message: lockedMessage(locked), retryAfterMs: locked };
  const failed = (): SignInResult => {
    const lock = pins.recordFailure(staff.id);
    return lock > 0 ? { ok: false, reason: 'locked', message: lockedMessage(lock), retryAfterMs: lock } : noMatch;
  };
  if (!isPlausiblePin(pin)) return failed();
  if (!isAcceptableKdf(staff.pinKdf)) return { ok: false, reason: 'needs-reset', message: 'This staff record’s PIN settings are weaker than Aisle accepts. Ask a manager to reset the PIN.' };
  const pinKey = await derivePinKey(pin, staff.pinSalt, staff.pinKdf);
  const secret = await deviceSecretBytes(session.desktop, session.settings.deviceId);
  const signedIn = (online: boolean): SignInResult => ({ ok: true, staff: { id: staff.id, name: staff.name, role: staff.role, staffNumber: staff.staffNumber, online } });

  let online: OnlineSignIn | null = null;
  try {
    const body = await authedJson(session.settings, `${API_PREFIX}/staff/sign-in`, { method: 'POST', body: JSON.stringify({ staffId: staff.id, pinKey: toHex(pinKey) }), signal: AbortSignal.timeout(8000) });
    online = parseOnlineSignIn(body);
  } catch (error) {
    const code = error instanceof AisleError ? error.code : 'SERVER_UNREACHABLE';
    if (code === 'UNAUTHENTICATED') return failed();
    if (code === 'LOCKED_OUT') {
      // The server's lock is the longer memory (it counts every device): keep at least that here.
      const seconds = error instanceof AisleError ? error.retryAfterSeconds : undefined;
      const ms = seconds !== undefined && Number.isFinite(seconds) ? Math.max(1, seconds) * 1000 : 60_000;
      pins.lockAtLeast(staff.id, ms);
      return { ok: false, reason: 'locked', message: error instanceof Error ? error.message : lockedMessage(ms), retryAfterMs: ms };
    }
    if (code === 'FORBIDDEN') return { ok: false, reason: 'inactive', message: 'This staff account is inactive. Ask a manager.' };
    if (code === 'CONFLICT') return { ok: false, reason: 'no-pin', message: error instanceof Error ? error.message : 'No PIN is set yet. Ask a manager.' };
    // Anything else (no answer, a timeout, a server error): sign in offline below.
  }
  if (online !== null) {
    pins.learn(staff.id, online.pinVersion, devicePinVerifier(secret, staff.id, online.pinVersion, pinKey));
    holdStaffSession(staff.id, online.session);
    return signedIn(true);
  }
  const known = pins.matches(staff.id, staff.pinVersion, devicePinVerifier(secret, staff.id, staff.pinVersion, pinKey));
  if (known === 'unknown') {
    return { ok: false, reason: 'needs-online', message: 'The catalog server cannot be reached, and you have not signed in on this counter with your current PIN yet. Sign in once while it is connected; after that your PIN works here offline too.' };
  }
  if (!known) return failed();
  if (!staff.active) return { ok: false, reason: 'inactive', message: 'This staff account is inactive. Ask a manager.' };
  pins.succeeded(staff.id);
  holdStaffSession(staff.id, null);
  return signedIn(false);
}

/** Ends the staff member's online session here and on the server (best effort: offline, it simply expires). */
export async function signOutStaff(session: Pick<AisleSession, 'settings'>, staffId: string): Promise<void> {
  const held = dropStaffSession(staffId);
  if (!held) return;
  try {
    await authedJson(session.settings, `${API_PREFIX}/staff/sign-out`, { method: 'POST', body: JSON.stringify({ sessionId: held.id }), signal: AbortSignal.timeout(5000) });
  } catch {
    // Offline or refused: the server ends it at expiresAt anyway, and this device no longer holds the key.
  }
}

export const NOTE_MAX_LENGTH = 500;

export async function addNote(session: WriteSession, input: { productId: string; variantId: string; text: string; staffId: string }): Promise<NoteDoc> {
  const notes = session.db.collections.notes;
  if (!notes) throw new AisleError('FORBIDDEN', 'This device does not keep notes.');
  const text = input.text.trim();
  if (text === '') throw new AisleError('VALIDATION_FAILED', 'Write the note first.');
  if (text.length > NOTE_MAX_LENGTH) throw new AisleError('VALIDATION_FAILED', `Keep notes under ${NOTE_MAX_LENGTH} characters.`);
  const now = new Date().toISOString();
  const doc: NoteDoc = stampAttribution({
    id: crypto.randomUUID(),
    storeId: session.settings.storeId,
    productId: input.productId,
    variantId: input.variantId,
    text,
    // Every device write records who made it, on which device.
    staffId: input.staffId,
    deviceId: session.settings.deviceId,
    createdAt: now,
    updatedAt: now,
  });
  session.sync.trackLocalWrite(doc.id);
  await notes.insert(doc);
  return doc;
}

export async function fetchNearbyStock(session: AisleSession, variantId: string, signal?: AbortSignal): Promise<NearbyStock[]> {
  const body = await authedJson(session.settings, `${API_PREFIX}/inventory/${encodeURIComponent(variantId)}/nearby`, signal ? { signal } : {});
  return parseNearbyStock(body);
}

/**
 * window.__aisle: a small hook for end-to-end tests and benchmarks (not an API for anything else).
 * - ready: resolves when the search index and the barcode map have been filled from the local database;
 * - counts(): documents per local collection;
 * - metrics(): indexBuildMs, restoredFrom (snapshot or read, per in-memory index), indexedProducts, searchMs (recent search timings, ms), pulls (request count and time,
 *   documents, first-sync time per collection);
 * - search(q): runs the same search as the search box and returns its outcome.
 */
export interface AisleTestHook {
  ready: Promise<void>;
  counts(): Promise<Partial<Record<CollectionName, number>>>;
  metrics(): { indexBuildMs: number; indexReadVia: string | null; restoredFrom: string; indexedProducts: number; barcodes: number; searchMs: number[]; skuMs: number[]; pulls: PullMetrics };
  search(query: string): Promise<unknown>;
  /** The soak (test/soak) drives a real app page through these: the same write paths the screens use. */
  pickup(pickupId: string, command: PickupCommand, staffId: string): Promise<CommandResult>;
  /** Signs a staff member in as the sign-in form does (online first), so what the soak records carries their session proof. */
  signIn(identifier: string, pin: string): Promise<SignInResult>;
  note(input: { productId: string; variantId: string; text: string; staffId: string }): Promise<NoteDoc>;
  /** Every local document of a collection, as plain JSON. */
  docs(collection: CollectionName): Promise<unknown[]>;
  /** The local documents with these ids (those the device has), as plain JSON: benches check a few without reading all. */
  docsById(collection: CollectionName, ids: readonly string[]): Promise<unknown[]>;
  pendingPushes(): number;
}

declare global {
  interface Window {
    __aisle?: AisleTestHook;
  }
}

function installTestHook(session: AisleSession, collections: readonly CollectionName[]): void {
  window.__aisle = {
    ready: Promise.all([session.searchIndex.ready, session.barcodes.ready]).then(() => undefined),
    counts: async () => {
      const out: Partial<Record<CollectionName, number>> = {};
      for (const name of collections) {
        const c = session.db.collections[name];
        if (c) out[name] = await c.count().exec();
      }
      return out;
    },
    metrics: () => ({ indexBuildMs: session.searchIndex.buildMs, indexReadVia: session.searchIndex.readVia, restoredFrom: `search ${session.searchIndex.filledFrom ?? 'filling'} +${session.searchIndex.caughtUp}, barcodes ${session.barcodes.filledFrom ?? 'filling'} +${session.barcodes.caughtUp}`, indexedProducts: session.searchIndex.index.documentCount, barcodes: session.barcodes.map.size, searchMs: [...session.search.metrics.searchMs], skuMs: [...session.search.metrics.skuMs], pulls: structuredClone(session.sync.pullMetrics) }),
    search: (query) => session.search.search(query),
    pickup: (pickupId, command, staffId) => runPickupCommand(session, pickupId, command, staffId),
    signIn: (identifier, pin) => signInStaff(session, identifier, pin),
    note: (input) => addNote(session, input),
    docs: async (collection) => {
      const c = session.db.collections[collection];
      if (!c) return [];
      const docs: { toMutableJSON(): unknown }[] = await c.find().exec();
      return docs.map((d) => d.toMutableJSON());
    },
    docsById: async (collection, ids) => {
      const c = session.db.collections[collection];
      if (!c) return [];
      const found: Map<string, { toMutableJSON(): unknown }> = await c.findByIds([...ids]).exec();
      return [...found.values()].map((d) => d.toMutableJSON());
    },
    pendingPushes: () => session.sync.state$.value.pendingPushes,
  };
}
