/**
 * addFirstStorage (renderer/data/addFirstStorage.ts) must answer exactly as the Dexie storage it wraps: the same
 * write results (409s with the stored state), the same change events (so the barcode map and open queries follow),
 * the same contexts and checkpoints, the same stored rows, while a first sync's pages of new rows are written
 * without reading any id. Real IndexedDB in Chromium, through the same writes on a plain and a wrapped device
 * database (test/e2e/addFirstStoragePage.ts, bundled by esbuild).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { chromiumMissingReason, launchChromium } from '../support/browser';
import type { DeviceReport, OverlapReport } from './addFirstStoragePage';

const skipReason = chromiumMissingReason();

describe.skipIf(skipReason !== '')('add-first storage against the plain Dexie storage, in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let plain: DeviceReport;
  let wrapped: DeviceReport;
  let overlap: { plain: OverlapReport; wrapped: OverlapReport };

  beforeAll(async () => {
    const bundle = await build({ entryPoints: [path.join(import.meta.dirname, 'addFirstStoragePage.ts')], bundle: true, write: false, format: 'esm', platform: 'browser', target: 'chrome120', define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'warning' });
    const js = bundle.outputFiles[0]?.text ?? '';
    server = createServer((req, res) => {
      if (req.url === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/page.js"></script>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    browser = await launchChromium();
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => '__compare' in window);
    ({ plain, wrapped } = await page.evaluate(() => (window as unknown as { __compare: () => Promise<{ plain: DeviceReport; wrapped: DeviceReport }> }).__compare()));
    overlap = await page.evaluate(() => (window as unknown as { __overlap: () => Promise<{ plain: OverlapReport; wrapped: OverlapReport }> }).__overlap());
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('answers, emits and stores exactly what the plain storage does, step by step', () => {
    expect(wrapped.steps.map((s) => s.step)).toEqual(plain.steps.map((s) => s.step));
    for (const [i, p] of plain.steps.entries()) {
      const w = wrapped.steps[i];
      expect({ step: p.step, answer: w?.answer }).toEqual({ step: p.step, answer: p.answer });
      expect({ step: p.step, events: w?.events }).toEqual({ step: p.step, events: p.events });
      expect({ step: p.step, bulks: w?.bulks }).toEqual({ step: p.step, bulks: p.bulks });
    }
    expect(wrapped.final).toEqual(plain.final);
    // And IndexedDB holds the same rows (dexieRow skips RxDB's deep copy but must store what it stores).
    expect(wrapped.dexieRows).toEqual(plain.dexieRows);
    expect(plain.dexieRows.length).toBe(plain.final.length);
    expect(plain.dexieRows[0]).toMatchObject({ id: 'var_00000', _deleted: '0' });
    // Not vacuous: the writes did what the steps say.
    const answers = Object.fromEntries(plain.steps.map((s) => [s.step, s.answer]));
    expect(answers['raw inserts: half stored, half new']).toEqual(['var_00095', 'var_00096', 'var_00097', 'var_00098', 'var_00099'].map((id) => ({ status: 409, id, inDb: { id, price: 1000, deleted: false, rev: 1 } })));
    expect(plain.final.find((d) => d.id === 'var_00003')).toEqual({ id: 'var_00003', price: 2000, deleted: false, rev: 3 });
    expect(plain.final.find((d) => d.id === 'var_00010')).toEqual({ id: 'var_00010', price: 2001, deleted: false, rev: 5 });
    expect(plain.final.find((d) => d.id === 'var_00200')).toEqual({ id: 'var_00200', price: 1000, deleted: true, rev: 1 });
    expect(plain.final.find((d) => d.id === 'var_00300')?.price).toBe(2);
    expect(plain.steps[0]?.events).toHaveLength(40);
    expect(plain.steps[0]?.bulks).toEqual([{ context: 'replication-downstream-test', checkpointId: 'var_00039' }]);
  });

  it('keeps the barcode map and an open query current through its events', () => {
    expect(wrapped.query).toEqual(plain.query);
    // Rows 0–104 are stored and live; productId is prod_(i mod 7).
    const expected = Array.from({ length: 105 }, (_, i) => i).filter((i) => i % 7 === 3).map((i) => `var_${String(i).padStart(5, '0')}`);
    expect(wrapped.query).toEqual(expected);
    expect(wrapped.barcodes).toEqual(plain.barcodes);
    expect(wrapped.barcodes.lookup).toBe('var_00042');
    expect(wrapped.barcodes.size).toBe(plain.barcodes.size);
  });

  it('writes pages of new rows without reading, and goes back to the plain write after it found stored rows', () => {
    const took = Object.fromEntries(wrapped.steps.map((s) => [s.step, s.took]));
    // A first sync's pages: the add path, not one id read.
    expect(took['a first page of new rows']).toEqual({ added: 1, plain: 0, readAfterFailedAdd: 0 });
    expect(took['a second page of new rows']).toEqual({ added: 1, plain: 0, readAfterFailedAdd: 0 });
    // A page pulled again: its adds fail, those ids are read, the retry over the stored state is a plain write.
    expect(took['the first page pulled again, one price changed']).toEqual({ added: 1, plain: 1, readAfterFailedAdd: 40 });
    // After that, inserts try the plain write first; once one finds nothing stored, the add path is back.
    expect(took['the next insert batch after one that found rows']).toEqual({ added: 0, plain: 1, readAfterFailedAdd: 0 });
    expect(took['inserts again, none stored']).toEqual({ added: 1, plain: 0, readAfterFailedAdd: 0 });
    // Live pages of updates pay for one failed add only on their first slice.
    expect(took['live slices of updates']?.readAfterFailedAdd).toBe(10);
    // The plain storage never takes the wrapper's path.
    expect(plain.steps.every((s) => s.took.added === 0 && s.took.plain === 0)).toBe(true);
  });

  // First-sync pages written two deep (renderer/data/pageQueue.ts), as the pull handler writes them.
  for (const kind of ['plain', 'wrapped'] as const) {
    it(`${kind}: overlapped pages end in the newest state of every document, with events and checkpoints in page order`, () => {
      const r = overlap[kind];
      expect(r.commits).toEqual(['a', 'b', 'c', 'd', 'e']);
      const price = (id: number): number | undefined => r.final.find((d) => d.id === `var_${String(id).padStart(5, '0')}`)?.price;
      expect(price(520)).toBe(3);
      expect(price(610)).toBe(5);
      expect(price(519)).toBe(2);
      expect(price(545)).toBe(3);
      expect(price(611)).toBe(4);
      expect(price(655)).toBe(5);
      expect(r.final).toHaveLength(160);
      expect(r.final.some((d) => d.id === 'var_00999')).toBe(false);
      // Every document has its events, each document's in page order.
      const of = (id: string): string[] => r.events.filter((e) => e.split(' ')[1] === id);
      expect(of('var_00520')).toEqual(['INSERT var_00520 2', 'UPDATE var_00520 3']);
      expect(of('var_00610')).toEqual(['UPDATE var_00610 4', 'UPDATE var_00610 5']);
      expect(new Set(r.events.map((e) => e.split(' ')[1])).size).toBe(160);
      // b and e each hold a newer state of a document of the page before them: they waited for it.
      expect(r.serialised).toBe(2);
    });

    it(`${kind}: a page that fails while the next is in flight commits nothing from itself on`, () => {
      const f = overlap[kind].failure;
      expect(f.message).not.toBe('');
      // Page f was committed before g failed; g wrote nothing (its transaction aborted); h, in flight, was written
      // but not committed (pulled again on resume, written over itself); i was never issued.
      expect(f.commits).toEqual(['f']);
      const ids = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, k) => `var_${String(from + k).padStart(5, '0')}`);
      expect(f.stored).toEqual([...ids(660, 670), ...ids(680, 690)]);
    });
  }
});
