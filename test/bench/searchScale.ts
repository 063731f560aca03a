/**
 * `npm run bench:search-scale` — will the device's search and barcode map hold at a million variants? A cheap check,
 * without a database or a browser: each run (searchScaleRun.ts, a fresh `node --expose-gc` process per catalog size)
 * streams the demo catalog from the seed's own generator into the renderer's real MiniSearch index and barcode map,
 * then types the foundation bench's keystrokes and scans its barcodes. Sizes alternate run by run (100k, 1M, 100k,
 * …) so both see the same machine; the table gives the median and the spread (min–max) of the runs.
 *
 * Node is not Chromium: V8 in Node runs without pointer compression, so its heap figures are an upper bound (about
 * twice what Chromium needs for the same objects), and the RxDB reads of a search (SKU prefix, result rows) are not
 * in here. Query times are CPU-bound in one process: the JSON also gives the process CPU time per keystroke and the
 * load average, since wall time on a shared machine follows the load.
 *
 * Options: --sizes 100000,1000000 (default), --runs N (default 3), --passes N (keystroke passes per run, default 3),
 * --out FILE (default results/search-scale.json).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchLog, fmtSpread, round, spread } from './stats';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '100000,1000000' }, runs: { type: 'string', default: '3' }, passes: { type: 'string', default: '3' }, out: { type: 'string' } } });
const SIZES = (values.sizes ?? '').split(',').map(Number);
const RUNS = Number(values.runs);
const log = benchLog('search-scale');
const load = (): number[] => os.loadavg().map((x) => round(x, 1));

interface RunOutput {
  variants: number;
  products: number;
  build: { indexAddMs: number; indexAddCpuMs: number; barcodeMapMs: number };
  heapMB: { indexAndMap: number; index: number; barcodeMap: number };
  snapshotMB: { index: number; barcodes: number };
  indexCloneRoundTrip: { ms: number; cpuMs: number };
  search: { keystrokes: number; wall: { p50: number; p95: number }; cpu: { p50: number; p95: number }; cpuMsPerKeystroke: number };
  scan: { us: { p50: number; p95: number } };
}

function runOnce(variants: number): Promise<RunOutput> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(import.meta.dirname, 'searchScaleRun.ts'), '--variants', String(variants), '--passes', values.passes ?? '3'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as RunOutput) : reject(new Error(`run at ${variants} variants exited with ${code}`))));
  });
}

const rows: [string, (r: RunOutput) => number, number | null][] = [
  ['products', (r) => r.products, null],
  ['index build, add() per product (s)', (r) => r.build.indexAddMs / 1000, null],
  ['index build, CPU (s)', (r) => r.build.indexAddCpuMs / 1000, null],
  ['barcode map build (s)', (r) => r.build.barcodeMapMs / 1000, null],
  ['heap: index + barcode map (MB, Node)', (r) => r.heapMB.indexAndMap, 500],
  ['heap: search index (MB, Node)', (r) => r.heapMB.index, null],
  ['heap: barcode map (MB, Node)', (r) => r.heapMB.barcodeMap, null],
  ['snapshot: search index (MB, structured clone)', (r) => r.snapshotMB.index, null],
  ['snapshot: barcodes (MB, structured clone)', (r) => r.snapshotMB.barcodes, null],
  ['index snapshot clone round trip, CPU (ms)', (r) => r.indexCloneRoundTrip.cpuMs, null],
  ['keystrokes per pass', (r) => r.search.keystrokes, null],
  ['search p50, wall (ms)', (r) => r.search.wall.p50, null],
  ['search p95, wall (ms)', (r) => r.search.wall.p95, 50],
  ['search p95, process CPU (ms)', (r) => r.search.cpu.p95, 50],
  ['search mean CPU per keystroke (ms)', (r) => r.search.cpuMsPerKeystroke, null],
  ['barcode lookup p95 (µs)', (r) => r.scan.us.p95, null],
];

async function main(): Promise<void> {
  const runs: { variants: number; run: number; loadAverage: number[]; startedAt: string; result: RunOutput }[] = [];
  for (let i = 0; i < RUNS; i++) {
    for (const variants of SIZES) {
      const startedAt = new Date().toISOString();
      log(`run ${i + 1} of ${RUNS}, ${variants.toLocaleString('en-US')} variants (load average ${load().join(' ')})`);
      const result = await runOnce(variants);
      runs.push({ variants, run: i + 1, loadAverage: load(), startedAt, result });
      log(`  search p95 ${result.search.wall.p95} ms wall, ${result.search.cpu.p95} ms CPU; heap ${result.heapMB.indexAndMap} MB`);
    }
  }
  const summary = Object.fromEntries(SIZES.map((v) => [v, Object.fromEntries(rows.map(([name, f]) => [name, spread(runs.filter((r) => r.variants === v).map((r) => f(r.result)), 2)]))]));
  console.log(`\nAisle search at scale (Node ${process.version}, ${RUNS} runs, median (min–max); load average ${runs.map((r) => r.loadAverage[0]).join(', ')})\n`);
  console.log(`| measure | ${SIZES.map((v) => v.toLocaleString('en-US')).join(' | ')} | target |`);
  console.log(`| --- | ${SIZES.map(() => '---:').join(' | ')} | ---: |`);
  for (const [name, , target] of rows) console.log(`| ${name} | ${SIZES.map((v) => fmtSpread(summary[v]?.[name] ?? { median: NaN, min: NaN, max: NaN })).join(' | ')} | ${target === null ? '' : `≤ ${target}`} |`);
  const out = path.resolve(values.out ?? path.join(import.meta.dirname, 'results', 'search-scale.json'));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ sizes: SIZES, runs: RUNS, summary, perRun: runs, machine: { cpus: os.cpus().length, node: process.version }, measuredAt: new Date().toISOString() }, null, 2) + '\n');
  console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
