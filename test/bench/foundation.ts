/**
 * `npm run bench` — the foundation benchmark. The real renderer (production build, browser host) in headless
 * Chromium against the real catalog server (in-process, PGlite in memory) with the demo retailer at 100,000
 * variants. Runs it N times (each on a fresh browser profile, against the same server), prints a table of the
 * medians with their spread (min–max) and writes every run plus the summary to test/bench/results/.
 *
 *   initialSyncSeconds   enroll → every collection of a fresh device synced (IndexedDB through RxDB/Dexie)
 *   rawIndexedDbSeconds  the same documents written straight into IndexedDB in the same browser (the floor),
 *                        measured in the same run right after the sync: the ratio compares side-by-side figures
 *   searchP95Ms          keystroke → search results for that text rendered
 *   scanToDetailP95Ms    a barcode typed at scanner speed + Enter → that product's detail on screen
 *   changeToScreenP95Ms  a price change committed on the server → the new price on screen
 *   heapMB               renderer JS heap after first sync (after a forced GC)
 *   indexedDbMB          the origin's storage use after the first sync (navigator.storage.estimate)
 *   coldStartSearchMs    the app launched again on the synced device → a text search answers with hits
 *   coldStartBarcodeMs   … → a barcode lookup answers
 *
 * Options: --variants N (default 100000), --samples N (default 40), --runs N (default 3), --stores N (default 10;
 * the device gets one store's stock either way), --out FILE (default
 * results/foundation-<variants>.json), --profile-sync FILE (a CPU profile of the first run's first sync),
 * --profile-change FILE (a CPU profile of the first run's first price change, commit → on screen),
 * --profile-search FILE (a CPU profile of the first run's keystroke step),
 * --engine pglite|postgres (default pglite, in this process; postgres: a throwaway cluster from the postgresql
 * package, or DATABASE_URL, so the database's work leaves the process that also drives the browser),
 * --compare DIR (another renderer build, e.g. main's, made with `vite build --outDir DIR`: runs alternate A = DIR,
 * B = out/renderer, against one seeded server, and the table shows both builds' medians side by side).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../../server/db/open';
import { startThrowawayPostgres } from '../support/postgresCluster';
import { seedDemo } from '../../server/seed/demo';
import { startCatalog } from '../support/catalog';
import { serveRenderer } from '../support/static';
import { launchChromium } from '../support/browser';
import { runFoundation, type RunResult } from './foundationRun';
import { median, percentile, round } from './stats';

const { values } = parseArgs({
  options: {
    variants: { type: 'string', default: '100000' },
    samples: { type: 'string', default: '40' },
    runs: { type: 'string', default: '3' },
    stores: { type: 'string', default: '10' },
    out: { type: 'string' },
    'profile-sync': { type: 'string' },
    'profile-change': { type: 'string' },
    'profile-search': { type: 'string' },
    engine: { type: 'string', default: 'pglite' },
    compare: { type: 'string' },
  },
});
const VARIANTS = Number(values.variants);
const SAMPLES = Number(values.samples);
const RUNS = Number(values.runs);
// The device syncs one store's stock; fewer stores only shrink the server's seed (1M variants × 10 stores is 10M rows).
const STORES = Number(values.stores);

const log = (msg: string): void => void process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

/** One run's figures, as written to JSON. */
function figures(r: RunResult) {
  return {
    initialSyncSeconds: round(r.initialSyncSeconds, 2),
    rawIndexedDbSeconds: round(r.rawIndexedDbSeconds, 2),
    syncToRawRatio: round(r.syncToRawRatio, 2),
    /** Renderer main-thread CPU: first sync, the floor (JSON parse included), and their ratio (load-insensitive). */
    syncCpuSeconds: round(r.syncCpuSeconds, 2),
    floorCpuSeconds: round(r.floorCpuSeconds, 2),
    syncToFloorCpuRatio: round(r.syncCpuSeconds / r.floorCpuSeconds, 2),
    searchP95Ms: round(percentile(r.searchMs, 95)),
    searchMedianMs: round(percentile(r.searchMs, 50)),
    scanToDetailP95Ms: round(percentile(r.scanMs, 95)),
    scanToDetailMedianMs: round(percentile(r.scanMs, 50)),
    changeToScreenP95Ms: round(percentile(r.changeMs, 95)),
    changeToScreenMedianMs: round(percentile(r.changeMs, 50)),
    heapMB: round(r.heapMB),
    indexedDbMB: round(r.indexedDbMB),
    coldStartSearchMs: round(r.coldStart.searchMs, 0),
    coldStartBarcodeMs: round(r.coldStart.barcodeMs, 0),
    coldStart: r.coldStart,
    firstSyncPulls: {
      requests: r.pulls.requests,
      documents: r.pulls.documents,
      serverWaitSeconds: round(r.pulls.requestMs / 1000, 2),
      /** Of those, the time the pull handler was blocked waiting for a page (not hidden by the prefetch). */
      handlerWaitSeconds: round(r.pulls.waitMs / 1000, 2),
      perCollectionSeconds: Object.fromEntries(Object.entries(r.pulls.firstSyncMs).map(([k, v]) => [k, round(v / 1000, 2)])),
      /** The handler's wait per collection (the sum above mixes variants with the small collections' start). */
      handlerWaitSecondsByCollection: Object.fromEntries(Object.entries(r.pulls.waitMsByCollection ?? {}).map(([k, v]) => [k, round(v / 1000, 2)])),
    },
    samples: { searchKeystrokes: r.searchMs.length, scans: r.scanMs.length, priceChanges: r.changeMs.length },
    scanFailures: r.scanFailures,
  };
}
type Figures = ReturnType<typeof figures>;
type NumericKey = { [K in keyof Figures]: Figures[K] extends number ? K : never }[keyof Figures];

function spread(runs: readonly Figures[], key: NumericKey): { median: number; min: number; max: number } {
  const xs = runs.map((r) => r[key]);
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

async function main(): Promise<void> {
  let stopPostgres = (): void => undefined;
  let databaseUrl = values.engine === 'postgres' ? process.env['DATABASE_URL'] : undefined;
  if (values.engine === 'postgres' && !databaseUrl) {
    const pg = await startThrowawayPostgres();
    if (pg.adminUrl === null) throw new Error(pg.skipReason);
    stopPostgres = () => pg.stop();
    databaseUrl = pg.adminUrl;
  }
  const t0 = Date.now();
  const db = await openDb({ databaseUrl });
  log(`seeding ${VARIANTS} variants at ${STORES} stores…`);
  let shown = 0;
  await seedDemo(db, { seed: 42, variants: VARIANTS, stores: STORES, onProgress: ({ variants, total }) => {
    if (variants - shown >= total / 10 || variants === total) {
      shown = variants;
      log(`  seeded ${variants.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} variants`);
    }
  } });
  const seedSeconds = (Date.now() - t0) / 1000;
  log(`seeded in ${round(seedSeconds)} s`);
  const catalog = await startCatalog(db);
  const renderer = await serveRenderer();
  // --compare: build A is served too; run i uses A when i is even, B (out/renderer) when odd.
  const rendererA = values.compare ? await serveRenderer(path.resolve(values.compare)) : null;
  const buildOf = (i: number): 'A' | 'B' | null => (rendererA ? (i % 2 === 0 ? 'A' : 'B') : null);
  const rows: [string, NumericKey, number | null, number][] = [
    ['first sync (s)', 'initialSyncSeconds', null, 2],
    ['raw IndexedDB floor (s)', 'rawIndexedDbSeconds', null, 2],
    ['sync ÷ raw IndexedDB', 'syncToRawRatio', 2, 2],
    ['renderer CPU, first sync (s)', 'syncCpuSeconds', null, 2],
    ['renderer CPU, floor (s)', 'floorCpuSeconds', null, 2],
    ['renderer CPU, sync ÷ floor', 'syncToFloorCpuRatio', null, 2],
    ['search p95 (ms)', 'searchP95Ms', 50, 1],
    ['scan → detail p95 (ms)', 'scanToDetailP95Ms', 50, 1],
    ['price change → screen p95 (ms)', 'changeToScreenP95Ms', 1000, 1],
    ['heap after first sync (MB)', 'heapMB', VARIANTS >= 1_000_000 ? 500 : 300, 1],
    ['IndexedDB after first sync (MB)', 'indexedDbMB', null, 1],
    ['cold start → search answers (ms)', 'coldStartSearchMs', VARIANTS >= 1_000_000 ? 3000 : 1000, 0],
    ['cold start → barcode answers (ms)', 'coldStartBarcodeMs', VARIANTS >= 1_000_000 ? 3000 : 1000, 0],
  ];
  const out = path.resolve(values.out ?? path.join(import.meta.dirname, 'results', `foundation-${VARIANTS}${values.engine === 'postgres' ? '-postgres' : ''}.json`));
  /** Written after every run (complete: false until the last), so a benchmark stopped half-way still leaves its figures. */
  const writeResult = (complete: boolean): void => {
    if (runs.length === 0) return;
    const summary = Object.fromEntries(rows.map(([, key]) => [key, spread(runs, key)]));
    const byBuild: Record<string, Record<string, ReturnType<typeof spread>>> | undefined = rendererA ? {} : undefined;
    for (const b of ['A', 'B'] as const) {
      const rs = runs.filter((r) => r.build === b);
      if (byBuild && rs.length > 0) byBuild[b] = Object.fromEntries(rows.map(([, key]) => [key, spread(rs, key)]));
    }
    const result = {
      variants: VARIANTS,
      stores: STORES,
      engine: values.engine,
      runs: runs.length,
      complete,
      seedSeconds: round(seedSeconds),
      summary,
      ...(byBuild ? { compare: { A: path.resolve(values.compare ?? ''), B: 'out/renderer', summaryByBuild: byBuild } } : {}),
      perRun: runs,
      failedRuns,
      machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((x) => round(x, 1)), node: process.version, chromium },
      measuredAt: new Date().toISOString(),
    };
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  };
  const runs: (Figures & { loadAverage: number[]; startedAt: string; build: 'A' | 'B' | null })[] = [];
  const failedRuns: { run: number; error: string; loadAverage: number[] }[] = [];
  // Each run launches its own Chromium on a fresh profile on disk (foundationRun.ts); this one only names the version.
  const probe = await launchChromium();
  const chromium = probe.version();
  await probe.close();
  for (let i = 0; i < RUNS; i++) {
    const build = buildOf(i);
    log(`run ${i + 1} of ${RUNS}${build ? `, build ${build}` : ''} (load average ${os.loadavg().map((x) => round(x, 1)).join(' ')})`);
    const startedAt = new Date().toISOString();
    try {
      const r = await runFoundation({ db, rendererUrl: build === 'A' && rendererA ? rendererA.url : renderer.url, catalogUrl: catalog.baseUrl, samples: SAMPLES, variants: VARIANTS, profileFile: i === 0 ? values['profile-sync'] : undefined, profileChangeFile: i === 0 ? values['profile-change'] : undefined, profileSearchFile: i === 0 ? values['profile-search'] : undefined, log });
      runs.push({ ...figures(r), loadAverage: os.loadavg().map((x) => round(x, 1)), startedAt, build });
      log(`run ${i + 1}${build ? ` (${build})` : ''}: first sync ${round(r.initialSyncSeconds)} s, floor ${round(r.rawIndexedDbSeconds)} s, ratio ${round(r.syncToRawRatio, 2)}`);
    } catch (error) {
      // One run that dies (a renderer crash, the browser killed from outside) is reported and the others go
      // on in a fresh browser, instead of the whole benchmark ending without a result.
      const message = error instanceof Error ? error.message.split('\n')[0] ?? String(error) : String(error);
      failedRuns.push({ run: i + 1, error: message, loadAverage: os.loadavg().map((x) => round(x, 1)) });
      log(`run ${i + 1} FAILED: ${message}`);
    }
    writeResult(false);
  }
  if (runs.length === 0) throw new Error(`every run failed: ${failedRuns.map((f) => `run ${f.run}: ${f.error}`).join('; ')}`);
  console.log(`\nAisle foundation benchmark — ${VARIANTS.toLocaleString('en-US')} variants, ${runs.length} runs (median, min–max)\n`);
  console.log('| measure | median | min–max | target | met |');
  console.log('| --- | ---: | ---: | ---: | :---: |');
  for (const [name, key, target, d] of rows) {
    const s = spread(runs, key);
    const met = target === null ? '' : s.median <= target ? 'yes' : 'NO';
    console.log(`| ${name} | ${round(s.median, d)} | ${round(s.min, d)}–${round(s.max, d)} | ${target === null ? '' : `≤ ${target}`} | ${met} |`);
  }
  if (rendererA) {
    console.log(`\nSide by side: A = ${values.compare}, B = out/renderer (median, min–max)\n`);
    console.log('| measure | A | B |');
    console.log('| --- | ---: | ---: |');
    for (const [name, key, , d] of rows) {
      const cell = (b: 'A' | 'B'): string => {
        const rs = runs.filter((r) => r.build === b);
        if (rs.length === 0) return '—';
        const s = spread(rs, key);
        return `${round(s.median, d)} (${round(s.min, d)}–${round(s.max, d)})`;
      };
      console.log(`| ${name} | ${cell('A')} | ${cell('B')} |`);
    }
  }
  writeResult(true);
  console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
  await rendererA?.close();
  await renderer.close();
  await catalog.close();
  await db.close();
  stopPostgres();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
