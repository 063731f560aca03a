/**
 * The retailer's return policy, kept in `meta` (key returnPolicy; Aisle's defaults until set) and served to counters
 * with the receipt keys (GET /api/v1/returns/settings), which cache both to run returns offline.
 */
import type { Queryable } from '../db/db';
import type { ReturnPolicy, ReturnSettings } from '../../shared/returns/types';
import { DEFAULT_RETURN_POLICY, offlineCashShare } from '../../shared/returns/policy';
import { receiptKeys } from './keys';

export const POLICY_KEY = 'returnPolicy';

export async function getReturnPolicy(q: Queryable): Promise<ReturnPolicy> {
  const res = await q.query<{ value: Partial<ReturnPolicy> }>('SELECT value FROM meta WHERE key = $1', [POLICY_KEY]);
  const stored = res.rows[0]?.value;
  // A partial policy keeps the defaults for what it does not say.
  return stored ? { ...DEFAULT_RETURN_POLICY, ...stored } : DEFAULT_RETURN_POLICY;
}

export async function setReturnPolicy(q: Queryable, policy: Partial<ReturnPolicy>): Promise<void> {
  await q.query('INSERT INTO meta (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [POLICY_KEY, JSON.stringify(policy)]);
}

/**
 * What a counter caches: the keys, and the policy with offlineCashCap set to this counter's share of its store's
 * offline cash budget (the store's active counters split it evenly), so the counters of one store together never
 * hand out more cash offline than the store's budget, however many of them are offline at once.
 */
export async function returnSettings(q: Queryable, storeId?: string): Promise<ReturnSettings> {
  const policy = await getReturnPolicy(q);
  if (storeId === undefined) return { receiptKeys: await receiptKeys(q), policy };
  const res = await q.query<{ n: number }>(`SELECT count(*)::float8 AS n FROM devices WHERE store_id = $1 AND role = 'counter' AND revoked_at IS NULL`, [storeId]);
  const share = offlineCashShare(policy, res.rows[0]?.n ?? 1);
  return { receiptKeys: await receiptKeys(q), policy: { ...policy, offlineCashCap: share.deviceShare }, offlineCash: share };
}
