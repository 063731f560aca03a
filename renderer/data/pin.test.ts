// A test may use Node's crypto to make a reference hash: the renderer code under test uses WebCrypto only.
// eslint-disable-next-line no-restricted-imports -- test-only: node:crypto makes the server-side reference hash.
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PIN_HASH } from '../../shared/staff';
import { hashPinWebCrypto, matchesStaffIdentifier, verifyPin } from './pin';

function serverHash(pin: string, iterations = 1000): { pinHash: string; pinSalt: string; pinIterations: number } {
  const salt = randomBytes(PIN_HASH.saltBytes);
  return { pinHash: pbkdf2Sync(pin, salt, iterations, PIN_HASH.keyBytes, 'sha256').toString('hex'), pinSalt: salt.toString('hex'), pinIterations: iterations };
}

describe('offline PIN verification (WebCrypto PBKDF2 against a node:crypto hash)', () => {
  it('accepts the right PIN and refuses a wrong one', async () => {
    const staff = serverHash('4821');
    expect(await verifyPin('4821', staff)).toBe(true);
    expect(await verifyPin('4822', staff)).toBe(false);
  });

  it('computes the same digest as node:crypto at the production iteration count', async () => {
    const staff = serverHash('123456', PIN_HASH.iterations);
    expect(await hashPinWebCrypto('123456', staff.pinSalt, staff.pinIterations)).toBe(staff.pinHash);
  });

  it('refuses implausible PINs and malformed staff documents without throwing', async () => {
    const staff = serverHash('1234');
    expect(await verifyPin('12', staff)).toBe(false);
    expect(await verifyPin('abcd', staff)).toBe(false);
    expect(await verifyPin('1234', { ...staff, pinSalt: 'zz' })).toBe(false);
    expect(await verifyPin('1234', { ...staff, pinIterations: 0 })).toBe(false);
    expect(await verifyPin('1234', { ...staff, pinHash: staff.pinHash.toUpperCase() })).toBe(true);
  });

  it('matches a staff member by number or badge, never by an empty badge', () => {
    const s = { staffNumber: '1002', badge: 'AISLE-1002' };
    expect(matchesStaffIdentifier(s, ' 1002 ')).toBe(true);
    expect(matchesStaffIdentifier(s, 'AISLE-1002')).toBe(true);
    expect(matchesStaffIdentifier(s, '1003')).toBe(false);
    expect(matchesStaffIdentifier({ staffNumber: '1', badge: '' }, '')).toBe(false);
  });
});
