/**
 * HTTP plumbing shared by all routes: errors become {code, message, details?} with a status derived from the
 * code; CORS is open because devices authenticate with bearer tokens (no cookies), and the browser host runs
 * on another origin than the server.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AisleError, type ErrorCode, type TransferableError } from '../shared/errors';
import { SCHEMA_HEADER, SCHEMA_VERSION, type DeviceInfo } from '../shared/sync';
import { authenticateRow, touchDevice } from './auth';
import type { Queryable } from './db/db';
import { installBoundaryChecks } from './security/boundary';

export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  ENROLLMENT_CODE_INVALID: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  IMPORT_FAILED: 422,
  RATE_LIMITED: 429,
  SCHEMA_OUTDATED: 426,
  SERVER_UNREACHABLE: 503,
  LOCKED_OUT: 429,
  INTERNAL: 500,
};

export function sendError(reply: FastifyReply, err: AisleError): FastifyReply {
  const body: TransferableError = err.toTransferable();
  return reply.status(STATUS_BY_CODE[err.code]).send(body);
}

/**
 * Fastify's own errors from before routing (a URL with invalid percent-encoding, FST_ERR_BAD_URL) skip the error
 * handler; pass this as the `frameworkErrors` option so they answer {code, message} like everything else.
 */
export function frameworkErrors(error: { message?: string; statusCode?: number }, _req: FastifyRequest, reply: FastifyReply): void {
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  reply.header('access-control-allow-origin', '*');
  void reply.status(status).send({ code: 'BAD_REQUEST', message: `malformed request URL: ${error.message ?? 'cannot be decoded'}` } satisfies TransferableError);
}

export function installHttpBasics(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-allow-headers', `authorization, content-type, ${SCHEMA_HEADER}, idempotency-key, x-aisle-channel-key, x-aisle-staff-session`);
    reply.header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
    reply.header('access-control-max-age', '600');
    // A rate-limited app reads how long to wait (it is also in the 429 body).
    reply.header('access-control-expose-headers', 'retry-after');
    if (req.method === 'OPTIONS') return reply.status(204).send();
  });
  installBoundaryChecks(app);
  app.setNotFoundHandler((req, reply) => sendError(reply, new AisleError('NOT_FOUND', `no route ${req.method} ${req.url}`)));
  app.setErrorHandler((error: unknown, req, reply) => {
    if (error instanceof AisleError) return sendError(reply, error);
    const e = error as { statusCode?: number; code?: string; message?: string; validation?: unknown };
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      // Fastify's own client errors: unparsable JSON, body too large, wrong content type.
      return reply.status(e.statusCode).send({ code: 'BAD_REQUEST', message: e.message ?? 'bad request' } satisfies TransferableError);
    }
    req.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ code: 'INTERNAL', message: 'internal server error; see the server log' } satisfies TransferableError);
  });
}

declare module 'fastify' {
  interface FastifyRequest {
    device?: DeviceInfo;
  }
}

/** Authenticates the request's device token; throws UNAUTHENTICATED (401) with the reason. */
export async function requireDevice(db: Queryable, req: FastifyRequest): Promise<DeviceInfo> {
  const { device, stale } = await authenticateRow(db, req.headers.authorization);
  req.device = device;
  // Throttled so that a pulling device does not write on every request; the token's SELECT says when it is due,
  // so the other requests of that minute cost no second round trip.
  if (stale) await touchDevice(db, device.deviceId);
  return device;
}

/** Sync requests carry the schema version the device was built with; an older device must update (426). */
export function requireSchemaVersion(req: FastifyRequest): void {
  const raw = req.headers[SCHEMA_HEADER];
  const version = typeof raw === 'string' ? Number(raw) : NaN;
  if (!Number.isInteger(version)) {
    throw new AisleError('SCHEMA_OUTDATED', `missing ${SCHEMA_HEADER} header: this app predates schema version ${SCHEMA_VERSION}; update Aisle`);
  }
  if (version < SCHEMA_VERSION) {
    throw new AisleError('SCHEMA_OUTDATED', `this device uses schema version ${version}; the catalog needs ${SCHEMA_VERSION}. Update Aisle on this device.`);
  }
  if (version > SCHEMA_VERSION) {
    throw new AisleError('BAD_REQUEST', `this device uses schema version ${version}, newer than the catalog server's ${SCHEMA_VERSION}; update the server first`);
  }
}
