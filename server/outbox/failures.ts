/** Messages that failed for good or are waiting for a retry after an error: for the admin CLI and monitoring. */
import type { Queryable } from '../db/db';

export interface OutboxFailure {
  id: number;
  pickupId: string;
  kind: string;
  recipient: string;
  status: 'pending' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
}

export async function listOutboxFailures(q: Queryable, limit = 200): Promise<OutboxFailure[]> {
  const res = await q.query<{ id: number; pickup_id: string; kind: string; recipient: string; status: 'pending' | 'failed'; attempts: number; next_attempt_at: unknown; last_error: string | null }>(
    `SELECT id::float8 AS id, pickup_id, kind, recipient, status, attempts, next_attempt_at, last_error FROM outbox
     WHERE status = 'failed' OR (status = 'pending' AND attempts > 0) ORDER BY id LIMIT $1`,
    [limit],
  );
  return res.rows.map((r) => ({
    id: r.id,
    pickupId: r.pickup_id,
    kind: r.kind,
    recipient: r.recipient,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at instanceof Date ? r.next_attempt_at.toISOString() : String(r.next_attempt_at),
    lastError: r.last_error,
  }));
}
