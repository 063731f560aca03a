/**
 * Device enrollment and authentication. An admin creates a one-time enrollment code for a store and a role;
 * a device exchanges it (once) for a device token. Only SHA-256 hashes of codes and tokens are stored, so a
 * copy of the database does not let anyone impersonate a device. Every API call is scoped by the device the
 * token belongs to: its store and its role.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db, Queryable } from './db/db';
import type { DeviceInfo, DeviceRole, EnrollResponse } from '../shared/sync';
import { AisleError } from '../shared/errors';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Codes are typed by a person: 10 characters from an alphabet without look-alikes, shown as XXXXX-XXXXX. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function normaliseEnrollmentCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export async function createEnrollmentCode(db: Queryable, storeId: string, role: DeviceRole, ttlHours = 72): Promise<{ code: string; expiresAt: string }> {
  const store = await db.query(`SELECT 1 FROM docs WHERE collection = 'stores' AND id = $1 AND NOT deleted`, [storeId]);
  if (store.rows.length === 0) throw new AisleError('NOT_FOUND', `no store with id ${storeId}`);
  const bytes = randomBytes(10);
  let raw = '';
  for (const b of bytes) raw += CODE_ALPHABET[b % CODE_ALPHABET.length];
  const expiresAt = new Date(Date.now() + ttlHours * 3_600_000).toISOString();
  await db.query('INSERT INTO enrollment_codes (code_hash, store_id, role, expires_at) VALUES ($1, $2, $3, $4)', [sha256(raw), storeId, role, expiresAt]);
  return { code: `${raw.slice(0, 5)}-${raw.slice(5)}`, expiresAt };
}

export async function enrollDevice(db: Db, code: string, deviceName: string): Promise<EnrollResponse> {
  const codeHash = sha256(normaliseEnrollmentCode(code));
  return db.transaction(async (tx) => {
    const res = await tx.query<{ store_id: string; role: DeviceRole; expired: boolean; used_at: string | null }>(
      'SELECT store_id, role, expires_at < now() AS expired, used_at FROM enrollment_codes WHERE code_hash = $1 FOR UPDATE',
      [codeHash],
    );
    const row = res.rows[0];
    if (!row) throw new AisleError('ENROLLMENT_CODE_INVALID', 'This enrollment code is not known. Check it, or ask for a new one.', undefined, { params: { why: 'unknown' } });
    if (row.used_at) throw new AisleError('ENROLLMENT_CODE_INVALID', 'This enrollment code has already been used. Ask for a new one.', undefined, { params: { why: 'used' } });
    if (row.expired) throw new AisleError('ENROLLMENT_CODE_INVALID', 'This enrollment code has expired. Ask for a new one.', undefined, { params: { why: 'expired' } });
    const deviceId = `dev_${randomUUID()}`;
    const token = `aisle_${randomBytes(32).toString('base64url')}`;
    await tx.query('INSERT INTO devices (id, name, store_id, role, token_hash) VALUES ($1, $2, $3, $4, $5)', [deviceId, deviceName, row.store_id, row.role, sha256(token)]);
    await tx.query('UPDATE enrollment_codes SET used_at = now(), device_id = $2 WHERE code_hash = $1', [codeHash, deviceId]);
    const store = await tx.query<{ name: string }>(`SELECT data->>'name' AS name FROM docs WHERE collection = 'stores' AND id = $1`, [row.store_id]);
    return { deviceId, token, storeId: row.store_id, storeName: store.rows[0]?.name ?? row.store_id, role: row.role };
  });
}

/** The token of `Authorization: Bearer <token>`, or UNAUTHENTICATED with the reason (checked before any query). */
export function bearerToken(authorization: string | undefined): string {
  if (!authorization) throw new AisleError('UNAUTHENTICATED', 'Missing device token: send "Authorization: Bearer <token>". Enroll the device first.');
  const m = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!m?.[1]) throw new AisleError('UNAUTHENTICATED', 'Malformed Authorization header: expected "Bearer <token>".');
  return m[1];
}

/**
 * The devices row a token resolves to, as DEVICE_COLUMNS select it (`d` is devices). `stale`: last seen over a
 * minute ago (or never), so the request should record it (requireDevice): reading it here spares every other
 * request the UPDATE.
 */
export interface DeviceRow {
  id: string;
  name: string;
  store_id: string;
  role: DeviceRole;
  revoked: boolean;
  stale: boolean;
}

export const DEVICE_COLUMNS = `d.id, d.name, d.store_id, d.role, d.revoked_at IS NOT NULL AS revoked,
  (d.last_seen_at IS NULL OR d.last_seen_at < now() - interval '1 minute') AS stale`;

/** The device of a token's row, or UNAUTHENTICATED: unknown token, revoked device. */
export function deviceFromRow(row: Omit<DeviceRow, 'stale'> | undefined): DeviceInfo {
  if (!row) throw new AisleError('UNAUTHENTICATED', 'Unknown device token. Enroll this device again.');
  if (row.revoked) throw new AisleError('UNAUTHENTICATED', 'This device has been revoked. Ask a manager to enroll it again.', undefined, { params: { revoked: true } });
  return { deviceId: row.id, deviceName: row.name, storeId: row.store_id, role: row.role };
}

/** A bearer token's device and whether its last-seen time is due (see DeviceRow), or UNAUTHENTICATED with the reason. */
export async function authenticateRow(db: Queryable, authorization: string | undefined): Promise<{ device: DeviceInfo; stale: boolean }> {
  const token = bearerToken(authorization);
  const res = await db.query<DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM devices d WHERE d.token_hash = $1`, [sha256(token)]);
  const row = res.rows[0];
  return { device: deviceFromRow(row), stale: row?.stale ?? false };
}

/** Resolves a bearer token to its device, or throws UNAUTHENTICATED with the reason. */
export async function authenticate(db: Queryable, authorization: string | undefined): Promise<DeviceInfo> {
  return (await authenticateRow(db, authorization)).device;
}

/** Records that a device was seen now; throttled in SQL too, so two racing requests write once. */
export async function touchDevice(db: Queryable, deviceId: string): Promise<void> {
  await db.query(`UPDATE devices SET last_seen_at = now() WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')`, [deviceId]);
}

export async function revokeDevice(db: Queryable, deviceId: string): Promise<boolean> {
  const res = await db.query('UPDATE devices SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id', [deviceId]);
  return res.rows.length > 0;
}

export async function listDevices(db: Queryable): Promise<{ id: string; name: string; storeId: string; role: DeviceRole; createdAt: string; lastSeenAt: string | null; revoked: boolean }[]> {
  const res = await db.query<{ id: string; name: string; store_id: string; role: DeviceRole; created_at: string; last_seen_at: string | null; revoked: boolean }>(
    'SELECT id, name, store_id, role, created_at::text, last_seen_at::text, revoked_at IS NOT NULL AS revoked FROM devices ORDER BY created_at',
  );
  return res.rows.map((r) => ({ id: r.id, name: r.name, storeId: r.store_id, role: r.role, createdAt: r.created_at, lastSeenAt: r.last_seen_at, revoked: r.revoked }));
}
