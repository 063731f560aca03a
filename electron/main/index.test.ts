/**
 * The composition in index.ts, run against a fake `electron` module: Electron's binary cannot run here, so
 * this checks the wiring (order before/after ready, which handlers exist, which window options, the mode
 * switch after enrollment) while each policy is tested for real in its own module's tests.
 */
import type { EventEmitter } from 'node:events';
import path from 'node:path';
import os from 'node:os';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeviceSettings } from '../../shared/ipc';
import type { InvokeListener } from './ipc';

interface FakeWindow extends EventEmitter {
  options: Record<string, unknown>;
  calls: string[];
  webContents: EventEmitter & { openHandler?: (d: { url: string }) => unknown; sent: unknown[][] };
}

const state = vi.hoisted(() => ({
  userData: '',
  lock: true,
  order: [] as string[],
  windows: [] as FakeWindow[],
  ipc: new Map<string, InvokeListener>(),
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  app: null as EventEmitter | null,
  external: [] as string[],
  packaged: false,
  updater: { listeners: [] as string[], autoDownload: false, autoInstallOnAppQuit: false },
}));

vi.mock('electron-updater', () => ({
  autoUpdater: Object.assign(state.updater, {
    on: (event: string) => state.updater.listeners.push(event),
    setFeedURL: () => undefined,
    checkForUpdates: async () => null,
    quitAndInstall: () => undefined,
  }),
}));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const app = Object.assign(new Emitter(), {
    requestSingleInstanceLock: () => state.lock,
    enableSandbox: () => state.order.push('enableSandbox'),
    getPath: () => state.userData,
    setPath: (_name: string, dir: string) => {
      state.userData = dir;
    },
    getVersion: () => '0.1.0',
    getLoginItemSettings: () => ({ openAtLogin: false }),
    setLoginItemSettings: () => undefined,
    isReady: () => true,
    whenReady: async () => {
      state.order.push('ready');
    },
    quit: () => state.order.push('quit'),
    exit: (code: number) => state.order.push(`exit:${code}`),
  });
  // A getter, not a value: Object.assign above would copy a getter's value once.
  Object.defineProperty(app, 'isPackaged', { get: () => state.packaged });
  state.app = app;
  class BrowserWindow extends Emitter {
    static getAllWindows = () => state.windows;
    options: Record<string, unknown>;
    calls: string[] = [];
    webContents = Object.assign(new Emitter(), {
      sent: [] as unknown[][],
      openHandler: undefined as ((d: { url: string }) => unknown) | undefined,
      setWindowOpenHandler(h: (d: { url: string }) => unknown) {
        this.openHandler = h;
      },
      closeDevTools: () => this.calls.push('closeDevTools'),
      getURL: () => 'app://aisle/index.html',
      send(channel: string, ...args: unknown[]) {
        this.sent.push([channel, ...args]);
      },
    });
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      state.windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL = async (url: string) => {
      this.calls.push(`load:${url}`);
    };
    isDestroyed = () => false;
    isMinimized = () => true;
    restore = () => this.calls.push('restore');
    focus = () => this.calls.push('focus');
    show = () => this.calls.push('show');
    setKiosk = (f: boolean) => this.calls.push(`kiosk:${f}`);
    setFullScreen = (f: boolean) => this.calls.push(`fullscreen:${f}`);
    setMenuBarVisibility = (v: boolean) => this.calls.push(`menu:${v}`);
    setAutoHideMenuBar = (h: boolean) => this.calls.push(`autohide:${h}`);
    setSize = (w: number, h: number) => this.calls.push(`size:${w}x${h}`);
    center = () => this.calls.push('center');
  }
  return {
    app,
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, listener: InvokeListener) => state.ipc.set(channel, listener),
      removeHandler: (channel: string) => state.ipc.delete(channel),
    },
    net: { isOnline: () => true },
    protocol: {
      registerSchemesAsPrivileged: (schemes: { scheme: string }[]) => state.order.push(`registerSchemes:${schemes.map((s) => s.scheme).join()}`),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
        state.order.push(`handle:${scheme}`);
        state.protocolHandlers.set(scheme, handler);
      },
    },
    safeStorage: {
      isAsyncEncryptionAvailable: async () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptStringAsync: async (plain: string) => Buffer.from(`x${plain}`),
      decryptStringAsync: async (b: Buffer) => ({ result: b.toString().slice(1), shouldReEncrypt: false }),
    },
    session: {
      defaultSession: { setPermissionRequestHandler: () => state.order.push('permissionRequestHandler'), setPermissionCheckHandler: () => undefined },
      fromPartition: (partition: string) => ({
        setPermissionRequestHandler: () => state.order.push(`permissionRequestHandler:${partition}`),
        setPermissionCheckHandler: () => undefined,
      }),
    },
    shell: {
      openExternal: async (url: string) => {
        state.external.push(url);
      },
    },
  };
});

const kiosk: DeviceSettings = {
  serverUrl: 'http://10.0.0.5:8787',
  deviceId: 'd1',
  deviceName: 'Kiosk',
  storeId: 's1',
  storeName: 'Store',
  role: 'kiosk',
  token: 'tok',
};

const fromApp = { senderFrame: { url: 'app://aisle/index.html' } };

async function boot(): Promise<void> {
  vi.resetModules();
  await import('./index');
  // Let the ready chain (whenReady → settings load → window) run.
  await vi.waitFor(() => expect(state.windows.length).toBeGreaterThan(0));
}

describe('main process composition (fake electron)', () => {
  beforeEach(async () => {
    state.userData = await mkdtemp(path.join(os.tmpdir(), 'aisle-main-'));
    state.lock = true;
    state.order.length = 0;
    state.windows.length = 0;
    state.ipc.clear();
    state.protocolHandlers.clear();
    state.external.length = 0;
    state.packaged = false;
    state.updater.listeners.length = 0;
    // A kiosk writes its Linux autostart entry under XDG_CONFIG_HOME: keep it in the test's folder.
    process.env['XDG_CONFIG_HOME'] = path.join(state.userData, 'config');
  });
  afterEach(async () => {
    delete process.env['XDG_CONFIG_HOME'];
    state.app?.removeAllListeners();
    await rm(state.userData, { recursive: true, force: true });
  });

  it('registers the scheme and the sandbox before ready, then the protocol, permissions, IPC and one window', async () => {
    await boot();
    expect(state.order.slice(0, 3)).toEqual(['registerSchemes:app', 'enableSandbox', 'ready']);
    expect(state.order).toContain('handle:app');
    expect(state.order).toContain('permissionRequestHandler');
    expect(state.order).toContain('permissionRequestHandler:aisle-print');
    expect([...state.ipc.keys()].sort()).toEqual([
      'aisle:clearDeviceSettings',
      'aisle:deviceSecret',
      'aisle:getAppInfo',
      'aisle:getDeviceSettings',
      'aisle:getPrintSettings',
      'aisle:listPrinters',
      'aisle:printHtml',
      'aisle:reportActivity',
      'aisle:saveDeviceSettings',
      'aisle:savePrintSettings',
    ]);
    const [win] = state.windows;
    expect(win?.options).toMatchObject({ kiosk: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } });
    expect(win?.options).toMatchObject({ webPreferences: { preload: expect.stringMatching(/preload\.cjs$/) as unknown } });
    expect(win?.calls).toContain('load:app://aisle/index.html');
  });

  it('opens a kiosk window when the device is enrolled as a kiosk, and swallows reload there', async () => {
    await writeFile(path.join(state.userData, 'device.json'), JSON.stringify({ ...kiosk, version: 1, token: { protection: 'os', data: Buffer.from('xtok').toString('base64') } }));
    await boot();
    const win = state.windows[0];
    expect(win?.options).toMatchObject({ kiosk: true, fullscreen: true });
    const event = { preventDefault: vi.fn() };
    win?.webContents.emit('before-input-event', event, { key: 'r', code: 'KeyR', control: true, meta: false, alt: false, shift: false });
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('switches the window to kiosk when enrollment saves a kiosk role, and locks external links there', async () => {
    await boot();
    const win = state.windows[0];
    const save = state.ipc.get('aisle:saveDeviceSettings');
    expect(await save?.(fromApp, kiosk)).toEqual({ ok: true, value: undefined });
    expect(win?.calls).toContain('kiosk:true');
    expect(await state.ipc.get('aisle:getDeviceSettings')?.(fromApp)).toEqual({ ok: true, value: kiosk });
    // A kiosk starts at login (on Linux: an XDG autostart entry).
    const autostart = path.join(state.userData, 'config', 'autostart', 'aisle.desktop');
    if (process.platform === 'linux') await vi.waitFor(() => expect(existsSync(autostart)).toBe(true));

    const nav = { preventDefault: vi.fn() };
    win?.webContents.emit('will-navigate', nav, 'https://example.com/');
    expect(nav.preventDefault).toHaveBeenCalled();
    expect(win?.webContents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(state.external).toEqual([]);

    expect(await state.ipc.get('aisle:clearDeviceSettings')?.(fromApp)).toEqual({ ok: true, value: undefined });
    expect(win?.calls).toContain('kiosk:false');
    if (process.platform === 'linux') await vi.waitFor(() => expect(existsSync(autostart)).toBe(false));
    // At the counter too, a page the app does not mean to open is refused (EXTERNAL_LINK_ORIGINS is empty).
    const counterNav = { preventDefault: vi.fn() };
    win?.webContents.emit('will-navigate', counterNav, 'https://example.com/help');
    expect(counterNav.preventDefault).toHaveBeenCalled();
    expect(state.external).toEqual([]);
  });

  it('wires electron-updater only in an installed app: background download, install at quit, the policy listening', async () => {
    await boot();
    expect(state.updater.listeners).toEqual([]);
    state.app?.removeAllListeners();
    state.windows.length = 0;
    state.packaged = true;
    await boot();
    expect(state.updater).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true });
    expect(state.updater.listeners.sort()).toEqual(['error', 'update-downloaded']);
    expect(await state.ipc.get('aisle:reportActivity')?.(fromApp, { busy: true, screen: 'pickup' })).toEqual({ ok: true, value: undefined });
    expect(await state.ipc.get('aisle:reportActivity')?.(fromApp, { busy: 'yes' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('serves the renderer folder next to the bundle over app://', async () => {
    await boot();
    const res = await state.protocolHandlers.get('app')?.(new Request('app://aisle/%2e%2e%2fpackage.json'));
    expect(res?.status).toBe(403);
  });

  it('focuses the running window when a second instance starts', async () => {
    await boot();
    state.app?.emit('second-instance');
    expect(state.windows[0]?.calls.slice(-2)).toEqual(['restore', 'focus']);
  });

  it('quits at once when another instance holds the lock', async () => {
    state.lock = false;
    vi.resetModules();
    await import('./index');
    expect(state.order).toContain('quit');
    expect(state.order).not.toContain('ready');
  });
});
