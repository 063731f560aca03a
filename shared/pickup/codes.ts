/**
 * Pickup codes as the kiosk sees them. The kiosk never receives customer data: its `pickupCodes` projection holds
 * a slow, salted hash of the code and a sealed greeting. Scanning a code (shared/barcode/aisleCodes.ts) gives the
 * code; one KDF evaluation gives both the lookup hash and the key that opens the first name.
 *
 * Strength, stated plainly (docs/architecture.md, "Security"; measured by `npm run bench:kdf`):
 * - keys = scrypt(code, per-store salt, N=2^14, r=8, p=1, 64 bytes) — @noble/hashes, 16 MiB per evaluation; the
 *   first 32 bytes are the lookup hash, the last 32 the seal key (independent PBKDF2 output blocks, so the hash
 *   stored in the database says nothing about the key);
 * - the greeting is sealed with XChaCha20-Poly1305 (@noble/ciphers; random 24-byte nonce; the pickup id as
 *   associated data, so a seal cannot be moved to another row): a wrong code fails authentication, it never
 *   decodes to garbage;
 * - codes are 10 symbols from a 31-letter alphabet (~49.5 bits): searching one store's codes from a copied kiosk
 *   database costs 2^48.5 scrypt evaluations on average — far beyond any budget, where the SHA-256 used before
 *   fell in about a GPU-day.
 */
import { scrypt, scryptAsync } from '@noble/hashes/scrypt.js';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes } from '@noble/ciphers/utils.js';
import { PICKUP_CODE_ALPHABET, PICKUP_CODE_LENGTH, parseBarePickupCode, parsePickupCode } from '../barcode/aisleCodes';
import { fromHex, toHex, utf8Decode, utf8Encode } from './bytes';

export { PICKUP_CODE_ALPHABET, PICKUP_CODE_LENGTH, parseBarePickupCode };

/** scrypt parameters of the code lookup: fast enough for a kiosk scan, slow enough for a copied database. */
export const PICKUP_CODE_KDF = { logN: 14, r: 8, p: 1 } as const;
/** Sealed greetings of this format start with this; anything else is a legacy (SHA-256 XOR) seal. */
export const SEAL_PREFIX = 'x1:';

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

export interface PickupCodeKeys {
  /** 64 hex digits: what pickupCodes rows and check-ins are looked up by. */
  codeHash: string;
  /** 32 bytes: opens the row's sealed greeting. */
  sealKey: Uint8Array;
}

/** The per-store salt: one search does not cover two stores. Public, like every salt. */
export function pickupCodeSalt(storeId: string): Uint8Array {
  return utf8Encode(`aisle-pickup-v2|${storeId}`);
}

export function splitCodeKeys(derived: Uint8Array): PickupCodeKeys {
  return { codeHash: toHex(derived.slice(0, 32)), sealKey: derived.slice(32, 64) };
}

const kdfOptions = { N: 2 ** PICKUP_CODE_KDF.logN, r: PICKUP_CODE_KDF.r, p: PICKUP_CODE_KDF.p, dkLen: 64 } as const;

/** The lookup hash and seal key of a code at a store (async: a kiosk scan does not freeze the screen). */
export async function pickupCodeKeys(code: string, storeId: string): Promise<PickupCodeKeys> {
  return splitCodeKeys(await scryptAsync(utf8Encode(normalisePickupCode(code)), pickupCodeSalt(storeId), { ...kdfOptions, asyncTick: 20 }));
}

/** The same, synchronously (tests and tools). */
export function pickupCodeKeysSync(code: string, storeId: string): PickupCodeKeys {
  return splitCodeKeys(scrypt(utf8Encode(normalisePickupCode(code)), pickupCodeSalt(storeId), kdfOptions));
}

/** First name sealed for the row `pickupId` (at most 60 UTF-8 bytes kept, cut between characters). */
export function sealGreeting(firstName: string, sealKey: Uint8Array, pickupId: string, nonce: Uint8Array = randomBytes(24)): string {
  let name = firstName;
  while (utf8Encode(name).length > 60) name = Array.from(name).slice(0, -1).join('');
  const sealed = xchacha20poly1305(sealKey, nonce, utf8Encode(pickupId)).encrypt(utf8Encode(name));
  const out = new Uint8Array(nonce.length + sealed.length);
  out.set(nonce);
  out.set(sealed, nonce.length);
  return `${SEAL_PREFIX}${toHex(out)}`;
}

/** The first name, or null when the seal does not open with this key for this row (or is a legacy seal). */
export function openGreeting(sealed: string, sealKey: Uint8Array, pickupId: string): string | null {
  if (!sealed.startsWith(SEAL_PREFIX)) return null;
  const bytes = fromHex(sealed.slice(SEAL_PREFIX.length));
  if (!bytes || bytes.length < 24 + 16) return null;
  try {
    return utf8Decode(xchacha20poly1305(sealKey, bytes.slice(0, 24), utf8Encode(pickupId)).decrypt(bytes.slice(24)));
  } catch {
    return null;
  }
}
