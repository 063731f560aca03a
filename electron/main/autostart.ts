/**
 * A kiosk starts by itself when its machine logs in (a store opens by switching the screen on, nobody launches
 * an app on a kiosk). Counters are left as the store set them up: the app turns auto-start on when the device
 * becomes a kiosk and off again only when it stops being one (re-enrolled as a counter, or enrollment cleared).
 *
 * How: macOS and Windows through app.setLoginItemSettings; Linux, which Electron does not cover there, through
 * an XDG autostart entry (~/.config/autostart/aisle.desktop) that runs the AppImage (or the installed binary).
 *
 * Security checklist: none; it only says which binary the OS starts at login, the one already running.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DeviceRole } from '../../shared/sync';
import type { Logger } from './log';

export interface LoginItems {
  isEnabled(): Promise<boolean>;
  setEnabled(enabled: boolean): Promise<void>;
}

/**
 * Brings auto-start in line with the role: on for a kiosk; off when the device was a kiosk and is not any more;
 * otherwise untouched. `previous` is the role before this change (undefined at start-up and when not enrolled).
 */
export async function applyAutostart(role: DeviceRole | undefined, previous: DeviceRole | undefined, items: LoginItems, log: Logger): Promise<void> {
  const want = role === 'kiosk' ? true : previous === 'kiosk' ? false : null;
  if (want === null) return;
  try {
    if ((await items.isEnabled()) === want) return;
    await items.setEnabled(want);
    log.info(want ? 'kiosk: starts at login from now on' : 'no longer a kiosk: does not start at login any more');
  } catch (error) {
    // A locked-down profile may refuse; the kiosk still works, someone starts it by hand.
    log.warn('could not change start-at-login', error);
  }
}

/** The part of Electron's app that macOS and Windows login items need. */
export interface LoginItemApp {
  getLoginItemSettings(): { openAtLogin: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
}

export function electronLoginItems(app: LoginItemApp): LoginItems {
  return {
    isEnabled: async () => app.getLoginItemSettings().openAtLogin,
    setEnabled: async (enabled) => app.setLoginItemSettings({ openAtLogin: enabled }),
  };
}

/** Quotes a path for a .desktop Exec line (the spec's rules: double quotes, and \ " ` $ escaped). */
function execQuote(file: string): string {
  return `"${file.replace(/[\\"`$]/g, (c) => `\\${c}`)}"`;
}

/** Linux: an XDG autostart entry in `configDir`/autostart (configDir: $XDG_CONFIG_HOME or ~/.config). */
export function xdgLoginItems(options: { configDir: string; executable: string; name?: string }): LoginItems {
  const file = path.join(options.configDir, 'autostart', 'aisle.desktop');
  const entry = ['[Desktop Entry]', 'Type=Application', `Name=${options.name ?? 'Aisle'}`, `Exec=${execQuote(options.executable)}`, 'X-GNOME-Autostart-enabled=true', 'Terminal=false', ''].join('\n');
  return {
    isEnabled: async () => {
      const text = await readFile(file, 'utf8').catch(() => null);
      return text === entry;
    },
    setEnabled: async (enabled) => {
      if (!enabled) return rm(file, { force: true });
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, entry, { mode: 0o644 });
    },
  };
}

/** The login items for this platform. */
export function loginItemsFor(platform: string, app: LoginItemApp, env: Readonly<Record<string, string | undefined>>, home: string, execPath: string): LoginItems {
  if (platform !== 'linux') return electronLoginItems(app);
  // An AppImage runs from a temporary mount; APPIMAGE is the file to start again.
  return xdgLoginItems({ configDir: env['XDG_CONFIG_HOME'] || path.join(home, '.config'), executable: env['APPIMAGE'] || execPath });
}
