/**
 * Staff PINs, designed for a stolen counter (docs/architecture.md, "Security"): a copied device database must not
 * give up any PIN in less than a day of one core.
 *
 * - A PIN is 6–12 digits and never stored. Both the device and the server derive the PIN key
 *   K = scrypt(PIN, per-staff salt, PIN_KDF) — memory-hard (128 MiB), so guessing costs memory as well as time.
 * - The replicated staff document carries only the salt, the KDF parameters and a pinVersion: nothing to test a
 *   guess against. A copied `staff` collection is useless offline.
 * - The server keeps serverPinVerifier(K) (a SHA-256 of K, in a table devices never pull) and checks online sign-in
 *   against it. The device sends K, never the PIN, so the server never runs scrypt on request (no memory DoS).
 * - A device learns a person's devicePinVerifier — an HMAC of K keyed with the enrollment's device secret, which
 *   the OS keychain holds (DesktopApi.deviceSecret) — after that person signed in online on it once, and checks
 *   offline sign-ins against it. Without the device secret the local verifier is a 256-bit MAC: no offline search.
 *   With it (a keychain that fell too), every guess still costs one scrypt.
 * - Lockout with back-off (lockoutMs) on both sides, counted per staff member.
 *
 * Pure TypeScript from @noble/hashes (audited), so the device, the server and the tests share one implementation.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';

export interface PinKdf {
  algorithm: 'scrypt';
  /** N = 2^logN */
  logN: number;
  r: number;
  p: number;
}

/** 2^17 × 8 × 128 bytes = 128 MiB per evaluation. The cost in docs/architecture.md is measured with these. */
export const PIN_KDF: PinKdf = { algorithm: 'scrypt', logN: 17, r: 8, p: 1 };
/** A device refuses weaker parameters than this from a staff document (a tampered or stale catalog). */
export const PIN_KDF_FLOOR = { logN: 15, r: 8 } as const;
export const PIN_SALT_BYTES = 16;
export const PIN_KEY_BYTES = 32;
export const MIN_PIN_LENGTH = 6;
export const MAX_PIN_LENGTH = 12;

/** The header that carries a staff session (`<id>.<key>`) on the routes that act for a person (server/staff/sessions.ts). */
export const STAFF_SESSION_HEADER = 'x-aisle-staff-session';

export const STAFF_IDLE_SIGN_OUT_MS = 5 * 60 * 1000;

/** Back-off: five free attempts, then 30 s, doubling with each further failure, at most an hour. */
export const LOCKOUT = { freeAttempts: 5, baseMs: 30_000, maxMs: 3_600_000 } as const;

/** How long sign-in stays locked after this many consecutive failures (0: not locked). */
export function lockoutMs(failures: number): number {
  if (failures < LOCKOUT.freeAttempts) return 0;
  return Math.min(LOCKOUT.maxMs, LOCKOUT.baseMs * 2 ** (failures - LOCKOUT.freeAttempts));
}

/** A PIN as typed at sign-in: digits of an allowed length. Anything else is refused without running the KDF. */
export function isPlausiblePin(pin: string): boolean {
  return new RegExp(`^\\d{${MIN_PIN_LENGTH},${MAX_PIN_LENGTH}}$`).test(pin);
}

/** Why a new PIN is refused, or null when it is acceptable (length, and not one of the first guesses anyone tries). */
export function newPinProblem(pin: string): string | null {
  if (!isPlausiblePin(pin)) return `A PIN is ${MIN_PIN_LENGTH} to ${MAX_PIN_LENGTH} digits.`;
  if (/^(\d)\1+$/.test(pin)) return 'A PIN cannot be one digit repeated.';
  const digits = [...pin].map(Number);
  const steps = new Set(digits.slice(1).map((d, i) => (d - (digits[i] ?? 0) + 10) % 10));
  if (steps.size === 1 && (steps.has(1) || steps.has(9))) return 'A PIN cannot be a run like 123456 or 654321.';
  return null;
}

export function isPinKdf(value: unknown): value is PinKdf {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v['algorithm'] === 'scrypt' && Number.isSafeInteger(v['logN']) && Number.isSafeInteger(v['r']) && Number.isSafeInteger(v['p']);
}

/** True when the parameters are at least the floor (and not absurd, which would hang the device). */
export function isAcceptableKdf(kdf: PinKdf): boolean {
  return kdf.logN >= PIN_KDF_FLOOR.logN && kdf.logN <= 20 && kdf.r >= PIN_KDF_FLOOR.r && kdf.r <= 32 && kdf.p >= 1 && kdf.p <= 4;
}

/** K = scrypt(PIN, salt). Async: it yields to the event loop every few ms so a sign-in form stays responsive. */
export async function derivePinKey(pin: string, saltHex: string, kdf: PinKdf = PIN_KDF): Promise<Uint8Array> {
  return scryptAsync(utf8ToBytes(pin), fromHex(saltHex), { N: 2 ** kdf.logN, r: kdf.r, p: kdf.p, dkLen: PIN_KEY_BYTES, asyncTick: 20, maxmem: 2 ** 30 + 2 ** 20 });
}

const SERVER_TAG = utf8ToBytes('aisle-pin-server-v1');

/** What the server stores: SHA-256 of the PIN key (the key itself is as good as the PIN). */
export function serverPinVerifier(pinKey: Uint8Array): string {
  return toHex(sha256(concatBytes(SERVER_TAG, pinKey)));
}

/** What a device stores after an online sign-in: HMAC-SHA256 keyed with the device secret, bound to the staff member and PIN version. */
export function devicePinVerifier(deviceSecret: Uint8Array, staffId: string, pinVersion: number, pinKey: Uint8Array): string {
  return toHex(hmac(sha256, deviceSecret, concatBytes(utf8ToBytes(`aisle-pin-device-v1|${staffId}|${pinVersion}|`), pinKey)));
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export function fromHex(hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/i.test(hex)) throw new RangeError('not a hex string');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Constant-time comparison of two hex digests. */
export function digestsEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Proof that a pushed event or note was made in an online staff session: HMAC-SHA256 with the session key (which
 * only the device that signed in and the server hold) over the record's canonical JSON without the proof.
 * Writes made while signed in offline carry `signedInOffline: true` instead; the server marks unproven writes so.
 */
export interface StaffProof {
  session: string;
  mac: string;
}

export function staffProofMac(sessionKeyHex: string, canonicalRecord: string): string {
  return toHex(hmac(sha256, fromHex(sessionKeyHex), utf8ToBytes(`aisle-staff-proof-v1|${canonicalRecord}`)));
}

export function isStaffProof(value: unknown): value is StaffProof {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['session'] === 'string' && /^sess_[A-Za-z0-9_-]{1,60}$/.test(v['session']) && typeof v['mac'] === 'string' && /^[0-9a-f]{64}$/.test(v['mac']);
}
