/**
 * A rate-limited enrollment, end to end in Chromium with the production build: after the address has used up its
 * enrollment tries, the enroll screen says how long to wait in words (the server's 429, Retry-After 10 minutes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { startCatalog, type RunningCatalog } from '../support/catalog';
import { serveRenderer } from '../support/static';
import { chromiumMissingReason, launchChromium } from '../support/browser';
import { RATE_LIMITS } from '../../server/security/rateLimits';
import { API_PREFIX } from '../../shared/sync';

const skipReason = chromiumMissingReason();

describe.skipIf(skipReason !== '')('rate-limited enrollment in Chromium', () => {
  let db: Db;
  let catalog: RunningCatalog;
  let renderer: Awaited<ReturnType<typeof serveRenderer>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    db = await openDb({});
    await seedDemo(db, { seed: 2, variants: 10 });
    catalog = await startCatalog(db);
    renderer = await serveRenderer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
  });

  afterAll(async () => {
    await browser?.close();
    await renderer?.close();
    await catalog?.close();
    await db?.close();
  });

  it('the enroll screen shows the wait in words', async () => {
    // The browser and this test share 127.0.0.1: spend the address's budget with wrong codes.
    for (let i = 0; i < RATE_LIMITS.enroll.max; i += 1) {
      const res = await fetch(`${catalog.baseUrl}${API_PREFIX}/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: `WRONG-${i}` }) });
      expect(res.status).toBe(401);
    }
    await page.goto(renderer.url);
    await page.getByTestId('enroll-server-url').fill(catalog.baseUrl);
    await page.getByTestId('enroll-code').fill('ABCDE-FGHJK');
    await page.getByTestId('enroll-submit').click();
    await expect.poll(() => page.getByTestId('enroll-error').innerText(), { timeout: 20_000 }).toContain('Too many tries — try again in 10 minutes.');
    if (process.env['AISLE_SCREENSHOT_DIR']) await page.screenshot({ path: `${process.env['AISLE_SCREENSHOT_DIR']}/enroll-rate-limited.png` });
  });
});
