/**
 * The customer APIs (docs/customers.md; payloads in shared/customers/api.ts):
 *
 *   channel key:  POST /api/v1/customers/batch | /wishlist | /activity           ingest, all or nothing
 *   counter:      GET  /api/v1/customers/search?q=                                online lookup (rate-limited)
 *                 POST /api/v1/customers/:customerId/open                         into this store's working set
 *                 GET  /api/v1/customers/views?customerId=                        this store's profile-view log
 *   Search and open need a staff member signed in online at the counter, the view log (and GET /api/v1/kpis) a
 *   manager of the store: the staff session in x-aisle-staff-session (server/staff/sessions.ts).
 *   admin token:  POST /api/v1/admin/customers/merge, /:id/erase;  GET /api/v1/admin/customers/:id/export
 *
 * Kiosks get 403 on every customer route: they never receive customer data.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type { ServerContext } from '../context';
import { AisleError } from '../../shared/errors';
import { API_PREFIX, type DeviceInfo } from '../../shared/sync';
import type { OrderChannel } from '../../shared/orders/types';
import { PROFILE_SOURCES, type CustomerDoc, type OrderDoc } from '../../shared/customers/types';
import type { CustomerOpenResponse } from '../../shared/customers/api';
import { requireDevice } from '../http';
import type { StaffNeed } from '../staff/sessions';
import { requireDeviceAndStaff } from '../staff/requestAuth';
import { sha256 } from '../auth';
import { RATE_LIMITS } from '../security/rateLimits';
import { authenticateChannel, CHANNEL_KEY_HEADER } from '../orders/channelKeys';
import { parseActivityBatch, parseCustomerBatch, parseWishlistBatch } from '../customers/parseIngest';
import { ingestActivity, ingestCustomers, ingestWishlist } from '../customers/ingest';
import { searchCustomers } from '../customers/search';
import { addToWorkingSet, refreshWorkingSet, wsId } from '../customers/workingSet';
import { goesWithFor } from '../customers/goesWith';
import { survivor } from '../customers/identity';
import { eraseCustomer, exportCustomer, mergeCustomers, profileViews } from '../customers/privacy';
import { channelKpis, defaultRange } from '../customers/kpis';

export const ADMIN_TOKEN_HEADER = 'x-aisle-admin-token';

export interface CustomerRouteOptions {
  envKeys: readonly { channel: OrderChannel; keyHash: string }[];
  /** AISLE_ADMIN_TOKEN: the admin API is off (403) without one. */
  adminToken: string | null;
  now: () => Date;
}

function counterOnly(device: DeviceInfo): void {
  if (device.role !== 'counter') throw new AisleError('FORBIDDEN', 'customer data is for counter devices only');
}

export async function requireCounter(ctx: ServerContext, req: FastifyRequest): Promise<DeviceInfo> {
  const device = await requireDevice(ctx.db, req);
  counterOnly(device);
  return device;
}

export function requireAdmin(req: FastifyRequest, adminToken: string | null): void {
  if (!adminToken) throw new AisleError('FORBIDDEN', 'the admin API is off: set AISLE_ADMIN_TOKEN on the server (or use npm run admin)');
  const raw = req.headers[ADMIN_TOKEN_HEADER];
  const given = Array.isArray(raw) ? raw[0] : raw;
  if (!given) throw new AisleError('UNAUTHENTICATED', `send the admin token in the ${ADMIN_TOKEN_HEADER} header`);
  const a = Buffer.from(sha256(given));
  const b = Buffer.from(sha256(adminToken));
  if (!timingSafeEqual(a, b)) throw new AisleError('UNAUTHENTICATED', 'wrong admin token');
}

/**
 * A counter with the person the route needs signed in online there (personal data, manager figures): the checks
 * of requireCounter + requireSignedInStaff, their three rows read in one query (server/staff/requestAuth.ts).
 */
export async function requireCounterStaff(ctx: ServerContext, req: FastifyRequest, need: StaffNeed): Promise<DeviceInfo> {
  return (await requireDeviceAndStaff(ctx.db, req, need, counterOnly)).device;
}

const LOOKUP: StaffNeed = { role: 'staff', what: 'Looking customers up' };
const VIEW_LOG: StaffNeed = { role: 'manager', what: 'The profile-view log' };
const KPIS: StaffNeed = { role: 'manager', what: 'The channel KPIs' };

/** This store's copies of a customer and their orders, as written by the refresh (what the device will pull). */
export async function workingSetCopies(ctx: ServerContext, storeId: string, customerId: string): Promise<CustomerOpenResponse> {
  const c = await ctx.db.query<{ data: CustomerDoc }>("SELECT data FROM docs WHERE collection = 'customers' AND id = $1 AND NOT deleted", [wsId(storeId, customerId)]);
  const customer = c.rows[0]?.data;
  if (!customer) throw new AisleError('NOT_FOUND', `no customer ${customerId}`);
  const o = await ctx.db.query<{ data: OrderDoc }>("SELECT data FROM docs WHERE collection = 'orders' AND scope = $1 AND data->>'customerId' = $2 AND NOT deleted ORDER BY data->>'placedAt' DESC", [storeId, customerId]);
  return { customer, orders: o.rows.map((r) => r.data) };
}

export function registerCustomerRoutes(app: FastifyInstance, ctx: ServerContext, options: CustomerRouteOptions): void {
  const channelOf = (req: FastifyRequest): Promise<OrderChannel> => authenticateChannel(ctx.db, req.headers[CHANNEL_KEY_HEADER], options.envKeys);

  app.post(`${API_PREFIX}/customers/batch`, async (req) => {
    const channel = await channelOf(req);
    const now = options.now();
    return ingestCustomers(ctx.db, channel, parseCustomerBatch(req.body, channel, now), now);
  });
  app.post(`${API_PREFIX}/customers/wishlist`, async (req) => {
    const channel = await channelOf(req);
    const now = options.now();
    return ingestWishlist(ctx.db, channel, parseWishlistBatch(req.body, now), now);
  });
  app.post(`${API_PREFIX}/customers/activity`, async (req) => {
    const channel = await channelOf(req);
    const now = options.now();
    return ingestActivity(ctx.db, channel, parseActivityBatch(req.body, now), now);
  });

  app.get<{ Querystring: { q?: string } }>(`${API_PREFIX}/customers/search`, { config: { rateLimit: RATE_LIMITS.customerLookup } }, async (req) => {
    const device = await requireCounterStaff(ctx, req, LOOKUP);
    return searchCustomers(ctx.db, device.storeId, typeof req.query.q === 'string' ? req.query.q : '');
  });

  app.post<{ Params: { customerId: string } }>(`${API_PREFIX}/customers/:customerId/open`, { config: { rateLimit: RATE_LIMITS.customerLookup } }, async (req) => {
    const device = await requireCounterStaff(ctx, req, LOOKUP);
    const body = req.body as { source?: unknown } | undefined;
    if (body?.source !== undefined && !PROFILE_SOURCES.some((s) => s === body.source)) throw new AisleError('VALIDATION_FAILED', 'bad source', [{ path: '/source', message: `must be one of ${PROFILE_SOURCES.join(', ')}` }]);
    const now = options.now();
    const customerId = await ctx.db.transaction(async (tx) => {
      const id = await survivor(tx, req.params.customerId);
      if (!id) throw new AisleError('NOT_FOUND', `no customer ${req.params.customerId}`);
      await addToWorkingSet(tx, [{ storeId: device.storeId, customerId: id, reason: 'lookup', at: now.toISOString() }]);
      await refreshWorkingSet(tx, [id], now, { goesWith: goesWithFor, by: device.deviceId });
      return id;
    });
    return workingSetCopies(ctx, device.storeId, customerId);
  });

  app.get<{ Querystring: { customerId?: string; limit?: string } }>(`${API_PREFIX}/customers/views`, async (req) => {
    const device = await requireCounterStaff(ctx, req, VIEW_LOG);
    const limit = Number(req.query.limit ?? 500);
    return { entries: await profileViews(ctx.db, { storeId: device.storeId, ...(req.query.customerId ? { customerId: req.query.customerId } : {}) }, Number.isFinite(limit) ? limit : 500) };
  });

  app.post(`${API_PREFIX}/admin/customers/merge`, async (req) => {
    requireAdmin(req, options.adminToken);
    const body = req.body as { into?: unknown; from?: unknown } | null;
    if (typeof body?.into !== 'string' || typeof body.from !== 'string') throw new AisleError('VALIDATION_FAILED', 'merge needs {into, from}', [{ path: '/into', message: 'must be a customer id' }, { path: '/from', message: 'must be a customer id' }]);
    return mergeCustomers(ctx.db, body.into, body.from, options.now());
  });
  app.post<{ Params: { customerId: string } }>(`${API_PREFIX}/admin/customers/:customerId/erase`, async (req) => {
    requireAdmin(req, options.adminToken);
    return eraseCustomer(ctx.db, req.params.customerId, options.now());
  });
  app.get<{ Params: { customerId: string } }>(`${API_PREFIX}/admin/customers/:customerId/export`, async (req) => {
    requireAdmin(req, options.adminToken);
    return exportCustomer(ctx.db, req.params.customerId, options.now());
  });
}

/**
 * GET /api/v1/kpis?storeId=&from=YYYY-MM&to=YYYY-MM: the channel KPIs (server/customers/kpis.ts) of the counter's
 * own store, for a manager signed in there. A store's manager reads that store's figures: another store's (or the
 * whole network's) are refused, whatever storeId the request names.
 */
export function registerKpiRoutes(app: FastifyInstance, ctx: ServerContext, now: () => Date): void {
  app.get<{ Querystring: { storeId?: string; from?: string; to?: string } }>(`${API_PREFIX}/kpis`, async (req) => {
    const device = await requireCounterStaff(ctx, req, KPIS);
    const asked = req.query.storeId ?? '';
    if (asked !== '' && asked !== device.storeId) throw new AisleError('FORBIDDEN', `The channel KPIs of store ${asked} are not this counter's to read: a manager here sees store ${device.storeId}'s figures only.`);
    const range = defaultRange(now());
    const from = req.query.from ?? range.from;
    const to = req.query.to ?? range.to;
    const ym = /^\d{4}-(0[1-9]|1[0-2])$/;
    if (!ym.test(from) || !ym.test(to) || from > to) throw new AisleError('BAD_REQUEST', 'from and to must be months YYYY-MM, from ≤ to');
    return channelKpis(ctx.db, { storeId: device.storeId, from, to });
  });
}
