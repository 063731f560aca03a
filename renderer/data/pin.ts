/**
 * Offline staff sign-in: the PIN is checked against the replicated staff document's PBKDF2 hash with WebCrypto
 * (parameters in shared/staff.ts), so signing in works with the server down. Nothing here stores the PIN.
 */
import { PIN_HASH, digestsEqual, fromHex, isPlausiblePin, toHex } from '../../shared/staff';

export interface PinHashed {
  pinHash: string;
  pinSalt: string;
  pinIterations: number;
}

export async function hashPinWebCrypto(pin: string, saltHex: string, iterations: number, subtle: SubtleCrypto = globalThis.crypto.subtle): Promise<string> {
  const key = await subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const salt = fromHex(saltHex);
  const bits = await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(salt), iterations }, key, PIN_HASH.keyBytes * 8);
  return toHex(new Uint8Array(bits));
}

export async function verifyPin(pin: string, staff: PinHashed): Promise<boolean> {
  if (!isPlausiblePin(pin)) return false;
  if (!Number.isSafeInteger(staff.pinIterations) || staff.pinIterations < 1) return false;
  let digest: string;
  try {
    digest = await hashPinWebCrypto(pin, staff.pinSalt, staff.pinIterations);
  } catch {
    // A malformed salt in the staff document: refuse rather than crash the sign-in form.
    return false;
  }
  return digestsEqual(digest, staff.pinHash.toLowerCase());
}

/** Staff number or badge, as typed or scanned: surrounding whitespace never matters. */
export function matchesStaffIdentifier(staff: { staffNumber: string; badge: string }, input: string): boolean {
  const id = input.trim();
  if (id === '') return false;
  return staff.staffNumber === id || (staff.badge !== '' && staff.badge === id);
}
