/**
 * The returns HTTP API (docs/returns.md). Counters only (kiosks get 403); the manager's lists and KPIs also need a
 * live manager staff session (header x-aisle-staff-session, server/staff/sessions.ts).
 *
 *   GET  /api/v1/returns/settings                  receipt public keys + policy, cached by the counter for offline use
 *   POST /api/v1/returns/receipts/verify {code}    the sale behind a receipt code, with what was returned; 400 if tampered
 *   GET  /api/v1/returns/orders?number=            find a sale by order number …
 *   GET  /api/v1/returns/orders?last4=&date=&amount=   … or by card last 4, day (YYYY-MM-DD) and total (minor units)
 *   GET  /api/v1/returns/orders/:orderId/receipt   the order's signed receipt code (to print or e-mail)
 *   GET  /api/v1/returns/store-credit/:customerId  the customer's store-credit balance (synced credit only)
 *   GET  /api/v1/returns/manager/waiting           this store's returns waiting for a manager
 *   GET  /api/v1/returns/manager/flagged           this store's flagged returns (raced, over limit, overridden, …)
 *   GET  /api/v1/returns/kpis?from=&to=            returns KPIs (ISO dates; default the last 90 days)
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context';
import { AisleError } from '../../shared/errors';
import { API_PREFIX, type DeviceInfo } from '../../shared/sync';
import type { Order } from '../../shared/orders/types';
import type { ReturnDoc, ReturnableSale, ReturnSettings } from '../../shared/returns/types';
import { saleFromOrder } from '../../shared/returns/build';
import { DAY_MS } from '../../shared/returns/policy';
import { requireCounter } from '../routes/customers';
import { requireStaffSession, STAFF_SESSION_HEADER } from '../staff/sessions';
import { receiptCodeFor, verifyReceipt } from './keys';
import { returnSettings } from './settings';
import { returnedSoFar } from './ledger';
import { storeCreditBalance } from './effects';
import { returnsKpis, type ReturnsKpis } from './kpis';

export const RETURNS_PREFIX = `${API_PREFIX}/returns`;

export interface ReturnableOrder {
  sale: ReturnableSale;
  customerId: string;
  /** Units of each order line returned so far, across every store and device the server has heard from. */
  returned: Record<string, number>;
  receiptCode: string;
}

async function requireManager(ctx: ServerContext, req: FastifyRequest): Promise<DeviceInfo> {
  const device = await requireCounter(ctx, req);
  const staff = await requireStaffSession(ctx.db, device, req.headers[STAFF_SESSION_HEADER]);
  if (staff.role !== 'manager') throw new AisleError('FORBIDDEN', 'returns approvals, flags and KPIs are for managers');
  return device;
}

async function returnable(ctx: ServerContext, order: Order): Promise<ReturnableOrder> {
  return { sale: saleFromOrder(order), customerId: order.customerId, returned: await returnedSoFar(ctx.db, order.id), receiptCode: await receiptCodeFor(ctx.db, order) };
}

function isoDay(v: string | undefined, field: string, fallback: string): string {
  if (v === undefined || v === '') return fallback;
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/.test(v) || Number.isNaN(Date.parse(v))) throw new AisleError('VALIDATION_FAILED', `${field} must be an ISO date (YYYY-MM-DD)`, [{ path: `/${field}`, message: 'must be an ISO date' }]);
  return new Date(Date.parse(v)).toISOString();
}

async function storeReturns(ctx: ServerContext, storeId: string, where: string): Promise<ReturnDoc[]> {
  const res = await ctx.db.query<{ data: ReturnDoc }>(`SELECT data FROM docs WHERE collection = 'returns' AND scope = $1 AND NOT deleted AND ${where} ORDER BY data->>'updatedAt' DESC LIMIT 200`, [storeId]);
  return res.rows.map((r) => r.data);
}

export function registerReturnRoutes(app: FastifyInstance, ctx: ServerContext, now: () => Date = () => new Date()): void {
  app.get(`${RETURNS_PREFIX}/settings`, async (req): Promise<ReturnSettings> => {
    const device = await requireCounter(ctx, req);
    return returnSettings(ctx.db, device.storeId);
  });

  app.post(`${RETURNS_PREFIX}/receipts/verify`, async (req): Promise<ReturnableOrder> => {
    await requireCounter(ctx, req);
    const body: unknown = req.body;
    const code = typeof body === 'object' && body !== null && 'code' in body ? body.code : undefined;
    if (typeof code !== 'string' || code.length > 4000) throw new AisleError('VALIDATION_FAILED', 'code must be the scanned receipt code (a string)', [{ path: '/code', message: 'must be a string of at most 4000 characters' }]);
    const verified = await verifyReceipt(ctx.db, code);
    if (!verified.ok) throw new AisleError('VALIDATION_FAILED', `receipt code refused: ${verified.reason}`, [{ path: '/code', message: verified.code }]);
    const order = (await ctx.db.query<{ data: Order }>('SELECT data FROM orders WHERE id = $1', [verified.receipt.orderId])).rows[0]?.data;
    if (!order) throw new AisleError('NOT_FOUND', `order ${verified.receipt.orderId} is not known to the server`);
    return returnable(ctx, order);
  });

  app.get<{ Querystring: { number?: string; last4?: string; date?: string; amount?: string } }>(`${RETURNS_PREFIX}/orders`, async (req): Promise<{ orders: ReturnableOrder[] }> => {
    await requireCounter(ctx, req);
    const { number, last4, date, amount } = req.query;
    let rows: { data: Order }[];
    if (number !== undefined && number !== '') {
      if (number.length > 64) throw new AisleError('VALIDATION_FAILED', 'number is at most 64 characters', [{ path: '/number', message: 'too long' }]);
      rows = (await ctx.db.query<{ data: Order }>('SELECT data FROM orders WHERE order_number = $1 ORDER BY placed_at DESC LIMIT 5', [number.trim()])).rows;
    } else {
      if (!last4 || !/^\d{4}$/.test(last4)) throw new AisleError('VALIDATION_FAILED', 'give number, or last4 (4 digits) with date and amount', [{ path: '/last4', message: 'must be 4 digits' }]);
      const day = isoDay(date, 'date', '');
      if (day === '') throw new AisleError('VALIDATION_FAILED', 'date is required with last4', [{ path: '/date', message: 'required' }]);
      if (!amount || !/^\d{1,12}$/.test(amount)) throw new AisleError('VALIDATION_FAILED', 'amount must be the total in minor units', [{ path: '/amount', message: 'must be an integer' }]);
      rows = (
        await ctx.db.query<{ data: Order }>(
          `SELECT data FROM orders WHERE placed_at >= $1 AND placed_at < $2 AND total = $3 AND data->'tenders' @> $4::jsonb ORDER BY placed_at DESC LIMIT 5`,
          [day, new Date(Date.parse(day) + DAY_MS).toISOString(), Number(amount), JSON.stringify([{ type: 'card', last4 }])],
        )
      ).rows;
    }
    return { orders: await Promise.all(rows.map((r) => returnable(ctx, r.data))) };
  });

  app.get<{ Params: { orderId: string } }>(`${RETURNS_PREFIX}/orders/:orderId/receipt`, async (req) => {
    await requireCounter(ctx, req);
    const order = (await ctx.db.query<{ data: Order }>('SELECT data FROM orders WHERE id = $1', [req.params.orderId])).rows[0]?.data;
    if (!order) throw new AisleError('NOT_FOUND', `no order ${req.params.orderId}`);
    return { orderId: order.id, receiptCode: await receiptCodeFor(ctx.db, order) };
  });

  app.get<{ Params: { customerId: string } }>(`${RETURNS_PREFIX}/store-credit/:customerId`, async (req) => {
    await requireCounter(ctx, req);
    return { customerId: req.params.customerId, balance: await storeCreditBalance(ctx.db, req.params.customerId) };
  });

  app.get(`${RETURNS_PREFIX}/manager/waiting`, async (req) => {
    const device = await requireManager(ctx, req);
    return { returns: await storeReturns(ctx, device.storeId, `data->>'status' = 'awaiting-approval'`) };
  });

  app.get(`${RETURNS_PREFIX}/manager/flagged`, async (req) => {
    const device = await requireManager(ctx, req);
    return { returns: await storeReturns(ctx, device.storeId, `jsonb_array_length(data->'flags') > 0`) };
  });

  app.get<{ Querystring: { from?: string; to?: string } }>(`${RETURNS_PREFIX}/kpis`, async (req): Promise<ReturnsKpis> => {
    const device = await requireManager(ctx, req);
    const t = now();
    const to = isoDay(req.query.to, 'to', new Date(t.getTime() + DAY_MS).toISOString());
    const from = isoDay(req.query.from, 'from', new Date(t.getTime() - 90 * DAY_MS).toISOString());
    return returnsKpis(ctx.db, device.storeId, from, to);
  });
}
