/**
 * The screens issue #12 reworked, in the production renderer build (browser host) in Chromium:
 * - the kiosk in portrait (1080×1920) and landscape (1920×1080): no sync indicator or other internal status,
 *   touch targets of at least 48 px, a search placeholder that fits, and for an item out of stock here the nearest
 *   store that has it in customer words (miles for a US store);
 * - the counter's search rows (image, price, SKU or options, stock here) and the camera panel on a machine with no
 *   camera (one message, no aiming hint).
 * AISLE_E2E_SCREENSHOTS=<dir> keeps a picture of each screen checked.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/db';
import { DEMO_ASSOCIATE_PIN, seedDemo } from '../../server/seed/demo';
import type { ProductDoc, VariantDoc } from '../../shared/schemas/collections';
import { setStock } from '../support/catalog';
import { chromiumMissingReason } from '../support/browser';
import { scanWithWedge, signIn, startBrowserApp, type BrowserApp } from '../support/appPage';

const skipReason = chromiumMissingReason();
const STORE = 'store-001';
const SHELF = 'Aisle 3 · Bay 4 · Shelf B';

describe.skipIf(skipReason !== '')('store screens: kiosk layouts, search rows, camera without a camera', () => {
  let db: Db;
  let app: BrowserApp;
  let lacking: VariantDoc;
  let product: ProductDoc;

  async function shot(page: Page, name: string): Promise<void> {
    const dir = process.env['AISLE_E2E_SCREENSHOTS'];
    if (dir) await page.screenshot({ path: path.join(dir, `${name}.png`) });
  }

  beforeAll(async () => {
    db = await openDb({});
    await seedDemo(db, { seed: 11, variants: 300, stores: 3 });
    const v = await db.query<{ data: VariantDoc }>(`SELECT data FROM docs WHERE collection = 'variants' ORDER BY id LIMIT 1 OFFSET 30`);
    lacking = v.rows[0]!.data;
    const p = await db.query<{ data: ProductDoc }>(`SELECT data FROM docs WHERE collection = 'products' AND id = $1`, [lacking.productId]);
    product = p.rows[0]!.data;
    // None here; the nearest other store (Providence, ~65 km) has some, the farther one (Hartford) too.
    await setStock(db, STORE, lacking.id, 0, { location: SHELF, by: 'e2e' });
    await setStock(db, 'store-002', lacking.id, 4, { location: SHELF, by: 'e2e' });
    await setStock(db, 'store-003', lacking.id, 9, { location: SHELF, by: 'e2e' });
    // No fake media flags: this Chromium has no camera at all.
    app = await startBrowserApp(db);
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  /** Every visible control a customer can touch that is smaller than 48×48 CSS px. */
  async function smallTargets(page: Page): Promise<string[]> {
    return page.evaluate(() => {
      const out: string[] = [];
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('button, input, select, a[href], [role="option"], [role="radio"]'))) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (r.width < 48 || r.height < 48) out.push(`${el.tagName.toLowerCase()}${el.dataset['testid'] ? `[${el.dataset['testid']}]` : ''} ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
      return out;
    });
  }

  /** Whether the search field's placeholder fits inside the field (measured in the field's own font). */
  async function placeholderFits(page: Page): Promise<{ fits: boolean; text: number; room: number }> {
    return page.getByTestId('search-input').evaluate((el) => {
      const input = el as HTMLInputElement;
      const style = getComputedStyle(input);
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const text = ctx.measureText(input.placeholder).width;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return { fits: text <= room, text: Math.round(text), room: Math.round(room) };
    });
  }

  for (const [name, viewport] of [
    ['portrait', { width: 1080, height: 1920 }],
    ['landscape', { width: 1920, height: 1080 }],
  ] as const) {
    it(`kiosk ${name}: fills the screen, 48 px targets, whole placeholder, no internal status, nearby store in customer words`, async () => {
      const page = await app.open(STORE, 'kiosk', viewport);
      await page.getByTestId('search-input').waitFor();
      expect(await page.getByTestId('sync-indicator').count()).toBe(0);
      expect(await page.getByTestId('offline-banner').count()).toBe(0);
      expect(await page.getByTestId('first-sync-progress').count()).toBe(0);
      expect(await placeholderFits(page)).toMatchObject({ fits: true });
      // The start screen uses the screen: the search block spans most of the width.
      const search = await page.locator('.kiosk-search').boundingBox();
      expect(search!.width).toBeGreaterThan(viewport.width * 0.7);
      expect(await smallTargets(page)).toEqual([]);
      await shot(page, `kiosk-${name}-start`);

      await page.getByTestId('search-input').fill(product.title.split(' ')[0]!);
      await page.getByTestId('search-result').first().waitFor({ timeout: 10_000 });
      expect(await smallTargets(page)).toEqual([]);
      await shot(page, `kiosk-${name}-results`);

      await page.getByTestId('search-input').fill('');
      await scanWithWedge(page, lacking.barcode);
      await page.locator(`[data-testid="product-detail"][data-product-id="${product.id}"]`).waitFor({ timeout: 10_000 });
      const nearby = page.getByTestId('kiosk-nearby');
      await expect.poll(async () => (await nearby.textContent()) ?? '', { timeout: 15_000 }).toMatch(/^Available at Aisle Providence Westminster, \d+ mi away/);
      expect(await nearby.textContent()).not.toMatch(/\bkm\b|available: |\d+ in stock/);
      expect(await smallTargets(page)).toEqual([]);
      await shot(page, `kiosk-${name}-nearby`);
      await page.context().close();
    });
  }

  it('counter: search rows load their images only once on screen; a row scrolled to loads its own', async () => {
    // A short window: three or four rows show, so most of a category's rows are below the fold.
    const page = await app.open(STORE, 'counter', { width: 1280, height: 480 });
    await signIn(page, '1002', DEMO_ASSOCIATE_PIN);
    const top = await db.query<{ c: string; n: number }>(`SELECT data->>'category' AS c, count(*)::int AS n FROM docs WHERE collection = 'products' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`);
    const category = top.rows[0]!.c;
    const imageRequests = new Set<string>();
    page.on('request', (r) => {
      if (r.url().includes('/images/products/')) imageRequests.add(new URL(r.url()).pathname);
    });
    await page.getByTestId('search-input').fill(category);
    const rows = page.getByTestId('search-result');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(top.rows[0]!.n);
    const images = page.locator('[data-testid="search-result"] img.result-img');
    await expect.poll(() => images.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const count = await rows.count();
    const last = rows.nth(count - 1);
    const lastId = (await last.getAttribute('data-product-id'))!;
    // Give the rows on screen time to finish, then check the ones below never asked.
    await page.waitForTimeout(500);
    expect(await images.count()).toBeLessThan(count);
    expect(await last.locator('img').count()).toBe(0);
    expect(await last.locator('.img-placeholder').getAttribute('aria-label')).toBe('Loading image');
    expect([...imageRequests]).not.toContain(`/images/products/${encodeURIComponent(lastId)}.svg`);
    await last.scrollIntoViewIfNeeded();
    await expect.poll(() => last.locator('img.result-img').count(), { timeout: 10_000 }).toBe(1);
    await shot(page, 'counter-search-rows-scrolled');
    await page.context().close();
  });

  it('counter: search rows show image, price, SKU/options and stock here; the camera panel says one thing with no camera', async () => {
    await setStock(db, STORE, lacking.id, 2, { location: SHELF, by: 'e2e' });
    const page = await app.open(STORE, 'counter');
    await signIn(page, '1002', DEMO_ASSOCIATE_PIN);
    await page.getByTestId('search-input').fill(lacking.sku);
    const row = page.locator(`[data-testid="search-result"][data-product-id="${product.id}"]`);
    await row.waitFor({ timeout: 10_000 });
    await expect.poll(async () => (await row.getByTestId('result-stock').textContent()) ?? '').toBe('Only 2 here');
    expect(await row.getByTestId('result-sku').textContent()).toBe(lacking.sku);
    expect(await row.getByTestId('result-price').textContent()).toMatch(/^\$\d/);
    expect(await row.locator('.result-img').count()).toBe(1);

    await page.getByTestId('search-input').fill(product.title);
    await expect.poll(() => page.getByTestId('search-result').count()).toBeGreaterThan(0);
    await expect.poll(async () => (await page.getByTestId('result-price').first().textContent()) ?? '').toMatch(/\d/);
    await shot(page, 'counter-search-rows');

    await page.getByTestId('camera-toggle').click();
    const status = page.getByTestId('camera-status');
    await expect.poll(async () => (await status.textContent()) ?? '', { timeout: 15_000 }).toBe('No camera found on this device. Use the barcode scanner or type the code instead.');
    const panel = await page.getByTestId('camera-panel').textContent();
    expect(panel).not.toContain('Requested device not found');
    expect(panel).not.toContain('Hold the barcode');
    await shot(page, 'counter-camera-none');
    await page.context().close();
  });
});
