/**
 * The customer at the counter, end to end in Chromium with the production renderer build and a real catalog server:
 * one customer buys on the web (shipped), in the app (a pickup here) and at this store's till, and has an app
 * wishlist item whose price dropped since; the retailer's loyalty range comes from the catalog's scan configuration.
 * Scanning the card at the counter opens the profile with the orders of all three channels and the wishlist with
 * stock here and the drop. Offline, the same card opens the same profile from the working set on the device, the
 * lookup says it searches only this device, and the views recorded offline reach the server's log when the network
 * returns. At the pickup's handover the counter shows the wishlist items in stock here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/db';
import { DEMO_MANAGER_PIN, seedDemo } from '../../server/seed/demo';
import { setScanConfig } from '../../server/scanConfig/scanConfig';
import { withCheckDigit } from '../../shared/gtin';
import { API_PREFIX, type EnrollResponse } from '../../shared/sync';
import type { VariantDoc } from '../../shared/schemas/collections';
import type { ProfileViewLog } from '../../shared/customers/api';
import { enroll, getJson, postAsChannel as post, setStock, type RunningCatalog } from '../support/catalog';
import { chromiumMissingReason } from '../support/browser';
import { signInOver, staffHeader } from '../support/staff';
import { localCount, scanWithWedge, signIn, signedInCounter, startBrowserApp, type BrowserApp } from '../support/appPage';
import { actAsCounter, toReady, pullPickup } from '../support/pickups';

const skipReason = chromiumMissingReason();

const KEYS = { web: 'e2e-cust-web-key-0123456789', app: 'e2e-cust-app-key-0123456789', store: 'e2e-cust-pos-key-0123456789' } as const;
const STORE = 'store-001';
const CARD = withCheckDigit('299900012345');
const EMAIL = 'robin.achterberg@example.test';

describe.skipIf(skipReason !== '')('customer profile at the counter, end to end in Chromium', () => {
  let db: Db;
  let app: BrowserApp;
  let catalog: RunningCatalog;
  let page: Page;
  let observer: EnrollResponse;
  let variants: VariantDoc[] = [];
  let pickupId = '';
  let customerId = '';
  let wished: VariantDoc;

  async function shot(name: string): Promise<void> {
    const dir = process.env['AISLE_E2E_SCREENSHOTS'];
    if (dir) await page.screenshot({ path: path.join(dir, `customer-${name}.png`), fullPage: true });
  }

  beforeAll(async () => {
    db = await openDb({});
    await seedDemo(db, { seed: 13, variants: 300, stores: 2 });
    await setScanConfig(db, { loyalty: { ean13Prefixes: ['2999'] } });
    const v = await db.query<{ data: VariantDoc }>(`SELECT data FROM docs WHERE collection = 'variants' AND data->>'barcode' <> '' ORDER BY id`);
    variants = v.rows.map((r) => r.data);
    const [webItem, appItem, storeItem, wish] = variants as [VariantDoc, VariantDoc, VariantDoc, VariantDoc];
    wished = wish;
    for (const x of [webItem, appItem, storeItem, wish]) await setStock(db, STORE, x.id, 12);
    app = await startBrowserApp(db, { catalog: { pickups: { channelKeys: `web:${KEYS.web},app:${KEYS.app},store:${KEYS.store}`, jobs: false } } });
    catalog = app.catalog;
    observer = await enroll(catalog.baseUrl, db, STORE, 'counter');

    const who = { firstName: 'Robin', lastName: 'Achterberg', email: EMAIL, phone: '+1 415 555 0188', loyaltyNumber: CARD };
    const line = (x: VariantDoc): { sku: string; quantity: number; unitPrice: { amount: number; currency: string } } => ({ sku: x.sku, quantity: 1, unitPrice: x.price });
    await post(catalog.baseUrl, '/orders', KEYS.web, { channel: 'web', customer: { id: 'web-robin', ...who }, fulfilment: { type: 'ship' }, lines: [line(webItem)], placedAt: '2026-10-02T10:00:00.000Z' });
    await post(catalog.baseUrl, '/orders', KEYS.store, { channel: 'store', storeId: STORE, customer: { id: 'pos-robin', ...who }, lines: [line(storeItem)], tenders: [{ type: 'card', amount: storeItem.price.amount, brand: 'visa', last4: '4242' }], placedAt: '2026-11-10T15:00:00.000Z' });
    const pickup = (await post(catalog.baseUrl, '/orders', KEYS.app, { channel: 'app', customer: { id: 'app-robin', ...who }, pickupStoreId: STORE, lines: [line(appItem)] })) as { orderId: string; customerId: string };
    pickupId = pickup.orderId;
    customerId = pickup.customerId;
    // Added in the app at a higher price than today's: the profile shows the drop.
    await post(catalog.baseUrl, '/customers/wishlist', KEYS.app, { changes: [{ channelCustomerId: 'app-robin', op: 'add', sku: wish.sku, at: '2026-11-01T09:00:00.000Z', priceWhenAdded: { amount: wish.price.amount + 1500, currency: wish.price.currency } }] });

    page = await signedInCounter(app, STORE, { viewport: { width: 1280, height: 1000 } });
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  async function profileShows(): Promise<void> {
    await page.locator(`[data-testid="customer-profile"][data-customer-id="${customerId}"]`).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByTestId('customer-name').textContent()).toContain('Robin Achterberg');
    await expect.poll(async () => new Set(await page.locator('[data-testid="customer-order"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-channel')))), { timeout: 10_000 }).toEqual(new Set(['web', 'app', 'store']));
    const item = page.locator(`[data-testid="wishlist-item"][data-variant-id="${wished.id}"]`);
    await item.waitFor({ timeout: 10_000 });
    expect(await item.getAttribute('data-in-stock')).toBe('true');
    expect(await item.getAttribute('data-price-change')).toBe('down');
    expect(await item.getByTestId('price-drop').textContent()).toContain('since added');
    // Contact details stay masked until revealed.
    expect(await page.getByTestId('contact-email').textContent()).not.toContain(EMAIL);
  }

  it('a loyalty card scanned at the counter opens the profile: orders from three channels, the wishlist with stock here and a price drop', async () => {
    // The working set for this store reached the device (open pickup and a sale here): the card is known offline too.
    await expect.poll(() => localCount(page, 'customers'), { timeout: 20_000 }).toBe(1);
    await scanWithWedge(page, CARD);
    await profileShows();
    await shot('profile');
    // A reveal shows the detail and is recorded.
    await page.getByTestId('reveal-email').click();
    await expect.poll(() => page.getByTestId('contact-email').textContent()).toContain(EMAIL);
  });

  it('offline, the same card opens the same profile from the working set; the lookup says it searches only this device; the views reach the server later', async () => {
    await page.context().setOffline(true);
    await expect.poll(() => page.getByTestId('sync-indicator').getAttribute('data-status'), { timeout: 15_000 }).toBe('offline');
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customer-query').fill('Achter');
    await page.getByTestId('customer-search-offline').waitFor();
    expect(await page.getByTestId('customer-search-offline').textContent()).toContain('only the 1 customer on this device');
    await page.locator(`[data-testid="customer-hit"][data-customer-id="${customerId}"]`).waitFor();
    await shot('search-offline');
    await scanWithWedge(page, CARD);
    await profileShows();
    await shot('profile-offline');
    // The view made offline waits on the device (the earlier view and reveal were sent while online).
    expect(await localCount(page, 'customerEvents')).toBeGreaterThanOrEqual(1);

    await page.context().setOffline(false);
    // The server takes every event and answers with it deleted: the device's queue empties.
    await expect.poll(() => localCount(page, 'customerEvents'), { timeout: 20_000 }).toBe(0);
    const manager = await enroll(catalog.baseUrl, db, STORE, 'counter');
    // The view log is for the store's manager, signed in online at that counter.
    const { status, body } = await getJson(`${catalog.baseUrl}${API_PREFIX}/customers/views?customerId=${customerId}`, manager.token, staffHeader(await signInOver(catalog.baseUrl, db, manager, 'staff_1001')));
    expect(status).toBe(200);
    const entries = (body as ProfileViewLog).entries;
    const views = entries.filter((e) => e.kind === 'viewed' && e.customerId === customerId);
    expect(views.map((v) => v.source)).toEqual(expect.arrayContaining(['loyalty-scan']));
    expect(views.length).toBeGreaterThanOrEqual(2);
    expect(entries.some((e) => e.kind === 'revealed' && e.field === 'email')).toBe(true);
    expect(views.every((v) => v.staffId !== '' && v.deviceId !== '')).toBe(true);
  });

  it('at the pickup handover the counter shows the wishlist items in stock here', async () => {
    const placed = await pullPickup(catalog.baseUrl, observer, pickupId);
    await actAsCounter(catalog.baseUrl, observer, pickupId, toReady(placed, 'Shelf C1'));
    await page.getByTestId('nav-pickups').click();
    await page.locator(`[data-testid="pickup-row"][data-pickup-id="${pickupId}"]`).first().click();
    await page.locator(`[data-testid="pickup-screen"][data-pickup-id="${pickupId}"][data-status="ready"]`).waitFor({ timeout: 15_000 });
    const panel = page.getByTestId('handover-wishlist');
    await panel.waitFor({ timeout: 10_000 });
    expect(await panel.locator(`[data-testid="wishlist-item"][data-variant-id="${wished.id}"]`).count()).toBe(1);
    await shot('handover-wishlist');
  });

  it('managers read the profile-view log and the channel KPI charts on the counter', async () => {
    await page.getByTestId('sign-out').click();
    await signIn(page, '1001', DEMO_MANAGER_PIN);
    await page.getByTestId('nav-kpis').click();
    await page.getByTestId('kpis-open-views').click();
    await page.getByTestId('view-log-table').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-testid="view-log-entry"][data-kind="viewed"]').count()).toBeGreaterThanOrEqual(2);
    await shot('view-log');
    // The channel KPIs over time, from the server's SQL, drawn by chart.js.
    await page.getByTestId('nav-kpis').click();
    await page.locator('[data-testid="kpi-chart"]').first().waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="kpi-chart"]').count()).toBe(4);
    expect(Number(await page.locator('[data-testid="kpi-chart"][data-kpi="clv"]').getAttribute('data-points'))).toBeGreaterThan(0);
    // This store's figures only: the server refuses another store's (and the network's) to a store's manager.
    expect(await page.getByTestId('kpis-scope').textContent()).toBe('This store');
    await shot('kpis');
  });
});
