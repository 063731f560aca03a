/**
 * GTIN-14 → variant, in memory, so a scan opens its product without first waiting for an IndexedDB lookup
 * (the scan → detail budget is 50 ms). 100k variants cost ~15–20 MB here. Filled from the local database in
 * pages at startup and kept in step with the variants collection's change events (never rebuilt). It is the only
 * way barcodes are looked up: variants keeps no gtin index (write cost on the first sync), so callers wait for
 * `ready` while it loads. A snapshot (snapshots.ts) lets a synced device skip reading every variant at launch.
 */
import type { Subscription } from 'rxjs';
import type { RxChangeEventBulk, RxCollection } from 'rxdb/plugins/core';
import type { VariantDoc } from '../../shared/schemas/collections';
import { readAllPages } from './bulkRead';
import { BARCODE_SNAPSHOT_FORMAT, BARCODE_SNAPSHOT_KEY, decodeBarcodes, FORMAT1_BARCODE_SNAPSHOT_KEY, encodeBarcodes, type VariantRef } from './barcodeSnapshot';
import type { RestoredBarcodes } from './earlySearch';
import { catchUp, isStorageCheckpoint, laterCheckpoint, readSnapshot, rowCheckpoint, SnapshotScheduler, writeSnapshot, type SnapshotStore, type StorageCheckpoint } from './snapshots';

export type { VariantRef } from './barcodeSnapshot';

const PAGE = 5000;

/** Applies one change to a gtin map; pure, so the bookkeeping for a changed or removed barcode is testable. */
export function applyVariantChange(
  map: Map<string, VariantRef>,
  op: 'INSERT' | 'UPDATE' | 'DELETE',
  doc: Pick<VariantDoc, 'id' | 'productId' | 'gtin'> | undefined,
  previous: Pick<VariantDoc, 'id' | 'gtin'> | undefined,
): void {
  if (previous && previous.gtin !== '' && map.get(previous.gtin)?.variantId === previous.id) map.delete(previous.gtin);
  if (op !== 'DELETE' && doc && doc.gtin !== '') map.set(doc.gtin, { productId: doc.productId, variantId: doc.id });
}

const SNAPSHOT_KEY = BARCODE_SNAPSHOT_KEY;
const SNAPSHOT_FORMAT = BARCODE_SNAPSHOT_FORMAT;
const SAVE_AFTER_QUIET_MS = 5000;

export class BarcodeMap {
  private entries = new Map<string, VariantRef>();
  readonly ready: Promise<void>;
  filled = false;
  /** How the map was filled at launch: from a snapshot (and what changed since), or by reading every variant. */
  filledFrom: 'snapshot' | 'read' | null = null;
  /** Documents the launch's catch-up applied on top of the snapshot (what changed since it was saved). */
  caughtUp = 0;
  private checkpoint: StorageCheckpoint | null = null;
  private subscription: Subscription | null = null;
  private closed = false;
  /** Format 1's record has been deleted this session (save). */
  private format1Deleted = false;
  private readonly saver: SnapshotScheduler | null;

  /** `early`: the snapshot already read and decoded before RxDB opened (earlySearch.ts); taken over, not read again. */
  constructor(
    private readonly variants: RxCollection<VariantDoc>,
    private readonly snapshots: SnapshotStore | null = null,
    private readonly early: Promise<RestoredBarcodes | null> | null = null,
  ) {
    this.saver = snapshots ? new SnapshotScheduler(() => this.save(), SAVE_AFTER_QUIET_MS) : null;
    this.ready = this.fill();
  }

  get map(): ReadonlyMap<string, VariantRef> {
    return this.entries;
  }

  get(gtin14: string): VariantRef | undefined | null {
    // null: not known yet (still filling).
    if (!this.filled) return null;
    return this.entries.get(gtin14);
  }

  private applyBulk(bulk: RxChangeEventBulk<VariantDoc>): void {
    for (const e of bulk.events) applyVariantChange(this.entries, e.operation, e.operation === 'DELETE' ? undefined : e.documentData, e.previousDocumentData);
    if (isStorageCheckpoint(bulk.checkpoint)) this.checkpoint = laterCheckpoint(this.checkpoint, bulk.checkpoint);
    this.saver?.touch();
  }

  private async restore(): Promise<boolean> {
    if (!this.snapshots) return false;
    const loaded = (await this.early) ?? (await this.load(this.snapshots));
    if (!loaded) return false;
    this.entries = loaded.map;
    // What changed while the app was closed. A barcode a variant no longer has may stay behind here (there is no
    // previous state to remove it by): lookups check the variant they land on (search.ts), so it cannot mislead.
    let changed = 0;
    this.checkpoint = await catchUp(this.variants, loaded.checkpoint, PAGE, (docs) => {
      changed += docs.length;
      for (const doc of docs) if (!doc._deleted) applyVariantChange(this.entries, 'UPDATE', doc, undefined);
    });
    this.caughtUp = changed;
    // Caught up with something: the next launch should not have to do it again.
    if (changed > 0) this.saver?.touch();
    return true;
  }

  private async load(snapshots: SnapshotStore): Promise<RestoredBarcodes | null> {
    const snapshot = await readSnapshot(snapshots, SNAPSHOT_KEY, SNAPSHOT_FORMAT);
    if (!snapshot) return null;
    const map = new Map<string, VariantRef>();
    await decodeBarcodes(snapshot.data, map);
    return { map, checkpoint: snapshot.checkpoint };
  }

  private async fill(): Promise<void> {
    const queued: RxChangeEventBulk<VariantDoc>[] = [];
    this.subscription = this.variants.eventBulks$.subscribe((bulk: RxChangeEventBulk<VariantDoc>) => {
      if (this.filled) this.applyBulk(bulk);
      else queued.push(bulk);
    });
    const restored = await this.restore().catch((error: unknown) => {
      console.warn('[aisle] barcode snapshot unusable; reading every variant', error);
      this.entries = new Map();
      return false;
    });
    if (!restored) {
      await readAllPages(this.variants, PAGE, (rows) => {
        for (const row of rows) {
          const { id, productId, gtin } = row;
          if (typeof id === 'string' && typeof productId === 'string' && typeof gtin === 'string' && gtin !== '' && !this.entries.has(gtin)) this.entries.set(gtin, { productId, variantId: id });
          const at = rowCheckpoint(row);
          if (at) this.checkpoint = laterCheckpoint(this.checkpoint, at);
        }
      }, () => this.closed);
    }
    if (this.closed) return;
    for (const bulk of queued) this.applyBulk(bulk);
    this.filledFrom = restored ? 'snapshot' : 'read';
    this.filled = true;
    if (!restored) this.saver?.touch();
  }

  /** Writes the current map and its checkpoint as the snapshot the next launch starts from. */
  async save(): Promise<void> {
    if (!this.snapshots || !this.filled || !this.checkpoint || this.closed) return;
    const snapshot = { format: SNAPSHOT_FORMAT, checkpoint: this.checkpoint, savedAt: Date.now(), data: encodeBarcodes(this.entries) };
    this.format1Deleted = await writeSnapshot(this.snapshots, SNAPSHOT_KEY, snapshot, FORMAT1_BARCODE_SNAPSHOT_KEY, this.format1Deleted);
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
