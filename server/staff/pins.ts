/**
 * The server's half of staff PINs (the design is at the top of shared/staff.ts): the verifier per staff member in
 * staff_pins (never replicated), online PIN checks with a lockout that backs off, and PIN resets.
 *
 * The server derives a PIN key itself only when it is given a PIN (the admin CLI, the demo seed), with node's
 * native scrypt, which yields the same bytes as the device's @noble/hashes scrypt. Online sign-in sends the key.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import type { Db, Queryable } from '../db/db';
import type { StaffDoc } from '../../shared/schemas/collections';
import { AisleError } from '../../shared/errors';
import { PIN_KDF, PIN_KEY_BYTES, PIN_SALT_BYTES, fromHex, lockoutMs, newPinProblem, serverPinVerifier, type PinKdf } from '../../shared/staff';
import { readDocs, writeDocs } from '../sync/revisions';

/** K = scrypt(PIN, salt) natively (libuv thread pool), byte-identical to shared/staff.ts derivePinKey. */
export function derivePinKeyNode(pin: string, saltHex: string, kdf: PinKdf = PIN_KDF): Promise<Uint8Array> {
  const N = 2 ** kdf.logN;
  return new Promise((resolve, reject) => {
    scryptCallback(Buffer.from(pin, 'utf8'), Buffer.from(fromHex(saltHex)), PIN_KEY_BYTES, { N, r: kdf.r, p: kdf.p, maxmem: 256 * N * kdf.r + 2 ** 20 }, (error, key) => {
      if (error) reject(error);
      else resolve(new Uint8Array(key));
    });
  });
}

export function newPinSalt(): string {
  return randomBytes(PIN_SALT_BYTES).toString('hex');
}

function equalHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export async function readStaff(q: Queryable, staffId: string, forUpdate = false): Promise<StaffDoc | null> {
  const stored = (await readDocs(q, 'staff', [staffId], forUpdate)).get(staffId);
  // Stored staff documents are written by this server (seed, admin) and validated on the way in.
  return stored && !stored.deleted ? (stored.data as unknown as StaffDoc) : null;
}

export async function findStaffByNumber(q: Queryable, storeId: string, staffNumber: string): Promise<StaffDoc | null> {
  const res = await q.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'staff' AND scope = $1 AND data->>'staffNumber' = $2 AND NOT deleted`, [storeId, staffNumber]);
  const id = res.rows[0]?.id;
  return id === undefined ? null : readStaff(q, id);
}

/** Writes a verifier for one staff member (demo seed: no version change; the document already says version 0). */
export async function writeVerifier(q: Queryable, staff: Pick<StaffDoc, 'id' | 'storeId' | 'pinVersion'>, verifier: string): Promise<void> {
  await q.query(
    `INSERT INTO staff_pins (staff_id, store_id, verifier, pin_version) VALUES ($1, $2, $3, $4)
     ON CONFLICT (staff_id) DO UPDATE SET store_id = EXCLUDED.store_id, verifier = EXCLUDED.verifier, pin_version = EXCLUDED.pin_version, failed_attempts = 0, locked_until = NULL, updated_at = now()`,
    [staff.id, staff.storeId, verifier, staff.pinVersion],
  );
}

export type PinSource = { pin: string } | { pinSalt: string; pinKey: string };

/**
 * Sets a new PIN (a manager's reset): a fresh salt, a new verifier, pinVersion + 1 on the replicated document (so
 * every device's offline verifier for the old PIN stops working), and the lockout cleared.
 * Given a PIN, the policy (length, no trivial PINs) is checked here; given a key, the device that derived it did.
 */
export async function resetStaffPin(db: Db, staffId: string, source: PinSource, by: string): Promise<StaffDoc> {
  let pinSalt: string;
  let pinKey: Uint8Array;
  if ('pin' in source) {
    const problem = newPinProblem(source.pin);
    if (problem) throw new AisleError('VALIDATION_FAILED', problem, [{ path: '/pin', message: problem }]);
    pinSalt = newPinSalt();
    pinKey = await derivePinKeyNode(source.pin, pinSalt);
  } else {
    if (!/^[0-9a-f]{32}$/.test(source.pinSalt)) throw new AisleError('VALIDATION_FAILED', 'pinSalt must be 16 bytes of lower-case hex', [{ path: '/pinSalt', message: 'must be 32 hex digits' }]);
    if (!/^[0-9a-f]{64}$/.test(source.pinKey)) throw new AisleError('VALIDATION_FAILED', 'pinKey must be 32 bytes of lower-case hex', [{ path: '/pinKey', message: 'must be 64 hex digits' }]);
    pinSalt = source.pinSalt;
    pinKey = fromHex(source.pinKey);
  }
  return db.transaction(async (tx) => {
    const staff = await readStaff(tx, staffId, true);
    if (!staff) throw new AisleError('NOT_FOUND', `no staff member ${staffId}`);
    const next: StaffDoc = { ...staff, pinSalt, pinKdf: { ...PIN_KDF }, pinVersion: staff.pinVersion + 1, updatedAt: new Date().toISOString() };
    await writeDocs(tx, 'staff', [{ id: next.id, scope: next.storeId, data: { ...next } }], by);
    await writeVerifier(tx, next, serverPinVerifier(pinKey));
    return next;
  });
}

export type PinCheck =
  | { ok: true; staff: StaffDoc }
  | { ok: false; code: 'WRONG_PIN' | 'LOCKED' | 'INACTIVE' | 'NO_PIN'; retryAfterMs?: number; message: string };

/** One online PIN check for a device of `storeId`: lockout first, then the verifier; counts the failure. */
export async function checkStaffPin(db: Db, storeId: string, staffId: string, pinKeyHex: string, now = new Date()): Promise<PinCheck> {
  return db.transaction(async (tx) => {
    const staff = await readStaff(tx, staffId);
    // Another store's staff member reads as a wrong PIN: the answer must not tell which ids exist elsewhere.
    if (!staff || staff.storeId !== storeId) return { ok: false, code: 'WRONG_PIN', message: 'That staff number or PIN is not right.' };
    const res = await tx.query<{ verifier: string | null; failed_attempts: number; locked_ms: number | null }>(
      `SELECT verifier, failed_attempts, (EXTRACT(EPOCH FROM (locked_until - $2::timestamptz)) * 1000)::float8 AS locked_ms FROM staff_pins WHERE staff_id = $1 FOR UPDATE`,
      [staffId, now.toISOString()],
    );
    const row = res.rows[0];
    if (!row || row.verifier === null) return { ok: false, code: 'NO_PIN', message: 'No PIN is set for this staff member yet. Ask a manager to set one.' };
    if (row.locked_ms !== null && row.locked_ms > 0) {
      return { ok: false, code: 'LOCKED', retryAfterMs: Math.ceil(row.locked_ms), message: 'Too many wrong PINs. Sign-in is locked for a while.' };
    }
    const good = /^[0-9a-f]{64}$/.test(pinKeyHex) && equalHex(serverPinVerifier(fromHex(pinKeyHex)), row.verifier);
    if (!good) {
      const failures = row.failed_attempts + 1;
      const lockMs = lockoutMs(failures);
      await tx.query(`UPDATE staff_pins SET failed_attempts = $2, locked_until = $3, updated_at = now() WHERE staff_id = $1`, [staffId, failures, lockMs > 0 ? new Date(now.getTime() + lockMs).toISOString() : null]);
      return lockMs > 0
        ? { ok: false, code: 'LOCKED', retryAfterMs: lockMs, message: 'Too many wrong PINs. Sign-in is locked for a while.' }
        : { ok: false, code: 'WRONG_PIN', message: 'That staff number or PIN is not right.' };
    }
    if (row.failed_attempts > 0) await tx.query(`UPDATE staff_pins SET failed_attempts = 0, locked_until = NULL, updated_at = now() WHERE staff_id = $1`, [staffId]);
    if (!staff.active) return { ok: false, code: 'INACTIVE', message: 'This staff account is inactive. Ask a manager.' };
    return { ok: true, staff };
  });
}

