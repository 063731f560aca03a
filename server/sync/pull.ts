/**
 * Pull: documents of one collection in server revision order after the device's checkpoint, limited to what
 * the device may see (its store's rows for store-scoped collections). See revisions.ts for why revision order
 * never skips a row.
 *
 * The page's JSON is built by the database (one text value, not 5,000 rows): measured with
 * `npm run bench:pull`, fetching rows one by one into JavaScript (the driver parses every jsonb, the route
 * spreads and re-serialises it) was most of a page's time on PGlite. Everything in `docs` was validated when it
 * was written, so nothing is parsed or checked again on the way out. What must stay true:
 * - The body is exactly what `JSON.stringify(PullResponse)` of the same rows would mean: each document is its
 *   `data` with `_deleted` set from the column (jsonb `||` replaces a `_deleted` key in `data`, as a spread did).
 * - Pagination is keyset on the `docs_pull` index (collection, scope, rev): `rev` is unique (one sequence), so
 *   `rev > checkpoint` needs no tie-breaker and no OFFSET, and a page costs the same at any depth.
 * - `remaining` is exact; it is only counted when the page is full (a short page means nothing is left).
 * - `head` is the collection's newest revision (any scope) in the same statement, so in the same snapshot as the
 *   page: the page cache (pageCache.ts) keeps the page only as long as that is still the collection's head.
 */
import type { Queryable } from '../db/db';
import type { CollectionName } from '../../shared/schemas/collections';
import { COLLECTIONS } from '../../shared/schemas/collections';
import type { DeviceInfo } from '../../shared/sync';

export function scopeFor(collection: CollectionName, device: DeviceInfo): string {
  return COLLECTIONS[collection].scope === 'store' ? device.storeId : '';
}

/** A pull answer already serialised: `body` is the JSON text of a PullResponse (shared/sync.ts). */
export interface PullPage {
  body: string;
  count: number;
  checkpoint: { rev: number };
  remaining: number;
  /** The collection's newest revision when the page was read (0 when it is empty). */
  head: number;
}

/** The newest revision of a collection, every scope (one step down docs_collection_head, migration 013). */
export const HEAD_SQL = `SELECT coalesce(max(rev), 0)::float8 AS head FROM docs WHERE collection = $1`;

export async function collectionHead(q: Queryable, collection: CollectionName): Promise<number> {
  return (await q.query<{ head: number }>(HEAD_SQL, [collection])).rows[0]?.head ?? 0;
}

const PAGE_SQL = `
  SELECT p.docs, p.n, p.last::float8 AS last,
         CASE WHEN p.n = $4 THEN (SELECT count(*) FROM docs d WHERE d.collection = $1 AND d.scope = $2 AND d.rev > p.last) ELSE 0 END::float8 AS remaining,
         (SELECT coalesce(max(h.rev), 0) FROM docs h WHERE h.collection = $1)::float8 AS head
  FROM (
    SELECT string_agg((page.data || jsonb_build_object('_deleted', page.deleted))::text, ',' ORDER BY page.rev) AS docs,
           count(*)::int AS n, max(page.rev) AS last
    FROM (
      SELECT data, deleted, rev FROM docs
      WHERE collection = $1 AND scope = $2 AND rev > $3
      ORDER BY rev LIMIT $4
    ) page
  ) p`;

export async function pullPage(q: Queryable, collection: CollectionName, device: DeviceInfo, afterRev: number, limit: number): Promise<PullPage> {
  const scope = scopeFor(collection, device);
  const res = await q.query<{ docs: string | null; n: number; last: number | null; remaining: number; head: number }>(PAGE_SQL, [collection, scope, afterRev, limit]);
  const row = res.rows[0];
  const count = row?.n ?? 0;
  const checkpoint = { rev: row?.last ?? afterRev };
  const remaining = row?.remaining ?? 0;
  const body = `{"documents":[${row?.docs ?? ''}],"checkpoint":${JSON.stringify(checkpoint)},"remaining":${JSON.stringify(remaining)}}`;
  return { body, count, checkpoint, remaining, head: row?.head ?? 0 };
}
