/**
 * The keyboard wedge in a real browser with the React API: Playwright types into a React-controlled field
 * at human speed and at scanner speed. A scan must reach the product handler, leave the field's value as it
 * was (including React's state), never submit; typing must reach the field untouched; and a bad scan must
 * show the refusal toast quoting what was read.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHarness, launchChromium, serve } from '../fixtures/camera/browser';

describe.skipIf(!existsSync('/usr/bin/chromium'))('keyboard wedge in Chromium', () => {
  let work = '';
  let server: Server;
  let browser: Browser;
  let base = '';

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'aisle-wedge-'));
    await buildHarness(join(work, 'site'));
    server = serve(join(work, 'site'));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://localhost:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser.close();
    server.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('routes a scan to the product handler and leaves the focused field as it was', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/wedge.html`);
    await page.click('#search');
    await page.keyboard.type('milk', { delay: 120 });
    await page.keyboard.type('4006381333931', { delay: 0 });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(200);
    expect(await page.inputValue('#search')).toBe('milk');
    const products: unknown = await page.evaluate(() => JSON.parse(JSON.stringify(Reflect.get(window, '__wedge'))) as unknown);
    expect(products).toMatchObject({ products: ['04006381333931'] });
    // React's state followed the restore: typing continues from "milk", not from the leaked characters.
    await page.keyboard.type(' 2L', { delay: 120 });
    expect(await page.inputValue('#search')).toBe('milk 2L');
    await page.close();
  });

  it('shows a refusal that quotes what was read', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/wedge.html`);
    await page.click('#search');
    // The first keystrokes into a fresh page can lag (CDP and JIT warm-up) beyond scanner timing, which a
    // real scanner's OS timestamps would not; warm up with a typed-and-erased key first.
    await page.keyboard.type('x', { delay: 120 });
    await page.keyboard.press('Backspace', { delay: 120 });
    await page.waitForTimeout(150);
    await page.keyboard.type('4006381333932', { delay: 0 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('[data-testid="scan-refusal"]').catch(() => null)).toContain('Read 4006381333932: check digit should be 1');
    expect(await page.inputValue('#search')).toBe('');
    await page.close();
  });
});
