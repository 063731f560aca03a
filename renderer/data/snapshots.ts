/**
 * Snapshots of the in-memory indexes (the product search index, the barcode map), so a synced device answers a
 * search right after launch instead of first reading every product and variant back out of IndexedDB.
 *
 * A snapshot holds the index's data and the RxDB storage checkpoint ({id, lwt}) of the last change event it had
 * applied. At launch the index is restored from it and then catches up with what changed since (key-range
 * queries over RxDB's [_meta.lwt+id] index, the order RxDB's own upstream relies on; see catchUp), so a
 * snapshot that is a little old is still exact. A snapshot of another format, or one whose catch-up does not add
 * up, is thrown away and the index is read in full as before.
 *
 * Storage: one raw IndexedDB database beside RxDB's (structured clone, no JSON text), one record per index.
 */
import { normalizeMangoQuery, prepareQuery, type MangoQuery, type RxCollection, type RxDocumentData } from 'rxdb/plugins/core';
import { isRecord } from './guards';
import type { StorageCheckpoint } from './snapshotStore';

// The store and its reading live in snapshotStore.ts (no RxDB), so a launch can read a snapshot before RxDB loads.
export { indexedDbSnapshots, isStorageCheckpoint, memorySnapshots, readSnapshot, snapshotDatabaseName, type Snapshot, type SnapshotStore, type StorageCheckpoint } from './snapshotStore';
import type { Snapshot, SnapshotStore } from './snapshotStore';

/** The later of two storage checkpoints (RxDB orders changes by _meta.lwt, then id). */
export function laterCheckpoint(a: StorageCheckpoint | null, b: StorageCheckpoint): StorageCheckpoint {
  if (!a) return b;
  return b.lwt > a.lwt || (b.lwt === a.lwt && b.id > a.id) ? b : a;
}

/** The storage checkpoint of a stored row (RxDB keeps _meta.lwt on every row), or null. */
export function rowCheckpoint(row: Record<string, unknown>): StorageCheckpoint | null {
  const meta = row['_meta'];
  const id = row['id'];
  return isRecord(meta) && typeof meta['lwt'] === 'number' && typeof id === 'string' ? { id, lwt: meta['lwt'] } : null;
}

/**
 * Every document written to the collection after `checkpoint` (deleted ones too, with _deleted: true), in pages,
 * oldest first. Returns the checkpoint after the last one.
 */
export async function catchUp<T>(collection: RxCollection<T>, checkpoint: StorageCheckpoint, pageSize: number, onPage: (docs: RxDocumentData<T>[]) => void): Promise<StorageCheckpoint> {
  const storage = collection.storageInstance;
  const primary = collection.schema.primaryPath as string;
  // Two key-range queries on the [_meta.lwt+id] index instead of RxDB's getChangedDocumentsSince: its one query
  // (lwt > x OR (lwt = x AND id > y)) was planned as a range from the lowest lwt on Dexie, so a launch with
  // nothing to catch up still read and decoded every row of the table (seconds at 20,000 variants; see
  // docs/performance.md). Rows of one bulk write share one lwt, so the ties after the checkpoint's id come first.
  const page = async (selector: Record<string, unknown>): Promise<RxDocumentData<T>[]> => {
    const query = normalizeMangoQuery(storage.schema, { selector, sort: [{ '_meta.lwt': 'asc' }, { [primary]: 'asc' }], skip: 0, limit: pageSize, index: ['_meta.lwt', primary] } as MangoQuery<T>);
    return (await storage.query(prepareQuery(storage.schema, query))).documents;
  };
  let at = checkpoint;
  for (;;) {
    let documents = await page({ '_meta.lwt': { $eq: at.lwt }, [primary]: { $gt: at.id } });
    if (documents.length === 0) documents = await page({ '_meta.lwt': { $gt: at.lwt } });
    const last = documents.at(-1);
    if (!last) return at;
    onPage(documents);
    at = { id: String((last as Record<string, unknown>)[primary]), lwt: last._meta.lwt };
  }
}

/**
 * Saves at most once per `delayMs` of quiet: during a first sync change events arrive for a minute, and one
 * snapshot at the end is enough. `flush` saves now if something is waiting.
 */
/**
 * Writes a snapshot under `key`; the first time in a session (`replaced` is false) it then deletes `previousKey`,
 * the record of the format before. Only after the new one is safely written: deleting first would leave a device
 * with neither if the put failed. Returns whether the previous record is gone now.
 */
export async function writeSnapshot(store: SnapshotStore, key: string, snapshot: Snapshot<unknown>, previousKey: string, replaced: boolean): Promise<boolean> {
  await store.put(key, snapshot);
  if (!replaced) await store.delete(previousKey);
  return true;
}

export class SnapshotScheduler {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly save: () => Promise<void>,
    private readonly delayMs: number,
  ) {}

  touch(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.saving = this.saving.then(this.save).catch((error: unknown) => console.warn('[aisle] saving an index snapshot failed', error));
    }, this.delayMs);
  }

  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.saving = this.saving.then(this.save).catch((error: unknown) => console.warn('[aisle] saving an index snapshot failed', error));
    }
    await this.saving;
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
