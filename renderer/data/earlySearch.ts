/**
 * The first searches after launch, before RxDB is open. On a synced counter the product search index's snapshot
 * (snapshots.ts) is read from its raw IndexedDB database and loaded while RxDB's code is still being fetched and
 * its database opened, so the search box answers from it at once (renderer/ui/EarlyCounter.tsx); the barcode
 * map's snapshot right after, so a scanned or typed barcode shows its product too. Both reads may already have
 * been started by public/early-snapshots.js before the bundle was parsed. The session then takes this very index
 * and map over (ProductSearchIndex, BarcodeMap) and catches them up with what changed since the snapshot; nothing
 * is read twice.
 *
 * What must stay true: nothing here imports RxDB (or a module that does), or the start-up bundle grows by it and
 * this path waits for it (docs/performance.md, "Cold start"). Until the session has caught up, hits are those of
 * the snapshot: at most a few seconds of changes older than the database (a snapshot is saved 5 s after the last
 * change), replaced as soon as the session's index is ready.
 */
import type MiniSearch from 'minisearch';
import type { DeviceSettings } from '../../shared/ipc';
import { BARCODE_SNAPSHOT_FORMAT, BARCODE_SNAPSHOT_KEY, decodeBarcodes, type VariantRef } from './barcodeSnapshot';
import { databaseNameFor } from './databaseName';
import { MAX_HITS, PRODUCT_SNAPSHOT_FORMAT, PRODUCT_SNAPSHOT_KEY, searchProducts, type ProductHit, type ProductIndexDoc } from './productSearch';
import { decodeProductIndex } from './productSnapshot';
import { planSearch } from './searchPlan';
import { indexedDbSnapshots, snapshotDatabaseName, snapshotFrom, type SnapshotStore, type StorageCheckpoint } from './snapshotStore';

/** The product index as its snapshot left it, and the storage checkpoint it is exact up to. */
export interface RestoredProductIndex {
  index: MiniSearch<ProductIndexDoc>;
  checkpoint: StorageCheckpoint;
}

/** The barcode map as its snapshot left it (barcodeMap.ts takes it over), and its checkpoint. */
export interface RestoredBarcodes {
  map: Map<string, VariantRef>;
  checkpoint: StorageCheckpoint;
}

export interface EarlySearch {
  /** The snapshot store, opened once: the session keeps using it (session.ts). */
  readonly snapshots: SnapshotStore;
  /** The restored index, or null when there is no usable snapshot (a fresh device; another format). */
  readonly restored: Promise<RestoredProductIndex | null>;
  /** The restored barcode map, decoded once the start-up screen shows the index (a scan is answered from it). */
  readonly barcodes: Promise<RestoredBarcodes | null>;
  /**
   * Resolves once the start-up screen's rows for the restored index have been painted: it calls markShown when it
   * has rendered with the index (and so with the answer to what was typed meanwhile), and this waits for the next
   * frame to be painted after that (afterNextPaint). The session's code (App.tsx) and the barcode decode start
   * then, so neither comes between a search typed during the restore and its rows on screen. At the latest
   * SHOWN_AT_LATEST_MS after the restore, should the screen never render.
   */
  readonly shown: Promise<void>;
  markShown(): void;
}

/** Barcodes decoded between two yields of the start-up path (~40 ms each quiet; each yield can cost far more under load). */
const BARCODES_PER_SLICE = 20_000;

/**
 * How long after the restore the session's code waits at most for the start-up screen to show it. Only a fallback:
 * the screen calls markShown. It was 250 ms: on a loaded machine (load 30: a millisecond of the renderer's CPU
 * takes ~15 ms of wall time) that can pass before React has rendered the index, and the session's code then ran first.
 */
const SHOWN_AT_LATEST_MS = 3000;

/**
 * How long to wait for a frame at most in a visible window: only a safety net, since a visible document always
 * gets its next frame. It was 100 ms: under load a frame can take longer than that to come, and the session's code
 * then starts before the rows are painted (the likely cause of one failure of test/e2e/cold-start.test.ts's
 * painted-rows test; not reproduced). An Electron window created with show: false still paints
 * (paintWhenInitiallyHidden), so it gets its frames too.
 */
const FRAME_AT_LATEST_MS = 1000;

/**
 * After the next frame has been painted: a frame runs its requestAnimationFrame callbacks, then style, layout and
 * paint, so a task posted from such a callback runs once the frame's main-thread work is done. A hidden window
 * paints nothing (and runs no requestAnimationFrame): then at once, after the current task.
 */
export function afterNextPaint(atMostMs = FRAME_AT_LATEST_MS): Promise<void> {
  return new Promise<void>((resolve) => {
    if (document.visibilityState === 'hidden') return void setTimeout(resolve, 0);
    const fallback = setTimeout(resolve, atMostMs);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }, 0),
    );
  });
}

/**
 * What public/early-snapshots.js started before the bundle ran: the snapshot database it opened (named in
 * localStorage by the previous launch) and its two reads. Used only if it is this enrollment's database.
 */
interface EarlyReads {
  name: string;
  db: Promise<IDBDatabase>;
  products: Promise<unknown>;
  barcodes: Promise<unknown>;
}

declare global {
  interface Window {
    __aisleSnapshotReads?: EarlyReads;
    __aisleSnapshotReadsTaken?: boolean;
  }
}

/** localStorage: the snapshot database public/early-snapshots.js opens at the next launch (removed by resetDevice). */
export const SNAPSHOT_DATABASE_KEY = 'aisle:snapshot-db';

/** Forgets which snapshot database to open early (resetDevice: it has just been deleted). */
export function forgetSnapshotDatabase(): void {
  try {
    window.localStorage.removeItem(SNAPSHOT_DATABASE_KEY);
  } catch {
    // Nothing remembered.
  }
}

function earlyReads(name: string): EarlyReads | null {
  const reads = window.__aisleSnapshotReads;
  delete window.__aisleSnapshotReads;
  // If the early script has not run yet (it is async), it must not read them again and hold them on window.
  window.__aisleSnapshotReadsTaken = true;
  try {
    if (window.localStorage.getItem(SNAPSHOT_DATABASE_KEY) !== name) window.localStorage.setItem(SNAPSHOT_DATABASE_KEY, name);
  } catch {
    // Storage refused: the next launch reads its snapshots from here, a little later.
  }
  return reads && reads.name === name ? reads : null;
}

/** Starts reading the search snapshot of this enrollment's database (call before loading RxDB). */
export function startEarlySearch(settings: Pick<DeviceSettings, 'deviceId'>): EarlySearch {
  const name = snapshotDatabaseName(databaseNameFor(settings.deviceId));
  const pre = earlyReads(name);
  // Cold-start timeline (bench:cold-start): the reads begin here unless public/early-snapshots.js began them.
  if (!pre) performance.mark('aisle:snapshot-read-start');
  const snapshots = indexedDbSnapshots(name, pre?.db ?? null);
  // Both reads go out now; each is one value (one ArrayBuffer), so IndexedDB hands it over without building objects.
  const productValue = pre?.products ?? snapshots.get(PRODUCT_SNAPSHOT_KEY);
  const barcodeValue = pre?.barcodes ?? snapshots.get(BARCODE_SNAPSHOT_KEY);
  const restored = (async (): Promise<RestoredProductIndex | null> => {
    const snapshot = snapshotFrom(await productValue, PRODUCT_SNAPSHOT_FORMAT);
    // The snapshot's value is in the renderer (read and structured-cloned); decoding it is what follows.
    performance.mark('aisle:snapshot-read');
    if (!snapshot) return null;
    const index = decodeProductIndex(snapshot.data);
    // The search box can answer from here on.
    performance.mark('aisle:early-search');
    installEarlyHook(index, null);
    return { index, checkpoint: snapshot.checkpoint };
  })().catch((error: unknown) => {
    // The session reads the snapshot again (or every product) and says why it cannot use it.
    console.warn('[aisle] search snapshot not usable before the database opens', error);
    return null;
  });
  let resolveShown = (): void => undefined;
  const shown = new Promise<void>((resolve) => (resolveShown = resolve));
  const markShown = (): void => void afterNextPaint().then(resolveShown);
  // No index, no early rows to wait for: the session's code loads at once.
  void restored.then((r) => (r ? setTimeout(markShown, SHOWN_AT_LATEST_MS) : resolveShown()));
  // Decoded after the first search is on screen (painted): it is not what the first answer needs.
  const barcodes = (async (): Promise<RestoredBarcodes | null> => {
    const index = await restored;
    await shown;
    // Cold-start timeline (bench:cold-start, test/e2e/cold-start.test.ts): the decode may begin.
    performance.mark('aisle:early-barcodes-start');
    const snapshot = snapshotFrom(await barcodeValue, BARCODE_SNAPSHOT_FORMAT);
    if (!snapshot) return null;
    const map = new Map<string, VariantRef>();
    // In slices, so what is typed meanwhile is answered on screen between them.
    await decodeBarcodes(snapshot.data, map, BARCODES_PER_SLICE);
    performance.mark('aisle:early-barcodes');
    if (index) installEarlyHook(index.index, map);
    return { map, checkpoint: snapshot.checkpoint };
  })().catch((error: unknown) => {
    console.warn('[aisle] barcode snapshot not usable before the database opens', error);
    return null;
  });
  return { snapshots, restored, barcodes, shown, markShown };
}

/**
 * The hits the search box shows before the session is open: the same product search the session runs
 * (search.ts), without what needs the database (SKU prefixes, prices, stock). A barcode is looked up in the
 * restored map; the product it shows is checked against the variant (which may have lost that barcode while the
 * app was closed) only when Enter opens it through the session (EarlyCounter.tsx).
 */
export function earlyTextSearch(index: MiniSearch<ProductIndexDoc>, query: string, barcodes: ReadonlyMap<string, VariantRef> | null = null): ProductHit[] {
  const plan = planSearch(query);
  if (plan.kind === 'barcode') {
    const ref = barcodes?.get(plan.gtin);
    const fields = ref ? index.getStoredFields(ref.productId) : undefined;
    if (!ref || !fields) return [];
    const { title, brand, category } = fields;
    return [{ id: ref.productId, score: 1, title: typeof title === 'string' ? title : '', brand: typeof brand === 'string' ? brand : '', category: typeof category === 'string' ? category : '' }];
  }
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

function installEarlyHook(index: MiniSearch<ProductIndexDoc>, barcodes: ReadonlyMap<string, VariantRef> | null): void {
  window.__aisleEarly = { search: async (query) => ({ hits: earlyTextSearch(index, query, barcodes) }) };
}
