/**
 * The camera in the real app (production renderer build, browser host) with Chromium's fake camera playing a
 * demo product's real EAN-13: on a kiosk the customer taps "Scan with camera" and the product's price and stock
 * page opens; on a counter the same read opens the associate's product detail. Reads go through the same scan
 * router as a USB scanner.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import type { DeviceRole } from '../../shared/sync';
import type { VariantDoc } from '../../shared/schemas/collections';
import { startCatalog, type RunningCatalog } from '../support/catalog';
import { serveRenderer } from '../support/static';
import { chromiumMissingReason, launchChromium } from '../support/browser';
import { enrolledPage } from '../support/appPage';
import { demoEan13, ean13Y4m } from '../fixtures/camera/y4m';

const skipReason = chromiumMissingReason();

describe.skipIf(skipReason !== '')('camera scanning in the app (fake camera)', () => {
  let db: Db;
  let catalog: RunningCatalog;
  let renderer: Awaited<ReturnType<typeof serveRenderer>>;
  let browser: Browser;
  let work = '';
  let productId = '';
  const demo = demoEan13();

  beforeAll(async () => {
    db = await openDb({});
    // The default demo seed, so the fake camera's EAN-13 is an item of this catalog.
    await seedDemo(db, { variants: 400 });
    const row = await db.query<{ data: VariantDoc }>(`SELECT data FROM docs WHERE collection = 'variants' AND data->>'barcode' = $1`, [demo.barcode]);
    const variant = row.rows[0]?.data;
    if (!variant) throw new Error(`demo barcode ${demo.barcode} is not in the seeded catalog`);
    productId = variant.productId;
    catalog = await startCatalog(db);
    renderer = await serveRenderer();
    work = mkdtempSync(join(tmpdir(), 'aisle-camera-app-'));
    const video = join(work, 'label.y4m');
    writeFileSync(video, ean13Y4m(demo.barcode, { frames: 30 }));
    browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await renderer?.close();
    await catalog?.close();
    await db?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function cameraPage(role: DeviceRole): Promise<Page> {
    const page = await enrolledPage({ browser, rendererUrl: renderer.url, serverUrl: catalog.baseUrl, db, storeId: 'store-001', role });
    await page.context().grantPermissions(['camera'], { origin: new URL(renderer.url).origin });
    return page;
  }

  it.each(['kiosk', 'counter'] as const)('on a %s, a label held to the camera opens that product', async (role) => {
    const page = await cameraPage(role);
    await page.getByTestId('camera-toggle').click();
    await page.getByTestId('camera-scanner').waitFor({ timeout: 10_000 });
    await page.locator(`[data-testid="product-detail"][data-product-id="${productId}"]`).waitFor({ timeout: 20_000 });
    // The panel closed after the read, releasing the camera.
    expect(await page.getByTestId('camera-panel').count()).toBe(0);
    await page.context().close();
  });
});
