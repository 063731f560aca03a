/**
 * `npm run bench:delta` — a device that has finished its first sync catches up with changes. The device is the
 * real data layer (renderer/data: RxDB, SyncEngine, the pull handler) in Node on RxDB's memory storage, against
 * the real catalog server over HTTP. Two cases, three runs each:
 *
 *   offline catch-up  the device is stopped ("a day offline"); meanwhile 10 % of variants change price and every
 *                     stock level of its store changes; the device starts again → until the last change is there
 *   live burst        the device is online; --burst price changes are committed in one transaction → until
 *                     the last of them is there (SSE change event → pull)
 *
 * Changes are applied in server revision order, page by page, so "the last written document is on the device"
 * means all of them are; every run then checks all of them (outside the timing). Event-loop delay p99 during the
 * catch-up is recorded as a stand-in for input latency — in this bench the catalog server shares the thread, so
 * it overstates what a renderer would see. Input latency in the real renderer is not measured here.
 * Writes test/bench/results/delta.json.
 *
 * Options: --variants N (default 20000), --stores N (default 2), --burst N (default 1000), --runs N (default 3),
 * --engine postgres|pglite (default postgres).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { seedDemo } from '../../server/seed/demo';
import { writeDocs } from '../../server/sync/revisions';
import { collectionsForRole, openDatabase, type AisleDatabase } from '../../renderer/data/database';
import { SyncEngine } from '../../renderer/data/replication';
import type { DesktopApi, DeviceSettings } from '../../shared/ipc';
import type { InventoryDoc, VariantDoc } from '../../shared/schemas/collections';
import { enroll, startCatalog } from '../support/catalog';
import { openBenchDb } from './benchDb';
import { benchLog, fmtSpread, round, spread } from './stats';
import { nodeDesktop } from '../support/desktop';

const { values } = parseArgs({
  options: {
    variants: { type: 'string', default: '20000' },
    stores: { type: 'string', default: '2' },
    burst: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    engine: { type: 'string', default: 'postgres' },
  },
});
const VARIANTS = Number(values.variants);
const BURST = Number(values.burst);
const RUNS = Number(values.runs);
const STORE = 'store-001';
const log = benchLog('bench:delta');

function desktop(): DesktopApi {
  return nodeDesktop({ version: 'bench', deviceSecret: 'A'.repeat(43) });
}

async function until(fn: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main(): Promise<void> {
  const { db, stopPg } = await openBenchDb(values.engine);
  const catalog = await startCatalog(db);
  let device: AisleDatabase | null = null;
  let engine: SyncEngine | null = null;
  try {
    log(`seeding ${VARIANTS} variants at ${values.stores} stores on ${values.engine}…`);
    await seedDemo(db, { seed: 42, variants: VARIANTS, stores: Number(values.stores), force: true });
    const enrolled = await enroll(catalog.baseUrl, db, STORE, 'counter');
    const settings: DeviceSettings = { serverUrl: catalog.baseUrl, deviceId: enrolled.deviceId, deviceName: 'bench device', storeId: enrolled.storeId, storeName: enrolled.storeName, role: 'counter', token: enrolled.token };
    const kv = new Map<string, string>();
    const storage = { getItem: (k: string) => kv.get(k) ?? null, setItem: (k: string, v: string) => void kv.set(k, v) };
    const dev = await openDatabase(enrolled.deviceId, 'counter', getRxStorageMemory(), new Uint8Array(32).fill(7));
    device = dev;
    const variantsOf = () => dev.collections.variants;
    const inventoryOf = () => dev.collections.inventory;
    const startEngine = (): SyncEngine => {
      const e = new SyncEngine(dev, settings, collectionsForRole('counter'), storage);
      e.start(desktop());
      return e;
    };
    let t0 = performance.now();
    engine = startEngine();
    await until(async () => (await variantsOf()?.count().exec()) === VARIANTS && (await inventoryOf()?.count().exec()) === VARIANTS, 900_000, 'first sync');
    const firstSyncSeconds = round((performance.now() - t0) / 1000);
    log(`first sync ${firstSyncSeconds} s`);

    const variants = (await db.query<{ data: VariantDoc }>(`SELECT data FROM docs WHERE collection = 'variants' ORDER BY id`)).rows.map((r) => r.data);
    const inventory = (await db.query<{ data: InventoryDoc }>(`SELECT data FROM docs WHERE collection = 'inventory' AND scope = $1 ORDER BY id`, [STORE])).rows.map((r) => r.data);
    const catchUp: { seconds: number; documents: number; loopDelayP99Ms: number }[] = [];
    const burst: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // A day offline: 10 % of prices and every stock level of this store change while the device is stopped.
      await engine.stop();
      engine = null;
      const marker = new Date(Date.UTC(2027, 0, 1 + run)).toISOString();
      const changedVariants = variants.filter((_, i) => i % 10 === run % 10).map((v) => ({ ...v, price: { ...v.price, amount: v.price.amount + 100 + run }, updatedAt: marker }));
      const changedStock = inventory.map((s) => ({ ...s, onHand: s.onHand + 1 + run, available: s.available + 1 + run, updatedAt: marker }));
      await db.transaction((tx) => writeDocs(tx, 'variants', changedVariants.map((d) => ({ id: d.id, scope: '', data: { ...d } })), 'bench'));
      await db.transaction((tx) => writeDocs(tx, 'inventory', changedStock.map((d) => ({ id: d.id, scope: STORE, data: { ...d } })), 'bench'));
      const lastVariant = changedVariants[changedVariants.length - 1];
      const lastStock = changedStock[changedStock.length - 1];
      if (!lastVariant || !lastStock) throw new Error('nothing changed');
      const delay = monitorEventLoopDelay({ resolution: 10 });
      t0 = performance.now();
      delay.enable();
      engine = startEngine();
      await until(
        async () => (await variantsOf()?.findOne(lastVariant.id).exec())?.updatedAt === marker && (await inventoryOf()?.findOne(lastStock.id).exec())?.updatedAt === marker,
        900_000,
        'the catch-up',
      );
      const seconds = (performance.now() - t0) / 1000;
      delay.disable();
      const onDevice = await variantsOf()?.findByIds(changedVariants.map((v) => v.id)).exec();
      const stockOnDevice = await inventoryOf()?.findByIds(changedStock.map((s) => s.id)).exec();
      const wrong = changedVariants.filter((v) => onDevice?.get(v.id)?.price.amount !== v.price.amount).length + changedStock.filter((s) => stockOnDevice?.get(s.id)?.onHand !== s.onHand).length;
      if (wrong > 0) throw new Error(`${wrong} changes missing on the device after the catch-up`);
      catchUp.push({ seconds: round(seconds, 2), documents: changedVariants.length + changedStock.length, loopDelayP99Ms: round(delay.percentile(99) / 1e6) });
      log(`run ${run + 1} offline catch-up: ${changedVariants.length} prices + ${changedStock.length} stock levels in ${round(seconds, 2)} s, event-loop delay p99 ${round(delay.percentile(99) / 1e6)} ms`);

      // A live burst: the device is online and listening.
      const burstMarker = new Date(Date.UTC(2027, 1, 1 + run)).toISOString();
      const burstDocs = variants.slice(run * BURST, run * BURST + BURST).map((v) => ({ ...v, price: { ...v.price, amount: v.price.amount + 7 }, updatedAt: burstMarker }));
      const lastBurst = burstDocs[burstDocs.length - 1];
      if (!lastBurst) throw new Error('empty burst');
      t0 = performance.now();
      await db.transaction((tx) => writeDocs(tx, 'variants', burstDocs.map((d) => ({ id: d.id, scope: '', data: { ...d } })), 'bench'));
      await until(async () => (await variantsOf()?.findOne(lastBurst.id).exec())?.updatedAt === burstMarker, 120_000, 'the burst');
      burst.push(round(performance.now() - t0, 0));
      log(`run ${run + 1} live burst: ${BURST} prices visible in ${round(performance.now() - t0, 0)} ms`);
    }
    const summary = {
      catchUpSeconds: spread(catchUp.map((c) => c.seconds), 2),
      catchUpLoopDelayP99Ms: spread(catchUp.map((c) => c.loopDelayP99Ms)),
      burstMs: spread(burst, 0),
    };
    console.log(`\nAisle delta sync — ${values.engine}, ${VARIANTS.toLocaleString('en-US')} variants, device on RxDB memory storage, ${RUNS} runs (median (min–max))\n`);
    console.log('| case | changes | time | event-loop delay p99 (ms) |');
    console.log('| --- | ---: | ---: | ---: |');
    console.log(`| offline catch-up: 10 % of prices + all stock | ${catchUp[0]?.documents ?? 0} | ${fmtSpread(summary.catchUpSeconds)} s | ${fmtSpread(summary.catchUpLoopDelayP99Ms)} |`);
    console.log(`| live burst of price changes | ${BURST} | ${fmtSpread(summary.burstMs)} ms | |`);
    const out = path.join(import.meta.dirname, 'results', 'delta.json');
    mkdirSync(path.dirname(out), { recursive: true });
    const machine = { cpus: os.cpus().length, loadAverage: os.loadavg().map((x) => round(x, 1)), node: process.version };
    writeFileSync(out, `${JSON.stringify({ engine: values.engine, variants: VARIANTS, stores: Number(values.stores), burst: BURST, runs: RUNS, firstSyncSeconds, summary, catchUp, burstMs: burst, machine, measuredAt: new Date().toISOString() }, null, 2)}\n`);
    console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
  } finally {
    await engine?.stop();
    await device?.close();
    await catalog.close();
    await db.close();
    stopPg();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
