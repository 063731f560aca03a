import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodePickupCode } from '../barcode/aisleCodes';
import { PICKUP_CODE_KDF, SEAL_PREFIX, openGreeting, pickupCodeFromInput, pickupCodeKeys, pickupCodeKeysSync, sealGreeting } from './codes';

describe('pickup codes for the kiosk', () => {
  it('derives the lookup hash with scrypt salted per store, equal to native scrypt (the server)', async () => {
    const keys = pickupCodeKeysSync('abcd234567', 'store-001');
    const native = scryptSync('ABCD234567', 'aisle-pickup-v2|store-001', 64, { N: 2 ** PICKUP_CODE_KDF.logN, r: PICKUP_CODE_KDF.r, p: PICKUP_CODE_KDF.p, maxmem: 64 * 1024 * 1024 });
    expect(keys.codeHash).toBe(native.subarray(0, 32).toString('hex'));
    expect(Buffer.from(keys.sealKey).equals(native.subarray(32))).toBe(true);
    expect((await pickupCodeKeys(' ABCD234567 ', 'store-001')).codeHash).toBe(keys.codeHash);
    // Per store: the same code elsewhere is another hash, so one search does not cover two stores.
    expect(pickupCodeKeysSync('ABCD234567', 'store-002').codeHash).not.toBe(keys.codeHash);
    // The stored hash is not the seal key.
    expect(keys.codeHash).not.toBe(Buffer.from(keys.sealKey).toString('hex'));
  });

  it('reads the QR, the slip form and a typed code', () => {
    expect(pickupCodeFromInput(encodePickupCode('abcd234567', 'url'))).toBe('ABCD234567');
    expect(pickupCodeFromInput('AISLE:PU:abcd234567')).toBe('ABCD234567');
    expect(pickupCodeFromInput(' abcd234567')).toBe('ABCD234567');
    expect(pickupCodeFromInput('no!')).toBeNull();
    expect(pickupCodeFromInput('vn2ge-g2f7p')).toBe('VN2GEG2F7P');
  });

  it('opens the sealed greeting (XChaCha20-Poly1305) only with the right code, for the right row', () => {
    const { sealKey } = pickupCodeKeysSync('ABCD234567', 'store-001');
    const sealed = sealGreeting('Zoë', sealKey, 'ord_1');
    expect(sealed.startsWith(SEAL_PREFIX)).toBe(true);
    expect(sealed).not.toContain(Buffer.from('Zoë').toString('hex'));
    expect(openGreeting(sealed, sealKey, 'ord_1')).toBe('Zoë');
    // A wrong code fails authentication: nothing, never garbage.
    expect(openGreeting(sealed, pickupCodeKeysSync('ABCD234568', 'store-001').sealKey, 'ord_1')).toBeNull();
    // Moved to another row (associated data): refused.
    expect(openGreeting(sealed, sealKey, 'ord_2')).toBeNull();
    // Tampered with: refused.
    const flipped = `${sealed.slice(0, -2)}${sealed.endsWith('00') ? '01' : '00'}`;
    expect(openGreeting(flipped, sealKey, 'ord_1')).toBeNull();
    // A fresh nonce each time: the same name seals differently.
    expect(sealGreeting('Zoë', sealKey, 'ord_1')).not.toBe(sealed);
    // A legacy (SHA-256 XOR) seal does not open.
    expect(openGreeting('a1b2c3', sealKey, 'ord_1')).toBeNull();
  });
});

describe('sealed greeting length', () => {
  it('keeps at most 60 UTF-8 bytes, cut between characters, within the schema bound', () => {
    const { sealKey } = pickupCodeKeysSync('ABCD234567', 'store-001');
    const sealed = sealGreeting('Ž'.repeat(40), sealKey, 'ord_1');
    expect(openGreeting(sealed, sealKey, 'ord_1')).toBe('Ž'.repeat(30));
    expect(sealed.length).toBeLessThanOrEqual(256);
  });
});
