/**
 * Coming back after a day offline (issue #11 §3), end to end in Chromium with the production renderer build: a
 * counter is offline while 10 % of prices, every stock level of its store and a product's title change on the
 * server; back online, it catches up through the sliced live pulls (renderer/data/livePages.ts: 1,000-row pages,
 * here several per collection) while a search result is on screen. After the catch-up every price and stock level
 * is right in the local database, the result row on screen shows the new price and stock without a new search, and
 * the search index answers the new title.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { writeDocs } from '../../server/sync/revisions';
import type { InventoryDoc, ProductDoc, VariantDoc } from '../../shared/schemas/collections';
import { formatMoney } from '../../shared/money';
import { chromiumMissingReason } from '../support/browser';
import { signedInCounter, startBrowserApp, type BrowserApp } from '../support/appPage';

const skipReason = chromiumMissingReason();
const STORE = 'store-001';
const VARIANTS = 2500;

function docsById(page: Page, collection: string, ids: readonly string[]): Promise<Record<string, unknown>[]> {
  return page.evaluate(({ collection, ids }) => (window as unknown as { __aisle: { docsById(c: string, ids: string[]): Promise<Record<string, unknown>[]> } }).__aisle.docsById(collection, ids), { collection, ids: [...ids] });
}

describe.skipIf(skipReason !== '')('catch-up after a day offline, in Chromium', () => {
  let db: Db;
  let app: BrowserApp;
  let page: Page;

  beforeAll(async () => {
    db = await openDb({});
    await seedDemo(db, { seed: 23, variants: VARIANTS, stores: 2 });
    app = await startBrowserApp(db);
    page = await signedInCounter(app, STORE);
  }, 600_000);

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('applies every price and stock change, on screen and in the search index', async () => {
    const variants = (await db.query<{ data: VariantDoc }>(`SELECT data FROM docs WHERE collection = 'variants' ORDER BY id`)).rows.map((r) => r.data);
    const stock = (await db.query<{ data: InventoryDoc }>(`SELECT data FROM docs WHERE collection = 'inventory' AND scope = $1 ORDER BY id`, [STORE])).rows.map((r) => r.data);
    expect(stock.length).toBeGreaterThan(2000); // more than two live pages (LIVE_PAGE)
    // The row on screen: a SKU hit, so it shows that one variant's price and its stock here.
    const watched = variants[1500];
    if (!watched) throw new Error('no variant');
    const product = (await db.query<{ data: ProductDoc }>(`SELECT data FROM docs WHERE collection = 'products' AND id = $1`, [watched.productId])).rows[0]?.data;
    if (!product) throw new Error('no product');
    await page.getByTestId('search-input').fill(watched.sku);
    const row = page.locator(`[data-testid="search-result"][data-product-id="${watched.productId}"]`);
    await expect.poll(async () => (await row.getByTestId('result-price').textContent()) ?? '', { timeout: 10_000 }).toContain(formatMoney(watched.price));

    await page.context().setOffline(true);
    await page.locator('[data-role][data-sync="offline"]').waitFor({ timeout: 30_000 });
    const at = new Date(Date.UTC(2027, 5, 1)).toISOString();
    // 10 % of the prices (the watched variant among them), every stock level of the store, one product's title.
    const changedVariants = variants.filter((v, i) => i % 10 === 0 || v.id === watched.id).map((v) => ({ ...v, price: { ...v.price, amount: v.price.amount + 777 }, updatedAt: at }));
    const changedStock = stock.map((s) => ({ ...s, onHand: 40 + (s.onHand % 7), available: 40 + (s.onHand % 7), updatedAt: at }));
    const renamed = { ...product, title: `Zanzibar ${product.title}`, updatedAt: at };
    await db.transaction((tx) => writeDocs(tx, 'variants', changedVariants.map((d) => ({ id: d.id, scope: '', data: { ...d } })), 'e2e'));
    await db.transaction((tx) => writeDocs(tx, 'inventory', changedStock.map((d) => ({ id: d.id, scope: STORE, data: { ...d } })), 'e2e'));
    await db.transaction((tx) => writeDocs(tx, 'products', [{ id: renamed.id, scope: '', data: { ...renamed } }], 'e2e'));

    await page.context().setOffline(false);
    const lastStock = changedStock.at(-1);
    const lastVariant = changedVariants.at(-1);
    await expect
      .poll(async () => {
        const [v] = await docsById(page, 'variants', [lastVariant?.id ?? '']);
        const [s] = await docsById(page, 'inventory', [lastStock?.id ?? '']);
        return v?.['updatedAt'] === at && s?.['updatedAt'] === at;
      }, { timeout: 240_000 }) // minutes, not seconds, on a machine at load 25+
      .toBe(true);

    // Every change is in the local database.
    const gotVariants = new Map((await docsById(page, 'variants', changedVariants.map((v) => v.id))).map((d) => [d['id'], d]));
    expect(changedVariants.filter((v) => (gotVariants.get(v.id)?.['price'] as { amount?: number } | undefined)?.amount !== v.price.amount)).toEqual([]);
    const gotStock = new Map((await docsById(page, 'inventory', changedStock.map((s) => s.id))).map((d) => [d['id'], d]));
    expect(changedStock.filter((s) => gotStock.get(s.id)?.['available'] !== s.available || gotStock.get(s.id)?.['onHand'] !== s.onHand)).toEqual([]);

    // The row that stayed on screen shows the new price and stock, without a new search.
    const newWatched = changedVariants.find((v) => v.id === watched.id);
    const newStock = changedStock.find((s) => s.variantId === watched.id);
    if (!newWatched || !newStock) throw new Error('the watched variant did not change');
    await expect.poll(async () => (await row.getByTestId('result-price').textContent()) ?? '', { timeout: 10_000 }).toContain(formatMoney(newWatched.price));
    await expect.poll(async () => (await row.getByTestId('result-stock').textContent()) ?? '', { timeout: 10_000 }).toContain(String(newStock.available));

    // The search index follows: the new title's word finds the renamed product, and only it.
    await page.getByTestId('search-input').fill('Zanzibar');
    await expect.poll(async () => page.locator(`[data-testid="search-result"][data-product-id="${renamed.id}"]`).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => (await page.getByTestId('search-results').getAttribute('data-query')) ?? '', { timeout: 10_000 }).toBe('Zanzibar');
    expect(await page.getByTestId('search-result').count()).toBe(1);
  }, 420_000);
});
