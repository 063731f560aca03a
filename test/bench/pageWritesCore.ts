/**
 * The device's page writes, timed on one storage (bench:page-writes): the same pages of variants written by the
 * write path before this change (look every id up, then write) and by writePulledPage (write, and write again over
 * what a 409 returns), interleaved round by round on fresh databases so both see the same load. Runs in Node (RxDB
 * memory storage) and, bundled by esbuild, in Chromium on RxDB's Dexie storage (the renderer's real storage).
 */
import type { BulkWriteRow, RxCollection, RxDocumentData } from 'rxdb/plugins/core';
import { openDatabase } from '../../renderer/data/database';
import { writePulledPage } from '../../renderer/data/pulledPages';
import { PageQueue } from '../../renderer/data/pageQueue';
import type { VariantDoc } from '../../shared/schemas/collections';
import type { WithDeleted } from '../../shared/sync';

type AisleStorage = NonNullable<Parameters<typeof openDatabase>[2]>;

const T = '2026-01-15T09:00:00.000Z';
export function variantPage(page: number, size: number, amount = 1000): WithDeleted<VariantDoc>[] {
  return Array.from({ length: size }, (_, k) => {
    const i = page * size + k;
    const barcode = `0${String(100000000 + i)}0`;
    return { id: `var_${String(i).padStart(7, '0')}`, productId: `prod_${String(i % 20000).padStart(6, '0')}`, sku: `SKU-${i}`, gtin: `00${barcode}`, barcode, title: `Variant ${i} of a product with a title`, optionValues: ['M', 'Blue'], price: { amount, currency: 'USD' }, compareAtPrice: null, image: null, position: i % 5, updatedAt: T, _deleted: false };
  });
}

/** The write path before: every id looked up first (findDocumentsById), then written with its stored state. */
export async function writeWithLookup<T extends { id: string }>(collection: RxCollection<T>, flag: string, docs: readonly WithDeleted<T>[]): Promise<number> {
  const storage = collection.storageInstance;
  const stored = await storage.findDocumentsById(docs.map((d) => d.id), true);
  const previous = new Map<string, RxDocumentData<T>>(stored.map((d) => [d.id, d]));
  const rows: BulkWriteRow<T>[] = [];
  for (const doc of docs) {
    const before = previous.get(doc.id);
    if (!before && doc._deleted) continue;
    const document = { ...doc, _attachments: {}, _meta: { lwt: 0 }, _rev: '' } as unknown as RxDocumentData<T>;
    rows.push(before ? { previous: before, document } : { document });
  }
  const result = await storage.bulkWrite(rows, flag);
  if (result.error.length > 0) throw new Error(`${result.error.length} conflicts`);
  return rows.length;
}

export type PathName = 'lookup, then write (before)' | 'write, retry 409s (now)' | 'pages in turn' | 'pages two deep (PageQueue)';
export const PATHS: readonly PathName[] = ['lookup, then write (before)', 'write, retry 409s (now)'];
/** `--paths overlap`: writePulledPage page after page, against PageQueue's overlapped pages (the first sync's handler). */
export const OVERLAP_PATHS: readonly PathName[] = ['pages in turn', 'pages two deep (PageQueue)'];

export interface RoundResult {
  path: PathName;
  /** ms to write `pages` fresh pages (a first sync). */
  firstSyncMs: number;
  /** ms to write one page again with every price changed (a live page of updates). */
  updatePageMs: number;
  /** Renderer main-thread CPU of the first-sync pages (Chromium only: CDP Performance.getMetrics TaskDuration). */
  firstSyncCpuMs?: number;
}

/** One round of one path: a fresh database, `pages` pages of `size` new variants, then one page of updates. */
export async function runRound(storage: AisleStorage, path: PathName, pages: number, size: number, name: string): Promise<RoundResult> {
  const db = await openDatabase(name, 'kiosk', storage);
  try {
    const variants = db.collections.variants;
    if (!variants) throw new Error('no variants collection');
    const write = path === 'write, retry 409s (now)' ? writePulledPage : writeWithLookup;
    const flag = 'bench-downstream';
    const data = Array.from({ length: pages }, (_, p) => variantPage(p, size));
    const t0 = performance.now();
    if (path === 'pages two deep (PageQueue)') {
      const queue = new PageQueue();
      for (const page of data) await queue.push({ ids: page.map((d) => d.id), write: (issued) => writePulledPage(variants, flag, page, issued), commit: () => Promise.resolve() });
      await queue.drain();
    } else {
      for (const page of data) await write(variants, flag, page);
    }
    const firstSyncMs = performance.now() - t0;
    const updates = variantPage(0, size, 2000);
    const t1 = performance.now();
    await write(variants, flag, updates);
    const updatePageMs = performance.now() - t1;
    if ((await variants.count().exec()) !== pages * size) throw new Error('wrong document count');
    return { path, firstSyncMs, updatePageMs };
  } finally {
    await db.remove();
  }
}
