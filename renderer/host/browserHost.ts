/**
 * The DesktopApi for a plain browser (development, end-to-end tests, and machines without Electron): the same
 * contract as the Electron preload, so the renderer never knows which host it runs in.
 * Settings live in localStorage (the token too: a browser has no safeStorage, which is why production uses Electron).
 *
 * The device secret is the browser host's weaker stand-in for Electron's: it sits in localStorage beside the
 * IndexedDB it keys, so a copy of the browser profile carries both. It still keeps a copied IndexedDB alone
 * useless, and it has the same lifetime (made once per enrollment, dropped with it); real protection needs the
 * OS keychain, i.e. the Electron build.
 */
import type { AppInfo, DesktopApi, DeviceSettings, PrintSettings } from '../../shared/ipc';
import { AisleError } from '../../shared/errors';
import { DEFAULT_PRINT_SETTINGS, DEVICE_SECRET_PATTERN, parseDeviceSettings, parsePrintSettings } from '../../shared/ipc';

export const SETTINGS_KEY = 'aisle.deviceSettings';
export const PRINT_SETTINGS_KEY = 'aisle.printSettings';
export const SECRET_KEY = 'aisle.deviceSecret';

/** The browser's print setting: only the paper matters (the browser's dialog picks the printer; never silent). */
export function readPrintSettings(storage: KeyValueStore): PrintSettings {
  try {
    const raw = storage.getItem(PRINT_SETTINGS_KEY);
    return raw === null ? DEFAULT_PRINT_SETTINGS : parsePrintSettings(JSON.parse(raw) as unknown, 'getPrintSettings');
  } catch {
    return DEFAULT_PRINT_SETTINGS;
  }
}

/** 32 random bytes as base64url without padding (the DEVICE_SECRET_PATTERN shape). */
function newDeviceSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

interface StoredSecret {
  deviceId: string;
  secret: string;
}

function readSecret(storage: KeyValueStore, deviceId: string): string | null {
  const raw = storage.getItem(SECRET_KEY);
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const id = 'deviceId' in parsed ? parsed.deviceId : undefined;
    const secret = 'secret' in parsed ? parsed.secret : undefined;
    return id === deviceId && typeof secret === 'string' && DEVICE_SECRET_PATTERN.test(secret) ? secret : null;
  } catch {
    return null;
  }
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Reads stored settings; anything unparsable is treated as "not enrolled" rather than trusted. */
export function readSettings(storage: KeyValueStore): DeviceSettings | null {
  const raw = storage.getItem(SETTINGS_KEY);
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return parseDeviceSettings(parsed, 'getDeviceSettings');
  } catch {
    return null;
  }
}

function printThroughIframe(html: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
    const frame = document.createElement('iframe');
    frame.setAttribute('aria-hidden', 'true');
    frame.style.position = 'fixed';
    frame.style.width = '0';
    frame.style.height = '0';
    frame.style.border = '0';
    frame.style.visibility = 'hidden';
    const cleanup = (): void => {
      frame.remove();
      URL.revokeObjectURL(url);
    };
    frame.onload = () => {
      try {
        const win = frame.contentWindow;
        if (!win) throw new Error('print frame has no window');
        win.focus();
        win.print();
        resolve();
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      } finally {
        // print() blocks until the dialog closes in most browsers; removing a moment later is safe either way.
        setTimeout(cleanup, 1000);
      }
    };
    frame.src = url;
    document.body.append(frame);
  });
}

export function createBrowserHost(storage: KeyValueStore = window.localStorage): DesktopApi {
  return {
    getAppInfo: async (): Promise<AppInfo> => {
      const info: AppInfo = { version: __AISLE_VERSION__, host: 'browser', platform: navigator.platform || 'browser' };
      // ?server=… pre-fills the enrollment form (the browser equivalent of --server-url=).
      const fromQuery = new URLSearchParams(window.location.search).get('server');
      if (fromQuery) info.defaultServerUrl = fromQuery;
      return info;
    },
    getDeviceSettings: async () => readSettings(storage),
    saveDeviceSettings: async (settings) => {
      storage.setItem(SETTINGS_KEY, JSON.stringify(parseDeviceSettings(settings)));
    },
    clearDeviceSettings: async () => {
      storage.removeItem(SETTINGS_KEY);
      storage.removeItem(SECRET_KEY);
    },
    deviceSecret: async () => {
      const settings = readSettings(storage);
      if (settings === null) throw new AisleError('NOT_FOUND', 'the device is not enrolled, so it has no device secret yet');
      const existing = readSecret(storage, settings.deviceId);
      if (existing !== null) return existing;
      const secret = newDeviceSecret();
      storage.setItem(SECRET_KEY, JSON.stringify({ deviceId: settings.deviceId, secret } satisfies StoredSecret));
      return secret;
    },
    printHtml: (html) => printThroughIframe(html),
    // A web page cannot enumerate printers or print silently: the browser's own dialog does both.
    listPrinters: async () => [],
    getPrintSettings: async () => readPrintSettings(storage),
    savePrintSettings: async (settings) => {
      const parsed = parsePrintSettings(settings);
      storage.setItem(PRINT_SETTINGS_KEY, JSON.stringify({ ...parsed, printerName: null, silent: false }));
    },
    // A browser installs nothing: the page is updated by reloading it.
    reportActivity: async () => undefined,
    onDidChangeOnline: (listener) => {
      const online = (): void => listener(true);
      const offline = (): void => listener(false);
      window.addEventListener('online', online);
      window.addEventListener('offline', offline);
      return () => {
        window.removeEventListener('online', online);
        window.removeEventListener('offline', offline);
      };
    },
  };
}
