/**
 * The pickup background job, run by every server process: expires ready pickups past their hold (stock back
 * on sale, customer told), queues one reminder per ready pickup, and delivers the outbox with retries.
 *
 * Several processes on one PostgreSQL share the work safely: outbox rows are claimed with FOR UPDATE SKIP
 * LOCKED and held while they are sent, so each message is sent by one process; expiries lock the pickup and use
 * a deterministic event id, so a second process finds the work done. The clock is injectable (settings.now).
 */
import type { Db } from '../db/db';
import type { FastifyBaseLogger } from 'fastify';
import { foldDoc } from '../../shared/pickup/lifecycle';
import type { PickupSettings } from '../orders/policy';
import { asPickupDoc, readPickups } from '../orders/pickupStore';
import { transitionPickupTx } from '../orders/transitions';
import { enqueueMessage, MESSAGE_KINDS, type MessageKind } from './enqueue';
import { renderMessage } from './render';
import type { MessageSender } from './senders';

export const MAX_ATTEMPTS = 8;

/** Delay before attempt n+1 after n failures: 30 s, 1 min, 2 min, … capped at 1 h. */
export function backoffMs(attempts: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

export interface JobReport {
  expired: number;
  reminders: number;
  sent: number;
  failed: number;
}

export interface PickupJobs {
  runOnce(): Promise<JobReport>;
  stop(): Promise<void>;
}

export async function expireDue(db: Db, settings: PickupSettings): Promise<number> {
  const now = settings.now();
  const due = await db.query<{ id: string; scope: string }>(
    `SELECT id, scope FROM docs WHERE collection = 'pickups' AND NOT deleted AND data->>'status' = 'ready' AND data->>'expiresAt' <= $1 ORDER BY id LIMIT 200`,
    [now.toISOString()],
  );
  let n = 0;
  for (const row of due.rows) {
    const outcome = await db.transaction((tx) =>
      transitionPickupTx(tx, row.id, { type: 'expire' }, { staffId: 'system', deviceId: 'server', at: now.toISOString(), eventId: `expire:${row.id}` }, now),
    );
    if (outcome.ok && outcome.changed) n++;
  }
  return n;
}

export async function queueReminders(db: Db, settings: PickupSettings): Promise<number> {
  const now = settings.now();
  const ready = await db.query<{ data: Record<string, unknown> }>(
    `SELECT d.data FROM docs d WHERE d.collection = 'pickups' AND NOT d.deleted AND d.data->>'status' = 'ready'
       AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dedupe_key = d.id || ':reminder') LIMIT 500`,
  );
  let n = 0;
  for (const row of ready.rows) {
    const doc = asPickupDoc(row.data);
    const readyAt = foldDoc(doc).readyAt;
    if (!readyAt || Date.parse(readyAt) + settings.reminderAfterHours * 3_600_000 > now.getTime() || doc.expiresAt <= now.toISOString()) continue;
    if ((await enqueueMessage(db, doc, 'reminder', now)) !== null) n++;
  }
  return n;
}

function isKind(v: string): v is MessageKind {
  return MESSAGE_KINDS.some((k) => k === v);
}

/** Delivers due messages one per transaction (short locks: PGlite runs one transaction at a time). */
export async function deliverDue(db: Db, sender: MessageSender, settings: PickupSettings, log?: FastifyBaseLogger, limit = 100): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < limit; i++) {
    const now = settings.now();
    const outcome = await db.transaction(async (tx) => {
      const res = await tx.query<{ id: number; pickup_id: string; kind: string; attempts: number }>(
        `SELECT id::float8 AS id, pickup_id, kind, attempts FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [now.toISOString()],
      );
      const msg = res.rows[0];
      if (!msg) return 'none' as const;
      try {
        const pickup = (await readPickups(tx, [msg.pickup_id], false)).get(msg.pickup_id);
        if (!pickup) throw new Error(`pickup ${msg.pickup_id} no longer exists`);
        if (!isKind(msg.kind)) throw new Error(`unknown message kind ${msg.kind}`);
        const store = await tx.query<{ name: string; line1: string; city: string }>(
          `SELECT data->>'name' AS name, data->'address'->>'line1' AS line1, data->'address'->>'city' AS city FROM docs WHERE collection = 'stores' AND id = $1`,
          [pickup.doc.storeId],
        );
        const s = store.rows[0];
        const message = await renderMessage(`outbox-${msg.id}-${msg.kind}`, msg.kind, pickup.doc, { name: s?.name ?? pickup.doc.storeId, address: s ? `${s.line1}, ${s.city}` : '' });
        const ref = await sender.send(message);
        await tx.query(`UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = $2, delivery_ref = $3, last_error = NULL WHERE id = $1`, [msg.id, now.toISOString(), ref]);
        return 'sent' as const;
      } catch (err) {
        const attempts = msg.attempts + 1;
        const error = err instanceof Error ? err.message : String(err);
        const status = attempts >= MAX_ATTEMPTS ? 'failed' : 'pending';
        await tx.query(`UPDATE outbox SET status = $2, attempts = $3, last_error = $4, next_attempt_at = $5 WHERE id = $1`, [
          msg.id,
          status,
          attempts,
          error.slice(0, 2000),
          new Date(now.getTime() + backoffMs(attempts)).toISOString(),
        ]);
        log?.warn({ outboxId: msg.id, attempts, error }, 'pickup message delivery failed');
        return 'failed' as const;
      }
    });
    if (outcome === 'none') break;
    if (outcome === 'sent') sent++;
    else failed++;
  }
  return { sent, failed };
}

export function startPickupJobs(options: { db: Db; sender: MessageSender; settings: PickupSettings; log?: FastifyBaseLogger; intervalMs?: number; autoStart?: boolean }): PickupJobs {
  const { db, sender, settings, log } = options;
  let running: Promise<JobReport> | null = null;
  let stopped = false;
  const runOnce = async (): Promise<JobReport> => {
    // One run at a time per process; a tick that finds a run in progress waits for it.
    if (running) return running;
    running = (async () => {
      const expired = await expireDue(db, settings);
      const reminders = await queueReminders(db, settings);
      const { sent, failed } = await deliverDue(db, sender, settings, log);
      return { expired, reminders, sent, failed };
    })();
    try {
      return await running;
    } finally {
      running = null;
    }
  };
  const timer =
    options.autoStart === false
      ? null
      : setInterval(() => {
          if (stopped) return;
          runOnce().catch((err: unknown) => log?.error({ err }, 'pickup job failed'));
        }, options.intervalMs ?? 5_000);
  timer?.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (running) await running.catch(() => undefined);
    },
  };
}
