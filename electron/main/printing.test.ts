import { describe, expect, it } from 'vitest';
import { AisleError } from '../../shared/errors';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WebContentsPrintOptions } from 'electron';
import { DEFAULT_PRINT_SETTINGS, type PrintSettings } from '../../shared/ipc';
import type { PrintDeps, PrintWindow } from './printing';
import { PRINT_WINDOW_OPTIONS, createPrintSettingsStore, listPrinters, printHtml, printOptionsFor } from './printing';
import { nodeSettingsFiles } from './settings';

function fakes(outcome: { success: boolean; reason?: string; loadFails?: boolean }) {
  const events: string[] = [];
  const temps = new Map<string, string>();
  const deps: PrintDeps = {
    createWindow(): PrintWindow {
      events.push('create');
      return {
        loadFile: async (file) => {
          events.push(`load:${file}`);
          if (outcome.loadFails) throw new Error('ERR_FILE_NOT_FOUND');
        },
        print: (options, callback) => {
          events.push(`print:silent=${options.silent}`);
          queueMicrotask(() => callback(outcome.success, outcome.reason ?? ''));
        },
        destroy: () => events.push('destroy'),
      };
    },
    writeTemp: async (html) => {
      temps.set('/tmp/r.html', html);
      events.push('write');
      return '/tmp/r.html';
    },
    removeTemp: async (file) => {
      temps.delete(file);
      events.push('remove');
    },
  };
  return { deps, events, temps };
}

describe('printHtml', () => {
  it('prints through the system dialog and cleans up', async () => {
    const { deps, events, temps } = fakes({ success: true });
    await printHtml('<p>Receipt</p>', deps);
    expect(events).toEqual(['write', 'create', 'load:/tmp/r.html', 'print:silent=false', 'destroy', 'remove']);
    expect(temps.size).toBe(0);
  });

  it('rejects with the reason and still cleans up', async () => {
    const { deps, events, temps } = fakes({ success: false, reason: 'cancelled' });
    const error: unknown = await printHtml('<p>x</p>', deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AisleError);
    expect(error).toMatchObject({ message: expect.stringContaining('cancelled') as unknown });
    expect(events.slice(-2)).toEqual(['destroy', 'remove']);
    expect(temps.size).toBe(0);
  });

  it('cleans up when the page fails to load', async () => {
    const { deps, events } = fakes({ success: true, loadFails: true });
    await expect(printHtml('<p>x</p>', deps)).rejects.toThrow('ERR_FILE_NOT_FOUND');
    expect(events).not.toContain('print:silent=false');
    expect(events.slice(-2)).toEqual(['destroy', 'remove']);
  });

  it('prints from a sandboxed window without JavaScript and without the app session', () => {
    expect(PRINT_WINDOW_OPTIONS).toMatchObject({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, partition: 'aisle-print' },
    });
    expect(PRINT_WINDOW_OPTIONS.webPreferences?.preload).toBeUndefined();
  });
});

describe('print settings', () => {
  it('prints to the configured printer, silently, on 80 mm paper without margins', async () => {
    const seen: WebContentsPrintOptions[] = [];
    const { deps } = fakes({ success: true });
    const create = deps.createWindow.bind(deps);
    deps.createWindow = () => {
      const win = create();
      return { ...win, print: (options, cb) => (seen.push(options), win.print(options, cb)) };
    };
    await printHtml('<p>r</p>', deps, { printerName: 'EPSON_TM_T88', paper: '80mm', silent: true });
    expect(seen[0]).toEqual({ silent: true, printBackground: true, pageSize: { width: 80_000, height: 297_000 }, margins: { marginType: 'none' }, deviceName: 'EPSON_TM_T88' });
    expect(printOptionsFor({ printerName: null, paper: 'a4', silent: false })).toEqual({ silent: false, printBackground: true, pageSize: 'A4', margins: { marginType: 'default' } });
  });

  it('lists printers by display name, and an OS failure is an empty list, not an error', async () => {
    const warnings: unknown[] = [];
    const log = { info: () => undefined, warn: (...a: unknown[]) => void warnings.push(a), error: () => undefined };
    expect(await listPrinters(async () => [{ name: 'z', displayName: 'Zebra' }, { name: 'e', displayName: '' }], log)).toEqual([{ name: 'e', displayName: 'e' }, { name: 'z', displayName: 'Zebra' }]);
    expect(await listPrinters(async () => Promise.reject(new Error('cups down')), log)).toEqual([]);
    expect(warnings).toHaveLength(1);
  });

  it('keeps the setting in printing.json, and an unreadable file means the defaults', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'aisle-print-'));
    try {
      const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
      const store = createPrintSettingsStore({ dir, files: nodeSettingsFiles, log });
      expect(await store.load()).toEqual(DEFAULT_PRINT_SETTINGS);
      await store.save({ printerName: 'Office', paper: 'a4', silent: false });
      expect(await store.load()).toEqual({ printerName: 'Office', paper: 'a4', silent: false });
      await expect(store.save({ printerName: 'x', paper: 'letter', silent: false } as unknown as PrintSettings)).rejects.toThrow(/paper/);
      writeFileSync(path.join(dir, 'printing.json'), '{"paper": 5');
      expect(await store.load()).toEqual(DEFAULT_PRINT_SETTINGS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
