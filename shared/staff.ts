/**
 * Staff sign-in is checked offline on the device against a slow hash of the PIN that replicates with
 * the store's staff list; the PIN itself never leaves the person's head. Both sides use PBKDF2-SHA256 with
 * these parameters (server: node:crypto, device: WebCrypto), so a hash made by either verifies on the other.
 */
export const PIN_HASH = { algorithm: 'PBKDF2-SHA256', iterations: 100_000, keyBytes: 32, saltBytes: 16 } as const;

export const STAFF_IDLE_SIGN_OUT_MS = 5 * 60 * 1000;

export function isPlausiblePin(pin: string): boolean {
  return /^\d{4,8}$/.test(pin);
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
