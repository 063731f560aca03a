/**
 * The online staff sessions this device holds, in memory only (a reload or a sign-out ends them): what every pickup
 * event and note is stamped with, so the server can tell who made it (server/staff/sessions.ts).
 *
 * - signed in online: the record carries `auth: {session, mac}`, an HMAC with the session key over its content;
 * - signed in offline: the record carries `signedInOffline: true`, and the server accepts it as such.
 */
import { canonicalJson } from '../../shared/canonical';
import { staffProofMac, type StaffProof } from '../../shared/staff';

export interface StaffSessionKey {
  id: string;
  /** 32 bytes hex: never stored, never shown. */
  key: string;
  expiresAt: string;
}

const sessions = new Map<string, StaffSessionKey>();

export function holdStaffSession(staffId: string, session: StaffSessionKey | null): void {
  if (session === null) sessions.delete(staffId);
  else sessions.set(staffId, session);
}

export function dropStaffSession(staffId: string): StaffSessionKey | null {
  const held = sessions.get(staffId) ?? null;
  sessions.delete(staffId);
  return held;
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
