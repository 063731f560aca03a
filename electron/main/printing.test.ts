import { describe, expect, it } from 'vitest';
import { AisleError } from '../../shared/errors';
import type { PrintDeps, PrintWindow } from './printing';
import { PRINT_WINDOW_OPTIONS, printHtml } from './printing';

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
