import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { AisleError } from '../../shared/errors';
import { API_PREFIX, type EnrollResponse } from '../../shared/sync';
import { enrollDevice } from '../auth';
import { requireDevice } from '../http';
import { RATE_LIMITS } from '../security/rateLimits';

function parseEnrollBody(body: unknown): { code: string; deviceName: string } {
  if (typeof body !== 'object' || body === null) throw new AisleError('VALIDATION_FAILED', 'body must be {code, deviceName}', [{ path: '/', message: 'must be an object' }]);
  const b = body as Record<string, unknown>;
  const issues = [];
  if (typeof b['code'] !== 'string' || b['code'].trim() === '' || b['code'].length > 64) issues.push({ path: '/code', message: 'must be the enrollment code (text)' });
  if (b['deviceName'] !== undefined && (typeof b['deviceName'] !== 'string' || b['deviceName'].length > 120)) issues.push({ path: '/deviceName', message: 'must be text of at most 120 characters' });
  if (issues.length > 0) throw new AisleError('VALIDATION_FAILED', 'invalid enrollment request', issues);
  const name = typeof b['deviceName'] === 'string' && b['deviceName'].trim() !== '' ? b['deviceName'].trim() : 'Aisle device';
  return { code: String(b['code']), deviceName: name };
}

export function registerDeviceRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post(`${API_PREFIX}/enroll`, { config: { rateLimit: RATE_LIMITS.enroll } }, async (req): Promise<EnrollResponse> => {
    const { code, deviceName } = parseEnrollBody(req.body);
    const result = await enrollDevice(ctx.db, code, deviceName);
    req.log.info({ device: result.deviceId, store: result.storeId, role: result.role }, 'device enrolled');
    return result;
  });

  app.get(`${API_PREFIX}/device`, async (req) => requireDevice(ctx.db, req));
}
