/**
 * End to end, in Debian's Chromium with the production renderer build (browser host) and a real catalog server:
 * enroll → first sync with progress → sign in → search → product detail; server stopped → reload → still
 * browsing, offline shown; server back → a price change appears live, without a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { createEnrollmentCode } from '../../server/auth';
import { writeDocs } from '../../server/sync/revisions';
import { startCatalog, type RunningCatalog } from '../support/catalog';
import { serveRenderer } from '../support/static';
import { chromiumMissingReason, launchChromium } from '../support/browser';
import { DEMO_ASSOCIATE_PIN } from '../../server/seed/demo';
import type { ProductDoc, VariantDoc } from '../../shared/schemas/collections';
import { formatMoney } from '../../shared/money';
import { expectNoAxeViolations } from '../support/axe';
import { scanWithWedge } from '../support/appPage';

const skipReason = chromiumMissingReason();
const VARIANTS = 2000;

describe.skipIf(skipReason !== '')('foundation, end to end in Chromium', () => {
  let db: Db;
  let catalog: RunningCatalog;
  let port: number;
  let renderer: Awaited<ReturnType<typeof serveRenderer>>;
  let browser: Browser;
  let page: Page;
  let product: ProductDoc;
  let variant: VariantDoc;

  beforeAll(async () => {
    db = await openDb({});
    await seedDemo(db, { seed: 11, variants: VARIANTS });
    catalog = await startCatalog(db);
    port = Number(new URL(catalog.baseUrl).port);
    renderer = await serveRenderer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // Records whether the first-sync progress bar was ever on screen, however briefly.
    await page.addInitScript(() => {
      const w = window as unknown as { __sawProgress?: boolean };
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="first-sync-progress"]')) w.__sawProgress = true;
      }).observe(document, { subtree: true, childList: true });
    });
    const row = await db.query<{ data: VariantDoc }>(`SELECT data FROM docs WHERE collection = 'variants' ORDER BY id LIMIT 1 OFFSET 17`);
    variant = row.rows[0]?.data as VariantDoc;
    const p = await db.query<{ data: ProductDoc }>(`SELECT data FROM docs WHERE collection = 'products' AND id = $1`, [variant.productId]);
    product = p.rows[0]?.data as ProductDoc;
  });

  afterAll(async () => {
    await browser?.close();
    await renderer?.close();
    await catalog?.close();
    await db?.close();
  });

  async function signInIfAsked(): Promise<void> {
    const staff = page.getByTestId('signin-staff');
    if (await staff.isVisible().catch(() => false)) {
      // Demo store 1: associates 1002–1006 (server/seed/demo.ts).
      await staff.fill('1002');
      await page.getByTestId('signin-pin').fill(DEMO_ASSOCIATE_PIN);
      await page.getByTestId('signin-submit').click();
      await page.locator('[data-testid="signed-in-staff"], [data-testid="signin-error"]').first().waitFor({ timeout: 15_000 });
      // count() answers at once; textContent() on a missing element would wait for the default timeout.
      const refused = (await page.getByTestId('signin-error').count()) > 0 ? await page.getByTestId('signin-error').textContent() : null;
      expect(refused, 'sign-in refused').toBeNull();
      await page.getByTestId('signed-in-staff').waitFor({ timeout: 5_000 });
    }
  }

  async function openProductBySearch(): Promise<void> {
    const search = page.getByTestId('search-input');
    await search.waitFor({ timeout: 30_000 });
    await search.fill(product.title);
    await page.getByTestId('search-result').first().waitFor({ timeout: 10_000 });
    const ids = await page.getByTestId('search-result').evaluateAll((els) => els.map((e) => e.getAttribute('data-product-id')));
    expect(ids).toContain(product.id);
    const index = ids.indexOf(product.id);
    for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="product-detail"][data-product-id="${product.id}"]`).waitFor({ timeout: 10_000 });
  }

  it('enrolls with a code, shows first-sync progress, and reports a wrong code clearly', async () => {
    await page.goto(renderer.url);
    await page.getByTestId('enroll-server-url').waitFor();
    await expectNoAxeViolations(page, 'enroll');
    await page.getByTestId('enroll-server-url').fill(catalog.baseUrl);
    await page.getByTestId('enroll-code').fill('WRONG-CODE1');
    await page.getByTestId('enroll-submit').click();
    await expect.poll(async () => (await page.getByTestId('enroll-error').textContent()) ?? '', { timeout: 10_000 }).toMatch(/code/i);
    await expectNoAxeViolations(page, 'enroll, wrong code');

    await page.getByTestId('enroll-server-url').fill('http://127.0.0.1:9');
    const { code } = await createEnrollmentCode(db, 'store-001', 'counter');
    await page.getByTestId('enroll-code').fill(code);
    await page.getByTestId('enroll-submit').click();
    await expect.poll(async () => (await page.getByTestId('enroll-error').textContent()) ?? '', { timeout: 15_000 }).toMatch(/reach|unreachable|connect/i);

    await page.getByTestId('enroll-server-url').fill(catalog.baseUrl);
    await page.getByTestId('enroll-submit').click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { __sawProgress?: boolean }).__sawProgress === true), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('sync-indicator').getAttribute('data-status'), { timeout: 90_000 }).toBe('idle');
    await expectNoAxeViolations(page, 'search, signed out');
    await signInIfAsked();
    await expectNoAxeViolations(page, 'search, signed in');
  });

  it('finds a product as you type and opens its detail with variants, price and stock here', async () => {
    await openProductBySearch();
    const rows = page.getByTestId('variant-row');
    expect(await rows.count()).toBeGreaterThan(0);
    const row = page.locator(`[data-testid="variant-row"][data-variant-id="${variant.id}"]`);
    await expect.poll(async () => (await row.getByTestId('variant-price').textContent()) ?? '').toContain(formatMoney(variant.price));
    await expect.poll(() => page.getByTestId('stock-here').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('nearby-stores').isVisible(), { timeout: 10_000 }).toBe(true);
    await expectNoAxeViolations(page, 'product detail');
  });

  it('a scanner read opens the scanned product from anywhere and leaves what the associate typed alone', async () => {
    const other = await db.query<{ data: VariantDoc }>(`SELECT data FROM docs WHERE collection = 'variants' AND data->>'productId' <> $1 ORDER BY id LIMIT 1 OFFSET 40`, [variant.productId]);
    const scanned = other.rows[0]?.data;
    if (!scanned) throw new Error('no second variant in the demo catalog');
    await page.keyboard.press('Escape');
    const search = page.getByTestId('search-input');
    await search.waitFor();
    await search.fill('');
    await search.click();
    await page.keyboard.type('jack', { delay: 90 });
    // A USB scanner is a keyboard that types the barcode in a burst and presses Enter.
    await scanWithWedge(page, scanned.barcode);
    await page.locator(`[data-testid="product-detail"][data-product-id="${scanned.productId}"]`).waitFor({ timeout: 5_000 });
    // From the product page a second scan opens the next product; the typed text is still in the search field.
    await scanWithWedge(page, variant.barcode);
    await page.locator(`[data-testid="product-detail"][data-product-id="${variant.productId}"]`).waitFor({ timeout: 5_000 });
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('search-input').inputValue()).toBe('jack');
    // A misread (bad check digit) is refused where the associate can see it, quoting what was read.
    const bad = scanned.barcode.slice(0, -1) + String((Number(scanned.barcode.slice(-1)) + 1) % 10);
    await scanWithWedge(page, bad);
    await expect.poll(async () => (await page.getByTestId('scan-refusal').textContent()) ?? '', { timeout: 5_000 }).toContain(bad);
    await expectNoAxeViolations(page, 'scan refused');
  });

  it('keeps browsing with the server stopped, says it is offline, and catches up live when it returns', async () => {
    await catalog.close();
    await page.reload();
    await signInIfAsked();
    await expect.poll(() => page.getByTestId('sync-indicator').getAttribute('data-status'), { timeout: 30_000 }).toBe('offline');
    await openProductBySearch();
    await expect.poll(() => page.getByTestId('nearby-offline').isVisible(), { timeout: 10_000 }).toBe(true);
    await expectNoAxeViolations(page, 'offline, product detail');

    catalog = await startCatalog(db, port);
    await expect.poll(() => page.getByTestId('sync-indicator').getAttribute('data-status'), { timeout: 60_000 }).toBe('idle');
    const newPrice = { amount: variant.price.amount + 1234, currency: variant.price.currency };
    await db.transaction((tx) => writeDocs(tx, 'variants', [{ id: variant.id, scope: '', data: { ...variant, price: newPrice, updatedAt: new Date().toISOString() } }], 'e2e'));
    const row = page.locator(`[data-testid="variant-row"][data-variant-id="${variant.id}"]`);
    await expect.poll(async () => (await row.getByTestId('variant-price').textContent()) ?? '', { timeout: 10_000 }).toContain(formatMoney(newPrice));
  });
});
