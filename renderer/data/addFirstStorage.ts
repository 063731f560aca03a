/**
 * A first sync without reads: RxDB's Dexie storage answers every bulkWrite by first reading each document's id
 * (`bulkGet`, to find conflicts), then writing. On a fresh device every one of those reads is a miss, and a CPU
 * profile of a 20,000-variant first sync (docs/performance.md) put 2.6 s of 16 s in that `bulkGet` alone, one
 * IndexedDB request per document. This wrapper of the Dexie storage, for the collections only the server writes,
 * answers a bulkWrite of inserts (no row has a `previous`) by adding the rows (IndexedDB `add`, which fails for a
 * key that is already there instead of overwriting it) and reading only the ids whose add failed.
 *
 * What must stay true (test/e2e/add-first-storage.test.ts compares it with the plain Dexie storage in Chromium):
 * - The same contract as the storage it wraps: a row whose document is already stored comes back as a 409 with
 *   the stored state (`documentInDb`), and nothing of it is written; every other row is inserted. The errors and
 *   the change events are built by RxDB's own `categorizeBulkWriteRows`, from the state the store was in, so the
 *   events (INSERT, no event for an inserted tombstone), their checkpoint and the 409s are RxDB's.
 * - The events go out on this instance's change stream before the write resolves, as RxDB requires: the search
 *   index, the barcode map and open queries see them exactly as they see the plain storage's.
 * - The add and the read of what failed happen in one IndexedDB transaction, so nothing can change in between.
 * - Only a `ConstraintError` (the key exists) counts as "already stored"; any other failure fails the write.
 * - A batch with the same id twice, or with attachments, goes to the plain storage.
 * - After a batch of inserts found documents already stored (a page pulled again after an interruption, or live
 *   pages of updates, whose first attempt is written as inserts: pulledPages.ts), the next insert batch goes to
 *   the plain storage first: a failed add costs what a put costs (the value is serialised and sent), so updates
 *   would pay twice. A batch of inserts that finds nothing stored switches back.
 * - multiInstance is off in this app (database.ts): these events are not broadcast to other tabs.
 * - Writes create their IndexedDB transactions in the order they were called (see `lastCreated`), so writes
 *   overlapped by the first sync (pageQueue.ts) commit in that order.
 */
import { merge, Subject } from 'rxjs';
import { categorizeBulkWriteRows, type BulkWriteRow, type DexieSettings, type DexieStorageInternals, type EventBulk, type RxDocumentData, type RxStorage, type RxStorageBulkWriteResponse, type RxStorageChangeEvent, type RxStorageDefaultCheckpoint, type RxStorageInstance } from 'rxdb/plugins/core';
import { fromDexieToStorage, fromStorageToDexie, type RxStorageInstanceDexie } from 'rxdb/plugins/storage-dexie';

type DexieStorage = RxStorage<DexieStorageInternals, DexieSettings>;
type Params = Parameters<DexieStorage['createStorageInstance']>[0];
type Bulk<T> = EventBulk<RxStorageChangeEvent<RxDocumentData<T>>, RxStorageDefaultCheckpoint>;

/** Counts, for tests and the benchmark: batches taken by the add path and by the plain storage, and ids read after a failed add. */
export const addFirstMetrics = { added: 0, plain: 0, readAfterFailedAdd: 0 };

interface DexieBulkError {
  name: 'BulkError';
  failuresByPos: Record<number, { name?: string } | undefined>;
}

function isBulkError(error: unknown): error is DexieBulkError {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'BulkError' && typeof (error as { failuresByPos?: unknown }).failuresByPos === 'object';
}

/**
 * The row Dexie stores for a document: RxDB's fromStorageToDexie without its deep copy. That copy walks every
 * nested object to rename keys starting with '|' (key compression, which Aisle does not use) and was 7 % of the
 * renderer's time in the first-sync profile; reading a row back (fromDexieToStorage) returns the same document
 * either way. Boolean index fields are stored as '1' / '0' as RxDB does (IndexedDB cannot index booleans).
 * Nested boolean index paths, which Aisle's schemas do not have, take RxDB's own conversion.
 */
export function dexieRow<T>(booleanIndexes: readonly string[], doc: RxDocumentData<T>): unknown {
  if (booleanIndexes.some((field) => field.includes('.') || field.startsWith('|'))) return fromStorageToDexie([...booleanIndexes], doc);
  const row: Record<string, unknown> = { ...doc };
  for (const field of booleanIndexes) row[field] = row[field] ? '1' : '0';
  return row;
}

/** `base` (RxDB's Dexie storage) with the add-first write for the collections in `collections`; the others pass through. */
export function addFirstStorage<S extends DexieStorage>(base: S, collections: ReadonlySet<string>): S {
  const wrapped: DexieStorage = {
    ...base,
    async createStorageInstance<T>(params: Params) {
      const instance = (await base.createStorageInstance(params)) as unknown as RxStorageInstanceDexie<T>;
      if (!collections.has(params.collectionName) || params.schema.attachments) return instance;
      return addFirstInstance(instance);
    },
  };
  return wrapped as S;
}

export function addFirstInstance<T>(instance: RxStorageInstanceDexie<T>): RxStorageInstance<T, DexieStorageInternals, DexieSettings, RxStorageDefaultCheckpoint> {
  const primaryPath = instance.primaryPath;
  const own$ = new Subject<Bulk<T>>();
  const changes$ = merge(instance.changeStream(), own$);
  let expectNew = true;

  const idOf = (row: BulkWriteRow<T>): string => row.document[primaryPath] as unknown as string;

  async function addAll(rows: BulkWriteRow<T>[], context: string, created: () => void): Promise<RxStorageBulkWriteResponse<T>> {
    if (instance.closed) throw new Error(`the ${instance.collectionName} storage is closed`);
    const state = await instance.internals;
    const ids = rows.map(idOf);
    const inDb = new Map<string, RxDocumentData<T>>();
    await state.dexieDb.transaction('rw', state.dexieTable, async () => {
      // The IndexedDB transaction exists once Dexie runs this scope: the next write may create its own.
      created();
      try {
        await state.dexieTable.bulkAdd(rows.map((row) => dexieRow(state.booleanIndexes, row.document)));
      } catch (error) {
        if (!isBulkError(error)) throw error;
        const failed: string[] = [];
        for (const [pos, failure] of Object.entries(error.failuresByPos)) {
          // Anything but "that key is already stored" is a real failure (and aborts the transaction).
          if (failure?.name !== 'ConstraintError') throw failure instanceof Error ? failure : new Error(`adding ${instance.collectionName} failed: ${String(failure?.name)}`);
          const id = ids[Number(pos)];
          if (id !== undefined) failed.push(id);
        }
        addFirstMetrics.readAfterFailedAdd += failed.length;
        const stored = (await state.dexieTable.bulkGet(failed)) as unknown[];
        stored.forEach((raw, i) => {
          if (raw === undefined) throw new Error(`adding ${instance.collectionName} ${failed[i] ?? ''} failed, but no such document is stored`);
          inDb.set(failed[i] ?? '', fromDexieToStorage<T>(state.booleanIndexes, raw));
        });
      }
    });
    // RxDB's own categorisation, from the state before the write: the rows not in `inDb` are the ones added.
    // (Its primaryPath parameter is typed over the document type without RxDB's meta fields; the id field is in both.)
    const categorized = categorizeBulkWriteRows<T>(instance, primaryPath as Parameters<typeof categorizeBulkWriteRows<T>>[1], inDb, rows, context);
    const newest = categorized.newestRow?.document;
    if (categorized.eventBulk.events.length > 0 && newest) {
      categorized.eventBulk.checkpoint = { id: newest[primaryPath] as unknown as string, lwt: newest._meta.lwt };
      own$.next(categorized.eventBulk as Bulk<T>);
    }
    expectNew = inDb.size === 0;
    return { error: categorized.errors };
  }

  // Resolves once the last write's IndexedDB transaction was created. IndexedDB runs readwrite transactions on one
  // store in the order they were created, and Dexie creates them a few promise turns after the call: each write
  // waits here, so that order is the order of the calls, made explicit rather than left to microtask timing (the
  // first sync overlaps page writes: pageQueue.ts). RxDB's wrapped instance calls this synchronously, with the
  // write time (lwt) it just stamped, so write times follow commit order too.
  let lastCreated: Promise<void> = Promise.resolve();

  async function bulkWrite(rows: BulkWriteRow<T>[], context: string): Promise<RxStorageBulkWriteResponse<T>> {
    const before = lastCreated;
    let created!: () => void;
    lastCreated = new Promise<void>((resolve) => (created = resolve));
    try {
      await before;
      const inserts = rows.length > 0 && rows.every((row) => !row.previous);
      if (inserts && expectNew && new Set(rows.map(idOf)).size === rows.length) {
        addFirstMetrics.added++;
        return await addAll(rows, context, created);
      }
      // The plain storage creates its transaction out of sight: the next write waits until this one is done.
      addFirstMetrics.plain++;
      const result = await instance.bulkWrite(rows, context);
      if (inserts) expectNew = result.error.length === 0;
      return result;
    } finally {
      created();
    }
  }

  return {
    databaseName: instance.databaseName,
    collectionName: instance.collectionName,
    schema: instance.schema,
    internals: instance.internals,
    options: instance.options,
    bulkWrite,
    findDocumentsById: (ids, withDeleted) => instance.findDocumentsById(ids, withDeleted),
    query: (preparedQuery) => instance.query(preparedQuery),
    count: (preparedQuery) => instance.count(preparedQuery),
    getAttachmentData: (documentId, attachmentId, digest) => instance.getAttachmentData(documentId, attachmentId, digest),
    changeStream: () => changes$,
    cleanup: (minimumDeletedTime) => instance.cleanup(minimumDeletedTime),
    close: async () => {
      own$.complete();
      await instance.close();
    },
    remove: async () => {
      own$.complete();
      await instance.remove();
    },
  };
}
