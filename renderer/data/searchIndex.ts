/**
 * The product search index: MiniSearch over title, brand and category of every product (20k products in the
 * design target), prefix + fuzzy, kept in step with the products collection by applying each change event
 * (add / replace / discard) — never rebuilt on a change. Variants (100k) are not in here: SKU and barcode are
 * answered by indexed RxDB queries (see search.ts), which keeps this index small.
 *
 * At startup the index is filled from IndexedDB in pages, yielding between pages so the UI stays responsive;
 * change events that arrive meanwhile are queued and applied afterwards, so none is lost. On a synced device the
 * index is instead restored from a snapshot and brought up to date with what changed since (snapshots.ts).
 */
import type MiniSearch from 'minisearch';
import { BehaviorSubject, type Subscription } from 'rxjs';
import type { RxChangeEventBulk, RxCollection } from 'rxdb/plugins/core';
import type { ProductDoc } from '../../shared/schemas/collections';
import { readAllPages } from './bulkRead';
import { decodeProductIndex, encodeProductIndex, FORMAT1_PRODUCT_SNAPSHOT_KEY } from './productSnapshot';
import { createProductMiniSearch, indexDocFromRow, PRODUCT_SNAPSHOT_FORMAT, PRODUCT_SNAPSHOT_KEY, toIndexDoc, type ProductIndexDoc } from './productSearch';
import type { RestoredProductIndex } from './earlySearch';
import { catchUp, isStorageCheckpoint, laterCheckpoint, readSnapshot, rowCheckpoint, SnapshotScheduler, writeSnapshot, type SnapshotStore, type StorageCheckpoint } from './snapshots';

// The index's options and the search itself live in productSearch.ts (no RxDB), shared with the start-up path.
export { createProductMiniSearch, indexDocFromRow, searchProducts, toIndexDoc, type ProductHit, type ProductIndexDoc } from './productSearch';

const PAGE = 5000;

const SNAPSHOT_KEY = PRODUCT_SNAPSHOT_KEY;
const SNAPSHOT_FORMAT = PRODUCT_SNAPSHOT_FORMAT;
const SAVE_AFTER_QUIET_MS = 5000;

export class ProductSearchIndex {
  private mini = createProductMiniSearch();
  /** Bumped after every applied change, so open searches can refresh (e.g. during the first sync). */
  readonly version$ = new BehaviorSubject(0);
  readonly ready: Promise<void>;
  buildMs = 0;
  readVia: 'dexie' | 'rxdb' | null = null;
  /** How the index was filled at launch: from a snapshot (and what changed since), or by reading every product. */
  filledFrom: 'snapshot' | 'read' | null = null;
  /** Documents the launch's catch-up applied on top of the snapshot (what changed since it was saved). */
  caughtUp = 0;
  private checkpoint: StorageCheckpoint | null = null;
  private subscription: Subscription | null = null;
  private closed = false;
  private live = false;
  /** Format 1's record has been deleted this session (save). */
  private format1Deleted = false;
  private readonly saver: SnapshotScheduler | null;

  /** `early`: the snapshot already read and loaded before RxDB opened (earlySearch.ts); taken over, not read again. */
  constructor(
    private readonly products: RxCollection<ProductDoc>,
    private readonly snapshots: SnapshotStore | null = null,
    private readonly early: Promise<RestoredProductIndex | null> | null = null,
  ) {
    this.saver = snapshots ? new SnapshotScheduler(() => this.save(), SAVE_AFTER_QUIET_MS) : null;
    this.ready = this.build();
  }

  get index(): MiniSearch<ProductIndexDoc> {
    return this.mini;
  }

  private apply(op: 'INSERT' | 'UPDATE' | 'DELETE', id: string, doc: ProductDoc | undefined): void {
    if (op === 'DELETE' || !doc) {
      if (this.mini.has(id)) this.mini.discard(id);
      return;
    }
    const indexDoc = toIndexDoc(doc);
    if (this.mini.has(id)) this.mini.replace(indexDoc);
    else this.mini.add(indexDoc);
  }

  private applyBulk(bulk: RxChangeEventBulk<ProductDoc>): void {
    for (const e of bulk.events) this.apply(e.operation, e.documentId, e.operation === 'DELETE' ? undefined : e.documentData);
    if (isStorageCheckpoint(bulk.checkpoint)) this.checkpoint = laterCheckpoint(this.checkpoint, bulk.checkpoint);
    this.saver?.touch();
  }

  /** From the snapshot plus what changed since; false (and an empty index) when there is none or it does not add up. */
  private async restore(): Promise<boolean> {
    if (!this.snapshots) return false;
    const loaded = (await this.early) ?? (await this.load(this.snapshots));
    if (!loaded) return false;
    this.mini = loaded.index;
    let changed = 0;
    this.checkpoint = await catchUp(this.products, loaded.checkpoint, PAGE, (docs) => {
      changed += docs.length;
      for (const doc of docs) this.apply(doc._deleted ? 'DELETE' : 'UPDATE', doc.id, doc._deleted ? undefined : doc);
    });
    // The index must hold exactly the live products; anything else means the snapshot cannot be trusted.
    const live = await this.products.count().exec();
    if (live !== this.mini.documentCount) {
      console.warn(`[aisle] search snapshot has ${this.mini.documentCount} products, the database ${live}; reading them all`);
      return false;
    }
    this.caughtUp = changed;
    // Caught up with something: the next launch should not have to do it again.
    if (changed > 0) this.saver?.touch();
    return true;
  }

  private async load(snapshots: SnapshotStore): Promise<RestoredProductIndex | null> {
    const snapshot = await readSnapshot(snapshots, SNAPSHOT_KEY, SNAPSHOT_FORMAT);
    if (!snapshot) return null;
    return { index: decodeProductIndex(snapshot.data), checkpoint: snapshot.checkpoint };
  }

  private async build(): Promise<void> {
    const started = performance.now();
    const queued: RxChangeEventBulk<ProductDoc>[] = [];
    let bumpScheduled = false;
    const bump = (): void => {
      // Many events arrive per replication batch: one refresh per frame is enough.
      if (bumpScheduled) return;
      bumpScheduled = true;
      setTimeout(() => {
        bumpScheduled = false;
        this.version$.next(this.version$.value + 1);
      }, 100);
    };
    // Subscribe before reading, so a change that lands during the initial read is applied afterwards.
    this.subscription = this.products.eventBulks$.subscribe((bulk: RxChangeEventBulk<ProductDoc>) => {
      if (this.live) {
        this.applyBulk(bulk);
        bump();
      } else queued.push(bulk);
    });
    const restored = await this.restore().catch((error: unknown) => {
      console.warn('[aisle] search snapshot unusable; reading every product', error);
      return false;
    });
    if (!restored) {
      this.mini = createProductMiniSearch();
      this.checkpoint = null;
      this.readVia = await readAllPages(this.products, PAGE, (rows) => {
        for (const row of rows) {
          const doc = indexDocFromRow(row);
          if (doc && !this.mini.has(doc.id)) this.mini.add(doc);
          const at = rowCheckpoint(row);
          if (at) this.checkpoint = laterCheckpoint(this.checkpoint, at);
        }
      }, () => this.closed);
    }
    if (this.closed) return;
    this.live = true;
    for (const bulk of queued) this.applyBulk(bulk);
    this.filledFrom = restored ? 'snapshot' : 'read';
    this.buildMs = performance.now() - started;
    this.version$.next(this.version$.value + 1);
    if (!restored) this.saver?.touch();
  }

  /** Writes the index and its checkpoint as the snapshot the next launch starts from. */
  async save(): Promise<void> {
    if (!this.snapshots || !this.live || !this.checkpoint || this.closed) return;
    const snapshot = { format: SNAPSHOT_FORMAT, checkpoint: this.checkpoint, savedAt: Date.now(), data: encodeProductIndex(this.mini) };
    this.format1Deleted = await writeSnapshot(this.snapshots, SNAPSHOT_KEY, snapshot, FORMAT1_PRODUCT_SNAPSHOT_KEY, this.format1Deleted);
  }

  /** Saves now if a save is waiting (tests; before a planned restart). */
  flush(): Promise<void> {
    return this.saver?.flush() ?? Promise.resolve();
  }

  close(): void {
    this.closed = true;
    this.saver?.cancel();
    this.subscription?.unsubscribe();
  }
}
