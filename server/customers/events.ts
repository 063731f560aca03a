/**
 * Pushes of `customerEvents` (a DomainMerge, server/sync/merges.ts): what counters recorded about a customer,
 * offline too. Each new event is taken into the server's record in the push transaction —
 * - viewed / revealed: the audit log (customer_events), read by managers (GET /api/v1/customers/views);
 * - note: customer_events too, and from there CustomerDoc.notes in every store holding the customer;
 * - wishlist-add / wishlist-remove: the customer's one wishlist (channel store, this store, priced by the server);
 * then answered with the event document deleted, which the device adopts (its RxDB conflict answer): a device
 * holds an event only until the server has it. A retried push finds the event already taken and gets the same
 * tombstone. A device records only its own events, and each names its staff member as pickup events and notes do
 * (server/staff/sessions.ts): someone active at this store, proven by their online session on this device, or
 * marked signed in offline (customer_events.signed_in_offline); anything else refuses the push. An event about an
 * unknown or erased customer is kept in the audit log (who looked, when) without text.
 */
import type { Queryable } from '../db/db';
import type { DeviceInfo, PushRow } from '../../shared/sync';
import type { CustomerEventDoc } from '../../shared/customers/types';
import { AisleError } from '../../shared/errors';
import { writeDocs, type StoredDoc } from '../sync/revisions';
import { survivor } from './identity';
import { applyWishlistTx } from './ingest';
import { refreshWorkingSet } from './workingSet';
import { goesWithFor } from './goesWith';
import { attributionChecker, withAttribution } from '../staff/sessions';

type Doc = Record<string, unknown> & { _deleted: boolean };

export async function pushCustomerEvents(tx: Queryable, device: DeviceInfo, rows: readonly PushRow<Record<string, unknown>>[], masters: ReadonlyMap<string, StoredDoc>, now: Date): Promise<Doc[]> {
  const answers: Doc[] = [];
  const fresh: CustomerEventDoc[] = [];
  const attribution = attributionChecker(tx, device);
  for (const row of rows) {
    const doc = row.newDocumentState as unknown as CustomerEventDoc & { _deleted: boolean };
    const master = masters.get(doc.id);
    if (master) {
      answers.push({ ...master.data, _deleted: master.deleted });
      continue;
    }
    if (doc.deviceId !== device.deviceId) throw new AisleError('FORBIDDEN', `customer event ${doc.id} claims device ${doc.deviceId}; devices record only their own events`);
    const { _deleted: _ignored, ...event } = doc;
    fresh.push(withAttribution(event, await attribution.check(row.newDocumentState, `customer event ${doc.id}`)));
  }
  const touched = new Set<string>();
  const wishlist: Parameters<typeof applyWishlistTx>[1][number][] = [];
  for (const e of fresh) {
    const customer = await survivor(tx, e.customerId);
    const at = Number.isNaN(Date.parse(e.at)) ? now.toISOString() : e.at;
    await tx.query(
      `INSERT INTO customer_events (event_id, customer_id, kind, store_id, device_id, staff_id, source, field, text, variant_id, at, received_at, signed_in_offline, staff_session)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (event_id) DO NOTHING`,
      [e.id, customer ?? e.customerId, e.kind, device.storeId, device.deviceId, e.staffId, e.source, e.field, customer ? e.text : '', e.variantId, at, now.toISOString(), e.signedInOffline === true, e.auth?.session ?? null],
    );
    if (!customer) continue;
    if (e.kind === 'note') touched.add(customer);
    if ((e.kind === 'wishlist-add' || e.kind === 'wishlist-remove') && e.variantId !== '') {
      const known = await tx.query("SELECT 1 FROM docs WHERE collection = 'variants' AND id = $1 AND NOT deleted", [e.variantId]);
      if (known.rows.length === 0) continue; // a variant gone from the catalog: the audit row stays, the wishlist does not change
      wishlist.push({ op: e.kind === 'wishlist-add' ? 'add' : 'remove', sku: e.variantId, at, price: null, customer, storeId: device.storeId, channel: 'store' });
      touched.add(customer);
    }
  }
  await applyWishlistTx(tx, wishlist);
  const tombstones = fresh.map((e) => ({ id: e.id, scope: device.storeId, data: { ...e, text: '' }, deleted: true }));
  await writeDocs(tx, 'customerEvents', tombstones, device.deviceId);
  for (const t of tombstones) answers.push({ ...t.data, _deleted: true });
  if (touched.size > 0) await refreshWorkingSet(tx, [...touched], now, { onlyOrders: [], goesWith: goesWithFor, by: device.deviceId });
  return answers;
}
