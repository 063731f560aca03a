/**
 * The device's half of staff PINs (design at the top of shared/staff.ts):
 *
 * - the offline verifier per staff member, learned at an online sign-in on this device: an HMAC of the PIN key
 *   keyed with the enrollment's device secret (DesktopApi.deviceSecret, the OS keychain), bound to the PIN version
 *   (a reset makes it useless);
 * - the lockout per staff member (failures, locked until), persisted so a reload does not reset it.
 *
 * Kept in the host's key-value storage (localStorage), under the device id, never replicated. Nothing here can
 * test a PIN guess without the device secret.
 */
import { LOCKOUT, digestsEqual, lockoutMs } from '../../shared/staff';

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length?: number;
  key?(index: number): string | null;
}

export interface StaffPinState {
  /** devicePinVerifier(…) for `pinVersion`, or null: this staff member has not signed in online here yet. */
  verifier: string | null;
  pinVersion: number;
  failures: number;
  /** Epoch ms; 0 when not locked. */
  lockedUntil: number;
}

const EMPTY: StaffPinState = { verifier: null, pinVersion: -1, failures: 0, lockedUntil: 0 };

function parseState(raw: string | null): StaffPinState {
  if (raw === null) return { ...EMPTY };
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v !== 'object' || v === null) return { ...EMPTY };
    const r = v as Record<string, unknown>;
    const num = (x: unknown, fallback: number): number => (typeof x === 'number' && Number.isFinite(x) ? x : fallback);
    const verifier = typeof r['verifier'] === 'string' && /^[0-9a-f]{64}$/.test(r['verifier']) ? r['verifier'] : null;
    // A damaged entry keeps its failure count high rather than low: an attacker must not reset a lock by corrupting it.
    return { verifier, pinVersion: num(r['pinVersion'], -1), failures: num(r['failures'], LOCKOUT.freeAttempts), lockedUntil: num(r['lockedUntil'], 0) };
  } catch {
    return { ...EMPTY, failures: LOCKOUT.freeAttempts };
  }
}

export class StaffPinStore {
  constructor(
    private readonly storage: KeyValueStore,
    private readonly deviceId: string,
  ) {}

  private key(staffId: string): string {
    return `aisle.staffPin.${this.deviceId}.${staffId}`;
  }

  get(staffId: string): StaffPinState {
    return parseState(this.storage.getItem(this.key(staffId)));
  }

  private put(staffId: string, state: StaffPinState): void {
    this.storage.setItem(this.key(staffId), JSON.stringify(state));
  }

  /** Milliseconds until this staff member may try again (0: now). */
  lockedFor(staffId: string, now = Date.now()): number {
    return Math.max(0, this.get(staffId).lockedUntil - now);
  }

  /** Counts a wrong PIN; returns how long sign-in is now locked (0: not yet). */
  recordFailure(staffId: string, now = Date.now()): number {
    const state = this.get(staffId);
    const failures = state.failures + 1;
    const lock = lockoutMs(failures);
    this.put(staffId, { ...state, failures, lockedUntil: lock > 0 ? now + lock : 0 });
    return lock;
  }

  /** The server said "locked for this long": the device keeps at least that lock. */
  lockAtLeast(staffId: string, ms: number, now = Date.now()): void {
    const state = this.get(staffId);
    this.put(staffId, { ...state, failures: Math.max(state.failures, LOCKOUT.freeAttempts), lockedUntil: Math.max(state.lockedUntil, now + ms) });
  }

  /** After an online sign-in: remember the verifier for offline sign-ins and clear the failures. */
  learn(staffId: string, pinVersion: number, verifier: string): void {
    this.put(staffId, { verifier, pinVersion, failures: 0, lockedUntil: 0 });
  }

  /** After an offline sign-in: clear the failures, keep the verifier. */
  succeeded(staffId: string): void {
    const state = this.get(staffId);
    this.put(staffId, { ...state, failures: 0, lockedUntil: 0 });
  }

  /** True when `verifier` matches what this device learned for this PIN version. */
  matches(staffId: string, pinVersion: number, verifier: string): boolean | 'unknown' {
    const state = this.get(staffId);
    if (state.verifier === null || state.pinVersion !== pinVersion) return 'unknown';
    return digestsEqual(state.verifier, verifier);
  }

  /** Drops every entry of this device (unenroll). */
  clear(): void {
    const prefix = `aisle.staffPin.${this.deviceId}.`;
    const keys: string[] = [];
    const length = this.storage.length ?? 0;
    for (let i = 0; i < length; i++) {
      const k = this.storage.key?.(i);
      if (k?.startsWith(prefix)) keys.push(k);
    }
    for (const k of keys) this.storage.removeItem(k);
  }
}

/** "30 seconds", "4 minutes": how long a lock lasts, in words. */
export function waitInWords(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** Staff number or badge, as typed or scanned: surrounding whitespace never matters. */
export function matchesStaffIdentifier(staff: { staffNumber: string; badge: string }, input: string): boolean {
  const id = input.trim();
  if (id === '') return false;
  return staff.staffNumber === id || (staff.badge !== '' && staff.badge === id);
}
