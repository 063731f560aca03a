/**
 * Pickup-code keys on the server (shared/pickup/codes.ts pickupCodeKeys), derived with node's native scrypt on the
 * thread pool — byte-identical to the kiosk's @noble/hashes, without holding the event loop — and kept in a small
 * in-process cache: a pickup's projection is rewritten at every status change, with the same code each time.
 */
import { scrypt as scryptCallback } from 'node:crypto';
import { PICKUP_CODE_KDF, normalisePickupCode, pickupCodeSalt, splitCodeKeys, type PickupCodeKeys } from '../../shared/pickup/codes';

const CACHE_MAX = 2000;
const cache = new Map<string, Promise<PickupCodeKeys>>();

export function pickupCodeKeysNode(code: string, storeId: string): Promise<PickupCodeKeys> {
  const id = `${storeId}\u0000${normalisePickupCode(code)}`;
  const hit = cache.get(id);
  if (hit) {
    // Refresh its place: the Map keeps insertion order, so the oldest entry is dropped first.
    cache.delete(id);
    cache.set(id, hit);
    return hit;
  }
  const N = 2 ** PICKUP_CODE_KDF.logN;
  const pending = new Promise<PickupCodeKeys>((resolve, reject) => {
    scryptCallback(Buffer.from(normalisePickupCode(code), 'utf8'), Buffer.from(pickupCodeSalt(storeId)), 64, { N, r: PICKUP_CODE_KDF.r, p: PICKUP_CODE_KDF.p, maxmem: 256 * N * PICKUP_CODE_KDF.r }, (error, key) => {
      if (error) reject(error);
      else resolve(splitCodeKeys(new Uint8Array(key)));
    });
  });
  cache.set(id, pending);
  pending.catch(() => cache.delete(id));
  if (cache.size > CACHE_MAX) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return pending;
}
