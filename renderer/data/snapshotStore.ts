/**
 * The snapshot store (snapshots.ts explains what a snapshot is and how an index catches up from it): a raw
 * IndexedDB database beside RxDB's, and reading a snapshot back. Nothing here imports RxDB, so the start-up path
 * can read the search index's snapshot while RxDB's code is still loading (renderer/data/earlySearch.ts).
 */
import { isRecord } from '../util/isRecord';

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

/** The stored snapshot if it has this format and a checkpoint; its data is still checked by the caller. */
export async function readSnapshot(store: SnapshotStore, key: string, format: number): Promise<Snapshot<unknown> | null> {
  return snapshotFrom(await store.get(key).catch(() => null), format);
}

/** A value read from the store as a snapshot of this format, or null (see readSnapshot). */
export function snapshotFrom(value: unknown, format: number): Snapshot<unknown> | null {
  if (!isRecord(value) || value['format'] !== format || !isStorageCheckpoint(value['checkpoint']) || typeof value['savedAt'] !== 'number') return null;
  return { format, checkpoint: value['checkpoint'], savedAt: value['savedAt'], data: value['data'] };
}

/**
 * A snapshot store in a raw IndexedDB database (the app); `name` should follow the RxDB database's name. `db`: the
 * same database already being opened (by public/early-snapshots.js, before the bundle ran).
 */
export function indexedDbSnapshots(name: string, db: Promise<IDBDatabase> | null = null): SnapshotStore {
  const openFresh = (): Promise<IDBDatabase> =>
    new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, SNAPSHOT_DB_VERSION);
      // Also in public/early-snapshots.js, which may be the first to open it.
      req.onupgradeneeded = () => req.result.createObjectStore('snapshots');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(new Error(`opening ${name}: ${String(req.error)}`));
    });
  // The early script's connection if it got one, else our own.
  let opened: Promise<IDBDatabase> | null = db ? db.catch(openFresh) : null;
  const open = (): Promise<IDBDatabase> => (opened ??= openFresh());
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

/** The snapshot database's schema version (one object store, 'snapshots'); public/early-snapshots.js uses it too. */
export const SNAPSHOT_DB_VERSION = 1;

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
