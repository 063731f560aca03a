/**
 * The store's devices as its manager sees them: who they are, what each last reported (device_status), and the
 * manager's actions on them (a one-time enrollment code, revoking a device).
 *
 * Who may: a counter of that store with an active manager of that store signed in online there — the staff
 * session the request carries (server/staff/sessions.ts requireSignedInStaff), never a staff id it names.
 * Every action is logged with the device and the manager.
 */
import type { Queryable } from '../db/db';
import { AisleError } from '../../shared/errors';
import { requireSignedInStaff } from '../staff/sessions';
import type { DeviceInfo, DeviceRole } from '../../shared/sync';
import type { DeviceStatusReport, StoreDevice } from '../../shared/devices/status';

/** The manager signed in online at this counter (x-aisle-staff-session), or a 403 saying a manager is needed. */
export async function requireStoreManager(db: Queryable, device: DeviceInfo, sessionHeader: string | string[] | undefined): Promise<{ staffId: string; name: string }> {
  const manager = await requireSignedInStaff(db, device, sessionHeader, { role: 'manager', what: 'Managing the store’s devices' });
  return { staffId: manager.id, name: manager.name };
}

export async function recordStatus(db: Queryable, deviceId: string, r: DeviceStatusReport): Promise<void> {
  await db.query(
    `INSERT INTO device_status (device_id, app_version, last_sync_at, pending_writes, last_error_code, last_error_message, reported_at, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now())
     ON CONFLICT (device_id) DO UPDATE SET app_version = EXCLUDED.app_version, last_sync_at = EXCLUDED.last_sync_at, pending_writes = EXCLUDED.pending_writes,
       last_error_code = EXCLUDED.last_error_code, last_error_message = EXCLUDED.last_error_message, reported_at = EXCLUDED.reported_at, received_at = now()`,
    [deviceId, r.appVersion, r.lastSyncAt, r.pendingWrites, r.lastError?.code ?? null, r.lastError?.message ?? null, r.reportedAt],
  );
  await db.query('UPDATE devices SET last_seen_at = now() WHERE id = $1', [deviceId]);
}

const iso = (v: string | null): string | null => (v === null ? null : new Date(v).toISOString());

export async function listStoreDevices(db: Queryable, storeId: string): Promise<StoreDevice[]> {
  const res = await db.query<{
    id: string;
    name: string;
    role: DeviceRole;
    created_at: string;
    revoked: boolean;
    last_seen_at: string | null;
    app_version: string | null;
    last_sync_at: string | null;
    pending_writes: number | null;
    last_error_code: string | null;
    last_error_message: string | null;
    reported_at: string | null;
    received_at: string | null;
  }>(
    `SELECT d.id, d.name, d.role, d.created_at::text, d.revoked_at IS NOT NULL AS revoked, d.last_seen_at::text,
            s.app_version, s.last_sync_at::text, s.pending_writes, s.last_error_code, s.last_error_message, s.reported_at::text, s.received_at::text
       FROM devices d LEFT JOIN device_status s ON s.device_id = d.id
      WHERE d.store_id = $1 ORDER BY d.revoked_at IS NOT NULL, d.created_at`,
    [storeId],
  );
  return res.rows.map((r) => {
    const contacts = [r.last_seen_at, r.received_at].filter((t): t is string => t !== null).map((t) => new Date(t).toISOString()).sort();
    return {
      id: r.id,
      name: r.name,
      role: r.role,
      createdAt: new Date(r.created_at).toISOString(),
      revoked: r.revoked,
      lastContactAt: contacts.at(-1) ?? null,
      status:
        r.app_version === null || r.reported_at === null
          ? null
          : {
              appVersion: r.app_version,
              lastSyncAt: iso(r.last_sync_at),
              pendingWrites: r.pending_writes ?? 0,
              lastError: r.last_error_code !== null ? { code: r.last_error_code, message: r.last_error_message ?? '' } : null,
              reportedAt: new Date(r.reported_at).toISOString(),
            },
    };
  });
}

/** Revokes a device of this store (not the one asking: a manager would lock their own counter out). */
export async function revokeStoreDevice(db: Queryable, caller: DeviceInfo, deviceId: string): Promise<void> {
  if (deviceId === caller.deviceId) throw new AisleError('BAD_REQUEST', 'This is the device you are using: revoke it from another counter.');
  const res = await db.query<{ id: string }>('UPDATE devices SET revoked_at = now() WHERE id = $1 AND store_id = $2 AND revoked_at IS NULL RETURNING id', [deviceId, caller.storeId]);
  if (res.rows.length > 0) return;
  const exists = await db.query<{ revoked: boolean }>('SELECT revoked_at IS NOT NULL AS revoked FROM devices WHERE id = $1 AND store_id = $2', [deviceId, caller.storeId]);
  if (!exists.rows[0]) throw new AisleError('NOT_FOUND', `no device ${deviceId} at this store`);
  // Already revoked: the same answer as the first time.
}
