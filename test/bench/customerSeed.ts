/**
 * `npm run bench:customer-seed` — how long the demo customer seed (server/customers/demoCustomers.ts) takes, on
 * PGlite (in memory) and PostgreSQL (DATABASE_URL, else a throwaway local cluster). Each run opens a fresh
 * database, seeds the demo catalog (2,000 variants, not timed) and then N demo customers with two years of orders
 * (timed, with its phases: insert, "goes with", working sets). 3 runs: median and spread. Prints a table and
 * writes test/bench/results/customer-seed.json (another --customers N: customer-seed-<N/1000>k.json).
 *
 * Options: --customers N (default 100000), --runs N (default 3), --engines pglite,postgres
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { seedDemo } from '../../server/seed/demo';
import { seedDemoCustomers } from '../../server/customers/demoCustomers';
import { openBenchDb } from './benchDb';
import { benchLog, spread, fmtSpread, type Spread } from './stats';

const { values } = parseArgs({ options: { customers: { type: 'string', default: '100000' }, runs: { type: 'string', default: '3' }, engines: { type: 'string', default: 'pglite,postgres' }, child: { type: 'string' } } });
const N = Number(values.customers);
const RUNS = Number(values.runs);
const log = benchLog('bench:customer-seed');

interface Run { customers: number; orders: number; workingSet: number; pairs: number; s: number; insertS: number; pairsS: number; workingSetS: number; cpuS: number; load1: number; load1End: number; maxStallMs: number; maxQueryWaitMs: number }
interface EngineResult { engine: string; customers: number; orders: number; workingSet: number; pairs: number; totalS: Spread; insertS: Spread; pairsS: Spread; workingSetS: Spread; cpuS: Spread; maxStallS: Spread; maxQueryWaitS: Spread; runs: Run[] }

/** One run, in this (child) process: prints its figures as one JSON line on stdout. */
async function oneRun(engine: string): Promise<void> {
  const { db, stopPg } = await openBenchDb(engine);
  try {
    await seedDemo(db, { seed: 42, variants: 2000 });
    const load1 = loadavg()[0] ?? 0;
    const cpu0 = process.cpuUsage();
    // The longest the event loop was held during the seed: how long a request to a server seeding on first run
    // (cli.ts seeds after listening) could wait, at most, before it is even read.
    const stall = monitorEventLoopDelay({ resolution: 10 });
    stall.enable();
    // And how long a query of a request waits meanwhile (on PGlite, for the seed's current transaction): a probe
    // query every 500 ms, its longest wait.
    let probing = true;
    let maxQueryWaitMs = 0;
    const probe = (async () => {
      while (probing) {
        const t = performance.now();
        await db.query('SELECT 1');
        maxQueryWaitMs = Math.max(maxQueryWaitMs, performance.now() - t);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    })();
    const r = await seedDemoCustomers(db, { customers: N, now: new Date('2026-11-30T00:00:00Z') });
    probing = false;
    await probe;
    stall.disable();
    const cpu = process.cpuUsage(cpu0);
    if (r.skipped || !r.phases) throw new Error('demo customers were already seeded');
    const run: Run = { customers: r.customers, orders: r.orders, workingSet: r.workingSet, pairs: r.pairs, s: r.ms / 1000, insertS: r.phases.insertMs / 1000, pairsS: r.phases.pairsMs / 1000, workingSetS: r.phases.workingSetMs / 1000, cpuS: (cpu.user + cpu.system) / 1e6, load1, load1End: loadavg()[0] ?? 0, maxStallMs: stall.max / 1e6, maxQueryWaitMs };
    process.stdout.write(`${JSON.stringify(run)}\n`);
  } finally {
    await db.close();
    stopPg();
  }
}

async function bench(engine: string): Promise<EngineResult> {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const child = spawnSync(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, '--customers', String(N), '--child', engine], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`${engine} run ${i + 1} failed (exit ${child.status})`);
    const run = JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as Run;
    runs.push(run);
    log(`${engine} run ${i + 1}: ${run.s.toFixed(1)} s (insert ${run.insertS.toFixed(1)}, goes with ${run.pairsS.toFixed(1)}, working sets ${run.workingSetS.toFixed(1)}; CPU of this process ${run.cpuS.toFixed(1)} s; load ${run.load1.toFixed(1)}–${run.load1End.toFixed(1)}; longest event-loop stall ${(run.maxStallMs / 1000).toFixed(2)} s, longest query wait ${(run.maxQueryWaitMs / 1000).toFixed(2)} s); ${run.orders} orders`);
  }
  const last = runs[runs.length - 1];
  if (!last) throw new Error('no runs');
  const of = (f: (r: Run) => number): Spread => spread(runs.map(f));
  return { engine, customers: last.customers, orders: last.orders, workingSet: last.workingSet, pairs: last.pairs, totalS: of((r) => r.s), insertS: of((r) => r.insertS), pairsS: of((r) => r.pairsS), workingSetS: of((r) => r.workingSetS), cpuS: of((r) => r.cpuS), maxStallS: of((r) => r.maxStallMs / 1000), maxQueryWaitS: of((r) => r.maxQueryWaitMs / 1000), runs };
}

async function main(): Promise<void> {
  if (values.child) return oneRun(values.child);
  const results: EngineResult[] = [];
  for (const engine of String(values.engines).split(',')) results.push(await bench(engine));
  console.table(results.map((r) => ({ engine: r.engine, customers: r.customers, orders: r.orders, 'total s': fmtSpread(r.totalS), 'insert s': fmtSpread(r.insertS), 'goes with s': fmtSpread(r.pairsS), 'working sets s': fmtSpread(r.workingSetS), 'CPU s': fmtSpread(r.cpuS), 'max stall s': fmtSpread(r.maxStallS), 'max query wait s': fmtSpread(r.maxQueryWaitS), 'working set': r.workingSet })));
  const out = path.join(path.dirname(new URL(import.meta.url).pathname), 'results', N === 100_000 ? 'customer-seed.json' : `customer-seed-${N >= 1000 ? `${N / 1000}k` : N}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ measuredAt: new Date().toISOString(), options: { customers: N, runs: RUNS }, results }, null, 2)}\n`);
  log(`wrote ${out}`);
  process.exit(0);
}

main().then(() => { if (values.child) process.exit(0); }, (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
