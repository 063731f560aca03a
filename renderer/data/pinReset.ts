/**
 * A manager resets a colleague's PIN at the counter (server: POST /api/v1/staff/:id/pin). Needs the manager's
 * online staff session (renderer/data/staffSession.ts): the server checks it is a live manager session of this
 * device. The new PIN is checked against the policy here (the server only ever sees its key), salted afresh, and
 * derived with the same scrypt as sign-in; the PIN version goes up, so every device's offline verifier for the old
 * PIN stops working.
 */
import { DeviceError } from './deviceError';
import { AisleError } from '../../shared/errors';
import { API_PREFIX } from '../../shared/sync';
import { PIN_KDF, PIN_SALT_BYTES, derivePinKey, newPinProblem, toHex } from '../../shared/staff';
import type { AisleSession } from './session';
import { authHeaders, requestJson } from './http';
import { heldStaffSession, staffSessionHeaders } from './staffSession';
import { matchesStaffIdentifier } from './pin';

export async function resetPinAtCounter(session: AisleSession, managerId: string, identifier: string, newPin: string): Promise<{ name: string; pinVersion: number }> {
  const held = heldStaffSession(managerId);
  if (!held) throw new DeviceError('UNAUTHENTICATED', 'Resetting a PIN needs the catalog server: sign in again while it is connected.', { key: 'pinResetNeedsServer' });
  const problem = newPinProblem(newPin);
  if (problem) throw new AisleError('VALIDATION_FAILED', problem);
  const everyone = (await session.db.collections.staff?.find().exec()) ?? [];
  const target = everyone.find((s) => matchesStaffIdentifier(s, identifier));
  if (!target) throw new DeviceError('NOT_FOUND', `No staff member ${identifier.trim()} at this store.`, { key: 'staffUnknown', who: identifier.trim() });
  const pinSalt = toHex(crypto.getRandomValues(new Uint8Array(PIN_SALT_BYTES)));
  const pinKey = toHex(await derivePinKey(newPin, pinSalt, PIN_KDF));
  const body = await requestJson(session.settings.serverUrl, `${API_PREFIX}/staff/${encodeURIComponent(target.id)}/pin`, {
    method: 'POST',
    headers: authHeaders(session.settings, { 'content-type': 'application/json', ...staffSessionHeaders(managerId) }),
    body: JSON.stringify({ pinSalt, pinKey }),
    signal: AbortSignal.timeout(10_000),
  });
  const pinVersion = typeof body === 'object' && body !== null && 'pinVersion' in body && typeof body.pinVersion === 'number' ? body.pinVersion : NaN;
  if (Number.isNaN(pinVersion)) throw new AisleError('INTERNAL', 'the catalog server answered the PIN reset without a PIN version');
  // The lockout on this device goes with the old PIN.
  session.pins.succeeded(target.id);
  return { name: target.name, pinVersion };
}
