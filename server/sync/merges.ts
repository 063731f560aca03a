/**
 * Collections whose pushes are resolved by a domain rule instead of "the master wins, here is the conflict"
 * (server/sync/push.ts calls these inside the push transaction, after locking the pushed rows):
 *
 * - pickups: the device's events are merged into the master (mergePickups, the same function the device's RxDB
 *   conflict handler uses), the merged master is written with its stock delta (server/orders/pickupStore.ts), and
 *   the merged document goes back as the "conflict" only when it differs from what the device sent, so the
 *   device adopts it. Devices cannot create or delete pickups, rewrite the order, or record server events.
 * - checkins: a new check-in is resolved against the store's pickups (code hash → pickup); the pickup records a
 *   customer-checked-in event, and the check-in comes back with its result ('checked-in', 'unknown-code',
 *   'not-collectable') for the device to adopt. A resolved check-in never changes again.
 */
import type { Queryable } from '../db/db';
import type { CollectionName } from '../../shared/schemas/collections';
import type { DeviceInfo, PushRow } from '../../shared/sync';
import { AisleError } from '../../shared/errors';
import { sameDocState } from '../../shared/canonical';
import { mergePickups } from '../../shared/pickup/merge';
import { parsePickupEvent } from '../../shared/pickup/parse';
import { DEVICE_EVENT_TYPES, type PickupEvent } from '../../shared/pickup/types';
import type { CheckinDoc, CheckinResult } from '../../shared/pickup/schema';
import { isTerminal } from '../../shared/pickup/lifecycle';
import { writeDocs, type StoredDoc } from './revisions';
import { readPickups, writePickups } from '../orders/pickupStore';
import type { PickupDoc } from '../../shared/pickup/types';
import { transitionPickupTx } from '../orders/transitions';
import { attributionChecker, withAttribution } from '../staff/sessions';
import { pushCustomerEvents } from '../customers/events';
import { pushReturns } from '../returns/push';

type Doc = Record<string, unknown> & { _deleted: boolean };

export interface DomainMerge {
  /** Resolves and writes the pushed rows; returns the documents the device must adopt (RxDB's conflicts). */
  push(tx: Queryable, device: DeviceInfo, rows: readonly PushRow<Record<string, unknown>>[], masters: ReadonlyMap<string, StoredDoc>, now: Date): Promise<Doc[]>;
}

const withDeleted = (d: object, deleted = false): Doc => ({ ...d, _deleted: deleted });

const pickupMerge: DomainMerge = {
  async push(tx, device, rows, masters, now) {
    const conflicts: Doc[] = [];
    const changes: { previous: PickupDoc; next: PickupDoc }[] = [];
    // push.ts locked the rows; re-read them typed.
    const stored = await readPickups(tx, [...masters.keys()], false);
    const attribution = attributionChecker(tx, device);
    for (const row of rows) {
      const pushed = row.newDocumentState;
      const id = String(pushed['id']);
      const master = stored.get(id);
      if (!master) throw new AisleError('FORBIDDEN', `pickup ${id} does not exist: pickups are created by orders (POST /api/v1/orders), not by devices`);
      if (pushed._deleted === true) throw new AisleError('FORBIDDEN', `pickup ${id} cannot be deleted; cancel it instead`);
      const rawEvents = Array.isArray(pushed['events']) ? pushed['events'] : [];
      const known = new Set(master.doc.events.map((e) => e.id));
      const events: PickupEvent[] = [];
      for (const [i, raw] of rawEvents.entries()) {
        const parsed = parsePickupEvent(raw);
        if (typeof parsed === 'string') throw new AisleError('VALIDATION_FAILED', `pickup ${id}: event ${i} ${parsed}`, [{ path: `/newDocumentState/events/${i}`, message: parsed }]);
        if (known.has(parsed.id)) continue;
        if (!DEVICE_EVENT_TYPES.includes(parsed.type)) throw new AisleError('FORBIDDEN', `pickup ${id}: a device cannot record ${parsed.type} events`);
        if (parsed.deviceId !== device.deviceId) throw new AisleError('FORBIDDEN', `pickup ${id}: event ${parsed.id} claims device ${parsed.deviceId}; devices record only their own events`);
        if (parsed.type === 'cancelled' && parsed.by === 'webshop') throw new AisleError('FORBIDDEN', `pickup ${id}: only the web shop cancels as the web shop; a store device cancels for the customer or the store`);
        // Who made it: an active staff member of this store, proven by an online session or marked signed in offline.
        events.push(withAttribution(parsed, await attribution.check(raw as Record<string, unknown>, `pickup ${id}: event ${parsed.id}`)));
      }
      const merged = mergePickups(master.doc, { ...master.doc, events });
      if (!sameDocState(withDeleted(merged), withDeleted(master.doc, master.deleted))) changes.push({ previous: master.doc, next: merged });
      if (!sameDocState(withDeleted(merged), pushed)) conflicts.push(withDeleted(merged));
    }
    const staff = changes[0]?.next.events.find((e) => e.deviceId === device.deviceId)?.staffId;
    await writePickups(tx, changes, now, `${device.deviceId}${staff ? `/${staff}` : ''}`);
    return conflicts;
  },
};

function resultOf(outcome: { ok: boolean; code?: string }): CheckinResult {
  return outcome.ok ? 'checked-in' : 'not-collectable';
}

const checkinMerge: DomainMerge = {
  async push(tx, device, rows, masters, now) {
    const conflicts: Doc[] = [];
    const writes: { id: string; scope: string; data: Record<string, unknown> }[] = [];
    // Resolve every new check-in's code first and lock all their pickups at once, before the first write takes the
    // revision lock (see the lock order in server/orders/pickupStore.ts).
    const hashes = [...new Set(rows.filter((r) => !masters.has(String(r.newDocumentState['id']))).map((r) => String(r.newDocumentState['codeHash'])))];
    const found = await tx.query<{ id: string; hash: string }>(
      `SELECT id, data->>'codeHash' AS hash FROM docs WHERE collection = 'pickupCodes' AND scope = $1 AND data->>'codeHash' = ANY($2::text[]) AND NOT deleted ORDER BY id`,
      [device.storeId, hashes],
    );
    const pickupByHash = new Map<string, string>();
    for (const r of found.rows) if (!pickupByHash.has(r.hash)) pickupByHash.set(r.hash, r.id);
    await readPickups(tx, [...new Set(pickupByHash.values())], true);
    for (const row of rows) {
      const pushed = row.newDocumentState;
      const id = String(pushed['id']);
      const master = masters.get(id);
      if (master) {
        // Resolved check-ins are the server's; a device's other version is answered with the master.
        const m = withDeleted(master.data, master.deleted);
        if (!sameDocState(m, pushed)) conflicts.push(m);
        continue;
      }
      const codeHash = String(pushed['codeHash']);
      const at = String(pushed['at']);
      const pickupId = pickupByHash.get(codeHash);
      let result: CheckinResult = 'unknown-code';
      if (pickupId) {
        const current = (await readPickups(tx, [pickupId], true)).get(pickupId);
        if (current && !isTerminal(current.doc.status)) {
          const outcome = await transitionPickupTx(tx, pickupId, { type: 'check-in', checkinId: id }, { staffId: 'customer', deviceId: device.deviceId, at: Number.isNaN(Date.parse(at)) ? now.toISOString() : at, eventId: `checkin:${id}` }, now, device.storeId);
          result = resultOf(outcome);
        } else result = 'not-collectable';
      }
      const doc: CheckinDoc = { id, storeId: device.storeId, codeHash, deviceId: device.deviceId, at, result, updatedAt: now.toISOString() };
      writes.push({ id, scope: device.storeId, data: { ...doc } });
      conflicts.push(withDeleted(doc));
    }
    await writeDocs(tx, 'checkins', writes, device.deviceId);
    return conflicts;
  },
};

export const DOMAIN_MERGES: Partial<Record<CollectionName, DomainMerge>> = {
  pickups: pickupMerge,
  checkins: checkinMerge,
  // Counters' customer events: taken into the server's record and answered with a tombstone (server/customers/events.ts).
  customerEvents: { push: pushCustomerEvents },
  // Returns (docs/returns.md): event union like pickups; the server settles money and stock once (server/returns/).
  returns: { push: pushReturns },
};
