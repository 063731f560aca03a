/**
 * `npm run bench:page-writes` — the device's first-sync page writes (renderer/data/pulledPages.ts), the path before
 * (look every id up, then write) against the path now (write, retry 409s over the state they return), interleaved
 * round by round: in Node on RxDB's memory storage, and in headless Chromium on RxDB's Dexie storage (IndexedDB,
 * the renderer's real storage). Each round is a fresh database: --pages pages of --size new variants (a first
 * sync), then one page of updates to documents already there (a live pull). Prints a table (median, min–max over
 * --runs rounds) and writes test/bench/results/page-writes.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { launchChromium } from '../support/browser';
import { OVERLAP_PATHS, PATHS, runRound, type PathName, type RoundResult } from './pageWritesCore';
import { benchLog, fmtSpread, round, spread, type Spread } from './stats';

const { values } = parseArgs({ options: { pages: { type: 'string', default: '6' }, size: { type: 'string', default: '5000' }, runs: { type: 'string', default: '3' }, only: { type: 'string' }, profile: { type: 'string' }, paths: { type: 'string' } } });
// --paths overlap: pages written in turn against two deep (PageQueue), on add-first storage; default: lookup vs 409 retry.
const COMPARED = values.paths === 'overlap' ? OVERLAP_PATHS : PATHS;
const PAGES = Number(values.pages);
const SIZE = Number(values.size);
const RUNS = Number(values.runs);
const log = benchLog('bench:page-writes');

async function chromiumRounds(): Promise<RoundResult[]> {
  const bundle = await build({ entryPoints: [path.join(import.meta.dirname, 'pageWritesPage.ts')], bundle: true, write: false, format: 'esm', platform: 'browser', target: 'chrome120', minify: !values.profile, define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'warning' });
  const js = bundle.outputFiles[0]?.text ?? '';
  const server = createServer((req, res) => {
    if (req.url === '/bench.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/bench.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await launchChromium();
  const out: RoundResult[] = [];
  try {
    const page = await browser.newPage();
    page.on('console', (m) => { if (m.type() === 'error') log(`page: ${m.text()}`); });
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => '__round' in window);
    // --profile FILE: a CPU profile of the whole Chromium half (open it in DevTools' Performance panel).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async (): Promise<number> => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
    if (values.profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    for (let r = 0; r < RUNS; r++) {
      // Alternate which path goes first, so neither always runs on a warmer browser.
      for (const p of r % 2 === 0 ? COMPARED : [...COMPARED].reverse()) {
        const cpu0 = await taskSeconds();
        const res = await page.evaluate(({ p, pages, size }) => (window as unknown as { __round: (p: string, a: number, b: number) => Promise<RoundResult> }).__round(p, pages, size), { p, pages: PAGES, size: SIZE });
        // The whole round's main-thread CPU (database open and removal included), the same work for both paths.
        res.firstSyncCpuMs = ((await taskSeconds()) - cpu0) * 1000;
        log(`chromium round ${r + 1} ${p}: first sync ${round(res.firstSyncMs)} ms, update page ${round(res.updatePageMs)} ms, round CPU ${round(res.firstSyncCpuMs)} ms (load ${os.loadavg()[0]?.toFixed(1)})`);
        out.push(res);
      }
    }
    if (values.profile) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(values.profile, JSON.stringify(profile));
      log(`CPU profile written to ${values.profile}`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  return out;
}

async function nodeRounds(): Promise<RoundResult[]> {
  const out: RoundResult[] = [];
  for (let r = 0; r < RUNS; r++) {
    for (const p of r % 2 === 0 ? COMPARED : [...COMPARED].reverse()) {
      const res = await runRound(getRxStorageMemory(), p, PAGES, SIZE, `pagewrites-node-${r}-${p.length}`);
      log(`node round ${r + 1} ${p}: first sync ${round(res.firstSyncMs)} ms, update page ${round(res.updatePageMs)} ms`);
      out.push(res);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const results: Record<string, RoundResult[]> = {};
  if (values.only !== 'chromium') results['Node, RxDB memory storage'] = await nodeRounds();
  if (values.only !== 'node') results['Chromium, RxDB Dexie storage (IndexedDB)'] = await chromiumRounds();
  const rows: { storage: string; path: PathName; firstSyncMs: Spread; updatePageMs: Spread; docsPerSecond: Spread; roundCpuMs: Spread | null }[] = [];
  for (const [storage, rs] of Object.entries(results)) {
    for (const p of COMPARED) {
      const mine = rs.filter((r) => r.path === p);
      const cpu = mine.flatMap((r) => (r.firstSyncCpuMs === undefined ? [] : [r.firstSyncCpuMs]));
      rows.push({ storage, path: p, firstSyncMs: spread(mine.map((r) => r.firstSyncMs), 0), updatePageMs: spread(mine.map((r) => r.updatePageMs), 0), docsPerSecond: spread(mine.map((r) => (PAGES * SIZE) / (r.firstSyncMs / 1000)), 0), roundCpuMs: cpu.length > 0 ? spread(cpu, 0) : null });
    }
  }
  console.log(`\nAisle device page writes — ${PAGES} pages × ${SIZE.toLocaleString('en-US')} variants, then 1 page of updates, ${RUNS} interleaved rounds (median (min–max))\n`);
  console.log('| storage | write path | first-sync pages (ms) | variants/s | update page (ms) | renderer CPU of the round (ms) |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.storage} | ${r.path} | ${fmtSpread(r.firstSyncMs)} | ${fmtSpread(r.docsPerSecond)} | ${fmtSpread(r.updatePageMs)} | ${r.roundCpuMs ? fmtSpread(r.roundCpuMs) : '–'} |`);
  const out = path.join(import.meta.dirname, 'results', values.paths === 'overlap' ? 'page-writes-overlap.json' : 'page-writes.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ pages: PAGES, pageSize: SIZE, runs: RUNS, rows, perRound: results, machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((x) => round(x, 1)), node: process.version }, measuredAt: new Date().toISOString() }, null, 2)}\n`);
  console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
