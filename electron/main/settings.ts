/**
 * Device settings (the enrollment) kept in userData/device.json, with the device token encrypted by the OS
 * through safeStorage so that a copy of the file, a backup or a support bundle does not carry a usable token.
 *
 * Security checklist: not a numbered rule; this is Electron's advice for secrets ("use safeStorage"), and it
 * keeps the IPC surface small: the renderer gets the token back only through getDeviceSettings.
 *
 * Token protection, decided here and stated once:
 * - 'os': safeStorage backed by the OS (macOS Keychain, Windows DPAPI, Linux libsecret/kwallet). Stored.
 * - 'obfuscated': Linux without a keyring (common on kiosk images with no desktop session). Chromium then
 *   uses its "basic_text" backend: encrypted with a key that is built into Chromium, i.e. obfuscation.
 *   We still store the token, because refusing would make a kiosk impossible to enroll, and a device token
 *   can be revoked on the server; a warning is logged and the protection is recorded in the file.
 * - 'unavailable': safeStorage cannot encrypt at all. The token is never written in plain text: it is kept
 *   in memory for this run only and the device asks to be enrolled again after a restart.
 *
 * A file that cannot be read back (bad JSON, wrong shape, a token the keyring can no longer decrypt) means
 * "not enrolled": it is moved aside as device.json.corrupt for support and logged, never silently deleted.
 *
 * The device secret (deviceSecret()): 32 random bytes, base64url, made the first time it is asked for after an
 * enrollment and kept in the same file under the same protection as the token. It keys what the device keeps
 * about people and PINs (staff PIN verifiers, personal data at rest), so a copy of the IndexedDB folder alone
 * is useless without the OS keychain. It lives as long as the enrollment: re-saving the same device keeps it,
 * a new deviceId or clear() drops it (the data it keyed is then unreadable, which is the point of an unenroll).
 */
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { SafeStorage } from 'electron';
import type { DeviceSettings } from '../../shared/ipc';
import { DEVICE_SECRET_PATTERN, parseDeviceSettings } from '../../shared/ipc';
import { AisleError } from '../../shared/errors';
import type { Logger } from './log';

export type TokenProtection = 'os' | 'obfuscated' | 'unavailable';

export interface Cipher {
  protection(): Promise<TokenProtection>;
  encrypt(plain: string): Promise<Uint8Array>;
  /** shouldReEncrypt: the OS rotated the key; the caller re-saves so the file uses the new one. */
  decrypt(encrypted: Uint8Array): Promise<{ plain: string; shouldReEncrypt: boolean }>;
}

export interface SettingsFiles {
  /** null when the file does not exist. */
  read(filePath: string): Promise<string | null>;
  /** Atomic: a reader sees the old file or the new one, never half of one. */
  write(filePath: string, content: string): Promise<void>;
  moveAside(filePath: string, to: string): Promise<void>;
  remove(filePath: string): Promise<void>;
}

export interface SettingsStore {
  load(): Promise<DeviceSettings | null>;
  save(settings: DeviceSettings): Promise<void>;
  clear(): Promise<void>;
  /** The enrollment's device secret (see the top of this file); NOT_FOUND when the device is not enrolled. */
  deviceSecret(): Promise<string>;
}

/** 32 random bytes as base64url (43 characters, no padding). */
export function newDeviceSecret(): string {
  return randomBytes(32).toString('base64url');
}

const FILE_VERSION = 1;

interface StoredToken {
  protection: 'os' | 'obfuscated';
  /** base64 of the safeStorage ciphertext */
  data: string;
}

function parseStoredToken(value: unknown): StoredToken | null {
  if (value === null) return null;
  if (typeof value !== 'object') throw new Error('token must be an object or null');
  const protection = 'protection' in value ? value.protection : undefined;
  const data = 'data' in value ? value.data : undefined;
  if ((protection !== 'os' && protection !== 'obfuscated') || typeof data !== 'string') throw new Error('token is malformed');
  return { protection, data };
}

export function createSettingsStore(options: { dir: string; files: SettingsFiles; cipher: Cipher; log: Logger }): SettingsStore {
  const { files, cipher, log } = options;
  const filePath = path.join(options.dir, 'device.json');
  /** The token of this run when safeStorage cannot encrypt (see 'unavailable' above). */
  let memoryToken: { deviceId: string; token: string } | null = null;
  /** The device secret of this run when safeStorage cannot encrypt, like memoryToken. */
  let memorySecret: { deviceId: string; secret: string } | null = null;
  /** The last secret read or made, so deviceSecret() does not decrypt on every call. */
  let cachedSecret: { deviceId: string; secret: string } | null = null;

  /** The stored secret of the file as it is now, kept only when it belongs to the same device. */
  async function storedSecretFor(deviceId: string): Promise<StoredToken | null> {
    const text = await files.read(filePath);
    if (text === null) return null;
    try {
      const raw: unknown = JSON.parse(text);
      if (typeof raw !== 'object' || raw === null || !('deviceId' in raw) || raw.deviceId !== deviceId) return null;
      return parseStoredToken('secret' in raw ? raw.secret : null);
    } catch {
      return null;
    }
  }

  async function write(settings: DeviceSettings, secret?: StoredToken | null): Promise<void> {
    const protection = await cipher.protection();
    let token: StoredToken | null = null;
    if (protection === 'unavailable') {
      log.warn('safeStorage cannot encrypt on this device: the device token is kept in memory only and enrollment will not survive a restart');
      memoryToken = { deviceId: settings.deviceId, token: settings.token };
    } else {
      if (protection === 'obfuscated') log.warn('no OS keyring: the device token is stored with Chromium\'s basic_text obfuscation, not real encryption');
      token = { protection, data: Buffer.from(await cipher.encrypt(settings.token)).toString('base64') };
      memoryToken = null;
    }
    if (cachedSecret !== null && cachedSecret.deviceId !== settings.deviceId) cachedSecret = null;
    if (memorySecret !== null && memorySecret.deviceId !== settings.deviceId) memorySecret = null;
    const keptSecret = secret === undefined ? await storedSecretFor(settings.deviceId) : secret;
    const { token: _plain, ...rest } = settings;
    await files.write(filePath, `${JSON.stringify({ version: FILE_VERSION, ...rest, token, secret: keptSecret }, null, 2)}\n`);
  }

  async function keepAside(reason: unknown): Promise<null> {
    const aside = `${filePath}.corrupt`;
    log.error(`device settings unreadable, treating the device as not enrolled; kept as ${aside}`, reason);
    await files.moveAside(filePath, aside);
    return null;
  }

  async function load(): Promise<DeviceSettings | null> {
    const text = await files.read(filePath);
    if (text === null) return null;
    let raw: unknown;
    let stored: StoredToken | null;
    let settings: DeviceSettings;
    try {
      raw = JSON.parse(text);
      if (typeof raw !== 'object' || raw === null || !('version' in raw) || raw.version !== FILE_VERSION) throw new Error('unknown file version');
      stored = parseStoredToken('token' in raw ? raw.token : undefined);
      // The shared parser checks every field; the token is checked after decryption, so pass a placeholder.
      settings = parseDeviceSettings({ ...raw, token: '' }, 'device.json');
    } catch (error) {
      return keepAside(error);
    }
    if (stored === null) {
      return memoryToken !== null && memoryToken.deviceId === settings.deviceId ? { ...settings, token: memoryToken.token } : null;
    }
    let decrypted: { plain: string; shouldReEncrypt: boolean };
    try {
      decrypted = await cipher.decrypt(Buffer.from(stored.data, 'base64'));
      settings = parseDeviceSettings({ ...settings, token: decrypted.plain }, 'device.json');
    } catch (error) {
      return keepAside(error);
    }
    if (decrypted.shouldReEncrypt) await write(settings);
    return settings;
  }

  async function deviceSecret(): Promise<string> {
    const settings = await load();
    if (settings === null) throw new AisleError('NOT_FOUND', 'the device is not enrolled, so it has no device secret yet');
    const { deviceId } = settings;
    if (cachedSecret?.deviceId === deviceId) return cachedSecret.secret;
    if (memorySecret?.deviceId === deviceId) return memorySecret.secret;
    const stored = await storedSecretFor(deviceId);
    if (stored !== null) {
      const decrypted = await cipher.decrypt(Buffer.from(stored.data, 'base64'));
      if (!DEVICE_SECRET_PATTERN.test(decrypted.plain)) throw new AisleError('INTERNAL', 'the stored device secret is malformed');
      cachedSecret = { deviceId, secret: decrypted.plain };
      if (decrypted.shouldReEncrypt) {
        const protection = await cipher.protection();
        if (protection !== 'unavailable') await write(settings, { protection, data: Buffer.from(await cipher.encrypt(decrypted.plain)).toString('base64') });
      }
      return decrypted.plain;
    }
    const secret = newDeviceSecret();
    const protection = await cipher.protection();
    if (protection === 'unavailable') {
      log.warn('safeStorage cannot encrypt on this device: the device secret is kept in memory only, data it keys will not survive a restart');
      memorySecret = { deviceId, secret };
      await write(settings, null);
    } else {
      await write(settings, { protection, data: Buffer.from(await cipher.encrypt(secret)).toString('base64') });
      cachedSecret = { deviceId, secret };
    }
    return secret;
  }

  return {
    load,
    save: (settings) => write(settings),
    async clear() {
      memoryToken = null;
      memorySecret = null;
      cachedSecret = null;
      await files.remove(filePath);
    },
    deviceSecret,
  };
}

function isEnoent(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}

/** Node file operations for the store; write goes through a temp file and a rename, atomic on one volume. */
export const nodeSettingsFiles: SettingsFiles = {
  async read(filePath) {
    try {
      return await readFile(filePath, 'utf8');
    } catch (error) {
      if (isEnoent(error)) return null;
      throw error;
    }
  },
  async write(filePath, content) {
    await mkdir(path.dirname(filePath), { recursive: true });
    const temp = `${filePath}.${randomUUID()}.tmp`;
    try {
      await writeFile(temp, content, { encoding: 'utf8', mode: 0o600, flush: true });
      await rename(temp, filePath);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  },
  async moveAside(filePath, to) {
    await rename(filePath, to);
  },
  async remove(filePath) {
    await rm(filePath, { force: true });
  },
};

type SafeStorageLike = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptStringAsync' | 'decryptStringAsync'
>;

/** The Cipher backed by Electron's safeStorage (async API; the sync one is deprecated in Electron 45). */
export function safeStorageCipher(safeStorage: SafeStorageLike, platform: NodeJS.Platform): Cipher {
  return {
    async protection() {
      if (!(await safeStorage.isAsyncEncryptionAvailable())) return 'unavailable';
      return platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text' ? 'obfuscated' : 'os';
    },
    encrypt: (plain) => safeStorage.encryptStringAsync(plain),
    async decrypt(encrypted) {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(encrypted));
      return { plain: result, shouldReEncrypt };
    },
  };
}
