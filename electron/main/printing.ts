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
 */
import path from 'node:path';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import type { BrowserWindow, BrowserWindowConstructorOptions, WebContentsPrintOptions } from 'electron';
import { AisleError } from '../../shared/errors';

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

/** Resolves when the job is handed to the printer; rejects with Electron's reason ("cancelled", "failed", ...). */
export async function printHtml(html: string, deps: PrintDeps): Promise<void> {
  const file = await deps.writeTemp(html);
  let win: PrintWindow | null = null;
  try {
    win = deps.createWindow();
    await win.loadFile(file);
    const printing = win;
    await new Promise<void>((resolve, reject) => {
      // silent: false shows the system dialog, so the associate picks the receipt printer and copies.
      printing.print({ silent: false, printBackground: true }, (success, failureReason) => {
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
