/**
 * The manager's "Conflicts to review" and "Devices" screens, end to end in Chromium with the production build and
 * a real catalog server. Two counters of one store (each its own browser context: its own IndexedDB):
 * - a handover recorded on a counter that had not heard of the web shop's cancellation leaves the pickup
 *   CANCELLED_AFTER_HANDOVER; the conflict is listed with both sides, the manager records a refund on counter A,
 *   and counter B (signed in as an associate) shows it resolved, by that manager, after replication;
 * - on the Devices screen the manager sees both counters as they reported themselves (app version, last contact,
 *   last sync, nothing waiting, no error), makes a one-time kiosk code that really enrolls, and revokes counter B,
 *   whose app then says it has been revoked. An associate is told only a manager may.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/db';
import { DEMO_ASSOCIATE_PIN, DEMO_MANAGER_PIN, seedDemo } from '../../server/seed/demo';
import { API_PREFIX, type EnrollResponse } from '../../shared/sync';
import type { VariantDoc } from '../../shared/schemas/collections';
import { enroll, setStock, type RunningCatalog } from '../support/catalog';
import { chromiumMissingReason } from '../support/browser';
import { signIn, startBrowserApp, type BrowserApp } from '../support/appPage';
import { actAsCounter, placeOrder, pullPickup, toReady } from '../support/pickups';

const skipReason = chromiumMissingReason();
const WEB_KEY = 'e2e-manager-web-key-0123456789';
const STORE = 'store-001';

describe.skipIf(skipReason !== '')('manager screens: conflicts to review and devices, in Chromium', () => {
  let db: Db;
  let catalog: RunningCatalog;
  let app: BrowserApp;
  let a: Page;
  let b: Page;
  let http: EnrollResponse;
  let orderId = '';
  let orderNumber = '';

  async function shot(page: Page, name: string): Promise<void> {
    const dir = process.env['AISLE_E2E_SCREENSHOTS'];
    if (dir) await page.screenshot({ path: path.join(dir, `manager-${name}.png`), fullPage: true });
  }

  beforeAll(async () => {
    db = await openDb({});
    await seedDemo(db, { seed: 11, variants: 30, stores: 2 });
    app = await startBrowserApp(db, { catalog: { pickups: { channelKeys: `web:${WEB_KEY}`, jobs: false } } });
    catalog = app.catalog;
    http = await enroll(catalog.baseUrl, db, STORE, 'counter');
    const v = (await db.query<{ data: VariantDoc }>(`SELECT data FROM docs WHERE collection = 'variants' ORDER BY id LIMIT 1`)).rows[0]?.data;
    if (!v) throw new Error('no variant');
    await setStock(db, STORE, v.id, 10);
    // A pickup made ready, cancelled on the web shop, and handed over by a counter that still had it as ready.
    const order = await placeOrder(catalog.baseUrl, WEB_KEY, { storeId: STORE, customer: { id: 'c-m', firstName: 'Mona', lastName: 'Lisa', email: 'mona@example.com', phone: '' }, lines: [{ sku: v.sku, quantity: 1 }] });
    orderId = order.orderId;
    orderNumber = order.orderNumber;
    const placed = await pullPickup(catalog.baseUrl, http, orderId);
    const ready = await actAsCounter(catalog.baseUrl, http, orderId, toReady(placed), { staffId: 'staff_1003' });
    const cancel = await fetch(`${catalog.baseUrl}${API_PREFIX}/orders/${orderId}/cancel`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-aisle-channel-key': WEB_KEY }, body: JSON.stringify({ reason: 'changed my mind', by: 'customer' }) });
    if (cancel.status !== 200) throw new Error(`cancel: ${cancel.status}`);
    const after = await actAsCounter(catalog.baseUrl, http, orderId, [{ type: 'collect', collectedBy: 'Mona Lisa', relation: 'customer', idChecked: true }], { staffId: 'staff_1003', before: ready });
    if (!after.flags.includes('CANCELLED_AFTER_HANDOVER')) throw new Error(`expected the flag, got ${after.flags.join(',')}`);
    a = await app.open(STORE, 'counter');
    b = await app.open(STORE, 'counter');
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('lists the conflict with both sides; a manager’s resolution on one counter shows as resolved on the other', async () => {
    await a.getByTestId('nav-manager').click();
    await a.getByTestId('manager-tab-conflicts').click();
    // Nobody signed in: a count, no customer names.
    await expect.poll(() => a.getByTestId('conflicts-sign-in').textContent()).toContain('1 open conflict');
    expect(await a.getByTestId('conflicts-screen').textContent()).not.toContain('Mona');
    expect(await a.getByTestId('conflicts-open-count').textContent()).toBe('1');

    await signIn(a, '1001', DEMO_MANAGER_PIN);
    const card = a.getByTestId('conflict-open');
    await card.waitFor();
    expect(await card.getAttribute('data-kind')).toBe('CANCELLED_AFTER_HANDOVER');
    expect(await card.textContent()).toContain(`Order ${orderNumber}`);
    const sides = await card.getByTestId('conflict-side').allTextContents();
    expect(sides).toHaveLength(2);
    expect(sides[0]).toMatch(/^At the counter.*handed over to Mona Lisa by .+ on device …\w{4}, ID checked\./);
    expect(sides[1]).toContain('cancelled by the customer (“changed my mind”)');
    await shot(a, 'conflicts-open');

    // "Other" needs a note: refused on screen, nothing written.
    await card.getByTestId('resolve-action-other').check();
    await card.getByTestId('resolve-submit').click();
    expect(await a.getByTestId('resolve-error').textContent()).toContain('note');
    await card.getByTestId('resolve-action-refunded').check();
    await card.getByTestId('resolve-note').fill('Refunded $29.99 at the till');
    await card.getByTestId('resolve-submit').click();
    const resolved = a.getByTestId('conflict-resolved');
    await resolved.waitFor();
    expect(await resolved.getByTestId('conflict-resolution').textContent()).toMatch(/Resolved by .+ on this counter, .*: Refunded the customer by hand\. Note: “Refunded \$29\.99 at the till”/);
    expect(await a.getByTestId('conflict-open').count()).toBe(0);
    await shot(a, 'conflicts-resolved');

    // The resolution reached the server, attributed, and the other counter.
    await expect
      .poll(async () => (await db.query<{ data: { staffId: string; action: string } }>(`SELECT data FROM docs WHERE collection = 'reviews' AND id = $1`, [`pickup:${orderId}:CANCELLED_AFTER_HANDOVER`])).rows[0]?.data, { timeout: 20_000 })
      .toMatchObject({ staffId: 'staff_1001', action: 'refunded' });
    await signIn(b, '1002', DEMO_ASSOCIATE_PIN);
    await b.getByTestId('nav-manager').click();
    await b.getByTestId('manager-tab-conflicts').click();
    await b.getByTestId('conflict-resolved').waitFor({ timeout: 20_000 });
    expect(await b.getByTestId('conflict-resolution').textContent()).toContain('on another counter');
    expect(await b.getByTestId('conflict-open').count()).toBe(0);
  });

  it('shows each device as it reported itself; a manager enrolls a kiosk with a one-time code and revokes a counter', async () => {
    // An associate (counter B) is told only a manager may.
    await b.getByTestId('manager-tab-devices').click();
    expect(await b.getByTestId('devices-needs-manager').textContent()).toContain('only a manager');

    await a.getByTestId('manager-tab-devices').click();
    const table = a.getByTestId('device-table');
    await table.waitFor();
    const idOf = async (page: Page): Promise<string> =>
      page.evaluate(() => {
        const parsed: unknown = JSON.parse(window.localStorage.getItem('aisle.deviceSettings') ?? '{}');
        return typeof parsed === 'object' && parsed !== null && 'deviceId' in parsed && typeof parsed.deviceId === 'string' ? parsed.deviceId : '';
      });
    const bId = await idOf(b);
    const rowB = a.locator(`[data-testid="device-row"][data-device-id="${bId}"]`);
    // Reports arrive a few seconds after start, then every minute; Refresh asks the server again.
    await expect
      .poll(
        async () => {
          await a.getByTestId('devices-refresh').click();
          return rowB.getByTestId('device-version').textContent();
        },
        { timeout: 20_000 },
      )
      .not.toBe('—');
    expect(await rowB.getByTestId('device-pending').textContent()).toBe('0');
    expect(await rowB.getByTestId('device-error').textContent()).toBe('none');
    expect(await rowB.getByTestId('device-contact').textContent()).toMatch(/^(now|just now|\d+ (seconds?|sec\.?|minutes?|min\.?) ago)$/);
    expect(await rowB.getByTestId('device-synced').textContent()).toMatch(/^(now|just now|\d+ (seconds?|sec\.?|minutes?|min\.?) ago)$/);
    expect(await a.getByTestId('device-row').count()).toBe(3);
    await shot(a, 'devices');

    await a.getByTestId('enroll-kiosk').click();
    const code = (await a.getByTestId('enroll-code-value').textContent()) ?? '';
    expect(code).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    const enrolled = await fetch(`${catalog.baseUrl}${API_PREFIX}/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceName: 'kiosk by the door' }) });
    expect(enrolled.status).toBe(200);
    expect(await enrolled.json()).toMatchObject({ role: 'kiosk', storeId: STORE });
    await shot(a, 'devices-code');

    await rowB.getByTestId('device-revoke').click();
    await rowB.getByTestId('device-revoke-confirm').click();
    await rowB.getByTestId('device-revoked').waitFor();
    expect(await rowB.getAttribute('data-revoked')).toBe('true');
    expect(await a.getByTestId('device-row').count()).toBe(4);
    // Counter B is locked out: its next request is refused and the app says why.
    await b.reload();
    await expect.poll(() => b.locator('body').textContent(), { timeout: 30_000 }).toContain('revoked');
  });
});
