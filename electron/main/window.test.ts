import { describe, expect, it } from 'vitest';
import type { KeyInput, ModeTarget } from './window';
import { applyWindowMode, isBlockedKioskShortcut, windowModeFor, windowOptionsFor } from './window';

function key(spec: string): KeyInput {
  // "Ctrl+Shift+I" → modifiers and key; letters get their KeyboardEvent.code.
  const plus = spec.endsWith('++');
  const parts = (plus ? spec.slice(0, -2) : spec).split('+');
  const k = plus ? '+' : (parts.pop() ?? '');
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  const isLetter = /^[a-z]$/i.test(k);
  const code = isLetter ? `Key${k.toUpperCase()}` : /^\d$/.test(k) ? `Digit${k}` : k;
  return { key: mods.has('shift') && isLetter ? k.toUpperCase() : k, code, control: mods.has('ctrl'), meta: mods.has('cmd'), alt: mods.has('alt'), shift: mods.has('shift') };
}

describe('isBlockedKioskShortcut', () => {
  it.each([
    'Ctrl+R', 'Cmd+R', 'Ctrl+Shift+R', 'F5', 'Ctrl+F5',
    'Ctrl+Shift+I', 'Cmd+Alt+I', 'Ctrl+Shift+J', 'Ctrl+Shift+C', 'F12',
    'Ctrl+Q', 'Cmd+Q', 'Alt+F4', 'Ctrl+W', 'Cmd+W', 'Ctrl+F4', 'Ctrl+Shift+W',
    'Cmd+H', 'Cmd+M', 'Ctrl+N', 'Ctrl+T', 'Ctrl+P',
    'Ctrl+=', 'Ctrl+-', 'Ctrl+0', 'Cmd++', 'F11', 'Ctrl+Cmd+F',
  ])('swallows %s', (spec) => {
    expect(isBlockedKioskShortcut(key(spec))).toBe(true);
  });

  it.each(['a', 'R', 'Shift+R', 'Enter', 'Backspace', 'Tab', '0', '-', 'Ctrl+C', 'Ctrl+V', 'Ctrl+X', 'Ctrl+A', 'Ctrl+Z', 'Cmd+C', 'Alt+ArrowLeft', 'Shift+I', 'F1'])(
    'lets %s through (typing and editing keep working)',
    (spec) => {
      expect(isBlockedKioskShortcut(key(spec))).toBe(false);
    },
  );

  it('matches by physical key on a non-Latin layout', () => {
    // Russian layout: the R key produces "к" but its code is still KeyR.
    expect(isBlockedKioskShortcut({ key: 'к', code: 'KeyR', control: true, meta: false, alt: false, shift: false })).toBe(true);
  });
});

describe('window options', () => {
  it('turns on every isolation the security checklist asks for, in both modes', () => {
    for (const mode of ['counter', 'kiosk'] as const) {
      const prefs = windowOptionsFor(mode, '/app/preload.cjs').webPreferences;
      expect(prefs).toMatchObject({
        preload: '/app/preload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
      });
    }
  });

  it('makes a counter a normal 1280x800 window and a kiosk fullscreen', () => {
    expect(windowOptionsFor('counter', 'p')).toMatchObject({ width: 1280, height: 800, kiosk: false, fullscreen: false });
    expect(windowOptionsFor('kiosk', 'p')).toMatchObject({ kiosk: true, fullscreen: true, autoHideMenuBar: true });
  });

  it('opens a counter window until the device is enrolled', () => {
    expect(windowModeFor(undefined)).toBe('counter');
    expect(windowModeFor('kiosk')).toBe('kiosk');
  });
});

describe('applyWindowMode', () => {
  function fakeWindow(): ModeTarget & { calls: string[] } {
    const calls: string[] = [];
    return {
      calls,
      setKiosk: (f) => calls.push(`kiosk:${f}`),
      setFullScreen: (f) => calls.push(`fullscreen:${f}`),
      setMenuBarVisibility: (v) => calls.push(`menu:${v}`),
      setAutoHideMenuBar: (h) => calls.push(`autohide:${h}`),
      setSize: (w, h) => calls.push(`size:${w}x${h}`),
      center: () => calls.push('center'),
      webContents: { closeDevTools: () => calls.push('closeDevTools') },
    };
  }

  it('locks a window into kiosk mode after enrollment as a kiosk', () => {
    const win = fakeWindow();
    applyWindowMode(win, 'kiosk');
    expect(win.calls).toEqual(['closeDevTools', 'menu:false', 'autohide:true', 'kiosk:true', 'fullscreen:true']);
  });

  it('brings a kiosk back to a normal counter window', () => {
    const win = fakeWindow();
    applyWindowMode(win, 'counter');
    expect(win.calls).toEqual(['kiosk:false', 'fullscreen:false', 'autohide:false', 'menu:true', 'size:1280x800', 'center']);
  });
});
