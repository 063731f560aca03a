/**
 * Pickups on the device: live reads and writes against the local `pickups` collection (counter devices only).
 * Every change goes through shared/pickup's applyCommand and lands in the local database first, so picking,
 * staging and handover work offline; replication pushes the new events and the server merges them by event
 * union (docs/pickup.md). Resend and message history need the server and say so when it cannot be reached.
 */
import { useMemo } from 'react';
import { map } from 'rxjs';
import type { CommandResult, PickupCommand, PickupDoc, Refusal } from '../../shared/pickup/types';
import { applyCommand, foldDoc } from '../../shared/pickup/lifecycle';
import { normalisePickupCode } from '../../shared/pickup/codes';
import { API_PREFIX } from '../../shared/sync';
import type { AisleSession, WriteSession } from './session';
import { useSession } from './context';
import { authedJson } from './http';
import { useObservableValue } from './hooks';
import { stampAttribution, staffSessionHeaders } from './staffSession';

/** The pickup with this code at this store, or null (codes are normalised: case and separators ignored). */
export async function findPickupByCode(session: AisleSession, code: string): Promise<PickupDoc | null> {
  const pickups = session.db.collections.pickups;
  if (!pickups) return null;
  const doc = await pickups.findOne({ selector: { pickupCode: normalisePickupCode(code) } }).exec();
  return doc ? (doc.toMutableJSON()) : null;
}

/** Every pickup of this store on the device (counter only; [] on a kiosk), live. Undefined until the first read. */
export function useAllPickups(): PickupDoc[] | undefined {
  const { db } = useSession();
  const pickups = db.collections.pickups;
  return useObservableValue<PickupDoc[] | undefined>(
    pickups ? 'pickups' : null,
    () => pickups!.find().$.pipe(map((docs) => docs.map((d) => d.toMutableJSON()))),
    pickups ? undefined : [],
  );
}

/** One pickup, live; null when it is not on this device. */
export function usePickup(id: string | null): PickupDoc | null | undefined {
  const { db } = useSession();
  const pickups = db.collections.pickups;
  return useObservableValue<PickupDoc | null | undefined>(
    pickups && id !== null ? id : null,
    () => pickups!.findOne(id ?? '').$.pipe(map((d) => (d ? (d.toMutableJSON()) : null))),
    undefined,
  );
}

/** Pickups whose customer has checked in at a kiosk and has not collected yet. */
export function useWaitingPickups(): PickupDoc[] {
  const all = useAllPickups();
  return useMemo(() => (all ?? []).filter((doc) => foldDoc(doc).customerWaiting), [all]);
}

/** A fresh event id for one physical action; reuse it when the same action is retried so it counts once. */
export function newEventId(session: WriteSession): string {
  return `${session.settings.deviceId}:${crypto.randomUUID()}`;
}

/**
 * Applies a command to the local pickup as the signed-in staff member. The check runs against the latest local
 * state inside RxDB's incrementalModify, so a change that arrived by sync a moment ago is taken into account.
 */
export async function runPickupCommand(
  session: WriteSession,
  pickupId: string,
  command: PickupCommand,
  staffId: string,
  eventId: string = newEventId(session),
): Promise<CommandResult> {
  const pickups = session.db.collections.pickups;
  if (!pickups) return { ok: false, refusal: { code: 'BAD_INPUT', reason: 'this device does not handle pickups' } };
  const rx = await pickups.findOne(pickupId).exec();
  if (!rx) return { ok: false, refusal: { code: 'BAD_INPUT', reason: `pickup ${pickupId} is not on this device` } };
  let result: CommandResult = { ok: false, refusal: { code: 'BAD_INPUT', reason: 'not applied' } };
  await rx.incrementalModify((current) => {
    const doc = current as PickupDoc;
    // A retried action (double scan, double click) carries the event id it had the first time: already done.
    const earlier = doc.events.find((e) => e.id === eventId);
    if (earlier) {
      result = { ok: true, doc, event: earlier };
      return current;
    }
    result = applyCommand(doc, command, { staffId, deviceId: session.settings.deviceId, at: new Date().toISOString(), eventId });
    if (!result.ok) return current;
    // Who made it: proven by the online staff session, or marked signed in offline (renderer/data/staffSession.ts).
    const event = stampAttribution(result.event);
    result = { ok: true, event, doc: { ...result.doc, events: result.doc.events.map((e) => (e.id === event.id ? event : e)) } };
    return result.doc;
  });
  // Counted as waiting to be sent (sync indicator) until the server has answered its push.
  if (result.ok) session.sync.trackLocalWrite(pickupId);
  return result;
}

export interface PickupMessage {
  id: string;
  kind: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
  sentAt: string | null;
  requestedBy: string | null;
}

/** Asks the server to send the message for the pickup's current state again (needs the server and a staff member signed in online). */
export async function resendPickupMessage(session: AisleSession, pickupId: string): Promise<{ messageId: string; kind: string }> {
  const body = await authedJson(session.settings, `${API_PREFIX}/pickups/${encodeURIComponent(pickupId)}/resend`, { method: 'POST', body: '{}' }, staffSessionHeaders());
  const value = body as { messageId?: unknown; kind?: unknown };
  if (typeof value.messageId !== 'string' || typeof value.kind !== 'string') throw new Error('the server answered the resend without a message id');
  return { messageId: value.messageId, kind: value.kind };
}

/** The messages sent (or being retried) for a pickup, newest first (needs the server and a staff member signed in online). */
export async function fetchPickupMessages(session: AisleSession, pickupId: string): Promise<PickupMessage[]> {
  const body = await authedJson(session.settings, `${API_PREFIX}/pickups/${encodeURIComponent(pickupId)}/messages`, {}, staffSessionHeaders());
  if (!Array.isArray(body)) throw new Error('the server answered the message list with something else than a list');
  return body as PickupMessage[];
}

export type { CommandResult, Refusal };

/** Staff id → name for this store (for "picked by", "handed over by"); empty until the staff list has synced. */
export function useStaffNames(): ReadonlyMap<string, string> {
  const { db } = useSession();
  const staff = db.collections.staff;
  return useObservableValue<ReadonlyMap<string, string>>(
    staff ? 'staff-names' : null,
    () => staff!.find().$.pipe(map((docs) => new Map(docs.map((d) => [d.id, d.name])))),
    new Map(),
  );
}
