/**
 * API keys of the other sales channels (web shop, app, and the store POS reporting its sales) that send orders
 * and customer data. Created with
 * `npm run admin -- channel-key --channel web`, which prints the key once; only its SHA-256 is stored. For demos
 * and tests, keys can also come from AISLE_CHANNEL_KEYS="web:KEY,app:KEY" (compared by hash as well).
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/db';
import { sha256 } from '../auth';
import { AisleError } from '../../shared/errors';
import { ORDER_CHANNELS, type OrderChannel } from '../../shared/orders/types';

export const CHANNEL_KEY_HEADER = 'x-aisle-channel-key';

export function isChannel(value: unknown): value is OrderChannel {
  return typeof value === 'string' && ORDER_CHANNELS.some((c) => c === value);
}

/** Parses AISLE_CHANNEL_KEYS ("web:KEY,app:KEY,store:KEY"); throws on a malformed entry so a typo is not silently ignored. */
export function parseEnvChannelKeys(raw: string | undefined): { channel: OrderChannel; keyHash: string }[] {
  if (!raw?.trim()) return [];
  return raw.split(',').map((entry) => {
    const i = entry.indexOf(':');
    const channel = entry.slice(0, i).trim();
    const key = entry.slice(i + 1).trim();
    if (i < 0 || !isChannel(channel) || key.length < 16) throw new Error(`AISLE_CHANNEL_KEYS: expected "web:KEY", "app:KEY" or "store:KEY" with a key of 16+ characters, got "${entry.trim().slice(0, 12)}…"`);
    return { channel, keyHash: sha256(key) };
  });
}

export async function createChannelKey(db: Queryable, channel: OrderChannel): Promise<{ id: string; key: string }> {
  const id = `ck_${randomUUID()}`;
  const key = `aisle_${channel}_${randomBytes(32).toString('base64url')}`;
  await db.query('INSERT INTO channel_keys (id, channel, key_hash) VALUES ($1, $2, $3)', [id, channel, sha256(key)]);
  return { id, key };
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** The channel a key belongs to, or UNAUTHENTICATED with the reason. */
export async function authenticateChannel(db: Queryable, header: string | string[] | undefined, envKeys: readonly { channel: OrderChannel; keyHash: string }[]): Promise<OrderChannel> {
  const key = Array.isArray(header) ? header[0] : header;
  if (!key) throw new AisleError('UNAUTHENTICATED', `Missing channel key: send the "${CHANNEL_KEY_HEADER}" header (create one with npm run admin -- channel-key --channel web).`);
  const hash = sha256(key);
  const fromEnv = envKeys.find((k) => sameHash(k.keyHash, hash));
  if (fromEnv) return fromEnv.channel;
  const res = await db.query<{ channel: string; revoked: boolean }>('SELECT channel, revoked_at IS NOT NULL AS revoked FROM channel_keys WHERE key_hash = $1', [hash]);
  const row = res.rows[0];
  if (!row || !isChannel(row.channel)) throw new AisleError('UNAUTHENTICATED', 'Unknown channel key.');
  if (row.revoked) throw new AisleError('UNAUTHENTICATED', 'This channel key has been revoked.');
  return row.channel;
}
