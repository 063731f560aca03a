/**
 * The main process: composes the modules in this folder and owns the app's lifecycle. It holds no policy of
 * its own; each rule lives in the module named for it, and this file only decides the order:
 * privileged scheme and sandbox before ready, the security policy before any window exists, IPC and
 * permissions before the first page loads.
 *
 * Security checklist: "use a current version of Electron" (16) is the package pin; this file also enforces
 * sandboxing for every renderer (app.enableSandbox, rule 4) and one instance per device, so two windows
 * can never write the same RxDB database from two processes.
 */
import path from 'node:path';
import os from 'node:os';
import { BrowserWindow, app, ipcMain, net, powerMonitor, protocol, safeStorage, session, shell } from 'electron';
import { autoUpdater } from 'electron-updater';
import { IPC_EVENTS } from '../../shared/ipc';
import type { AppInfo, DeviceActivity } from '../../shared/ipc';
import type { DeviceRole } from '../../shared/sync';
import { readStartupConfig } from './config';
import type { StartupConfig } from './config';
import { registerIpcHandlers } from './ipc';
import type { DesktopHandlers } from './ipc';
import { consoleLogger, fireAndForget } from './log';
import { watchOnline } from './online';
import { APP_ENTRY_URL, APP_SCHEME, isAppUrl } from './origin';
import { installPermissionHandlers } from './permissions';
import { PRINT_PARTITION, createPrintSettingsStore, electronPrintDeps, listPrinters, printHtml } from './printing';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler, nodeReadFile } from './protocol';
import { installSecurityPolicy } from './security';
import { createSettingsStore, nodeSettingsFiles, safeStorageCipher } from './settings';
import { applyWindowMode, createAppWindow, windowModeFor } from './window';
import { applyAutostart, loginItemsFor } from './autostart';
import { startUpdates, systemClock } from './updates';
import type { UpdaterLike } from './updates';
import type { WindowMode } from './window';

const log = consoleLogger;
// Built layout (scripts/build-electron.mjs): out/electron/{main,preload}.cjs next to out/renderer/.
const PRELOAD_PATH = path.join(__dirname, 'preload.cjs');
const RENDERER_ROOT = path.join(__dirname, '..', 'renderer');

const config = readStartupConfig(process.argv, process.env);
// All of these must happen before the 'ready' event; the profile folder also before the single-instance
// lock, which is taken per folder.
if (config.userDataDir !== undefined) app.setPath('userData', config.userDataDir);
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();

if (app.requestSingleInstanceLock()) {
  start(config);
} else {
  // Another Aisle is running; it receives 'second-instance' and comes to the front.
  app.quit();
}

function start(config: StartupConfig): void {
  let mainWindow: BrowserWindow | null = null;
  let mode: WindowMode = 'counter';

  const settings = createSettingsStore({
    dir: app.getPath('userData'),
    files: nodeSettingsFiles,
    cipher: safeStorageCipher(safeStorage, process.platform),
    log,
  });
  const printDeps = electronPrintDeps(BrowserWindow);
  const printSettings = createPrintSettingsStore({ dir: app.getPath('userData'), files: nodeSettingsFiles, log });

  // What updates need to know: the enrolled server and role, and what the app last said is on screen.
  let enrolled: { role: DeviceRole; serverUrl: string } | null = null;
  let activity: DeviceActivity | null = null;
  const loginItems = loginItemsFor(process.platform, app, process.env, os.homedir(), process.execPath);

  const setMode = (next: { role: DeviceRole; serverUrl: string } | null): void => {
    const previous = enrolled?.role;
    enrolled = next;
    mode = windowModeFor(next?.role);
    if (mainWindow !== null && !mainWindow.isDestroyed()) applyWindowMode(mainWindow, mode);
    fireAndForget(applyAutostart(next?.role, previous, loginItems, log), log, 'start-at-login');
  };

  const openWindow = (): void => {
    const win = createAppWindow({ BrowserWindow, preloadPath: PRELOAD_PATH, entryUrl: APP_ENTRY_URL, currentMode: () => mode, log });
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    mainWindow = win;
  };

  const handlers: DesktopHandlers = {
    getAppInfo: async () => {
      const info: AppInfo = { version: app.getVersion(), host: 'electron', platform: process.platform };
      if (config.defaultServerUrl !== undefined) info.defaultServerUrl = config.defaultServerUrl;
      return info;
    },
    getDeviceSettings: () => settings.load(),
    saveDeviceSettings: async (next) => {
      await settings.save(next);
      setMode({ role: next.role, serverUrl: next.serverUrl });
    },
    clearDeviceSettings: async () => {
      await settings.clear();
      setMode(null);
    },
    printHtml: async (html) => printHtml(html, printDeps, await printSettings.load()),
    listPrinters: () => listPrinters(async () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents.getPrintersAsync() : []), log),
    getPrintSettings: () => printSettings.load(),
    savePrintSettings: (next) => printSettings.save(next),
    deviceSecret: () => settings.deviceSecret(),
    reportActivity: async (next) => {
      activity = next;
    },
  };

  // The policy hands openExternal only allowlisted https URLs (security.ts, isIntendedExternalUrl).
  installSecurityPolicy(app, { isKiosk: () => mode === 'kiosk', openExternal: (url) => shell.openExternal(url), log }); // eng-disable OPEN_EXTERNAL_JS_CHECK

  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // A device is one window; closing it ends the app on every platform (no macOS dock-only state for a till).
  app.on('window-all-closed', () => app.quit());
  app.on('activate', () => {
    if (mainWindow === null && app.isReady()) openWindow();
  });

  const ready = async (): Promise<void> => {
    await app.whenReady();
    protocol.handle(APP_SCHEME, createAppProtocolHandler({ root: RENDERER_ROOT, readFile: nodeReadFile, log }));
    installPermissionHandlers(session.defaultSession);
    // The print window runs no script, but its session gets the same deny-all-but-camera rule anyway.
    installPermissionHandlers(session.fromPartition(PRINT_PARTITION));
    registerIpcHandlers(ipcMain, handlers, log);
    const stored = await settings.load();
    setMode(stored ? { role: stored.role, serverUrl: stored.serverUrl } : null);
    openWindow();
    // electron-updater works only in an installed app (it needs app-update.yml from the installer).
    if (app.isPackaged) {
      autoUpdater.autoDownload = true;
      autoUpdater.autoInstallOnAppQuit = true;
      const updater: UpdaterLike = {
        setFeedUrl: (url) => autoUpdater.setFeedURL({ provider: 'generic', url }),
        checkForUpdates: () => autoUpdater.checkForUpdates(),
        quitAndInstall: () => autoUpdater.quitAndInstall(true, true),
        onDownloaded: (listener) => autoUpdater.on('update-downloaded', (info) => listener(info.version)),
        onError: (listener) => autoUpdater.on('error', listener),
      };
      startUpdates({ updater, clock: systemClock, idleSeconds: () => powerMonitor.getSystemIdleTime(), role: () => enrolled?.role, serverUrl: () => enrolled?.serverUrl, activity: () => activity, platform: process.platform, log });
    }
    watchOnline({
      isOnline: () => net.isOnline(),
      broadcast: (online) => {
        for (const win of BrowserWindow.getAllWindows()) {
          if (isAppUrl(win.webContents.getURL())) win.webContents.send(IPC_EVENTS.onDidChangeOnline, online);
        }
      },
    });
  };
  fireAndForget(
    ready().catch((error: unknown) => {
      log.error('start-up failed', error);
      app.exit(1);
    }),
    log,
    'start-up',
  );
}
