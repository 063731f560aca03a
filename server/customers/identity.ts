/**
 * One identity across channels (rule in shared/customers/identity.ts): find the customer an incoming record is,
 * by the channel's own id, then e-mail, then phone, then loyalty number; create one when nothing matches; then
 * apply the given fields. Concurrent ingests of the same new person serialise on advisory locks of their keys,
 * so they never create two records. Call inside a transaction, before its first writeDocs.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';
import type { Consent, LoyaltyTier, SizePreference } from '../../shared/customers/types';
import type { Money } from '../../shared/money';
import { nameKeys } from '../../shared/customers/identity';

/** A customer record as parsed and normalised from any channel (every field optional but the keys it has). */
export interface CustomerFields {
  channelCustomerId?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  loyaltyNumber?: string;
  tier?: LoyaltyTier;
  points?: number;
  storeCredit?: Money;
  homeStoreId?: string;
  consents?: { email?: Consent; sms?: Consent };
  sizes?: SizePreference[];
  memberSince?: string;
}

export function newCustomerId(): string {
  return `cus_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
}

async function live(q: Queryable, where: string, value: string): Promise<string | null> {
  const res = await q.query<{ id: string }>(`SELECT id FROM customers WHERE ${where} = $1 AND merged_into IS NULL AND erased_at IS NULL ORDER BY created_at, id LIMIT 1`, [value]);
  return res.rows[0]?.id ?? null;
}

/** Follows merges to the surviving record. */
export async function survivor(q: Queryable, customerId: string): Promise<string | null> {
  let id = customerId;
  for (let i = 0; i < 10; i++) {
    const res = await q.query<{ merged_into: string | null; erased: boolean }>('SELECT merged_into, erased_at IS NOT NULL AS erased FROM customers WHERE id = $1', [id]);
    const row = res.rows[0];
    if (!row || row.erased) return null;
    if (!row.merged_into) return id;
    id = row.merged_into;
  }
  return null;
}

export async function findCustomer(q: Queryable, channel: string, f: CustomerFields): Promise<string | null> {
  if (f.channelCustomerId) {
    const res = await q.query<{ customer_id: string }>('SELECT customer_id FROM customer_identities WHERE channel = $1 AND channel_customer_id = $2', [channel, f.channelCustomerId]);
    const found = res.rows[0] ? await survivor(q, res.rows[0].customer_id) : null;
    if (found) return found;
  }
  if (f.email) {
    const id = await live(q, 'email', f.email);
    if (id) return id;
  }
  if (f.phone) {
    const id = await live(q, 'phone', f.phone);
    if (id) return id;
  }
  if (f.loyaltyNumber) return live(q, 'loyalty_number', f.loyaltyNumber);
  return null;
}

function hasKey(f: CustomerFields): boolean {
  return Boolean(f.channelCustomerId || f.email || f.phone || f.loyaltyNumber);
}

/** Finds or creates the customer and applies the fields; null for a record with no key at all (a guest). */
export async function upsertCustomer(tx: Queryable, channel: string, f: CustomerFields, now: Date): Promise<{ customerId: string; created: boolean } | null> {
  if (!hasKey(f)) return null;
  const keys = [f.channelCustomerId ? `id:${channel}:${f.channelCustomerId}` : '', f.email ? `e:${f.email}` : '', f.phone ? `p:${f.phone}` : '', f.loyaltyNumber ? `l:${f.loyaltyNumber}` : ''].filter(Boolean).sort();
  for (const k of keys) await tx.query('SELECT pg_advisory_xact_lock(7246, hashtext($1))', [k]);
  let customerId = await findCustomer(tx, channel, f);
  const created = customerId === null;
  const nowIso = now.toISOString();
  if (customerId === null) {
    customerId = newCustomerId();
    await tx.query(
      `INSERT INTO customers (id, member_since, currency, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)`,
      [customerId, f.memberSince ?? nowIso, f.storeCredit?.currency ?? 'USD', nowIso],
    );
  }
  await applyFields(tx, customerId, f, nowIso);
  if (f.channelCustomerId) {
    await tx.query(
      `INSERT INTO customer_identities (channel, channel_customer_id, customer_id) VALUES ($1, $2, $3)
       ON CONFLICT (channel, channel_customer_id) DO UPDATE SET customer_id = EXCLUDED.customer_id`,
      [channel, f.channelCustomerId, customerId],
    );
  }
  return { customerId, created };
}

async function applyFields(tx: Queryable, id: string, f: CustomerFields, nowIso: string): Promise<void> {
  const cur = await tx.query<{ first_name: string; last_name: string; consents: Record<string, Consent | null> }>('SELECT first_name, last_name, consents FROM customers WHERE id = $1 FOR UPDATE', [id]);
  const row = cur.rows[0];
  if (!row) return;
  const first = f.firstName ?? row.first_name;
  const last = f.lastName ?? row.last_name;
  const keys = nameKeys(first, last);
  const consents = { ...row.consents };
  // A consent replaces the stored one only when it is newer: replays and out-of-order batches never undo a withdrawal.
  for (const kind of ['email', 'sms'] as const) {
    const c = f.consents?.[kind];
    const old = consents[kind];
    if (c && (!old || old.at <= c.at)) consents[kind] = c;
  }
  await tx.query(
    `UPDATE customers SET first_name = $2, last_name = $3, name_key = $4, name_key_rev = $5,
       email = coalesce($6, email), phone = coalesce($7, phone), loyalty_number = coalesce($8, loyalty_number),
       tier = coalesce($9, tier), points = coalesce($10, points), store_credit = coalesce($11, store_credit), currency = coalesce($12, currency),
       home_store_id = coalesce($13, home_store_id), consents = $14, sizes = coalesce($15::jsonb, sizes),
       member_since = least(member_since, coalesce($16::timestamptz, member_since)), updated_at = $17
     WHERE id = $1`,
    [
      id, first, last, keys.key, keys.rev,
      f.email ?? null, f.phone ?? null, f.loyaltyNumber ?? null,
      f.tier ?? null, f.points ?? null, f.storeCredit?.amount ?? null, f.storeCredit?.currency ?? null,
      f.homeStoreId ?? null, JSON.stringify(consents), f.sizes ? JSON.stringify(f.sizes) : null,
      f.memberSince ?? null, nowIso,
    ],
  );
}
