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
import { authedJson } from './http';
import { parseNearbyStock } from './guards';
import { matchesStaffIdentifier, verifyPin } from './pin';
import { runPickupCommand } from './pickups';
import type { CommandResult, PickupCommand } from '../../shared/pickup/types';

export interface AisleSession {
  readonly settings: DeviceSettings;
  readonly db: AisleDatabase;
  readonly sync: SyncEngine;
  readonly searchIndex: ProductSearchIndex;
  readonly search: SearchService;
  readonly barcodes: BarcodeMap;
  close(): Promise<void>;
}

/** What a local write needs: the database, the enrollment and the replication's pending count (the soak drives these in Node). */
export type WriteSession = Pick<AisleSession, 'db' | 'settings' | 'sync'>;

export interface SignedInStaff {
  id: string;
  name: string;
  role: StaffDoc['role'];
  staffNumber: string;
}

export type SignInResult =
  | { ok: true; staff: SignedInStaff }
  | { ok: false; reason: 'needs-sync' | 'no-match' | 'inactive' | 'not-available'; message: string };

export async function openSession(settings: DeviceSettings, api: DesktopApi): Promise<AisleSession> {
  const db = await openDatabase(settings.deviceId, settings.role);
  const { products, variants } = db.collections;
  if (!products || !variants) throw new AisleError('INTERNAL', 'the products and variants collections did not open');
  const collections = collectionsForRole(settings.role);
  const sync = new SyncEngine(db, settings, collections);
  // The in-memory indexes start from their last snapshot on a synced device (cold start; snapshots.ts).
  const snapshots = indexedDbSnapshots(snapshotDatabaseName(db.name));
  const searchIndex = new ProductSearchIndex(products, snapshots);
  const barcodes = new BarcodeMap(variants, snapshots);
  const search = new SearchService(searchIndex, products, variants, barcodes);
  // Replication starts now and runs beside the UI; nothing waits for it.
  sync.start(api);
  const session: AisleSession = {
    settings,
    db,
    sync,
    searchIndex,
    search,
    barcodes,
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
  await new Promise<void>((resolve) => {
    const req = indexedDB.deleteDatabase(snapshotDatabaseName(name));
    req.onsuccess = req.onerror = req.onblocked = () => resolve();
  });
  await api.clearDeviceSettings();
}

export async function signInStaff(session: AisleSession, identifier: string, pin: string): Promise<SignInResult> {
  const staffCollection = session.db.collections.staff;
  if (!staffCollection) return { ok: false, reason: 'not-available', message: 'This device has no staff sign-in.' };
  const everyone = await staffCollection.find().exec();
  if (everyone.length === 0 && !session.sync.state$.value.syncedOnce.staff) {
    return { ok: false, reason: 'needs-sync', message: 'Sign-in needs one sync with the catalog server first, to receive this store’s staff list. Connect to the server and wait for the first sync to finish.' };
  }
  const staff = everyone.find((s) => matchesStaffIdentifier(s, identifier));
  // The same message for an unknown number and a wrong PIN: the form must not reveal which staff numbers exist.
  const noMatch: SignInResult = { ok: false, reason: 'no-match', message: 'That staff number or PIN is not right.' };
  if (!staff) {
    // Spend about as long as a real check would, so timing does not tell them apart either.
    await verifyPin(pin, { pinHash: '00', pinSalt: '00', pinIterations: 100_000 });
    return noMatch;
  }
  if (!(await verifyPin(pin, staff))) return noMatch;
  if (!staff.active) return { ok: false, reason: 'inactive', message: 'This staff account is inactive. Ask a manager.' };
  return { ok: true, staff: { id: staff.id, name: staff.name, role: staff.role, staffNumber: staff.staffNumber } };
}

export const NOTE_MAX_LENGTH = 500;

export async function addNote(session: WriteSession, input: { productId: string; variantId: string; text: string; staffId: string }): Promise<NoteDoc> {
  const notes = session.db.collections.notes;
  if (!notes) throw new AisleError('FORBIDDEN', 'This device does not keep notes.');
  const text = input.text.trim();
  if (text === '') throw new AisleError('VALIDATION_FAILED', 'Write the note first.');
  if (text.length > NOTE_MAX_LENGTH) throw new AisleError('VALIDATION_FAILED', `Keep notes under ${NOTE_MAX_LENGTH} characters.`);
  const now = new Date().toISOString();
  const doc: NoteDoc = {
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
  };
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
  metrics(): { indexBuildMs: number; indexReadVia: string | null; restoredFrom: string; indexedProducts: number; barcodes: number; searchMs: number[]; pulls: PullMetrics };
  search(query: string): Promise<unknown>;
  /** The soak (test/soak) drives a real app page through these: the same write paths the screens use. */
  pickup(pickupId: string, command: PickupCommand, staffId: string): Promise<CommandResult>;
  note(input: { productId: string; variantId: string; text: string; staffId: string }): Promise<NoteDoc>;
  /** Every local document of a collection, as plain JSON. */
  docs(collection: CollectionName): Promise<unknown[]>;
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
    metrics: () => ({ indexBuildMs: session.searchIndex.buildMs, indexReadVia: session.searchIndex.readVia, restoredFrom: `search ${session.searchIndex.filledFrom ?? 'filling'}, barcodes ${session.barcodes.filledFrom ?? 'filling'}`, indexedProducts: session.searchIndex.index.documentCount, barcodes: session.barcodes.map.size, searchMs: [...session.search.metrics.searchMs], pulls: structuredClone(session.sync.pullMetrics) }),
    search: (query) => session.search.search(query),
    pickup: (pickupId, command, staffId) => runPickupCommand(session, pickupId, command, staffId),
    note: (input) => addNote(session, input),
    docs: async (collection) => {
      const c = session.db.collections[collection];
      if (!c) return [];
      const docs: { toMutableJSON(): unknown }[] = await c.find().exec();
      return docs.map((d) => d.toMutableJSON());
    },
    pendingPushes: () => session.sync.state$.value.pendingPushes,
  };
}
