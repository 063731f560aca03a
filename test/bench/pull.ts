/**
 * `npm run bench:pull` — what one page of the pull endpoint (server/sync/pull.ts) costs, on PGlite and on
 * PostgreSQL. A device's first sync is a walk through every page of variants and of its store's inventory; this
 * walks them the same way (checkpoint after checkpoint, `limit` rows a page) and times each page three ways,
 * interleaved page by page so that machine load hits all three alike:
 *
 *   rows      the previous implementation: SELECT the rows, spread `_deleted` into each, JSON.stringify the page
 *             (what Fastify did with the returned object), plus the count of what remains
 *   sql       pullPage: the page's JSON built by the database in one text value, remaining in the same statement
 *   http      GET /api/v1/sync/:collection/pull through the real server (auth, routing, the body as text)
 *
 * Three runs (each a full walk); per run the mean ms per page; the table shows the median of the runs and their
 * spread (min–max). Writes test/bench/results/pull.json.
 *
 * Options: --variants N (default 50000), --stores N (default 2), --limit N (default 5000), --runs N (default 3),
 * --engines pglite,postgres (default both; postgres needs /usr/lib/postgresql or DATABASE_URL).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Db, Queryable } from '../../server/db/db';
import { openDb } from '../../server/db/open';
import { seedDemo } from '../../server/seed/demo';
import { pullPage, scopeFor } from '../../server/sync/pull';
import type { CollectionName } from '../../shared/schemas/collections';
import { API_PREFIX, type DeviceInfo } from '../../shared/sync';
import { deviceHeaders, enroll, startCatalog } from '../support/catalog';
import { startThrowawayPostgres } from '../support/postgresCluster';
import { benchLog, fmtSpread, round, spread, type Spread } from './stats';

const { values } = parseArgs({
  options: {
    variants: { type: 'string', default: '50000' },
    stores: { type: 'string', default: '2' },
    limit: { type: 'string', default: '5000' },
    runs: { type: 'string', default: '3' },
    engines: { type: 'string', default: 'pglite,postgres' },
  },
});
const VARIANTS = Number(values.variants);
const STORES = Number(values.stores);
const LIMIT = Number(values.limit);
const RUNS = Number(values.runs);
const ENGINES = values.engines.split(',').filter((e): e is 'pglite' | 'postgres' => e === 'pglite' || e === 'postgres');
const COLLECTIONS_WALKED: CollectionName[] = ['variants', 'inventory'];
const log = benchLog('bench:pull');

/** The pull before this change, kept here as the baseline. */
async function rowsPage(q: Queryable, collection: CollectionName, device: DeviceInfo, afterRev: number, limit: number): Promise<{ body: string; rev: number; n: number }> {
  const scope = scopeFor(collection, device);
  const res = await q.query<{ data: Record<string, unknown>; deleted: boolean; rev: number }>(
    `SELECT data, deleted, rev::float8 AS rev FROM docs WHERE collection = $1 AND scope = $2 AND rev > $3 ORDER BY rev LIMIT $4`,
    [collection, scope, afterRev, limit],
  );
  const documents = res.rows.map((r) => ({ ...r.data, _deleted: r.deleted }));
  const last = res.rows[res.rows.length - 1];
  const checkpoint = { rev: last ? last.rev : afterRev };
  let remaining = 0;
  if (res.rows.length === limit) {
    const count = await q.query<{ n: number }>('SELECT count(*)::float8 AS n FROM docs WHERE collection = $1 AND scope = $2 AND rev > $3', [collection, scope, checkpoint.rev]);
    remaining = count.rows[0]?.n ?? 0;
  }
  return { body: JSON.stringify({ documents, checkpoint, remaining }), rev: checkpoint.rev, n: res.rows.length };
}

type Method = 'rows' | 'sql' | 'http';
const METHODS: Method[] = ['rows', 'sql', 'http'];

interface EngineResult {
  engine: string;
  pagesPerWalk: number;
  documentsPerWalk: number;
  /** Mean ms per page, one value per run. */
  perRunMeanMs: Record<Method, number[]>;
  summary: Record<Method, Spread>;
  speedupRowsToSql: Spread;
  seedSeconds: number;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
}

async function benchEngine(engine: 'pglite' | 'postgres'): Promise<EngineResult | null> {
  let stopPg: (() => void) | null = null;
  let databaseUrl: string | undefined = process.env['DATABASE_URL'];
  if (engine === 'postgres' && !databaseUrl) {
    const pg = await startThrowawayPostgres();
    if (pg.adminUrl === null) {
      log(`postgres skipped: ${pg.skipReason}`);
      return null;
    }
    stopPg = () => pg.stop();
    databaseUrl = pg.adminUrl;
  }
  let db: Db | null = null;
  try {
    db = await openDb(engine === 'postgres' ? { databaseUrl } : {});
    log(`${engine}: seeding ${VARIANTS} variants at ${STORES} stores…`);
    const [, seedMs] = await timed(() => seedDemo(db as Db, { seed: 42, variants: VARIANTS, stores: STORES, force: true }));
    await db.exec('ANALYZE docs');
    const catalog = await startCatalog(db);
    try {
      const device = await enroll(catalog.baseUrl, db, 'store-001', 'counter');
      const info: DeviceInfo = { deviceId: device.deviceId, deviceName: 'bench', storeId: device.storeId, role: 'counter' };
      const perRunMeanMs: Record<Method, number[]> = { rows: [], sql: [], http: [] };
      let pages = 0;
      let documents = 0;
      for (let run = 0; run < RUNS; run++) {
        const totals: Record<Method, number> = { rows: 0, sql: 0, http: 0 };
        pages = 0;
        documents = 0;
        for (const collection of COLLECTIONS_WALKED) {
          let rev = 0;
          for (;;) {
            const [old, rowsMs] = await timed(() => rowsPage(db as Db, collection, info, rev, LIMIT));
            const [page, sqlMs] = await timed(() => pullPage(db as Db, collection, info, rev, LIMIT));
            const [text, httpMs] = await timed(async () => {
              const res = await fetch(`${catalog.baseUrl}${API_PREFIX}/sync/${collection}/pull?rev=${rev}&limit=${LIMIT}`, { headers: deviceHeaders(device.token) });
              if (res.status !== 200) throw new Error(`pull answered ${res.status}: ${await res.text()}`);
              return res.text();
            });
            // The three must agree, or the figures compare different work.
            if (page.count !== old.n || page.checkpoint.rev !== old.rev || text.length !== page.body.length) throw new Error(`page after ${rev} of ${collection} differs between methods`);
            totals.rows += rowsMs;
            totals.sql += sqlMs;
            totals.http += httpMs;
            pages++;
            documents += page.count;
            rev = page.checkpoint.rev;
            if (page.remaining === 0) break;
          }
        }
        for (const m of METHODS) perRunMeanMs[m].push(totals[m] / pages);
        log(`${engine} run ${run + 1}: ${pages} pages, ms/page rows ${round(totals.rows / pages)}, sql ${round(totals.sql / pages)}, http ${round(totals.http / pages)}`);
      }
      const summary = { rows: spread(perRunMeanMs.rows), sql: spread(perRunMeanMs.sql), http: spread(perRunMeanMs.http) };
      const speedups = perRunMeanMs.rows.map((r, i) => r / (perRunMeanMs.sql[i] ?? r));
      return { engine, pagesPerWalk: pages, documentsPerWalk: documents, perRunMeanMs, summary, speedupRowsToSql: spread(speedups, 2), seedSeconds: round(seedMs / 1000) };
    } finally {
      await catalog.close();
    }
  } finally {
    await db?.close();
    stopPg?.();
  }
}

async function main(): Promise<void> {
  const results: EngineResult[] = [];
  for (const engine of ENGINES) {
    const r = await benchEngine(engine);
    if (r) results.push(r);
  }
  console.log(`\nAisle pull endpoint — ${VARIANTS.toLocaleString('en-US')} variants, ${STORES} stores, ${LIMIT}-row pages, ${RUNS} runs (ms per page: median (min–max))\n`);
  console.log('| engine | pages | rows (before) | sql (after) | http (after, end to end) | before ÷ after |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) console.log(`| ${r.engine} | ${r.pagesPerWalk} | ${fmtSpread(r.summary.rows)} | ${fmtSpread(r.summary.sql)} | ${fmtSpread(r.summary.http)} | ${fmtSpread(r.speedupRowsToSql)} |`);
  const out = path.join(import.meta.dirname, 'results', 'pull.json');
  mkdirSync(path.dirname(out), { recursive: true });
  const machine = { cpus: os.cpus().length, loadAverage: os.loadavg().map((x) => round(x, 1)), node: process.version };
  writeFileSync(out, `${JSON.stringify({ variants: VARIANTS, stores: STORES, limit: LIMIT, runs: RUNS, results, machine, measuredAt: new Date().toISOString() }, null, 2)}\n`);
  console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
