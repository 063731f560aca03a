import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { COLLECTIONS, isCollectionName, type CollectionName } from '../../shared/schemas/collections';
import { AisleError } from '../../shared/errors';
import { API_PREFIX, DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT, type DeviceInfo, type StreamEvent } from '../../shared/sync';
import { requireDevice, requireSchemaVersion } from '../http';
import { authenticate } from '../auth';
import { CHECKIN_PUSH_LIMIT, createDeviceLimiter } from '../security/rateLimits';
import { createPullPageCache, type PullPageCacheOptions } from '../sync/pageCache';
import { parsePushBody, pushDocs } from '../sync/push';
import type { ChangeNotice } from '../sync/revisions';

function collectionFor(raw: unknown, device: DeviceInfo): CollectionName {
  if (!isCollectionName(raw)) throw new AisleError('NOT_FOUND', `no replicated collection named ${String(raw)}`);
  if (!COLLECTIONS[raw].roles.includes(device.role)) throw new AisleError('FORBIDDEN', `a ${device.role} device does not receive ${raw}`);
  return raw;
}

function intParam(raw: unknown, name: string, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = typeof raw === 'string' ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < 0 || n > max) throw new AisleError('BAD_REQUEST', `${name} must be an integer between 0 and ${max}`);
  return n;
}

/** Whether a device should hear about a change: a collection it receives, in its scope. */
export function noticeConcerns(notice: ChangeNotice, device: DeviceInfo): boolean {
  const spec = COLLECTIONS[notice.c];
  if (!spec.roles.includes(device.role)) return false;
  if (spec.scope === 'global') return true;
  return notice.s.includes(device.storeId) || notice.s.includes('*');
}

export function registerSyncRoutes(app: FastifyInstance, ctx: ServerContext, recheckMs = 15_000, pullCache: PullPageCacheOptions = {}): void {
  // Pages shared by every device that asks for the same one, never stale (server/sync/pageCache.ts).
  const pages = createPullPageCache(ctx.db, pullCache);
  // A pushed kiosk check-in is resolved against the store's pickup codes, like POST /pickups/check-in: same budget.
  const checkinLimiter = createDeviceLimiter(app, CHECKIN_PUSH_LIMIT);
  app.get<{ Params: { collection: string }; Querystring: Record<string, unknown> }>(`${API_PREFIX}/sync/:collection/pull`, async (req, reply) => {
    const device = await requireDevice(ctx.db, req);
    requireSchemaVersion(req);
    const collection = collectionFor(req.params.collection, device);
    const rev = intParam(req.query['rev'], 'rev', 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam(req.query['limit'], 'limit', DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT) || DEFAULT_PULL_LIMIT;
    // The database wrote the JSON (server/sync/pull.ts): sent as it is, never parsed and serialised again.
    const page = await pages.pull(collection, device, rev, limit);
    return reply.type('application/json; charset=utf-8').header('x-aisle-pull-source', page.source).send(page.body);
  });

  app.post<{ Params: { collection: string } }>(`${API_PREFIX}/sync/:collection/push`, { bodyLimit: 10 * 1024 * 1024 }, async (req, reply) => {
    const device = await requireDevice(ctx.db, req);
    requireSchemaVersion(req);
    const collection = collectionFor(req.params.collection, device);
    if (collection === 'checkins') await checkinLimiter(req, reply);
    if (COLLECTIONS[collection].writer !== 'device') throw new AisleError('FORBIDDEN', `${collection} is owned by the central catalog; devices cannot write it`);
    const rows = parsePushBody(collection, req.body, device);
    const conflicts = await pushDocs(ctx.db, collection, device, rows);
    req.log.info({ collection, rows: rows.length, conflicts: conflicts.length, device: device.deviceId }, 'push');
    return conflicts;
  });

  // Server-Sent Events: one 'change' event per committed write the device can see. The device answers by
  // pulling from its checkpoint, so the stream carries no documents and can never deliver them out of order.
  app.get(`${API_PREFIX}/sync/stream`, async (req, reply) => {
    const device = await requireDevice(ctx.db, req);
    requireSchemaVersion(req);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'access-control-allow-origin': '*',
    });
    const send = (event: StreamEvent): void => {
      res.write(`data: ${JSON.stringify(event)}\n\n`);
    };
    res.write('retry: 2000\n\n');
    send({ type: 'hello', serverTime: new Date().toISOString() });
    const unsubscribe = ctx.hub.subscribe((notice) => {
      if (noticeConcerns(notice, device)) send({ type: 'change', collection: notice.c, rev: notice.r });
    });
    // The token is checked again with every ping: a device revoked while its stream is open (by this process or
    // another on the same PostgreSQL) loses the stream within one interval; reconnecting then gets the 401.
    let closed = false;
    const ping = setInterval(() => {
      authenticate(ctx.db, req.headers.authorization).then(
        () => send({ type: 'ping', serverTime: new Date().toISOString() }),
        () => {
          req.log.info({ device: device.deviceId }, 'stream closed: the device token is no longer valid');
          close();
          res.end();
        },
      );
    }, recheckMs);
    const close = (): void => {
      if (closed) return;
      closed = true;
      clearInterval(ping);
      unsubscribe();
    };
    req.raw.on('close', close);
    res.on('error', close);
  });
}
