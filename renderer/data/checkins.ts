/**
 * Kiosk check-in on the device: a customer scans the QR from their "ready" e-mail, the kiosk records a `checkins`
 * doc in its own database (so it works offline) and replication pushes it; the server resolves it against the
 * store's pickups and answers with the resolved doc, which replaces the local one (docs/pickup.md, Kiosk).
 *
 * What must stay true: nothing about the customer is written here. A check-in holds the code's hash, the device and
 * the time; the greeting is unsealed from the `pickupCodes` row in memory by the screen that shows it, and the code
 * itself is never stored.
 */
import { map } from 'rxjs';
import type { CheckinDoc, PickupCodeDoc } from '../../shared/schemas/collections';
import { pickupCodeKeys } from '../../shared/pickup/codes';
import type { WriteSession } from './session';
import { useSession } from './context';
import { useObservableValue } from './hooks';

/**
 * A second scan of the same code on this kiosk within this time joins the first check-in instead of recording
 * another: a customer who scans twice (or whose scanner reads the QR twice) is one arrival at the counter.
 */
export const CHECKIN_REUSE_MS = 15 * 60_000;

export interface StartedCheckin {
  id: string;
  codeHash: string;
  /** Opens the projection row's sealed greeting; memory only, like the code. */
  sealKey: Uint8Array;
  /** False when an earlier check-in of the same code on this kiosk was joined. */
  created: boolean;
}

/**
 * Records a check-in for a scanned code (the bare code, already normalised by the scan classifier). Works offline:
 * the doc is pending until the server resolves it. A recent check-in of the same code that is still pending or
 * went through is reused; one that was answered "unknown" or "not collectable" is not (the order may have arrived
 * since, or the customer is asking again at the counter's suggestion).
 */
export async function startCheckin(session: WriteSession, code: string, now: Date = new Date()): Promise<StartedCheckin> {
  const checkins = session.db.collections.checkins;
  if (!checkins) throw new Error('This device does not take check-ins.');
  // One scrypt (shared/pickup/codes.ts): the lookup hash, and the key that opens the greeting on screen.
  const { codeHash, sealKey } = await pickupCodeKeys(code, session.settings.storeId);
  const deviceId = session.settings.deviceId;
  const since = new Date(now.getTime() - CHECKIN_REUSE_MS).toISOString();
  const recent = await checkins.find({ selector: { codeHash, deviceId, at: { $gte: since } } }).exec();
  const joinable = recent
    .map((d) => d.toMutableJSON())
    .filter((d) => d.result === 'pending' || d.result === 'checked-in')
    .sort((a, b) => b.at.localeCompare(a.at))[0];
  if (joinable) return { id: joinable.id, codeHash, sealKey, created: false };
  const at = now.toISOString();
  const doc: CheckinDoc = { id: `ci_${crypto.randomUUID()}`, storeId: session.settings.storeId, codeHash, deviceId, at, result: 'pending', updatedAt: at };
  session.sync.trackLocalWrite(doc.id);
  await checkins.insert(doc);
  return { id: doc.id, codeHash, sealKey, created: true };
}

/** One check-in, live: pending until the server's answer arrives by push response or pull. */
export function useCheckin(id: string | null): CheckinDoc | null | undefined {
  const { db } = useSession();
  const checkins = db.collections.checkins;
  return useObservableValue<CheckinDoc | null | undefined>(
    checkins && id !== null ? id : null,
    () => checkins!.findOne(id ?? '').$.pipe(map((d) => (d ? d.toMutableJSON() : null))),
    undefined,
  );
}

/**
 * The kiosk's projection row for a code hash, live (it may arrive after the scan when the order is new and the
 * kiosk was offline). Null when there is none on this device; undefined until the first read.
 */
export function usePickupCodeRow(codeHash: string | null): PickupCodeDoc | null | undefined {
  const { db } = useSession();
  const codes = db.collections.pickupCodes;
  return useObservableValue<PickupCodeDoc | null | undefined>(
    codes && codeHash !== null ? codeHash : null,
    () => codes!.findOne({ selector: { codeHash: codeHash ?? '' } }).$.pipe(map((d) => (d ? d.toMutableJSON() : null))),
    codes ? undefined : null,
  );
}
