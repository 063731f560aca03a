/**
 * The DesktopApi as the renderer sees it, built on an injected ipcRenderer so it is testable without
 * Electron. Only channels made by ipcChannel() and IPC_EVENTS are ever used; the renderer cannot name a
 * channel, and ipcRenderer itself is never handed out.
 *
 * Replies are unwrapped from IpcResult and their values are checked, not cast: the preload is the last
 * place the renderer's types meet the wire.
 *
 * How errors reach the renderer: every method rejects with a plain TransferableError object
 * ({ name: 'AisleError', code, message }), not an Error. contextBridge copies an Error as message and stack
 * only and drops custom properties such as `code` (electron/electron#25596); a plain object is copied whole.
 * The renderer tells them apart with isTransferableError() from shared/errors.ts.
 */
import type { AppInfo, DesktopApi, DesktopInvokeMethod, DeviceSettings, PrinterInfo } from '../../shared/ipc';
import { DEVICE_SECRET_PATTERN, IPC_EVENTS, ipcChannel, parseDeviceSettings, parsePrintSettings } from '../../shared/ipc';
import { AisleError } from '../../shared/errors';
import type { TransferableError } from '../../shared/errors';
import { toTransferableError, unwrapIpcResult } from '../common/ipcResult';

export type IpcEventListener = (event: unknown, ...args: unknown[]) => void;

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: IpcEventListener): unknown;
  removeListener(channel: string, listener: IpcEventListener): unknown;
}

function malformed(method: string): never {
  throw new AisleError('INTERNAL', `${method}: malformed reply from the desktop process`);
}

function parseAppInfo(value: unknown): AppInfo {
  if (typeof value !== 'object' || value === null) malformed('getAppInfo');
  const version = 'version' in value ? value.version : undefined;
  const platform = 'platform' in value ? value.platform : undefined;
  const defaultServerUrl = 'defaultServerUrl' in value ? value.defaultServerUrl : undefined;
  if (typeof version !== 'string' || typeof platform !== 'string') malformed('getAppInfo');
  const info: AppInfo = { version, platform, host: 'electron' };
  if (typeof defaultServerUrl === 'string') info.defaultServerUrl = defaultServerUrl;
  return info;
}

export type BridgedError = TransferableError & { name: 'AisleError' };

/** Runs a method body and turns whatever it throws into a BridgedError (see the top of this file). */
async function bridged<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const rejection: BridgedError = { name: 'AisleError', ...toTransferableError(error) };
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- an Error would lose `code` in contextBridge's copy (electron/electron#25596).
    throw rejection;
  }
}

export function createDesktopApi(ipc: IpcRendererLike): DesktopApi {
  const call = async (method: DesktopInvokeMethod, ...args: unknown[]): Promise<unknown> => {
    const channel = ipcChannel(method);
    return unwrapIpcResult(await ipc.invoke(channel, ...args), channel);
  };

  return {
    getAppInfo: () => bridged(async () => parseAppInfo(await call('getAppInfo'))),
    getDeviceSettings: () =>
      bridged(async (): Promise<DeviceSettings | null> => {
        const value = await call('getDeviceSettings');
        if (value === null) return null;
        try {
          return parseDeviceSettings(value, 'getDeviceSettings');
        } catch {
          // A bad reply is main's fault, not the caller's: INTERNAL, not the parser's BAD_REQUEST.
          return malformed('getDeviceSettings');
        }
      }),
    saveDeviceSettings: (settings) =>
      bridged(async () => {
        await call('saveDeviceSettings', settings);
      }),
    clearDeviceSettings: () =>
      bridged(async () => {
        await call('clearDeviceSettings');
      }),
    printHtml: (html) =>
      bridged(async () => {
        await call('printHtml', html);
      }),
    listPrinters: () =>
      bridged(async (): Promise<PrinterInfo[]> => {
        const value = await call('listPrinters');
        if (!Array.isArray(value)) return malformed('listPrinters');
        return value.map((p: unknown) => {
          if (typeof p !== 'object' || p === null || !('name' in p) || !('displayName' in p) || typeof p.name !== 'string' || typeof p.displayName !== 'string') return malformed('listPrinters');
          return { name: p.name, displayName: p.displayName };
        });
      }),
    getPrintSettings: () =>
      bridged(async () => {
        try {
          return parsePrintSettings(await call('getPrintSettings'), 'getPrintSettings');
        } catch (error) {
          if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'BAD_REQUEST') return malformed('getPrintSettings');
          throw error;
        }
      }),
    savePrintSettings: (settings) =>
      bridged(async () => {
        await call('savePrintSettings', settings);
      }),
    deviceSecret: () =>
      bridged(async () => {
        const value = await call('deviceSecret');
        if (typeof value !== 'string' || !DEVICE_SECRET_PATTERN.test(value)) malformed('deviceSecret');
        return value;
      }),
    reportActivity: (activity) =>
      bridged(async () => {
        await call('reportActivity', activity);
      }),
    onDidChangeOnline: (listener) => {
      const onEvent: IpcEventListener = (_event, online) => {
        if (typeof online === 'boolean') listener(online);
      };
      ipc.on(IPC_EVENTS.onDidChangeOnline, onEvent);
      return () => {
        ipc.removeListener(IPC_EVENTS.onDidChangeOnline, onEvent);
      };
    },
  } satisfies DesktopApi;
}
