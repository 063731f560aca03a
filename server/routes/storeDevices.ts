/**
 * Device status and the manager's device actions (server/devices/storeDevices.ts):
 *   POST /api/v1/device/status                  a device reports itself (any enrolled device)
 *   GET  /api/v1/store/devices                   the store's devices with their last reports
 *   POST /api/v1/store/devices/enroll-code       {role}: a one-time code for a new device of this store
 *   POST /api/v1/store/devices/:id/revoke        the device's token stops working everywhere
 * The last three need a manager of the store signed in online at the counter: its staff session in
 * x-aisle-staff-session (a staffId in the request, which older apps send, decides nothing).
 */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { AisleError } from '../../shared/errors';
import { API_PREFIX } from '../../shared/sync';
import { parseStatusReport, type StoreDevice } from '../../shared/devices/status';
import { createEnrollmentCode } from '../auth';
import { requireDevice } from '../http';
import { STAFF_SESSION_HEADER } from '../staff/sessions';
import { listStoreDevices, recordStatus, requireStoreManager, revokeStoreDevice } from '../devices/storeDevices';

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>)[name] : undefined;
}

export function registerStoreDeviceRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post(`${API_PREFIX}/device/status`, async (req) => {
    const device = await requireDevice(ctx.db, req);
    const parsed = parseStatusReport(req.body);
    if (!parsed.ok) throw new AisleError('VALIDATION_FAILED', 'invalid device status report', parsed.issues);
    await recordStatus(ctx.db, device.deviceId, parsed.value);
    return { ok: true };
  });

  app.get(`${API_PREFIX}/store/devices`, async (req): Promise<StoreDevice[]> => {
    const device = await requireDevice(ctx.db, req);
    await requireStoreManager(ctx.db, device, req.headers[STAFF_SESSION_HEADER]);
    return listStoreDevices(ctx.db, device.storeId);
  });

  app.post(`${API_PREFIX}/store/devices/enroll-code`, async (req) => {
    const device = await requireDevice(ctx.db, req);
    const manager = await requireStoreManager(ctx.db, device, req.headers[STAFF_SESSION_HEADER]);
    const role = field(req.body, 'role');
    if (role !== 'counter' && role !== 'kiosk') throw new AisleError('VALIDATION_FAILED', 'role must be counter or kiosk', [{ path: '/role', message: 'must be "counter" or "kiosk"' }]);
    const code = await createEnrollmentCode(ctx.db, device.storeId, role, 24);
    req.log.info({ device: device.deviceId, staff: manager.staffId, store: device.storeId, role }, 'enrollment code created by a manager');
    return { ...code, role };
  });

  app.post<{ Params: { id: string } }>(`${API_PREFIX}/store/devices/:id/revoke`, async (req) => {
    const device = await requireDevice(ctx.db, req);
    const manager = await requireStoreManager(ctx.db, device, req.headers[STAFF_SESSION_HEADER]);
    if (req.params.id.length > 64 || req.params.id.includes('\u0000')) throw new AisleError('VALIDATION_FAILED', 'device id too long', [{ path: '/id', message: 'at most 64 characters' }]);
    await revokeStoreDevice(ctx.db, device, req.params.id);
    req.log.info({ device: device.deviceId, staff: manager.staffId, revoked: req.params.id }, 'device revoked by a manager');
    return { ok: true, id: req.params.id };
  });
}
