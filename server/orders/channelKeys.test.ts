import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAdmin, type CliIo } from '../admin';
import { openDb } from '../db/open';
import { authenticateChannel, parseEnvChannelKeys } from './channelKeys';

const dataDir = mkdtempSync(path.join(tmpdir(), 'aisle-channel-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function admin(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await runAdmin([...args, '--data', dataDir], io, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('channel keys', () => {
  it('the admin command prints a key once; only its hash is stored, and it authenticates its channel', async () => {
    expect(await admin('channel-key')).toMatchObject({ code: 2, err: expect.stringContaining('--channel web, app or store') as unknown });
    const made = await admin('channel-key', '--channel', 'app');
    expect(made.code).toBe(0);
    const key = /(aisle_app_\S+)/.exec(made.out)?.[1] ?? '';
    expect(key).not.toBe('');
    expect((await admin('outbox-failures')).out).toContain('No failed or retrying customer messages');
    const db = await openDb({ dataDir });
    try {
      const stored = await db.query<{ key_hash: string }>('SELECT key_hash FROM channel_keys');
      expect(stored.rows).toHaveLength(1);
      expect(JSON.stringify(stored.rows)).not.toContain(key);
      expect(await authenticateChannel(db, key, [])).toBe('app');
      await expect(authenticateChannel(db, `${key}x`, [])).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      await expect(authenticateChannel(db, undefined, [])).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      await db.query('UPDATE channel_keys SET revoked_at = now()');
      await expect(authenticateChannel(db, key, [])).rejects.toMatchObject({ message: expect.stringContaining('revoked') as unknown });
      const env = parseEnvChannelKeys('web:demo-web-key-1234567890, app:demo-app-key-1234567890');
      expect(await authenticateChannel(db, 'demo-app-key-1234567890', env)).toBe('app');
    } finally {
      await db.close();
    }
  }, 60_000);

  it('refuses a malformed AISLE_CHANNEL_KEYS instead of ignoring it', () => {
    expect(parseEnvChannelKeys(undefined)).toEqual([]);
    expect(() => parseEnvChannelKeys('web=abc')).toThrow(/AISLE_CHANNEL_KEYS/);
    expect(() => parseEnvChannelKeys('fax:0123456789abcdef0')).toThrow(/AISLE_CHANNEL_KEYS/);
    expect(() => parseEnvChannelKeys('web:short')).toThrow(/16\+/);
  });
});
