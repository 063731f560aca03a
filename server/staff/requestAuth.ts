/**
 * Device token, staff session and staff member read in one round trip, for the routes a counter calls while an
 * associate waits (the customer lookup: GET /api/v1/customers/search, docs/customers.md "Benchmark").
 *
 * requireDevice + requireSignedInStaff read the same three rows in four queries (device by token hash, its
 * last-seen UPDATE, the session, the staff document); on PGlite every query costs ~0.5–1 ms of the server's one
 * thread and on PostgreSQL a round trip. Here one SELECT joins them and the UPDATE runs only when it is due.
 *
 * What must stay true: the checks are the very functions the two-step path runs (deviceFromRow, checkSession,
 * checkSessionStaff, signedInStaff), in the same order, so every request refused there is refused here with the
 * same status and message (test/integration/customer-auth.test.ts walks them).
 */
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../db/db';
import type { DeviceInfo } from '../../shared/sync';
import type { StaffDoc } from '../../shared/schemas/collections';
import { DEVICE_COLUMNS, bearerToken, deviceFromRow, sha256, touchDevice, type DeviceRow } from '../auth';
import { SESSION_LIVE, STAFF_SESSION_HEADER, checkSession, checkSessionStaff, parseSessionHeader, signedInStaff, type StaffNeed } from './sessions';

interface Row extends DeviceRow {
  session_key: string | null;
  staff_id: string | null;
  session_device_id: string | null;
  live: boolean | null;
  staff_data: StaffDoc | null;
  staff_deleted: boolean | null;
}

// $2 is null for a missing or malformed session header: the LEFT JOINs then find nothing, and checkSession
// refuses it after the device checks, as requireSignedInStaff does.
const SQL = `SELECT ${DEVICE_COLUMNS},
  s.session_key, s.staff_id, s.device_id AS session_device_id, ${SESSION_LIVE} AS live,
  st.data AS staff_data, st.deleted AS staff_deleted
FROM devices d
LEFT JOIN staff_sessions s ON s.id = $2::text
LEFT JOIN docs st ON st.collection = 'staff' AND st.id = s.staff_id
WHERE d.token_hash = $1`;

/**
 * The device of the request's bearer token (401 as requireDevice), then `deviceCheck` (a route's role rule, e.g.
 * counters only), then the staff member signed in there with what `need` asks (403 as requireSignedInStaff).
 */
export async function requireDeviceAndStaff(
  db: Queryable,
  req: FastifyRequest,
  need: StaffNeed,
  deviceCheck: (device: DeviceInfo) => void = () => undefined,
): Promise<{ device: DeviceInfo; staff: StaffDoc }> {
  const token = bearerToken(req.headers.authorization);
  const given = parseSessionHeader(req.headers[STAFF_SESSION_HEADER]);
  const row = (await db.query<Row>(SQL, [sha256(token), given?.id ?? null])).rows[0];
  const device = deviceFromRow(row);
  req.device = device;
  if (row?.stale) await touchDevice(db, device.deviceId);
  deviceCheck(device);
  const staff = await signedInStaff(device, need, async () => {
    const session = row?.session_key != null && row.staff_id != null && row.session_device_id != null ? { session_key: row.session_key, staff_id: row.staff_id, device_id: row.session_device_id, live: row.live === true } : null;
    checkSession(device, given, session);
    return checkSessionStaff(device, row?.staff_data && row.staff_deleted === false ? row.staff_data : null);
  });
  return { device, staff };
}
