/**
 * The pickup background job, run by every server process: expires ready pickups past their hold (stock back
 * on sale, customer told), flags and then releases pickups nobody started (server/orders/unstarted.ts), queues one reminder per ready pickup, and delivers the outbox with retries.
 *
 * Several processes on one PostgreSQL share the work safely: an outbox row is claimed with FOR UPDATE SKIP
 * LOCKED and leased (SEND_LEASE_MS) in a short transaction, then sent with no transaction open, so each message
 * is sent by one process and a slow mail server never holds the database; the attempt is recorded before the send, so
 * a process killed mid-send never makes a second copy (claimNext); expiries lock the pickup and use
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
import { CONFIRMATION_KIND } from './confirmation';
import QRCode from 'qrcode';
import { handleUnstarted } from '../orders/unstarted';
import { customerHousekeeping } from '../customers/housekeeping';
import type { MessageSender } from './senders';

export const MAX_ATTEMPTS = 8;

/** Delay before attempt n+1 after n failures: 30 s, 1 min, 2 min, … capped at 1 h. */
export function backoffMs(attempts: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

export interface JobReport {
  expired: number;
  /** Pickups nobody started: flagged to the manager / released (server/orders/unstarted.ts). */
  flagged: number;
  released: number;
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

/**
 * How long a claimed message is kept from other senders while this process sends it. Sending happens outside any
 * transaction (PGlite runs one transaction at a time: an SMTP server that takes a minute to answer must not stop
 * the catalog), so a claim is a lease: `next_attempt_at` moved this far ahead. A process that dies mid-send leaves
 * the message due again when the lease ends, with its attempt recorded (claimNext decides whether it may be sent
 * again). Longer than any send can take: the SMTP transport's own timeouts end a send within about two minutes (senders.ts).
 */
export const SEND_LEASE_MS = 10 * 60_000;

interface Claimed {
  id: number;
  kind: MessageKind | 'refund' | typeof CONFIRMATION_KIND;
  attempts: number;
  message: Awaited<ReturnType<typeof renderMessage>> | null;
  problem: string | null;
}

/** What an interrupted attempt leaves for a person when the sender cannot be asked again safely. */
export const INTERRUPTED_ERROR = 'delivery interrupted (the server stopped while sending): not sent again automatically, it may have arrived; resend if the customer did not get it';

/**
 * Claims the next due message (short transaction, SKIP LOCKED: one process per message), records the attempt
 * before anything is sent, and renders it. A row whose previous attempt was recorded but has no outcome was being
 * sent by a process that died: with an idempotent sender it is sent again under the same message id (nothing new
 * arrives); otherwise it is failed with INTERRUPTED_ERROR ('given-up') instead of risking a second copy.
 */
async function claimNext(db: Db, now: Date, idempotent: boolean): Promise<Claimed | 'given-up' | null> {
  return db.transaction(async (tx) => {
    const res = await tx.query<{ id: number; pickup_id: string; kind: string; attempts: number; message: unknown; interrupted: boolean }>(
      `WITH due AS (
         SELECT id, attempt_started_at FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
       )
       UPDATE outbox o SET next_attempt_at = $2, attempt_started_at = $1,
         interrupted_attempts = o.interrupted_attempts + CASE WHEN due.attempt_started_at IS NULL THEN 0 ELSE 1 END
       FROM due WHERE o.id = due.id
       RETURNING o.id::float8 AS id, o.pickup_id, o.kind, o.attempts, o.message, due.attempt_started_at IS NOT NULL AS interrupted`,
      [now.toISOString(), new Date(now.getTime() + SEND_LEASE_MS).toISOString()],
    );
    const msg = res.rows[0];
    if (!msg) return null;
    if (msg.interrupted && !idempotent) {
      await tx.query(`UPDATE outbox SET status = 'failed', attempts = attempts + 1, attempt_started_at = NULL, last_error = $2 WHERE id = $1`, [msg.id, INTERRUPTED_ERROR]);
      return 'given-up';
    }
    // Refund and order-confirmation e-mails (server/returns/connector.ts, confirmation.ts) are rendered when they
    // are queued, not from a pickup.
    if (msg.kind === 'refund' || msg.kind === CONFIRMATION_KIND) return claimPrerendered(msg);
    const kind = isKind(msg.kind) ? msg.kind : 'ready';
    try {
      if (!isKind(msg.kind)) throw new Error(`unknown message kind ${msg.kind}`);
      const pickup = (await readPickups(tx, [msg.pickup_id], false)).get(msg.pickup_id);
      if (!pickup) throw new Error(`pickup ${msg.pickup_id} no longer exists`);
      const store = await tx.query<{ name: string; line1: string; city: string }>(
        `SELECT data->>'name' AS name, data->'address'->>'line1' AS line1, data->'address'->>'city' AS city FROM docs WHERE collection = 'stores' AND id = $1`,
        [pickup.doc.storeId],
      );
      const s = store.rows[0];
      const message = await renderMessage(`outbox-${msg.id}-${msg.kind}`, msg.kind, pickup.doc, { name: s?.name ?? pickup.doc.storeId, address: s ? `${s.line1}, ${s.city}` : '' });
      return { id: msg.id, kind, attempts: msg.attempts, message, problem: null };
    } catch (err) {
      return { id: msg.id, kind, attempts: msg.attempts, message: null, problem: err instanceof Error ? err.message : String(err) };
    }
  });
}

async function claimPrerendered(msg: { id: number; kind: string; attempts: number; message: unknown }): Promise<Claimed> {
  const m = msg.message as Partial<Record<'to' | 'subject' | 'text' | 'html' | 'qrText', unknown>> | null;
  const ok = m !== null && typeof m.to === 'string' && typeof m.subject === 'string' && typeof m.text === 'string' && typeof m.html === 'string';
  // A confirmation's receipt code goes inline as a QR code (cid:pickup-qr@aisle), rendered now like a pickup's.
  const qrPng = ok && typeof m.qrText === 'string' && m.qrText !== '' ? await QRCode.toBuffer(m.qrText, { type: 'png', errorCorrectionLevel: 'L', margin: 2, scale: 4 }) : null;
  return {
    id: msg.id,
    kind: msg.kind === CONFIRMATION_KIND ? CONFIRMATION_KIND : 'refund',
    attempts: msg.attempts,
    message: ok ? { id: `outbox-${msg.id}-${msg.kind}`, to: String(m.to), subject: String(m.subject), text: String(m.text), html: String(m.html), qrPng } : null,
    problem: ok ? null : 'pre-rendered message missing or malformed',
  };
}

/**
 * Delivers due messages one at a time: claim and record the attempt (short transaction), send under the message's
 * stable id `outbox-<row>-<kind>` (no transaction held), record the outcome (short transaction). Failures are
 * retried with backoff until MAX_ATTEMPTS, then marked failed. A kill between the send and the outcome leaves the
 * attempt recorded: see claimNext.
 */
export async function deliverDue(db: Db, sender: MessageSender, settings: Pick<PickupSettings, 'now'>, log?: FastifyBaseLogger, limit = 100): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < limit; i++) {
    const claimed = await claimNext(db, settings.now(), sender.idempotent === true);
    if (!claimed) break;
    if (claimed === 'given-up') {
      log?.warn({ error: INTERRUPTED_ERROR }, 'pickup message not sent again after an interrupted attempt');
      failed++;
      continue;
    }
    let ref: string | null = null;
    let problem = claimed.problem;
    if (claimed.message) {
      try {
        ref = await sender.send(claimed.message);
      } catch (err) {
        problem = err instanceof Error ? err.message : String(err);
      }
    }
    const now = settings.now();
    if (ref !== null) {
      await db.query(`UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = $2, delivery_ref = $3, last_error = NULL, attempt_started_at = NULL WHERE id = $1`, [claimed.id, now.toISOString(), ref]);
      sent++;
    } else {
      const attempts = claimed.attempts + 1;
      const error = problem ?? 'not sent';
      await db.query(`UPDATE outbox SET status = $2, attempts = $3, last_error = $4, next_attempt_at = $5, attempt_started_at = NULL WHERE id = $1`, [
        claimed.id,
        attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
        attempts,
        error.slice(0, 2000),
        new Date(now.getTime() + backoffMs(attempts)).toISOString(),
      ]);
      log?.warn({ outboxId: claimed.id, kind: claimed.kind, attempts, error }, 'pickup message delivery failed');
      failed++;
    }
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
      const { flagged, released } = await handleUnstarted(db, settings);
      const reminders = await queueReminders(db, settings);
      const { sent, failed } = await deliverDue(db, sender, settings, log);
      await customerHousekeeping(db, settings.now());
      return { expired, flagged, released, reminders, sent, failed };
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
