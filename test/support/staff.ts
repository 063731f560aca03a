/**
 * Staff sessions for tests that call the server as a counter would after a person signed in online
 * (POST /api/v1/staff/sign-in; server/routes/staff.ts): the PIN key is derived here with node's scrypt (the same
 * bytes the device derives), the session comes back, and the routes that act for a person take it in
 * `x-aisle-staff-session: <id>.<key>`.
 */
import type { Db } from '../../server/db/db';
import { derivePinKeyNode, readStaff } from '../../server/staff/pins';
import { STAFF_SESSION_HEADER } from '../../server/staff/sessions';
import { DEMO_ASSOCIATE_PIN, DEMO_MANAGER_PIN } from '../../server/seed/demo';
import { toHex } from '../../shared/staff';
import { API_PREFIX, type EnrollResponse } from '../../shared/sync';
import { deviceHeaders } from './catalog';

/** Keys of the same salt derive once per process: demo staff of one role share a salt (server/seed/demo.ts). */
const keys = new Map<string, Promise<string>>();

/** Signs a staff member in on a counter and returns the session header's value. Demo PINs by default. */
export async function signInOver(baseUrl: string, db: Db, device: EnrollResponse, staffId: string, pin?: string): Promise<string> {
  const staff = await readStaff(db, staffId);
  if (!staff) throw new Error(`no staff member ${staffId}`);
  const thePin = pin ?? (staff.role === 'manager' ? DEMO_MANAGER_PIN : DEMO_ASSOCIATE_PIN);
  const cacheKey = `${staff.pinSalt}:${thePin}`;
  let key = keys.get(cacheKey);
  if (!key) keys.set(cacheKey, (key = derivePinKeyNode(thePin, staff.pinSalt, staff.pinKdf).then(toHex)));
  const res = await fetch(`${baseUrl}${API_PREFIX}/staff/sign-in`, { method: 'POST', headers: deviceHeaders(device.token), body: JSON.stringify({ staffId, pinKey: await key }) });
  const body = (await res.json()) as { session?: { id: string; key: string } };
  if (res.status !== 200 || !body.session) throw new Error(`sign-in of ${staffId} refused: ${res.status} ${JSON.stringify(body)}`);
  return `${body.session.id}.${body.session.key}`;
}

/** The header that names a staff session. */
export function staffHeader(session: string): Record<string, string> {
  return { [STAFF_SESSION_HEADER]: session };
}
