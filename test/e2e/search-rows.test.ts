/**
 * The counter's search rows, rendered first screen first (renderer/ui/SearchResults.tsx), in the production
 * renderer build in Chromium with a real catalog server:
 * - a new answer's first commit holds only the first screen of rows, all of that answer, in its order; the rest
 *   follow; no commit ever shows rows of two queries (a MutationObserver records every commit);
 * - the arrow keys reach all 50 hits, before the rest has come (rendered down to the selection) and after, and
 *   Enter opens the selected one;
 * - scrolling the list to its end shows the last hit; the list's height does not change when the rest comes;
 * - rows replaced under a resting pointer do not move the selection (Enter opens the first hit, not the row
 *   under the mouse);
 * - axe-core finds nothing on the list with part of its rows and with all of them.
 * AISLE_E2E_SCREENSHOTS=<dir> keeps a picture of the screen.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { chromiumMissingReason } from '../support/browser';
import { signedInCounter, startBrowserApp, type BrowserApp } from '../support/appPage';
import { expectNoAxeViolations } from '../support/axe';

const skipReason = chromiumMissingReason();
const STORE = 'store-001';
const VIEWPORT = { width: 1280, height: 800 };
// renderer/ui/SearchResults.tsx: firstScreenRows(800) with 65 px rows.
const FIRST_SCREEN = Math.ceil(VIEWPORT.height / 65) + 1;

interface Commit {
  query: string | null;
  ids: string[];
  complete: boolean;
}

type Hook = { __aisle: { search(q: string): Promise<{ hits: { id: string }[] }> }; __commits: Commit[] };

describe.skipIf(skipReason !== '')('search rows: the first screen first, every hit reachable, never two queries mixed', () => {
  let db: Db;
  let app: BrowserApp;
  let page: Page;
  let categories: string[];

  const expectedIds = (q: string): Promise<string[]> => page.evaluate(async (text) => (await (window as unknown as Hook).__aisle.search(text)).hits.map((h) => h.id), q);

  beforeAll(async () => {
    db = await openDb({});
    await seedDemo(db, { seed: 11, variants: 2000, stores: 2 });
    // Categories and brands naming at least as many products as a search shows (50).
    const top = await db.query<{ c: string }>(
      `SELECT c FROM (SELECT data->>'category' AS c, count(*) AS n FROM docs WHERE collection = 'products' GROUP BY 1 UNION ALL SELECT data->>'brand', count(*) FROM docs WHERE collection = 'products' GROUP BY 1) t WHERE n >= 50 ORDER BY n DESC, c`,
    );
    app = await startBrowserApp(db);
    page = await signedInCounter(app, STORE, { viewport: VIEWPORT });
    // The ones the app answers with 50 hits.
    categories = [];
    for (const { c } of top.rows) if ((await expectedIds(c)).length === 50 && categories.length < 2) categories.push(c);
    // Every commit to the results list, as it was right after React wrote it (before any frame).
    await page.evaluate(() => {
      const w = window as unknown as Hook;
      w.__commits = [];
      const record = (): void => {
        const list = document.querySelector('[data-testid="search-results"]');
        if (!list) return;
        const ids = Array.from(list.querySelectorAll('[data-testid="search-result"]'), (el) => el.getAttribute('data-product-id') ?? '');
        const commit = { query: list.getAttribute('data-query'), ids, complete: list.hasAttribute('data-complete') };
        const last = w.__commits[w.__commits.length - 1];
        if (!last || last.query !== commit.query || last.complete !== commit.complete || last.ids.join() !== commit.ids.join()) w.__commits.push(commit);
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-query', 'data-complete'] });
    });
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const list = (): ReturnType<Page['getByTestId']> => page.getByTestId('search-results');
  const selected = (): Promise<{ id: string | null; pos: string | null }> =>
    page.evaluate(() => {
      const el = document.querySelector('[data-testid="search-results"] [aria-selected="true"]');
      return { id: el?.getAttribute('data-product-id') ?? null, pos: el?.getAttribute('aria-posinset') ?? null };
    });

  it('typing shows each answer first screen first, in order, and never mixes two queries', async () => {
    expect(categories.length).toBe(2);
    const input = page.getByTestId('search-input');
    await input.fill('');
    await page.evaluate(() => void ((window as unknown as Hook).__commits = []));
    // Typed at a person's fastest, then a second word typed over the first.
    const [first = '', second = ''] = categories;
    await input.pressSequentially(first, { delay: 30 });
    await input.fill('');
    await input.pressSequentially(second, { delay: 30 });
    await expect.poll(() => list().getAttribute('data-query'), { timeout: 10_000 }).toBe(second);
    await page.locator('[data-testid="search-results"][data-complete]').waitFor({ timeout: 10_000 });
    const commits = await page.evaluate(() => (window as unknown as Hook).__commits);
    const answers = new Map<string, string[]>();
    for (const c of commits) if (c.query && !answers.has(c.query)) answers.set(c.query, await expectedIds(c.query));
    // The MutationObserver saw the first answers and the last.
    expect(answers.has(second)).toBe(true);
    for (const c of commits) {
      const all = answers.get(c.query ?? '') ?? [];
      // Every row shown belongs to the query the list names, in the answer's order: a prefix of it.
      expect(c.ids, `rows for "${c.query}"`).toEqual(all.slice(0, c.ids.length));
      if (c.complete) expect(c.ids.length).toBe(all.length);
      else expect(c.ids.length).toBeLessThan(all.length);
    }
    // Each answer with more hits than a screen holds came first with only the first screen.
    const firstCommit = commits.find((c) => c.query === second);
    expect(firstCommit?.ids.length).toBe(Math.min(FIRST_SCREEN, answers.get(second)?.length ?? 0));
    expect(answers.get(second)?.length).toBe(50);
    // Then all 50.
    expect(await page.getByTestId('search-result').count()).toBe(50);
  });

  it('the arrow keys reach every hit, before the rest of the rows has come and after, and Enter opens it', async () => {
    const q = categories[0] ?? '';
    const ids = await expectedIds(q);
    expect(ids.length).toBe(50);
    // Answer, then 20 ArrowDowns in the same task as the first commit: well inside the wait for the rest.
    const state = await page.evaluate(async (text) => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="search-input"]');
      const listEl = document.querySelector('[data-testid="search-results"]');
      if (!input || !listEl) throw new Error('no search screen');
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, text);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise<void>((resolve) => {
        const mo = new MutationObserver(() => {
          if (listEl.getAttribute('data-query') === text) {
            mo.disconnect();
            resolve();
          }
        });
        mo.observe(listEl, { attributes: true, attributeFilter: ['data-query'] });
      });
      const rowsAtFirst = listEl.querySelectorAll('[data-testid="search-result"]').length;
      for (let i = 0; i < 20; i++) input.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, cancelable: true }));
      // React renders the keys' update in a microtask: waiting on microtasks only, no timer (the rest's) can run first.
      for (let i = 0; i < 5; i++) await new Promise<void>((r) => queueMicrotask(r));
      const sel = listEl.querySelector('[aria-selected="true"]');
      return {
        rowsAtFirst,
        rowsAfterKeys: listEl.querySelectorAll('[data-testid="search-result"]').length,
        complete: listEl.hasAttribute('data-complete'),
        selectedPos: sel?.getAttribute('aria-posinset') ?? null,
        selectedId: sel?.getAttribute('data-product-id') ?? null,
        setSize: sel?.getAttribute('aria-setsize') ?? null,
      };
    }, q);
    expect(state.rowsAtFirst).toBe(FIRST_SCREEN);
    expect(state.complete).toBe(false);
    // Rendered down to the selection, and no further.
    expect(state.rowsAfterKeys).toBe(21);
    expect(state).toMatchObject({ selectedPos: '21', selectedId: ids[20], setSize: '50' });
    await expectNoAxeViolations(page, 'search, first screen of rows');
    await page.locator('[data-testid="search-results"][data-complete]').waitFor({ timeout: 10_000 });
    await expectNoAxeViolations(page, 'search, all rows');
    for (let i = 20; i < 49; i++) await page.keyboard.press('ArrowDown');
    expect(await selected()).toEqual({ id: ids[49], pos: '50' });
    await page.keyboard.press('ArrowDown');
    expect(await selected()).toEqual({ id: ids[49], pos: '50' });
    // The selected row was scrolled into view.
    const inView = await page.evaluate(() => {
      const l = document.querySelector('[data-testid="search-results"]')?.getBoundingClientRect();
      const r = document.querySelector('[data-testid="search-results"] [aria-selected="true"]')?.getBoundingClientRect();
      return !!l && !!r && r.top >= l.top - 1 && r.bottom <= l.bottom + 1;
    });
    expect(inView).toBe(true);
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="product-detail"][data-product-id="${ids[49]}"]`).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    await page.getByTestId('search-input').waitFor();
  });

  it('scrolling to the end shows the last hit; the list keeps its height when the rest comes', async () => {
    const q = categories[1] ?? '';
    const ids = await expectedIds(q);
    const seen = await page.evaluate(async (text) => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="search-input"]');
      const listEl = document.querySelector<HTMLElement>('[data-testid="search-results"]');
      if (!input || !listEl) throw new Error('no search screen');
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, text);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise<void>((resolve) => {
        const mo = new MutationObserver(() => {
          if (listEl.getAttribute('data-query') === text) {
            mo.disconnect();
            resolve();
          }
        });
        mo.observe(listEl, { attributes: true, attributeFilter: ['data-query'] });
      });
      const partialHeight = listEl.scrollHeight;
      const partial = !listEl.hasAttribute('data-complete');
      listEl.scrollTop = listEl.scrollHeight;
      // The frame that paints the scroll: the scroll event comes before its animation frame callbacks.
      await new Promise((r) => requestAnimationFrame(r));
      const box = listEl.getBoundingClientRect();
      const atBottom = document.elementFromPoint(box.left + box.width / 2, box.bottom - 20)?.closest('[data-testid="search-result"]');
      // The last row has no bottom border.
      const heights = Array.from(listEl.querySelectorAll('[data-testid="search-result"]:not(:last-child)'), (el) => el.getBoundingClientRect().height);
      return { partial, partialHeight, fullHeight: listEl.scrollHeight, bottomId: atBottom?.getAttribute('data-product-id') ?? null, heights: [...new Set(heights)] };
    }, q);
    expect(seen.partial).toBe(true);
    // One row height, on screen or not (content-visibility), with or without its image: the space kept for rows
    // not yet rendered is theirs exactly.
    expect(seen.heights).toEqual([65]);
    expect(seen.bottomId).toBe(ids[ids.length - 1]);
    expect(Math.abs(seen.fullHeight - seen.partialHeight)).toBeLessThan(65);
    await page.getByTestId('search-result').nth(ids.length - 1).waitFor();
  });

  it('rows replaced under a resting pointer do not move the selection', async () => {
    const input = page.getByTestId('search-input');
    await input.fill(categories[0] ?? '');
    await expect.poll(() => list().getAttribute('data-query'), { timeout: 10_000 }).toBe(categories[0]);
    await page.locator('[data-testid="search-results"][data-complete]').waitFor({ timeout: 10_000 });
    // The list scrolled to its end by the previous test starts at its top with a new answer.
    expect(await list().evaluate((el) => el.scrollTop)).toBe(0);
    // The pointer rests on the fourth row (moving there selects it, as a person pointing does).
    const box = await page.getByTestId('search-result').nth(3).boundingBox();
    if (!box) throw new Error('no fourth row');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    expect((await selected()).pos).toBe('4');
    // Typing a new query resets the selection to the first hit; rows move under the resting pointer.
    const q = categories[1] ?? '';
    const ids = await expectedIds(q);
    await input.fill(q);
    await expect.poll(() => list().getAttribute('data-query'), { timeout: 10_000 }).toBe(q);
    await page.locator('[data-testid="search-results"][data-complete]').waitFor({ timeout: 10_000 });
    await page.waitForTimeout(300);
    expect(await selected()).toEqual({ id: ids[0], pos: '1' });
    const dir = process.env['AISLE_E2E_SCREENSHOTS'];
    if (dir) await page.screenshot({ path: path.join(dir, 'counter-search-rows-pointer.png') });
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="product-detail"][data-product-id="${ids[0]}"]`).waitFor({ timeout: 10_000 });
  });
});
