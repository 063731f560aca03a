/**
 * Rate limits for the calls that guess or cost something: enrollment, kiosk check-in, staff sign-in, message
 * resend, customer lookup. @fastify/rate-limit does the counting (registered with `global: false`: only routes
 * that opt in are limited); this module holds the numbers and the two keys, so every route says the same thing:
 *
 *   app.post('/api/v1/…', { config: { rateLimit: RATE_LIMITS.signIn } }, handler)
 *
 * Each limit counts per address (the plugin's route hook) and, when the request carries a device token, also per
 * device token (a second counter installed from `perDevice` by installRateLimits). Devices of one shop can share a
 * public address, so per-address limits are the looser ones. Over the limit: 429, `Retry-After: <seconds>`, body
 * {code: 'RATE_LIMITED', message: 'Too many tries — try again in 2 minutes.', retryAfterSeconds}.
 *
 * What must stay true: installRateLimits runs before any route is declared (its onRoute hook sees the routes).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import { createHash } from 'node:crypto';
import { AisleError } from '../../shared/errors';
import { tooManyTriesMessage } from '../../shared/retryWait';

export interface LimitRule {
  max: number;
  /** Milliseconds. */
  timeWindow: number;
}

export type AisleRateLimit = RateLimitOptions & LimitRule & { perDevice?: LimitRule };

const MINUTE = 60_000;

/** The requester's address (the socket's; set trustProxy on the server if it runs behind a proxy). */
export function addressKey(req: FastifyRequest): string {
  return `ip:${req.ip}`;
}

/** A hash of the bearer token (the raw token is never kept as a map key), or null without one. */
export function deviceKey(req: FastifyRequest): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1] ? `dev:${createHash('sha256').update(m[1]).digest('base64url')}` : null;
}

function limit(perAddress: LimitRule, perDevice?: LimitRule): AisleRateLimit {
  return { ...perAddress, keyGenerator: addressKey, ...(perDevice ? { perDevice } : {}) };
}

const CHECKIN_PER_DEVICE: LimitRule = { max: 20, timeWindow: MINUTE };

/** The per-route limits. Use as `config: { rateLimit: RATE_LIMITS.<name> }`. */
export const RATE_LIMITS = {
  /** POST /api/v1/enroll: no token yet, so per address only. Codes are long; this stops a scan, not a typo. */
  enroll: limit({ max: 10, timeWindow: 10 * MINUTE }),
  /** Kiosk check-in by pickup code (answers with a first name): a kiosk scans one customer at a time. */
  checkIn: limit({ max: 120, timeWindow: MINUTE }, CHECKIN_PER_DEVICE),
  /** Staff sign-in on the server (trust-auth's route): PINs are short, so this one is tight. */
  signIn: limit({ max: 60, timeWindow: 5 * MINUTE }, { max: 10, timeWindow: 5 * MINUTE }),
  /** Resending a customer message: each one is an e-mail or SMS. */
  resend: limit({ max: 60, timeWindow: MINUTE }, { max: 6, timeWindow: MINUTE }),
  /** Customer lookup (customers-server's route): personal data, so no bulk walking. */
  customerLookup: limit({ max: 300, timeWindow: MINUTE }, { max: 60, timeWindow: MINUTE }),
} as const satisfies Record<string, AisleRateLimit>;

/** Pushes of kiosk check-ins go through sync (`checkins`): the same per-device budget as the check-in route. */
export const CHECKIN_PUSH_LIMIT: LimitRule = CHECKIN_PER_DEVICE;

function rateLimitedError(ttlMs: number): AisleError {
  const retryAfterSeconds = Math.max(1, Math.ceil(ttlMs / 1000));
  return new AisleError('RATE_LIMITED', tooManyTriesMessage(retryAfterSeconds), undefined, { retryAfterSeconds });
}

/** A second counter, per device token, that a handler or hook can call: throws RATE_LIMITED with Retry-After set. */
export type DeviceLimiter = (req: FastifyRequest, reply: { header(name: string, value: number): unknown }) => Promise<void>;

export function createDeviceLimiter(app: FastifyInstance, rule: LimitRule): DeviceLimiter {
  const check = app.createRateLimit({ max: rule.max, timeWindow: rule.timeWindow, keyGenerator: (req) => deviceKey(req) ?? addressKey(req) });
  return async (req, reply) => {
    if (deviceKey(req) === null) return;
    const result = await check(req);
    if (result.isAllowed || !result.isExceeded) return;
    reply.header('retry-after', result.ttlInSeconds);
    throw rateLimitedError(result.ttl);
  };
}

/** Registers @fastify/rate-limit (global: false) and the per-device counters. Await before declaring routes. */
export async function installRateLimits(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) => rateLimitedError(context.ttl),
  });
  app.addHook('onRoute', (route) => {
    const config = route.config as { rateLimit?: Partial<AisleRateLimit> | false } | undefined;
    const perDevice = config?.rateLimit ? config.rateLimit.perDevice : undefined;
    if (!perDevice) return;
    const limiter = createDeviceLimiter(app, perDevice);
    const hook = async (req: FastifyRequest, reply: { header(name: string, value: number): unknown }): Promise<void> => limiter(req, reply);
    const existing = route.onRequest;
    route.onRequest = existing === undefined ? [hook] : Array.isArray(existing) ? [...existing, hook] : [existing, hook];
  });
}
