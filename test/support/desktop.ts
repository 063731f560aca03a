/**
 * The desktop host for a device stack run in Node (the soak's worker devices, test/soak/nodeDeviceWorker.ts, and
 * test/integration/device-replication.test.ts): the real DesktopApi contract (shared/ipc.ts) with nothing behind
 * it but memory. The device code under test (renderer/data: SyncEngine, signInStaff, sealed storage) is the real
 * one; only what Electron's main process would hold (settings, printers, the keychain's device secret) is here.
 */
import type { DesktopApi } from '../../shared/ipc';
import type { KeyValueStore } from '../../renderer/data/pin';

export interface NodeDesktopOptions {
  /** What getAppInfo reports as the app version. */
  version?: string;
  /** The enrollment's device secret, base64url, 43 characters (DEVICE_SECRET_PATTERN). */
  deviceSecret?: string;
}

export function nodeDesktop(options: NodeDesktopOptions = {}): DesktopApi {
  const secret = options.deviceSecret ?? 'N'.repeat(43);
  return {
    getAppInfo: async () => ({ version: options.version ?? 'test', host: 'browser', platform: 'node' }),
    getDeviceSettings: async () => null,
    saveDeviceSettings: async () => undefined,
    clearDeviceSettings: async () => undefined,
    printHtml: async () => undefined,
    listPrinters: async () => [],
    getPrintSettings: async () => ({ printerName: null, paper: '80mm', silent: false }),
    savePrintSettings: async () => undefined,
    deviceSecret: async () => secret,
    onDidChangeOnline: () => () => undefined,
  };
}

/** localStorage's shape over a Map: the replication's checkpoints and the PIN store (verifiers, lockouts) keep here. */
export function memoryKeyValue(): KeyValueStore {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
  };
}
