/**
 * Returns at the counter, end to end in Chromium with the production renderer build and a real catalog server.
 * A customer bought on the web (shipped home, paid by card) and once at this store (so this store's working set
 * holds them). At the counter, keyboard only:
 * 1. the web order's signed receipt code is scanned (verified on the counter with the server's key), the item is
 *    scanned back, reason chosen, the return completed: the server refunds the card, e-mails the customer, and the
 *    item is in this store's stock;
 * 2. the same store offline: another web order's receipt still verifies, the card cannot be refunded offline so the
 *    screen says so and refunds pending store credit; when the network returns the server settles it;
 * 3. a return without a receipt over the customer's limit needs a manager: their PIN on the spot, then it goes through.
 * axe-core checks every returns screen; AISLE_E2E_SCREENSHOTS=<dir> keeps a picture of each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/db';
import { DEMO_MANAGER_PIN, seedDemo } from '../../server/seed/demo';
import { withCheckDigit } from '../../shared/gtin';
import { API_PREFIX, type EnrollResponse } from '../../shared/sync';
import type { InventoryDoc, VariantDoc } from '../../shared/schemas/collections';
import type { ReturnDoc } from '../../shared/returns/types';
import { foldReturn } from '../../shared/returns/fold';
import { newReturnDoc, saleFromOrder, tenderedEvent, withEvent } from '../../shared/returns/build';
import { makeReturnLine } from '../../shared/returns/testing';
import type { Order } from '../../shared/orders/types';
import { deviceHeaders, enroll, getJson, postAsChannel, setStock, type RunningCatalog } from '../support/catalog';
import { chromiumMissingReason } from '../support/browser';
import { scanWithWedge, signIn, signedInCounter, startBrowserApp, type BrowserApp } from '../support/appPage';
import { expectNoAxeViolations } from '../support/axe';

const skipReason = chromiumMissingReason();
const KEYS = { web: 'e2e-ret-web-key-0123456789', store: 'e2e-ret-pos-key-0123456789' } as const;
const STORE = 'store-001';
const CARD = withCheckDigit('299900054321');
const EMAIL = 'sam.okafor@example.test';
const ON_HAND = 10;

async function post(baseUrl: string, path_: string, key: string, body: unknown): Promise<{ orderId: string; orderNumber: string }> {
  return (await postAsChannel(baseUrl, path_, key, body)) as { orderId: string; orderNumber: string };
}

describe.skipIf(skipReason !== '')('returns at the counter, end to end in Chromium', () => {
  let db: Db;
  let app: BrowserApp;
  let catalog: RunningCatalog;
  let page: Page;
  let observer: EnrollResponse;
  let variants: VariantDoc[] = [];
  let webItem: VariantDoc;
  let offlineItem: VariantDoc;
  let dear: VariantDoc;
  const orders = { web: { orderId: '', orderNumber: '', receipt: '' }, offline: { orderId: '', orderNumber: '', receipt: '' } };

  async function shot(name: string): Promise<void> {
    await expectNoAxeViolations(page, `returns: ${name}`);
    const dir = process.env['AISLE_E2E_SCREENSHOTS'];
    if (dir) await page.screenshot({ path: path.join(dir, `returns-${name}.png`), fullPage: true });
  }

  async function stock(v: VariantDoc, onHand: number): Promise<void> {
    await setStock(db, STORE, v.id, onHand);
  }

  async function onHand(v: VariantDoc): Promise<number> {
    const r = await db.query<{ data: InventoryDoc }>(`SELECT data FROM docs WHERE collection = 'inventory' AND id = $1`, [`${STORE}:${v.id}`]);
    return r.rows[0]?.data.onHand ?? -1;
  }

  async function serverReturns(): Promise<ReturnDoc[]> {
    const r = await db.query<{ data: ReturnDoc }>(`SELECT data FROM docs WHERE collection = 'returns' ORDER BY data->>'createdAt'`);
    return r.rows.map((x) => x.data);
  }

  async function receiptOf(orderId: string): Promise<string> {
    const { status, body } = await getJson(`${catalog.baseUrl}${API_PREFIX}/returns/orders/${orderId}/receipt`, observer.token);
    if (status !== 200) throw new Error(`receipt: ${status} ${JSON.stringify(body)}`);
    return (body as { receiptCode: string }).receiptCode;
  }

  /** Tab (keyboard only) until the element with this test id has focus. */
  async function tabTo(testId: string, max = 25): Promise<void> {
    for (let i = 0; i < max; i++) {
      if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '')) === testId) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${testId}; focus is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120) ?? 'nothing')}`);
  }

  /** Keyboard: the reason select of the focused line, moved to the first reason (Size too small). */
  async function chooseReasonByKeyboard(): Promise<void> {
    await tabTo('return-reason');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.getByTestId('return-reason').first().inputValue()).not.toBe('');
  }

  beforeAll(async () => {
    db = await openDb({});
    await seedDemo(db, { seed: 13, variants: 300, stores: 2 });
    const v = await db.query<{ data: VariantDoc }>(`SELECT data FROM docs WHERE collection = 'variants' AND data->>'barcode' <> '' ORDER BY (data->'price'->>'amount')::int DESC, id`);
    variants = v.rows.map((r) => r.data);
    // The dearest variant comes back without a receipt (two of it exceed the receiptless limit of 100.00).
    [dear] = variants as [VariantDoc];
    const cheap = variants.slice(-20);
    [webItem, offlineItem] = cheap as [VariantDoc, VariantDoc];
    const storeItem = cheap[2] as VariantDoc;
    for (const x of [webItem, offlineItem, storeItem, dear]) await stock(x, ON_HAND);
    app = await startBrowserApp(db, { catalog: { pickups: { channelKeys: `web:${KEYS.web},store:${KEYS.store}`, jobs: false } } });
    catalog = app.catalog;
    observer = await enroll(catalog.baseUrl, db, STORE, 'counter');

    const who = { firstName: 'Sam', lastName: 'Okafor', email: EMAIL, phone: '+1 415 555 0142', loyaltyNumber: CARD };
    const card = (x: VariantDoc): { type: string; amount: number; brand: string; last4: string }[] => [{ type: 'card', amount: x.price.amount, brand: 'visa', last4: '4242' }];
    const line = (x: VariantDoc): { sku: string; quantity: number; unitPrice: { amount: number; currency: string } } => ({ sku: x.sku, quantity: 1, unitPrice: x.price });
    const placedAt = new Date(Date.now() - 5 * 86_400_000).toISOString();
    const web = await post(catalog.baseUrl, '/orders', KEYS.web, { channel: 'web', customer: { id: 'web-sam', ...who }, fulfilment: { type: 'ship' }, lines: [line(webItem)], tenders: card(webItem), placedAt });
    const off = await post(catalog.baseUrl, '/orders', KEYS.web, { channel: 'web', customer: { id: 'web-sam', ...who }, fulfilment: { type: 'ship' }, lines: [line(offlineItem)], tenders: card(offlineItem), placedAt });
    // A sale at this store puts Sam in its working set (their orders reach the counter, offline too).
    await post(catalog.baseUrl, '/orders', KEYS.store, { channel: 'store', storeId: STORE, customer: { id: 'pos-sam', ...who }, lines: [line(storeItem)], tenders: card(storeItem), placedAt });
    orders.web = { ...web, receipt: await receiptOf(web.orderId) };
    orders.offline = { ...off, receipt: await receiptOf(off.orderId) };

    page = await signedInCounter(app, STORE, { viewport: { width: 1280, height: 1000 } });
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('a shipped web order returned at this store by scanning its receipt, keyboard only: refund to the card, the item in this store’s stock, the customer e-mailed', async () => {
    const before = await onHand(webItem);
    await page.keyboard.press('Alt+5');
    await page.getByTestId('return-find').waitFor();
    // The focus rule: the new screen's primary field has focus.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('return-order-number');
    await shot('find');
    await scanWithWedge(page, orders.web.receipt);
    const pick = page.getByTestId('return-pick');
    await pick.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('return-order').getAttribute('data-checked')).toBe('signature');
    await scanWithWedge(page, webItem.barcode);
    await expect.poll(() => page.locator(`[data-testid="return-line"][data-line-key="l1"]`).getAttribute('data-quantity')).toBe('1');
    await chooseReasonByKeyboard();
    await expect.poll(() => page.getByTestId('return-verdict').textContent()).toContain('Allowed');
    expect(await page.locator('[data-testid="refund-row"]').getAttribute('data-tender')).toBe('card');
    expect(await page.getByTestId('refund-total').textContent()).toContain(String(webItem.price.amount / 100).split('.')[0]);
    await shot('pick');
    await tabTo('return-complete');
    await page.keyboard.press('Enter');
    await page.getByTestId('return-done').waitFor({ timeout: 10_000 });
    // The server settles on push: the device shows the refund once the merged document comes back.
    await expect.poll(() => page.getByTestId('return-done').getAttribute('data-status'), { timeout: 20_000 }).toBe('completed');
    await shot('done');
    const [settled] = await serverReturns();
    const state = foldReturn(settled!.events);
    expect(state.refunded?.allocations).toEqual([{ tender: 'card', originalIndex: 0, amount: webItem.price.amount, pending: false }]);
    expect(state.lines[0]?.disposition).toBe('restock');
    expect(await onHand(webItem)).toBe(before + 1);
    const mail = await db.query<{ recipient: string }>(`SELECT recipient FROM outbox WHERE kind = 'refund'`);
    expect(mail.rows.map((r) => r.recipient)).toEqual([EMAIL]);
    // The return receipt prints through the desktop API (the browser host prints through the browser).
    await tabTo('return-print');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('return-print-status').textContent()).toMatch(/printer|Printing/);
  });

  it('the same store offline: the receipt still verifies, the card cannot be refunded offline, store credit is issued pending and the server settles it later', async () => {
    await page.context().setOffline(true);
    await expect.poll(() => page.getByTestId('sync-indicator').getAttribute('data-status'), { timeout: 15_000 }).toBe('offline');
    await page.getByTestId('nav-returns').click();
    await page.getByTestId('return-find').waitFor();
    await scanWithWedge(page, orders.offline.receipt);
    await page.getByTestId('return-pick').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('return-order').getAttribute('data-checked')).toBe('signature');
    await scanWithWedge(page, offlineItem.barcode);
    await expect.poll(() => page.locator(`[data-testid="return-line"][data-line-key="l1"]`).getAttribute('data-quantity')).toBe('1');
    await page.getByTestId('return-reason').selectOption('DEFECTIVE');
    // The screen says which offline limits apply, and the refund goes out as pending store credit.
    await expect.poll(async () => page.locator('[data-testid="return-limit"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-limit')))).toEqual(['card-after-sync', 'store-credit-pending']);
    const row = page.locator('[data-testid="refund-row"]');
    expect(await row.getAttribute('data-tender')).toBe('store-credit');
    expect(await row.getAttribute('data-pending')).toBe('true');
    await shot('pick-offline');
    await page.getByTestId('return-complete').click();
    await page.getByTestId('return-done').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('return-done').getAttribute('data-status')).toBe('submitted');
    await shot('done-offline');
    expect((await serverReturns()).length).toBe(1);

    await page.context().setOffline(false);
    await expect.poll(async () => (await serverReturns()).length, { timeout: 30_000 }).toBe(2);
    const settled = (await serverReturns()).find((d) => d.orderId === orders.offline.orderId);
    const state = foldReturn(settled!.events);
    expect(state.offline).toBe(true);
    expect(state.refunded?.allocations.map((a) => a.tender)).toEqual(['store-credit']);
    await expect.poll(() => page.getByTestId('return-done').getAttribute('data-status'), { timeout: 20_000 }).toBe('completed');
  });

  it('a return without a receipt over the customer’s limit needs the manager’s PIN, given on the spot', async () => {
    await page.getByTestId('return-next').click();
    await page.getByTestId('return-receiptless').click();
    await page.getByTestId('return-receiptless-start').waitFor();
    await shot('receiptless-start');
    await page.getByTestId('return-loyalty').fill(CARD);
    await page.getByTestId('return-identify').click();
    await page.getByTestId('return-pick').waitFor({ timeout: 10_000 });
    await scanWithWedge(page, dear.barcode);
    await page.locator(`[data-testid="return-line"][data-line-key="${dear.id}"]`).waitFor();
    await scanWithWedge(page, dear.barcode);
    await expect.poll(() => page.locator(`[data-testid="return-line"][data-line-key="${dear.id}"]`).getAttribute('data-quantity')).toBe('2');
    await page.getByTestId('return-reason').selectOption('UNWANTED');
    await expect.poll(() => page.getByTestId('return-verdict').textContent()).toContain('Needs a manager');
    expect(await page.getByTestId('return-verdict').textContent()).toContain('limit');
    expect(await page.getByTestId('return-complete').isDisabled()).toBe(true);
    await shot('receiptless-needs-manager');
    await page.getByTestId('return-approve').click();
    await page.getByTestId('return-approval').waitFor();
    await shot('approval');
    // A wrong PIN is refused; the manager's own PIN approves.
    await page.getByTestId('approval-staff').fill('1001');
    await page.getByTestId('approval-reason').fill('Regular customer, tags still on');
    await page.getByTestId('approval-pin').fill('999999');
    await page.getByTestId('approval-submit').click();
    await page.getByTestId('approval-error').waitFor({ timeout: 60_000 });
    await page.getByTestId('approval-pin').fill(DEMO_MANAGER_PIN);
    await page.getByTestId('approval-submit').click();
    await page.getByTestId('return-approval').waitFor({ state: 'detached', timeout: 60_000 });
    expect(await page.getByTestId('return-approve').textContent()).toContain('Approved by');
    await page.getByTestId('return-complete').click();
    await page.getByTestId('return-done').waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByTestId('return-done').getAttribute('data-status'), { timeout: 20_000 }).toBe('completed');
    const settled = (await serverReturns()).find((d) => d.orderId === '');
    const state = foldReturn(settled!.events);
    const approver = Object.values(state.approvals)[0];
    expect(approver?.by).toMatch(/.+/);
    expect(state.refunded?.allocations.map((a) => a.tender)).toEqual(['store-credit']);
    // The associate is still the one signed in.
    expect(await page.getByTestId('signed-in-staff').textContent()).not.toContain('anager');
  });

  it('managers see the returns tab: flagged and waiting lists and the returns KPI charts', async () => {
    await page.getByTestId('sign-out').click();
    await signIn(page, '1001', DEMO_MANAGER_PIN);
    await page.getByTestId('nav-manager').click();
    await page.getByTestId('manager-tab-returns').click();
    await page.getByTestId('manager-returns').waitFor();
    await page.locator('[data-testid="return-kpi-chart"]').first().waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="return-kpi-chart"]').count()).toBe(6);
    expect(Number(await page.locator('[data-testid="return-kpi-chart"][data-kpi="tenders"]').getAttribute('data-points'))).toBeGreaterThanOrEqual(2);
    await shot('manager');
  });

  it('from the customer’s profile: "Return items" on an order starts its return', async () => {
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customer-query').fill('Okafor');
    await page.locator('[data-testid="customer-hit"]').first().click();
    const order = page.locator(`[data-testid="customer-order"][data-order-id="${orders.web.orderId}"]`);
    await order.waitFor({ timeout: 15_000 });
    await order.locator('.order-summary').click();
    await order.getByTestId('order-return-items').click();
    await page.getByTestId('return-pick').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('return-order').getAttribute('data-via')).toBe('customer');
    // Its one unit came back in the first test: nothing is left to return from it.
    expect(await page.locator('[data-testid="return-line"] .muted').first().textContent()).toContain('nothing left');
    await shot('from-profile');
  });

  it('saved for a manager, a return waits in the manager’s list; approved there with the PIN, the server settles it', async () => {
    await page.getByTestId('nav-returns').click();
    await page.getByTestId('return-receiptless').click();
    await page.getByTestId('return-loyalty').fill(CARD);
    await page.getByTestId('return-identify').click();
    await page.getByTestId('return-pick').waitFor({ timeout: 10_000 });
    await scanWithWedge(page, dear.barcode);
    await page.locator(`[data-testid="return-line"][data-line-key="${dear.id}"]`).waitFor();
    await page.getByTestId('return-reason').selectOption('STYLE');
    await page.getByTestId('return-park').click();
    await page.getByTestId('return-done').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('return-done').getAttribute('data-status')).toBe('awaiting-approval');
    await page.getByTestId('nav-manager').click();
    await page.getByTestId('manager-tab-returns').click();
    const waiting = page.getByTestId('return-waiting');
    await waiting.waitFor({ timeout: 10_000 });
    await shot('manager-waiting');
    await waiting.getByTestId('return-waiting-approve').click();
    await page.getByTestId('approval-staff').fill('1001');
    await page.getByTestId('approval-pin').fill(DEMO_MANAGER_PIN);
    await page.getByTestId('approval-reason').fill('Checked the item: as new');
    await page.getByTestId('approval-submit').click();
    await page.getByTestId('return-approval').waitFor({ state: 'detached', timeout: 60_000 });
    await expect.poll(() => page.getByTestId('return-waiting').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(async () => (await serverReturns()).filter((d) => d.orderId === '' && d.status === 'completed').length, { timeout: 20_000 }).toBe(2);
  });

  it('a flagged return (lost the race for the last unit) is resolved from Conflicts to review: the manager’s resolution event reaches the server, nothing is refunded again', async () => {
    // Two returns of the one unit of a fresh sale at this store, pushed by another counter: one settles, one is RACED.
    const item = variants.slice(-20)[3] as VariantDoc;
    await stock(item, ON_HAND);
    const sale = await post(catalog.baseUrl, '/orders', KEYS.store, { channel: 'store', storeId: STORE, customer: { id: 'pos-sam', firstName: 'Sam', lastName: 'Okafor', email: EMAIL }, lines: [{ sku: item.sku, quantity: 1, unitPrice: item.price }], tenders: [{ type: 'cash', amount: item.price.amount }] });
    const order = (await db.query<{ data: Order }>('SELECT data FROM orders WHERE id = $1', [sale.orderId])).rows[0]?.data;
    if (!order) throw new Error('no order');
    const returnable = saleFromOrder(order);
    const raced: ReturnDoc[] = [1, 2].map((n) => {
      const id = `ret_${observer.deviceId}_race${n}`;
      const at = new Date().toISOString();
      const lines = [makeReturnLine({ orderLineId: 'l1', variantId: item.id, sku: item.sku, title: item.title })];
      const doc = newReturnDoc({ id, storeId: STORE, sale: returnable, receipt: { kind: 'order', code: '' }, customerId: '', currency: returnable.currency, lines, verdicts: [{ lineId: 'r1', verdict: 'allowed' }], offline: true }, { eventId: `${id}:c`, at, staffId: 'staff_1002', deviceId: observer.deviceId });
      return withEvent(doc, tenderedEvent([{ tender: 'gift-card', originalIndex: -1, amount: item.price.amount, pending: true }], 0, { eventId: `${id}:t`, at, staffId: 'staff_1002', deviceId: observer.deviceId }));
    });
    for (const doc of raced) {
      const res = await fetch(`${catalog.baseUrl}${API_PREFIX}/sync/returns/push`, { method: 'POST', headers: deviceHeaders(observer.token), body: JSON.stringify([{ newDocumentState: { ...doc, _deleted: false }, assumedMasterState: null }]) });
      expect(res.status).toBe(200);
    }
    const loser = (await serverReturns()).find((d) => raced.some((r) => r.id === d.id) && d.flags.includes('RACED'));
    if (!loser) throw new Error('no raced return');
    const refunds = (await db.query<{ n: number }>('SELECT count(*)::float8 AS n FROM payment_refunds WHERE order_id = $1', [sale.orderId])).rows[0]?.n;

    // The manager (signed in since the KPI test) opens Conflicts to review: the flag is there with both sides.
    await page.getByTestId('nav-manager').click();
    await page.getByTestId('manager-tab-conflicts').click();
    const conflict = page.locator(`[data-testid="conflict-open"][data-key="return:${loser.id}:RACED"]`);
    await conflict.waitFor({ timeout: 20_000 });
    expect(await conflict.getByTestId('conflict-side').count()).toBe(2);
    expect(await conflict.textContent()).toMatch(/already returned|another return took the last returnable units/);
    await shot('conflict-raced');
    await conflict.getByTestId('resolve-action-goods-returned').check();
    await conflict.getByTestId('resolve-note').fill('Customer kept the item; nothing handed out');
    await conflict.getByTestId('resolve-submit').click();
    const done = page.locator(`[data-testid="conflict-resolved"][data-key="return:${loser.id}:RACED"]`);
    await done.waitFor({ timeout: 10_000 });
    expect(await done.getByTestId('conflict-resolution').textContent()).toContain('Gave the goods back');
    await shot('conflict-resolved');
    await expect
      .poll(async () => foldReturn((await serverReturns()).find((d) => d.id === loser.id)?.events ?? []).resolutions.RACED?.action, { timeout: 20_000 })
      .toBe('goods-returned');
    const after = (await serverReturns()).find((d) => d.id === loser.id);
    expect(foldReturn(after?.events ?? []).resolutions.RACED?.by).toBe('staff_1001');
    expect(after?.status).toBe('flagged');
    expect((await db.query<{ n: number }>('SELECT count(*)::float8 AS n FROM payment_refunds WHERE order_id = $1', [sale.orderId])).rows[0]?.n).toBe(refunds);
  });
});

