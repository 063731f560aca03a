/**
 * One run of `npm run bench:search-scale` (see searchScale.ts) at one catalog size, in a fresh Node process started
 * with --expose-gc, so its heap figures are its own. Prints one JSON object on stdout.
 *
 * The demo catalog comes from the seed's own generator (iterateDemoCatalog, no database), streamed one product at
 * a time into the device's real search index (productSearch.ts: the app's MiniSearch options) and its real barcode
 * map (barcodeMap.ts: applyVariantChange, as the change events fill it during a first sync). The typed queries are
 * the foundation bench's (foundationRun.ts): the first two words of the titles of the 12 products first by md5(id),
 * typed a letter at a time; the scans are the 40 variants first by md5(id). Each keystroke runs what the search box
 * runs on the device outside RxDB (planSearch, then the text search over the index for two letters or more).
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { iterateDemoCatalog } from '../../server/seed/demo';
import { applyVariantChange, type VariantRef } from '../../renderer/data/barcodeMap';
import { createProductMiniSearch, MAX_HITS, searchProducts, toIndexDoc } from '../../renderer/data/productSearch';
import { planSearch } from '../../renderer/data/searchPlan';
import { percentile, round } from './stats';

const { values } = parseArgs({ options: { variants: { type: 'string', default: '100000' }, passes: { type: 'string', default: '3' } } });
const VARIANTS = Number(values.variants);
const PASSES = Number(values.passes);

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
function heapMB(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The k smallest keys seen, kept sorted (PostgreSQL's `ORDER BY md5(id) LIMIT k`, streamed). */
class SmallestK<T> {
  readonly items: { key: string; value: T }[] = [];
  constructor(private readonly k: number) {}
  offer(key: string, value: () => T): void {
    const last = this.items[this.items.length - 1];
    if (this.items.length >= this.k && last && key >= last.key) return;
    let i = this.items.length;
    while (i > 0 && (this.items[i - 1]?.key ?? '') > key) i--;
    this.items.splice(i, 0, { key, value: value() });
    if (this.items.length > this.k) this.items.pop();
  }
}
const md5 = (id: string): string => createHash('md5').update(id).digest('hex');

const heapBefore = heapMB();
const index = createProductMiniSearch();
let map: Map<string, VariantRef> | null = new Map<string, VariantRef>();
const sampleProducts = new SmallestK<string>(12);
const sampleVariants = new SmallestK<string>(40);
let products = 0;
let variants = 0;
let indexMs = 0;
let indexCpuMs = 0;
let mapMs = 0;
const started = performance.now();
const cpuStarted = cpuMs();
for (const { product, variants: vs } of iterateDemoCatalog({ seed: 42, variants: VARIANTS, stores: 1 })) {
  const c0 = cpuMs();
  const t0 = performance.now();
  index.add(toIndexDoc(product));
  const t1 = performance.now();
  indexCpuMs += cpuMs() - c0;
  for (const v of vs) applyVariantChange(map, 'INSERT', v, undefined);
  mapMs += performance.now() - t1;
  indexMs += t1 - t0;
  products++;
  variants += vs.length;
  sampleProducts.offer(md5(product.id), () => product.title);
  for (const v of vs) sampleVariants.offer(md5(v.id), () => v.barcode);
}
const generateAndBuildMs = performance.now() - started;
const generateAndBuildCpuMs = cpuMs() - cpuStarted;
const heapAfterBuild = heapMB();

// The foundation bench's keystrokes: each query typed a letter at a time.
const queries = sampleProducts.items.map((p) => p.value.split(' ').slice(0, 2).join(' '));
const keystrokes = queries.flatMap((q) => Array.from({ length: q.length }, (_, i) => q.slice(0, i + 1)));

interface Keystroke {
  text: string;
  ms: number;
  cpuMs: number;
  hits: number;
}
function typeAll(): Keystroke[] {
  const out: Keystroke[] = [];
  for (const text of keystrokes) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const plan = planSearch(text);
    // As SearchService.search: one letter tells nobody anything yet.
    const hits = plan.kind === 'text' && plan.text.length >= 2 ? searchProducts(index, plan.text, MAX_HITS) : [];
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    out.push({ text, ms, cpuMs: (c.user + c.system) / 1000, hits: hits.length });
  }
  return out;
}
const passes: Keystroke[][] = [];
const typingCpu0 = cpuMs();
for (let p = 0; p < PASSES; p++) passes.push(typeAll());
const typingCpuMs = cpuMs() - typingCpu0;
const all = passes.flat();
const slowest = [...passes[passes.length - 1] ?? []].sort((a, b) => b.ms - a.ms).slice(0, 5).map((k) => ({ text: k.text, ms: round(k.ms, 2), hits: k.hits, matched: index.search(k.text).length }));

// Scans: the barcode map's lookup, as SearchService.lookupGtin after planSearch (the RxDB reads are not here).
const barcodes = sampleVariants.items.map((v) => v.value);
const scanUs: number[] = [];
let found = 0;
for (let rep = 0; rep < 25; rep++) {
  for (const code of barcodes) {
    const t0 = performance.now();
    const plan = planSearch(code);
    const ref = plan.kind === 'barcode' ? map.get(plan.gtin) : undefined;
    scanUs.push((performance.now() - t0) * 1000);
    if (ref) found++;
  }
}

// Snapshot sizes: v8.serialize is the structured clone the snapshot store's IndexedDB put makes of the same data.
const indexJson = index.toJSON();
const indexSnapshotMB = v8.serialize(indexJson).length / 1024 / 1024;
const barcodeData = { gtins: [] as string[], productIds: [] as string[], variantIds: [] as string[] };
for (const [gtin, ref] of map) {
  barcodeData.gtins.push(gtin);
  barcodeData.productIds.push(ref.productId);
  barcodeData.variantIds.push(ref.variantId);
}
const barcodeSnapshotMB = v8.serialize(barcodeData).length / 1024 / 1024;
const loadStarted = performance.now();
const loadCpu0 = cpuMs();
void v8.deserialize(v8.serialize(indexJson));
const cloneRoundTripMs = performance.now() - loadStarted;
const cloneRoundTripCpuMs = cpuMs() - loadCpu0;
barcodeData.gtins = [];
barcodeData.productIds = [];
barcodeData.variantIds = [];

// What each structure holds: drop the map, then the index.
const mapEntries = map.size;
const heapWithBoth = heapMB();
map = null;
const heapIndexOnly = heapMB();
const documentCount = index.documentCount;
const termCount = index.termCount;

const stat = (xs: readonly number[], d = 2): { p50: number; p95: number; max: number } => ({ p50: round(percentile(xs, 50), d), p95: round(percentile(xs, 95), d), max: round(Math.max(...xs), d) });
process.stdout.write(
  JSON.stringify({
    variants,
    products,
    documentCount,
    termCount,
    barcodes: mapEntries,
    build: { generateAndBuildMs: round(generateAndBuildMs, 0), generateAndBuildCpuMs: round(generateAndBuildCpuMs, 0), indexAddMs: round(indexMs, 0), indexAddCpuMs: round(indexCpuMs, 0), barcodeMapMs: round(mapMs, 0) },
    heapMB: { before: round(heapBefore), afterBuild: round(heapAfterBuild), indexAndMap: round(heapWithBoth - heapBefore), index: round(heapIndexOnly - heapBefore), barcodeMap: round(heapWithBoth - heapIndexOnly) },
    snapshotMB: { index: round(indexSnapshotMB), barcodes: round(barcodeSnapshotMB) },
    indexCloneRoundTrip: { ms: round(cloneRoundTripMs, 0), cpuMs: round(cloneRoundTripCpuMs, 0) },
    search: { keystrokes: keystrokes.length, passes: PASSES, wall: stat(all.map((k) => k.ms)), cpu: stat(all.map((k) => k.cpuMs)), firstPass: stat((passes[0] ?? []).map((k) => k.ms)), cpuMsPerKeystroke: round(typingCpuMs / all.length, 2), slowest },
    scan: { lookups: scanUs.length, found, us: stat(scanUs, 1) },
    queries,
  }) + '\n',
);
