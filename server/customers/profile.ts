/**
 * Builds the profile every working-set copy is made of (shared/customers/types.ts CustomerDoc without its store
 * fields) and the customers' orders as OrderDoc bodies, from the central tables, for many customers at once.
 * Trusted reads: only this server wrote these rows, after validating what came in.
 */
import type { Queryable } from '../db/db';
import type { CartLine, Consent, CustomerDoc, GoesWithItem, LoyaltyTier, OrderDoc, SizePreference } from '../../shared/customers/types';
import type { Order, OrderChannel } from '../../shared/orders/types';
import { maskEmail, maskPhone } from '../../shared/customers/mask';
import { iso, num, str } from './sql';
import { goesWithSeeds } from './goesWith';
import { receiptSigner } from '../returns/keys';

export type Profile = Omit<CustomerDoc, 'id' | 'storeId' | 'reasons'>;
export type OrderBody = Omit<OrderDoc, 'id' | 'storeId'>;

/** Orders per customer that a working set carries (newest first). */
export const ORDERS_PER_CUSTOMER = 50;
export const ACTIVITY_DAYS = 90;

export type GoesWithFn = (q: Queryable, seeds: ReadonlyMap<string, readonly string[]>) => Promise<Map<string, GoesWithItem[]>>;

export async function buildProfiles(q: Queryable, customerIds: readonly string[], now: Date, goesWith: GoesWithFn = async () => new Map()): Promise<Map<string, Profile>> {
  const out = new Map<string, Profile>();
  if (customerIds.length === 0) return out;
  const ids = [...new Set(customerIds)];
  const base = await q.query<Record<string, unknown>>(
    `SELECT id, first_name, last_name, coalesce(email, '') AS email, coalesce(phone, '') AS phone, coalesce(loyalty_number, '') AS loyalty,
            tier, points, store_credit::float8 AS store_credit, currency, home_store_id, consents, sizes, ${iso('member_since')} AS member_since, ${iso('updated_at')} AS updated_at
     FROM customers WHERE id = ANY($1::text[]) AND merged_into IS NULL AND erased_at IS NULL`,
    [ids],
  );
  const wish = await q.query<Record<string, unknown>>(
    `SELECT customer_id, variant_id, product_id, sku, title, ${iso('added_at')} AS added_at, channel, store_id, price_when_added::float8 AS price, currency
     FROM wishlist_items WHERE customer_id = ANY($1::text[]) ORDER BY added_at DESC`,
    [ids],
  );
  const since = new Date(now.getTime() - ACTIVITY_DAYS * 86_400_000).toISOString();
  const act = await q.query<Record<string, unknown>>(
    `SELECT customer_id, type, variant_id, product_id, channel, at FROM (
       SELECT customer_id, type, variant_id, product_id, channel, ${iso('at')} AS at, row_number() OVER (PARTITION BY customer_id ORDER BY at DESC, id DESC) AS n
       FROM customer_activity WHERE customer_id = ANY($1::text[]) AND at >= $2) a WHERE n <= 50 ORDER BY at DESC`,
    [ids, since],
  );
  const carts = await q.query<Record<string, unknown>>(`SELECT customer_id, channel, ${iso('updated_at')} AS updated_at, lines FROM customer_carts WHERE customer_id = ANY($1::text[])`, [ids]);
  const spend = await q.query<Record<string, unknown>>(
    `SELECT customer_id, channel, currency, count(*)::float8 AS orders, sum(subtotal - discount - refunded)::float8 AS net, sum(refunded)::float8 AS refunds, ${iso('max(placed_at)')} AS last
     FROM orders WHERE customer_id = ANY($1::text[]) AND status <> 'cancelled' GROUP BY customer_id, channel, currency`,
    [ids],
  );
  const notes = await q.query<Record<string, unknown>>(
    `SELECT customer_id, event_id, text, staff_id, device_id, store_id, ${iso('at')} AS at FROM customer_events WHERE customer_id = ANY($1::text[]) AND kind = 'note' ORDER BY at DESC LIMIT 2000`,
    [ids],
  );
  const group = <T>(rows: Record<string, unknown>[], f: (r: Record<string, unknown>) => T): Map<string, T[]> => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const k = str(r['customer_id']);
      const list = m.get(k) ?? [];
      list.push(f(r));
      m.set(k, list);
    }
    return m;
  };
  const wishBy = group(wish.rows, (r) => ({
    variantId: str(r['variant_id']),
    productId: str(r['product_id']),
    sku: str(r['sku']),
    title: str(r['title']),
    addedAt: str(r['added_at']),
    channel: str(r['channel']) as OrderChannel,
    storeId: str(r['store_id']),
    priceWhenAdded: { amount: num(r['price']), currency: str(r['currency']) },
  }));
  const actBy = group(act.rows, (r) => ({ type: str(r['type']) as 'view', variantId: str(r['variant_id']), productId: str(r['product_id']), at: str(r['at']), channel: str(r['channel']) as 'web' }));
  const cartBy = new Map(carts.rows.map((r) => [str(r['customer_id']), { channel: str(r['channel']) as 'web', updatedAt: str(r['updated_at']), lines: r['lines'] as CartLine[] }]));
  const spendBy = group(spend.rows, (r) => r);
  const notesBy = group(notes.rows, (r) => ({ id: str(r['event_id']), text: str(r['text']), staffId: str(r['staff_id']), deviceId: str(r['device_id']), storeId: str(r['store_id']), at: str(r['at']) }));
  const seeds = await goesWithSeeds(q, ids);
  const complements = await goesWith(q, seeds);
  for (const r of base.rows) {
    const id = str(r['id']);
    const currency = str(r['currency']) || 'USD';
    const rows = (spendBy.get(id) ?? []).filter((s) => str(s['currency']) === currency);
    const orders = rows.reduce((a, s) => a + num(s['orders']), 0);
    const lifetimeNet = rows.reduce((a, s) => a + num(s['net']), 0);
    const last = rows.map((s) => str(s['last'])).sort().at(-1) ?? null;
    const wishlist = (wishBy.get(id) ?? []).slice(0, 200);
    const consents = r['consents'] as { email?: Consent | null; sms?: Consent | null } | null;
    out.set(id, {
      customerId: id,
      contact: {
        firstName: str(r['first_name']),
        lastName: str(r['last_name']),
        email: str(r['email']),
        phone: str(r['phone']),
        emailMasked: maskEmail(str(r['email'])),
        phoneMasked: maskPhone(str(r['phone'])),
      },
      loyaltyNumber: str(r['loyalty']),
      tier: str(r['tier']) as LoyaltyTier,
      points: num(r['points']),
      storeCredit: { amount: num(r['store_credit']), currency },
      memberSince: str(r['member_since']),
      homeStoreId: str(r['home_store_id']),
      consents: { email: consents?.email ?? null, sms: consents?.sms ?? null },
      preferences: { sizes: (r['sizes'] as SizePreference[] | null) ?? [] },
      wishlist,
      activity: actBy.get(id) ?? [],
      cart: cartBy.get(id) ?? null,
      spend: {
        currency,
        lifetimeNet,
        orders,
        averageOrder: orders === 0 ? 0 : Math.round(lifetimeNet / orders),
        refunds: rows.reduce((a, s) => a + num(s['refunds']), 0),
        lastPurchaseAt: last,
        byChannel: rows.map((s) => ({ channel: str(s['channel']) as OrderChannel, orders: num(s['orders']), net: num(s['net']) })).sort((a, b) => a.channel.localeCompare(b.channel)),
      },
      goesWith: complements.get(id) ?? [],
      notes: (notesBy.get(id) ?? []).slice(0, 200),
      updatedAt: str(r['updated_at']),
    });
  }
  return out;
}

/** The customers' newest orders (at most ORDERS_PER_CUSTOMER each), as OrderDoc bodies. */
export async function customerOrders(q: Queryable, customerIds: readonly string[]): Promise<Map<string, OrderBody[]>> {
  const out = new Map<string, OrderBody[]>();
  if (customerIds.length === 0) return out;
  const res = await q.query<{ customer_id: string; data: Order }>(
    `SELECT customer_id, data FROM (
       SELECT customer_id, data, row_number() OVER (PARTITION BY customer_id ORDER BY placed_at DESC, id) AS n FROM orders WHERE customer_id = ANY($1::text[])
     ) o WHERE n <= $2`,
    [[...new Set(customerIds)], ORDERS_PER_CUSTOMER],
  );
  const sign = await receiptSigner(q);
  for (const r of res.rows) {
    const list = out.get(r.customer_id) ?? [];
    list.push(orderBody(r.data, sign(r.data)));
    out.set(r.customer_id, list);
  }
  return out;
}

export function orderBody(o: Order, receiptCode = ''): OrderBody {
  return {
    orderId: o.id,
    orderNumber: o.orderNumber,
    customerId: o.customerId,
    channel: o.channel,
    orderStoreId: o.storeId,
    status: o.status,
    placedAt: o.placedAt,
    fulfilledAt: o.fulfilledAt,
    deliveredAt: o.deliveredAt,
    currency: o.currency,
    lines: o.lines,
    totals: o.totals,
    tenders: o.tenders,
    fulfilments: o.fulfilments,
    receiptCode,
    updatedAt: o.updatedAt,
  };
}
