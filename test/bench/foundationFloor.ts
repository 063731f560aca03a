/**
 * The foundation benchmark's physical floor (see foundationRun.ts): the same documents the device received, written
 * straight into IndexedDB in the same browser (raw API, one object store per collection, 2,000 documents per
 * transaction). Only the writes are timed.
 *
 * The documents reach the page over HTTP, in slices of FLOOR_SLICE (keyset on rev), as JSON text the database
 * builds itself; the page parses each slice with fetch's native JSON parser, then writes it with the clock
 * running. Handing them over as page.evaluate arguments instead cost ~14 min of untimed wall time at 100,000
 * variants on a loaded machine (Playwright serialises every value), which would have been over 2 h at a million,
 * and it held a whole collection in Node and again in the page.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import type { Db } from '../../server/db/db';

const FLOOR_SLICE = 50_000;
const COLLECTIONS = ['stores', 'products', 'variants', 'inventory', 'staff'] as const;

/** Serves slices of one collection: GET /?c=<collection>&s=<scope>&after=<rev> → {"last": rev | null, "docs": [...]}. */
async function serveSlices(db: Db): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    db.query<{ docs: string | null; last: string | null }>(
      `SELECT string_agg(data::text, ',' ORDER BY rev) AS docs, max(rev)::text AS last
         FROM (SELECT data, rev FROM docs WHERE collection = $1 AND scope = $2 AND NOT deleted AND rev > $3::bigint ORDER BY rev LIMIT ${FLOOR_SLICE}) s`,
      [q.get('c') ?? '', q.get('s') ?? '', q.get('after') ?? '0'],
    ).then(
      (r) => {
        const row = r.rows[0];
        res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
        res.end(`{"last":${JSON.stringify(row?.last ?? null)},"docs":[${row?.docs ?? ''}]}`);
      },
      (err: unknown) => {
        res.writeHead(500, { 'access-control-allow-origin': '*' });
        res.end(String(err));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Writes every collection the device syncs into raw IndexedDB in `raw` (a blank page on the renderer's origin); returns the write time in ms. */
export async function writeFloor(db: Db, raw: Page, store: string): Promise<number> {
  const slices = await serveSlices(db);
  try {
    let ms = 0;
    for (const c of COLLECTIONS) {
      const scope = c === 'inventory' || c === 'staff' ? store : '';
      ms += await raw.evaluate(
        async ({ base, storeName, scope, slice }) => {
          const idb = await new Promise<IDBDatabase>((resolve, reject) => {
            const req = indexedDB.open(`floor-${storeName}`, 1);
            req.onupgradeneeded = () => req.result.createObjectStore('docs', { keyPath: 'id' });
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(new Error(String(req.error)));
          });
          let timed = 0;
          let after = '0';
          for (;;) {
            const res = await fetch(`${base}?c=${encodeURIComponent(storeName)}&s=${encodeURIComponent(scope)}&after=${after}`);
            if (!res.ok) throw new Error(`floor slice: ${res.status} ${await res.text()}`);
            const { last, docs } = (await res.json()) as { last: string | null; docs: unknown[] };
            const start = performance.now();
            for (let i = 0; i < docs.length; i += 2000) {
              await new Promise<void>((resolve, reject) => {
                const tx = idb.transaction('docs', 'readwrite');
                const os = tx.objectStore('docs');
                for (const d of docs.slice(i, i + 2000)) os.put(d);
                tx.oncomplete = () => resolve();
                tx.onerror = () => reject(new Error(String(tx.error)));
              });
            }
            timed += performance.now() - start;
            if (last === null || docs.length < slice) break;
            after = last;
          }
          idb.close();
          return timed;
        },
        { base: slices.url, storeName: c, scope, slice: FLOOR_SLICE },
      );
    }
    return ms;
  } finally {
    await slices.close();
  }
}
