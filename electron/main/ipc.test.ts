import { describe, expect, it } from 'vitest';
import type { DeviceSettings } from '../../shared/ipc';
import { IPC_ARG_PARSERS, ipcChannel } from '../../shared/ipc';
import { AisleError, isTransferableError } from '../../shared/errors';
import type { IpcEventListener, IpcRendererLike } from '../preload/api';
import { createDesktopApi } from '../preload/api';
import type { Logger } from './log';
import type { DesktopHandlers, InvokeEventLike, InvokeListener } from './ipc';
import { registerIpcHandlers } from './ipc';

const settings: DeviceSettings = {
  serverUrl: 'https://catalog.example.com',
  deviceId: 'dev-1',
  deviceName: 'Kiosk A',
  storeId: 's1',
  storeName: 'Store 1',
  role: 'kiosk',
  token: 't',
};

const quietLog: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** An in-memory ipcMain/ipcRenderer pair: the renderer's sender frame URL is settable per test. */
function wire(handlers: DesktopHandlers, senderUrl: string | null = 'app://aisle/index.html') {
  const registered = new Map<string, InvokeListener>();
  const listeners = new Map<string, Set<IpcEventListener>>();
  const unregister = registerIpcHandlers(
    { handle: (channel, listener) => registered.set(channel, listener), removeHandler: (channel) => registered.delete(channel) },
    handlers,
    quietLog,
  );
  const event: InvokeEventLike = { senderFrame: senderUrl === null ? null : { url: senderUrl } };
  const renderer: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      const listener = registered.get(channel);
      if (!listener) throw new Error(`No handler registered for '${channel}'`);
      // Structured clone is what Electron does to both arguments and the reply.
      return structuredClone(await listener(event, ...structuredClone(args)));
    },
    on: (channel, listener) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener)),
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  const emit = (channel: string, ...args: unknown[]) => listeners.get(channel)?.forEach((l) => l({}, ...args));
  return { registered, unregister, api: createDesktopApi(renderer), emit };
}

function handlers(overrides: Partial<DesktopHandlers> = {}): DesktopHandlers & { saved: DeviceSettings[] } {
  const saved: DeviceSettings[] = [];
  return {
    saved,
    getAppInfo: async () => ({ version: '1.2.3', host: 'electron', platform: 'linux', defaultServerUrl: 'http://localhost:8787' }),
    getDeviceSettings: async () => saved.at(-1) ?? null,
    saveDeviceSettings: async (s) => {
      saved.push(s);
    },
    clearDeviceSettings: async () => {
      saved.length = 0;
    },
    printHtml: async () => undefined,
    listPrinters: async () => [{ name: 'EPSON_TM_T88', displayName: 'EPSON TM-T88' }],
    getPrintSettings: async () => ({ printerName: null, paper: '80mm', silent: false }),
    savePrintSettings: async () => undefined,
    deviceSecret: async () => 'A'.repeat(43),
    reportActivity: async () => undefined,
    ...overrides,
  };
}

describe('IPC between main and the preload', () => {
  it('registers exactly one channel per invoke method of the contract, and can remove them', () => {
    const { registered, unregister } = wire(handlers());
    expect([...registered.keys()].sort()).toEqual(Object.keys(IPC_ARG_PARSERS).map((m) => m).sort().map((m) => `aisle:${m}`));
    expect(registered.has(ipcChannel('printHtml'))).toBe(true);
    unregister();
    expect(registered.size).toBe(0);
  });

  it('carries values both ways', async () => {
    const h = handlers();
    const { api } = wire(h);
    expect(await api.getAppInfo()).toEqual({ version: '1.2.3', host: 'electron', platform: 'linux', defaultServerUrl: 'http://localhost:8787' });
    expect(await api.getDeviceSettings()).toBeNull();
    await api.saveDeviceSettings(settings);
    expect(h.saved).toEqual([settings]);
    expect(await api.getDeviceSettings()).toEqual(settings);
    await api.clearDeviceSettings();
    expect(await api.getDeviceSettings()).toBeNull();
  });

  it('parses arguments before the handler runs and answers BAD_REQUEST with a code the renderer can read', async () => {
    const h = handlers();
    const { api } = wire(h);
    const bad = { ...settings, role: 'admin' };
    // @ts-expect-error -- the renderer is untrusted; main must refuse what the types would have.
    const error: unknown = await api.saveDeviceSettings(bad).catch((e: unknown) => e);
    expect(isTransferableError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'AisleError', code: 'BAD_REQUEST', message: expect.stringContaining('role') as unknown });
    expect(h.saved).toEqual([]);
    // @ts-expect-error -- same for a non-string receipt.
    await expect(api.printHtml(42)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('refuses calls from any frame not on app://aisle', async () => {
    const h = handlers();
    for (const url of ['https://evil.example/', 'file:///tmp/receipt.html', 'app://other/', null]) {
      const { api } = wire(h, url);
      await expect(api.saveDeviceSettings(settings)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(api.getDeviceSettings()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(h.saved).toEqual([]);
  });

  it('keeps a handler error code and turns unknown failures into INTERNAL', async () => {
    const { api } = wire(
      handlers({
        printHtml: async () => {
          throw new AisleError('INTERNAL', 'Printing did not complete: cancelled');
        },
        clearDeviceSettings: async () => {
          throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        },
      }),
    );
    await expect(api.printHtml('<p/>')).rejects.toEqual({ name: 'AisleError', code: 'INTERNAL', message: 'Printing did not complete: cancelled' });
    // A Node error code is not one of ours: it must not leak through as if it were.
    await expect(api.clearDeviceSettings()).rejects.toEqual({ name: 'AisleError', code: 'INTERNAL', message: 'EACCES: permission denied' });
  });

  it('hands the device secret over only in its 32-byte base64url shape', async () => {
    expect(await wire(handlers()).api.deviceSecret()).toBe('A'.repeat(43));
    const short = wire(handlers({ deviceSecret: async () => 'short' }));
    await expect(short.api.deviceSecret()).rejects.toMatchObject({ code: 'INTERNAL', message: 'deviceSecret: malformed reply from the desktop process' });
    const absent = wire(handlers({ deviceSecret: async () => Promise.reject(new AisleError('NOT_FOUND', 'not enrolled')) }));
    await expect(absent.api.deviceSecret()).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a malformed reply instead of handing it to the renderer', async () => {
    // The cast stands for a main process that broke the contract; that is exactly what the preload must catch.
    const { api } = wire(handlers({ getDeviceSettings: async () => ({ ...settings, role: 'nope' }) as unknown as DeviceSettings }));
    await expect(api.getDeviceSettings()).rejects.toMatchObject({ code: 'INTERNAL', message: 'getDeviceSettings: malformed reply from the desktop process' });
  });

  it('delivers online changes until the listener unsubscribes, ignoring non-boolean payloads', () => {
    const { api, emit } = wire(handlers());
    const seen: boolean[] = [];
    const off = api.onDidChangeOnline((online) => seen.push(online));
    emit('aisle:event:online', false);
    emit('aisle:event:online', 'yes');
    emit('aisle:event:online', true);
    off();
    emit('aisle:event:online', false);
    expect(seen).toEqual([false, true]);
  });
});
