import { describe, expect, it } from 'vitest';
import { LOCKOUT, lockoutMs } from '../../shared/staff';
import type { KeyValueStore } from './pin';
import { StaffPinStore, matchesStaffIdentifier, waitInWords } from './pin';

function memoryStorage(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
  };
}

const verifier = 'ab'.repeat(32);

describe('device PIN state (offline verifier and lockout)', () => {
  it('locks a staff member out with back-off after five wrong PINs, and a reload (a new store object) keeps the lock', () => {
    const storage = memoryStorage();
    const pins = new StaffPinStore(storage, 'dev-1');
    const t0 = 1_000_000;
    for (let i = 0; i < LOCKOUT.freeAttempts - 1; i++) expect(pins.recordFailure('staff_1002', t0)).toBe(0);
    expect(pins.lockedFor('staff_1002', t0)).toBe(0);
    expect(pins.recordFailure('staff_1002', t0)).toBe(30_000);
    const reloaded = new StaffPinStore(storage, 'dev-1');
    expect(reloaded.lockedFor('staff_1002', t0 + 10_000)).toBe(20_000);
    // Per staff member: a colleague is not locked.
    expect(reloaded.lockedFor('staff_1003', t0)).toBe(0);
    // Each further failure doubles the wait.
    expect(reloaded.recordFailure('staff_1002', t0 + 30_000)).toBe(60_000);
    expect(reloaded.recordFailure('staff_1002', t0 + 90_000)).toBe(120_000);
    // A success clears it.
    reloaded.learn('staff_1002', 0, verifier);
    expect(reloaded.lockedFor('staff_1002', t0 + 90_001)).toBe(0);
    expect(reloaded.get('staff_1002').failures).toBe(0);
  });

  it('caps the wait at an hour', () => {
    expect(lockoutMs(4)).toBe(0);
    expect(lockoutMs(5)).toBe(30_000);
    expect(lockoutMs(40)).toBe(3_600_000);
  });

  it('a damaged entry counts as locked-prone, not as a fresh start', () => {
    const storage = memoryStorage();
    storage.setItem('aisle.staffPin.dev-1.staff_1002', '{not json');
    const pins = new StaffPinStore(storage, 'dev-1');
    expect(pins.recordFailure('staff_1002', 0)).toBeGreaterThan(0);
  });

  it('knows a verifier only for the PIN version it learned, and forgets everything of its device on clear', () => {
    const storage = memoryStorage();
    const pins = new StaffPinStore(storage, 'dev-1');
    expect(pins.matches('staff_1002', 0, verifier)).toBe('unknown');
    pins.learn('staff_1002', 0, verifier);
    expect(pins.matches('staff_1002', 0, verifier)).toBe(true);
    expect(pins.matches('staff_1002', 0, 'cd'.repeat(32))).toBe(false);
    // After a reset (version 1) the old verifier no longer signs in offline.
    expect(pins.matches('staff_1002', 1, verifier)).toBe('unknown');
    storage.setItem('other.key', 'x');
    new StaffPinStore(storage, 'dev-2').learn('staff_1002', 0, verifier);
    pins.clear();
    expect([...storage.map.keys()].sort()).toEqual(['aisle.staffPin.dev-2.staff_1002', 'other.key']);
  });

  it('says the wait in words', () => {
    expect(waitInWords(30_000)).toBe('30 seconds');
    expect(waitInWords(1000)).toBe('1 second');
    expect(waitInWords(120_000)).toBe('2 minutes');
  });

  it('matches a staff number or a badge, ignoring surrounding whitespace', () => {
    const s = { staffNumber: '1002', badge: 'AISLE-1002' };
    expect(matchesStaffIdentifier(s, ' 1002 ')).toBe(true);
    expect(matchesStaffIdentifier(s, 'AISLE-1002')).toBe(true);
    expect(matchesStaffIdentifier(s, '')).toBe(false);
    expect(matchesStaffIdentifier({ staffNumber: '1', badge: '' }, '')).toBe(false);
  });
});
