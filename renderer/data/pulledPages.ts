/**
 * The first-sync write path for server-written collections (products, variants, inventory, staff, …: nothing on
 * the device writes them, and RxDB keeps no pull metadata for them). Handing every pulled page to RxDB costs three
 * IndexedDB lookups per document (the fork state, its pull metadata, and again inside the storage write), all
 * misses on a fresh device. Instead the pull handler writes every page itself, straight into the collection's
 * storage instance, tagged with the replication's own downstream flag, and hands RxDB an empty answer carrying
 * the checkpoint it has already stored. Under the storage instance, addFirstStorage.ts writes a page of new rows
 * without reading their ids at all.
 *
 * Why this is safe (RxDB 17.6, src/replication-protocol; test/integration/pulled-pages.test.ts guards each point):
 * - The write goes through `collection.storageInstance` (the wrapped instance): it sets `_meta.lwt` and `_rev`
 *   like any collection write, and its change events reach `collection.$`, so the search index, the barcode map
 *   and open queries see every document exactly as if RxDB had written it.
 * - The upstream skips change events whose context equals `downstreamBulkWriteFlag` (upstream.ts, processTasks)
 *   but still advances its checkpoint past them: imported rows are never pushed and never rescanned.
 * - Each document is read once, inside the storage's own write (see writePulledPage).
 * - After each page the down checkpoint is stored with RxDB's own `setCheckpoint`, in the meta instance where
 *   RxDB reads it at start: an interrupted first sync resumes from the last written page. A page written but not
 *   yet checkpointed is pulled again and written over itself (the primary key is the id: no duplicates).
 * - RxDB gets `{documents: [], checkpoint}` after the last page: it ends its pull loop on an empty answer. (It
 *   used to get the last page itself, which cost RxDB's three lookups per document: at 20,000 variants, exactly
 *   4 pages, a quarter of all variants.) Live pulls afterwards take the sliced path (livePages.ts).
 */
import { setCheckpoint, type BulkWriteRow, type RxCollection, type RxDocumentData, type RxStorageInstanceReplicationState } from 'rxdb/plugins/core';
import type { Checkpoint, WithDeleted } from '../../shared/sync';

/**
 * Writes one pulled page into the collection's storage with the downstream flag. Documents already on the device
 * (a live update, or a page pulled again after an interruption) are written over their stored state; deletions of
 * documents the device never had are skipped.
 *
 * Live documents are written without looking them up first: on a first sync they are all new, and the storage's
 * write reads them anyway (to find conflicts), so a lookup before it was a second read of every id, all misses.
 * A document that is already there comes back as a 409 carrying its stored state (`documentInDb`) and is written
 * again over that state. A live page of updates therefore costs what it did (one failed write reads them, the
 * second writes them) and a first-sync page costs one read less per document. Deletions are looked up first, so
 * that one the device never had is skipped instead of stored as a tombstone.
 *
 * `issued` is called once the page's first storage write was called: the first sync issues the next page's write
 * only then, so its transaction is created after this one's (pageQueue.ts).
 */
export async function writePulledPage<T extends { id: string }>(collection: RxCollection<T>, flag: string, docs: readonly WithDeleted<T>[], issued: () => void = () => undefined): Promise<number> {
  const storage = collection.storageInstance;
  // _meta and _rev are set by the wrapped storage instance (an insert gets revision 1, an update the next).
  const toRow = (doc: WithDeleted<T>): RxDocumentData<T> => ({ ...doc, _attachments: {}, _meta: { lwt: 0 }, _rev: '' });
  const deletions = docs.filter((d) => d._deleted);
  const stored = deletions.length === 0 ? [] : await storage.findDocumentsById(deletions.map((d) => d.id), true);
  const known = new Map<string, RxDocumentData<T>>(stored.map((d) => [d.id, d]));
  let rows: BulkWriteRow<T>[] = [];
  for (const doc of docs) {
    const before = known.get(doc.id);
    if (doc._deleted && !before) continue;
    rows.push(before ? { previous: before, document: toRow(doc) } : { document: toRow(doc) });
  }
  let written = 0;
  if (rows.length === 0) issued();
  // The first attempt is the optimistic one; three more absorb concurrent writes between a 409 and its retry.
  for (let attempt = 0; attempt < 4 && rows.length > 0; attempt++) {
    const pending = storage.bulkWrite(rows, flag);
    // The first write was called: the next page's write may be issued (its transaction comes after: pageQueue.ts).
    if (attempt === 0) issued();
    const result = await pending;
    written += rows.length - result.error.length;
    const retry: BulkWriteRow<T>[] = [];
    for (const error of result.error) {
      // 409: the document is on the device in another state than assumed: write over the state it is in.
      if (error.status !== 409 || !error.documentInDb) throw new Error(`writing pulled ${collection.name} failed for ${error.documentId}: status ${error.status}`);
      retry.push({ previous: error.documentInDb, document: error.writeRow.document });
    }
    rows = retry;
  }
  if (rows.length > 0) throw new Error(`writing pulled ${collection.name}: ${rows.length} documents kept conflicting`);
  return written;
}

/** Stores the down checkpoint where RxDB's downstream reads it at start (its meta instance), through its own queue. */
export async function storeDownCheckpoint<T>(state: RxStorageInstanceReplicationState<T>, checkpoint: Checkpoint): Promise<void> {
  await setCheckpoint(state, 'down', checkpoint);
}
