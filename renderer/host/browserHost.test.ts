import { describe, expect, it } from 'vitest';
import type { DeviceSettings } from '../../shared/ipc';
import type { KeyValueStore } from './browserHost';
import { SECRET_KEY, createBrowserHost } from './browserHost';

function memoryStorage(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

const enrollment: DeviceSettings = {
  serverUrl: 'http://10.0.0.5:8787',
  deviceId: 'dev-1',
  deviceName: 'Till 1',
  storeId: 'store-9',
  storeName: 'Lyon',
  role: 'counter',
  token: 'tok',
};

describe('browser host device secret (the weaker stand-in)', () => {
  it('is made once per enrollment, and dropped with it', async () => {
    const storage = memoryStorage();
    const host = createBrowserHost(storage);
    await expect(host.deviceSecret()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await host.saveDeviceSettings(enrollment);
    const secret = await host.deviceSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await createBrowserHost(storage).deviceSecret()).toBe(secret);
    await host.saveDeviceSettings({ ...enrollment, deviceId: 'dev-2' });
    const other = await host.deviceSecret();
    expect(other).not.toBe(secret);
    await host.clearDeviceSettings();
    expect(storage.map.has(SECRET_KEY)).toBe(false);
  });
});
