/**
 * The order API for other sales channels (web shop, app), authenticated with a channel key
 * (x-aisle-channel-key). See docs/pickup.md.
 *
 *   POST /api/v1/orders               place an order of any channel and fulfilment (shared/orders/api.ts); a pickup
 *                                     reserves stock atomically; idempotent by idempotency-key
 *   POST /api/v1/orders/:id/cancel    the web shop cancels (customer request, payment failure): stock released
 */
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { ServerContext } from '../context';
import { AisleError } from '../../shared/errors';
import { API_PREFIX } from '../../shared/sync';
import type { OrderChannel } from '../../shared/orders/types';
import { authenticateChannel, CHANNEL_KEY_HEADER } from '../orders/channelKeys';
import { parseOrderBody } from '../orders/parseOrder';
import { placeOrder } from '../orders/createOrder';
import type { PickupSettings } from '../orders/policy';
import { transitionPickup } from '../orders/transitions';

function header(raw: string | string[] | undefined): string | null {
  const v = Array.isArray(raw) ? raw[0] : raw;
  return v === undefined ? null : v;
}

export function registerOrderRoutes(app: FastifyInstance, ctx: ServerContext, settings: PickupSettings, envKeys: readonly { channel: OrderChannel; keyHash: string }[]): void {
  app.post(`${API_PREFIX}/orders`, async (req, reply) => {
    const channel = await authenticateChannel(ctx.db, req.headers[CHANNEL_KEY_HEADER], envKeys);
    const input = parseOrderBody(req.body, settings.now());
    const response = await placeOrder(ctx.db, channel, input, header(req.headers['idempotency-key']), settings);
    req.log.info({ orderId: response.orderId, channel, fulfilment: input.fulfilment, store: response.storeId, lines: input.lines.length }, 'order placed');
    return reply.status(201).send(response);
  });

  app.post<{ Params: { id: string } }>(`${API_PREFIX}/orders/:id/cancel`, async (req) => {
    const channel = await authenticateChannel(ctx.db, req.headers[CHANNEL_KEY_HEADER], envKeys);
    const body: unknown = req.body ?? {};
    const reasonRaw = typeof body === 'object' && body !== null && 'reason' in body ? body.reason : undefined;
    if (reasonRaw !== undefined && typeof reasonRaw !== 'string') throw new AisleError('VALIDATION_FAILED', 'reason must be a string', [{ path: '/reason', message: 'must be a string' }]);
    const by = typeof body === 'object' && body !== null && 'by' in body && body.by === 'customer' ? 'customer' : 'webshop';
    const owner = await ctx.db.query<{ channel: string }>('SELECT channel FROM channel_orders WHERE id = $1', [req.params.id]);
    if (owner.rows[0]?.channel !== channel) throw new AisleError('NOT_FOUND', `no ${channel} order ${req.params.id}`);
    const now = settings.now();
    const key = header(req.headers['idempotency-key']);
    const doc = await transitionPickup(
      ctx.db,
      req.params.id,
      { type: 'cancel', by, reason: (reasonRaw ?? 'cancelled on the web shop').slice(0, 500) },
      { staffId: `channel:${channel}`, deviceId: channel, at: now.toISOString(), eventId: key ? `cancel:${key.slice(0, 60)}` : `cancel:${randomUUID()}` },
      now,
    );
    return { orderId: doc.id, status: doc.status, flags: doc.flags };
  });
}
