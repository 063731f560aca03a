import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from './log';
import type { LoginItemApp, LoginItems } from './autostart';
import { applyAutostart, electronLoginItems, loginItemsFor, xdgLoginItems } from './autostart';

const log: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function fakeApp(openAtLogin = false): LoginItemApp & { sets: boolean[] } {
  let state = openAtLogin;
  const sets: boolean[] = [];
  return { sets, getLoginItemSettings: () => ({ openAtLogin: state }), setLoginItemSettings: (s) => void sets.push((state = s.openAtLogin)) };
}

describe('kiosk auto-start at login', () => {
  it('turns on for a kiosk (once), off when it stops being one, and leaves counters as the store set them', async () => {
    const app = fakeApp();
    const items = electronLoginItems(app);
    await applyAutostart('kiosk', undefined, items, log);
    await applyAutostart('kiosk', 'kiosk', items, log);
    expect(app.sets).toEqual([true]);
    await applyAutostart('counter', 'kiosk', items, log);
    expect(app.sets).toEqual([true, false]);
    // A counter someone set to start at login keeps it, at start-up and when re-enrolled.
    const counter = fakeApp(true);
    await applyAutostart('counter', undefined, electronLoginItems(counter), log);
    await applyAutostart(undefined, 'counter', electronLoginItems(counter), log);
    expect(counter.sets).toEqual([]);
    // Enrollment cleared on a kiosk: off.
    const cleared = fakeApp(true);
    await applyAutostart(undefined, 'kiosk', electronLoginItems(cleared), log);
    expect(cleared.sets).toEqual([false]);
  });

  it('a refusal by the OS is logged, not thrown', async () => {
    const warnings: string[] = [];
    const refusing: LoginItems = { isEnabled: async () => false, setEnabled: async () => Promise.reject(new Error('EACCES')) };
    await applyAutostart('kiosk', undefined, refusing, { ...log, warn: (m) => warnings.push(m) });
    expect(warnings).toEqual(['could not change start-at-login']);
  });

  describe('on Linux (XDG autostart entry)', () => {
    let dir = '';
    afterEach(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('writes ~/.config/autostart/aisle.desktop that runs the AppImage, and removes it again', async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'aisle-autostart-'));
      const items = loginItemsFor('linux', fakeApp(), { APPIMAGE: '/opt/Aisle $1/Aisle.AppImage' }, dir, '/tmp/.mount_x/aisle');
      expect(await items.isEnabled()).toBe(false);
      await applyAutostart('kiosk', undefined, items, log);
      const file = path.join(dir, '.config', 'autostart', 'aisle.desktop');
      const text = await readFile(file, 'utf8');
      expect(text).toContain('[Desktop Entry]\nType=Application\nName=Aisle\n');
      expect(text).toContain('Exec="/opt/Aisle \\$1/Aisle.AppImage"\n');
      expect(await items.isEnabled()).toBe(true);
      await applyAutostart('counter', 'kiosk', items, log);
      await expect(stat(file)).rejects.toThrow();
      expect(await items.isEnabled()).toBe(false);
    });

    it('uses XDG_CONFIG_HOME and the binary when not an AppImage', async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'aisle-autostart-'));
      const items = xdgLoginItems({ configDir: path.join(dir, 'cfg'), executable: '/usr/lib/aisle/aisle' });
      await items.setEnabled(true);
      expect(await readFile(path.join(dir, 'cfg', 'autostart', 'aisle.desktop'), 'utf8')).toContain('Exec="/usr/lib/aisle/aisle"');
      const viaEnv = loginItemsFor('linux', fakeApp(), { XDG_CONFIG_HOME: path.join(dir, 'cfg') }, '/nonexistent', '/usr/lib/aisle/aisle');
      expect(await viaEnv.isEnabled()).toBe(true);
    });
  });
});
