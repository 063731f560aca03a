/**
 * `npm run bench:delta` — coming back after a day offline (issue #11 §3), in the real app: the production renderer
 * build in headless Chromium (RxDB on Dexie/IndexedDB), enrolled through the enroll screen at store-001 of a demo
 * catalog on PostgreSQL (or PGlite), first-synced, signed in, the search screen open (deltaRun.ts). Then, per run:
 *
 *   1. the device goes offline (the browser context's network is cut: `navigator.onLine` false, requests fail);
 *   2. on the server, 10 % of the variants change price and every stock level of the device's store changes;
 *   3. baseline: keys are typed into the search field for a few seconds while nothing syncs (the machine's load);
 *   4. the device comes back online (the app's `online` handler re-pulls every collection) while a person keeps
 *      typing into the search field: real key events through the DevTools protocol (`Input.dispatchKeyEvent`),
 *      one every --key-ms ms, not awaited one by one, so a busy renderer makes them wait as a real keyboard's would;
 *   5. catch-up ends when the last changed variant and the last changed stock row (server revision order, so all
 *      before them too) are on the device; every change is then checked on the device (outside the timing).
 *
 * Input latency is measured in the page (deltaPage.ts): keydown time stamp → next animation frame, and the Event
 * Timing API's duration of the same keys; long tasks from the Long Tasks API. Load-insensitive figures: the renderer
 * main thread's CPU time during the catch-up (CDP `Performance.getMetrics` ThreadTime), and each main-thread task's
 * CPU time from Chromium traces read as streams (traceStream.ts: the 100k catch-up's trace is too big for one string).
 *
 * A against B (--compare DIR): a second device runs the build in DIR (e.g. main's), enrolled beside the first; each
 * round both go offline, the server changes once, and the two catch up one after the other on the same changes, the
 * order alternating by round (the server's page cache is warm for the second). Columns: A = DIR, B = this build.
 *
 * Prints a table (median (min–max) over --runs runs) and writes test/bench/results/delta.json (or --out FILE).
 * Options: --variants N (100000; 20000 for a quick run), --stores N (2), --runs N (3), --key-ms N (50),
 * --engine postgres|pglite (postgres), --compare DIR, --profile FILE (CPU profile of round 1's catch-up of the
 * last device, and the functions its tasks over 50 ms spent their time in), --out FILE.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { seedDemo } from '../../server/seed/demo';
import { writeDocs } from '../../server/sync/revisions';
import type { InventoryDoc, VariantDoc } from '../../shared/schemas/collections';
import { launchChromium } from '../support/browser';
import { startCatalog } from '../support/catalog';
import { RENDERER_DIR, serveRenderer } from '../support/static';
import { openBenchDb } from './benchDb';
import { catchUp, enrollDevice, goOffline, type Changes, type Device, type Run } from './deltaRun';
import { benchLog, fmtSpread, round, spread, type Spread } from './stats';

const { values } = parseArgs({
  options: {
    variants: { type: 'string', default: '100000' },
    stores: { type: 'string', default: '2' },
    runs: { type: 'string', default: '3' },
    'key-ms': { type: 'string', default: '50' },
    engine: { type: 'string', default: 'postgres' },
    compare: { type: 'string' },
    profile: { type: 'string' },
    out: { type: 'string' },
  },
});
const VARIANTS = Number(values.variants);
const RUNS = Number(values.runs);
const KEY_MS = Number(values['key-ms']);
const STORE = 'store-001';
const log = benchLog('bench:delta');

function summarise(runs: readonly Run[]) {
  const s = (f: (r: Run) => number, d = 1): Spread => spread(runs.map(f), d);
  return {
    catchUpSeconds: s((r) => r.seconds, 2),
    inputP50Ms: s((r) => r.input.p50),
    inputP95Ms: s((r) => r.input.p95),
    inputMaxMs: s((r) => r.input.max),
    eventTimingP95Ms: s((r) => r.input.eventTimingP95),
    baselineInputP95Ms: s((r) => r.baseline.p95),
    longTasks: s((r) => r.longTasks.count, 0),
    longTaskMaxMs: s((r) => r.longTasks.maxMs, 0),
    mainThreadBusySeconds: s((r) => r.mainThreadBusySeconds, 2),
    mainThreadCpuSeconds: s((r) => r.mainThreadCpuSeconds, 2),
    catchUpCpuSeconds: s((r) => r.catchUpCpuSeconds, 2),
    tasksOver50MsCpu: s((r) => r.taskCpu.over50MsCpu, 0),
    longestTaskCpuMs: s((r) => r.taskCpu.maxCpuMs),
    taskCpuP99Ms: s((r) => r.taskCpu.p99CpuMs),
    loadAverage1m: s((r) => r.loadAverage[0] ?? NaN),
  };
}
type Summary = ReturnType<typeof summarise>;

function printTable(devices: readonly { label: string; runs: Run[]; summary: Summary }[]): void {
  const documents = devices[0]?.runs[0]?.documents ?? 0;
  console.log(`\nAisle — coming back after a day offline: ${VARIANTS.toLocaleString('en-US')} variants, ${documents.toLocaleString('en-US')} changes (10 % of prices + all stock of the store), ${values.engine}, headless Chromium (Dexie), ${RUNS} runs, median (min–max)\n`);
  console.log(`| measure | ${devices.map((d) => d.label).join(' | ')} |`);
  console.log(`| --- |${devices.map(() => ' ---: |').join('')}`);
  const row = (name: string, f: (s: Summary, runs: Run[]) => string): void => console.log(`| ${name} | ${devices.map((d) => f(d.summary, d.runs)).join(' | ')} |`);
  row('catch-up time (s)', (s) => fmtSpread(s.catchUpSeconds));
  row('input latency p95 (ms), keydown → next frame', (s) => fmtSpread(s.inputP95Ms));
  row('input latency p50 / max (ms)', (s) => `${fmtSpread(s.inputP50Ms)} / ${fmtSpread(s.inputMaxMs)}`);
  row('input p95, Event Timing duration (ms)', (s) => fmtSpread(s.eventTimingP95Ms));
  row('input p95 with nothing to sync, same run (ms)', (s) => fmtSpread(s.baselineInputP95Ms));
  row('long tasks (Long Tasks API): count / longest (ms)', (s) => `${fmtSpread(s.longTasks)} / ${fmtSpread(s.longTaskMaxMs)}`);
  row('**renderer main-thread CPU during catch-up (s)**, load-insensitive', (s) => fmtSpread(s.mainThreadCpuSeconds));
  row('of which the catch-up, less the same typing without one (s)', (s) => fmtSpread(s.catchUpCpuSeconds));
  row('renderer main thread in tasks, wall (s)', (s) => fmtSpread(s.mainThreadBusySeconds));
  row('**main-thread tasks over 50 ms of CPU** (trace)', (s) => fmtSpread(s.tasksOver50MsCpu));
  row('longest main-thread task, CPU ms / p99 (trace)', (s) => `${fmtSpread(s.longestTaskCpuMs)} / ${fmtSpread(s.taskCpuP99Ms)}`);
  row('untraced time between trace windows (s)', (_, runs) => runs.map((r) => round(r.taskCpu.gapMs / 1000, 1)).join(', '));
  row('load average (1 min) at the start → end of each run', (_, runs) => runs.map((r) => `${r.loadAverageStart[0]}→${r.loadAverage[0]}`).join(', '));
}

async function main(): Promise<void> {
  const { db, stopPg } = await openBenchDb(values.engine);
  const catalog = await startCatalog(db);
  const builds = [...(values.compare ? [{ label: `A (${path.basename(path.resolve(values.compare))})`, dir: path.resolve(values.compare) }] : []), { label: values.compare ? 'B (this build)' : 'this build', dir: RENDERER_DIR }];
  const renderers = await Promise.all(builds.map((b) => serveRenderer(b.dir)));
  const browser = await launchChromium();
  try {
    log(`seeding ${VARIANTS} variants at ${values.stores} stores on ${values.engine}…`);
    await seedDemo(db, { seed: 42, variants: VARIANTS, stores: Number(values.stores), force: true });
    const devices: Device[] = [];
    for (const [i, build] of builds.entries()) {
      devices.push(await enrollDevice(browser, db, build.label, renderers[i]?.url ?? '', catalog.baseUrl, STORE));
      log(`${build.label}: first sync ${devices.at(-1)?.firstSyncSeconds} s`);
    }
    const variants = (await db.query<{ data: VariantDoc }>(`SELECT data FROM docs WHERE collection = 'variants' ORDER BY id`)).rows.map((r) => r.data);
    const inventory = (await db.query<{ data: InventoryDoc }>(`SELECT data FROM docs WHERE collection = 'inventory' AND scope = $1 ORDER BY id`, [STORE])).rows.map((r) => r.data);
    const runs = new Map<Device, Run[]>(devices.map((d) => [d, []]));
    const out = values.out ?? path.join(import.meta.dirname, 'results', 'delta.json');
    mkdirSync(path.dirname(out), { recursive: true });
    const machine = { cpus: os.cpus().length, node: process.version, chromium: browser.version() };
    const write = (complete: boolean): void => {
      const perDevice = devices.map((d) => ({ label: d.label, firstSyncSeconds: d.firstSyncSeconds, runs: runs.get(d)?.length ?? 0, ...(complete ? { summary: summarise(runs.get(d) ?? []) } : {}), perRun: runs.get(d) ?? [] }));
      writeFileSync(out, `${JSON.stringify({ engine: values.engine, variants: VARIANTS, stores: Number(values.stores), runs: RUNS, complete, keyEveryMs: KEY_MS, ...(values.compare ? { compare: values.compare } : {}), devices: perDevice, machine: { ...machine, loadAverage: os.loadavg().map((x) => round(x, 1)) }, measuredAt: new Date().toISOString() }, null, 2)}\n`);
    };
    for (let run = 0; run < RUNS; run++) {
      // 1–2. A day offline: 10 % of prices and every stock level of this store change on the server meanwhile.
      for (const d of devices) await goOffline(d);
      const marker = new Date(Date.UTC(2027, 0, 1 + run)).toISOString();
      const changes: Changes = {
        marker,
        variants: variants.filter((_, i) => i % 10 === run % 10).map((v) => ({ ...v, price: { ...v.price, amount: v.price.amount + 100 + run }, updatedAt: marker })),
        stock: inventory.map((s) => ({ ...s, onHand: s.onHand + 1 + run, available: s.available + 1 + run, updatedAt: marker })),
      };
      await db.transaction((tx) => writeDocs(tx, 'variants', changes.variants.map((d) => ({ id: d.id, scope: '', data: { ...d } })), 'bench'));
      await db.transaction((tx) => writeDocs(tx, 'inventory', changes.stock.map((d) => ({ id: d.id, scope: STORE, data: { ...d } })), 'bench'));
      // 3–5. Each device in turn, the order alternating by round.
      const order = run % 2 === 0 ? devices : [...devices].reverse();
      for (const d of order) {
        const profile = run === 0 && d === devices.at(-1) ? values.profile : undefined;
        const r = await catchUp(browser, d, changes, KEY_MS, profile);
        runs.get(d)?.push(r);
        // Written after every run, so a run that does not finish on a loaded machine still leaves the ones that did.
        write(false);
        log(`run ${run + 1}, ${d.label}: ${r.documents} changes in ${r.seconds} s; input p50 ${r.input.p50} / p95 ${r.input.p95} / max ${r.input.max} ms over ${r.input.keys} keys (baseline p95 ${r.baseline.p95}); main thread CPU ${r.mainThreadCpuSeconds} s; tasks over 50 ms CPU ${r.taskCpu.over50MsCpu} of ${r.taskCpu.tasks}, longest ${r.taskCpu.maxCpuMs} ms CPU (${r.taskCpu.maxWallMs} ms wall), ${r.taskCpu.windows} trace windows (${round(r.taskCpu.gapMs / 1000, 1)} s untraced between them)${r.taskCpu.dataLoss ? ', TRACE DATA LOST' : ''}; load ${r.loadAverageStart[0]} → ${r.loadAverage.join(' ')}`);
        for (const t of r.taskCpu.bySource) log(`  tasks from ${t.source}: ${t.count}, ${t.cpuMs} ms CPU`);
        if (r.longTaskProfile) {
          log(`profile written to ${profile}; inside the ${r.longTaskProfile.tasks} tasks over 50 ms of CPU (${r.longTaskProfile.sampledMs} ms sampled):`);
          for (const f of r.longTaskProfile.self.slice(0, 15)) log(`  self  ${String(f.ms).padStart(6)} ms  ${f.fn}`);
          for (const f of r.longTaskProfile.total.slice(0, 25)) log(`  total ${String(f.ms).padStart(6)} ms  ${f.fn}`);
        }
      }
    }
    const results = devices.map((d) => ({ label: d.label, runs: runs.get(d) ?? [], summary: summarise(runs.get(d) ?? []) }));
    printTable(results);
    write(true);
    console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
  } finally {
    await browser.close().catch(() => undefined);
    for (const r of renderers) await r.close();
    await catalog.close();
    await db.close();
    stopPg();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
