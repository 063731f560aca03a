/**
 * The whole desktop app in the real Electron binary: the preload bridge, the sandbox and app:// together.
 * Everything else in electron/ is tested without Electron; this file is the one check that the pieces fit
 * in the real runtime, so it stays small.
 *
 * Needs the Electron binary (node_modules/electron/dist, fetched by electron's postinstall) and a build
 * (`npm run build`). Where either is missing it is skipped with the reason below — requiring 'electron'
 * to find out is not an option, because that starts a download when the binary is missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElectronApplication, Page } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');
const electronDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));

function electronBinary(): string | null {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
const built = existsSync(path.join(root, 'out/electron/main.cjs')) && existsSync(path.join(root, 'out/renderer/index.html'));
const reason = binary === null
  ? 'the Electron binary is not installed (node_modules/electron/dist is missing; this machine has no access to its download)'
  : 'the app is not built (run npm run build first)';

describe.skipIf(binary === null || !built)(`the desktop app in real Electron — skipped when ${reason}`, () => {
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    const { _electron } = await import('playwright-core');
    // The project folder is the app (package.json "main" points at out/electron/main.cjs); a throwaway
    // profile keeps the test away from a real enrollment.
    const profile = await mkdtemp(path.join(os.tmpdir(), 'aisle-e2e-'));
    app = await _electron.launch({ executablePath: binary ?? '', args: [root], cwd: root, env: { ...process.env, AISLE_USER_DATA_DIR: profile } });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  // Page code is passed as strings: electron/ compiles without the DOM lib, and the results are checked as unknown.
  it('loads the renderer from app://aisle with window.aisle and without Node', async () => {
    expect(await page.evaluate('location.origin')).toBe('app://aisle');
    expect(await page.evaluate('[typeof aisle, typeof require, typeof process, typeof ipcRenderer]')).toEqual(['object', 'undefined', 'undefined', 'undefined']);
  });

  it('answers through the bridge and keeps error codes', async () => {
    expect(await page.evaluate('aisle.getAppInfo()')).toMatchObject({ host: 'electron' });
    expect(await page.evaluate("aisle.saveDeviceSettings({ role: 'admin' }).catch((e) => e)")).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('sends the CSP with the page', async () => {
    expect(await page.evaluate("fetch('/index.html').then((r) => r.headers.get('content-security-policy'))")).toContain("object-src 'none'");
  });
});
