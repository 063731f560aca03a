/**
 * `npm run bench:customers` — customer lookup and working-set benchmark, on PGlite (in memory) and PostgreSQL (a
 * throwaway server from test/support/postgresGlobalSetup, or TEST_DATABASE_URL). Prints a table and writes
 * test/bench/results/customers.json.
 *
 *   lookupP95Ms       the online lookup (server/customers/search.ts, the SQL the route runs) at N customers, a mix
 *                     of name prefixes, e-mail prefixes, phones, loyalty cards and order numbers; 3 runs
 *                     (median and spread of the runs' p95). Target ≤ 100 ms at 1,000,000.
 *   httpLookupP95Ms   the same queries over real HTTP: GET /api/v1/customers/search?q= from counters of store-001
 *                     (token check, rate-limit hooks, JSON), one request at a time like an associate, keep-alive;
 *                     3 runs, median and spread of the runs' p95. The route's limits (60/min per device, 300/min
 *                     per address) are respected, not switched off: each enrolled counter sends at most 50
 *                     requests from its own loopback address (127.0.0.x), as a store's counters would.
 *   httpLookupCpuMs   this process's CPU per HTTP lookup (client + server + PGlite; PostgreSQL's own CPU not
 *                     counted): the load-insensitive figure next to the wall-time p95; median of 3 runs.
 *   lookupPlansByKind EXPLAIN ANALYZE of each kind's SQL at N customers: its scans (an index scan that reads about
 *                     the limit, never a sequential scan or a sort of every match) and planning/execution ms.
 *   firstSync*        a fresh counter of store-001 pulling its working set (customers + orders) over HTTP,
 *                     pages of 1000, with --ws-customers demo customers (two years of orders) seeded: rows,
 *                     bytes (response bodies, uncompressed) and time; 3 runs, median and spread.
 *
 * Options: --customers N (default 1000000), --ws-customers N (default 100000, the demo's size), --samples N
 * (default 200), --engines pglite,postgres, --out FILE (default test/bench/results/customers.json)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { seedDemoCustomers } from '../../server/customers/demoCustomers';
import { searchCustomers } from '../../server/customers/search';
import { enroll, startCatalog } from '../support/catalog';
import { createEnrollmentCode } from '../../server/auth';
import setupPostgres from '../support/postgresGlobalSetup';
import { loyaltyNumberFor } from '../../shared/customers/identity';
import { FIRST_NAMES, LAST_NAMES } from '../../server/seed/catalogContent';
import { bulkCustomers } from './bulkCustomers';
import { API_PREFIX, SCHEMA_HEADER, SCHEMA_VERSION, type PullResponse } from '../../shared/sync';
import pg from 'pg';
import http from 'node:http';
import type { EnrollResponse } from '../../shared/sync';
import { randomBytes } from 'node:crypto';
import { signInOver, staffHeader } from '../support/staff';

const { values } = parseArgs({ options: { customers: { type: 'string', default: '1000000' }, 'ws-customers': { type: 'string', default: '100000' }, samples: { type: 'string', default: '200' }, engines: { type: 'string', default: 'pglite,postgres' }, out: { type: 'string' } } });
const N = Number(values.customers);
const WS = Number(values['ws-customers']);
const SAMPLES = Number(values.samples);
const log = (m: string): void => void process.stderr.write(`[bench:customers] ${m}\n`);
const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

interface PlanNode { 'Node Type': string; 'Index Name'?: string; 'Actual Rows'?: number; Plans?: PlanNode[] }
const planNodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(planNodes)];

/**
 * EXPLAIN ANALYZE of the SQL searchCustomers sends for the first query of each kind (captured, then explained
 * with its own parameters): the scans (node, index, rows read) and the engine's planning and execution times.
 */
async function explainKinds(db: Db, queries: readonly string[]): Promise<Record<string, { scans: string[]; planningMs: number; executionMs: number }[]>> {
  const KINDS = ['name', 'email', 'phone', 'loyalty', 'orderNumber'];
  const out: Record<string, { scans: string[]; planningMs: number; executionMs: number }[]> = {};
  for (const [i, kind] of KINDS.entries()) {
    const q = queries[i];
    if (q === undefined) continue;
    const sent: { sql: string; params: readonly unknown[] }[] = [];
    await searchCustomers({ query: (sql, params = []) => (sent.push({ sql, params }), db.query(sql, params)) }, 'store-001', q);
    out[kind] = [];
    for (const { sql, params } of sent) {
      const res = await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
      const raw = res.rows[0]?.['QUERY PLAN'];
      const top = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: PlanNode; 'Planning Time': number; 'Execution Time': number }];
      const scans = planNodes(top[0].Plan)
        .filter((n) => /Scan|Sort/.test(n['Node Type']))
        .map((n) => `${n['Node Type']}${n['Index Name'] ? ` ${n['Index Name']}` : ''} (${n['Actual Rows'] ?? 0} rows)`);
      out[kind]?.push({ scans, planningMs: round(top[0]['Planning Time'], 2), executionMs: round(top[0]['Execution Time'], 2) });
    }
  }
  return out;
}

async function bench(engine: 'pglite' | 'postgres', databaseUrl: string | null): Promise<Record<string, unknown>> {
  const db = await openDb(databaseUrl ? { databaseUrl } : {});
  const t0 = Date.now();
  await seedDemo(db, { seed: 42, variants: 2000 });
  log(`${engine}: catalog seeded in ${round((Date.now() - t0) / 1000)} s; demo customers for the working set…`);
  const tWs = Date.now();
  const people = await seedDemoCustomers(db, { customers: WS, onProgress: (p) => { if (p.customers % 10_000 === 0) log(`  demo customers ${p.customers}/${p.total}`); } });
  log(`${engine}: demo seed phases ${JSON.stringify(people.phases)}`);
  log(`${engine}: ${WS} demo customers in ${round((Date.now() - tWs) / 1000)} s; ${N} lookup customers…`);
  const tBulk = Date.now();
  const bulkN = Math.max(0, N - WS);
  await bulkCustomers(db, bulkN, (end) => log(`  customers ${end.toLocaleString('en-US')}/${bulkN.toLocaleString('en-US')}`));
  const bulkSeconds = round((Date.now() - tBulk) / 1000);
  // Loyalty cards scanned in the bench: valid EAN-13 numbers given to sampled customers.
  for (let i = 0; i < 50; i++) await db.query('UPDATE customers SET loyalty_number = $1 WHERE id = $2', [loyaltyNumberFor(900_000 + i), `cus_b${1 + i * 997}`]);
  const orderNumbers = (await db.query<{ order_number: string }>('SELECT order_number FROM orders ORDER BY id LIMIT 50')).rows.map((r) => r.order_number);
  const queries: string[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const k = 1 + ((i * 7919) % Math.max(1, N - WS));
    const f = FIRST_NAMES[(k * 7) % FIRST_NAMES.length] ?? 'Ava';
    const l = LAST_NAMES[(k * 13) % LAST_NAMES.length] ?? 'Smith';
    const kind = i % 5;
    queries.push(kind === 0 ? `${f.toLowerCase()} ${l.slice(0, 3).toLowerCase()}` : kind === 1 ? `${f}.${l}.${k}@bench`.toLowerCase() : kind === 2 ? `+1${3000000000 + k}` : kind === 3 ? loyaltyNumberFor(900_000 + (i % 50)) : (orderNumbers[i % Math.max(1, orderNumbers.length)] ?? 'S-1'));
  }
  const runs: number[] = [];
  for (let run = 0; run < 3; run++) {
    const times: number[] = [];
    for (const q of queries) {
      const t = performance.now();
      await searchCustomers(db, 'store-001', q);
      times.push(performance.now() - t);
    }
    runs.push(percentile(times, 95));
  }
  const sorted = [...runs].sort((a, b) => a - b);
  const plans = await explainKinds(db, queries);
  log(`${engine}: plans at ${N} customers ${JSON.stringify(plans)}`);
  // First sync of store-001's working set over HTTP.
  const catalog = await startCatalog(db);
  const device = await enroll(catalog.baseUrl, db, 'store-001', 'counter');
  // Online lookup over HTTP: counters of store-001, each ≤ 50 requests from its own loopback address.
  const port = new URL(catalog.baseUrl).port;
  const send = (agent: http.Agent, method: string, urlPath: string, headers: Record<string, string>, body?: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, agent, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (b: Buffer) => chunks.push(b));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode === 200) resolve(text);
          else reject(new Error(`${method} ${urlPath}: HTTP ${res.statusCode} ${text.slice(0, 200)}`));
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  const perDevice = 50;
  const counters: { token: string; agent: http.Agent; staff: Record<string, string> }[] = [];
  // Looking customers up needs a staff member signed in online at the counter (an associate of store-001).
  const associate = (await db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'staff' AND scope = 'store-001' AND data->>'role' = 'associate' ORDER BY id LIMIT 1`)).rows[0]?.id ?? '';
  for (let i = 0; i < Math.ceil((3 * queries.length) / perDevice); i++) {
    // Enrolled from its own address too: enrollment is limited per address (10 per 10 minutes).
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1, localAddress: `127.0.0.${10 + i}` });
    const { code } = await createEnrollmentCode(db, 'store-001', 'counter');
    const d = JSON.parse(await send(agent, 'POST', '/api/v1/enroll', {}, JSON.stringify({ code, deviceName: `bench counter ${i}` }))) as EnrollResponse;
    counters.push({ token: d.token, agent, staff: staffHeader(await signInOver(catalog.baseUrl, db, d, associate)) });
  }
  const lookup = (c: { token: string; agent: http.Agent; staff: Record<string, string> }, q: string): Promise<string> =>
    send(c.agent, 'GET', `${API_PREFIX}/customers/search?q=${encodeURIComponent(q)}`, { authorization: `Bearer ${c.token}`, [SCHEMA_HEADER]: String(SCHEMA_VERSION), ...c.staff });
  for (const c of counters) await lookup(c, 'warm');
  const httpRuns: number[] = [];
  // Per query kind (the five kinds in turn, i % 5), all three runs together: which kind is slow, if any.
  const KINDS = ['name', 'email', 'phone', 'loyalty', 'orderNumber'] as const;
  const byKind = new Map<string, number[]>(KINDS.map((k) => [k, []]));
  let sent = 0;
  // CPU of this process per HTTP lookup (client, server and, on PGlite, the database: all on this one thread), a
  // figure the machine's load hardly moves, unlike wall time. On PostgreSQL the database's own CPU is not in it.
  const cpuRuns: number[] = [];
  for (let run = 0; run < 3; run++) {
    const times: number[] = [];
    const cpu0 = process.cpuUsage();
    for (const [qi, q] of queries.entries()) {
      const c = counters[Math.floor(sent++ / perDevice)] ?? counters[0];
      if (!c) throw new Error('no counter');
      const t = performance.now();
      await lookup(c, q);
      times.push(performance.now() - t);
      byKind.get(KINDS[qi % 5] ?? 'name')?.push(performance.now() - t);
    }
    httpRuns.push(percentile(times, 95));
    const cpu = process.cpuUsage(cpu0);
    cpuRuns.push((cpu.user + cpu.system) / 1000 / queries.length);
  }
  const cpuSorted = [...cpuRuns].sort((a, b) => a - b);
  for (const c of counters) c.agent.destroy();
  const httpSorted = [...httpRuns].sort((a, b) => a - b);
  log(`${engine}: HTTP lookup p95 per run ${httpRuns.map((x) => round(x)).join(', ')} ms; CPU per lookup ${cpuRuns.map((x) => round(x, 2)).join(', ')} ms; by kind ${JSON.stringify(Object.fromEntries([...byKind].map(([k, xs]) => [k, round(percentile(xs, 95))])))}; load ${round(loadavg()[0] ?? 0)}`);
  const syncRuns: { ms: number; bytes: number; customers: number; orders: number }[] = [];
  for (let run = 0; run < 3; run++) {
    const t = performance.now();
    let bytes = 0;
    const counts: Record<string, number> = {};
    for (const collection of ['customers', 'orders']) {
      let rev = 0;
      for (;;) {
        const res = await fetch(`${catalog.baseUrl}${API_PREFIX}/sync/${collection}/pull?rev=${rev}&limit=1000`, { headers: { authorization: `Bearer ${device.token}`, [SCHEMA_HEADER]: String(SCHEMA_VERSION) } });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`pull ${collection}: HTTP ${res.status} ${text.slice(0, 200)}`);
        bytes += Buffer.byteLength(text);
        const body = JSON.parse(text) as PullResponse<unknown>;
        counts[collection] = (counts[collection] ?? 0) + body.documents.length;
        rev = body.checkpoint.rev;
        if (body.documents.length < 1000) break;
      }
    }
    syncRuns.push({ ms: performance.now() - t, bytes, customers: counts['customers'] ?? 0, orders: counts['orders'] ?? 0 });
  }
  await catalog.close();
  await db.close();
  const ms = syncRuns.map((r) => r.ms).sort((a, b) => a - b);
  return {
    engine,
    customers: N,
    bulkInsertSeconds: bulkSeconds,
    demoCustomers: WS,
    demoOrders: people.orders,
    lookupP95Ms: round(sorted[1] ?? NaN),
    lookupP95SpreadMs: [round(sorted[0] ?? NaN), round(sorted[2] ?? NaN)],
    lookupSamples: SAMPLES,
    lookupPlansByKind: plans,
    httpLookupP95Ms: round(httpSorted[1] ?? NaN),
    httpLookupP95SpreadMs: [round(httpSorted[0] ?? NaN), round(httpSorted[2] ?? NaN)],
    httpLookupCounters: counters.length,
    httpLookupCpuMs: round(cpuSorted[1] ?? NaN, 2),
    httpLookupCpuSpreadMs: [round(cpuSorted[0] ?? NaN, 2), round(cpuSorted[2] ?? NaN, 2)],
    httpLookupP95ByKindMs: Object.fromEntries([...byKind].map(([k, xs]) => [k, round(percentile(xs, 95))])),
    load1: round(loadavg()[0] ?? 0),
    demoSeedSeconds: round(people.ms / 1000),
    firstSyncStore: 'store-001',
    firstSyncCustomers: syncRuns[0]?.customers,
    firstSyncOrders: syncRuns[0]?.orders,
    firstSyncMB: round((syncRuns[0]?.bytes ?? 0) / 1e6, 2),
    firstSyncBytes: syncRuns[0]?.bytes,
    firstSyncMs: round(ms[1] ?? NaN),
    firstSyncSpreadMs: [round(ms[0] ?? NaN), round(ms[2] ?? NaN)],
  };
}

async function postgresUrl(): Promise<{ url: string | null; stop: () => void }> {
  const provided: Record<string, string> = {};
  const stop = await setupPostgres({ provide: (k: string, v: string) => void (provided[k] = v) } as unknown as Parameters<typeof setupPostgres>[0]);
  const admin = provided['postgresAdminUrl'];
  if (!admin) {
    log(`PostgreSQL skipped: ${provided['postgresSkipReason'] ?? 'unavailable'}`);
    return { url: null, stop: stop ?? (() => undefined) };
  }
  const name = `aisle_bench_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), stop: stop ?? (() => undefined) };
}

async function main(): Promise<void> {
  const results: Record<string, unknown>[] = [];
  for (const engine of String(values.engines).split(',')) {
    if (engine === 'pglite') results.push(await bench('pglite', null));
    if (engine === 'postgres') {
      const pgServer = await postgresUrl();
      if (pgServer.url) results.push(await bench('postgres', pgServer.url));
      pgServer.stop();
    }
  }
  console.table(results.map((r) => ({ engine: r['engine'], customers: r['customers'], 'lookup p95 ms': r['lookupP95Ms'], 'spread': JSON.stringify(r['lookupP95SpreadMs']), 'HTTP lookup p95 ms': r['httpLookupP95Ms'], 'HTTP spread': JSON.stringify(r['httpLookupP95SpreadMs']), 'HTTP CPU ms': r['httpLookupCpuMs'], 'ws customers': r['firstSyncCustomers'], 'ws orders': r['firstSyncOrders'], 'first sync MB': r['firstSyncMB'], 'first sync ms': r['firstSyncMs'], 'sync spread': JSON.stringify(r['firstSyncSpreadMs']) })));
  const out = values.out ?? path.join(path.dirname(new URL(import.meta.url).pathname), 'results', 'customers.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ measuredAt: new Date().toISOString(), targetLookupP95Ms: 100, options: { customers: N, wsCustomers: WS, samples: SAMPLES }, results }, null, 2)}\n`);
  log(`wrote ${out}`);
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
