import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derivePinKey, devicePinVerifier, isAcceptableKdf, isPlausiblePin, newPinProblem, serverPinVerifier, staffProofMac, toHex, type PinKdf } from './staff';

// Cheap parameters for the unit test only; the production ones (PIN_KDF) are exercised by server/seed/demo.test.ts.
const CHEAP: PinKdf = { algorithm: 'scrypt', logN: 10, r: 8, p: 1 };
const salt = '0123456789abcdef0123456789abcdef';

describe('staff PINs', () => {
  it('accepts 6–12 digits only, and refuses the first guesses anyone tries for a new PIN', () => {
    expect(isPlausiblePin('1234')).toBe(false);
    expect(isPlausiblePin('246810')).toBe(true);
    expect(isPlausiblePin('1234567890123')).toBe(false);
    expect(isPlausiblePin('12345a')).toBe(false);
    for (const weak of ['000000', '111111', '123456', '654321', '345678', '901234', '12345']) expect(newPinProblem(weak), weak).not.toBeNull();
    for (const fine of ['246810', '135790', '402917', '112358']) expect(newPinProblem(fine), fine).toBeNull();
  });

  it('derives the same key as native scrypt (device @noble/hashes, server node:crypto)', async () => {
    const noble = await derivePinKey('246810', salt, CHEAP);
    const native = scryptSync('246810', Buffer.from(salt, 'hex'), 32, { N: 2 ** CHEAP.logN, r: CHEAP.r, p: CHEAP.p });
    expect(toHex(noble)).toBe(native.toString('hex'));
    expect(toHex(await derivePinKey('246811', salt, CHEAP))).not.toBe(toHex(noble));
  });

  it('keys the device verifier with the device secret, the staff member and the PIN version', async () => {
    const key = await derivePinKey('246810', salt, CHEAP);
    const secretA = new Uint8Array(32).fill(1);
    const secretB = new Uint8Array(32).fill(2);
    const v = devicePinVerifier(secretA, 'staff_1002', 0, key);
    expect(v).toMatch(/^[0-9a-f]{64}$/);
    expect(devicePinVerifier(secretA, 'staff_1002', 0, key)).toBe(v);
    expect(devicePinVerifier(secretB, 'staff_1002', 0, key)).not.toBe(v);
    expect(devicePinVerifier(secretA, 'staff_1003', 0, key)).not.toBe(v);
    expect(devicePinVerifier(secretA, 'staff_1002', 1, key)).not.toBe(v);
    expect(serverPinVerifier(key)).not.toBe(v);
  });

  it('refuses KDF parameters below the floor', () => {
    expect(isAcceptableKdf({ algorithm: 'scrypt', logN: 17, r: 8, p: 1 })).toBe(true);
    expect(isAcceptableKdf(CHEAP)).toBe(false);
    expect(isAcceptableKdf({ algorithm: 'scrypt', logN: 30, r: 8, p: 1 })).toBe(false);
  });

  it('MACs a record with the session key', () => {
    const mac = staffProofMac('11'.repeat(32), '{"a":1}');
    expect(mac).toMatch(/^[0-9a-f]{64}$/);
    expect(staffProofMac('11'.repeat(32), '{"a":2}')).not.toBe(mac);
    expect(staffProofMac('22'.repeat(32), '{"a":1}')).not.toBe(mac);
  });
});
