/**
 * Putting customer messages in the outbox, inside the transaction that changes the pickup, so a message exists
 * if and only if the change committed. Automatic messages carry a dedupe key (one "ready", one "reminder", …
 * per pickup, however often the pickup is rewritten); resends requested at the counter do not.
 */
import type { Queryable } from '../db/db';
import type { PickupDoc, PickupStatus } from '../../shared/pickup/types';

export type MessageKind = 'ready' | 'reminder' | 'expired' | 'cancelled';
export const MESSAGE_KINDS: readonly MessageKind[] = ['ready', 'reminder', 'expired', 'cancelled'];

/** Which message a status change calls for, if any. */
export function messageForTransition(before: PickupStatus | null, after: PickupStatus): MessageKind | null {
  if (before === after) return null;
  if (after === 'ready' || after === 'expired' || after === 'cancelled') return after;
  return null;
}

export async function enqueueMessage(
  tx: Queryable,
  pickup: Pick<PickupDoc, 'id' | 'storeId' | 'customer'>,
  kind: MessageKind,
  now: Date,
  options: { dedupe: boolean; requestedBy?: string } = { dedupe: true },
): Promise<number | null> {
  const res = await tx.query<{ id: number }>(
    `INSERT INTO outbox (pickup_id, store_id, kind, dedupe_key, recipient, next_attempt_at, created_at, requested_by)
     VALUES ($1, $2, $3, $4, $5, $6, $6, $7)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id::float8 AS id`,
    [pickup.id, pickup.storeId, kind, options.dedupe ? `${pickup.id}:${kind}` : null, pickup.customer.email, now.toISOString(), options.requestedBy ?? null],
  );
  return res.rows[0]?.id ?? null;
}
