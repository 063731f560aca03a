/**
 * Privacy operations (docs/customers.md): erasure, access export, merge of duplicates, and the profile-view log.
 *
 * Erasure: the customer's personal data is removed from the central record (names, e-mail, phone, loyalty number,
 * consents, preferences, identities, wishlist, activity, cart, notes' text), their orders are pseudonymised (kept
 * for the accounts and the KPIs, but no longer linked to a person: customer_id → NULL, a random pseudonym in the
 * order JSON), and every working-set copy on every device is replaced by a scrubbed tombstone (deleted docs
 * replicate, so it disappears from every store's counters). The audit log keeps who viewed whom, as the record
 * of access the law asks for, under the pseudonym.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db/db';
import type { AccessExport, EraseResult, ProfileViewEntry } from '../../shared/customers/api';
import type { Order } from '../../shared/orders/types';
import type { WorkingSetReason } from '../../shared/customers/types';
import { AisleError } from '../../shared/errors';
import { iso } from './sql';
import { refreshWorkingSet } from './workingSet';
import { goesWithFor } from './goesWith';

async function requireCustomer(q: Queryable, id: string): Promise<void> {
  const res = await q.query<{ erased: boolean }>('SELECT erased_at IS NOT NULL AS erased FROM customers WHERE id = $1', [id]);
  if (!res.rows[0]) throw new AisleError('NOT_FOUND', `no customer ${id}`);
  if (res.rows[0].erased) throw new AisleError('NOT_FOUND', `customer ${id} was erased`);
}

export async function eraseCustomer(db: Db, customerId: string, now: Date): Promise<EraseResult> {
  return db.transaction(async (tx) => {
    await requireCustomer(tx, customerId);
    const pseudonym = `anon_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    // Copies first: find them while the link still exists.
    const copies = await tx.query<{ n: number }>("SELECT count(*)::float8 AS n FROM docs WHERE collection IN ('customers', 'orders') AND data->>'customerId' = $1 AND NOT deleted", [customerId]);
    await tx.query('DELETE FROM working_set WHERE customer_id = $1', [customerId]);
    await tx.query('DELETE FROM wishlist_items WHERE customer_id = $1', [customerId]);
    await tx.query('DELETE FROM customer_activity WHERE customer_id = $1', [customerId]);
    await tx.query('DELETE FROM customer_carts WHERE customer_id = $1', [customerId]);
    await tx.query('DELETE FROM customer_identities WHERE customer_id = $1', [customerId]);
    await tx.query("UPDATE customer_events SET text = '', customer_id = $2 WHERE customer_id = $1", [customerId, pseudonym]);
    const orders = await tx.query<{ id: string; data: Order }>('SELECT id, data FROM orders WHERE customer_id = $1 ORDER BY id FOR UPDATE', [customerId]);
    for (const o of orders.rows) {
      await tx.query('UPDATE orders SET customer_id = NULL, data = $2, updated_at = $3 WHERE id = $1', [o.id, JSON.stringify({ ...o.data, customerId: pseudonym }), now.toISOString()]);
    }
    await tx.query(
      `UPDATE customers SET first_name = '', last_name = '', name_key = '', name_key_rev = '', email = NULL, phone = NULL, loyalty_number = NULL,
         points = 0, store_credit = 0, consents = '{"email": null, "sms": null}', sizes = '[]', home_store_id = '', erased_at = $2, updated_at = $2 WHERE id = $1`,
      [customerId, now.toISOString()],
    );
    // No reason left anywhere and the customer erased: every copy becomes a scrubbed tombstone.
    const removed = await refreshWorkingSet(tx, [customerId], now, { by: 'erasure' });
    return { customerId, ordersPseudonymised: orders.rows.length, workingSetCopiesRemoved: Math.max(copies.rows[0]?.n ?? 0, removed.customers + removed.orders) };
  });
}

export async function profileViews(q: Queryable, filter: { customerId?: string; storeId?: string }, limit = 500): Promise<ProfileViewEntry[]> {
  const where = ["kind IN ('viewed', 'revealed')"];
  const params: unknown[] = [];
  if (filter.customerId) where.push(`customer_id = $${params.push(filter.customerId)}`);
  if (filter.storeId) where.push(`store_id = $${params.push(filter.storeId)}`);
  const res = await q.query<ProfileViewEntry>(
    `SELECT event_id AS "eventId", customer_id AS "customerId", kind, store_id AS "storeId", device_id AS "deviceId", staff_id AS "staffId",
            source, field, ${iso('at')} AS at, ${iso('received_at')} AS "receivedAt"
     FROM customer_events WHERE ${where.join(' AND ')} ORDER BY at DESC, event_id LIMIT ${Math.min(Math.max(1, limit), 5000)}`,
    params,
  );
  return res.rows;
}

export async function exportCustomer(q: Queryable, customerId: string, now: Date): Promise<AccessExport> {
  await requireCustomer(q, customerId);
  const one = async (sql: string): Promise<Record<string, unknown>[]> => (await q.query<Record<string, unknown>>(sql, [customerId])).rows;
  const [customer] = await one('SELECT id, first_name, last_name, email, phone, loyalty_number, tier, points, store_credit::float8 AS store_credit, currency, home_store_id, consents, sizes, member_since, created_at, updated_at FROM customers WHERE id = $1');
  const identities = (await one('SELECT channel, channel_customer_id FROM customer_identities WHERE customer_id = $1 ORDER BY channel')).map((r) => ({ channel: String(r['channel']), channelCustomerId: String(r['channel_customer_id']) }));
  const workingSets = await one(`SELECT store_id, array_agg(reason ORDER BY reason) AS reasons, ${iso('min(since)')} AS since FROM working_set WHERE customer_id = $1 GROUP BY store_id ORDER BY store_id`);
  return {
    exportedAt: now.toISOString(),
    customer: customer ?? {},
    identities,
    wishlist: await one('SELECT variant_id, product_id, sku, title, added_at, channel, store_id, price_when_added::float8 AS price_when_added, currency FROM wishlist_items WHERE customer_id = $1 ORDER BY added_at'),
    activity: [...(await one('SELECT type, variant_id, product_id, channel, at FROM customer_activity WHERE customer_id = $1 ORDER BY at')), ...(await one('SELECT \'cart\' AS type, channel, updated_at AS at, lines FROM customer_carts WHERE customer_id = $1'))],
    orders: (await one('SELECT data FROM orders WHERE customer_id = $1 ORDER BY placed_at')).map((r) => r['data']),
    notes: await one("SELECT event_id, text, staff_id, store_id, at FROM customer_events WHERE customer_id = $1 AND kind = 'note' ORDER BY at"),
    profileViews: await profileViews(q, { customerId }, 5000),
    workingSets: workingSets.map((r) => ({ storeId: String(r['store_id']), reasons: r['reasons'] as WorkingSetReason[], since: String(r['since']) })),
  };
}

/**
 * Folds `from` into `into`: identities, orders, wishlist (the earlier addition of a variant wins), activity, cart
 * (the newer), notes and views, working-set reasons, points and store credit (added). Keys `into` lacks are taken
 * from `from`. `from` remains as a record pointing at `into` (merged_into), so old channel ids still resolve.
 */
export async function mergeCustomers(db: Db, into: string, from: string, now: Date): Promise<{ into: string; from: string; orders: number }> {
  if (into === from) throw new AisleError('BAD_REQUEST', 'a customer cannot be merged into itself');
  return db.transaction(async (tx) => {
    const both = await tx.query<{ id: string; merged: boolean; erased: boolean }>('SELECT id, merged_into IS NOT NULL AS merged, erased_at IS NOT NULL AS erased FROM customers WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [[into, from]]);
    for (const id of [into, from]) {
      const r = both.rows.find((x) => x.id === id);
      if (!r || r.erased) throw new AisleError('NOT_FOUND', `no customer ${id}`);
      if (r.merged) throw new AisleError('CONFLICT', `customer ${id} was already merged into another`);
    }
    await tx.query(
      `UPDATE customers t SET
         first_name = CASE WHEN t.first_name = '' THEN f.first_name ELSE t.first_name END,
         last_name = CASE WHEN t.last_name = '' THEN f.last_name ELSE t.last_name END,
         email = coalesce(t.email, f.email), phone = coalesce(t.phone, f.phone), loyalty_number = coalesce(t.loyalty_number, f.loyalty_number),
         points = t.points + f.points, store_credit = t.store_credit + f.store_credit,
         home_store_id = CASE WHEN t.home_store_id = '' THEN f.home_store_id ELSE t.home_store_id END,
         sizes = CASE WHEN t.sizes = '[]'::jsonb THEN f.sizes ELSE t.sizes END,
         member_since = least(t.member_since, f.member_since), updated_at = $3
       FROM customers f WHERE t.id = $1 AND f.id = $2`,
      [into, from, now.toISOString()],
    );
    await tx.query(`UPDATE customers SET name_key = lower(trim(first_name || ' ' || last_name)), name_key_rev = lower(trim(last_name || ' ' || first_name)) WHERE id = $1`, [into]);
    await tx.query('UPDATE customer_identities SET customer_id = $1 WHERE customer_id = $2', [into, from]);
    const orders = await tx.query<{ id: string; data: Order }>('SELECT id, data FROM orders WHERE customer_id = $1 ORDER BY id FOR UPDATE', [from]);
    for (const o of orders.rows) await tx.query('UPDATE orders SET customer_id = $2, data = $3, updated_at = $4 WHERE id = $1', [o.id, into, JSON.stringify({ ...o.data, customerId: into }), now.toISOString()]);
    await tx.query(
      `INSERT INTO wishlist_items (customer_id, variant_id, product_id, sku, title, added_at, channel, store_id, price_when_added, currency)
       SELECT $1, variant_id, product_id, sku, title, added_at, channel, store_id, price_when_added, currency FROM wishlist_items WHERE customer_id = $2
       ON CONFLICT (customer_id, variant_id) DO UPDATE SET added_at = EXCLUDED.added_at, channel = EXCLUDED.channel, store_id = EXCLUDED.store_id, price_when_added = EXCLUDED.price_when_added
       WHERE wishlist_items.added_at > EXCLUDED.added_at`,
      [into, from],
    );
    await tx.query('DELETE FROM wishlist_items WHERE customer_id = $1', [from]);
    await tx.query('UPDATE customer_activity SET customer_id = $1 WHERE customer_id = $2', [into, from]);
    await tx.query(
      `INSERT INTO customer_carts (customer_id, channel, updated_at, lines) SELECT $1, channel, updated_at, lines FROM customer_carts WHERE customer_id = $2
       ON CONFLICT (customer_id) DO UPDATE SET channel = EXCLUDED.channel, updated_at = EXCLUDED.updated_at, lines = EXCLUDED.lines WHERE customer_carts.updated_at < EXCLUDED.updated_at`,
      [into, from],
    );
    await tx.query('DELETE FROM customer_carts WHERE customer_id = $1', [from]);
    await tx.query('UPDATE customer_events SET customer_id = $1 WHERE customer_id = $2', [into, from]);
    await tx.query(
      `INSERT INTO working_set (store_id, customer_id, reason, since, last_at) SELECT store_id, $1, reason, since, last_at FROM working_set WHERE customer_id = $2
       ON CONFLICT (store_id, customer_id, reason) DO UPDATE SET since = least(working_set.since, EXCLUDED.since), last_at = greatest(working_set.last_at, EXCLUDED.last_at)`,
      [into, from],
    );
    await tx.query('DELETE FROM working_set WHERE customer_id = $1', [from]);
    await tx.query('UPDATE customers SET merged_into = $1, updated_at = $3 WHERE id = $2', [into, from, now.toISOString()]);
    // `from`'s copies become tombstones; `into`'s are rewritten with everything.
    await refreshWorkingSet(tx, [into, from], now, { goesWith: goesWithFor, by: 'merge' });
    return { into, from, orders: orders.rows.length };
  });
}
