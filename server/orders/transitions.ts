/**
 * Transitions the server itself makes on a stored pickup (a web shop cancellation, expiry, a check-in): the same
 * applyCommand the devices use, on the locked master, written through writePickup so stock and messages follow.
 */
import type { Db, Queryable } from '../db/db';
import { AisleError } from '../../shared/errors';
import { applyCommand } from '../../shared/pickup/lifecycle';
import type { Actor, PickupCommand, PickupDoc } from '../../shared/pickup/types';
import { readPickups, writePickup } from './pickupStore';

export type TransitionOutcome = { ok: true; doc: PickupDoc; changed: boolean } | { ok: false; code: string; reason: string };

export async function transitionPickupTx(tx: Queryable, pickupId: string, command: PickupCommand, actor: Actor, now: Date, storeId?: string): Promise<TransitionOutcome> {
  const stored = (await readPickups(tx, [pickupId], true)).get(pickupId);
  if (!stored || stored.deleted || (storeId !== undefined && stored.scope !== storeId)) throw new AisleError('NOT_FOUND', `no pickup ${pickupId}`);
  // A retried request with the same event id has already been applied.
  if (stored.doc.events.some((e) => e.id === actor.eventId)) return { ok: true, doc: stored.doc, changed: false };
  const result = applyCommand(stored.doc, command, actor);
  if (!result.ok) return { ok: false, code: result.refusal.code, reason: result.refusal.reason };
  await writePickup(tx, stored.doc, result.doc, now, `${actor.deviceId}/${actor.staffId}`);
  return { ok: true, doc: result.doc, changed: true };
}

/** Applies the command or throws CONFLICT (409) with the lifecycle's refusal. */
export async function transitionPickup(db: Db, pickupId: string, command: PickupCommand, actor: Actor, now: Date, storeId?: string): Promise<PickupDoc> {
  const outcome = await db.transaction((tx) => transitionPickupTx(tx, pickupId, command, actor, now, storeId));
  if (!outcome.ok) throw new AisleError('CONFLICT', `${outcome.reason} (${outcome.code})`);
  return outcome.doc;
}
