/**
 * Cold start of a synced counter, in the production renderer build (browser host) in Chromium: the search box
 * answers from the search index's snapshot before the session's code (RxDB) has even loaded. The session's chunk is
 * held back at the network, as a slow disk or a busy machine would, so the start-up screen (renderer/ui/
 * EarlyCounter.tsx) is seen answering on its own; then it is let through and the full app takes over with what was
 * typed, the caret where it was, and prices on the rows. Enter pressed before the session is open opens the product
 * once it is. AISLE_E2E_SCREENSHOTS=<dir> keeps a picture of the start-up screen.
 */
import path from 'node:path';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import type { ProductDoc } from '../../shared/schemas/collections';
import { chromiumMissingReason } from '../support/browser';
import { startBrowserApp, type BrowserApp } from '../support/appPage';

const skipReason = chromiumMissingReason();
const SESSION_CHUNK = /\/assets\/session-[^/]*\.js$/;

/** Whether the search index's and the barcode map's snapshots have been saved (5 s after the first sync's last change). */
function snapshotSaved(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const info = (await indexedDB.databases()).find((d) => d.name?.endsWith('-snapshots'));
    if (!info?.name) return false;
    const name = info.name;
    return new Promise<boolean>((resolve) => {
      const open = indexedDB.open(name);
      open.onerror = () => resolve(false);
      open.onsuccess = () => {
        const db = open.result;
        const store = db.transaction('snapshots', 'readonly').objectStore('snapshots');
        const products = store.get('products.v2');
        const barcodes = store.get('barcodes.v2');
        barcodes.onsuccess = () => {
          db.close();
          resolve(products.result !== undefined && barcodes.result !== undefined);
        };
        barcodes.onerror = () => resolve(false);
      };
    });
  });
}

/** Holds every request for the session's chunk until the returned function is called (then they go through). */
async function holdSessionCode(page: Page): Promise<() => void> {
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  // The newest route is asked first: a later test's hold takes over from this one's, which has let go by then.
  await page.route(SESSION_CHUNK, async (route: Route) => {
    await released;
    await route.fallback();
  });
  return release;
}

describe.skipIf(skipReason !== '')('cold start: search answers before the database is open', () => {
  let db: Db;
  let app: BrowserApp;
  let page: Page;
  let product: ProductDoc;
  let query = '';
  let sku = '';
  let barcode = '';

  beforeAll(async () => {
    db = await openDb({});
    await seedDemo(db, { seed: 11, variants: 300 });
    const p = await db.query<{ data: ProductDoc }>(`SELECT data FROM docs WHERE collection = 'products' ORDER BY id LIMIT 1 OFFSET 7`);
    product = p.rows[0]!.data;
    query = product.title.split(' ').slice(0, 2).join(' ');
    const v = await db.query<{ sku: string; barcode: string }>(`SELECT data->>'sku' AS sku, data->>'barcode' AS barcode FROM docs WHERE collection = 'variants' AND data->>'productId' = $1 ORDER BY id DESC LIMIT 1`, [product.id]);
    sku = v.rows[0]!.sku;
    barcode = v.rows[0]!.barcode;
    app = await startBrowserApp(db);
    page = await app.open('store-001', 'counter');
    // A plain loop, not expect.poll: this is beforeAll.
    for (const deadline = Date.now() + 30_000; !(await snapshotSaved(page)); ) {
      if (Date.now() > deadline) throw new Error('the search snapshot was never saved');
      await page.waitForTimeout(500);
    }
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('answers a typed search from the snapshot while the session is still loading, then hands over what was typed', async () => {
    const release = await holdSessionCode(page);
    await page.reload();
    await page.locator('[data-starting]').waitFor({ timeout: 30_000 });
    await page.getByTestId('search-input').fill(query);
    const rows = page.locator(`[data-testid="search-results"][data-query="${query}"] [data-testid="search-result"]`);
    await rows.first().waitFor({ timeout: 15_000 });
    expect(await page.locator(`[data-testid="search-result"][data-product-id="${product.id}"]`).count()).toBe(1);
    // Still the start-up screen: the app frame (and RxDB with it) has not loaded.
    expect(await page.locator('[data-role]').count()).toBe(0);
    expect(await page.evaluate(() => Reflect.get(window, '__aisle') === undefined && Reflect.get(window, '__aisleEarly') !== undefined)).toBe(true);
    const dir = process.env['AISLE_E2E_SCREENSHOTS'];
    if (dir) await page.screenshot({ path: path.join(dir, 'cold-start-early.png') });

    release();
    await page.locator('[data-role="counter"]').waitFor({ timeout: 30_000 });
    const input = page.getByTestId('search-input');
    expect(await input.inputValue()).toBe(query);
    // The caret stays at the end, so the next key goes on with the query instead of replacing it.
    expect(await input.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd, el.value.length])).toEqual([query.length, query.length, query.length]);
    await page.keyboard.type('x');
    expect(await input.inputValue()).toBe(`${query}x`);
    await page.keyboard.press('Backspace');
    // The full app's rows carry prices (from the database).
    const row = page.locator(`[data-testid="search-results"][data-query="${query}"] [data-testid="search-result"][data-product-id="${product.id}"]`);
    await expect.poll(async () => ((await row.getByTestId('result-price').textContent()) ?? '').trim().length, { timeout: 15_000 }).toBeGreaterThan(0);
  });

  it('answers Enter on a SKU typed before the session is open, once it is', async () => {
    const release = await holdSessionCode(page);
    await page.reload();
    await page.locator('[data-starting]').waitFor({ timeout: 30_000 });
    // A SKU is answered by the database (variants.sku), not by the snapshot: Enter waits for the session.
    await page.getByTestId('search-input').fill(sku);
    await page.getByTestId('search-input').press('Enter');
    expect(await page.locator('[data-testid="product-detail"]').count()).toBe(0);
    release();
    await page.locator(`[data-testid="product-detail"][data-product-id="${product.id}"]`).waitFor({ timeout: 30_000 });
  });

  it('shows the product of a barcode typed before the session is open (barcode snapshot), and opens it on Enter once it is', async () => {
    await page.goto(new URL('/', page.url()).href);
    const release = await holdSessionCode(page);
    await page.reload();
    await page.locator('[data-starting]').waitFor({ timeout: 30_000 });
    // The snapshots were read by public/early-snapshots.js, started before the bundle ran.
    const marks = await page.evaluate(() => ['aisle:snapshot-read-start', 'aisle:bundle-run'].map((n) => performance.getEntriesByName(n, 'mark')[0]?.startTime ?? NaN));
    expect(marks[0]).toBeLessThan(marks[1]!);
    await page.getByTestId('search-input').fill(barcode);
    await page.locator(`[data-testid="search-results"][data-query="${barcode}"] [data-testid="search-result"][data-product-id="${product.id}"]`).waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-role]').count()).toBe(0);
    const dir = process.env['AISLE_E2E_SCREENSHOTS'];
    if (dir) await page.screenshot({ path: path.join(dir, 'cold-start-early-barcode.png') });
    await page.getByTestId('search-input').press('Enter');
    release();
    await page.locator(`[data-testid="product-detail"][data-product-id="${product.id}"]`).waitFor({ timeout: 30_000 });
  });
  it("paints the typed query's rows before the session's code runs and before the barcode decode begins; the code itself is fetched at launch", async () => {
    // A page of its own (same origin, same IndexedDB), so this init script does not follow the other tests.
    const fresh = await page.context().newPage();
    try {
      await fresh.addInitScript((q: string) => {
        const got: { painted: number; answered: string | null; rows: number; typed: string } = { painted: NaN, answered: null, rows: 0, typed: '' };
        Reflect.set(window, '__paint', got);
        // The frame that first paints the list rendered with the restored index: its requestAnimationFrame
        // callbacks run just before its paint, and this one is asked for as soon as React has put the list in.
        const observer = new MutationObserver(() => {
          const list = document.querySelector('[data-testid="search-results"][data-index-ready]');
          if (!list) return;
          observer.disconnect();
          const input = document.querySelector<HTMLInputElement>('[data-testid="search-input"]');
          got.typed = input?.value ?? '';
          got.answered = list.getAttribute('data-query');
          got.rows = list.querySelectorAll('[data-testid="search-result"]').length;
          requestAnimationFrame(() => (got.painted = performance.now()));
        });
        observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-index-ready'] });
        // Typed as soon as the box is there, as a person would: before the index is restored on most launches.
        const type = (): void => {
          const input = document.querySelector<HTMLInputElement>('[data-testid="search-input"]');
          if (!input) return void setTimeout(type, 1);
          Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, q);
          input.dispatchEvent(new Event('input', { bubbles: true }));
        };
        setTimeout(type, 0);
      }, query);
      await fresh.goto(page.url());
      await fresh.waitForFunction(() => Reflect.get(window, '__aisle') !== undefined, null, { timeout: 30_000 });
      const t = await fresh.evaluate(() => {
        const got = Reflect.get(window, '__paint') as { painted: number; answered: string | null; rows: number; typed: string };
        const chunk = performance.getEntriesByType('resource').find((e) => /\/assets\/session-[^/]*\.js$/.test(e.name));
        const mark = (name: string): number => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? NaN;
        return { ...got, sessionFetch: chunk?.startTime ?? NaN, sessionRuns: mark('aisle:session-start'), barcodeDecode: mark('aisle:early-barcodes-start'), restored: mark('aisle:early-search'), bundleRun: mark('aisle:bundle-run') };
      });
      // The rows the first frame painted answer what was in the box at the time.
      expect(t.answered).toBe(t.typed);
      if (t.typed === query) expect(t.rows).toBeGreaterThan(0);
      expect(t.painted).toBeGreaterThan(t.restored);
      // Neither the session's code nor the barcode decode came between the restore and that frame.
      expect(t.sessionRuns).toBeGreaterThan(t.painted);
      expect(t.barcodeDecode).toBeGreaterThan(t.painted);
      // The session's chunk was fetched (modulepreload, renderer/ui/sessionPreload.ts) once the start-up chunk ran
      // and before the snapshot was decoded, not once the rows were painted (it used to be).
      expect(t.sessionFetch).toBeGreaterThan(t.bundleRun);
      expect(t.sessionFetch).toBeLessThan(t.restored);
    } finally {
      await fresh.close();
    }
  });

  it("mounts the app frame only once the session's search index and barcode map have caught up, and answers the same hits", async () => {
    const fresh = await page.context().newPage();
    try {
      await fresh.addInitScript(() => {
        const got = { shell: NaN };
        Reflect.set(window, '__shell', got);
        const observer = new MutationObserver(() => {
          if (!document.querySelector('[data-role]')) return;
          observer.disconnect();
          got.shell = performance.now();
        });
        observer.observe(document, { childList: true, subtree: true });
      });
      await fresh.goto(page.url());
      await fresh.locator('[data-role="counter"]').waitFor({ timeout: 30_000 });
      const t = await fresh.evaluate(async (q: string) => {
        const mark = (name: string): number => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? NaN;
        type Hook = { search(q: string): Promise<{ hits: { id: string }[] }> };
        const early = Reflect.get(window, '__aisleEarly') as Hook | undefined;
        const session = Reflect.get(window, '__aisle') as Hook | undefined;
        const ids = async (h: Hook | undefined): Promise<string[]> => (h ? (await h.search(q)).hits.map((x) => x.id) : []);
        return { shell: (Reflect.get(window, '__shell') as { shell: number }).shell, searchReady: mark('aisle:search-ready'), barcodesReady: mark('aisle:barcodes-ready'), dbOpen: mark('aisle:db-open'), early: await ids(early), session: await ids(session) };
      }, query);
      expect(t.dbOpen).toBeLessThan(t.shell);
      // On the previous order the frame was mounted right after the database opened, before either catch-up ended.
      expect(t.searchReady).toBeLessThan(t.shell);
      expect(t.barcodesReady).toBeLessThan(t.shell);
      // What the start-up screen answered is what the session answers once it has caught up (nothing changed since).
      expect(t.early.length).toBeGreaterThan(0);
      expect(t.session).toEqual(t.early);
    } finally {
      await fresh.close();
    }
  });
});
