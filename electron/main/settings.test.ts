import path from 'node:path';
import os from 'node:os';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceSettings } from '../../shared/ipc';
import type { Logger } from './log';
import type { Cipher, TokenProtection } from './settings';
import { createSettingsStore, nodeSettingsFiles, safeStorageCipher } from './settings';

const enrollment: DeviceSettings = {
  serverUrl: 'http://10.0.0.5:8787',
  deviceId: 'dev-1',
  deviceName: 'Till 1',
  storeId: 'store-9',
  storeName: 'Lyon Part-Dieu',
  role: 'kiosk',
  token: 'secret-device-token',
};

/** Reversible and visibly not plain text: reverses the string and tags it, so a test can tell it was used. */
function fakeCipher(protection: TokenProtection = 'os'): Cipher & { rotate: boolean; failDecrypt: boolean; encrypted: number } {
  const cipher = {
    rotate: false,
    failDecrypt: false,
    encrypted: 0,
    protection: async () => protection,
    encrypt: async (plain: string) => {
      cipher.encrypted += 1;
      return new TextEncoder().encode(`enc:${[...plain].reverse().join('')}`);
    },
    decrypt: async (bytes: Uint8Array) => {
      if (cipher.failDecrypt) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      const text = new TextDecoder().decode(bytes);
      if (!text.startsWith('enc:')) throw new Error('not ours');
      return { plain: [...text.slice(4)].reverse().join(''), shouldReEncrypt: cipher.rotate };
    },
  };
  return cipher;
}

describe('device settings store', () => {
  let dir: string;
  const logged: { level: string; message: string }[] = [];
  const log: Logger = {
    info: (message) => logged.push({ level: 'info', message }),
    warn: (message) => logged.push({ level: 'warn', message }),
    error: (message) => logged.push({ level: 'error', message }),
  };

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'aisle-settings-'));
    logged.length = 0;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is not enrolled when there is no file', async () => {
    const store = createSettingsStore({ dir, files: nodeSettingsFiles, cipher: fakeCipher(), log });
    expect(await store.load()).toBeNull();
  });

  it('round-trips an enrollment and never writes the token in plain text', async () => {
    const store = createSettingsStore({ dir, files: nodeSettingsFiles, cipher: fakeCipher(), log });
    await store.save(enrollment);
    const text = await readFile(path.join(dir, 'device.json'), 'utf8');
    expect(text).not.toContain(enrollment.token);
    expect(JSON.parse(text)).toMatchObject({ version: 1, deviceId: 'dev-1', role: 'kiosk', token: { protection: 'os' } });
    // A fresh store (a restart) reads the same thing back.
    const again = createSettingsStore({ dir, files: nodeSettingsFiles, cipher: fakeCipher(), log });
    expect(await again.load()).toEqual(enrollment);
  });

  it('writes atomically: no temp file is left and a re-save replaces the file', async () => {
    const store = createSettingsStore({ dir, files: nodeSettingsFiles, cipher: fakeCipher(), log });
    await store.save(enrollment);
    await store.save({ ...enrollment, role: 'counter' });
    expect(await readdir(dir)).toEqual(['device.json']);
    expect((await store.load())?.role).toBe('counter');
  });

  it('clears the enrollment', async () => {
    const store = createSettingsStore({ dir, files: nodeSettingsFiles, cipher: fakeCipher(), log });
    await store.save(enrollment);
    await store.clear();
    expect(await store.load()).toBeNull();
    expect(await readdir(dir)).toEqual([]);
    await store.clear();
  });

  it.each([
    ['bad JSON', '{"version":1,'],
    ['a wrong shape', JSON.stringify({ version: 1, serverUrl: 'ftp://x', deviceId: 'd' })],
    ['an unknown version', JSON.stringify({ version: 99 })],
    ['a malformed token', JSON.stringify({ ...enrollment, version: 1, token: 'plain' })],
    ['a token that is not ours', JSON.stringify({ ...enrollment, version: 1, token: { protection: 'os', data: Buffer.from('xyz').toString('base64') } })],
  ])('treats %s as not enrolled and keeps the file aside', async (_what, content) => {
    await writeFile(path.join(dir, 'device.json'), content);
    const store = createSettingsStore({ dir, files: nodeSettingsFiles, cipher: fakeCipher(), log });
    expect(await store.load()).toBeNull();
    expect(await readdir(dir)).toEqual(['device.json.corrupt']);
    expect(await readFile(path.join(dir, 'device.json.corrupt'), 'utf8')).toBe(content);
    expect(logged.some((l) => l.level === 'error' && l.message.includes('not enrolled'))).toBe(true);
  });

  it('treats a token the keyring can no longer decrypt as not enrolled', async () => {
    const cipher = fakeCipher();
    const store = createSettingsStore({ dir, files: nodeSettingsFiles, cipher, log });
    await store.save(enrollment);
    cipher.failDecrypt = true;
    expect(await store.load()).toBeNull();
    expect(await readdir(dir)).toEqual(['device.json.corrupt']);
  });

  it('re-encrypts when the OS rotated its key', async () => {
    const cipher = fakeCipher();
    const store = createSettingsStore({ dir, files: nodeSettingsFiles, cipher, log });
    await store.save(enrollment);
    cipher.rotate = true;
    expect(await store.load()).toEqual(enrollment);
    expect(cipher.encrypted).toBe(2);
  });

  it('stores the token under Linux basic_text obfuscation, saying so', async () => {
    const store = createSettingsStore({ dir, files: nodeSettingsFiles, cipher: fakeCipher('obfuscated'), log });
    await store.save(enrollment);
    expect(JSON.parse(await readFile(path.join(dir, 'device.json'), 'utf8'))).toMatchObject({ token: { protection: 'obfuscated' } });
    expect(await store.load()).toEqual(enrollment);
    expect(logged.some((l) => l.level === 'warn' && l.message.includes('basic_text'))).toBe(true);
  });

  it('never writes the token when nothing can encrypt it: memory only, re-enroll after a restart', async () => {
    const store = createSettingsStore({ dir, files: nodeSettingsFiles, cipher: fakeCipher('unavailable'), log });
    await store.save(enrollment);
    const text = await readFile(path.join(dir, 'device.json'), 'utf8');
    expect(text).not.toContain(enrollment.token);
    expect(JSON.parse(text)).toMatchObject({ token: null, deviceId: 'dev-1' });
    expect(await store.load()).toEqual(enrollment);
    const afterRestart = createSettingsStore({ dir, files: nodeSettingsFiles, cipher: fakeCipher('unavailable'), log });
    expect(await afterRestart.load()).toBeNull();
    expect(await readdir(dir)).toEqual(['device.json']);
  });
});

describe('device secret', () => {
  let dir: string;
  const log: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'aisle-secret-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is made once per enrollment: 32 random bytes, stored encrypted, the same after a restart and a re-save', async () => {
    const store = createSettingsStore({ dir, files: nodeSettingsFiles, cipher: fakeCipher(), log });
    await expect(store.deviceSecret()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await store.save(enrollment);
    const secret = await store.deviceSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(await store.deviceSecret()).toBe(secret);
    const text = await readFile(path.join(dir, 'device.json'), 'utf8');
    expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ secret: { protection: 'os' } });
    await store.save({ ...enrollment, deviceName: 'Till 1 (renamed)' });
    const afterRestart = createSettingsStore({ dir, files: nodeSettingsFiles, cipher: fakeCipher(), log });
    expect(await afterRestart.deviceSecret()).toBe(secret);
    expect((await afterRestart.load())?.deviceName).toBe('Till 1 (renamed)');
  });

  it('is a new secret for a new enrollment and gone after clear()', async () => {
    const store = createSettingsStore({ dir, files: nodeSettingsFiles, cipher: fakeCipher(), log });
    await store.save(enrollment);
    const first = await store.deviceSecret();
    await store.save({ ...enrollment, deviceId: 'dev-2' });
    const second = await store.deviceSecret();
    expect(second).not.toBe(first);
    await store.clear();
    await expect(store.deviceSecret()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await store.save(enrollment);
    expect(await store.deviceSecret()).not.toBe(first);
  });

  it('is kept in memory only when nothing can encrypt it', async () => {
    const store = createSettingsStore({ dir, files: nodeSettingsFiles, cipher: fakeCipher('unavailable'), log });
    await store.save(enrollment);
    const secret = await store.deviceSecret();
    expect(await store.deviceSecret()).toBe(secret);
    expect(JSON.parse(await readFile(path.join(dir, 'device.json'), 'utf8'))).toMatchObject({ secret: null });
  });
});

describe('safeStorageCipher', () => {
  const backend = (available: boolean, name: 'basic_text' | 'gnome_libsecret' | 'unknown') => ({
    isAsyncEncryptionAvailable: async () => available,
    getSelectedStorageBackend: () => name,
    encryptStringAsync: async (plain: string) => Buffer.from(plain),
    decryptStringAsync: async (b: Buffer) => ({ result: b.toString(), shouldReEncrypt: false }),
  });

  it('calls Linux basic_text what it is: obfuscation', async () => {
    expect(await safeStorageCipher(backend(true, 'basic_text'), 'linux').protection()).toBe('obfuscated');
    expect(await safeStorageCipher(backend(true, 'gnome_libsecret'), 'linux').protection()).toBe('os');
  });
  it('trusts Keychain and DPAPI, and says when nothing can encrypt', async () => {
    expect(await safeStorageCipher(backend(true, 'unknown'), 'darwin').protection()).toBe('os');
    expect(await safeStorageCipher(backend(true, 'unknown'), 'win32').protection()).toBe('os');
    expect(await safeStorageCipher(backend(false, 'basic_text'), 'linux').protection()).toBe('unavailable');
  });
  it('round-trips through the async API', async () => {
    const cipher = safeStorageCipher(backend(true, 'gnome_libsecret'), 'linux');
    expect(await cipher.decrypt(await cipher.encrypt('tok'))).toEqual({ plain: 'tok', shouldReEncrypt: false });
  });
});
