/**
 * Loyalty card scan → customer profile on screen, for customers in the store's working set (the device part of
 * `npm run bench:customers`; runnable alone: `npx tsx test/bench/customerScan.ts`). The real renderer (production
 * build) in headless Chromium against the real catalog server (PGlite in memory): N customers each buy in store and
 * online (through the channel-key order API, as the POS and web shop do), which puts them in store-001's working set;
 * a counter there syncs them (sealed at rest), an associate signs in, and each sample types a card number at scanner
 * speed + Enter; the clock runs from the Enter keydown (in the page) until that customer's profile shows their name
 * and their orders. Three runs over different cards; prints a table and writes test/bench/results/customer-scan.json
 * (median and spread of the runs' p95).
 *
 * Options: --customers N (default 300), --samples N per run (default 30), --runs N (default 3).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { openDb } from '../../server/db/open';
import { DEMO_ASSOCIATE_PIN, seedDemo } from '../../server/seed/demo';
import { withCheckDigit } from '../../shared/gtin';
import { API_PREFIX } from '../../shared/sync';
import type { VariantDoc } from '../../shared/schemas/collections';
import { startCatalog } from '../support/catalog';
import { serveRenderer } from '../support/static';
import { launchChromium } from '../support/browser';
import { enrolledPage, signIn } from '../support/appPage';

const STORE = 'store-001';
const KEYS = { web: 'bench-cust-web-key-0123456789', store: 'bench-cust-pos-key-0123456789' } as const;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}
const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;
const log = (msg: string): void => void process.stderr.write(`[bench:customer-scan] ${msg}\n`);

export interface CustomerScanResult {
  customers: number;
  samplesPerRun: number;
  /** cpuPerScanMs: renderer main-thread CPU per sample (click to the search screen, the scan, the profile). */
  runs: { p95Ms: number; medianMs: number; maxMs: number; cpuPerScanMs: number }[];
  scanToProfileP95Ms: { median: number; min: number; max: number };
  scanToProfileMedianMs: number;
  workingSetSyncSeconds: number;
  targetP95Ms: number;
  pass: boolean;
}

export async function benchCustomerScan(options: { customers?: number; samples?: number; runs?: number } = {}): Promise<CustomerScanResult> {
  const customers = options.customers ?? 300;
  const samples = options.samples ?? 30;
  const runs = options.runs ?? 3;
  const db = await openDb({});
  await seedDemo(db, { seed: 42, variants: 2000, stores: 2 });
  const variants = (await db.query<{ data: VariantDoc }>(`SELECT data FROM docs WHERE collection = 'variants' ORDER BY id LIMIT 200`)).rows.map((r) => r.data);
  const catalog = await startCatalog(db, { pickups: { channelKeys: `web:${KEYS.web},store:${KEYS.store}`, jobs: false } });
  const post = async (key: string, body: unknown): Promise<void> => {
    const res = await fetch(`${catalog.baseUrl}${API_PREFIX}/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-aisle-channel-key': key }, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`order refused: ${res.status} ${await res.text()}`);
  };
  log(`ingesting ${customers} customers (a store sale here and a web order each)…`);
  const cards: string[] = [];
  for (let i = 0; i < customers; i++) {
    const card = withCheckDigit(`2999${String(10_000_000 + i).padStart(8, '0')}`);
    cards.push(card);
    const who = { firstName: `Bench${i}`, lastName: `Customer${i}`, email: `bench${i}@example.test`, loyaltyNumber: card };
    const a = variants[i % variants.length]!;
    const b = variants[(i * 7 + 3) % variants.length]!;
    await post(KEYS.store, { channel: 'store', storeId: STORE, customer: { id: `pos-${i}`, ...who }, lines: [{ sku: a.sku, quantity: 1, unitPrice: a.price }], placedAt: '2026-11-01T12:00:00.000Z' });
    await post(KEYS.web, { channel: 'web', customer: { id: `web-${i}`, ...who }, fulfilment: { type: 'ship' }, lines: [{ sku: b.sku, quantity: 1, unitPrice: b.price }], placedAt: '2026-10-01T12:00:00.000Z' });
  }
  const renderer = await serveRenderer();
  const browser = await launchChromium();
  try {
    const started = Date.now();
    const page = await enrolledPage({ browser, rendererUrl: renderer.url, serverUrl: catalog.baseUrl, db, storeId: STORE, role: 'counter' });
    // tsx wraps named functions in __name(); functions passed to page.evaluate need it too (from the next load on).
    await page.context().addInitScript('globalThis.__name = (fn) => fn;');
    await page.reload();
    await page.locator('[data-testid="sync-indicator"][data-status="idle"]').waitFor({ timeout: 60_000 });
    const count = (): Promise<number> => page.evaluate(async () => ((await (window as unknown as { __aisle?: { counts(): Promise<Record<string, number>> } }).__aisle?.counts()) ?? {})['customers'] ?? 0);
    while ((await count()) < customers) {
      if (Date.now() - started > 180_000) throw new Error(`working set never reached ${customers} customers on the device`);
      await page.waitForTimeout(200);
    }
    const workingSetSyncSeconds = (Date.now() - started) / 1000;
    await signIn(page, '1002', DEMO_ASSOCIATE_PIN);
    const ids = new Map<string, string>();
    for (const r of (await db.query<{ card: string; id: string }>(`SELECT data->>'loyaltyNumber' AS card, data->>'customerId' AS id FROM docs WHERE collection = 'customers' AND scope = $1 AND NOT deleted`, [STORE])).rows) ids.set(r.card, r.id);
    const results: CustomerScanResult['runs'] = [];
    const all: number[] = [];
    // The renderer main thread's CPU time (CDP ThreadTime), the figure the machine's load hardly moves.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const threadTime = async (): Promise<number> => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN;
    for (let run = 0; run < runs; run++) {
      const ms: number[] = [];
      const cpu0 = await threadTime();
      for (let s = 0; s < samples; s++) {
        const card = cards[(run * samples + s * 13) % cards.length]!;
        const customerId = ids.get(card);
        if (!customerId) throw new Error(`card ${card} is not in the working set`);
        await page.getByTestId('nav-customers').click();
        await page.getByTestId('customer-search').waitFor();
        // Out of the search field: a controlled input re-renders the first key back after the wedge removes it.
        await page.locator('[data-testid="customer-search"] h1').click();
        // The scanner's burst as key events dispatched in the page, 3 ms apart, into the app's keyboard wedge: typed
        // through the DevTools protocol, this shared 2-core machine stretched gaps past the wedge's limit and split
        // bursts. The clock starts at the Enter keydown.
        await page.evaluate(async (text) => {
          const key = (k: string): void => void window.dispatchEvent(new KeyboardEvent('keydown', { key: k, code: k === 'Enter' ? 'Enter' : `Digit${k}`, bubbles: true, cancelable: true }));
          for (const ch of text) {
            key(ch);
            await new Promise((r) => setTimeout(r, 3));
          }
          (window as unknown as { __enterAt: number }).__enterAt = performance.now();
          key('Enter');
        }, card);
        ms.push(
          await page.evaluate(async (id) => {
            const w = window as unknown as { __enterAt: number };
            return new Promise<number>((resolve, reject) => {
              const deadline = performance.now() + 5000;
              const check = (): void => {
                const profile = document.querySelector(`[data-testid="customer-profile"][data-customer-id="${id}"]`);
                if (profile?.querySelector('[data-testid="customer-name"]')?.textContent && profile.querySelectorAll('[data-testid="customer-order"]').length >= 2) resolve(performance.now() - w.__enterAt);
                else if (performance.now() > deadline) reject(new Error(`profile of ${id} never shown`));
                else requestAnimationFrame(check);
              };
              check();
            });
          }, customerId),
        );
      }
      const cpuPerScanMs = round((((await threadTime()) - cpu0) * 1000) / samples);
      all.push(...ms);
      results.push({ p95Ms: round(percentile(ms, 95)), medianMs: round(percentile(ms, 50)), maxMs: round(Math.max(...ms)), cpuPerScanMs });
      log(`run ${run + 1}: p95 ${round(percentile(ms, 95))} ms over ${ms.length} scans; renderer main-thread CPU ${cpuPerScanMs} ms a scan (with the click to the search screen)`);
    }
    const p95s = results.map((r) => r.p95Ms).sort((a, b) => a - b);
    const median = p95s[Math.floor(p95s.length / 2)] ?? NaN;
    return {
      customers,
      samplesPerRun: samples,
      runs: results,
      scanToProfileP95Ms: { median, min: p95s[0] ?? NaN, max: p95s.at(-1) ?? NaN },
      scanToProfileMedianMs: round(percentile(all, 50)),
      workingSetSyncSeconds: round(workingSetSyncSeconds, 2),
      targetP95Ms: 100,
      pass: median <= 100,
    };
  } finally {
    await browser.close();
    await renderer.close();
    await catalog.close();
    await db.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { customers: { type: 'string', default: '300' }, samples: { type: 'string', default: '30' }, runs: { type: 'string', default: '3' } } });
  const result = await benchCustomerScan({ customers: Number(values.customers), samples: Number(values.samples), runs: Number(values.runs) });
  console.table({
    'scan → profile p95 (ms), median of runs': result.scanToProfileP95Ms.median,
    'p95 spread across runs (ms)': `${result.scanToProfileP95Ms.min} – ${result.scanToProfileP95Ms.max}`,
    'scan → profile median (ms)': result.scanToProfileMedianMs,
    'renderer main-thread CPU a scan (ms), per run': result.runs.map((r) => r.cpuPerScanMs).join(', '),
    'load average (1 min)': round(loadavg()[0] ?? 0),
    'working set on device (customers)': result.customers,
    'working set first sync (s)': result.workingSetSyncSeconds,
    'target p95 ≤ 100 ms': result.pass ? 'met' : 'NOT met',
  });
  const dir = path.join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'customer-scan.json'), `${JSON.stringify({ at: new Date().toISOString(), load1: round(loadavg()[0] ?? 0), ...result }, null, 2)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
