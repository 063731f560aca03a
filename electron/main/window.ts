/**
 * The app window and its two modes, chosen by the device role: `counter` (an associate's normal window) and
 * `kiosk` (fullscreen, no menu, no way out by keyboard for a customer).
 *
 * Security checklist: "enable context isolation" (3), "enable process sandboxing" (4), "do not enable Node.js
 * integration for remote content" (2), "do not disable webSecurity" (5), "do not enable
 * allowRunningInsecureContent" (8), "do not enable experimental features" (9), "do not use
 * enableBlinkFeatures" (10). Every webPreferences value the checklist cares about is spelled out here even
 * where it is Electron's default, so a reviewer sees it and a future default change does not slip in.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, Event, Input } from 'electron';
import type { Logger } from './log';
import { fireAndForget } from './log';
import type { DeviceRole } from '../../shared/sync';

export type WindowMode = DeviceRole;

export const COUNTER_SIZE = { width: 1280, height: 800 } as const;

/** Not enrolled yet: a counter window, so whoever enrolls the device can use the keyboard and close it. */
export function windowModeFor(role: DeviceRole | undefined): WindowMode {
  return role ?? 'counter';
}

export function windowOptionsFor(mode: WindowMode, preloadPath: string): BrowserWindowConstructorOptions {
  return {
    ...COUNTER_SIZE,
    minWidth: 800,
    minHeight: 600,
    title: 'Aisle',
    show: false,
    backgroundColor: '#ffffff',
    kiosk: mode === 'kiosk',
    fullscreen: mode === 'kiosk',
    autoHideMenuBar: mode === 'kiosk',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

/** The part of KeyboardEvent a shortcut decision needs; Electron's Input has all of it. */
export type KeyInput = Pick<Input, 'key' | 'code' | 'control' | 'meta' | 'alt' | 'shift'>;

function letter(input: KeyInput, l: string): boolean {
  // code is layout-independent (KeyR on AZERTY too); key catches remapped layouts the menu accelerators follow.
  return input.code === `Key${l.toUpperCase()}` || input.key.toLowerCase() === l;
}

/**
 * Keys a kiosk must swallow: reload (Ctrl/Cmd+R, Ctrl/Cmd+Shift+R, F5, Ctrl+F5), developer tools
 * (Ctrl/Cmd+Shift+I/J/C, Cmd+Alt+I/J/C, F12), quit and close (Ctrl/Cmd+Q, Alt+F4, Ctrl/Cmd+W, Ctrl+F4,
 * Ctrl/Cmd+Shift+W), hide and minimize (Cmd+H, Cmd+M), new window/tab and print (Ctrl/Cmd+N/T/P), and
 * zoom (Ctrl/Cmd with +, -, =, 0), which would otherwise break a touch layout. Typing is never blocked:
 * a key without Ctrl/Cmd is only blocked when it is a function key above.
 * Ctrl and Cmd are treated alike on every platform; blocking Ctrl+Q on a Mac costs nothing.
 */
export function isBlockedKioskShortcut(input: KeyInput): boolean {
  if (input.key === 'F5' || input.key === 'F12' || input.key === 'F11') return true;
  if (input.alt && input.key === 'F4') return true;
  const primary = input.control || input.meta;
  if (!primary) return false;
  if (input.key === 'F4') return true;
  // Ctrl+Cmd+F is the macOS "Toggle Full Screen" accelerator.
  if (input.control && input.meta && letter(input, 'f')) return true;
  if (['r', 'q', 'w', 'n', 't', 'p', 'h', 'm'].some((l) => letter(input, l))) return true;
  if ((input.shift || input.alt) && ['i', 'j', 'c'].some((l) => letter(input, l))) return true;
  return ['+', '-', '=', '_', '0'].includes(input.key) || ['Equal', 'Minus', 'Digit0', 'NumpadAdd', 'NumpadSubtract', 'Numpad0'].includes(input.code);
}

/** The BrowserWindow methods a mode switch uses, so it is testable without Electron. */
export interface ModeTarget {
  setKiosk(flag: boolean): void;
  setFullScreen(flag: boolean): void;
  setMenuBarVisibility(visible: boolean): void;
  setAutoHideMenuBar(hide: boolean): void;
  setSize(width: number, height: number): void;
  center(): void;
  webContents: { closeDevTools(): void };
}

/** Re-applies a mode to an existing window, e.g. after enrollment changes the role. */
export function applyWindowMode(win: ModeTarget, mode: WindowMode): void {
  if (mode === 'kiosk') {
    win.webContents.closeDevTools();
    win.setMenuBarVisibility(false);
    win.setAutoHideMenuBar(true);
    win.setKiosk(true);
    win.setFullScreen(true);
  } else {
    win.setKiosk(false);
    win.setFullScreen(false);
    win.setAutoHideMenuBar(false);
    win.setMenuBarVisibility(true);
    win.setSize(COUNTER_SIZE.width, COUNTER_SIZE.height);
    win.center();
  }
}

export interface CreateWindowDeps {
  BrowserWindow: typeof BrowserWindow;
  preloadPath: string;
  entryUrl: string;
  /** Read on every key press, so a mode switch after enrollment takes effect without a new window. */
  currentMode(): WindowMode;
  log: Logger;
}

export function createAppWindow(deps: CreateWindowDeps): BrowserWindow {
  const mode = deps.currentMode();
  const win = new deps.BrowserWindow(windowOptionsFor(mode, deps.preloadPath));
  win.webContents.on('before-input-event', (event: Event, input: Input) => {
    if (deps.currentMode() === 'kiosk' && isBlockedKioskShortcut(input)) event.preventDefault();
  });
  // In kiosk mode devtools must not open by any route (a context menu, a stray accelerator).
  win.webContents.on('devtools-opened', () => {
    if (deps.currentMode() === 'kiosk') win.webContents.closeDevTools();
  });
  win.once('ready-to-show', () => win.show());
  fireAndForget(win.loadURL(deps.entryUrl), deps.log, `loading ${deps.entryUrl}`);
  return win;
}
