/**
 * `npx tsx test/bench/snapshotFormat.ts --variants N` — what reading an index snapshot costs the renderer's main
 * thread, format 1 (the object graph: MiniSearch's toJSON(), three string arrays) against format 2 (one buffer,
 * renderer/data/snapshotCodec.ts), on the demo catalog's products and barcodes. The value IndexedDB hands back is
 * a V8 structured clone; Node's v8.serialize / v8.deserialize is the same serializer, so "deserialise + decode"
 * here is the renderer's work between the read's arrival and a usable index, without the browser process's part
 * (which bench:cold-start sees as wall time). Alternating, --runs rounds (7); prints a table (median (min–max))
 * and writes test/bench/results/snapshot-format-<N>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import MiniSearch from 'minisearch';
import { iterateDemoCatalog } from '../../server/seed/demo';
import { createProductMiniSearch, productSearchOptions, toIndexDoc, type ProductIndexDoc } from '../../renderer/data/productSearch';
import { decodeProductIndex, encodeProductIndex } from '../../renderer/data/productSnapshot';
import { decodeBarcodes, encodeBarcodes, type VariantRef } from '../../renderer/data/barcodeSnapshot';
import { fmtSpread, round, spread, type Spread } from './stats';

const { values } = parseArgs({ options: { variants: { type: 'string', default: '100000' }, runs: { type: 'string', default: '7' } } });
const VARIANTS = Number(values.variants);
const RUNS = Number(values.runs);

const mini = createProductMiniSearch();
const barcodes = new Map<string, VariantRef>();
for (const b of iterateDemoCatalog({ seed: 42, variants: VARIANTS })) {
  mini.add(toIndexDoc(b.product));
  for (const v of b.variants) barcodes.set(v.gtin, { productId: v.productId, variantId: v.id });
}
const v1Products = v8.serialize({ format: 1, data: { index: mini.toJSON() } });
const v2Products = v8.serialize({ format: 2, data: encodeProductIndex(mini) });
const refs = [...barcodes.values()];
const v1Barcodes = v8.serialize({ format: 1, data: { gtins: [...barcodes.keys()], productIds: refs.map((r) => r.productId), variantIds: refs.map((r) => r.variantId) } });
const v2Barcodes = v8.serialize({ format: 2, data: encodeBarcodes(barcodes) });

const cases: Record<string, () => unknown> = {
  'products v1: deserialise + loadJS': () => MiniSearch.loadJS<ProductIndexDoc>((v8.deserialize(v1Products) as { data: { index: Parameters<typeof MiniSearch.loadJS>[0] } }).data.index, productSearchOptions()),
  'products v2: deserialise + decode': () => decodeProductIndex((v8.deserialize(v2Products) as { data: unknown }).data),
  'barcodes v1: deserialise + Map': () => {
    const { gtins, productIds, variantIds } = (v8.deserialize(v1Barcodes) as { data: { gtins: string[]; productIds: string[]; variantIds: string[] } }).data;
    const map = new Map<string, VariantRef>();
    for (let i = 0; i < gtins.length; i++) map.set(gtins[i] ?? '', { productId: productIds[i] ?? '', variantId: variantIds[i] ?? '' });
    return map;
  },
  'barcodes v2: deserialise + decode': () => void decodeBarcodes((v8.deserialize(v2Barcodes) as { data: unknown }).data, new Map()),
};
const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let r = 0; r < RUNS; r++) {
  for (const [name, run] of Object.entries(cases)) {
    const cpu = process.cpuUsage();
    run();
    const used = process.cpuUsage(cpu);
    times[name]!.push((used.user + used.system) / 1000);
  }
}
const bytes = { 'products v1': v1Products.length, 'products v2': v2Products.length, 'barcodes v1': v1Barcodes.length, 'barcodes v2': v2Barcodes.length };
const summary: Record<string, Spread> = Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, spread(xs, 0)]));
console.log(`\nSnapshot read cost — ${VARIANTS.toLocaleString('en-US')} variants (${mini.documentCount} products), process CPU ms, ${RUNS} rounds alternating (median (min–max)), load ${os.loadavg()[0]?.toFixed(1)}\n`);
console.log('| | CPU ms |\n| --- | ---: |');
for (const [k, s] of Object.entries(summary)) console.log(`| ${k} | ${fmtSpread(s)} |`);
console.log('\n| structured-clone bytes | |\n| --- | ---: |');
for (const [k, b] of Object.entries(bytes)) console.log(`| ${k} | ${b.toLocaleString('en-US')} |`);
const out = path.join(import.meta.dirname, 'results', `snapshot-format-${VARIANTS}.json`);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ variants: VARIANTS, products: mini.documentCount, runs: RUNS, cpuMs: summary, bytes, machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((x) => round(x, 1)), node: process.version }, measuredAt: new Date().toISOString() }, null, 2)}\n`);
console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
