/**
 * Staff sign-in online and PIN resets (design: shared/staff.ts; server half: server/staff/). Counter devices only.
 *
 *   POST /api/v1/staff/sign-in           {staffId, pinKey}        → {session: {id, key, expiresAt}, staff}
 *   POST /api/v1/staff/sign-out          {sessionId}              → {ok}
 *   POST /api/v1/staff/:staffId/pin      {pinSalt, pinKey}        → {staffId, pinVersion}   (a manager's session)
 *
 * pinKey is scrypt(PIN, the staff document's salt), derived on the device: the PIN never travels and the server
 * never runs scrypt for a request. Wrong PINs are counted per staff member and lock with back-off (429 with
 * Retry-After); the routes are also rate-limited per device.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ServerContext } from '../context';
import { AisleError, type FieldIssue } from '../../shared/errors';
import { API_PREFIX, type DeviceInfo } from '../../shared/sync';
import { requireDevice, sendError } from '../http';
import { RATE_LIMITS } from '../security/rateLimits';
import { checkStaffPin, resetStaffPin } from '../staff/pins';
import { STAFF_SESSION_HEADER, createStaffSession, endStaffSession, requireSignedInStaff } from '../staff/sessions';

/** Sign-in and PIN changes share the sign-in limit (server/security/rateLimits.ts); the per-staff lockout holds beneath it. */
const SIGN_IN_RATE_LIMIT = { rateLimit: RATE_LIMITS.signIn } as const;

function requireCounter(device: DeviceInfo): void {
  if (device.role !== 'counter') throw new AisleError('FORBIDDEN', 'staff sign in on counter devices only');
}

function fields(body: unknown, names: readonly string[]): Record<string, string> {
  const issues: FieldIssue[] = [];
  const out: Record<string, string> = {};
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  for (const name of names) {
    const v = b[name];
    if (typeof v !== 'string' || v === '' || v.length > 128) issues.push({ path: `/${name}`, message: 'is required (text, at most 128 characters)' });
    else out[name] = v;
  }
  if (issues.length > 0) throw new AisleError('VALIDATION_FAILED', `send {${names.join(', ')}}`, issues);
  return out;
}

function inWords(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

function lockedOut(reply: FastifyReply, retryAfterMs: number): FastifyReply {
  reply.header('retry-after', String(Math.ceil(retryAfterMs / 1000)));
  return sendError(reply, new AisleError('LOCKED_OUT', `Too many wrong PINs. Try again in ${inWords(retryAfterMs)}, or ask a manager to reset the PIN.`, undefined, { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) }));
}

export function registerStaffRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post(`${API_PREFIX}/staff/sign-in`, { config: SIGN_IN_RATE_LIMIT }, async (req, reply) => {
    const device = await requireDevice(ctx.db, req);
    requireCounter(device);
    const { staffId, pinKey } = fields(req.body, ['staffId', 'pinKey']);
    const check = await checkStaffPin(ctx.db, device.storeId, staffId ?? '', pinKey ?? '');
    if (!check.ok) {
      req.log.info({ device: device.deviceId, staff: staffId, outcome: check.code }, 'staff sign-in refused');
      if (check.code === 'LOCKED') return lockedOut(reply, check.retryAfterMs ?? 30_000);
      if (check.code === 'INACTIVE') throw new AisleError('FORBIDDEN', check.message);
      if (check.code === 'NO_PIN') throw new AisleError('CONFLICT', check.message);
      throw new AisleError('UNAUTHENTICATED', check.message);
    }
    const session = await createStaffSession(ctx.db, device, check.staff.id);
    const { id, name, role, staffNumber, pinVersion } = check.staff;
    return { session, staff: { id, name, role, staffNumber, pinVersion } };
  });

  app.post(`${API_PREFIX}/staff/sign-out`, async (req) => {
    const device = await requireDevice(ctx.db, req);
    const { sessionId } = fields(req.body, ['sessionId']);
    await endStaffSession(ctx.db, device, sessionId ?? '');
    return { ok: true };
  });

  app.post<{ Params: { staffId: string } }>(`${API_PREFIX}/staff/:staffId/pin`, { config: SIGN_IN_RATE_LIMIT }, async (req) => {
    const device = await requireDevice(ctx.db, req);
    requireCounter(device);
    const manager = await requireSignedInStaff(ctx.db, device, req.headers[STAFF_SESSION_HEADER], { role: 'manager', what: 'Resetting a PIN' });
    const { pinSalt, pinKey } = fields(req.body, ['pinSalt', 'pinKey']);
    const target = req.params.staffId;
    const staffDoc = await ctx.db.query<{ scope: string }>(`SELECT scope FROM docs WHERE collection = 'staff' AND id = $1 AND NOT deleted`, [target]);
    if (staffDoc.rows[0]?.scope !== device.storeId) throw new AisleError('NOT_FOUND', `no staff member ${target} at this store`);
    const next = await resetStaffPin(ctx.db, target, { pinSalt: pinSalt ?? '', pinKey: pinKey ?? '' }, `${device.deviceId}/${manager.id}`);
    req.log.info({ device: device.deviceId, manager: manager.id, staff: target }, 'staff PIN reset');
    return { staffId: next.id, pinVersion: next.pinVersion };
  });
}
