/**
 * The Chromium half of add-first-storage.test.ts (bundled by esbuild): runs the same writes against two device
 * databases on RxDB's Dexie storage (real IndexedDB), one plain and one with addFirstStorage for variants, and
 * reports what each storage answered, emitted and stored, normalised so the two can be compared field by field
 * (revision heights instead of revision tokens, no write times).
 */
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { BulkWriteRow, RxDocumentData } from 'rxdb/plugins/core';
import { openDatabase, type AisleDatabase } from '../../renderer/data/database';
import { addFirstMetrics, addFirstStorage } from '../../renderer/data/addFirstStorage';
import { writePulledPage } from '../../renderer/data/pulledPages';
import { PageQueue } from '../../renderer/data/pageQueue';
import { BarcodeMap } from '../../renderer/data/barcodeMap';
import type { VariantDoc } from '../../shared/schemas/collections';
import type { WithDeleted } from '../../shared/sync';

const T = '2026-01-15T09:00:00.000Z';
const FLAG = 'replication-downstream-test';

function variant(i: number, amount = 1000, deleted = false): WithDeleted<VariantDoc> {
  const barcode = `0${String(100000000 + i)}0`;
  return { id: `var_${String(i).padStart(5, '0')}`, productId: `prod_${i % 7}`, sku: `SKU-${i}`, gtin: `00${barcode}`, barcode, title: `Variant ${i}`, optionValues: ['M'], price: { amount, currency: 'USD' }, compareAtPrice: null, image: null, position: i % 5, updatedAt: T, _deleted: deleted };
}
const range = (from: number, to: number, amount = 1000): WithDeleted<VariantDoc>[] => Array.from({ length: to - from }, (_, k) => variant(from + k, amount));

const height = (rev: string | undefined): number => Number((rev ?? '0-').split('-')[0]);
type Stored = { id: string; price: number; deleted: boolean; rev: number };
const stored = (d: RxDocumentData<VariantDoc>): Stored => ({ id: d.id, price: d.price.amount, deleted: d._deleted, rev: height(d._rev) });
const toRow = (doc: WithDeleted<VariantDoc>): BulkWriteRow<VariantDoc> => ({ document: { ...doc, _attachments: {}, _meta: { lwt: 0 }, _rev: '' } });

export interface StepReport {
  step: string;
  /** storage.bulkWrite's errors (status, id, the stored state it returned), or writePulledPage's count. */
  answer: unknown;
  /** Change events of the step: operation, id, previous state's price, the bulk's context and checkpoint id. */
  events: { op: string; id: string; previousPrice: number | null }[];
  bulks: { context: string; checkpointId: string | null }[];
  /** How the wrapper took the step's writes (all zero on the plain storage). */
  took: { added: number; plain: number; readAfterFailedAdd: number };
}

export interface DeviceReport {
  steps: StepReport[];
  final: Stored[];
  /** The rows of an open query (productId prod_3), as last emitted. */
  query: string[];
  /** The barcode map's size and one lookup, kept by change events only. */
  barcodes: { size: number; lookup: string | null };
  metrics: typeof addFirstMetrics;
  /** The rows as IndexedDB holds them (Dexie's table under RxDB), write times and revision tokens left out. */
  dexieRows: unknown[];
}

async function runDevice(wrapped: boolean): Promise<DeviceReport> {
  const storage = wrapped ? addFirstStorage(getRxStorageDexie(), new Set(['variants'])) : getRxStorageDexie();
  const db: AisleDatabase = await openDatabase(`addfirst-${wrapped ? 'wrapped' : 'plain'}-${Math.random().toString(36).slice(2)}`, 'kiosk', storage);
  Object.assign(addFirstMetrics, { added: 0, plain: 0, readAfterFailedAdd: 0 });
  try {
    const variants = db.collections.variants;
    if (!variants) throw new Error('no variants');
    const barcodes = new BarcodeMap(variants);
    await barcodes.ready;
    let query: string[] = [];
    const querySub = variants.find({ selector: { productId: 'prod_3' } }).$.subscribe((docs) => (query = docs.map((d) => d.id).sort()));
    const steps: StepReport[] = [];
    let current: StepReport | null = null;
    const sub = variants.storageInstance.changeStream().subscribe((bulk) => {
      current?.bulks.push({ context: bulk.context, checkpointId: (bulk.checkpoint as { id?: string } | null)?.id ?? null });
      for (const e of bulk.events) current?.events.push({ op: e.operation, id: e.documentId, previousPrice: e.previousDocumentData ? e.previousDocumentData.price.amount : null });
    });
    const step = async (name: string, run: () => Promise<unknown>): Promise<void> => {
      current = { step: name, answer: null, events: [], bulks: [], took: { added: 0, plain: 0, readAfterFailedAdd: 0 } };
      const before = { ...addFirstMetrics };
      current.answer = await run();
      if (wrapped) current.took = { added: addFirstMetrics.added - before.added, plain: addFirstMetrics.plain - before.plain, readAfterFailedAdd: addFirstMetrics.readAfterFailedAdd - before.readAfterFailedAdd };
      steps.push(current);
      current = null;
    };
    const raw = async (docs: WithDeleted<VariantDoc>[]): Promise<unknown> => {
      const result = await variants.storageInstance.bulkWrite(docs.map(toRow), FLAG);
      return result.error.map((e) => ({ status: e.status, id: e.documentId, inDb: 'documentInDb' in e && e.documentInDb ? stored(e.documentInDb) : null })).sort((a, b) => a.id.localeCompare(b.id));
    };

    await step('a first page of new rows', () => writePulledPage(variants, FLAG, range(0, 40)));
    await step('a second page of new rows', () => writePulledPage(variants, FLAG, range(40, 80)));
    await step('the first page pulled again, one price changed', () => writePulledPage(variants, FLAG, range(0, 40).map((v) => (v.id === 'var_00003' ? variant(3, 1234) : v))));
    await step('the next insert batch after one that found rows', () => writePulledPage(variants, FLAG, range(80, 90)));
    await step('inserts again, none stored', () => writePulledPage(variants, FLAG, range(90, 100)));
    await step('raw inserts: half stored, half new', () => raw(range(95, 105, 555)));
    await step('raw insert of a tombstone nobody had', () => raw([variant(200, 1000, true)]));
    await step('a deletion of a stored row', () => writePulledPage(variants, FLAG, [variant(10, 1000, true)]));
    await step('raw insert over a stored tombstone', () => raw([variant(10, 4321)]));
    await step('raw inserts with one id twice', () => raw([variant(300, 1), variant(301, 1), variant(300, 2)]));
    await step('live slices of updates', async () => {
      let n = 0;
      for (let s = 0; s < 3; s++) n += await writePulledPage(variants, FLAG, range(s * 10, s * 10 + 10, 2000 + s));
      return n;
    });
    // Let the open query's last emission land.
    await new Promise((r) => setTimeout(r, 50));
    sub.unsubscribe();
    querySub.unsubscribe();
    const all = await variants.storageInstance.findDocumentsById([...range(0, 110), variant(200), variant(300), variant(301)].map((v) => v.id), true);
    const lookup = barcodes.get(variant(42).gtin)?.variantId ?? null;
    // The Dexie storage's internals are a promise of its tables (rxdb/plugins/storage-dexie).
    const internals = await (variants.storageInstance.internals as unknown as Promise<{ dexieTable: { bulkGet(ids: string[]): Promise<unknown[]> } }>);
    const rawRows = await internals.dexieTable.bulkGet(all.map((d) => d.id));
    const dexieRows = rawRows.map((row) => {
      const { _meta: _m, _rev: rev, ...rest } = row as { _meta: unknown; _rev: string };
      return { ...rest, _rev: height(rev) };
    });
    const report: DeviceReport = { steps, final: all.map(stored).sort((a, b) => a.id.localeCompare(b.id)), query, barcodes: { size: barcodes.map.size, lookup }, metrics: { ...addFirstMetrics }, dexieRows };
    barcodes.close();
    return report;
  } finally {
    await db.remove();
  }
}

(window as unknown as { __compare: () => Promise<{ plain: DeviceReport; wrapped: DeviceReport }> }).__compare = async () => {
  const plain = await runDevice(false);
  const wrapped = await runDevice(true);
  return { plain, wrapped };
};

export interface OverlapReport {
  /** Pages committed (checkpoints stored), in the order they were. */
  commits: string[];
  /** Change events as they came: op, id, price. */
  events: string[];
  final: Stored[];
  serialised: number;
  /** The failure thrown by the run with a failing page, and what was committed / stored by then. */
  failure: { message: string; commits: string[]; stored: string[] };
}

/**
 * First-sync pages written two deep through PageQueue, as the pull handler does (replication.ts), on real IndexedDB.
 * Page b holds a newer state of a document of page a, and page a looks a deletion up before it writes (its write is
 * issued later than b's would be); pages d/e are pulled again over stored rows (every add fails, every row is a 409
 * retry) and e has a newer state of one of d's rows. Then a page fails (an invalid key: IndexedDB's DataError) while
 * the next page is in flight.
 */
async function runOverlap(wrapped: boolean): Promise<OverlapReport> {
  const storage = wrapped ? addFirstStorage(getRxStorageDexie(), new Set(['variants'])) : getRxStorageDexie();
  const db: AisleDatabase = await openDatabase(`overlap-${wrapped ? 'wrapped' : 'plain'}-${Math.random().toString(36).slice(2)}`, 'kiosk', storage);
  try {
    const variants = db.collections.variants;
    if (!variants) throw new Error('no variants');
    const events: string[] = [];
    const sub = variants.storageInstance.changeStream().subscribe((bulk) => {
      for (const e of bulk.events) events.push(`${e.operation} ${e.documentId} ${e.documentData.price.amount}`);
    });
    let commits: string[] = [];
    const q = new PageQueue();
    const page = (name: string, docs: WithDeleted<VariantDoc>[]) => ({
      ids: docs.map((d) => d.id),
      write: (issued: () => void) => writePulledPage(variants, FLAG, docs, issued),
      commit: async () => {
        commits.push(name);
        await Promise.resolve();
      },
    });
    await writePulledPage(variants, FLAG, range(600, 640, 1));
    events.length = 0;
    await q.push(page('a', [variant(999, 1, true), ...range(500, 540, 2)]));
    await q.push(page('b', [variant(520, 3), ...range(540, 580, 3)]));
    await q.push(page('c', range(580, 600, 3)));
    await q.push(page('d', range(600, 640, 4)));
    await q.push(page('e', [variant(610, 5), ...range(640, 660, 5)]));
    await q.drain();
    const ids = [...range(500, 660), variant(999)].map((v) => v.id);
    const final = (await variants.storageInstance.findDocumentsById(ids, true)).map(stored).sort((x, y) => x.id.localeCompare(y.id));
    const orderly = { commits, events: [...events], final, serialised: q.serialised };

    commits = [];
    const broken = { ...variant(700, 6), id: {} as unknown as string };
    let message = '';
    try {
      await q.push(page('f', range(660, 670, 6)));
      await q.push(page('g', [broken, ...range(670, 680, 6)]));
      await q.push(page('h', range(680, 690, 6)));
      await q.push(page('i', range(690, 700, 6)));
      await q.drain();
    } catch (error) {
      message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    await q.settle();
    const after = await variants.storageInstance.findDocumentsById(range(660, 700).map((v) => v.id), true);
    sub.unsubscribe();
    return { ...orderly, failure: { message, commits, stored: after.map((d) => d.id).sort() } };
  } finally {
    await db.remove();
  }
}

(window as unknown as { __overlap: () => Promise<{ plain: OverlapReport; wrapped: OverlapReport }> }).__overlap = async () => ({ plain: await runOverlap(false), wrapped: await runOverlap(true) });
