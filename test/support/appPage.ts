/**
 * The app in a browser page for end-to-end tests: a device enrolled through the enroll screen (each in its own
 * browser context, so each has its own IndexedDB and localStorage, like separate machines), staff sign-in, and a
 * dump of everything the device stored, for asserting what it must never hold.
 */
import type { Browser, Page } from 'playwright-core';
import type { Db } from '../../server/db/db';
import { createEnrollmentCode } from '../../server/auth';
import { DEMO_ASSOCIATE_PIN } from '../../server/seed/demo';
import { startCatalog, type CatalogOptions, type RunningCatalog } from './catalog';
import { serveRenderer } from './static';
import { launchChromium } from './browser';
import type { DeviceRole } from '../../shared/sync';
import type { ScannerOptions } from './scanner';
import { scanLikeScanner } from './scanner';

export interface EnrollPageOptions {
  browser: Browser;
  rendererUrl: string;
  serverUrl: string;
  db: Db;
  storeId: string;
  role: DeviceRole;
  viewport?: { width: number; height: number };
}

/** A new browser context with the app enrolled as `role` at `storeId`, after its first sync (status idle). */
export async function enrolledPage(options: EnrollPageOptions): Promise<Page> {
  const context = await options.browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(options.rendererUrl);
  // Enrollment codes are role-specific: a kiosk code makes a kiosk (server/auth.ts).
  const { code } = await createEnrollmentCode(options.db, options.storeId, options.role);
  await page.getByTestId('enroll-server-url').fill(options.serverUrl);
  await page.getByTestId('enroll-code').fill(code);
  await page.getByTestId('enroll-submit').click();
  // A locator wait rather than expect.poll, so this also works in beforeAll.
  // The app frame's data-sync, not the indicator: a kiosk shows customers no sync state.
  await page.locator('[data-role][data-sync="idle"]').waitFor({ timeout: 90_000 });
  return page;
}

/**
 * A USB (keyboard-wedge) scanner reading `text`: the whole text in one burst at a scanner's pace, then Enter
 * (test/support/scanner.ts says why this is not page.keyboard.type).
 */
export async function scanWithWedge(page: Page, text: string, options?: ScannerOptions): Promise<void> {
  await scanLikeScanner(page, text, options);
}

/** Signs in at a counter (demo store 1: manager 1001 / 135790, associates 1002–1006 / 246810; scrypt takes a moment). */
export async function signIn(page: Page, staffNumber: string, pin: string): Promise<void> {
  await page.getByTestId('signin-staff').fill(staffNumber);
  await page.getByTestId('signin-pin').fill(pin);
  await page.getByTestId('signin-submit').click();
  await page.locator('[data-testid="signed-in-staff"], [data-testid="signin-error"]').first().waitFor({ timeout: 60_000 });
  const refused = (await page.getByTestId('signin-error').count()) > 0 ? await page.getByTestId('signin-error').textContent() : null;
  if (refused !== null) throw new Error(`sign-in refused: ${refused}`);
}

/** Every record in every IndexedDB database and every localStorage entry of the page's origin, as JSON text. */
export async function dumpDeviceStorage(page: Page): Promise<{ indexedDb: string; localStorage: string; stores: string[]; records: number }> {
  return page.evaluate(async () => {
    const stores: string[] = [];
    const chunks: string[] = [];
    let records = 0;
    const request = <T,>(r: IDBRequest<T>): Promise<T> =>
      new Promise((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
      });
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const open = indexedDB.open(info.name);
      const db = await request(open);
      for (const name of Array.from(db.objectStoreNames)) {
        stores.push(`${info.name}/${name}`);
        const all = await request(db.transaction(name, 'readonly').objectStore(name).getAll());
        records += all.length;
        chunks.push(JSON.stringify(all));
      }
      db.close();
    }
    const local: Record<string, string | null> = {};
    for (let i = 0; i < window.localStorage.length; i++) {
      const key = window.localStorage.key(i);
      if (key !== null) local[key] = window.localStorage.getItem(key);
    }
    return { indexedDb: chunks.join('\n'), localStorage: JSON.stringify(local), stores, records };
  });
}

/** What an end-to-end suite runs against: a real catalog server on the suite's database, the production renderer build served over HTTP (the browser host), and headless Chromium. */
export interface BrowserApp {
  db: Db;
  catalog: RunningCatalog;
  renderer: Awaited<ReturnType<typeof serveRenderer>>;
  browser: Browser;
  /** enrolledPage against this app's server: a new browser context, enrolled, after its first sync. */
  open(storeId: string, role: DeviceRole, viewport?: { width: number; height: number }): Promise<Page>;
  /** Closes Chromium, the renderer's server and the catalog server; the database stays the suite's to close. */
  close(): Promise<void>;
}

/** Starts the catalog on `db` (seeded by the suite), serves the renderer build and launches Chromium (`chromiumArgs`: e.g. a fake camera). */
export async function startBrowserApp(db: Db, options: { catalog?: CatalogOptions; chromiumArgs?: string[] } = {}): Promise<BrowserApp> {
  const catalog = await startCatalog(db, options.catalog ?? {});
  const renderer = await serveRenderer().catch(async (e: unknown) => {
    await catalog.close();
    throw e;
  });
  const browser = await launchChromium(options.chromiumArgs).catch(async (e: unknown) => {
    await renderer.close();
    await catalog.close();
    throw e;
  });
  return {
    db,
    catalog,
    renderer,
    browser,
    open: (storeId, role, viewport) => enrolledPage({ browser, rendererUrl: renderer.url, serverUrl: catalog.baseUrl, db, storeId, role, ...(viewport ? { viewport } : {}) }),
    close: async () => {
      await browser.close();
      await renderer.close();
      await catalog.close();
    },
  };
}

/** A counter of `storeId` enrolled and signed in (default: the demo associate 1002 with the associates' PIN). */
export async function signedInCounter(app: BrowserApp, storeId: string, options: { staffNumber?: string; pin?: string; viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const page = await app.open(storeId, 'counter', options.viewport);
  await signIn(page, options.staffNumber ?? '1002', options.pin ?? DEMO_ASSOCIATE_PIN);
  return page;
}

/** Documents per local collection on the device (window.__aisle, the app's test hook in renderer/data/session.ts); -1 when the device has no such collection. */
export function localCount(page: Page, collection: string): Promise<number> {
  return page.evaluate(async (name) => {
    const hook = (window as unknown as { __aisle?: { counts(): Promise<Record<string, number>> } }).__aisle;
    return (await hook?.counts())?.[name] ?? -1;
  }, collection);
}
