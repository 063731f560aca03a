/**
 * The enrollment's device secret for the data layer (see DesktopApi.deviceSecret in shared/ipc.ts): 32 random bytes
 * held by the host (Electron: encrypted by the OS keychain through safeStorage; the browser host: localStorage, a
 * weaker stand-in). Use it to key what this device keeps about people, e.g. PIN verifiers and personal data at rest,
 * so a copied IndexedDB alone reveals nothing.
 *
 * The promise is cached per device id: one IPC round trip per enrollment and run. A failure is not cached, so a
 * transient error is retried on the next call.
 */
import type { DesktopApi } from '../../shared/ipc';
import { DEVICE_SECRET_PATTERN } from '../../shared/ipc';
import { AisleError } from '../../shared/errors';

const cache = new Map<string, Promise<Uint8Array>>();

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The device secret as its 32 bytes. */
export function deviceSecretBytes(api: Pick<DesktopApi, 'deviceSecret'>, deviceId: string): Promise<Uint8Array> {
  let pending = cache.get(deviceId);
  if (pending === undefined) {
    pending = api.deviceSecret().then((secret) => {
      if (!DEVICE_SECRET_PATTERN.test(secret)) throw new AisleError('INTERNAL', 'the desktop returned a malformed device secret');
      return fromBase64Url(secret);
    });
    cache.set(deviceId, pending);
    pending.catch(() => cache.delete(deviceId));
  }
  return pending;
}

/** Forgets the cached secret (after an unenroll, the host has dropped it too). */
export function forgetDeviceSecret(deviceId: string): void {
  cache.delete(deviceId);
}
