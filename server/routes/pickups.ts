/**
 * Pickup endpoints for store devices (device token, like sync). Pickup state itself replicates through the sync
 * protocol (collections pickups, pickupCodes, checkins); these are the calls that need the server online.
 *
 *   POST /api/v1/pickups/check-in        {code} → {pickupId, firstName, status, lineCount}   (kiosk or counter)
 *   POST /api/v1/pickups/:id/resend      queue the current message again                       (counter, same store, staff signed in online)
 *   GET  /api/v1/pickups/:id/messages    the pickup's messages: status, attempts, lastError    (counter, same store, staff signed in online)
 *   GET  /api/v1/pickups/alerts          unstarted pickups flagged / released, last 7 days     (a manager signed in at a counter)
 */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { AisleError } from '../../shared/errors';
import { API_PREFIX, type DeviceInfo } from '../../shared/sync';
import { pickupCodeFromInput } from '../../shared/pickup/codes';
import { pickupCodeKeysNode } from '../orders/codeKeys';
import { requireDevice } from '../http';
import { STAFF_SESSION_HEADER, requireSignedInStaff } from '../staff/sessions';
import { RATE_LIMITS } from '../security/rateLimits';
import { readPickups } from '../orders/pickupStore';
import type { PickupSettings } from '../orders/policy';
import { enqueueMessage, type MessageKind } from '../outbox/enqueue';
import { storeAlerts, type PickupAlert } from '../orders/unstarted';

export interface PickupMessageView {
  id: number;
  kind: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string;
  sentAt: string | null;
  requestedBy: string | null;
}

function requireCounter(device: DeviceInfo): void {
  if (device.role !== 'counter') throw new AisleError('FORBIDDEN', 'only counter devices handle pickups');
}

export function registerPickupRoutes(app: FastifyInstance, ctx: ServerContext, settings: PickupSettings): void {
  // The store's pickup alerts (unstarted pickups flagged / released, server/orders/unstarted.ts), for the manager.
  app.get(`${API_PREFIX}/pickups/alerts`, async (req): Promise<{ alerts: PickupAlert[] }> => {
    const device = await requireDevice(ctx.db, req);
    await requireSignedInStaff(ctx.db, device, req.headers[STAFF_SESSION_HEADER], { role: 'manager', what: 'The pickup alerts' });
    return { alerts: await storeAlerts(ctx.db, device.storeId, settings.now()) };
  });
  app.post(`${API_PREFIX}/pickups/check-in`, { config: { rateLimit: RATE_LIMITS.checkIn } }, async (req) => {
    const device = await requireDevice(ctx.db, req);
    const body: unknown = req.body;
    const raw = typeof body === 'object' && body !== null && 'code' in body ? body.code : undefined;
    const code = typeof raw === 'string' ? pickupCodeFromInput(raw) : null;
    if (!code) throw new AisleError('VALIDATION_FAILED', 'send {code}: the pickup code or the scanned QR text', [{ path: '/code', message: 'is not a pickup code' }]);
    const found = await ctx.db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'pickupCodes' AND scope = $1 AND data->>'codeHash' = $2 AND NOT deleted LIMIT 1`, [
      device.storeId,
      (await pickupCodeKeysNode(code, device.storeId)).codeHash,
    ]);
    const id = found.rows[0]?.id;
    const pickup = id ? (await readPickups(ctx.db, [id], false)).get(id) : undefined;
    if (!pickup) throw new AisleError('NOT_FOUND', 'No pickup with this code at this store. Please ask at the counter.');
    return { pickupId: pickup.doc.id, firstName: pickup.doc.customer.firstName, status: pickup.doc.status, lineCount: pickup.doc.lines.length };
  });

  app.post<{ Params: { id: string } }>(`${API_PREFIX}/pickups/:id/resend`, { config: { rateLimit: RATE_LIMITS.resend } }, async (req, reply) => {
    const device = await requireDevice(ctx.db, req);
    requireCounter(device);
    // A message to a customer goes out because a person at this counter asked for it, not whoever holds the device.
    const staff = await requireSignedInStaff(ctx.db, device, req.headers[STAFF_SESSION_HEADER], { role: 'staff', what: "Resending a pickup's message" });
    const pickup = (await readPickups(ctx.db, [req.params.id], false)).get(req.params.id);
    if (!pickup || pickup.scope !== device.storeId) throw new AisleError('NOT_FOUND', `no pickup ${req.params.id} at this store`);
    const status = pickup.doc.status;
    const kind: MessageKind | null = status === 'ready' ? 'ready' : status === 'expired' ? 'expired' : status === 'cancelled' ? 'cancelled' : null;
    if (!kind) throw new AisleError('CONFLICT', `nothing to resend: the pickup is ${status}`);
    const id = await enqueueMessage(ctx.db, pickup.doc, kind, settings.now(), { dedupe: false, requestedBy: device.deviceId });
    req.log.info({ pickupId: pickup.doc.id, kind, staffId: staff.id, deviceId: device.deviceId }, 'pickup message resent on request');
    return reply.status(202).send({ messageId: id, kind });
  });

  app.get<{ Params: { id: string } }>(`${API_PREFIX}/pickups/:id/messages`, async (req): Promise<PickupMessageView[]> => {
    const device = await requireDevice(ctx.db, req);
    // What was sent to a customer, when, and why it failed (a mail server's refusal names the address): read by a
    // person signed in online at this counter, as the customer routes are, not by whoever holds the device.
    await requireSignedInStaff(ctx.db, device, req.headers[STAFF_SESSION_HEADER], { role: 'staff', what: "A pickup's customer messages" });
    const res = await ctx.db.query<{ id: number; kind: string; status: PickupMessageView['status']; attempts: number; last_error: string | null; created_at: string; next_attempt_at: string; sent_at: string | null; requested_by: string | null }>(
      `SELECT id::float8 AS id, kind, status, attempts, last_error, created_at, next_attempt_at, sent_at, requested_by FROM outbox WHERE pickup_id = $1 AND store_id = $2 ORDER BY id`,
      [req.params.id, device.storeId],
    );
    const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
    return res.rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      attempts: r.attempts,
      lastError: r.last_error,
      createdAt: iso(r.created_at),
      nextAttemptAt: iso(r.next_attempt_at),
      sentAt: r.sent_at === null ? null : iso(r.sent_at),
      requestedBy: r.requested_by,
    }));
  });
}
