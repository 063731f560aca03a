/**
 * The push hook of the `returns` collection (registered in server/sync/merges.ts), inside the push transaction
 * after push.ts locked the pushed rows:
 *
 * - the device's new events are parsed (400 naming the field), must be device event types recorded by this device,
 *   attributed to an active staff member of the store (session proof or marked signed in offline, as pickups), and
 *   an approval or a resolution must come from a manager; a resolution must name a flag the server raised (409);
 *   it moves no money and no stock (a settled return is never settled again: settle.ts's gate);
 * - they are merged into the master by event union (mergeReturns, the same function the counter's conflict
 *   handler uses); a return the counter has settled is settled by the server (settle.ts) exactly once;
 * - all settlements take their row locks first, then this store's inventory is changed in one go, then the
 *   documents are written (the lock order of server/orders/pickupStore.ts: rows → inventory → revision lock);
 * - the merged document goes back as the "conflict" when it differs from what the device sent, so the device
 *   adopts the server's accepted / refunded / flagged events.
 */
import type { Queryable } from '../db/db';
import type { DeviceInfo, PushRow } from '../../shared/sync';
import type { StoredDoc } from '../sync/revisions';
import { readDocs, writeDocs } from '../sync/revisions';
import { AisleError } from '../../shared/errors';
import { sameDocState } from '../../shared/canonical';
import { DEVICE_RETURN_EVENT_TYPES, type ReturnDoc, type ReturnEvent } from '../../shared/returns/types';
import { parseReturnEvent, ReturnParseError } from '../../shared/returns/parse';
import { mergeReturnEvents, mergeReturns } from '../../shared/returns/merge';
import { withDerived } from '../../shared/returns/fold';
import { attributionChecker, withAttribution } from '../staff/sessions';
import { readStaff } from '../staff/pins';
import { applyStockDelta } from '../orders/pickupStore';
import { settleReturn } from './settle';
import { getReturnPolicy } from './settings';
import type { StockDelta } from './effects';

type Doc = Record<string, unknown> & { _deleted: boolean };

function header(pushed: Record<string, unknown>): Omit<ReturnDoc, 'events' | 'status' | 'flags' | 'refundTotal' | 'createdAt' | 'updatedAt'> {
  const s = (k: string): string => (typeof pushed[k] === 'string' ? pushed[k] : '');
  const channel = s('originChannel');
  return { id: s('id'), storeId: s('storeId'), orderId: s('orderId'), orderNumber: s('orderNumber'), originChannel: channel === 'web' || channel === 'app' || channel === 'store' ? channel : '', customerId: s('customerId'), currency: s('currency') };
}

/** Serialises pushes of the same return (a new one has no row to lock yet), in id order; held until commit. */
export const RETURN_LOCK = 7_245_100;

export async function pushReturns(tx: Queryable, device: DeviceInfo, rows: readonly PushRow<Record<string, unknown>>[], lockedMasters: ReadonlyMap<string, StoredDoc>, now: Date): Promise<Doc[]> {
  // Two pushes of one new return (a retry racing the dropped first attempt) would both see "no master": the second
  // would then overwrite the first's settled document. Lock each return id, then read the masters again.
  const ids = [...new Set(rows.map((r) => String(r.newDocumentState['id'])))].sort();
  for (const id of ids) await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [RETURN_LOCK, id]);
  const masters = lockedMasters.size === ids.length ? lockedMasters : await readDocs(tx, 'returns', ids, true);
  const attribution = attributionChecker(tx, device);
  const policy = await getReturnPolicy(tx);
  const delta: StockDelta = new Map();
  const results: { pushed: Doc; master: ReturnDoc | null; merged: ReturnDoc }[] = [];
  for (const [i, row] of rows.entries()) {
    const pushed = row.newDocumentState;
    const id = String(pushed['id']);
    if (pushed._deleted === true) throw new AisleError('FORBIDDEN', `return ${id} cannot be deleted; cancel it instead`);
    const stored = masters.get(id);
    const master = stored ? withDerived(stored.data as unknown as ReturnDoc) : null;
    const known = new Set(master?.events.map((e) => e.id) ?? []);
    const rawEvents = Array.isArray(pushed['events']) ? (pushed['events'] as unknown[]) : [];
    const events: ReturnEvent[] = [];
    for (const [j, raw] of rawEvents.entries()) {
      const where = `/${i}/newDocumentState/events/${j}`;
      let parsed: ReturnEvent;
      try {
        parsed = parseReturnEvent(raw, where);
      } catch (err) {
        if (err instanceof ReturnParseError) throw new AisleError('VALIDATION_FAILED', `return ${id}: ${err.message}`, [{ path: err.field, message: err.message }]);
        throw err;
      }
      if (known.has(parsed.id)) continue;
      if (!DEVICE_RETURN_EVENT_TYPES.includes(parsed.type)) throw new AisleError('FORBIDDEN', `return ${id}: a device cannot record ${parsed.type} events (the server does)`);
      if (parsed.deviceId !== device.deviceId) throw new AisleError('FORBIDDEN', `return ${id}: event ${parsed.id} claims device ${parsed.deviceId}; devices record only their own events`);
      const verdict = await attribution.check(raw as Record<string, unknown>, `return ${id}: event ${parsed.id}`);
      if (parsed.type === 'approved' || parsed.type === 'resolved') {
        const staff = await readStaff(tx, parsed.staffId);
        if (staff?.role !== 'manager') throw new AisleError('FORBIDDEN', `return ${id}: event ${parsed.id} is ${parsed.type === 'approved' ? 'an approval' : 'a resolution'} by ${parsed.staffId}, who is not a manager`);
      }
      // A manager resolves only what the server flagged; a second resolution of the same flag (another offline
      // counter) is kept in the log, and the first one counts (fold.ts).
      if (parsed.type === 'resolved' && (parsed.flag === 'OVERRIDDEN' || !master?.events.some((e) => e.type === 'flagged' && e.flag === parsed.flag))) {
        throw new AisleError('CONFLICT', `return ${id}: event ${parsed.id} resolves ${parsed.flag}, which the server has not flagged on this return`);
      }
      events.push(withAttribution(parsed, verdict));
    }
    let merged: ReturnDoc;
    if (master) merged = mergeReturns(master, { ...master, events });
    else {
      if (!events.some((e) => e.type === 'created')) throw new AisleError('VALIDATION_FAILED', `return ${id}: a new return starts with a created event`, [{ path: `/${i}/newDocumentState/events`, message: 'must contain a created event' }]);
      const h = header(pushed);
      merged = withDerived({ ...h, events: mergeReturnEvents([], events), status: 'draft', flags: [], refundTotal: 0, createdAt: now.toISOString(), updatedAt: now.toISOString() });
    }
    const settled = await settleReturn(tx, merged, policy, now, delta);
    if (settled) merged = mergeReturns(merged, { ...merged, events: settled.events });
    results.push({ pushed, master, merged });
  }
  const by = `${device.deviceId}`;
  await applyStockDelta(tx, device.storeId, delta, now.toISOString(), by);
  const writes = results.filter((r) => !r.master || !sameDocState({ ...r.merged, _deleted: false }, { ...r.master, _deleted: false }));
  await writeDocs(tx, 'returns', writes.map((r) => ({ id: r.merged.id, scope: device.storeId, data: { ...r.merged } })), by);
  return results.filter((r) => !sameDocState({ ...r.merged, _deleted: false }, r.pushed)).map((r) => ({ ...r.merged, _deleted: false }));
}
