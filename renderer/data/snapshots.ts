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

export interface SnapshotStore {
  get(key: string): Promise<unknown>;
  put(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface StorageCheckpoint {
  id: string;
  lwt: number;
}

export interface Snapshot<D> {
  format: number;
  checkpoint: StorageCheckpoint;
  savedAt: number;
  data: D;
}

export function isStorageCheckpoint(value: unknown): value is StorageCheckpoint {
  return isRecord(value) && typeof value['id'] === 'string' && typeof value['lwt'] === 'number';
}

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

/** The stored snapshot if it has this format and a checkpoint; its data is still checked by the caller. */
export async function readSnapshot(store: SnapshotStore, key: string, format: number): Promise<Snapshot<unknown> | null> {
  const value = await store.get(key).catch(() => null);
  if (!isRecord(value) || value['format'] !== format || !isStorageCheckpoint(value['checkpoint']) || typeof value['savedAt'] !== 'number') return null;
  return { format, checkpoint: value['checkpoint'], savedAt: value['savedAt'], data: value['data'] };
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

/** A snapshot store in a raw IndexedDB database (the app); `name` should follow the RxDB database's name. */
export function indexedDbSnapshots(name: string): SnapshotStore {
  let opened: Promise<IDBDatabase> | null = null;
  const open = (): Promise<IDBDatabase> =>
    (opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => req.result.createObjectStore('snapshots');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(new Error(`opening ${name}: ${String(req.error)}`));
    }));
  const run = async <R>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<R>): Promise<R> => {
    const db = await open();
    return new Promise<R>((resolve, reject) => {
      const tx = db.transaction('snapshots', mode);
      const req = fn(tx.objectStore('snapshots'));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(new Error(`snapshot ${mode}: ${String(tx.error)}`));
      tx.onabort = () => reject(new Error(`snapshot ${mode} aborted: ${String(tx.error)}`));
    });
  };
  return {
    get: (key) => run<unknown>('readonly', (s) => s.get(key)),
    put: async (key, value) => void (await run('readwrite', (s) => s.put(value, key))),
    delete: async (key) => void (await run('readwrite', (s) => s.delete(key))),
  };
}

/** The snapshot database that belongs to an RxDB database (removed with it by resetDevice). */
export function snapshotDatabaseName(rxdbName: string): string {
  return `${rxdbName}-snapshots`;
}

export function memorySnapshots(): SnapshotStore & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return {
    values,
    get: async (key) => structuredClone(values.get(key)),
    put: async (key, value) => void values.set(key, structuredClone(value)),
    delete: async (key) => void values.delete(key),
  };
}

/**
 * Saves at most once per `delayMs` of quiet: during a first sync change events arrive for a minute, and one
 * snapshot at the end is enough. `flush` saves now if something is waiting.
 */
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
