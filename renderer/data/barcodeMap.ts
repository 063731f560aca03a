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
import { isRecord } from './guards';
import { catchUp, isStorageCheckpoint, laterCheckpoint, readSnapshot, rowCheckpoint, SnapshotScheduler, type SnapshotStore, type StorageCheckpoint } from './snapshots';

export interface VariantRef {
  productId: string;
  variantId: string;
}

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

/** The map as three parallel arrays: cheap to structured-clone into a snapshot and back. */
interface BarcodeSnapshotData {
  gtins: string[];
  productIds: string[];
  variantIds: string[];
}

const SNAPSHOT_KEY = 'barcodes';
const SNAPSHOT_FORMAT = 1;
const SAVE_AFTER_QUIET_MS = 5000;

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isSnapshotData(value: unknown): value is BarcodeSnapshotData {
  if (!isRecord(value)) return false;
  const { gtins, productIds, variantIds } = value;
  return isStringArray(gtins) && isStringArray(productIds) && isStringArray(variantIds) && gtins.length === productIds.length && gtins.length === variantIds.length;
}

export class BarcodeMap {
  readonly map = new Map<string, VariantRef>();
  readonly ready: Promise<void>;
  filled = false;
  /** How the map was filled at launch: from a snapshot (and what changed since), or by reading every variant. */
  filledFrom: 'snapshot' | 'read' | null = null;
  /** Documents the launch's catch-up applied on top of the snapshot (what changed since it was saved). */
  caughtUp = 0;
  private checkpoint: StorageCheckpoint | null = null;
  private subscription: Subscription | null = null;
  private closed = false;
  private readonly saver: SnapshotScheduler | null;

  constructor(
    private readonly variants: RxCollection<VariantDoc>,
    private readonly snapshots: SnapshotStore | null = null,
  ) {
    this.saver = snapshots ? new SnapshotScheduler(() => this.save(), SAVE_AFTER_QUIET_MS) : null;
    this.ready = this.fill();
  }

  get(gtin14: string): VariantRef | undefined | null {
    // null: not known yet (still filling).
    if (!this.filled) return null;
    return this.map.get(gtin14);
  }

  private applyBulk(bulk: RxChangeEventBulk<VariantDoc>): void {
    for (const e of bulk.events) applyVariantChange(this.map, e.operation, e.operation === 'DELETE' ? undefined : e.documentData, e.previousDocumentData);
    if (isStorageCheckpoint(bulk.checkpoint)) this.checkpoint = laterCheckpoint(this.checkpoint, bulk.checkpoint);
    this.saver?.touch();
  }

  private async restore(): Promise<boolean> {
    if (!this.snapshots) return false;
    const snapshot = await readSnapshot(this.snapshots, SNAPSHOT_KEY, SNAPSHOT_FORMAT);
    if (!snapshot || !isSnapshotData(snapshot.data)) return false;
    const { gtins, productIds, variantIds } = snapshot.data;
    for (let i = 0; i < gtins.length; i++) this.map.set(gtins[i] ?? '', { productId: productIds[i] ?? '', variantId: variantIds[i] ?? '' });
    // What changed while the app was closed. A barcode a variant no longer has may stay behind here (there is no
    // previous state to remove it by): lookups check the variant they land on (search.ts), so it cannot mislead.
    let changed = 0;
    this.checkpoint = await catchUp(this.variants, snapshot.checkpoint, PAGE, (docs) => {
      changed += docs.length;
      for (const doc of docs) if (!doc._deleted) applyVariantChange(this.map, 'UPDATE', doc, undefined);
    });
    this.caughtUp = changed;
    // Caught up with something: the next launch should not have to do it again.
    if (changed > 0) this.saver?.touch();
    return true;
  }

  private async fill(): Promise<void> {
    const queued: RxChangeEventBulk<VariantDoc>[] = [];
    this.subscription = this.variants.eventBulks$.subscribe((bulk: RxChangeEventBulk<VariantDoc>) => {
      if (this.filled) this.applyBulk(bulk);
      else queued.push(bulk);
    });
    const restored = await this.restore().catch((error: unknown) => {
      console.warn('[aisle] barcode snapshot unusable; reading every variant', error);
      this.map.clear();
      return false;
    });
    if (!restored) {
      await readAllPages(this.variants, PAGE, (rows) => {
        for (const row of rows) {
          const { id, productId, gtin } = row;
          if (typeof id === 'string' && typeof productId === 'string' && typeof gtin === 'string' && gtin !== '' && !this.map.has(gtin)) this.map.set(gtin, { productId, variantId: id });
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
    const data: BarcodeSnapshotData = { gtins: [], productIds: [], variantIds: [] };
    for (const [gtin, ref] of this.map) {
      data.gtins.push(gtin);
      data.productIds.push(ref.productId);
      data.variantIds.push(ref.variantId);
    }
    await this.snapshots.put(SNAPSHOT_KEY, { format: SNAPSHOT_FORMAT, checkpoint: this.checkpoint, savedAt: Date.now(), data });
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
