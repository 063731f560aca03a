/**
 * The first searches after launch, before RxDB is open. On a synced counter the product search index's snapshot
 * (snapshots.ts) is read from its raw IndexedDB database and loaded while RxDB's code is still being fetched and
 * its database opened, so the search box answers from it at once (renderer/ui/EarlyCounter.tsx). The session then
 * takes this very index over (ProductSearchIndex) and catches it up with what changed since the snapshot; nothing
 * is read twice.
 *
 * What must stay true: nothing here imports RxDB (or a module that does), or the start-up bundle grows by it and
 * this path waits for it (docs/performance.md, "Cold start"). Until the session has caught up, hits are those of
 * the snapshot: at most a few seconds of changes older than the database (a snapshot is saved 5 s after the last
 * change), replaced as soon as the session's index is ready.
 */
import type MiniSearch from 'minisearch';
import type { DeviceSettings } from '../../shared/ipc';
import { databaseNameFor } from './databaseName';
import { isRecord } from '../util/isRecord';
import { loadProductIndex, MAX_HITS, PRODUCT_SNAPSHOT_FORMAT, PRODUCT_SNAPSHOT_KEY, searchProducts, type ProductHit, type ProductIndexDoc } from './productSearch';
import { planSearch } from './searchPlan';
import { indexedDbSnapshots, readSnapshot, snapshotDatabaseName, type SnapshotStore, type StorageCheckpoint } from './snapshotStore';

/** The product index as its snapshot left it, and the storage checkpoint it is exact up to. */
export interface RestoredProductIndex {
  index: MiniSearch<ProductIndexDoc>;
  checkpoint: StorageCheckpoint;
}

export interface EarlySearch {
  /** The snapshot store, opened once: the session keeps using it (session.ts). */
  readonly snapshots: SnapshotStore;
  /** The restored index, or null when there is no usable snapshot (a fresh device; another format). */
  readonly restored: Promise<RestoredProductIndex | null>;
  /**
   * Resolves once the start-up screen has rendered with the restored index (it calls markShown), or at the latest
   * shortly after the restore: the session's code is loaded then (App.tsx), so its evaluation does not come between
   * a search typed during the restore and its answer on screen.
   */
  readonly shown: Promise<void>;
  markShown(): void;
}

/** How long after the restore the session's code waits at most for the start-up screen to show it. */
const SHOWN_AT_LATEST_MS = 250;

/** Starts reading the search snapshot of this enrollment's database (call before loading RxDB). */
export function startEarlySearch(settings: Pick<DeviceSettings, 'deviceId'>): EarlySearch {
  const snapshots = indexedDbSnapshots(snapshotDatabaseName(databaseNameFor(settings.deviceId)));
  const restored = (async (): Promise<RestoredProductIndex | null> => {
    const snapshot = await readSnapshot(snapshots, PRODUCT_SNAPSHOT_KEY, PRODUCT_SNAPSHOT_FORMAT);
    if (!snapshot || !isRecord(snapshot.data)) return null;
    const index = loadProductIndex(snapshot.data['index']);
    // Cold-start timeline (bench:cold-start): the search box can answer from here on.
    performance.mark('aisle:early-search');
    installEarlyHook(index);
    return { index, checkpoint: snapshot.checkpoint };
  })().catch((error: unknown) => {
    // The session reads the snapshot again (or every product) and says why it cannot use it.
    console.warn('[aisle] search snapshot not usable before the database opens', error);
    return null;
  });
  let markShown = (): void => undefined;
  const shown = new Promise<void>((resolve) => (markShown = resolve));
  void restored.then((r) => (r ? setTimeout(markShown, SHOWN_AT_LATEST_MS) : markShown()));
  return { snapshots, restored, shown, markShown: () => markShown() };
}

/**
 * The text hits the search box shows before the session is open: the same product search the session runs
 * (search.ts), without what needs the database (SKU prefixes, barcodes, prices, stock).
 */
export function earlyTextSearch(index: MiniSearch<ProductIndexDoc>, query: string): ProductHit[] {
  const plan = planSearch(query);
  // A single character matches most of the catalog by prefix; it tells nobody anything yet (as search.ts).
  return plan.kind === 'text' && plan.text.length >= 2 ? searchProducts(index, plan.text, MAX_HITS) : [];
}

/** window.__aisleEarly: bench:cold-start times the first answer through it until window.__aisle exists (session.ts). */
export interface AisleEarlyHook {
  search(query: string): Promise<{ hits: ProductHit[] }>;
}

declare global {
  interface Window {
    __aisleEarly?: AisleEarlyHook;
  }
}

function installEarlyHook(index: MiniSearch<ProductIndexDoc>): void {
  window.__aisleEarly = { search: async (query) => ({ hits: earlyTextSearch(index, query) }) };
}
