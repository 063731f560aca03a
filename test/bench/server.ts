/**
 * `npm run bench:server` — one catalog server process under HTTP load (autocannon), on PostgreSQL by default.
 * Each endpoint is hammered for --duration seconds by --connections concurrent clients, three runs; the table
 * shows requests per second and p50/p95/p99 latency (per-request times from autocannon's response events), each
 * as the median of the runs with its spread. Writes test/bench/results/server.json.
 *
 *   pull first page     GET sync/variants/pull?rev=0&limit=5000 (what every device's first sync starts with)
 *   pull inventory page GET sync/inventory/pull at a checkpoint halfway through, 5,000 rows of one store
 *   pull caught up      GET sync/variants/pull at the newest checkpoint: the empty answer a synced device gets
 *   scan → nearby stock GET inventory/:variantId/nearby, random variants (the server-side lookup after a scan)
 *
 * Product search and barcode lookup run on the device (renderer/data/search.ts), not on the server; the server's
 * customer search is rate-limited per device (60/min), so it cannot be load-tested without measuring 429s.
 *
 * Options: --variants N (default 20000), --stores N (default 10), --connections N (default 20), --duration S
 * (default 10), --runs N (default 3), --engine postgres|pglite (default postgres).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { seedDemo } from '../../server/seed/demo';
import { API_PREFIX } from '../../shared/sync';
import { deviceHeaders, enroll, startCatalog } from '../support/catalog';
import { openBenchDb } from './benchDb';
import { benchLog, fmtSpread, percentile, round, spread, type Spread } from './stats';

const { values } = parseArgs({
  options: {
    variants: { type: 'string', default: '20000' },
    stores: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    duration: { type: 'string', default: '10' },
    runs: { type: 'string', default: '3' },
    engine: { type: 'string', default: 'postgres' },
  },
});
const log = benchLog('bench:server');

interface Endpoint {
  name: string;
  /** One URL a run; runs take the next one (the scan lookup gets another random variant each run). */
  urls: string[];
}

interface RunFigures {
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(url: string, headers: Record<string, string>): Promise<RunFigures> {
  const times: number[] = [];
  const instance = autocannon({ url, headers, connections: Number(values.connections), duration: Number(values.duration) });
  instance.on('response', (_c, _s, _b, ms) => void times.push(ms));
  const result = await instance;
  return {
    reqPerSec: round(result.requests.average),
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    p99: round(percentile(times, 99)),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function main(): Promise<void> {
  const { db, stopPg } = await openBenchDb(values.engine);
  const catalog = await startCatalog(db);
  try {
    log(`seeding ${values.variants} variants at ${values.stores} stores on ${values.engine}…`);
    const t0 = Date.now();
    await seedDemo(db, { seed: 42, variants: Number(values.variants), stores: Number(values.stores), force: true });
    const seedSeconds = round((Date.now() - t0) / 1000);
    const device = await enroll(catalog.baseUrl, db, 'store-001', 'counter');
    const headers = deviceHeaders(device.token);
    const base = `${catalog.baseUrl}${API_PREFIX}`;
    const newest = (await db.query<{ r: number }>(`SELECT max(rev)::float8 AS r FROM docs WHERE collection = 'variants'`)).rows[0]?.r ?? 0;
    const invMid = (await db.query<{ r: number }>(
      `SELECT rev::float8 AS r FROM docs WHERE collection = 'inventory' AND scope = 'store-001' ORDER BY rev OFFSET (SELECT count(*) / 2 FROM docs WHERE collection = 'inventory' AND scope = 'store-001') LIMIT 1`,
    )).rows[0]?.r ?? 0;
    const variantIds = (await db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'variants' ORDER BY random() LIMIT 3`)).rows.map((r) => r.id);
    const endpoints: Endpoint[] = [
      { name: 'pull first page (5,000 variants)', urls: [`${base}/sync/variants/pull?rev=0&limit=5000`] },
      { name: 'pull inventory page (5,000 rows)', urls: [`${base}/sync/inventory/pull?rev=${invMid}&limit=5000`] },
      { name: 'pull caught up (empty)', urls: [`${base}/sync/variants/pull?rev=${newest}&limit=5000`] },
      { name: 'scan → nearby stock', urls: variantIds.map((id) => `${base}/inventory/${encodeURIComponent(id)}/nearby`) },
    ];
    const rows: { endpoint: string; perRun: RunFigures[]; summary: Record<keyof RunFigures, Spread> }[] = [];
    for (const e of endpoints) {
      const perRun: RunFigures[] = [];
      for (let run = 0; run < Number(values.runs); run++) {
        const url = e.urls[run % e.urls.length] ?? '';
        const f = await load(url, headers);
        log(`${e.name} run ${run + 1}: ${f.reqPerSec} req/s, p50 ${f.p50} ms, p95 ${f.p95} ms, p99 ${f.p99} ms, errors ${f.errors}, non-2xx ${f.non2xx}`);
        perRun.push(f);
      }
      const keys: (keyof RunFigures)[] = ['reqPerSec', 'p50', 'p95', 'p99', 'errors', 'non2xx'];
      rows.push({ endpoint: e.name, perRun, summary: Object.fromEntries(keys.map((k) => [k, spread(perRun.map((r) => r[k]))])) as Record<keyof RunFigures, Spread> });
    }
    console.log(`\nAisle catalog server under load — ${values.engine}, ${Number(values.variants).toLocaleString('en-US')} variants × ${values.stores} stores, ${values.connections} connections × ${values.duration} s, ${values.runs} runs (median (min–max))\n`);
    console.log('| endpoint | req/s | p50 ms | p95 ms | p99 ms | errors + non-2xx |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of rows) {
      const s = r.summary;
      const bad = r.perRun.reduce((n, f) => n + f.errors + f.non2xx, 0);
      console.log(`| ${r.endpoint} | ${fmtSpread(s.reqPerSec)} | ${fmtSpread(s.p50)} | ${fmtSpread(s.p95)} | ${fmtSpread(s.p99)} | ${bad} |`);
    }
    const out = path.join(import.meta.dirname, 'results', 'server.json');
    mkdirSync(path.dirname(out), { recursive: true });
    const machine = { cpus: os.cpus().length, loadAverage: os.loadavg().map((x) => round(x, 1)), node: process.version };
    writeFileSync(out, `${JSON.stringify({ engine: values.engine, variants: Number(values.variants), stores: Number(values.stores), connections: Number(values.connections), durationSeconds: Number(values.duration), runs: Number(values.runs), seedSeconds, rows, machine, measuredAt: new Date().toISOString() }, null, 2)}\n`);
    console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
  } finally {
    await catalog.close();
    await db.close();
    stopPg();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
