import { describe, expect, it } from 'vitest';
import { DEFAULT_PRINT_SETTINGS, parsePrintSettings } from '../../shared/ipc';
import { PRINT_SETTINGS_KEY, readPrintSettings } from './browserHost';

function memory(): { getItem(k: string): string | null; setItem(k: string, v: string): void; removeItem(k: string): void } {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
}

describe('print settings in the browser host', () => {
  it('defaults to 80 mm with the dialog, reads a saved paper width, and ignores a damaged entry', () => {
    const s = memory();
    expect(readPrintSettings(s)).toEqual(DEFAULT_PRINT_SETTINGS);
    s.setItem(PRINT_SETTINGS_KEY, JSON.stringify({ printerName: null, paper: 'a4', silent: false }));
    expect(readPrintSettings(s).paper).toBe('a4');
    s.setItem(PRINT_SETTINGS_KEY, '{"paper":"letter"');
    expect(readPrintSettings(s)).toEqual(DEFAULT_PRINT_SETTINGS);
  });
  it('refuses settings that are not a printer name, a known paper and a boolean', () => {
    expect(() => parsePrintSettings({ printerName: 3, paper: '80mm', silent: true })).toThrow(/printerName/);
    expect(() => parsePrintSettings({ printerName: null, paper: 'letter', silent: true })).toThrow(/paper/);
    expect(() => parsePrintSettings({ printerName: null, paper: 'a4', silent: 'yes' })).toThrow(/silent/);
  });
});
