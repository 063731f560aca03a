import { describe, expect, it } from 'vitest';
import { readStartupConfig } from './config';

describe('readStartupConfig', () => {
  it('takes the server address from --server-url= before the environment', () => {
    expect(readStartupConfig(['electron', '.', '--server-url=http://10.0.0.5:8787/'], { AISLE_SERVER_URL: 'https://env.example' })).toEqual({
      defaultServerUrl: 'http://10.0.0.5:8787',
    });
  });
  it('falls back to AISLE_SERVER_URL', () => {
    expect(readStartupConfig([], { AISLE_SERVER_URL: 'https://catalog.example.com' }).defaultServerUrl).toBe('https://catalog.example.com');
  });
  it('ignores anything that is not an http(s) address', () => {
    expect(readStartupConfig(['--server-url=file:///etc'], { AISLE_SERVER_URL: 'javascript:alert(1)' }).defaultServerUrl).toBeUndefined();
    expect(readStartupConfig(['--server-url='], {}).defaultServerUrl).toBeUndefined();
    expect(readStartupConfig(['--server-url=not a url'], {}).defaultServerUrl).toBeUndefined();
  });

  it('takes a profile folder from AISLE_USER_DATA_DIR', () => {
    expect(readStartupConfig([], { AISLE_USER_DATA_DIR: '/tmp/aisle-kiosk' }).userDataDir).toBe('/tmp/aisle-kiosk');
    expect(readStartupConfig([], { AISLE_USER_DATA_DIR: ' ' }).userDataDir).toBeUndefined();
  });
});
