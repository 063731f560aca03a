/**
 * Live pulls of server-written collections once a collection has synced once: a device coming back after a day
 * offline (10 % of prices and every stock level changed: 110,000 documents at 100k variants), or a burst of
 * price changes. The UI must stay responsive while they are applied (issue #11 §3: input latency p95 ≤ 100 ms),
 * so a pulled page is not written in one piece: a 5,000-row bulkWrite is one long main-thread task (Dexie's put
 * of each row, RxDB's bookkeeping) and its change events are a second one (every open query's event-reduce, the
 * barcode map). Pages are smaller (LIVE_PAGE) and each is written in slices of LIVE_SLICE rows, in order, with a yield to the event loop
 * between slices, so a key press waits for one slice at most.
 *
 * The first sync does not come here: it is a throughput problem (the user waits for it behind a progress
 * screen), and smaller transactions would slow it down. Everything else about the write is pulledPages.ts's
 * writePulledPage, slice by slice: the same downstream flag (never pushed back), the same change events (search
 * index, barcode map and open queries follow), the same handling of updates and deletions.
 *
 * What must stay true: every row of the page is written exactly once, slices in the page's order (so a document
 * that appears twice across pages ends in its later state), and the page's checkpoint is stored by the caller
 * only after the last slice (an interruption re-pulls the page; writing it again is harmless).
 */
import type { RxCollection } from 'rxdb/plugins/core';
import type { WithDeleted } from '../../shared/sync';
import { writePulledPage } from './pulledPages';

/**
 * Rows per slice. At most RxDB's change buffer (100 events): a bigger bulk makes every open query execute again
 * over the database instead of applying the events (rx-query.ts, __ensureEqual).
 */
export const LIVE_SLICE = 100;

/**
 * Rows per live pull (the first sync asks for the server's 5,000): the page's JSON is parsed in one task, about
 * 2.5 MB at 5,000 variants; 1,000 keeps that task short, and the next page is fetched while this one is written.
 */
export const LIVE_PAGE = 1000;

interface YieldingScheduler {
  yield(): Promise<void>;
}

/**
 * Gives the event loop a turn (input, rendering) before the next slice: `scheduler.yield()` where the browser has
 * it (Chromium ≥ 129: the continuation keeps its place ahead of other queued tasks), else a macrotask.
 */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<YieldingScheduler> }).scheduler;
  if (scheduler && typeof scheduler.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Writes one pulled page in slices, yielding between them; returns the rows written (as writePulledPage). */
export async function writePageInSlices<T extends { id: string }>(
  collection: RxCollection<T>,
  flag: string,
  docs: readonly WithDeleted<T>[],
  slice: number = LIVE_SLICE,
  pause: () => Promise<void> = yieldToMain,
): Promise<number> {
  if (!Number.isInteger(slice) || slice < 1) throw new Error(`slice must be a positive integer, not ${slice}`);
  let written = 0;
  for (let start = 0; start < docs.length; start += slice) {
    if (start > 0) await pause();
    written += await writePulledPage(collection, flag, docs.slice(start, start + slice));
  }
  return written;
}
