/**
 * Closing the pickup's one open hole: an order nobody starts would hold its stock forever. A pickup still
 * 'placed' (picking never started)
 * - `flagAfterMinutes` past its promised ready time is flagged to the store's manager once (pickup_alerts,
 *   GET /api/v1/pickups/alerts);
 * - `releaseAfterHours` past the order is cancelled by the store with a stated reason: the ordinary cancellation,
 *   so the reservation is released by the stock effects and the customer is told by the outbox ('cancelled').
 * Both are idempotent (a dedupe key / a deterministic event id), so several server processes may run them.
 */
import type { Db } from '../db/db';
import type { PickupSettings } from './policy';
import { transitionPickupTx } from './transitions';

export interface UnstartedSettings {
  /** AISLE_PICKUP_UNSTARTED_FLAG_MINUTES, default 60. */
  flagAfterMinutes: number;
  /** AISLE_PICKUP_UNSTARTED_RELEASE_HOURS, default 24. */
  releaseAfterHours: number;
}

export const RELEASE_REASON = 'not started in time: the order was released automatically and the customer told';

export async function handleUnstarted(db: Db, settings: PickupSettings & UnstartedSettings): Promise<{ flagged: number; released: number }> {
  const now = settings.now();
  const flagBefore = new Date(now.getTime() - settings.flagAfterMinutes * 60_000).toISOString();
  const releaseBefore = new Date(now.getTime() - settings.releaseAfterHours * 3_600_000).toISOString();
  const flagged = await db.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO pickup_alerts (pickup_id, store_id, kind, at)
       SELECT id, scope, 'unstarted-overdue', $2 FROM docs
       WHERE collection = 'pickups' AND NOT deleted AND data->>'status' = 'placed' AND data->>'promisedReadyAt' <= $1
       ON CONFLICT DO NOTHING RETURNING 1)
     SELECT count(*)::float8 AS n FROM ins`,
    [flagBefore, now.toISOString()],
  );
  const due = await db.query<{ id: string; scope: string }>(
    `SELECT id, scope FROM docs WHERE collection = 'pickups' AND NOT deleted AND data->>'status' = 'placed' AND data->>'placedAt' <= $1 ORDER BY id LIMIT 200`,
    [releaseBefore],
  );
  let released = 0;
  for (const row of due.rows) {
    const outcome = await db.transaction(async (tx) => {
      const r = await transitionPickupTx(tx, row.id, { type: 'cancel', by: 'store', reason: RELEASE_REASON }, { staffId: 'system', deviceId: 'server', at: now.toISOString(), eventId: `unstarted:${row.id}` }, now);
      if (r.ok && r.changed) await tx.query(`INSERT INTO pickup_alerts (pickup_id, store_id, kind, at) VALUES ($1, $2, 'unstarted-released', $3) ON CONFLICT DO NOTHING`, [row.id, row.scope, now.toISOString()]);
      return r;
    });
    if (outcome.ok && outcome.changed) released++;
  }
  return { flagged: flagged.rows[0]?.n ?? 0, released };
}

export interface PickupAlert {
  pickupId: string;
  orderNumber: string;
  kind: 'unstarted-overdue' | 'unstarted-released';
  at: string;
  status: string;
}

/** The store's alerts of the last 7 days, newest first (manager screens). */
export async function storeAlerts(db: Db, storeId: string, now: Date): Promise<PickupAlert[]> {
  const res = await db.query<PickupAlert>(
    `SELECT a.pickup_id AS "pickupId", coalesce(d.data->>'orderNumber', '') AS "orderNumber", a.kind, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, coalesce(d.data->>'status', '') AS status
     FROM pickup_alerts a LEFT JOIN docs d ON d.collection = 'pickups' AND d.id = a.pickup_id
     WHERE a.store_id = $1 AND a.at >= $2 ORDER BY a.at DESC, a.pickup_id LIMIT 500`,
    [storeId, new Date(now.getTime() - 7 * 86_400_000).toISOString()],
  );
  return res.rows;
}
