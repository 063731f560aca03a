/**
 * Pull pages shared by the devices that ask for the same one. Measured with `npm run bench:network` (200 devices
 * of 10 stores first-syncing at once on PostgreSQL): the page statement was 99.9 % of PostgreSQL's execution time
 * (1,000 calls, 227 ms each), PostgreSQL used most of the CPU the bench got, and every device asked for the very
 * same pages: the one variants walk, the one products walk, its store's inventory. A page is a function of
 * (collection, scope, checkpoint, limit) and of the collection's rows, so one build can answer all of them.
 *
 * What must stay true (each is tested in test/integration/pull-cache.test.ts, on PGlite and PostgreSQL):
 * - **Never stale.** Every pull first reads the collection's newest revision (`collectionHead`, one index step,
 *   migration 013). A cached page is served only if it was built at exactly that head, read in the same
 *   statement as the page (pull.ts). Equal heads mean equal rows: every write to `docs` takes a new revision,
 *   higher than every committed one (revisions.ts), and rows are never deleted, only marked `deleted`. A write
 *   to any scope of the collection retires its cached pages, including a row that moves between scopes.
 * - **Scope is part of the key.** A store's cached inventory answers only devices whose scope is that store;
 *   which collections a device may pull at all is decided before (routes/sync.ts).
 * - **One build per page at a time.** Devices that ask while the page is being built wait for that build
 *   (keyed by the head they read) instead of starting their own.
 * - **Bounded.** At most `maxBytes` of bodies (least recently used first out), nothing older than `maxAgeMs` (a
 *   safety net for writes that bypass writeDocs, e.g. a migration run by another process), no page larger than
 *   an eighth of the budget. A device already at the collection's head is answered from the head alone, without
 *   reading a page; one at its own store's head while other stores changed gets a cached empty page.
 * - The body is the page's JSON as UTF-8 bytes, encoded once and sent as it is to every device.
 */
import type { Queryable } from '../db/db';
import type { CollectionName } from '../../shared/schemas/collections';
import type { DeviceInfo } from '../../shared/sync';
import { collectionHead, pullPage, scopeFor } from './pull';

export interface PullPageCacheOptions {
  /** Budget for cached bodies (default 64 MB). 0 turns the cache off: every pull reads its page. */
  maxBytes?: number;
  /** A cached page is rebuilt after this long even if its collection did not change (default 60 s). */
  maxAgeMs?: number;
}

/** How the answer was made: read from the head alone, taken from the cache, shared with a build in flight, or built. */
export type PullSource = 'head' | 'cache' | 'shared' | 'database';

export interface PullAnswer {
  /** The JSON text of a PullResponse (shared/sync.ts), UTF-8. */
  body: Buffer;
  count: number;
  checkpoint: { rev: number };
  remaining: number;
  source: PullSource;
}

export interface PullPageCache {
  pull(collection: CollectionName, device: DeviceInfo, afterRev: number, limit: number): Promise<PullAnswer>;
  stats(): Record<PullSource, number> & { entries: number; bytes: number };
}

interface Entry {
  head: number;
  at: number;
  page: Omit<PullAnswer, 'source'>;
}

export const DEFAULT_PULL_CACHE_BYTES = 64 * 1024 * 1024;

export function createPullPageCache(db: Queryable, options: PullPageCacheOptions = {}): PullPageCache {
  const maxBytes = options.maxBytes ?? DEFAULT_PULL_CACHE_BYTES;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  // A Map iterates in insertion order: re-inserting on every hit makes its first key the least recently used.
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<Omit<PullAnswer, 'source'>>>();
  const counts: Record<PullSource, number> = { head: 0, cache: 0, shared: 0, database: 0 };
  let bytes = 0;

  const drop = (key: string): void => {
    const e = entries.get(key);
    if (!e) return;
    bytes -= e.page.body.length;
    entries.delete(key);
  };

  const keep = (key: string, head: number, page: Omit<PullAnswer, 'source'>): void => {
    if (page.body.length > maxBytes / 8) return;
    const old = entries.get(key);
    // A build that read an older head than the entry already kept has nothing to add.
    if (old && old.head > head) return;
    drop(key);
    entries.set(key, { head, at: Date.now(), page });
    bytes += page.body.length;
    for (const k of entries.keys()) {
      if (bytes <= maxBytes) break;
      drop(k);
    }
  };

  const build = async (key: string, collection: CollectionName, device: DeviceInfo, afterRev: number, limit: number): Promise<Omit<PullAnswer, 'source'>> => {
    const p = await pullPage(db, collection, device, afterRev, limit);
    const page = { body: Buffer.from(p.body, 'utf8'), count: p.count, checkpoint: p.checkpoint, remaining: p.remaining };
    if (maxBytes > 0) keep(key, p.head, page);
    return page;
  };

  return {
    async pull(collection, device, afterRev, limit) {
      const head = await collectionHead(db, collection);
      if (afterRev >= head) {
        // Nothing in the collection is newer than the checkpoint, so nothing in the device's scope is either.
        counts.head++;
        const body = Buffer.from(`{"documents":[],"checkpoint":${JSON.stringify({ rev: afterRev })},"remaining":0}`, 'utf8');
        return { body, count: 0, checkpoint: { rev: afterRev }, remaining: 0, source: 'head' };
      }
      const key = `${collection}\u0000${scopeFor(collection, device)}\u0000${afterRev}\u0000${limit}`;
      const hit = entries.get(key);
      if (hit && hit.head === head && Date.now() - hit.at <= maxAgeMs) {
        entries.delete(key);
        entries.set(key, hit);
        counts.cache++;
        return { ...hit.page, source: 'cache' };
      }
      const flightKey = `${key}\u0000${head}`;
      const flying = inFlight.get(flightKey);
      if (flying) {
        counts.shared++;
        return { ...(await flying), source: 'shared' };
      }
      const flight = build(key, collection, device, afterRev, limit).finally(() => inFlight.delete(flightKey));
      inFlight.set(flightKey, flight);
      counts.database++;
      return { ...(await flight), source: 'database' };
    },
    stats: () => ({ ...counts, entries: entries.size, bytes }),
  };
}
