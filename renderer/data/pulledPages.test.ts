/**
 * Guards the first-sync write path's reliance on RxDB internals (pulledPages.ts), on the pinned RxDB with its
 * memory storage: the downstream flag is the context RxDB's own downstream writes carry; rows written with it
 * never reach the upstream (push), not live and not after a restart; a plain collection write does (so these
 * tests can fail); change events reach collection.$ and open queries; pages pulled again after an interruption
 * are written over themselves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom, filter, Subject } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { RxReplicationPullStreamItem } from 'rxdb/plugins/core';
import { openDatabase, type AisleDatabase } from './database';
import { storeDownCheckpoint, writePulledPage } from './pulledPages';
import type { Checkpoint, WithDeleted } from '../../shared/sync';
import type { NoteDoc, VariantDoc } from '../../shared/schemas/collections';

const T = '2026-01-15T09:00:00.000Z';
const note = (i: number, text = `note ${i}`): WithDeleted<NoteDoc> => ({ id: `note_${String(i).padStart(4, '0')}`, storeId: 'store-001', productId: 'prod_1', variantId: '', text, staffId: 'staff_1', deviceId: 'dev_1', createdAt: T, updatedAt: T, _deleted: false });
const variant = (i: number, amount = 1000): WithDeleted<VariantDoc> => {
  const id = `var_${String(i).padStart(5, '0')}`;
  const barcode = `0${String(100000000 + i)}0`;
  return { id, productId: `prod_${i % 7}`, sku: `SKU-${i}`, gtin: `00${barcode}`, barcode, title: `Variant ${i}`, optionValues: ['M'], price: { amount, currency: 'USD' }, compareAtPrice: null, image: null, position: i % 5, updatedAt: T, _deleted: false };
};

const open: AisleDatabase[] = [];
const replications: RxReplicationState<unknown, Checkpoint>[] = [];
afterEach(async () => {
  for (const r of replications.splice(0)) await r.cancel();
  for (const db of open.splice(0)) await db.close();
});

async function device(storage = getRxStorageMemory()): Promise<AisleDatabase> {
  const db = await openDatabase(`guard-${Math.random().toString(36).slice(2)}`, 'counter', storage, new Uint8Array(32).fill(3));
  open.push(db);
  return db;
}

/** A replication of `notes` (device-written: it has a push) whose server is a list of pages and a push spy. */
function replicateNotes(db: AisleDatabase, pages: WithDeleted<NoteDoc>[][], pushed: string[]) {
  const notes = db.collections.notes!;
  const stream$ = new Subject<RxReplicationPullStreamItem<NoteDoc, Checkpoint>>();
  const replication = replicateRxCollection<NoteDoc, Checkpoint>({
    replicationIdentifier: 'guard-notes',
    collection: notes,
    live: true,
    waitForLeadership: false,
    pull: {
      batchSize: 1000,
      stream$: stream$.asObservable(),
      handler: async (checkpoint) => {
        const at = checkpoint?.rev ?? 0;
        return { documents: pages[at] ?? [], checkpoint: { rev: at + 1 } };
      },
    },
    push: {
      handler: async (rows) => {
        for (const row of rows) pushed.push(row.newDocumentState.id);
        return [];
      },
    },
  });
  replications.push(replication as unknown as RxReplicationState<unknown, Checkpoint>);
  return { replication, stream$ };
}

async function flagOf(replication: RxReplicationState<NoteDoc, Checkpoint>): Promise<string> {
  await replication.startPromise;
  const internal = replication.internalReplicationState;
  if (!internal) throw new Error('replication did not start');
  return internal.downstreamBulkWriteFlag;
}

describe('first-sync write path (RxDB internals it relies on)', () => {
  it('the flag is the context of RxDB’s own downstream writes', async () => {
    const db = await device();
    const contexts: string[] = [];
    const sub = db.collections.notes!.storageInstance.changeStream().subscribe((bulk) => contexts.push(bulk.context));
    const { replication } = replicateNotes(db, [[note(1)]], []);
    await replication.awaitInitialReplication();
    sub.unsubscribe();
    const flag = await flagOf(replication);
    expect(flag).toMatch(/^replication-downstream-/);
    expect(contexts).toContain(flag);
    expect(await db.collections.notes!.count().exec()).toBe(1);
  });

  it('rows written with the flag never reach the push, live or after a restart; a plain write does', async () => {
    const storage = getRxStorageMemory();
    const db = await device(storage);
    const pushed: string[] = [];
    const first = replicateNotes(db, [], pushed);
    await first.replication.awaitInitialReplication();
    const flag = await flagOf(first.replication);
    const imported = Array.from({ length: 300 }, (_, i) => note(i));
    expect(await writePulledPage(db.collections.notes!, flag, imported)).toBe(300);
    await db.collections.notes!.insert(note(9999, 'written on this device'));
    await first.replication.awaitInSync();
    expect(pushed).toEqual(['note_9999']);

    // A restart: RxDB's upstream scans what changed since its checkpoint, which must already be past the import.
    await first.replication.cancel();
    const second = replicateNotes(db, [], pushed);
    await second.replication.awaitInitialReplication();
    await second.replication.awaitInSync();
    expect(pushed).toEqual(['note_9999']);
  });

  it('change events reach collection.$ and open queries; a page written again changes nothing twice', async () => {
    const db = await device();
    const variants = db.collections.variants!;
    const { replication } = replicateNotes(db, [], []);
    const flag = await flagOf(replication);
    const events: string[] = [];
    const sub = variants.$.subscribe((e) => events.push(`${e.operation}:${e.documentId}`));
    const query = variants.find({ selector: { productId: 'prod_3' } });
    const seen = firstValueFrom(query.$.pipe(filter((docs) => docs.length === 3)));
    const page = Array.from({ length: 21 }, (_, i) => variant(i));
    await writePulledPage(variants, flag, page);
    expect((await seen).map((d) => d.id).sort()).toEqual(['var_00003', 'var_00010', 'var_00017']);
    expect(events.filter((e) => e.startsWith('INSERT:'))).toHaveLength(21);

    // The same page again (pulled twice after an interruption), one price changed: updates, no duplicates.
    await writePulledPage(variants, flag, page.map((v) => (v.id === 'var_00003' ? { ...v, price: { amount: 1234, currency: 'USD' } } : v)));
    expect(await variants.count().exec()).toBe(21);
    expect((await variants.findOne('var_00003').exec())?.price.amount).toBe(1234);
    expect(events.filter((e) => e.startsWith('UPDATE:'))).toContain('UPDATE:var_00003');

    // A deletion of a known row removes it; a deletion of a row never seen is skipped.
    await writePulledPage(variants, flag, [{ ...variant(4), _deleted: true }, { ...variant(500), _deleted: true }]);
    expect(await variants.count().exec()).toBe(20);
    expect(await variants.findOne('var_00500').exec()).toBeNull();
    // Skipped, not stored as a tombstone: the storage has no row for it at all, deleted or not.
    expect(await variants.storageInstance.findDocumentsById(['var_00500'], true)).toEqual([]);
    // A row written again after its deletion (no lookup before the write: the 409 carries the tombstone) is back.
    expect(await writePulledPage(variants, flag, [variant(4, 777)])).toBe(1);
    expect((await variants.findOne('var_00004').exec())?.price.amount).toBe(777);
    // Updates written over the stored state take the next revision (the 409 retry passes the stored row as previous).
    const [stored] = await variants.storageInstance.findDocumentsById(['var_00003'], false);
    expect(stored?._rev.startsWith('2-')).toBe(true);
    sub.unsubscribe();
  });

  it('a stored down checkpoint is where RxDB resumes pulling', async () => {
    const storage = getRxStorageMemory();
    const db = await device(storage);
    const asked: (number | null)[] = [];
    const stream$ = new Subject<RxReplicationPullStreamItem<VariantDoc, Checkpoint>>();
    const start = (): RxReplicationState<VariantDoc, Checkpoint> => {
      const r = replicateRxCollection<VariantDoc, Checkpoint>({
        replicationIdentifier: 'guard-variants',
        collection: db.collections.variants!,
        live: true,
        waitForLeadership: false,
        pull: {
          batchSize: 10,
          stream$: stream$.asObservable(),
          handler: async (checkpoint) => {
            asked.push(checkpoint?.rev ?? null);
            return { documents: [], checkpoint: checkpoint ?? { rev: 0 } };
          },
        },
      });
      replications.push(r as unknown as RxReplicationState<unknown, Checkpoint>);
      return r;
    };
    const first = start();
    await first.awaitInitialReplication();
    await storeDownCheckpoint(first.internalReplicationState!, { rev: 4242 });
    await first.cancel();
    const second = start();
    await second.awaitInitialReplication();
    expect(asked).toEqual([null, 4242]);
  });

  it('a live pull updates a row the handler wrote itself, on a pull-only collection (and only there)', async () => {
    // RxDB's downstream skips a pulled document whose fork state has no pull metadata, taking it for a local write
    // that the upstream must push first, unless the replication keeps no pull metadata (skipStoringPullMeta: a
    // replication without push). Rows written by writePulledPage have none, so live updates to them (SSE → RESYNC)
    // reach the device only on pull-only collections: the reason the direct path is for server-written ones.
    const db = await device();
    let server: WithDeleted<VariantDoc>[] = [];
    const stream$ = new Subject<RxReplicationPullStreamItem<VariantDoc, Checkpoint>>();
    const replication = replicateRxCollection<VariantDoc, Checkpoint>({
      replicationIdentifier: 'guard-live-variants',
      collection: db.collections.variants!,
      live: true,
      waitForLeadership: false,
      pull: {
        batchSize: 10,
        stream$: stream$.asObservable(),
        handler: async (checkpoint) => {
          const from = checkpoint?.rev ?? 0;
          const page = server.slice(from, from + 10);
          return { documents: page, checkpoint: { rev: from + page.length } };
        },
      },
    });
    replications.push(replication as unknown as RxReplicationState<unknown, Checkpoint>);
    await replication.awaitInitialReplication();
    const internal = replication.internalReplicationState!;
    const page = Array.from({ length: 10 }, (_, i) => variant(i));
    await writePulledPage(db.collections.variants!, await internal.downstreamBulkWriteFlag, page);
    await storeDownCheckpoint(internal, { rev: 10 });
    // The server changes a price; the live stream says RESYNC; RxDB pulls revision 11 and writes it over the row.
    server = [...page, { ...variant(3), price: { amount: 4321, currency: 'USD' } }];
    const shown = firstValueFrom(db.collections.variants!.findOne('var_00003').$.pipe(filter((d) => d?.price.amount === 4321)));
    stream$.next('RESYNC');
    expect((await shown)?.price.amount).toBe(4321);
  });

  it('on a collection with a push (notes) RxDB leaves such a row alone: the direct path must not be used there', async () => {
    const notesDb = await device();
    let notesServer: WithDeleted<NoteDoc>[][] = [];
    let served = 0;
    const notesStream$ = new Subject<RxReplicationPullStreamItem<NoteDoc, Checkpoint>>();
    const notes = replicateRxCollection<NoteDoc, Checkpoint>({
      replicationIdentifier: 'guard-live-notes',
      collection: notesDb.collections.notes!,
      live: true,
      waitForLeadership: false,
      pull: {
        batchSize: 10,
        stream$: notesStream$.asObservable(),
        handler: async (checkpoint) => {
          const documents = notesServer[checkpoint?.rev ?? 0] ?? [];
          served += documents.length;
          return { documents, checkpoint: { rev: (checkpoint?.rev ?? 0) + 1 } };
        },
      },
      push: { handler: async () => [] },
    });
    replications.push(notes as unknown as RxReplicationState<unknown, Checkpoint>);
    await notes.awaitInitialReplication();
    const notesInternal = notes.internalReplicationState!;
    await writePulledPage(notesDb.collections.notes!, await notesInternal.downstreamBulkWriteFlag, [note(1)]);
    await storeDownCheckpoint(notesInternal, { rev: 0 });
    notesServer = [[note(1, 'changed on the server')]];
    notesStream$.next('RESYNC');
    // The changed row was handed to RxDB, and RxDB is done with it.
    while (served === 0) await new Promise((r) => setTimeout(r, 10));
    await notes.awaitInSync();
    expect((await notesDb.collections.notes!.findOne('note_0001').exec())?.text).toBe('note 1');
  });
});
