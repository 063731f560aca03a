/**
 * Staff sessions: what online sign-in hands a device (server/routes/staff.ts), and what a push is checked against.
 *
 * Every pickup event and note a device pushes names a staffId. The server refuses a write attributed to anyone who
 * is not an active staff member of the device's store; a write that carries a session proof must verify (the
 * session is this device's, for this staff member, and the MAC matches); a write without one is accepted and
 * marked signedInOffline, so a manager can tell a proven "who" from a claimed one.
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/db';
import type { DeviceInfo } from '../../shared/sync';
import type { StaffDoc } from '../../shared/schemas/collections';
import { AisleError } from '../../shared/errors';
import { canonicalJson } from '../../shared/canonical';
import { STAFF_SESSION_HEADER, digestsEqual, isStaffProof, staffProofMac, type StaffProof } from '../../shared/staff';
import { readStaff } from './pins';

export const STAFF_SESSION_HOURS = 12;
export { STAFF_SESSION_HEADER } from '../../shared/staff';

export interface IssuedSession {
  id: string;
  key: string;
  expiresAt: string;
}

export async function createStaffSession(q: Queryable, device: DeviceInfo, staffId: string, now = new Date()): Promise<IssuedSession> {
  const id = `sess_${randomBytes(18).toString('base64url')}`;
  const key = randomBytes(32).toString('hex');
  const expiresAt = new Date(now.getTime() + STAFF_SESSION_HOURS * 3_600_000).toISOString();
  await q.query('INSERT INTO staff_sessions (id, session_key, staff_id, device_id, store_id, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [id, key, staffId, device.deviceId, device.storeId, expiresAt]);
  return { id, key, expiresAt };
}

export interface SessionRow {
  session_key: string;
  staff_id: string;
  device_id: string;
  live: boolean;
}

/** Whether a session is live, in SQL over `staff_sessions s` (server/staff/requestAuth.ts reads it joined). */
export const SESSION_LIVE = '(s.ended_at IS NULL AND s.expires_at > now())';

async function readSession(q: Queryable, id: string): Promise<SessionRow | null> {
  const res = await q.query<SessionRow>(`SELECT s.session_key, s.staff_id, s.device_id, ${SESSION_LIVE} AS live FROM staff_sessions s WHERE s.id = $1`, [id]);
  return res.rows[0] ?? null;
}

/** `x-aisle-staff-session: <id>.<key>` taken apart, or null when absent or malformed (refused by checkSession). */
export function parseSessionHeader(header: string | string[] | undefined): { id: string; key: string } | null {
  const value = typeof header === 'string' ? header : undefined;
  const m = value === undefined ? null : /^(sess_[A-Za-z0-9_-]{1,60})\.([0-9a-f]{64})$/.exec(value);
  return m?.[1] && m[2] ? { id: m[1], key: m[2] } : null;
}

/**
 * The session checks, on a row already read: a well-formed header, a session of this device whose key matches
 * (compared in constant time), not ended or expired. UNAUTHENTICATED with the reason otherwise.
 */
export function checkSession(device: DeviceInfo, given: { id: string; key: string } | null, row: SessionRow | null): SessionRow {
  if (!given) throw new AisleError('UNAUTHENTICATED', `Sign in online first: this needs a staff session (header ${STAFF_SESSION_HEADER}).`);
  if (!row || row.device_id !== device.deviceId || !digestsEqual(row.session_key, given.key)) throw new AisleError('UNAUTHENTICATED', 'Unknown staff session. Sign in again.');
  if (!row.live) throw new AisleError('UNAUTHENTICATED', 'This staff session has ended. Sign in again.');
  return row;
}

/** The session's staff member (null: no such live document), who must be active at the device's store. */
export function checkSessionStaff(device: DeviceInfo, staff: StaffDoc | null): StaffDoc {
  if (!staff?.active || staff.storeId !== device.storeId) throw new AisleError('FORBIDDEN', 'This staff account is not active at this store.');
  return staff;
}

/** The staff member behind `x-aisle-staff-session: <id>.<key>`, for actions that need a live online session (a manager's PIN reset). */
export async function requireStaffSession(q: Queryable, device: DeviceInfo, header: string | string[] | undefined): Promise<StaffDoc> {
  const given = parseSessionHeader(header);
  const row = checkSession(device, given, given ? await readSession(q, given.id) : null);
  return checkSessionStaff(device, await readStaff(q, row.staff_id));
}

/** Who a route that acts for a person needs: anyone signed in online at this counter, or a manager of its store. */
export interface StaffNeed {
  role: 'staff' | 'manager';
  /** What is asked for, as the refusal names it: "The store's devices". */
  what: string;
}

/**
 * The staff member a request acts for, from the staff session it carries (never from a staffId it names):
 * a live online session of this device, of someone active at this store, with the role the route needs.
 * Anything else is a 403 that says who is needed — the device itself is authenticated (its token), the person
 * is not, so this is not the device-level 401 that tells an app to enroll again.
 */
export async function requireSignedInStaff(q: Queryable, device: DeviceInfo, header: string | string[] | undefined, need: StaffNeed): Promise<StaffDoc> {
  return signedInStaff(device, need, () => requireStaffSession(q, device, header));
}

/**
 * requireSignedInStaff's verdict on a session however it was read (`session`: requireStaffSession, or the
 * same checks on rows read together with the device token, server/staff/requestAuth.ts).
 */
export async function signedInStaff(device: DeviceInfo, need: StaffNeed, session: () => Promise<StaffDoc>): Promise<StaffDoc> {
  const who = need.role === 'manager' ? 'a manager of this store signed in online at this counter' : 'a staff member signed in online at this counter';
  if (device.role !== 'counter') throw new AisleError('FORBIDDEN', `${need.what} needs ${who}; this device is a ${device.role}.`, undefined, { params: { need: need.role } });
  let staff: StaffDoc;
  try {
    staff = await session();
  } catch (error) {
    if (error instanceof AisleError && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN')) throw new AisleError('FORBIDDEN', `${need.what} needs ${who}. ${error.message}`, undefined, { params: { need: need.role } });
    throw error;
  }
  if (need.role === 'manager' && staff.role !== 'manager') throw new AisleError('FORBIDDEN', `${need.what} needs ${who}; the staff member signed in here is not a manager.`, undefined, { params: { need: need.role } });
  return staff;
}

export async function endStaffSession(q: Queryable, device: DeviceInfo, id: string): Promise<void> {
  await q.query('UPDATE staff_sessions SET ended_at = now() WHERE id = $1 AND device_id = $2 AND ended_at IS NULL', [id, device.deviceId]);
}

export type Attribution = { auth: StaffProof } | { signedInOffline: true };

/** Checks who a pushed record (as the device sent it) says made it: proven by its session, or marked offline. */
export interface AttributionChecker {
  check(record: Record<string, unknown>, where: string): Promise<Attribution>;
}

/** The record with its attribution replaced by the server's verdict. */
export function withAttribution<T extends { auth?: StaffProof; signedInOffline?: boolean }>(record: T, verdict: Attribution): T {
  const { auth: _auth, signedInOffline: _offline, ...rest } = record;
  return { ...rest, ...verdict } as T;
}

export function attributionChecker(q: Queryable, device: DeviceInfo): AttributionChecker {
  const staffCache = new Map<string, Promise<StaffDoc | null>>();
  const sessionCache = new Map<string, Promise<SessionRow | null>>();
  const staffOf = (id: string): Promise<StaffDoc | null> => {
    let p = staffCache.get(id);
    if (!p) staffCache.set(id, (p = readStaff(q, id)));
    return p;
  };
  const sessionOf = (id: string): Promise<SessionRow | null> => {
    let p = sessionCache.get(id);
    if (!p) sessionCache.set(id, (p = readSession(q, id)));
    return p;
  };
  return {
    async check(record, where) {
      const staffId = record['staffId'];
      if (typeof staffId !== 'string') throw new AisleError('VALIDATION_FAILED', `${where}: staffId is required`);
      const staff = await staffOf(staffId);
      if (!staff || staff.storeId !== device.storeId || !staff.active) {
        throw new AisleError('FORBIDDEN', `${where} is attributed to ${staffId}, who is not an active staff member of store ${device.storeId}; refused`);
      }
      const { auth, signedInOffline: _offline, _deleted: _del, ...signed } = record;
      if (auth === undefined) return { signedInOffline: true };
      if (!isStaffProof(auth)) throw new AisleError('VALIDATION_FAILED', `${where}: auth must be {session, mac}`);
      const session = await sessionOf(auth.session);
      if (!session || session.device_id !== device.deviceId || session.staff_id !== staffId) {
        throw new AisleError('FORBIDDEN', `${where}: its staff session is not ${staffId}'s on this device; refused`);
      }
      if (!digestsEqual(staffProofMac(session.session_key, canonicalJson(signed)), auth.mac)) {
        throw new AisleError('FORBIDDEN', `${where}: its staff session proof does not match its content; refused`);
      }
      return { auth: { session: auth.session, mac: auth.mac } };
    },
  };
}
