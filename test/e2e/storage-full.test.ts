/**
 * A device whose disk (its storage quota) fills during the first sync, in Chromium with the production build and
 * a real catalog: the quota is set with CDP's Storage.overrideQuotaForOrigin before enrolment. IndexedDB then
 * refuses writes with QuotaExceededError; the counter must say so in words, not as the browser's error name.
 * Not covered yet (a known defect, see docs/performance.md "A full disk during the first sync"): once there is room
 * again, collections whose first write failed do not always resume by themselves.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { createEnrollmentCode } from '../../server/auth';
import { startCatalog, type RunningCatalog } from '../support/catalog';
import { serveRenderer } from '../support/static';
import { chromiumMissingReason, launchChromium } from '../support/browser';
import { localCount } from '../support/appPage';

const skipReason = chromiumMissingReason();

describe.skipIf(skipReason !== '')('storage full during the first sync, in Chromium', () => {
  let db: Db;
  let catalog: RunningCatalog;
  let renderer: Awaited<ReturnType<typeof serveRenderer>>;
  let browser: Browser;

  beforeAll(async () => {
    db = await openDb({});
    await seedDemo(db, { seed: 5, variants: 6000 });
    catalog = await startCatalog(db);
    renderer = await serveRenderer();
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await renderer?.close();
    await catalog?.close();
    await db?.close();
  });

  it('says the storage is full in words, not the browser\'s error name', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(renderer.url);
    const cdp = await context.newCDPSession(page);
    const origin = new URL(renderer.url).origin;
    // Room for the small collections and a page or two, not for 6,000 variants and their stock.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 4 * 1024 * 1024 });
    const { code } = await createEnrollmentCode(db, 'store-001', 'counter');
    await page.getByTestId('enroll-server-url').fill(catalog.baseUrl);
    await page.getByTestId('enroll-code').fill(code);
    await page.getByTestId('enroll-submit').click();

    const banner = page.getByTestId('sync-error');
    await expect.poll(async () => ((await banner.count()) > 0 ? await banner.textContent() : ''), { timeout: 60_000 }).toContain('storage is full');
    expect(await banner.textContent()).not.toContain('QuotaExceededError');
    await page.screenshot({ path: path.join(process.env['AISLE_E2E_SCREENSHOTS'] ?? '/tmp', 'storage-full.png') });
    expect(await localCount(page, 'variants')).toBeLessThan(6000);

    await context.close();
  }, 240_000);
});
