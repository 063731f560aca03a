/**
 * The Electron fuses electron-builder.yml flips at package time stay set: a change that drops one, or turns it
 * back, fails here. The config is read by electron-builder's own loader (app-builder-lib, which electron-builder
 * runs on `npm run dist`), so what is checked is what the packager sees, wherever the config lives.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Configuration, FuseOptionsV1 } from 'app-builder-lib';
import { loadConfig } from 'app-builder-lib/out/util/config/load';

// The fuses and their values, reviewed (security checklist: "check your fuses"). Adding one: add it here too.
const REQUIRED_FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
} as const satisfies FuseOptionsV1;

describe('electron-builder fuses', () => {
  it('every reviewed fuse is set, to its reviewed value', async () => {
    const loaded = await loadConfig<Configuration>({ packageKey: 'build', configFilename: 'electron-builder', projectDir: path.resolve(import.meta.dirname, '..'), packageMetadata: null });
    expect(loaded?.configFile).toMatch(/electron-builder\.yml$/);
    const fuses = loaded?.result.electronFuses ?? {};
    for (const [name, value] of Object.entries(REQUIRED_FUSES)) expect({ [name]: (fuses as Record<string, unknown>)[name] }).toEqual({ [name]: value });
  });

  it('the app is packed into an asar, which onlyLoadAppFromAsar and the integrity check rely on', async () => {
    const loaded = await loadConfig<Configuration>({ packageKey: 'build', configFilename: 'electron-builder', projectDir: path.resolve(import.meta.dirname, '..'), packageMetadata: null });
    expect(loaded?.result.asar).toBe(true);
  });
});
