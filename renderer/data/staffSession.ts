/**
 * The online staff sessions this device holds, in memory only (a reload or a sign-out ends them): what every pickup
 * event and note is stamped with, so the server can tell who made it (server/staff/sessions.ts).
 *
 * - signed in online: the record carries `auth: {session, mac}`, an HMAC with the session key over its content;
 * - signed in offline: the record carries `signedInOffline: true`, and the server accepts it as such.
 */
import { canonicalJson } from '../../shared/canonical';
import { STAFF_SESSION_HEADER, staffProofMac, type StaffProof } from '../../shared/staff';

export interface StaffSessionKey {
  id: string;
  /** 32 bytes hex: never stored, never shown. */
  key: string;
  expiresAt: string;
}

const sessions = new Map<string, StaffSessionKey>();
/** Who the counter's screens act for: the person signed in last, online (the sign-in form holds one at a time). */
let current: string | null = null;

export function holdStaffSession(staffId: string, session: StaffSessionKey | null): void {
  if (session === null) {
    sessions.delete(staffId);
    if (current === staffId) current = null;
  } else {
    sessions.set(staffId, session);
    current = staffId;
  }
}

export function dropStaffSession(staffId: string): StaffSessionKey | null {
  const held = sessions.get(staffId) ?? null;
  sessions.delete(staffId);
  if (current === staffId) current = null;
  return held;
}


/**
 * The staff-session header for a request that acts for a person — `staffId`'s session, or by default the one of
 * whoever is signed in online at this counter. Empty when there is none (signed out, or signed in offline): the
 * server then refuses with a 403 that says who must sign in.
 */
export function staffSessionHeaders(staffId: string | null = current): Record<string, string> {
  const held = staffId === null ? null : heldStaffSession(staffId);
  return held ? { [STAFF_SESSION_HEADER]: `${held.id}.${held.key}` } : {};
}

export function heldStaffSession(staffId: string, now = Date.now()): StaffSessionKey | null {
  const held = sessions.get(staffId);
  if (!held) return null;
  if (Date.parse(held.expiresAt) <= now) {
    sessions.delete(staffId);
    return null;
  }
  return held;
}

type Attributed = { staffId: string; auth?: StaffProof; signedInOffline?: boolean };

/** The record stamped for its staffId: proven by the held session, or marked signed in offline. */
export function stampAttribution<T extends Attributed>(record: T): T {
  const { auth: _auth, signedInOffline: _offline, ...content } = record;
  const held = heldStaffSession(record.staffId);
  if (!held) return { ...content, signedInOffline: true } as T;
  return { ...content, auth: { session: held.id, mac: staffProofMac(held.key, canonicalJson(content)) } } as T;
}
