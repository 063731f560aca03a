/**
 * The manager's screens' data: conflicts to review (computed from the local pickups by shared/conflicts, with the
 * managers' resolutions in the replicated `reviews` collection) and the store's devices (from the server: their
 * last status reports, enrollment codes, revocation). Resolutions are written locally first and replicate like
 * any device write; the device list and its actions need the server and say so when it cannot be reached.
 */
import { DeviceError } from './deviceError';
import { useMemo } from 'react';
import { map } from 'rxjs';
import type { ReviewDoc } from '../../shared/conflicts/schema';
import { makeReview, pickupConflicts, reviewList, type ConflictItem, type ReviewList } from '../../shared/conflicts/conflicts';
import { parseStoreDevices, type StoreDevice } from '../../shared/devices/status';
import { AisleError } from '../../shared/errors';
import { API_PREFIX, type DeviceRole } from '../../shared/sync';
import type { AisleSession, SignedInStaff, WriteSession } from './session';
import { useSession } from './context';
import { useObservableValue } from './hooks';
import { useAllPickups, useStaffNames } from './pickups';
import { authedJson } from './http';
import { staffSessionHeaders } from './staffSession';
import { returnConflicts, returnReviews } from '../../shared/conflicts/returns';
import { RETURN_FLAGS, RETURN_RESOLUTION_ACTIONS, type ReturnFlag, type ReturnResolutionAction } from '../../shared/returns';
import { useStoreReturns } from './returns';
import { resolveFlaggedReturn } from './returnResolve';

export function useReviews(): ReviewDoc[] | undefined {
  const { db } = useSession();
  const reviews = db.collections.reviews;
  return useObservableValue<ReviewDoc[] | undefined>(reviews ? 'reviews' : null, () => reviews!.find().$.pipe(map((docs) => docs.map((d) => d.toMutableJSON()))), reviews ? undefined : []);
}

/** Open and resolved conflicts, live; undefined until pickups and reviews have been read. */
/** How the screen names a device or person the store's lists do not know, in its language (renderer/ui/manager). */
export interface ConflictNameWords {
  thisCounter: (name: string) => string;
  server: string;
  unknownDevice: (tail: string) => string;
  system: string;
  unknownStaff: (id: string) => string;
}

const ENGLISH_NAMES: ConflictNameWords = {
  thisCounter: (name) => `this counter (${name})`,
  server: 'the server',
  unknownDevice: (tail) => `device …${tail}`,
  system: 'the system',
  unknownStaff: (id) => `staff ${id}`,
};

export function useConflicts(deviceNames: ReadonlyMap<string, string> = new Map(), words: ConflictNameWords = ENGLISH_NAMES): ReviewList | undefined {
  const { settings } = useSession();
  const pickups = useAllPickups();
  const reviews = useReviews();
  const returns = useStoreReturns();
  const staffNames = useStaffNames();
  return useMemo(() => {
    if (!pickups || !reviews || !returns) return undefined;
    const names = {
      staff: (id: string) => staffNames.get(id) ?? (id === 'system' ? words.system : words.unknownStaff(id)),
      device: (id: string) => (id === settings.deviceId ? words.thisCounter(settings.deviceName) : (deviceNames.get(id) ?? (id === 'server' ? words.server : words.unknownDevice(id.slice(-4))))),
    };
    // Flagged returns: open flags, and those a manager resolved by an event in the return's own log.
    const resolvedReturns = returnReviews(returns, names);
    return reviewList([...pickupConflicts(pickups, names), ...returnConflicts(returns, names), ...resolvedReturns.items], [...reviews, ...resolvedReturns.reviews]);
  }, [pickups, reviews, returns, staffNames, deviceNames, settings.deviceId, settings.deviceName, words]);
}

/**
 * Records a manager's resolution on this device; it replicates to the store's other counters and the server. A
 * pickup's is a `reviews` document (returned); a flagged return's is a `resolved` event in the return (null).
 */
export async function resolveConflict(session: WriteSession, item: ConflictItem, input: { action: string; note: string; staff: SignedInStaff }): Promise<ReviewDoc | null> {
  if (item.source === 'return') {
    const flag = RETURN_FLAGS.find((f) => f === item.kind);
    const action = RETURN_RESOLUTION_ACTIONS.find((a) => a === input.action);
    if (!flag || !action) throw new AisleError('VALIDATION_FAILED', `"${input.action}" is not a resolution of ${item.kind}`);
    await resolveFlaggedReturn(session, item.subjectId, flag satisfies ReturnFlag, action satisfies ReturnResolutionAction, input.note, input.staff);
    return null;
  }
  const reviews = session.db.collections.reviews;
  if (!reviews) throw new AisleError('FORBIDDEN', 'This device does not keep conflict reviews.');
  if (input.staff.role !== 'manager') throw new AisleError('FORBIDDEN', 'Only a manager can resolve a conflict. Sign in as a manager.');
  const existing = await reviews.findOne(item.key).exec();
  if (existing) throw new DeviceError('CONFLICT', `Already resolved by ${existing.staffName}.`, { key: 'alreadyResolved', by: existing.staffName });
  let doc: ReviewDoc;
  try {
    doc = makeReview(item, { action: input.action, note: input.note, staffId: input.staff.id, staffName: input.staff.name, deviceId: session.settings.deviceId, storeId: session.settings.storeId, at: new Date().toISOString() });
  } catch (error) {
    throw new AisleError('VALIDATION_FAILED', error instanceof Error ? error.message : String(error));
  }
  session.sync.trackLocalWrite(doc.id);
  await reviews.insert(doc);
  return doc;
}

export async function fetchStoreDevices(session: AisleSession, staffId: string): Promise<StoreDevice[]> {
  // The manager is proven by their online staff session; the server ignores any staff id a request names.
  return parseStoreDevices(await authedJson(session.settings, `${API_PREFIX}/store/devices`, {}, staffSessionHeaders(staffId)));
}

export async function createDeviceCode(session: AisleSession, staffId: string, role: DeviceRole): Promise<{ code: string; expiresAt: string; role: DeviceRole }> {
  const body = await authedJson(session.settings, `${API_PREFIX}/store/devices/enroll-code`, { method: 'POST', body: JSON.stringify({ role }) }, staffSessionHeaders(staffId));
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const { code, expiresAt } = b;
  if (typeof code !== 'string' || typeof expiresAt !== 'string') throw new AisleError('INTERNAL', 'the server answered without an enrollment code');
  return { code, expiresAt, role };
}

export async function revokeStoreDevice(session: AisleSession, staffId: string, deviceId: string): Promise<void> {
  await authedJson(session.settings, `${API_PREFIX}/store/devices/${encodeURIComponent(deviceId)}/revoke`, { method: 'POST', body: JSON.stringify({}) }, staffSessionHeaders(staffId));
}
