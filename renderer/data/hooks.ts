/**
 * The hooks components use to read and write data. Reads are RxDB query observables, so a change that arrives
 * by sync (a new price, new stock) re-renders the screen that shows it, with no refresh logic anywhere else.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { map, type Observable } from 'rxjs';
import type { InventoryDoc, NoteDoc, ProductDoc, StoreDoc, VariantDoc } from '../../shared/schemas/collections';
import { COLLECTION_NAMES, type CollectionName } from '../../shared/schemas/collections';
import type { NearbyStock } from '../../shared/sync';
import type { TransferableError } from '../../shared/errors';
import { useSession } from './context';
import { deriveStatus, firstSyncActive, firstSyncSaving, isOnline, type SyncState, type SyncStatus } from './syncStatus';
import type { SearchOutcome } from './search';
import { addNote, fetchNearbyStock, resetDevice, signInStaff, signOutStaff, type SignInResult } from './session';
import type { DesktopApi, DeviceSettings } from '../../shared/ipc';
import { imageUrl, loadImage, prefetchImages } from './images';
import { toTransferable } from './stream';
import { background } from '../util/background';
import { resultDetails$, type DetailHit, type ResultDetails } from './resultDetails';

/** Subscribes to the observable made for `key`; returns `initial` until it emits (and again when the key changes). */
export function useObservableValue<T>(key: string | null, make: () => Observable<T>, initial: T): T {
  const [state, setState] = useState<{ key: string | null; value: T }>({ key: null, value: initial });
  useEffect(() => {
    if (key === null) return;
    const sub = make().subscribe({
      next: (value) => setState({ key, value }),
      error: (error: unknown) => console.error('[aisle] query failed', error),
    });
    return () => sub.unsubscribe();
    // `make` is recreated every render on purpose; the key alone says when the query changed.
  }, [key]);
  return state.key === key ? state.value : initial;
}

export function useSyncState(): SyncState {
  const { sync } = useSession();
  return useSyncExternalStore(
    (onChange) => {
      const sub = sync.state$.subscribe(onChange);
      return () => sub.unsubscribe();
    },
    () => sync.state$.value,
  );
}

/**
 * One value derived from the sync state, re-rendering only when it changes. The state changes on every pulled
 * page (hundreds of times during a catch-up after a day offline): a component that shows only the status's kind,
 * or whether a first sync runs, must not re-render the whole screen under it each time. `select` must return a
 * primitive (compared with Object.is).
 */
export function useSyncValue<T extends string | number | boolean | null>(select: (state: SyncState) => T): T {
  const { sync } = useSession();
  return useSyncExternalStore(
    (onChange) => {
      const sub = sync.state$.subscribe(onChange);
      return () => sub.unsubscribe();
    },
    () => select(sync.state$.value),
  );
}

/** The sync status's kind (idle, pulling, offline, error…), re-rendering only when the kind changes. */
export function useSyncStatusType(): SyncStatus['type'] {
  return useSyncValue((state) => deriveStatus(state).type);
}

/** Whether a first sync is running, re-rendering only when that changes. */
export function useFirstSyncActive(): boolean {
  return useSyncValue(firstSyncActive);
}

export interface ProgressRow {
  collection: CollectionName;
  received: number;
  remaining: number;
  fetched?: boolean;
  done: boolean;
}

export interface SyncStatusView {
  status: SyncStatus;
  online: boolean;
  lastSyncedAt: number | null;
  pendingPushes: number;
  firstSyncActive: boolean;
  /** All pages fetched; the device is still writing them (searches may not find everything yet). */
  firstSyncSaving: boolean;
  progress: ProgressRow[];
  staffSynced: boolean;
}

export function useSyncStatus(): SyncStatusView {
  const state = useSyncState();
  return useMemo(() => {
    const progress: ProgressRow[] = [];
    for (const collection of COLLECTION_NAMES) {
      const p = state.progress[collection];
      if (p) progress.push({ collection, ...p });
    }
    return {
      status: deriveStatus(state),
      online: isOnline(state),
      lastSyncedAt: state.lastSyncedAt,
      pendingPushes: state.pendingPushes,
      firstSyncActive: firstSyncActive(state),
      firstSyncSaving: firstSyncSaving(state),
      progress,
      staffSynced: state.syncedOnce.staff === true,
    };
  }, [state]);
}

export function useProduct(id: string | null): ProductDoc | null | undefined {
  const { db } = useSession();
  return useObservableValue<ProductDoc | null | undefined>(id, () => db.collections.products!.findOne(id ?? '').$.pipe(map((d) => (d ? d.toMutableJSON() : null))), undefined);
}

export function useVariants(productId: string | null): VariantDoc[] | undefined {
  const { db } = useSession();
  return useObservableValue<VariantDoc[] | undefined>(
    productId,
    () => db.collections.variants!.find({ selector: { productId: productId ?? '' } }).$.pipe(map((docs) => docs.map((d) => d.toMutableJSON()).sort((a, b) => a.position - b.position))),
    undefined,
  );
}

export function useVariant(variantId: string | null): VariantDoc | null | undefined {
  const { db } = useSession();
  return useObservableValue<VariantDoc | null | undefined>(variantId, () => db.collections.variants!.findOne(variantId ?? '').$.pipe(map((d) => (d ? d.toMutableJSON() : null))), undefined);
}

/** This store's stock row for a variant (inventory is store-scoped: every local row is this store's). */
export function useStockHere(variantId: string | null): InventoryDoc | null | undefined {
  const { db, settings } = useSession();
  const id = variantId === null ? null : `${settings.storeId}:${variantId}`;
  return useObservableValue<InventoryDoc | null | undefined>(id, () => db.collections.inventory!.findOne(id ?? '').$.pipe(map((d) => (d ? d.toMutableJSON() : null))), undefined);
}

/** Stock here for several variants at once (the variants table), keyed by variant id. */
export function useStockHereMap(variantIds: readonly string[]): ReadonlyMap<string, InventoryDoc> | undefined {
  const { db, settings } = useSession();
  const key = variantIds.length === 0 ? null : variantIds.join('|');
  return useObservableValue<ReadonlyMap<string, InventoryDoc> | undefined>(
    key,
    // By primary key (`${storeId}:${variantId}`): inventory keeps no secondary index (write cost on first sync).
    () => db.collections.inventory!.findByIds(variantIds.map((v) => `${settings.storeId}:${v}`)).$.pipe(map((docs) => new Map([...docs.values()].map((d) => [d.variantId, d.toMutableJSON()])))),
    undefined,
  );
}

/** Several variants by id (a pick list's lines), keyed by id. */
export function useVariantsById(variantIds: readonly string[]): ReadonlyMap<string, VariantDoc> | undefined {
  const { db } = useSession();
  const key = variantIds.length === 0 ? null : variantIds.join('|');
  return useObservableValue<ReadonlyMap<string, VariantDoc> | undefined>(key, () => db.collections.variants!.findByIds([...variantIds]).$.pipe(map((docs) => new Map([...docs.values()].map((d) => [d.id, d.toMutableJSON()])))), undefined);
}

/** The first image of several products, keyed by product id. */
export function useProductImages(productIds: readonly string[]): ReadonlyMap<string, string | null> | undefined {
  const { db } = useSession();
  const key = productIds.length === 0 ? null : productIds.join('|');
  return useObservableValue<ReadonlyMap<string, string | null> | undefined>(key, () => db.collections.products!.findByIds([...productIds]).$.pipe(map((docs) => new Map([...docs.values()].map((d) => [d.id, d.images[0] ?? null])))), undefined);
}

export function useStore(storeId: string): StoreDoc | null | undefined {
  const { db } = useSession();
  return useObservableValue<StoreDoc | null | undefined>(storeId, () => db.collections.stores!.findOne(storeId).$.pipe(map((d) => (d ? d.toMutableJSON() : null))), undefined);
}

/** Notes about a product, newest first; [] on devices without notes (kiosks). */
export function useNotes(productId: string | null): NoteDoc[] {
  const { db } = useSession();
  const notes = db.collections.notes;
  return useObservableValue<NoteDoc[]>(
    notes && productId !== null ? productId : null,
    () => notes!.find({ selector: { productId: productId ?? '' } }).$.pipe(map((docs) => docs.map((d) => d.toMutableJSON()).sort((a, b) => b.createdAt.localeCompare(a.createdAt)))),
    [],
  );
}

/** Keystrokes closer together than this come from a scanner (or a paste), not a person. */
const SCANNER_GAP_MS = 25;

export interface SearchView {
  outcome: SearchOutcome | null;
  /** The query the shown outcome answers (lags the input by one search at most). */
  answeredQuery: string;
}

/**
 * As-you-type search: each query runs as soon as it changes; a slower, older answer never replaces a newer one.
 * Re-runs when the product index changes (the first sync fills it while the user may already be typing).
 */
export function useSearch(query: string): SearchView {
  const { search, searchIndex } = useSession();
  const version = useSyncExternalStore(
    (onChange) => {
      const sub = searchIndex.version$.subscribe(onChange);
      return () => sub.unsubscribe();
    },
    () => searchIndex.version$.value,
  );
  const [view, setView] = useState<SearchView>({ outcome: null, answeredQuery: '' });
  const lastChange = useRef(0);
  useEffect(() => {
    let current = true;
    const now = performance.now();
    // A barcode scanner "types" a character every few ms: searching each prefix only queues work in front of
    // the Enter that follows. Changes closer together than any person types are coalesced; people are not delayed.
    const burst = now - lastChange.current < SCANNER_GAP_MS;
    lastChange.current = now;
    const run = (): void =>
      background(
        search.search(query).then((outcome) => {
          if (current) setView({ outcome, answeredQuery: query });
        }),
        'search',
      );
    const timer = burst ? setTimeout(run, SCANNER_GAP_MS) : null;
    if (!burst) run();
    return () => {
      current = false;
      if (timer !== null) clearTimeout(timer);
    };
  }, [search, query, version]);
  return view;
}

/** Image, price, SKU and stock here for the search hits on screen (renderer/data/resultDetails.ts). */
export function useResultDetails(hits: readonly DetailHit[]): ReadonlyMap<string, ResultDetails> | undefined {
  const { db, settings } = useSession();
  const key = hits.length === 0 ? null : hits.map((h) => `${h.id}/${h.variantId ?? ''}`).join('|');
  // The key names the hits; the closure reads the same hits the key was made from.
  return useObservableValue<ReadonlyMap<string, ResultDetails> | undefined>(key, () => resultDetails$(db, settings.storeId, hits), undefined);
}

export type NearbyState =
  | { state: 'offline' }
  | { state: 'loading' }
  | { state: 'ready'; stores: NearbyStock[] }
  | { state: 'error'; message: string; error: TransferableError };

/** Other stores' stock for a variant, from the server; honestly 'offline' when the server cannot be asked. */
export function useNearbyStock(variantId: string | null): NearbyState {
  const session = useSession();
  const { online } = useSyncStatus();
  const [result, setResult] = useState<{ key: string; value: NearbyState } | null>(null);
  const key = variantId === null ? null : `${variantId}|${online ? 'on' : 'off'}`;
  useEffect(() => {
    if (variantId === null || !online || key === null) return;
    const controller = new AbortController();
    background(
      fetchNearbyStock(session, variantId, controller.signal).then(
        (stores) => setResult({ key, value: { state: 'ready', stores } }),
        (error: unknown) => {
          if (controller.signal.aborted) return;
          const e = toTransferable(error);
          setResult({ key, value: e.code === 'SERVER_UNREACHABLE' ? { state: 'offline' } : { state: 'error', message: e.message, error: e } });
        },
      ),
      'nearby stock',
    );
    return () => controller.abort();
  }, [session, variantId, online, key]);
  if (variantId === null) return { state: 'loading' };
  if (!online) return { state: 'offline' };
  return result?.key === key ? result.value : { state: 'loading' };
}

/** An image path from a product, resolved against the server and served from the offline cache when possible. */
export function useImage(path: string | null): { src: string | null; loading: boolean } {
  const { settings } = useSession();
  const url = path ? imageUrl(settings.serverUrl, path) : null;
  const [state, setState] = useState<{ url: string | null; src: string | null }>({ url: null, src: null });
  useEffect(() => {
    if (url === null) return;
    let current = true;
    background(
      loadImage(url).then((src) => {
        if (current) setState({ url, src });
      }),
      'image',
    );
    return () => {
      current = false;
    };
  }, [url]);
  return { src: state.url === url ? state.src : null, loading: url !== null && state.url !== url };
}

/** Caches every image of a product the user is looking at, so it can be shown again offline. */
export function usePrefetchImages(paths: readonly string[]): void {
  const { settings } = useSession();
  const key = paths.join('|');
  useEffect(() => {
    if (key === '') return;
    background(prefetchImages(key.split('|').map((p) => imageUrl(settings.serverUrl, p))), 'image prefetch');
  }, [key, settings.serverUrl]);
}

/** Write and session actions bound to the open session, for components. */
export function useDataActions(): {
  addNote: (input: { productId: string; variantId: string; text: string; staffId: string }) => Promise<NoteDoc>;
  signIn: (identifier: string, pin: string) => Promise<SignInResult>;
  signOut: (staffId: string) => Promise<void>;
  findByBarcode: (query: string) => Promise<{ productId: string; variantId: string } | null>;
  search: (query: string) => Promise<SearchOutcome>;
  resetDevice: (api: DesktopApi) => Promise<void>;
  resyncNow: () => void;
} {
  const session = useSession();
  return useMemo(
    () => ({
      addNote: (input) => addNote(session, input),
      signIn: (identifier, pin) => signInStaff(session, identifier, pin),
      signOut: (staffId) => signOutStaff(session, staffId),
      findByBarcode: (query) => session.search.findByBarcode(query),
      search: (query) => session.search.search(query),
      resetDevice: (api) => resetDevice(session, api),
      resyncNow: () => session.sync.resyncAll(),
    }),
    [session],
  );
}

export function useDeviceSettings(): DeviceSettingsView {
  const { settings } = useSession();
  return { deviceId: settings.deviceId, deviceName: settings.deviceName, storeId: settings.storeId, storeName: settings.storeName, role: settings.role, serverUrl: settings.serverUrl };
}

/** What the UI may know of the enrollment: everything but the token. */
export type DeviceSettingsView = Omit<DeviceSettings, 'token'>;
