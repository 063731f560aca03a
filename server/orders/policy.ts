/** Server-side pickup settings: how long stock is held, the ready promise, and the clock (injectable for tests). */
export interface PickupSettings {
  /** Days an uncollected ready pickup is held before it expires (AISLE_PICKUP_HOLD_DAYS, default 3). */
  holdDays: number;
  /** Promised ready time after the order (AISLE_PICKUP_PROMISE_MINUTES, default 120). */
  promiseMinutes: number;
  /** Hours after ready before one reminder is sent (default 24). */
  reminderAfterHours: number;
  /** A pickup nobody started is flagged to the manager this long after its promised ready time (default 60). */
  flagAfterMinutes: number;
  /** … and released (cancelled, stock back, customer told) this long after the order (default 24). */
  releaseAfterHours: number;
  /**
   * Order-confirmation e-mails with the signed receipt code (server/outbox/confirmation.ts; AISLE_ORDER_CONFIRMATIONS,
   * default on, 0 turns them off for a shop whose web front sends its own).
   */
  orderConfirmations: boolean;
  now: () => Date;
}

function envInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

export function pickupSettingsFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<PickupSettings> = {}): PickupSettings {
  return {
    holdDays: envInt(env, 'AISLE_PICKUP_HOLD_DAYS', 3, 1, 365),
    promiseMinutes: envInt(env, 'AISLE_PICKUP_PROMISE_MINUTES', 120, 0, 100_000),
    reminderAfterHours: envInt(env, 'AISLE_PICKUP_REMINDER_HOURS', 24, 1, 24 * 365),
    flagAfterMinutes: envInt(env, 'AISLE_PICKUP_UNSTARTED_FLAG_MINUTES', 60, 0, 100_000),
    releaseAfterHours: envInt(env, 'AISLE_PICKUP_UNSTARTED_RELEASE_HOURS', 24, 1, 24 * 365),
    orderConfirmations: env['AISLE_ORDER_CONFIRMATIONS'] !== '0',
    now: () => new Date(),
    ...overrides,
  };
}
