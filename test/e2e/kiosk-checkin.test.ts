/**
 * Kiosk check-in and the manager's figures, end to end in Chromium with the production renderer build and a real
 * catalog server: a kiosk and a counter of the same store (separate browser contexts, so separate IndexedDB);
 * orders placed through the channel-key order API and moved by a counter device's sync pushes over HTTP; the
 * customer "scans" the QR text from their e-mail on the kiosk (a keyboard-wedge burst); the kiosk greets them by
 * first name and the counter shows "customer waiting" (measured); the kiosk stores no customer data. Then the
 * manager dashboard on the counter shows exactly what pickupMetrics computes for the same pickups.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/db';
import { DEMO_ASSOCIATE_PIN, DEMO_MANAGER_PIN, seedDemo } from '../../server/seed/demo';
import { fileSender } from '../../server/outbox/senders';
import { API_PREFIX, type EnrollResponse } from '../../shared/sync';
import type { VariantDoc } from '../../shared/schemas/collections';
import { pickupMetrics, type PickupMetrics } from '../../shared/pickup/metrics';
import { enroll, setStock, type RunningCatalog } from '../support/catalog';
import { chromiumMissingReason } from '../support/browser';
import { dumpDeviceStorage, localCount, scanWithWedge, signIn, startBrowserApp, type BrowserApp } from '../support/appPage';
import { actAsCounter, placeOrder, pullPickup, pullPickups, toReady, type OrderCustomer, type PlacedOrder } from '../support/pickups';
import { expectNoAxeViolations } from '../support/axe';

const skipReason = chromiumMissingReason();
const WEB_KEY = 'e2e-web-key-0123456789abcdef';
const STORE = 'store-001';
const HOUR = 3_600_000;

/** Names nobody in the demo data has, so finding them anywhere means they leaked. */
const CUSTOMERS: Record<'ready' | 'overdue' | 'collected' | 'cancelled' | 'overpicked' | 'expiring' | 'offline', OrderCustomer> = {
  ready: { id: 'cust-e2e-1', firstName: 'Zephyrine', lastName: 'Quillfeather', email: 'zephyrine.q@example.test', phone: '+1 555 0142' },
  overdue: { id: 'cust-e2e-2', firstName: 'Bartholomew', lastName: 'Ravenscroft', email: 'b.ravenscroft@example.test', phone: '+1 555 0177' },
  collected: { id: 'cust-e2e-3', firstName: 'Ottoline', lastName: 'Marchbanks', email: 'ottoline@example.test', phone: '+1 555 0183' },
  cancelled: { id: 'cust-e2e-4', firstName: 'Peregrine', lastName: 'Thistlewood', email: 'p.thistlewood@example.test', phone: '+1 555 0191' },
  overpicked: { id: 'cust-e2e-5', firstName: 'Isolde', lastName: 'Fairweather', email: 'isolde.f@example.test', phone: '+1 555 0102' },
  expiring: { id: 'cust-e2e-6', firstName: 'Cassius', lastName: 'Wintergreen', email: 'cassius.w@example.test', phone: '+1 555 0113' },
  offline: { id: 'cust-e2e-7', firstName: 'Rosalind', lastName: 'Ashdown', email: 'rosalind.a@example.test', phone: '+1 555 0124' },
};

describe.skipIf(skipReason !== '')('kiosk check-in and manager figures, end to end in Chromium', () => {
  let db: Db;
  let catalog: RunningCatalog;
  let app: BrowserApp;
  let kiosk: Page;
  let counter: Page;
  let counterApi: EnrollResponse;
  let counterApi2: EnrollResponse;
  let outboxDir = '';
  let clockOffsetMs = 0;
  let variants: VariantDoc[] = [];
  let nextVariant = 0;
  const orders = new Map<keyof typeof CUSTOMERS, PlacedOrder>();

  /** A variant with its own known stock here, so every order is accepted. */
  async function stockedSku(): Promise<string> {
    const v = variants[nextVariant++];
    if (!v) throw new Error('out of demo variants');
    await setStock(db, STORE, v.id, 20);
    return v.sku;
  }

  async function order(who: keyof typeof CUSTOMERS, lines = 1, placedAgoMs = 0): Promise<PlacedOrder> {
    const skus: string[] = [];
    for (let i = 0; i < lines; i++) skus.push(await stockedSku());
    clockOffsetMs = -placedAgoMs;
    try {
      const placed = await placeOrder(catalog.baseUrl, WEB_KEY, { storeId: STORE, customer: CUSTOMERS[who], lines: skus.map((sku) => ({ sku, quantity: 1 })) });
      orders.set(who, placed);
      return placed;
    } finally {
      clockOffsetMs = 0;
    }
  }

  async function toReadyAsCounter(placed: PlacedOrder, at?: Date): Promise<void> {
    const doc = await pullPickup(catalog.baseUrl, counterApi, placed.orderId);
    const after = await actAsCounter(catalog.baseUrl, counterApi, placed.orderId, toReady(doc), at ? { at } : {});
    expect(after.status).toBe('ready');
  }

  /** AISLE_E2E_SCREENSHOTS=<dir> keeps a picture of each screen this test checks, for a human look. */
  async function shot(page: Page, name: string): Promise<void> {
    // Every screen this test looks at is also checked by axe-core.
    await expectNoAxeViolations(page, `kiosk-checkin: ${name}`);
    const dir = process.env['AISLE_E2E_SCREENSHOTS'];
    if (dir) await page.screenshot({ path: path.join(dir, `kiosk-checkin-${name}.png`) });
  }

  beforeAll(async () => {
    db = await openDb({});
    await seedDemo(db, { seed: 11, variants: 300, stores: 2 });
    const v = await db.query<{ data: VariantDoc }>(`SELECT data FROM docs WHERE collection = 'variants' ORDER BY id`);
    variants = v.rows.map((r) => r.data);
    outboxDir = mkdtempSync(path.join(tmpdir(), 'aisle-e2e-outbox-'));
    app = await startBrowserApp(db, { catalog: { pickups: { channelKeys: `web:${WEB_KEY}`, jobs: false, sender: fileSender(outboxDir), settings: { now: () => new Date(Date.now() + clockOffsetMs) } } } });
    catalog = app.catalog;
    // The counter devices whose pushes move orders along (a colleague's tablet), enrolled over HTTP.
    counterApi = await enroll(catalog.baseUrl, db, STORE, 'counter');
    counterApi2 = await enroll(catalog.baseUrl, db, STORE, 'counter');
    [kiosk, counter] = await Promise.all([
      app.open(STORE, 'kiosk'),
      app.open(STORE, 'counter'),
    ]);
    // When each "customer waiting" banner first appeared on the counter, by pickup id (wall clock, like the test's).
    await counter.evaluate(() => {
      const w = window as unknown as { __waitingSeen: Record<string, number> };
      w.__waitingSeen = {};
      const look = (): void => {
        for (const el of Array.from(document.querySelectorAll('[data-testid="customer-waiting"]'))) {
          const id = el.getAttribute('data-pickup-id');
          if (id !== null && w.__waitingSeen[id] === undefined) w.__waitingSeen[id] = Date.now();
        }
      };
      new MutationObserver(look).observe(document.body, { subtree: true, childList: true });
      look();
    });
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
    if (outboxDir) rmSync(outboxDir, { recursive: true, force: true });
  });

  it('a customer scans their pickup QR at the kiosk: greeted by first name, told the order is ready, and every counter shows "customer waiting" within a second', async () => {
    await kiosk.getByTestId('kiosk-pickup-hint').waitFor({ timeout: 10_000 });
    expect(await kiosk.getByTestId('kiosk-pickup-hint').textContent()).toMatch(/Have a pickup\? Scan your pickup code/);
    await shot(kiosk, 'kiosk-start');

    const placed = await order('ready', 2);
    await toReadyAsCounter(placed);
    // Both devices have the order (the kiosk only its code projection) before the customer arrives.
    await expect.poll(() => localCount(counter, 'pickups'), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => localCount(kiosk, 'pickupCodes'), { timeout: 10_000 }).toBe(1);
    expect(await localCount(kiosk, 'pickups')).toBe(-1);

    const scannedAt = Date.now();
    await scanWithWedge(kiosk, placed.pickupQr);
    await counter.locator(`[data-testid="customer-waiting"][data-pickup-id="${placed.orderId}"]`).waitFor({ timeout: 10_000 });
    const seenAt = await counter.evaluate((id) => (window as unknown as { __waitingSeen: Record<string, number> }).__waitingSeen[id] ?? null, placed.orderId);
    expect(seenAt).not.toBeNull();
    const latencyMs = (seenAt ?? 0) - scannedAt;
    console.log(`[kiosk-checkin] kiosk scan → "customer waiting" on the counter: ${latencyMs} ms`);
    // Live (SSE) rather than the periodic pull; the 3 s target is a speed figure, logged above, not asserted here.
    expect(latencyMs).toBeLessThan(15_000);

    const banner = counter.locator(`[data-testid="customer-waiting"][data-pickup-id="${placed.orderId}"]`);
    // Nobody is signed in at the counter: the banner names the order, not the customer.
    const signedOutText = (await banner.textContent()) ?? '';
    expect(signedOutText).toContain(placed.orderNumber);
    expect(signedOutText).not.toContain('Zephyrine');
    await signIn(counter, '1002', DEMO_ASSOCIATE_PIN);
    await expect.poll(async () => (await banner.textContent()) ?? '').toContain('Zephyrine');
    const bannerText = (await banner.textContent()) ?? '';
    await counter.getByTestId('sign-out').click();
    expect(bannerText).toContain(placed.orderNumber);
    expect(bannerText).toContain('checked in at the kiosk');
    expect(bannerText).not.toContain('Quillfeather');
    expect(await counter.getByTestId('customer-waiting-badge').textContent()).toContain('1 waiting');

    const screen = kiosk.getByTestId('kiosk-checkin');
    await expect.poll(() => screen.getAttribute('data-result'), { timeout: 10_000 }).toBe('checked-in');
    expect(await screen.getAttribute('data-status')).toBe('ready');
    expect(await kiosk.getByTestId('kiosk-greeting').textContent()).toBe('Hi Zephyrine!');
    expect(await kiosk.getByTestId('kiosk-checkin-status').textContent()).toBe('Your order is ready');
    expect(await kiosk.getByTestId('kiosk-checkin-notice').textContent()).toBe('We have let the team know you are here.');
    expect(await screen.textContent()).toContain('An associate is coming with your order (2 items).');
    expect(await screen.textContent()).not.toContain('Quillfeather');
    await shot(kiosk, 'kiosk-checked-in');
    await shot(counter, 'counter-waiting');

    // "Done" goes back to the start screen. The customer scans again: the kiosk joins the check-in it has (already
    // resolved) instead of announcing them twice.
    await kiosk.getByTestId('kiosk-checkin-done').click();
    await kiosk.getByTestId('kiosk-pickup-hint').waitFor({ timeout: 5_000 });
    await scanWithWedge(kiosk, placed.pickupQr);
    await expect.poll(() => kiosk.getByTestId('kiosk-checkin').getAttribute('data-result'), { timeout: 5_000 }).toBe('checked-in');
    expect(await localCount(kiosk, 'checkins')).toBe(1);
    const doc = await pullPickup(catalog.baseUrl, counterApi, placed.orderId);
    expect(doc.events.filter((e) => e.type === 'customer-checked-in')).toHaveLength(1);
    await kiosk.getByTestId('kiosk-checkin-done').click();

    // A code this store does not know is a friendly answer.
    await kiosk.getByTestId('kiosk-pickup-hint').waitFor({ timeout: 5_000 });
    await scanWithWedge(kiosk, 'aisle://pickup/NOSUCH2345');
    await expect.poll(() => kiosk.getByTestId('kiosk-checkin').getAttribute('data-result'), { timeout: 10_000 }).toBe('unknown-code');
    expect(await kiosk.getByTestId('kiosk-checkin-status').textContent()).toBe('We could not find this pickup at this store');
    expect(await kiosk.getByTestId('kiosk-greeting').textContent()).toBe('Welcome!');
    await kiosk.getByTestId('kiosk-checkin-done').click();
  });

  it('offline, the kiosk says it is waiting for the store network, and tells the customer the team knows only once the check-in went through', async () => {
    const placed = await order('offline', 1);
    await expect.poll(() => localCount(kiosk, 'pickupCodes'), { timeout: 10_000 }).toBe(2);
    await kiosk.context().setOffline(true);
    await expect.poll(() => kiosk.locator('[data-role]').getAttribute('data-sync'), { timeout: 15_000 }).toBe('offline');
    await scanWithWedge(kiosk, placed.pickupQr);
    const screen = kiosk.getByTestId('kiosk-checkin');
    await screen.waitFor({ timeout: 20_000 });
    expect(await kiosk.getByTestId('kiosk-greeting').textContent()).toBe('Hi Rosalind!');
    expect(await kiosk.getByTestId('kiosk-checkin-status').textContent()).toBe('We are still preparing your order');
    expect(await kiosk.getByTestId('kiosk-checkin-notice').textContent()).toMatch(/Waiting for the store network/);
    await shot(kiosk, 'kiosk-offline');
    // Still pending a moment later: nothing claims the team was told.
    await kiosk.waitForTimeout(1_000);
    expect(await screen.getAttribute('data-result')).toBe('pending');
    expect(await counter.locator(`[data-testid="customer-waiting"][data-pickup-id="${placed.orderId}"]`).count()).toBe(0);

    await kiosk.context().setOffline(false);
    await expect.poll(() => screen.getAttribute('data-result'), { timeout: 20_000 }).toBe('checked-in');
    expect(await kiosk.getByTestId('kiosk-checkin-notice').textContent()).toBe('We have let the team know you are here.');
    await counter.locator(`[data-testid="customer-waiting"][data-pickup-id="${placed.orderId}"]`).waitFor({ timeout: 10_000 });
    await kiosk.getByTestId('kiosk-checkin-done').click();
  });

  it('the kiosk stores no customer data: no names, e-mails, phone numbers or pickup codes in IndexedDB or localStorage', async () => {
    const dump = await dumpDeviceStorage(kiosk);
    expect(dump.stores.length).toBeGreaterThan(0);
    expect(dump.records).toBeGreaterThan(0);
    // The projection and the check-ins are there (so the dump reads the real data)...
    expect(dump.indexedDb).toContain(orders.get('ready')?.orderId ?? 'missing');
    // ...but nothing that identifies a customer, nor the codes that would unseal a first name.
    for (const c of Object.values(CUSTOMERS)) {
      for (const secret of [c.firstName, c.lastName, c.email, c.phone]) {
        expect(dump.indexedDb, `kiosk IndexedDB holds ${secret}`).not.toContain(secret);
        expect(dump.localStorage, `kiosk localStorage holds ${secret}`).not.toContain(secret);
      }
    }
    for (const placed of orders.values()) {
      expect(dump.indexedDb).not.toContain(placed.pickupCode);
      expect(dump.localStorage).not.toContain(placed.pickupCode);
    }
    // The counter, by contrast, does hold the customer (so the search above would have found it).
    expect((await dumpDeviceStorage(counter)).indexedDb).toContain('Quillfeather');
  });

  it('the manager dashboard shows the figures pickupMetrics computes for the store: queue and ages, overdue, expiring, flagged, throughput', async () => {
    // Overdue: placed 3 h ago, promised 2 h after ordering, not picked.
    await order('overdue', 1, 3 * HOUR);
    // Collected now, ready well within its promise.
    const collected = await order('collected', 1);
    await toReadyAsCounter(collected);
    await actAsCounter(catalog.baseUrl, counterApi, collected.orderId, [{ type: 'collect', collectedBy: 'Ottoline', relation: 'customer', idChecked: true }]);
    // Cancelled by the web shop.
    const cancelled = await order('cancelled', 1);
    const cancel = await fetch(`${catalog.baseUrl}${API_PREFIX}/orders/${cancelled.orderId}/cancel`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-aisle-channel-key': WEB_KEY }, body: '{}' });
    expect(cancel.status).toBe(200);
    // Two associates picked the same unit offline: merged by the server, flagged OVERPICKED.
    const overpicked = await order('overpicked', 1);
    const base = await pullPickup(catalog.baseUrl, counterApi, overpicked.orderId);
    const lineId = base.lines[0]?.id ?? 'l1';
    await actAsCounter(catalog.baseUrl, counterApi, overpicked.orderId, [{ type: 'start-picking' }, { type: 'pick', lineId, quantity: 1 }], { before: base });
    const merged = await actAsCounter(catalog.baseUrl, counterApi2, overpicked.orderId, [{ type: 'start-picking' }, { type: 'pick', lineId, quantity: 1 }], { before: base });
    expect(merged.flags).toContain('OVERPICKED');
    // Ready three days and an hour ago with a 3-day hold: its hold has run out today (no job ran to expire it).
    const expiring = await order('expiring', 1, 3 * 24 * HOUR + HOUR);
    await toReadyAsCounter(expiring, new Date(Date.now() - 3 * 24 * HOUR - HOUR + 60_000));

    const docs = await pullPickups(catalog.baseUrl, counterApi);
    expect(docs).toHaveLength(7);
    await expect.poll(() => localCount(counter, 'pickups'), { timeout: 10_000 }).toBe(7);

    // The manager screens need a signed-in manager: nobody, then an associate, are told so and see no figures.
    await counter.getByTestId('nav-manager').click();
    await counter.getByTestId('manager-signin-needed').waitFor({ timeout: 5_000 });
    expect(await counter.getByTestId('manager-dashboard').count()).toBe(0);
    await signIn(counter, '1003', DEMO_ASSOCIATE_PIN);
    expect(await counter.getByTestId('manager-signin-needed').textContent()).toMatch(/for managers/);
    expect(await counter.getByTestId('manager-dashboard').count()).toBe(0);
    await counter.getByTestId('sign-out').click();
    await signIn(counter, '1001', DEMO_MANAGER_PIN);
    const dashboard = counter.getByTestId('manager-dashboard');
    await dashboard.waitFor({ timeout: 5_000 });
    expect(await counter.getByTestId('manager-audience').textContent()).toMatch(/manager/);

    const read = async (): Promise<{ now: string; shown: Record<string, string | null> }> =>
      counter.evaluate(() => {
        const root = document.querySelector('[data-testid="manager-dashboard"]');
        const shown: Record<string, string | null> = {};
        for (const el of Array.from(root?.querySelectorAll('[data-testid]') ?? [])) {
          const id = el.getAttribute('data-testid') ?? '';
          if (/^(queue|metric)-/.test(id)) shown[id] = el.getAttribute('data-value') ?? el.textContent;
          if (/^(overdue|expiring|flagged)$/.test(id)) shown[id] = el.getAttribute('data-count');
        }
        const ids = (list: string): string => Array.from(root?.querySelectorAll(`[data-testid="${list}-row"]`) ?? []).map((e) => e.getAttribute('data-pickup-id') ?? '').join(',');
        shown['overdue-ids'] = ids('overdue');
        shown['expiring-ids'] = ids('expiring');
        shown['flagged-ids'] = ids('flagged');
        return { now: root?.getAttribute('data-now') ?? '', shown };
      });
    const expected = (m: PickupMetrics): Record<string, string | null> => {
      const out: Record<string, string | null> = {};
      for (const state of ['placed', 'picking', 'ready'] as const) {
        out[`queue-${state}-count`] = String(m.queue[state].count);
        for (const [k, n] of Object.entries(m.queue[state].ages)) out[`queue-${state}-${k}`] = String(n);
      }
      out['metric-ready-within-promise'] = m.readyWithinPromisePct === null ? '' : String(m.readyWithinPromisePct);
      out['metric-median-to-ready'] = m.medianMinutesToReady === null ? '' : String(m.medianMinutesToReady);
      out['metric-collection-rate'] = m.collectionRatePct === null ? '' : String(m.collectionRatePct);
      out['metric-expiries'] = String(m.expiries);
      out['metric-collected'] = String(m.counts.collected);
      out['metric-cancelled'] = String(m.counts.cancelled);
      out['overdue'] = String(m.overdue.length);
      out['expiring'] = String(m.expiringToday.length);
      out['flagged'] = String(m.flagged.length);
      out['overdue-ids'] = m.overdue.map((e) => e.id).join(',');
      out['expiring-ids'] = m.expiringToday.map((e) => e.id).join(',');
      out['flagged-ids'] = m.flagged.map((e) => e.id).join(',');
      return out;
    };
    // The page computes at its own "now" (shown on the dashboard); the same function over the server's docs at that
    // instant must give the same figures.
    await expect
      .poll(
        async () => {
          const { now, shown } = await read();
          return Object.entries(expected(pickupMetrics(docs, now)))
            .filter(([k, v]) => shown[k] !== v)
            .map(([k, v]) => `${k}: shown ${String(shown[k])}, pickupMetrics ${String(v)}`);
        },
        { timeout: 10_000 },
      )
      .toEqual([]);
    const { now, shown } = await read();
    const m = pickupMetrics(docs, now);
    console.log('[kiosk-checkin] manager figures:', JSON.stringify({ queue: { placed: m.queue.placed.count, picking: m.queue.picking.count, ready: m.queue.ready.count }, overdue: m.overdue.map((e) => e.orderNumber), expiringToday: m.expiringToday.map((e) => e.orderNumber), flagged: m.flagged, readyWithinPromisePct: m.readyWithinPromisePct, medianMinutesToReady: m.medianMinutesToReady, collectionRatePct: m.collectionRatePct, expiries: m.expiries }));

    // What the seeded state must show, independent of the function: the overdue order, the expiring one, the flag.
    expect(shown['overdue-ids']).toBe(orders.get('overdue')?.orderId);
    expect(shown['expiring-ids']).toBe(expiring.orderId);
    expect(shown['flagged-ids']).toBe(overpicked.orderId);
    expect(shown['queue-placed-count']).toBe('2');
    expect(shown['queue-picking-count']).toBe('1');
    expect(shown['queue-ready-count']).toBe('2');
    expect(shown['metric-collected']).toBe('1');
    expect(shown['metric-cancelled']).toBe('1');
    expect(shown['metric-ready-within-promise']).toBe('100');
    expect(shown['metric-collection-rate']).toBe('100');
    // Intl's percent in the store's locale (en-US: no space; fr-FR: « 100 % »).
    expect(await counter.getByTestId('metric-ready-within-promise').textContent()).toBe('100%');
    expect(await counter.getByTestId('flagged-row').textContent()).toMatch(/Over-picked/);
    await shot(counter, 'manager');

    // A manager resets a colleague's PIN at the counter: the new PIN's version replicates to the server.
    await counter.getByTestId('pin-reset-staff').fill('1005');
    await counter.getByTestId('pin-reset-pin').fill('582046');
    await counter.getByTestId('pin-reset-again').fill('582046');
    await counter.getByTestId('pin-reset-submit').click();
    await expect.poll(async () => (await counter.getByTestId('pin-reset-outcome').textContent()) ?? '', { timeout: 60_000 }).toContain('New PIN set');
    const reset = await db.query<{ v: number }>(`SELECT (data->>'pinVersion')::int AS v FROM docs WHERE collection = 'staff' AND id = 'staff_1005'`);
    expect(reset.rows[0]?.v).toBe(1);

    // Clicking an order opens it.
    await counter.locator(`[data-testid="overdue-row"][data-pickup-id="${orders.get('overdue')?.orderId ?? ''}"]`).click();
    await expect.poll(() => counter.getByTestId('nav-pickups').getAttribute('class')).toContain('active');
  });
});
