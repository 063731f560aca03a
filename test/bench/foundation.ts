/**
 * `npm run bench` — the foundation benchmark. The real renderer (production build, browser host) in headless
 * Chromium against the real catalog server (in-process, PGlite in memory) with the demo retailer at 100,000
 * variants. Prints a table and writes test/bench/results/foundation.json.
 *
 *   initialSyncSeconds   enroll → every collection of a fresh device synced (IndexedDB through RxDB/Dexie)
 *   rawIndexedDbSeconds  the same documents written straight into IndexedDB in the same browser (the floor)
 *   searchP95Ms          keystroke → search results for that text rendered
 *   scanToDetailP95Ms    a barcode typed at scanner speed + Enter → that product's detail on screen
 *   changeToScreenP95Ms  a price change committed on the server → the new price on screen
 *   heapMB               renderer JS heap after first sync (after a forced GC)
 *
 * Options: --variants N (default 100000), --samples N (default 40).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { openDb } from '../../server/db/open';
import { seedDemo, DEMO_ASSOCIATE_PIN } from '../../server/seed/demo';
import { createEnrollmentCode } from '../../server/auth';
import { writeDocs } from '../../server/sync/revisions';
import { startCatalog } from '../support/catalog';
import { serveRenderer } from '../support/static';
import { launchChromium } from '../support/browser';
import { formatMoney } from '../../shared/money';
import type { VariantDoc } from '../../shared/schemas/collections';

const { values } = parseArgs({ options: { variants: { type: 'string', default: '100000' }, samples: { type: 'string', default: '40' }, 'profile-sync': { type: 'string' } } });
const VARIANTS = Number(values.variants);
const SAMPLES = Number(values.samples);
const STORE = 'store-001';

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}
const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;
const log = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);

async function waitForStatus(page: Page, status: string, timeout: number): Promise<void> {
  await page.waitForFunction((s) => document.querySelector('[data-testid="sync-indicator"]')?.getAttribute('data-status') === s, status, { timeout, polling: 50 });
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const db = await openDb({});
  log(`seeding ${VARIANTS} variants…`);
  await seedDemo(db, { seed: 42, variants: VARIANTS });
  log(`seeded in ${round((Date.now() - t0) / 1000)} s`);
  const catalog = await startCatalog(db);
  const renderer = await serveRenderer();
  const browser = await launchChromium(['--js-flags=--expose-gc']);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // tsx (esbuild, keepNames) wraps named functions in __name(); functions passed to page.evaluate need it too.
  await context.addInitScript('globalThis.__name = (fn) => fn;');
  // The scan clock starts at the terminating Enter's keydown. Registered before the app's own scripts, so it runs
  // before the keyboard wedge, which consumes a scan's keys (and stops their propagation) once it knows it is a scan.
  await context.addInitScript(`window.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__enterAt = performance.now(); }, { capture: true });`);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);

  // 1. First sync of a fresh device, through the real enrollment screen.
  await page.goto(renderer.url);
  const { code } = await createEnrollmentCode(db, STORE, 'counter');
  await page.getByTestId('enroll-server-url').fill(catalog.baseUrl);
  await page.getByTestId('enroll-code').fill(code);
  // --profile-sync FILE: a CPU profile of the renderer during the first sync (open it in Chromium's DevTools).
  const profileFile = values['profile-sync'];
  if (profileFile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  const syncStart = Date.now();
  await page.getByTestId('enroll-submit').click();
  await page.getByTestId('first-sync-progress').waitFor({ state: 'attached', timeout: 60_000 });
  await page.getByTestId('first-sync-progress').waitFor({ state: 'detached', timeout: 900_000 });
  await waitForStatus(page, 'idle', 900_000);
  const initialSyncSeconds = (Date.now() - syncStart) / 1000;
  log(`first sync ${round(initialSyncSeconds)} s`);
  if (profileFile) {
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
    writeFileSync(profileFile, JSON.stringify(profile));
    log(`CPU profile of the first sync written to ${profileFile}`);
  }
  // Where the first sync's time went: waiting for the server (fetch + JSON + validation, summed over requests;
  // overlapped with the writes by the pull pipeline) versus the whole, per collection.
  const pulls = await page.evaluate(() => (window as unknown as { __aisle: { metrics(): { pulls: { requests: number; documents: number; requestMs: number; firstSyncMs: Record<string, number> } } } }).__aisle.metrics().pulls);
  log(`pulls: ${pulls.requests} requests, ${pulls.documents} documents, ${round(pulls.requestMs / 1000)} s waiting for the server`);

  await page.evaluate(() => (globalThis as unknown as { gc?: () => void }).gc?.());
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  const heapMB = heap.usedSize / 1024 / 1024;

  // Sign in (counter devices) so the search screen is on.
  const staff = page.getByTestId('signin-staff');
  if (await staff.isVisible().catch(() => false)) {
    await staff.fill('1002');
    await page.getByTestId('signin-pin').fill(DEMO_ASSOCIATE_PIN);
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('signed-in-staff').waitFor({ timeout: 30_000 });
  }
  await page.getByTestId('search-input').waitFor({ timeout: 30_000 });

  // 2. Keystroke → rendered results, measured inside the page: set the value, fire 'input', and wait for the
  //    results list to declare (data-query) that it shows that text, then for the frame to be painted.
  const titles = await db.query<{ t: string }>(`SELECT data->>'title' AS t FROM docs WHERE collection = 'products' ORDER BY md5(id) LIMIT 12`);
  const queries = titles.rows.map((r) => r.t.split(' ').slice(0, 2).join(' '));
  const searchMs: number[] = await page.evaluate(async (qs) => {
    const input = document.querySelector<HTMLInputElement>('[data-testid="search-input"]');
    if (!input) throw new Error('no search input');
    // React listens for 'input' events and tracks the value through the prototype's setter.
    const descriptor = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
    const setValue = (v: string): void => descriptor?.set?.call(input, v);
    const times: number[] = [];
    for (const q of qs) {
      for (let i = 1; i <= q.length; i++) {
        const text = q.slice(0, i);
        const start = performance.now();
        setValue(text);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise<void>((resolve, reject) => {
          const deadline = start + 5000;
          const check = (): void => {
            const list = document.querySelector('[data-testid="search-results"]');
            if (list?.getAttribute('data-query') === text) resolve();
            else if (performance.now() > deadline) reject(new Error(`results for "${text}" never rendered`));
            else requestAnimationFrame(check);
          };
          check();
        });
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        times.push(performance.now() - start);
      }
      setValue('');
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => setTimeout(r, 50));
    }
    return times;
  }, queries);
  log(`search: ${searchMs.length} keystrokes`);

  // 3. Scanner-speed barcode → product detail. Keys come through the real keyboard pipeline (CDP), a few ms
  //    apart like a USB wedge, and through the app's wedge and scan router; the clock starts at the terminating
  //    Enter's keydown, inside the page (the listener installed before the app loads).
  const sampleVariants = (await db.query<{ data: VariantDoc }>(`SELECT data FROM docs WHERE collection = 'variants' ORDER BY md5(id) LIMIT $1`, [SAMPLES])).rows.map((r) => r.data);
  const scanMs: number[] = [];
  for (const v of sampleVariants) {
    await page.keyboard.press('Escape');
    await page.getByTestId('search-input').focus();
    await page.keyboard.type(v.barcode, { delay: 4 });
    await page.keyboard.press('Enter');
    const ms = await page.evaluate(async (productId) => {
      const w = window as unknown as { __enterAt: number };
      return new Promise<number>((resolve, reject) => {
        const deadline = performance.now() + 5000;
        const check = (): void => {
          if (document.querySelector(`[data-testid="product-detail"][data-product-id="${productId}"]`)) resolve(performance.now() - w.__enterAt);
          else if (performance.now() > deadline) reject(new Error(`detail for ${productId} never shown`));
          else requestAnimationFrame(check);
        };
        check();
      });
    }, v.productId);
    if (!Number.isFinite(ms)) throw new Error('the scan clock never started: no Enter keydown reached the page listener');
    scanMs.push(ms);
  }
  log(`scan: ${scanMs.length} scans`);

  // 4. A price change on the server → the new price on screen (detail of the last scanned product is open).
  const target = sampleVariants[sampleVariants.length - 1];
  if (!target) throw new Error('no sample variants');
  const changeMs: number[] = [];
  let price = target.price.amount;
  for (let i = 0; i < Math.min(SAMPLES, 30); i++) {
    price += 100;
    const next = { ...target, price: { amount: price, currency: target.price.currency }, updatedAt: new Date().toISOString() };
    const expected = formatMoney(next.price);
    const started = Date.now();
    await db.transaction((tx) => writeDocs(tx, 'variants', [{ id: target.id, scope: '', data: next }], 'bench'));
    await page.waitForFunction(
      ({ id, text }) => document.querySelector(`[data-testid="variant-row"][data-variant-id="${id}"] [data-testid="variant-price"]`)?.textContent?.includes(text) === true,
      { id: target.id, text: expected },
      { timeout: 10_000, polling: 'raf' },
    );
    changeMs.push(Date.now() - started);
  }
  log(`change: ${changeMs.length} changes`);

  // 5. The physical floor: the same documents this device received, written straight into IndexedDB in the
  //    same browser (raw API, one object store per collection, 2,000 documents per transaction).
  const collections = ['stores', 'products', 'variants', 'inventory', 'staff'] as const;
  const raw = await context.newPage();
  await raw.goto(`${renderer.url}__blank`);
  let rawMs = 0;
  for (const c of collections) {
    const scope = c === 'inventory' || c === 'staff' ? STORE : '';
    const rows = await db.query<{ data: Record<string, unknown> }>(`SELECT data FROM docs WHERE collection = $1 AND scope = $2 AND NOT deleted ORDER BY rev`, [c, scope]);
    const docs = rows.rows.map((r) => r.data);
    await raw.evaluate(() => ((window as unknown as { __docs: unknown[] }).__docs = []));
    for (let i = 0; i < docs.length; i += 10_000) {
      await raw.evaluate((chunk) => (window as unknown as { __docs: unknown[] }).__docs.push(...chunk), docs.slice(i, i + 10_000));
    }
    rawMs += await raw.evaluate(async (storeName) => {
      const docs = (window as unknown as { __docs: unknown[] }).__docs;
      const start = performance.now();
      const idb = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(`floor-${storeName}`, 1);
        req.onupgradeneeded = () => req.result.createObjectStore('docs', { keyPath: 'id' });
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(new Error(String(req.error)));
      });
      for (let i = 0; i < docs.length; i += 2000) {
        await new Promise<void>((resolve, reject) => {
          const tx = idb.transaction('docs', 'readwrite');
          const store = tx.objectStore('docs');
          for (const d of docs.slice(i, i + 2000)) store.put(d);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(new Error(String(tx.error)));
        });
      }
      idb.close();
      return performance.now() - start;
    }, c);
  }
  const rawIndexedDbSeconds = rawMs / 1000;

  const result = {
    variants: VARIANTS,
    initialSyncSeconds: round(initialSyncSeconds, 2),
    rawIndexedDbSeconds: round(rawIndexedDbSeconds, 2),
    syncToRawRatio: round(initialSyncSeconds / rawIndexedDbSeconds, 2),
    firstSyncPulls: { requests: pulls.requests, documents: pulls.documents, serverWaitSeconds: round(pulls.requestMs / 1000, 2), perCollectionSeconds: Object.fromEntries(Object.entries(pulls.firstSyncMs).map(([k, v]) => [k, round(v / 1000, 2)])) },
    searchP95Ms: round(percentile(searchMs, 95)),
    searchMedianMs: round(percentile(searchMs, 50)),
    scanToDetailP95Ms: round(percentile(scanMs, 95)),
    scanToDetailMedianMs: round(percentile(scanMs, 50)),
    changeToScreenP95Ms: round(percentile(changeMs, 95)),
    changeToScreenMedianMs: round(percentile(changeMs, 50)),
    heapMB: round(heapMB),
    samples: { searchKeystrokes: searchMs.length, scans: scanMs.length, priceChanges: changeMs.length },
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version, chromium: browser.version() },
    measuredAt: new Date().toISOString(),
  };
  const targets: [string, number, number, string][] = [
    ['first sync (s)', result.initialSyncSeconds, 60, '≤'],
    ['sync ÷ raw IndexedDB', result.syncToRawRatio, 3, '≤'],
    ['search p95 (ms)', result.searchP95Ms, 50, '≤'],
    ['scan → detail p95 (ms)', result.scanToDetailP95Ms, 50, '≤'],
    ['price change → screen p95 (ms)', result.changeToScreenP95Ms, 1000, '≤'],
    ['heap after first sync (MB)', result.heapMB, 300, '≤'],
  ];
  console.log(`\nAisle foundation benchmark — ${VARIANTS.toLocaleString('en-US')} variants, raw IndexedDB floor ${result.rawIndexedDbSeconds} s\n`);
  console.log('| measure | value | target | met |');
  console.log('| --- | ---: | ---: | :---: |');
  for (const [name, value, target, op] of targets) console.log(`| ${name} | ${value} | ${op} ${target} | ${value <= target ? 'yes' : 'NO'} |`);
  const out = path.resolve(import.meta.dirname, 'results', 'foundation.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
  await browser.close();
  await renderer.close();
  await catalog.close();
  await db.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
