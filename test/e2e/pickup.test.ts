/**
 * Pickup in store at the counter, end to end in Chromium with the production renderer build and a real catalog
 * server: a web order placed through the channel-key order API appears in the counter's queue (measured); the
 * associate picks it by scanning (a keyboard-wedge burst per item: the wrong item and an extra unit are refused),
 * stages it and marks it ready; the server's outbox writes the "ready" .eml whose inline QR is decoded with the
 * app's own scanning engine; scanning that text at the counter opens the pickup verified, the handover is
 * recorded and the receipt printed; the server ends with the pickup collected and the stock out of the store.
 * The second test cuts the counter's network between ready and handover (and the web shop cancels meanwhile):
 * the handover happens offline, syncs when the network returns, and stands, flagged for the manager.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/db';
import { DEMO_ASSOCIATE_PIN, seedDemo } from '../../server/seed/demo';
import { fileSender } from '../../server/outbox/senders';
import { API_PREFIX, type EnrollResponse } from '../../shared/sync';
import type { InventoryDoc, VariantDoc } from '../../shared/schemas/collections';
import { parsePickupCode } from '../../shared/barcode/aisleCodes';
import { nodeDecoder } from '../accuracy/blackbox';
import { enroll, setStock, type RunningCatalog } from '../support/catalog';
import { chromiumMissingReason } from '../support/browser';
import { scanWithWedge, signIn, startBrowserApp, type BrowserApp } from '../support/appPage';
import { placeOrder, pullPickup, type OrderCustomer, type PlacedOrder } from '../support/pickups';
import { expectNoAxeViolations } from '../support/axe';

const skipReason = chromiumMissingReason();
const WEB_KEY = 'e2e-pickup-web-key-0123456789';
const STORE = 'store-001';
const ON_HAND = 20;

describe.skipIf(skipReason !== '')('pickup at the counter, end to end in Chromium', () => {
  let db: Db;
  let catalog: RunningCatalog;
  let app: BrowserApp;
  let page: Page;
  let observer: EnrollResponse;
  let outboxDir = '';
  let variants: VariantDoc[] = [];
  let nextVariant = 0;

  /** A variant with known stock here (ON_HAND), so orders are accepted and stock changes are exact. */
  async function stocked(): Promise<VariantDoc> {
    const v = variants[nextVariant++];
    if (!v) throw new Error('out of demo variants');
    await setStock(db, STORE, v.id, ON_HAND);
    return v;
  }

  async function inventory(variantId: string): Promise<InventoryDoc> {
    const r = await db.query<{ data: InventoryDoc }>(`SELECT data FROM docs WHERE collection = 'inventory' AND id = $1`, [`${STORE}:${variantId}`]);
    const doc = r.rows[0]?.data;
    if (!doc) throw new Error(`no inventory for ${variantId}`);
    return doc;
  }

  /** AISLE_E2E_SCREENSHOTS=<dir> keeps a picture of each screen this test checks, for a human look. */
  async function shot(name: string): Promise<void> {
    // Every screen this test looks at is also checked by axe-core.
    await expectNoAxeViolations(page, `pickup: ${name}`);
    const dir = process.env['AISLE_E2E_SCREENSHOTS'];
    if (dir) await page.screenshot({ path: path.join(dir, `pickup-${name}.png`), fullPage: true });
  }

  /** A USB scanner at the counter. */
  const scan = (text: string): Promise<void> => scanWithWedge(page, text);

  async function serverStatus(id: string): Promise<string> {
    return (await pullPickup(catalog.baseUrl, observer, id)).status;
  }

  /** Delivers the outbox and returns the QR text of this order's "ready" e-mail, decoded from its inline PNG. */
  async function readyEmailQr(order: PlacedOrder): Promise<string> {
    await catalog.server.pickupJobs.runOnce();
    const file = readdirSync(outboxDir)
      .filter((f) => f.endsWith('-ready.eml'))
      .map((f) => path.join(outboxDir, f))
      .find((f) => readFileSync(f, 'utf8').includes(order.orderNumber));
    if (!file) throw new Error(`no ready e-mail for ${order.orderNumber} in ${outboxDir}`);
    const eml = readFileSync(file, 'utf8');
    const png = /Content-Type: image\/png[\s\S]*?Content-ID: <pickup-qr@aisle>[\s\S]*?\n\n([A-Za-z0-9+/=\n]+)/.exec(eml);
    if (!png?.[1]) throw new Error('the ready e-mail has no inline QR');
    const image = PNG.sync.read(Buffer.from(png[1].replace(/\n/g, ''), 'base64'));
    const decoded = await nodeDecoder('zxing-wasm').decode({ width: image.width, height: image.height, channels: 4, data: new Uint8Array(image.data) });
    if (!decoded) throw new Error('the QR in the e-mail does not decode');
    return decoded.text;
  }

  /** Places an order and waits for it in the counter's queue; returns how long that took (ms). */
  async function orderIntoQueue(customer: OrderCustomer, lines: { sku: string; quantity: number }[]): Promise<{ order: PlacedOrder; ms: number }> {
    await page.getByTestId('nav-pickups').click();
    await page.getByTestId('pickup-queue').waitFor();
    const started = Date.now();
    const order = await placeOrder(catalog.baseUrl, WEB_KEY, { storeId: STORE, customer, lines });
    await page.locator(`[data-testid="pickup-row"][data-pickup-id="${order.orderId}"]`).first().waitFor({ timeout: 10_000 });
    return { order, ms: Date.now() - started };
  }

  async function pickAndReady(order: PlacedOrder, items: { variant: VariantDoc; quantity: number }[], location: string): Promise<void> {
    await page.locator(`[data-testid="pickup-row"][data-pickup-id="${order.orderId}"]`).first().click();
    await page.locator(`[data-testid="pickup-screen"][data-pickup-id="${order.orderId}"]`).waitFor();
    for (const { variant, quantity } of items) {
      for (let i = 0; i < quantity; i++) {
        await scan(variant.barcode);
        await page.locator(`[data-testid="pick-line"][data-picked="${i + 1}"]`).filter({ hasText: variant.sku }).waitFor({ timeout: 5_000 });
      }
    }
    await page.getByTestId('stage-location').fill(location);
    await page.getByTestId('mark-ready').click();
    await page.locator('[data-testid="pickup-screen"][data-status="ready"]').waitFor({ timeout: 5_000 });
    await expect.poll(() => serverStatus(order.orderId), { timeout: 15_000 }).toBe('ready');
  }

  beforeAll(async () => {
    db = await openDb({});
    await seedDemo(db, { seed: 11, variants: 300, stores: 2 });
    const v = await db.query<{ data: VariantDoc }>(`SELECT data FROM docs WHERE collection = 'variants' AND data->>'barcode' <> '' ORDER BY id`);
    variants = v.rows.map((r) => r.data);
    outboxDir = mkdtempSync(path.join(tmpdir(), 'aisle-e2e-pickup-outbox-'));
    app = await startBrowserApp(db, { catalog: { pickups: { channelKeys: `web:${WEB_KEY}`, jobs: false, sender: fileSender(outboxDir) } } });
    catalog = app.catalog;
    observer = await enroll(catalog.baseUrl, db, STORE, 'counter');
    page = await app.open(STORE, 'counter');
    // The browser host prints through a hidden iframe holding a blob of the receipt: keep what was printed.
    await page.evaluate(() => {
      const w = window as unknown as { __printed: string[] };
      w.__printed = [];
      const original = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (obj: Blob | MediaSource): string => {
        if (obj instanceof Blob && obj.type === 'text/html') void obj.text().then((t) => w.__printed.push(t));
        return original(obj);
      };
    });
    await signIn(page, '1002', DEMO_ASSOCIATE_PIN);
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
    if (outboxDir) rmSync(outboxDir, { recursive: true, force: true });
  });

  it('a web order reaches the queue, is picked by scanning, made ready with a QR e-mail, and handed over by scanning that QR', async () => {
    const [jacket, socks, stranger] = [await stocked(), await stocked(), await stocked()];
    const customer: OrderCustomer = { id: 'cust-pu-1', firstName: 'Marguerite', lastName: 'Oakhaven', email: 'marguerite@example.test', phone: '+1 555 0150' };
    const { order, ms } = await orderIntoQueue(customer, [
      { sku: jacket.sku, quantity: 2 },
      { sku: socks.sku, quantity: 1 },
    ]);
    console.log(`order API → row in the counter's queue: ${ms} ms`);
    // Arrives live (SSE), not by the periodic pull. The 3 s target is a speed figure for a benchmark, not for an e2e
    // test on a shared 2-core machine, so the bound here only tells live from polled.
    expect(ms).toBeLessThan(15_000);
    expect(await page.locator(`[data-testid="queue-placed"] [data-pickup-id="${order.orderId}"]`).count()).toBe(1);
    await shot('queue');
    expect((await inventory(jacket.id)).reserved).toBe(2);

    await page.locator(`[data-testid="pickup-row"][data-pickup-id="${order.orderId}"]`).first().click();
    await page.locator(`[data-testid="pickup-screen"][data-pickup-id="${order.orderId}"]`).waitFor();
    // Nobody signed in: the pick list says so, its actions are disabled and a scan is refused, not counted.
    await page.getByTestId('sign-out').click();
    await page.getByTestId('pickup-signin-needed').waitFor();
    expect(await page.getByTestId('pick-manual').first().isDisabled()).toBe(true);
    expect(await page.getByTestId('cancel-open').isDisabled()).toBe(true);
    await scan(jacket.barcode);
    await expect.poll(async () => (await page.getByTestId('scan-refusal').textContent()) ?? '').toContain('Sign in before picking');
    expect(await page.locator('[data-testid="pick-line"]').filter({ hasText: jacket.sku }).getAttribute('data-picked')).toBe('0');
    // …and no personal data: the screen says to sign in where the name, e-mail and phone were.
    const personal = [customer.firstName, customer.lastName, customer.email, customer.phone];
    await page.getByTestId('signin-to-see').waitFor();
    const signedOutScreen = (await page.locator('main, body').first().textContent()) ?? '';
    for (const p of personal) expect(signedOutScreen).not.toContain(p);
    await shot('signed-out-pickup');
    // The queue, too: rows without names, and the find box does not search by name.
    await page.getByTestId('back-to-queue').click();
    await page.getByTestId('pickup-queue').waitFor();
    await page.getByTestId('signin-to-see').waitFor();
    const signedOutQueue = (await page.locator('body').textContent()) ?? '';
    for (const p of personal) expect(signedOutQueue).not.toContain(p);
    expect(await page.locator(`[data-testid="pickup-row"][data-pickup-id="${order.orderId}"]`).count()).toBeGreaterThan(0);
    await page.getByTestId('pickup-find').fill(customer.lastName);
    await expect.poll(() => page.locator(`[data-testid="pickup-row"][data-pickup-id="${order.orderId}"]`).count()).toBe(0);
    await page.getByTestId('pickup-find').fill('');
    await shot('signed-out-queue');
    await page.locator(`[data-testid="pickup-row"][data-pickup-id="${order.orderId}"]`).first().click();
    await page.locator(`[data-testid="pickup-screen"][data-pickup-id="${order.orderId}"]`).waitFor();
    await signIn(page, '1002', DEMO_ASSOCIATE_PIN);
    await page.getByTestId('pickup-signin-needed').waitFor({ state: 'detached' });
    // Signed in (online: the catalog is up): the customer is shown again.
    await expect.poll(async () => (await page.getByTestId('pickup-screen').textContent()) ?? '').toContain(customer.email);
    expect(await page.getByTestId('signed-in-offline').count()).toBe(0);
    // The wrong item is refused on the screen and in the scan toast; nothing is counted.
    await scan(stranger.barcode);
    await expect.poll(async () => (await page.getByTestId('pick-warning').textContent()) ?? '').toContain('Not on this order');
    await expect.poll(async () => (await page.getByTestId('scan-refusal').textContent()) ?? '').toContain('Not on this order');
    await scan(jacket.barcode);
    await page.locator(`[data-testid="pick-line"][data-picked="1"]`).filter({ hasText: jacket.sku }).waitFor({ timeout: 5_000 });
    await scan(jacket.barcode);
    await page.locator(`[data-testid="pick-line"][data-picked="2"]`).filter({ hasText: jacket.sku }).waitFor({ timeout: 5_000 });
    // A third jacket is one too many.
    await scan(jacket.barcode);
    await expect.poll(async () => (await page.getByTestId('pick-warning').textContent()) ?? '').toContain('Already complete');
    expect(await page.locator('[data-testid="pick-line"]').filter({ hasText: jacket.sku }).getAttribute('data-picked')).toBe('2');
    await shot('pick-list');
    await expect.poll(() => page.getByTestId('mark-ready').isDisabled()).toBe(true);
    await scan(socks.barcode);
    await page.locator(`[data-testid="pick-line"][data-picked="1"]`).filter({ hasText: socks.sku }).waitFor({ timeout: 5_000 });
    await page.getByTestId('stage-location').fill('Pickup shelf B2');
    await page.getByTestId('mark-ready').click();
    await page.locator('[data-testid="pickup-screen"][data-status="ready"]').waitFor({ timeout: 5_000 });
    await expect.poll(() => serverStatus(order.orderId), { timeout: 15_000 }).toBe('ready');
    // Every event this counter recorded carries the online staff session's proof, which the server checked.
    const mine = (await pullPickup(catalog.baseUrl, observer, order.orderId)).events.filter((e) => e.deviceId !== 'web' && e.staffId === 'staff_1002');
    expect(mine.length).toBeGreaterThan(0);
    for (const e of mine) expect(e.auth?.session, e.type).toMatch(/^sess_/);

    const qr = await readyEmailQr(order);
    expect(qr).toBe(order.pickupQr);
    expect(parsePickupCode(qr)).toBe(order.pickupCode);

    // The customer arrives: from the queue, the associate scans the QR on their phone.
    await page.getByTestId('back-to-queue').click();
    await page.getByTestId('pickup-queue').waitFor();
    await scan(qr);
    await page.locator(`[data-testid="pickup-screen"][data-pickup-id="${order.orderId}"][data-status="ready"]`).waitFor({ timeout: 5_000 });
    await page.getByTestId('code-verified').waitFor();
    expect(await page.getByTestId('pickup-location').textContent()).toContain('Pickup shelf B2');
    await shot('handover');
    await page.getByTestId('hand-over').click();
    await page.getByTestId('pickup-collected').waitFor({ timeout: 5_000 });
    await shot('collected');
    await page.getByTestId('print-receipt').click();
    await expect.poll(async () => (await page.getByTestId('print-status').textContent()) ?? '').toContain('sent to the printer');
    const printed = await page.evaluate(() => (window as unknown as { __printed: string[] }).__printed);
    expect(printed.some((html) => html.includes(order.orderNumber) && html.includes('Marguerite Oakhaven') && html.includes('2 / 2'))).toBe(true);

    await expect.poll(() => serverStatus(order.orderId), { timeout: 15_000 }).toBe('collected');
    const after = await inventory(jacket.id);
    expect({ onHand: after.onHand, reserved: after.reserved, available: after.available }).toEqual({ onHand: ON_HAND - 2, reserved: 0, available: ON_HAND - 2 });
    expect((await inventory(socks.id)).onHand).toBe(ON_HAND - 1);
    expect((await inventory(stranger.id)).onHand).toBe(ON_HAND);
  });

  it('with the network cut between ready and handover: handed over offline, synced when it returns, and the handover stands against a web cancellation that raced it', async () => {
    const lamp = await stocked();
    const customer: OrderCustomer = { id: 'cust-pu-2', firstName: 'Leopold', lastName: 'Brackenridge', email: 'leopold@example.test', phone: '+1 555 0160' };
    const { order } = await orderIntoQueue(customer, [{ sku: lamp.sku, quantity: 1 }]);
    await pickAndReady(order, [{ variant: lamp, quantity: 1 }], 'Cage 3');
    const qr = await readyEmailQr(order);
    await page.getByTestId('back-to-queue').click();

    await page.context().setOffline(true);
    await expect.poll(() => page.getByTestId('sync-indicator').getAttribute('data-status'), { timeout: 15_000 }).toBe('offline');
    // Meanwhile the customer cancels on the web shop: the server releases the stock and tells the customer.
    const cancel = await fetch(`${catalog.baseUrl}${API_PREFIX}/orders/${order.orderId}/cancel`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-aisle-channel-key': WEB_KEY }, body: JSON.stringify({ reason: 'changed my mind', by: 'customer' }) });
    expect(cancel.status).toBe(200);
    expect(await serverStatus(order.orderId)).toBe('cancelled');

    // But the customer is at the counter, and the store does not know yet: the handover happens offline.
    await scan(qr);
    await page.locator(`[data-testid="pickup-screen"][data-pickup-id="${order.orderId}"][data-status="ready"]`).waitFor({ timeout: 5_000 });
    await page.getByTestId('hand-over').click();
    await page.getByTestId('pickup-collected').waitFor({ timeout: 5_000 });
    await expect.poll(async () => Number(await page.getByTestId('sync-indicator').getAttribute('data-pending'))).toBeGreaterThan(0);
    expect(await serverStatus(order.orderId)).toBe('cancelled');

    await page.context().setOffline(false);
    await expect.poll(() => serverStatus(order.orderId), { timeout: 30_000 }).toBe('collected');
    const server = await pullPickup(catalog.baseUrl, observer, order.orderId);
    expect(server.flags).toContain('CANCELLED_AFTER_HANDOVER');
    // The device converges on the same state: collected, flagged for the manager, nothing left to send.
    await page.locator('[data-testid="pickup-flag"][data-flag="CANCELLED_AFTER_HANDOVER"]').waitFor({ timeout: 15_000 });
    await shot('flagged');
    await expect.poll(async () => Number(await page.getByTestId('sync-indicator').getAttribute('data-pending')), { timeout: 15_000 }).toBe(0);
    // The goods left the store once: onHand down by one, nothing reserved.
    const after = await inventory(lamp.id);
    expect({ onHand: after.onHand, reserved: after.reserved }).toEqual({ onHand: ON_HAND - 1, reserved: 0 });
  });
});
