/**
 * An interrupted first sync, in Chromium with the production build and a real catalog: the renderer is crashed
 * (CDP Page.crash, like a killed app) after two pages of variants were written by the direct write path
 * (renderer/data/pulledPages.ts), then the app is launched again on the same profile. It must resume from the
 * stored checkpoint (never pull variants from revision 0 again), end with exactly the server's rows (no
 * duplicates, none missing), and the variants that arrived after the restart must be found through the barcode
 * map, which only change events keep up to date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { createEnrollmentCode } from '../../server/auth';
import { startCatalog, type RunningCatalog } from '../support/catalog';
import { serveRenderer } from '../support/static';
import { chromiumMissingReason, launchChromium } from '../support/browser';

const skipReason = chromiumMissingReason();
// Pages of 5,000 (PULL_BATCH_SIZE): variants come in 4 pages, 3 of them full (written directly).
const VARIANTS = 16_000;

interface Pull {
  session: number;
  rev: number;
  docs?: string[];
  checkpoint?: number;
}

/** Lets a pull through to the real catalog and records which documents and checkpoint it brought. */
async function passOn(route: Route, pull: Pull): Promise<void> {
  const response = await route.fetch().catch(() => null);
  if (!response) return route.abort().catch(() => undefined);
  const body = (await response.json()) as { documents: { id: string }[]; checkpoint: { rev: number } };
  pull.docs = body.documents.map((d) => d.id);
  pull.checkpoint = body.checkpoint.rev;
  await route.fulfill({ response, json: body }).catch(() => undefined);
}

type Hook = { __aisle?: { counts(): Promise<Record<string, number>>; search(q: string): Promise<{ barcodeMatch: { variantId: string } | null }>; ready: Promise<void> } };

describe.skipIf(skipReason !== '')('first sync interrupted by a crash, in Chromium', () => {
  let db: Db;
  let catalog: RunningCatalog;
  let renderer: Awaited<ReturnType<typeof serveRenderer>>;
  let browser: Browser;
  let context: BrowserContext;
  const pulls: Pull[] = [];
  let session = 1;

  beforeAll(async () => {
    db = await openDb({});
    await seedDemo(db, { seed: 7, variants: VARIANTS });
    catalog = await startCatalog(db);
    renderer = await serveRenderer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Variants pulls after the second one are held back 2 s in the first session, so the crash lands mid-sync.
    await context.route('**/variants/pull*', async (route) => {
      const rev = Number(new URL(route.request().url()).searchParams.get('rev'));
      const pull: Pull = { session, rev };
      pulls.push(pull);
      const slow = session === 1 && pulls.filter((p) => p.session === 1).length > 2;
      if (slow) await new Promise((r) => setTimeout(r, 2000));
      return passOn(route, pull);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await renderer?.close();
    await catalog?.close();
    await db?.close();
  });

  const counts = (page: Page): Promise<Record<string, number>> =>
    page.evaluate(async () => ((window as unknown as Hook).__aisle ? (window as unknown as Hook).__aisle!.counts() : {}));

  it('resumes from the last written page after the app was killed, without duplicates', async () => {
    const page = await context.newPage();
    await page.goto(renderer.url);
    const { code } = await createEnrollmentCode(db, 'store-001', 'counter');
    await page.getByTestId('enroll-server-url').fill(catalog.baseUrl);
    await page.getByTestId('enroll-code').fill(code);
    await page.getByTestId('enroll-submit').click();
    // Two full pages on the device: the first page's checkpoint was stored before the second was written.
    await expect.poll(async () => (await counts(page))['variants'] ?? 0, { timeout: 90_000, interval: 100 }).toBeGreaterThanOrEqual(10_000);
    const before = (await counts(page))['variants'] ?? 0;
    expect(before, 'the crash must land before the sync finished').toBeLessThan(VARIANTS);
    const cdp = await context.newCDPSession(page);
    void cdp.send('Page.crash').catch(() => undefined);
    await page.waitForEvent('crash', { timeout: 10_000 }).catch(() => undefined);
    await page.close().catch(() => undefined);

    session = 2;
    const again = await context.newPage();
    await again.goto(renderer.url);
    await again.locator('[data-testid="sync-indicator"][data-status="idle"]').waitFor({ timeout: 90_000 });
    await expect.poll(async () => (await counts(again))['variants'] ?? 0, { timeout: 60_000 }).toBe(VARIANTS);
    const onServer = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM docs WHERE collection = 'variants' AND NOT deleted`)).rows[0]?.n;
    expect(onServer).toBe(VARIANTS);

    const first = pulls.filter((p) => p.session === 1);
    const resumed = pulls.filter((p) => p.session === 2);
    const firstCheckpoint = first[0]?.checkpoint;
    expect(firstCheckpoint, 'the first page arrived before the crash').toBeDefined();
    // Never from zero again: the first pull after the restart starts at a stored page checkpoint.
    expect(resumed.length).toBeGreaterThan(0);
    expect(resumed.every((p) => p.rev > 0)).toBe(true);
    expect(first.map((p) => p.checkpoint)).toContain(resumed[0]?.rev);
    const pulledAgain = resumed.reduce((n, p) => n + (p.docs?.length ?? 0), 0);
    expect(pulledAgain).toBeLessThanOrEqual(VARIANTS - 5000);

    // Variants written after the restart reached the barcode map through change events (it was filled at launch).
    await again.evaluate(() => (window as unknown as Hook).__aisle!.ready);
    const lateIds = resumed.flatMap((p) => p.docs ?? []).filter((_, i) => i % 997 === 0);
    expect(lateIds.length).toBeGreaterThan(0);
    const rows = await db.query<{ id: string; barcode: string }>(`SELECT id, data->>'barcode' AS barcode FROM docs WHERE collection = 'variants' AND id = ANY($1)`, [lateIds]);
    for (const row of rows.rows) {
      const outcome = await again.evaluate((code) => (window as unknown as Hook).__aisle!.search(code), row.barcode);
      expect(outcome.barcodeMatch?.variantId, row.barcode).toBe(row.id);
    }
    console.log(`crash after ${before} variants; ${resumed.length} pulls after the restart brought ${pulledAgain} (resumed at rev ${resumed[0]?.rev})`);
  });
  it('a pull that fails in the middle is retried from the last written page, not from where the pull began', async () => {
    // A second device on its own profile. Its third variants request (a prefetch, after two full pages were
    // written directly) fails once with a 503, as a store network or an overloaded server does.
    const own = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const seen: Pull[] = [];
    let failed: number | null = null;
    await own.route('**/variants/pull*', async (route) => {
      const pull: Pull = { session: 3, rev: Number(new URL(route.request().url()).searchParams.get('rev')) };
      seen.push(pull);
      if (seen.length === 3 && failed === null) {
        failed = pull.rev;
        return route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'try again' } }) });
      }
      return passOn(route, pull);
    });
    try {
      const page = await own.newPage();
      await page.goto(renderer.url);
      const { code } = await createEnrollmentCode(db, 'store-001', 'counter');
      await page.getByTestId('enroll-server-url').fill(catalog.baseUrl);
      await page.getByTestId('enroll-code').fill(code);
      await page.getByTestId('enroll-submit').click();
      await page.locator('[data-testid="sync-indicator"][data-status="idle"]').waitFor({ timeout: 90_000 });
      await expect.poll(async () => (await counts(page))['variants'] ?? 0, { timeout: 60_000 }).toBe(VARIANTS);

      expect(failed, 'the third request failed').not.toBeNull();
      const after = seen.slice(3);
      expect(after.length).toBeGreaterThan(0);
      // The retry asks again for the page that failed: the two pages before it are not pulled a second time.
      expect(after[0]?.rev).toBe(failed);
      expect(after.every((p) => p.rev >= (failed ?? 0))).toBe(true);
      const pulled = seen.reduce((n, p) => n + (p.docs?.length ?? 0), 0);
      expect(pulled).toBe(VARIANTS);
    } finally {
      await own.close();
    }
  });
});
