/**
 * `npm run bench:cold-start` — the app launched on a synced device until search answers, with where the time goes,
 * for two renderer builds side by side on one synced profile. A device is enrolled and first-synced through the
 * real screen (headless Chromium, the catalog server on PostgreSQL or PGlite with --variants variants), then the
 * app is launched again and again on that same profile (same origin, same IndexedDB), alternating build A and
 * build B launch by launch, so both see the same data and the same machine load. Each launch reports, from
 * navigation start (ms): the main script loaded (resource timing), the bundle running (mark aisle:bundle-run),
 * the session starting, the database open, the search index and the barcode map ready (their marks, see
 * renderer/data/session.ts), and when a text search and a barcode lookup first answer with hits through the app's
 * own search (window.__aisle, or window.__aisleEarly before the session is open) and, typed into the search box, on
 * screen (searchShown: in the document; searchPainted: the frame that paints them), and when the session's own
 * search (caught up with the database; the foundation bench's figure) first answers (sessionAnswers) and the app
 * frame is mounted (shellMounted). Each launch also records the
 * renderer main thread's CPU time until search answered (CDP
 * Performance.getMetrics, threadTicks: TaskDuration and ScriptDuration), a figure the machine's load barely moves,
 * and the 1-minute load average. Prints a table (median (min–max) over --runs launches per build) and writes
 * test/bench/results/cold-start-<variants>.json.
 *
 * Options: --a DIR --b DIR (two `vite build --outDir` builds; default both out/renderer), --variants N (100000),
 * --stores N (1), --runs N (3), --engine postgres|pglite (postgres), --profile FILE (a CPU profile of build B's first
 * counted launch).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BrowserContext } from 'playwright-core';
import { seedDemo } from '../../server/seed/demo';
import { createEnrollmentCode } from '../../server/auth';
import { launchChromium } from '../support/browser';
import { startCatalog } from '../support/catalog';
import { RENDERER_DIR } from '../support/static';
import { openBenchDb } from './benchDb';
import { benchLog, fmtSpread, round, spread, type Spread } from './stats';

const { values } = parseArgs({
  options: {
    a: { type: 'string', default: RENDERER_DIR },
    b: { type: 'string', default: RENDERER_DIR },
    variants: { type: 'string', default: '100000' },
    stores: { type: 'string', default: '1' },
    runs: { type: 'string', default: '3' },
    engine: { type: 'string', default: 'postgres' },
    profile: { type: 'string' },
  },
});
const log = benchLog('bench:cold-start');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.json': 'application/json' };

/** One origin whose files come from whichever build is current: both builds share the synced IndexedDB. */
async function switchableServer(): Promise<{ url: string; use(dir: string): void; close(): void }> {
  let dir = path.resolve(values.a);
  const server = createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = path.join(dir, path.normalize(urlPath));
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) file = path.join(dir, 'index.html');
    // No caching between launches: each launch parses its build's bundle as a first launch of the app would.
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, use: (d) => void (dir = path.resolve(d)), close: () => void server.close() };
}

const STEPS = ['scriptLoaded', 'snapshotReadStart', 'bundleRun', 'snapshotRead', 'earlySearch', 'earlyBarcodes', 'sessionStart', 'dbOpen', 'searchReady', 'barcodesReady', 'shellMounted', 'searchAnswers', 'searchShown', 'searchPainted', 'sessionAnswers', 'barcodeAnswers'] as const;
type Step = (typeof STEPS)[number];
/** Renderer main-thread CPU time (ms, CDP Performance.getMetrics in the threadTicks domain) until search answered. */
const CPU = ['cpuTaskMs', 'cpuScriptMs'] as const;
type Cpu = (typeof CPU)[number];
type Launch = Partial<Record<Step | Cpu, number>> & { build: 'A' | 'B'; restoredFrom: string | null; loadAverage1m?: number };

/** The test hook the app installs (renderer/data/session.ts); __aisleEarly answers from the snapshot before it (renderer/boot). */
interface PageHooks {
  __aisle?: { search(q: string): Promise<{ hits: unknown[] }>; metrics(): { restoredFrom?: string } };
  __aisleEarly?: { search(q: string): Promise<{ hits: unknown[] }> };
}

async function launch(context: BrowserContext, url: string, q: string, code: string, build: 'A' | 'B', profileFile?: string, stayOpenMs = 0): Promise<Launch> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  // threadTicks: durations in the renderer main thread's CPU time, so a loaded machine's waiting is not counted.
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  if (profileFile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  try {
    // Until a text search answers, through the app's search (test hook) and on screen (typed into the search box),
    // polled from the page's start (an init script), so the figures do not depend on when goto returns. The page
    // calls __coldStartDone the moment both have answered, and the CPU figures are read then, before later work
    // (the rest of the session's start) adds to them.
    let cpuAtAnswer: Promise<{ metrics: { name: string; value: number }[] }> | null = null;
    await page.exposeFunction('__coldStartDone', () => {
      cpuAtAnswer ??= cdp.send('Performance.getMetrics');
    });
    await page.addInitScript((q: string) => {
      const w = window as unknown as PageHooks & { __coldStart?: { searchAnswers: number; searchShown: number; searchPainted: number; sessionAnswers: number; shellMounted: number } };
      // sessionAnswers: the session's own search (window.__aisle, caught up with the database) first answers, which
      // is what the foundation bench's cold start times (foundationRun.ts, step 6); shellMounted: the app frame is in.
      const got = { searchAnswers: NaN, searchShown: NaN, searchPainted: NaN, sessionAnswers: NaN, shellMounted: NaN };
      w.__coldStart = got;
      // searchPainted: the frame that paints the rows (its requestAnimationFrame callbacks run just before its
      // paint), found from the moment React puts them into the document (a MutationObserver), so work queued in the
      // same task or before the frame delays it, as it delays what the person sees; the 2 ms poll above cannot.
      const rowsSelector = `[data-testid="search-results"][data-query="${CSS.escape(q)}"] [data-testid="search-result"]`;
      const observer = new MutationObserver(() => {
        if (!document.querySelector(rowsSelector)) return;
        observer.disconnect();
        requestAnimationFrame(() => (got.searchPainted = performance.now()));
      });
      observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-query'] });
      const frame = new MutationObserver(() => {
        if (!document.querySelector('[data-role]')) return;
        frame.disconnect();
        got.shellMounted = performance.now();
      });
      frame.observe(document, { childList: true, subtree: true });
      let done = false;
      const tick = async (): Promise<void> => {
        if (Number.isNaN(got.sessionAnswers) && w.__aisle && (await w.__aisle.search(q)).hits.length > 0) got.sessionAnswers = performance.now();
        if (done) {
          if (Number.isNaN(got.sessionAnswers)) setTimeout(() => void tick(), 2);
          return;
        }
        const hook = w.__aisle ?? w.__aisleEarly;
        if (Number.isNaN(got.searchAnswers) && hook && (await hook.search(q)).hits.length > 0) got.searchAnswers = performance.now();
        const input = document.querySelector<HTMLInputElement>('[data-testid="search-input"]');
        if (input && input.value !== q) {
          // As a person types it: React reads the value through the native setter and an input event.
          Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, q);
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }
        if (Number.isNaN(got.searchShown) && document.querySelector(rowsSelector)) got.searchShown = performance.now();
        if (Number.isNaN(got.searchAnswers) || Number.isNaN(got.searchShown) || Number.isNaN(got.searchPainted)) setTimeout(() => void tick(), 2);
        else {
          done = true;
          void (w as unknown as { __coldStartDone(): Promise<void> }).__coldStartDone();
          // Then on until the session's own search answers.
          if (Number.isNaN(got.sessionAnswers)) setTimeout(() => void tick(), 2);
        }
      };
      setTimeout(() => void tick(), 0);
    }, q);
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => {
      const got = (window as unknown as { __coldStart?: { searchAnswers: number; searchShown: number; searchPainted: number } }).__coldStart;
      return got !== undefined && !Number.isNaN(got.searchAnswers) && !Number.isNaN(got.searchShown) && !Number.isNaN(got.searchPainted);
    }, null, { timeout: 120_000, polling: 50 });
    const first = await page.evaluate(() => {
      const got = (window as unknown as { __coldStart?: { searchAnswers: number; searchShown: number; searchPainted: number } }).__coldStart;
      return { searchAnswers: got?.searchAnswers ?? NaN, searchShown: got?.searchShown ?? NaN, searchPainted: got?.searchPainted ?? NaN };
    });
    const later = async (): Promise<{ sessionAnswers: number; shellMounted: number }> => {
      await page.waitForFunction(() => {
        const got = (window as unknown as { __coldStart?: { sessionAnswers: number; shellMounted: number } }).__coldStart;
        return got !== undefined && !Number.isNaN(got.sessionAnswers) && !Number.isNaN(got.shellMounted);
      }, null, { timeout: 120_000, polling: 50 });
      return page.evaluate(() => {
        const got = (window as unknown as { __coldStart?: { sessionAnswers: number; shellMounted: number } }).__coldStart;
        return { sessionAnswers: got?.sessionAnswers ?? NaN, shellMounted: got?.shellMounted ?? NaN };
      });
    };
    const { metrics } = await (cpuAtAnswer ?? cdp.send('Performance.getMetrics'));
    const metric = (name: string): number | undefined => {
      const v = metrics.find((m) => m.name === name)?.value;
      return v === undefined ? undefined : v * 1000;
    };
    const r = await page.evaluate(async ({ code }) => {
      const w = window as unknown as PageHooks;
      const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));
      const deadline = performance.now() + 120_000;
      // A barcode answers through the start-up screen's search once it has the barcode map (build B), else the session's.
      let barcodeAnswers = NaN;
      while (Number.isNaN(barcodeAnswers)) {
        if (performance.now() > deadline) throw new Error('a barcode lookup never answered after launch');
        const early = w.__aisle ?? w.__aisleEarly;
        if (early && (await early.search(code)).hits.length > 0) barcodeAnswers = performance.now();
        else await sleep(2);
      }
      while (!w.__aisle) {
        if (performance.now() > deadline) throw new Error('the app never opened its session');
        await sleep(2);
      }
      const hook = w.__aisle;
      const mark = (name: string): number | undefined => performance.getEntriesByName(name, 'mark')[0]?.startTime;
      // The session's indexes may be ready after the barcode answered (from the start-up screen's map): wait for them.
      while (mark('aisle:search-ready') === undefined || mark('aisle:barcodes-ready') === undefined) {
        if (performance.now() > deadline) throw new Error('the session never had its indexes ready');
        await sleep(5);
      }
      const script = performance.getEntriesByType('resource').find((e) => /\/assets\/index-[^/]*\.js$/.test(e.name)) as PerformanceResourceTiming | undefined;
      return {
        scriptLoaded: script?.responseEnd,
        bundleRun: mark('aisle:bundle-run'),
        sessionStart: mark('aisle:session-start'),
        snapshotReadStart: mark('aisle:snapshot-read-start'),
        snapshotRead: mark('aisle:snapshot-read'),
        earlySearch: mark('aisle:early-search'),
        earlyBarcodes: mark('aisle:early-barcodes'),
        dbOpen: mark('aisle:db-open'),
        searchReady: mark('aisle:search-ready'),
        barcodesReady: mark('aisle:barcodes-ready'),
        barcodeAnswers,
        restoredFrom: hook.metrics().restoredFrom ?? null,
      };
    }, { code });
    const session = await later();
    // A warm-up launch stays open long enough to save the snapshots again (5 s after the catch-up's changes).
    if (stayOpenMs > 0) await page.waitForTimeout(stayOpenMs);
    if (profileFile) writeFileSync(profileFile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    const cpuTaskMs = metric('TaskDuration');
    const cpuScriptMs = metric('ScriptDuration');
    return { ...r, ...first, ...session, ...(cpuTaskMs === undefined ? {} : { cpuTaskMs }), ...(cpuScriptMs === undefined ? {} : { cpuScriptMs }), build };
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  const VARIANTS = Number(values.variants);
  const RUNS = Number(values.runs);
  const { db, stopPg } = await openBenchDb(values.engine);
  const catalog = await startCatalog(db);
  const web = await switchableServer();
  const browser = await launchChromium();
  try {
    log(`seeding ${VARIANTS} variants at ${values.stores} stores on ${values.engine}…`);
    await seedDemo(db, { seed: 42, variants: VARIANTS, stores: Number(values.stores), force: true });
    const q = (await db.query<{ t: string }>(`SELECT data->>'title' AS t FROM docs WHERE collection = 'products' ORDER BY md5(id) LIMIT 1`)).rows[0]?.t.split(' ').slice(0, 2).join(' ') ?? 'a';
    const code = (await db.query<{ b: string }>(`SELECT data->>'barcode' AS b FROM docs WHERE collection = 'variants' ORDER BY md5(id) LIMIT 1`)).rows[0]?.b ?? '';
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript('globalThis.__name = (fn) => fn;');
    // Enroll and first-sync with build B, through the real screen.
    web.use(values.b);
    const page = await context.newPage();
    await page.goto(web.url);
    const { code: enrollCode } = await createEnrollmentCode(db, 'store-001', 'counter');
    await page.getByTestId('enroll-server-url').fill(catalog.baseUrl);
    await page.getByTestId('enroll-code').fill(enrollCode);
    const t0 = Date.now();
    await page.getByTestId('enroll-submit').click();
    await page.getByTestId('first-sync-progress').waitFor({ state: 'attached', timeout: 60_000 });
    await page.getByTestId('first-sync-progress').waitFor({ state: 'detached', timeout: 1_800_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="sync-indicator"]')?.getAttribute('data-status') === 'idle', null, { timeout: 1_800_000, polling: 100 });
    log(`first sync ${round((Date.now() - t0) / 1000)} s; waiting for the index snapshots (saved after 5 s without changes)`);
    await page.waitForTimeout(10_000);
    await page.close();
    // One launch per build to warm the snapshots and Chromium's caches, not counted; each stays open 8 s so the
    // snapshots it caught up are saved again (the counted launches close as soon as search answers).
    for (const b of ['A', 'B'] as const) {
      web.use(b === 'A' ? values.a : values.b);
      const w = await launch(context, web.url, q, code, b, undefined, 8000);
      log(`warm-up ${b}: search answers ${round(w.searchAnswers ?? NaN, 0)} ms (${w.restoredFrom})`);
    }
    const launches: Launch[] = [];
    for (let r = 0; r < RUNS; r++) {
      for (const b of r % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const)) {
        web.use(b === 'A' ? values.a : values.b);
        const l = await launch(context, web.url, q, code, b, r === 0 && b === 'B' ? values.profile : undefined);
        log(`launch ${r + 1} ${b}: ${[...STEPS, ...CPU].map((s) => `${s} ${round(l[s] ?? NaN, 0)}`).join(', ')} (${l.restoredFrom}), load ${os.loadavg()[0]?.toFixed(1)}`);
        launches.push({ ...l, loadAverage1m: round(os.loadavg()[0] ?? NaN, 1) });
      }
    }
    await context.close();
    const summary: Record<'A' | 'B', Partial<Record<Step | Cpu, Spread>>> = { A: {}, B: {} };
    for (const b of ['A', 'B'] as const) {
      for (const s of [...STEPS, ...CPU]) {
        const xs = launches.filter((l) => l.build === b).map((l) => l[s]).filter((x): x is number => typeof x === 'number');
        if (xs.length > 0) summary[b][s] = spread(xs, 0);
      }
    }
    console.log(`\nAisle cold start — ${VARIANTS.toLocaleString('en-US')} variants, ms from navigation start, ${RUNS} launches per build, alternating (median (min–max))\n`);
    console.log(`A = ${values.a}\nB = ${values.b}\n`);
    console.log('| step | build A | build B |');
    console.log('| --- | ---: | ---: |');
    for (const s of [...STEPS, ...CPU]) console.log(`| ${s} | ${summary.A[s] ? fmtSpread(summary.A[s]) : '—'} | ${summary.B[s] ? fmtSpread(summary.B[s]) : '—'} |`);
    const out = path.join(import.meta.dirname, 'results', `cold-start-${VARIANTS}.json`);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ variants: VARIANTS, stores: Number(values.stores), engine: values.engine, runs: RUNS, builds: { A: values.a, B: values.b }, summary, launches, machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((x) => round(x, 1)), node: process.version, chromium: browser.version() }, measuredAt: new Date().toISOString() }, null, 2)}\n`);
    console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
  } finally {
    await browser.close().catch(() => undefined);
    web.close();
    await catalog.close();
    await db.close();
    stopPg();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
