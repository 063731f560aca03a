/**
 * The one typed API between the renderer and the desktop (Electron main via preload, or the browser host).
 *
 * - Methods return promises; events are named onDidX and return an unsubscribe function.
 * - Channel names are derived from the method names here and nowhere else (prefix `aisle:`); the preload
 *   refuses anything else and the renderer never sees ipcRenderer.
 * - Every argument that reaches main is parsed from `unknown` by the parser listed in IPC_ARG_PARSERS.
 */
import type { DeviceRole } from './sync';
import { AisleError } from './errors';

export interface AppInfo {
  version: string;
  host: 'electron' | 'browser';
  platform: string;
  /** A catalog server address to pre-fill on the enrollment screen (desktop: --server-url= or AISLE_SERVER_URL). */
  defaultServerUrl?: string;
}

/** What a device remembers about its enrollment. Main stores the token encrypted with safeStorage. */
export interface DeviceSettings {
  serverUrl: string;
  deviceId: string;
  deviceName: string;
  storeId: string;
  storeName: string;
  role: DeviceRole;
  token: string;
}

/** Receipt paper: an 80 mm thermal roll (72 mm printable) or an A4 sheet. */
export type PaperWidth = '80mm' | 'a4';
export const PAPER_WIDTHS: readonly PaperWidth[] = ['80mm', 'a4'];

/** A printer the OS knows (Electron: webContents.getPrintersAsync; the browser host lists none, the browser chooses). */
export interface PrinterInfo {
  /** The OS name, what printing uses. */
  name: string;
  displayName: string;
}

/** This device's printing setup, kept by the host (Electron: userData/printing.json; browser: localStorage). */
export interface PrintSettings {
  /** null: the system's default printer. */
  printerName: string | null;
  paper: PaperWidth;
  /** Electron only: print without the system dialog (a receipt printer at a till). The browser always asks. */
  silent: boolean;
}

export const DEFAULT_PRINT_SETTINGS: PrintSettings = { printerName: null, paper: '80mm', silent: false };

export function parsePrintSettings(value: unknown, method = 'savePrintSettings'): PrintSettings {
  if (typeof value !== 'object' || value === null) fail(method, 'settings must be an object');
  const v = value as Record<string, unknown>;
  const printerName = v['printerName'] === null ? null : str(v['printerName'], method, 'printerName', 256);
  const paper = v['paper'];
  if (paper !== '80mm' && paper !== 'a4') fail(method, 'paper must be 80mm or a4');
  if (typeof v['silent'] !== 'boolean') fail(method, 'silent must be true or false');
  return { printerName, paper, silent: v['silent'] };
}

/**
 * What the app tells the desktop about its screen, so updates install only when nobody is in the middle of
 * something (electron/main/updates.ts). `busy`: a pick list, return or customer profile is open, or a kiosk is
 * off its start screen (a customer mid-session). `screen` names it, for the log.
 */
export interface DeviceActivity {
  busy: boolean;
  screen: string;
}

export function parseDeviceActivity(value: unknown, method = 'reportActivity'): DeviceActivity {
  if (typeof value !== 'object' || value === null) fail(method, 'activity must be an object');
  const v = value as Record<string, unknown>;
  if (typeof v['busy'] !== 'boolean') fail(method, 'busy must be true or false');
  return { busy: v['busy'], screen: str(v['screen'], method, 'screen', 64) };
}

export interface DesktopApi {
  getAppInfo(): Promise<AppInfo>;
  getDeviceSettings(): Promise<DeviceSettings | null>;
  /** Saves the enrollment; main then switches the window to the role's mode (counter or kiosk). */
  saveDeviceSettings(settings: DeviceSettings): Promise<void>;
  clearDeviceSettings(): Promise<void>;
  /** Prints an HTML document (a receipt) on the default printer; the browser host prints through the browser. */
  printHtml(html: string): Promise<void>;
  /** The printers this machine can print to (empty in a browser, whose own dialog chooses). */
  listPrinters(): Promise<PrinterInfo[]>;
  getPrintSettings(): Promise<PrintSettings>;
  savePrintSettings(settings: PrintSettings): Promise<void>;
  onDidChangeOnline(listener: (online: boolean) => void): () => void;
  /**
   * The enrollment's device secret: 32 random bytes, base64url (43 characters). Made once per enrollment and kept
   * by main encrypted with safeStorage (the OS keychain); a new enrollment or clearDeviceSettings drops it. It keys
   * what the device stores about people (PIN verifiers, personal data at rest), so a copied IndexedDB alone is
   * useless. Rejects with NOT_FOUND when the device is not enrolled.
   */
  deviceSecret(): Promise<string>;
  /** Tells the desktop whether work is in progress on screen (updates wait for it); the browser host ignores it. */
  reportActivity(activity: DeviceActivity): Promise<void>;
}

/** The shape of a device secret: 32 bytes in base64url without padding. */
export const DEVICE_SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export type DesktopInvokeMethod = Exclude<keyof DesktopApi, `onDid${string}`>;

export const IPC_PREFIX = 'aisle:';

export function ipcChannel(method: DesktopInvokeMethod): `aisle:${DesktopInvokeMethod}` {
  return `${IPC_PREFIX}${method}`;
}

type ArgsOf<M extends DesktopInvokeMethod> = Parameters<DesktopApi[M]>;

function fail(method: string, message: string): never {
  throw new AisleError('BAD_REQUEST', `${method}: ${message}`);
}

function str(value: unknown, method: string, field: string, max = 2048): string {
  if (typeof value !== 'string') fail(method, `${field} must be a string`);
  if (value.length > max) fail(method, `${field} is longer than ${max} characters`);
  return value;
}

export function parseDeviceSettings(value: unknown, method = 'saveDeviceSettings'): DeviceSettings {
  if (typeof value !== 'object' || value === null) fail(method, 'settings must be an object');
  const v = value as Record<string, unknown>;
  const serverUrl = str(v['serverUrl'], method, 'serverUrl');
  // shared/ has no URL global (no DOM, no Node): a strict pattern is enough for a server address.
  if (!/^https?:\/\/[A-Za-z0-9.\-[\]:]+(?::\d{1,5})?(?:\/[^\s]*)?$/.test(serverUrl)) fail(method, `serverUrl must be an http(s) address, got ${serverUrl}`);
  const role = v['role'];
  if (role !== 'counter' && role !== 'kiosk') fail(method, 'role must be counter or kiosk');
  return {
    serverUrl,
    deviceId: str(v['deviceId'], method, 'deviceId', 64),
    deviceName: str(v['deviceName'], method, 'deviceName', 120),
    storeId: str(v['storeId'], method, 'storeId', 64),
    storeName: str(v['storeName'], method, 'storeName', 200),
    role,
    token: str(v['token'], method, 'token', 256),
  };
}

/** Parsers for the arguments of each invoke method, used by main before a handler runs. */
export const IPC_ARG_PARSERS: { [M in DesktopInvokeMethod]: (args: readonly unknown[]) => ArgsOf<M> } = {
  getAppInfo: () => [],
  getDeviceSettings: () => [],
  saveDeviceSettings: (args) => [parseDeviceSettings(args[0])],
  clearDeviceSettings: () => [],
  printHtml: (args) => [str(args[0], 'printHtml', 'html', 1_000_000)],
  listPrinters: () => [],
  getPrintSettings: () => [],
  savePrintSettings: (args) => [parsePrintSettings(args[0])],
  deviceSecret: () => [],
  reportActivity: (args) => [parseDeviceActivity(args[0])],
};

export const IPC_EVENTS = { onDidChangeOnline: 'aisle:event:online' } as const;
