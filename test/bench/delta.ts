/**
 * `npm run bench:delta` — coming back after a day offline (issue #11 §3), in the real app: the production renderer
 * build in headless Chromium (RxDB on Dexie/IndexedDB), enrolled through the enroll screen at store-001 of a demo
 * catalog on PostgreSQL (or PGlite), first-synced, signed in, the search screen open. Then, per run:
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
 * Timing API's duration of the same keys; long tasks from the Long Tasks API. Load-insensitive figure: the
 * renderer main thread's busy time during the catch-up (CDP `Performance.getMetrics` TaskDuration). Prints a table
 * (median (min–max) over --runs runs) and writes test/bench/results/delta.json (or delta-<variants>.json with --out).
 *
 * Options: --variants N (100000; 10000 for a quick run), --stores N (2), --runs N (3), --key-ms N (50),
 * --engine postgres|pglite (postgres), --profile FILE (CPU profile of run 1's catch-up; FILE.baseline.cpuprofile: of its baseline typing), --out FILE.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CDPSession, Page } from 'playwright-core';
import { seedDemo, DEMO_ASSOCIATE_PIN } from '../../server/seed/demo';
import { writeDocs } from '../../server/sync/revisions';
import type { InventoryDoc, VariantDoc } from '../../shared/schemas/collections';
import { createEnrollmentCode } from '../../server/auth';
import { signIn } from '../support/appPage';
import { launchChromium } from '../support/browser';
import { startCatalog } from '../support/catalog';
import { serveRenderer } from '../support/static';
import { openBenchDb } from './benchDb';
import { DELTA_PAGE_SCRIPT, type PageWindow } from './deltaPage';
import { benchLog, fmtSpread, percentile, round, spread, type Spread } from './stats';

const { values } = parseArgs({
  options: {
    variants: { type: 'string', default: '100000' },
    stores: { type: 'string', default: '2' },
    runs: { type: 'string', default: '3' },
    'key-ms': { type: 'string', default: '50' },
    engine: { type: 'string', default: 'postgres' },
    profile: { type: 'string' },
    out: { type: 'string' },
  },
});
const VARIANTS = Number(values.variants);
const RUNS = Number(values.runs);
const KEY_MS = Number(values['key-ms']);
const STORE = 'store-001';
const BASELINE_MS = 3000;
const log = benchLog('bench:delta');

interface Typing {
  stop(): Promise<number>;
}

/** A person typing into the focused field: a word, then Backspace over it, one key every `everyMs`. */
function startTyping(cdp: CDPSession, everyMs: number): Typing {
  const word = 'lamp';
  const keys = [...word, ...word.split('').map(() => 'Backspace')];
  let i = 0;
  const sent: Promise<unknown>[] = [];
  const send = (): void => {
    const key = keys[i++ % keys.length] ?? 'a';
    const back = key === 'Backspace';
    const code = back ? 'Backspace' : `Key${key.toUpperCase()}`;
    const vk = back ? 8 : key.toUpperCase().charCodeAt(0);
    sent.push(back ? cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key, code, windowsVirtualKeyCode: vk }) : cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key, code, text: key, unmodifiedText: key, windowsVirtualKeyCode: vk }));
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code, windowsVirtualKeyCode: vk }));
  };
  const timer = setInterval(send, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(sent);
      return sent.length / 2;
    },
  };
}

/** The renderer main thread: wall time inside tasks (TaskDuration) and CPU time (ThreadTime), seconds so far. */
async function mainThread(cdp: CDPSession): Promise<{ busy: number; cpu: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string): number => metrics.find((m) => m.name === name)?.value ?? NaN;
  return { busy: get('TaskDuration'), cpu: get('ThreadTime') };
}

interface TaskCpu {
  /** Main-thread tasks of the renderer during the catch-up, from a Chromium trace: wall time and thread CPU time. */
  tasks: number;
  /** Tasks that used over 50 ms of CPU: what would block input on an idle machine, whatever this one's load. */
  over50MsCpu: number;
  maxCpuMs: number;
  p99CpuMs: number;
  maxWallMs: number;
}

/** Reads the renderer main thread's tasks (RunTask, category toplevel) out of a Chromium trace. */
function taskCpu(trace: Buffer): TaskCpu {
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents?: { name: string; ph: string; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string } }[] };
  const events = parsed.traceEvents ?? [];
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map<string, { dur: number; tdur: number }[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || !mains.has(key) || (e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask') || e.dur === undefined) continue;
    const list = byThread.get(key) ?? [];
    list.push({ dur: e.dur / 1000, tdur: (e.tdur ?? e.dur) / 1000 });
    byThread.set(key, list);
  }
  // The app's renderer is the main thread with the most work.
  const tasks = [...byThread.values()].sort((a, b) => b.reduce((x, t) => x + t.tdur, 0) - a.reduce((x, t) => x + t.tdur, 0))[0] ?? [];
  const cpu = tasks.map((t) => t.tdur);
  return { tasks: tasks.length, over50MsCpu: cpu.filter((c) => c > 50).length, maxCpuMs: round(Math.max(0, ...cpu)), p99CpuMs: round(percentile(cpu, 99)), maxWallMs: round(Math.max(0, ...tasks.map((t) => t.dur))) };
}

const pageWindow = (page: Page): Promise<PageWindow> => page.evaluate(() => (window as unknown as { __delta: { read(): PageWindow } }).__delta.read());
const resetWindow = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as { __delta: { reset(): number } }).__delta.reset());

function docsById(page: Page, collection: string, ids: readonly string[]): Promise<Record<string, unknown>[]> {
  return page.evaluate(({ collection, ids }) => (window as unknown as { __aisle: { docsById(c: string, ids: string[]): Promise<Record<string, unknown>[]> } }).__aisle.docsById(collection, ids), { collection, ids: [...ids] });
}

interface Latency {
  keys: number;
  p50: number;
  p95: number;
  max: number;
  /** Keys the Event Timing API reported (≥ 16 ms), and the p95 over all keys counting the unreported as 16 ms. */
  eventTimingReported: number;
  eventTimingP95: number;
}

function latency(w: PageWindow): Latency {
  const xs = w.keyLatencyMs;
  const timed = [...w.eventTimingMs, ...Array<number>(Math.max(0, w.keys - w.eventTimingMs.length)).fill(16)];
  return { keys: xs.length, p50: round(percentile(xs, 50)), p95: round(percentile(xs, 95)), max: round(Math.max(...xs)), eventTimingReported: w.eventTimingMs.length, eventTimingP95: round(percentile(timed, 95)) };
}

interface Run {
  seconds: number;
  documents: number;
  baseline: Latency;
  input: Latency;
  longTasks: { count: number; totalMs: number; maxMs: number };
  mainThreadBusySeconds: number;
  /** CPU time of the renderer's main thread during the catch-up: what the code costs, whatever the machine's load. */
  mainThreadCpuSeconds: number;
  taskCpu: TaskCpu;
  loadAverage: number[];
}

async function main(): Promise<void> {
  const { db, stopPg } = await openBenchDb(values.engine);
  const catalog = await startCatalog(db);
  const renderer = await serveRenderer();
  const browser = await launchChromium();
  try {
    log(`seeding ${VARIANTS} variants at ${values.stores} stores on ${values.engine}…`);
    await seedDemo(db, { seed: 42, variants: VARIANTS, stores: Number(values.stores), force: true });
    const t0 = Date.now();
    // Enrolled through the real screen, as enrolledPage does, with a first-sync wait long enough for 100k on a loaded machine.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(renderer.url);
    const { code } = await createEnrollmentCode(db, STORE, 'counter');
    await page.getByTestId('enroll-server-url').fill(catalog.baseUrl);
    await page.getByTestId('enroll-code').fill(code);
    await page.getByTestId('enroll-submit').click();
    await page.locator('[data-role][data-sync="idle"]').waitFor({ timeout: 3_600_000 });
    const firstSyncSeconds = round((Date.now() - t0) / 1000);
    log(`first sync ${firstSyncSeconds} s`);
    // The measuring script must run before the app's: reload the synced app with it installed.
    await page.context().addInitScript('globalThis.__name = (fn) => fn;');
    await page.context().addInitScript(DELTA_PAGE_SCRIPT);
    await page.reload();
    await page.locator('[data-role][data-sync="idle"]').waitFor({ timeout: 120_000 });
    await signIn(page, '1002', DEMO_ASSOCIATE_PIN);
    await page.getByTestId('search-input').waitFor({ timeout: 30_000 });
    await page.evaluate(() => (window as unknown as { __aisle: { ready: Promise<void> } }).__aisle.ready);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');

    const variants = (await db.query<{ data: VariantDoc }>(`SELECT data FROM docs WHERE collection = 'variants' ORDER BY id`)).rows.map((r) => r.data);
    const inventory = (await db.query<{ data: InventoryDoc }>(`SELECT data FROM docs WHERE collection = 'inventory' AND scope = $1 ORDER BY id`, [STORE])).rows.map((r) => r.data);
    const runs: Run[] = [];
    for (let run = 0; run < RUNS; run++) {
      // 1–2. A day offline: 10 % of prices and every stock level of this store change on the server meanwhile.
      await page.context().setOffline(true);
      await page.locator('[data-role][data-sync="offline"]').waitFor({ timeout: 60_000 });
      const marker = new Date(Date.UTC(2027, 0, 1 + run)).toISOString();
      const changedVariants = variants.filter((_, i) => i % 10 === run % 10).map((v) => ({ ...v, price: { ...v.price, amount: v.price.amount + 100 + run }, updatedAt: marker }));
      const changedStock = inventory.map((s) => ({ ...s, onHand: s.onHand + 1 + run, available: s.available + 1 + run, updatedAt: marker }));
      await db.transaction((tx) => writeDocs(tx, 'variants', changedVariants.map((d) => ({ id: d.id, scope: '', data: { ...d } })), 'bench'));
      await db.transaction((tx) => writeDocs(tx, 'inventory', changedStock.map((d) => ({ id: d.id, scope: STORE, data: { ...d } })), 'bench'));
      const lastVariant = changedVariants.at(-1);
      const lastStock = changedStock.at(-1);
      if (!lastVariant || !lastStock) throw new Error('nothing changed');

      // 3. Baseline: the same typing with nothing to sync.
      const profiling = run === 0 && values.profile !== undefined;
      if (profiling) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.start');
      }
      await page.getByTestId('search-input').focus();
      await resetWindow(page);
      let typing = startTyping(cdp, KEY_MS);
      await new Promise((r) => setTimeout(r, BASELINE_MS));
      await typing.stop();
      await page.waitForTimeout(200);
      const baseline = latency(await pageWindow(page));

      // 4–5. Back online, typing throughout, until the last change is on the device.
      if (profiling && values.profile) {
        const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
        writeFileSync(values.profile.replace(/(\.cpuprofile)?$/, '.baseline.cpuprofile'), JSON.stringify(profile));
        await cdp.send('Profiler.start');
      }
      await browser.startTracing(page, { categories: ['toplevel'] });
      const before = await mainThread(cdp);
      await resetWindow(page);
      typing = startTyping(cdp, KEY_MS);
      const started = Date.now();
      await page.context().setOffline(false);
      const deadline = started + 1_800_000;
      for (;;) {
        const [v] = await docsById(page, 'variants', [lastVariant.id]);
        const [s] = await docsById(page, 'inventory', [lastStock.id]);
        if (v?.['updatedAt'] === marker && s?.['updatedAt'] === marker) break;
        if (Date.now() > deadline) throw new Error('the catch-up never finished');
        await new Promise((r) => setTimeout(r, 100));
      }
      const seconds = (Date.now() - started) / 1000;
      await typing.stop();
      await page.waitForTimeout(200);
      const w = await pageWindow(page);
      const after = await mainThread(cdp);
      const tasksCpu = taskCpu(await browser.stopTracing());
      const busy = after.busy - before.busy;
      const cpu = after.cpu - before.cpu;
      if (profiling && values.profile) {
        const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
        writeFileSync(values.profile, JSON.stringify(profile));
        log(`CPU profile of run 1's catch-up written to ${values.profile}`);
      }
      // Every change is on the device (outside the timing).
      let wrong = 0;
      for (let i = 0; i < changedVariants.length; i += 5000) {
        const chunk = changedVariants.slice(i, i + 5000);
        const got = new Map((await docsById(page, 'variants', chunk.map((v) => v.id))).map((d) => [d['id'], d]));
        wrong += chunk.filter((v) => (got.get(v.id)?.['price'] as { amount?: number } | undefined)?.amount !== v.price.amount).length;
      }
      for (let i = 0; i < changedStock.length; i += 5000) {
        const chunk = changedStock.slice(i, i + 5000);
        const got = new Map((await docsById(page, 'inventory', chunk.map((s) => s.id))).map((d) => [d['id'], d]));
        wrong += chunk.filter((s) => got.get(s.id)?.['onHand'] !== s.onHand).length;
      }
      if (wrong > 0) throw new Error(`${wrong} changes missing on the device after the catch-up`);
      const input = latency(w);
      const long = w.longTasks;
      runs.push({
        seconds: round(seconds, 2),
        documents: changedVariants.length + changedStock.length,
        baseline,
        input,
        longTasks: { count: long.length, totalMs: round(long.reduce((a, t) => a + t.duration, 0), 0), maxMs: round(Math.max(0, ...long.map((t) => t.duration)), 0) },
        mainThreadBusySeconds: round(busy, 2),
        mainThreadCpuSeconds: round(cpu, 2),
        taskCpu: tasksCpu,
        loadAverage: os.loadavg().map((x) => round(x, 1)),
      });
      // Written after every run, so a run that does not finish on a loaded machine still leaves the ones that did.
      const out = values.out ?? path.join(import.meta.dirname, 'results', 'delta.json');
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, `${JSON.stringify({ engine: values.engine, variants: VARIANTS, stores: Number(values.stores), runs: runs.length, complete: false, keyEveryMs: KEY_MS, firstSyncSeconds, perRun: runs, measuredAt: new Date().toISOString() }, null, 2)}\n`);
      log(`run ${run + 1}: ${changedVariants.length} prices + ${changedStock.length} stock levels in ${round(seconds, 2)} s; input p50 ${input.p50} / p95 ${input.p95} / max ${input.max} ms over ${input.keys} keys (baseline p95 ${baseline.p95}); ${long.length} long tasks, max ${runs.at(-1)?.longTasks.maxMs} ms; main thread busy ${round(busy, 2)} s, CPU ${round(cpu, 2)} s; tasks over 50 ms CPU ${tasksCpu.over50MsCpu} of ${tasksCpu.tasks}, longest ${tasksCpu.maxCpuMs} ms CPU (${tasksCpu.maxWallMs} ms wall); load ${os.loadavg().map((x) => round(x, 1)).join(' ')}`);
    }

    const s = (f: (r: Run) => number, d = 1): Spread => spread(runs.map(f), d);
    const summary = {
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
      tasksOver50MsCpu: s((r) => r.taskCpu.over50MsCpu, 0),
      longestTaskCpuMs: s((r) => r.taskCpu.maxCpuMs),
      taskCpuP99Ms: s((r) => r.taskCpu.p99CpuMs),
    };
    console.log(`\nAisle — coming back after a day offline: ${VARIANTS.toLocaleString('en-US')} variants, ${values.engine}, headless Chromium (Dexie), ${RUNS} runs, median (min–max)\n`);
    console.log('| measure | value |');
    console.log('| --- | ---: |');
    console.log(`| changes caught up (10 % of prices + all stock of the store) | ${runs[0]?.documents ?? 0} |`);
    console.log(`| catch-up time (s) | ${fmtSpread(summary.catchUpSeconds)} |`);
    console.log(`| input latency p50 / p95 / max (ms), keydown → next frame | ${fmtSpread(summary.inputP50Ms)} / ${fmtSpread(summary.inputP95Ms)} / ${fmtSpread(summary.inputMaxMs)} |`);
    console.log(`| input p95, Event Timing duration (ms) | ${fmtSpread(summary.eventTimingP95Ms)} |`);
    console.log(`| input p95 with nothing to sync, same run (ms) | ${fmtSpread(summary.baselineInputP95Ms)} |`);
    console.log(`| long tasks during catch-up: count / longest (ms) | ${fmtSpread(summary.longTasks)} / ${fmtSpread(summary.longTaskMaxMs)} |`);
    console.log(`| renderer main thread in tasks during catch-up, wall (s) | ${fmtSpread(summary.mainThreadBusySeconds)} |`);
    console.log(`| renderer main thread CPU during catch-up (s), load-insensitive | ${fmtSpread(summary.mainThreadCpuSeconds)} |`);
    console.log(`| main-thread tasks over 50 ms of CPU, trace (count) | ${fmtSpread(summary.tasksOver50MsCpu)} |`);
    console.log(`| longest main-thread task, CPU ms (trace) / p99 | ${fmtSpread(summary.longestTaskCpuMs)} / ${fmtSpread(summary.taskCpuP99Ms)} |`);
    console.log(`| load average at the end of each run | ${runs.map((r) => r.loadAverage[0]).join(', ')} |`);
    const out = values.out ?? path.join(import.meta.dirname, 'results', 'delta.json');
    const machine = { cpus: os.cpus().length, loadAverage: os.loadavg().map((x) => round(x, 1)), node: process.version, chromium: browser.version() };
    writeFileSync(out, `${JSON.stringify({ engine: values.engine, variants: VARIANTS, stores: Number(values.stores), runs: RUNS, complete: true, keyEveryMs: KEY_MS, firstSyncSeconds, summary, perRun: runs, machine, measuredAt: new Date().toISOString() }, null, 2)}\n`);
    console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
  } finally {
    await browser.close().catch(() => undefined);
    await renderer.close();
    await catalog.close();
    await db.close();
    stopPg();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
