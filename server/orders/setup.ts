/**
 * Wires pickup-in-store into a server process: the order, pickup and customer routes, and the background job (expiry,
 * reminders, outbox delivery). Settings come from the environment unless given (tests inject a clock, a temp
 * outbox folder, channel keys).
 */
import { reprojectLegacyPickupCodes } from './pickupStore';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { registerOrderRoutes } from '../routes/orders';
import { registerPickupRoutes } from '../routes/pickups';
import { registerCustomerRoutes, registerKpiRoutes } from '../routes/customers';
import { parseEnvChannelKeys } from './channelKeys';
import { pickupSettingsFromEnv, type PickupSettings } from './policy';
import { senderFromEnv, type MessageSender } from '../outbox/senders';
import { startPickupJobs, type PickupJobs } from '../outbox/worker';
import { registerReturnRoutes } from '../returns/routes';
import { useReceiptKeyFromEnv } from '../returns/keys';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_OUTBOX_DIR = path.join(REPO_ROOT, '.aisle-data', 'outbox');

export interface PickupServerOptions {
  settings?: Partial<PickupSettings>;
  /** Default: SMTP when AISLE_SMTP_URL is set, else .eml files in AISLE_OUTBOX_DIR or .aisle-data/outbox. */
  sender?: MessageSender;
  /** "web:KEY,app:KEY" (default: AISLE_CHANNEL_KEYS). */
  channelKeys?: string;
  /** Run the background job on a timer (default true; tests call jobs.runOnce instead). */
  jobs?: boolean;
  jobIntervalMs?: number;
  env?: NodeJS.ProcessEnv;
  /** The admin API's token (default: AISLE_ADMIN_TOKEN; without one the admin API answers 403). */
  adminToken?: string;
}

export function setupPickups(app: FastifyInstance, ctx: ServerContext, options: PickupServerOptions = {}): PickupJobs {
  const env = options.env ?? process.env;
  const settings = pickupSettingsFromEnv(env, options.settings);
  const envKeys = parseEnvChannelKeys(options.channelKeys ?? env['AISLE_CHANNEL_KEYS']);
  registerOrderRoutes(app, ctx, settings, envKeys);
  registerPickupRoutes(app, ctx, settings);
  // Customers share the channel keys and the clock (docs/customers.md).
  registerCustomerRoutes(app, ctx, { envKeys, adminToken: options.adminToken ?? env['AISLE_ADMIN_TOKEN'] ?? null, now: settings.now });
  registerKpiRoutes(app, ctx, settings.now);
  // Returns (docs/returns.md) share the clock; AISLE_RECEIPT_KEY may hold the receipt signing key.
  useReceiptKeyFromEnv(env['AISLE_RECEIPT_KEY']);
  registerReturnRoutes(app, ctx, settings.now);
  const sender = options.sender ?? senderFromEnv(env, DEFAULT_OUTBOX_DIR);
  // Kiosk projections from before the slow code hash and the AEAD seal are rewritten once, in the background.
  reprojectLegacyPickupCodes(ctx.db).then(
    (n) => n > 0 && ctx.log.info({ rows: n }, 'rewrote legacy kiosk pickup-code projections'),
    (error: unknown) => ctx.log.error({ err: error }, 'could not rewrite legacy kiosk pickup-code projections'),
  );
  return startPickupJobs({ db: ctx.db, sender, settings, log: ctx.log, autoStart: options.jobs ?? true, intervalMs: options.jobIntervalMs ?? 5_000 });
}
