/**
 * Pickup codes as the kiosk sees them. The kiosk never receives customer data: its `pickupCodes` projection holds
 * the SHA-256 of the normalised code and a sealed greeting. Scanning a code (shared/barcode/aisleCodes.ts) gives
 * the code; hashing it finds the row; the code itself unseals the first name.
 *
 * Strength of the seal, stated plainly: the greeting is XORed with a SHA-256 keystream derived from the code, so
 * it is exactly as secret as the code. Codes are 10 symbols from a 31-letter alphabet (~49.5 bits); an attacker
 * with a copy of a kiosk database could brute-force one code in about a GPU-day. That exposes a first name and a
 * pickup status, not contact details; the code itself only lets someone collect with an ID check at the counter.
 */
import { PICKUP_CODE_ALPHABET, PICKUP_CODE_LENGTH, parseBarePickupCode, parsePickupCode } from '../barcode/aisleCodes';
import { fromHex, sha256, sha256Hex, toHex, utf8Decode, utf8Encode } from './sha256';

export { PICKUP_CODE_ALPHABET, PICKUP_CODE_LENGTH, parseBarePickupCode };

export function normalisePickupCode(code: string): string {
  return code.trim().toUpperCase();
}

/** A scanned or typed code: the QR/slip forms of aisleCodes, or the bare code typed on the kiosk. */
export function pickupCodeFromInput(text: string): string | null {
  const parsed = parsePickupCode(text) ?? parseBarePickupCode(text);
  if (parsed) return parsed;
  const bare = normalisePickupCode(text);
  return /^[A-Z0-9]{4,32}$/.test(bare) ? bare : null;
}

export function pickupCodeHash(code: string): string {
  return sha256Hex(`aisle-pickup:${normalisePickupCode(code)}`);
}

function keystream(code: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let block = 0; block * 32 < length; block++) {
    const k = sha256(utf8Encode(`aisle-greeting:${normalisePickupCode(code)}:${block}`));
    for (let i = 0; i < 32 && block * 32 + i < length; i++) out[block * 32 + i] = k[i] ?? 0;
  }
  return out;
}

/** Hex of the first name XOR a code-derived keystream (at most 60 UTF-8 bytes kept). */
export function sealGreeting(firstName: string, code: string): string {
  // Cut at a character boundary so the sealed name always decodes.
  let name = firstName;
  while (utf8Encode(name).length > 60) name = Array.from(name).slice(0, -1).join('');
  const bytes = utf8Encode(name);
  const ks = keystream(code, bytes.length);
  return toHex(bytes.map((b, i) => b ^ (ks[i] ?? 0)));
}

/** The first name, or null when the seal does not open with this code. */
export function openGreeting(sealed: string, code: string): string | null {
  const bytes = fromHex(sealed);
  if (!bytes) return null;
  const ks = keystream(code, bytes.length);
  return utf8Decode(bytes.map((b, i) => b ^ (ks[i] ?? 0)));
}
