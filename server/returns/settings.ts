/**
 * The retailer's return policy, kept in `meta` (key returnPolicy; Aisle's defaults until set) and served to counters
 * with the receipt keys (GET /api/v1/returns/settings), which cache both to run returns offline.
 */
import type { Queryable } from '../db/db';
import type { ReturnPolicy, ReturnSettings } from '../../shared/returns/types';
import { DEFAULT_RETURN_POLICY } from '../../shared/returns/policy';
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

export async function returnSettings(q: Queryable): Promise<ReturnSettings> {
  return { receiptKeys: await receiptKeys(q), policy: await getReturnPolicy(q) };
}
