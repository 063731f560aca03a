/**
 * The central catalog service: a stateless Fastify process over one PostgreSQL (or PGlite). Any number of
 * these can run on one PostgreSQL; live changes reach every process's devices through LISTEN/NOTIFY.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Db } from './db/db';
import type { ServerContext } from './context';
import { createChangeHub } from './sync/changes';
import { frameworkErrors, installHttpBasics } from './http';
import { installRateLimits } from './security/rateLimits';
import { registerSyncRoutes } from './routes/sync';
import { registerDeviceRoutes } from './routes/devices';
import { registerInventoryRoutes } from './routes/inventory';
import { registerHealthRoutes } from './routes/health';
import { registerStaffRoutes } from './routes/staff';
import { registerStoreDeviceRoutes } from './routes/storeDevices';
import { registerImageRoutes } from './seed/imageRoute';
import { registerUpdateFeed } from './updates/feed';
import { setupPickups, type PickupServerOptions } from './orders/setup';
import { ensureReceiptKey } from './returns/keys';
import { registerScanConfigRoutes } from './scanConfig/scanConfig';
import type { PickupJobs } from './outbox/worker';
import type { PullPageCacheOptions } from './sync/pageCache';

export interface BuildServerOptions {
  db: Db;
  logger?: FastifyServerOptions['logger'];
  /** How often an open sync stream re-checks its device token (default 15 s, with the ping); tests shorten it. */
  streamRecheckMs?: number;
  /** Pickup in store: settings, message sender, channel keys, background job (docs/pickup.md). */
  pickups?: PickupServerOptions;
  /** Folder of desktop releases served as the auto-update feed at /updates/<platform>/ (server/updates/feed.ts). */
  updatesDir?: string;
  /** The pull page cache's budget and age limit (server/sync/pageCache.ts); `{ maxBytes: 0 }` turns it off. */
  pullCache?: PullPageCacheOptions;
}

export interface ServerRoute {
  method: string;
  url: string;
}

export interface CatalogServer {
  app: FastifyInstance;
  ctx: ServerContext;
  /** The pickup background job (expiry, reminders, outbox delivery); tests call runOnce. */
  pickupJobs: PickupJobs;
  /** Every route this server answers (method and URL pattern), as declared: the fuzz and scope tests walk it. */
  routes: readonly ServerRoute[];
  /** Stops accepting requests, ends SSE streams and stops listening; the database stays open (the caller owns it). */
  close(): Promise<void>;
}

export async function buildServer(options: BuildServerOptions): Promise<CatalogServer> {
  const app = Fastify({ logger: options.logger ?? false, forceCloseConnections: true, bodyLimit: 10 * 1024 * 1024, frameworkErrors });
  const hub = await createChangeHub(options.db, (payload) => app.log.warn({ payload }, 'ignored a malformed change notice'));
  const ctx: ServerContext = { db: options.db, hub, log: app.log };
  const routes: ServerRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD' && method !== 'OPTIONS') routes.push({ method, url: route.url });
  });
  installHttpBasics(app);
  await installRateLimits(app);
  registerHealthRoutes(app, ctx);
  registerDeviceRoutes(app, ctx);
  registerSyncRoutes(app, ctx, options.streamRecheckMs, options.pullCache);
  registerInventoryRoutes(app, ctx);
  registerImageRoutes(app, ctx);
  registerStaffRoutes(app, ctx);
  registerStoreDeviceRoutes(app, ctx);
  if (options.updatesDir) registerUpdateFeed(app, { dir: options.updatesDir });
  registerScanConfigRoutes(app, ctx);
  const pickupJobs = setupPickups(app, ctx, options.pickups);
  // The receipt-signing key exists before the first request: reading settings or signing a receipt never writes.
  await ensureReceiptKey(options.db);
  return {
    app,
    ctx,
    pickupJobs,
    routes,
    async close() {
      await pickupJobs.stop();
      await app.close();
      await hub.close();
    },
  };
}
