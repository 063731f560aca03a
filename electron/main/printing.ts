/**
 * Prints a receipt: the renderer hands over an HTML document and main prints it from a hidden window, so
 * the receipt never runs inside the app's own page (no access to the app's DOM, storage or preload).
 *
 * Security checklist: "enable process sandboxing" (4), "do not enable Node.js integration" (2), and
 * "context isolation" (3) for the print window too; it also has JavaScript off (a receipt is static
 * markup, and the HTML is built by the renderer from data that came partly from the server) and an
 * in-memory session of its own, so it shares no cookies or storage with the app.
 *
 * The HTML goes through a temp file rather than a data: URL because Chromium caps URLs at 2 MB and a
 * receipt with inline images can exceed that.
 *
 * The device's print setting (printer, paper width, silent) lives in userData/printing.json, parsed from unknown
 * on every read like every other input to main; the printer list comes from webContents.getPrintersAsync through
 * an injected function, so all of this is tested without Electron.
 */
import path from 'node:path';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import type { BrowserWindow, BrowserWindowConstructorOptions, WebContentsPrintOptions } from 'electron';
import { AisleError } from '../../shared/errors';
import { DEFAULT_PRINT_SETTINGS, parsePrintSettings, type PaperWidth, type PrintSettings, type PrinterInfo } from '../../shared/ipc';
import type { SettingsFiles } from './settings';
import type { Logger } from './log';

export const PRINT_PARTITION = 'aisle-print';

export const PRINT_WINDOW_OPTIONS: BrowserWindowConstructorOptions = {
  show: false,
  webPreferences: {
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    javascript: false,
    webSecurity: true,
    partition: PRINT_PARTITION,
  },
};

/** The parts of a BrowserWindow printing uses. */
export interface PrintWindow {
  loadFile(filePath: string): Promise<void>;
  print(options: WebContentsPrintOptions, callback: (success: boolean, failureReason: string) => void): void;
  destroy(): void;
}

export interface PrintDeps {
  createWindow(): PrintWindow;
  writeTemp(html: string): Promise<string>;
  removeTemp(filePath: string): Promise<void>;
}

/** Electron's page size per paper, in microns: an 80 mm roll is 80 mm wide and as long as a long receipt. */
export function pageSizeFor(paper: PaperWidth): WebContentsPrintOptions['pageSize'] {
  return paper === 'a4' ? 'A4' : { width: 80_000, height: 297_000 };
}

/** The print options for a device's setting: its printer (or the default), its paper, silent or with the dialog. */
export function printOptionsFor(settings: PrintSettings): WebContentsPrintOptions {
  return {
    // silent: false shows the system dialog, so the associate can pick the printer and copies.
    silent: settings.silent,
    printBackground: true,
    pageSize: pageSizeFor(settings.paper),
    margins: { marginType: settings.paper === 'a4' ? 'default' : 'none' },
    ...(settings.printerName !== null ? { deviceName: settings.printerName } : {}),
  };
}

/** Resolves when the job is handed to the printer; rejects with Electron's reason ("cancelled", "failed", ...). */
export async function printHtml(html: string, deps: PrintDeps, settings: PrintSettings = DEFAULT_PRINT_SETTINGS): Promise<void> {
  const file = await deps.writeTemp(html);
  let win: PrintWindow | null = null;
  try {
    win = deps.createWindow();
    await win.loadFile(file);
    const printing = win;
    await new Promise<void>((resolve, reject) => {
      printing.print(printOptionsFor(settings), (success, failureReason) => {
        if (success) resolve();
        else reject(new AisleError('INTERNAL', `Printing did not complete: ${failureReason || 'unknown reason'}`));
      });
    });
  } finally {
    win?.destroy();
    await deps.removeTemp(file);
  }
}

export function electronPrintDeps(Window: typeof BrowserWindow): PrintDeps {
  return {
    createWindow() {
      const win = new Window(PRINT_WINDOW_OPTIONS);
      return {
        loadFile: (filePath) => win.loadFile(filePath),
        print: (options, callback) => win.webContents.print(options, callback),
        destroy: () => win.destroy(),
      };
    },
    async writeTemp(html) {
      const file = path.join(os.tmpdir(), `aisle-receipt-${randomUUID()}.html`);
      await writeFile(file, html, { encoding: 'utf8', mode: 0o600 });
      return file;
    },
    removeTemp: (filePath) => rm(filePath, { force: true }),
  };
}

/** The OS printers as the renderer needs them, sorted by name; a failing lookup is an empty list, logged. */
export async function listPrinters(getPrintersAsync: () => Promise<readonly { name: string; displayName: string }[]>, log: Logger): Promise<PrinterInfo[]> {
  try {
    const printers = await getPrintersAsync();
    return printers.map((p) => ({ name: p.name, displayName: p.displayName || p.name })).sort((a, b) => a.displayName.localeCompare(b.displayName));
  } catch (error) {
    log.warn('could not list printers', error);
    return [];
  }
}

export interface PrintSettingsStore {
  load(): Promise<PrintSettings>;
  save(settings: PrintSettings): Promise<void>;
}

/** userData/printing.json; an unreadable file falls back to the defaults (logged), it never blocks printing. */
export function createPrintSettingsStore(options: { dir: string; files: SettingsFiles; log: Logger }): PrintSettingsStore {
  const filePath = path.join(options.dir, 'printing.json');
  return {
    async load() {
      const text = await options.files.read(filePath);
      if (text === null) return DEFAULT_PRINT_SETTINGS;
      try {
        return parsePrintSettings(JSON.parse(text) as unknown, 'printing.json');
      } catch (error) {
        options.log.warn('printing.json unreadable, using the default printer settings', error);
        return DEFAULT_PRINT_SETTINGS;
      }
    },
    async save(settings) {
      await options.files.write(filePath, `${JSON.stringify(parsePrintSettings(settings), null, 2)}\n`);
    },
  };
}
