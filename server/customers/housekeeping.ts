/**
 * Customer housekeeping, run by the background job at most once an hour per process: working-set reasons past
 * their window leave (their copies become tombstones on the store's devices), online activity older than 90 days
 * is deleted. Both idempotent, so several processes may run them.
 */
import type { Db } from '../db/db';
import { DEFAULT_WORKING_SET, expireWorkingSet, refreshWorkingSet, type WorkingSetSettings } from './workingSet';
import { pruneActivity } from './ingest';
import { goesWithFor } from './goesWith';

let lastRun = 0;

export async function customerHousekeeping(db: Db, now: Date, settings: WorkingSetSettings = DEFAULT_WORKING_SET, force = false): Promise<{ left: number }> {
  if (!force && now.getTime() - lastRun < 3_600_000) return { left: 0 };
  lastRun = now.getTime();
  const left = await db.transaction(async (tx) => {
    const customers = await expireWorkingSet(tx, now, settings);
    for (let i = 0; i < customers.length; i += 500) await refreshWorkingSet(tx, customers.slice(i, i + 500), now, { goesWith: goesWithFor, by: 'working-set-expiry' });
    return customers.length;
  });
  await pruneActivity(db, now);
  return { left };
}
