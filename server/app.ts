/**
 * The central catalog service: a stateless Fastify process over one PostgreSQL (or PGlite). Any number of
 * these can run on one PostgreSQL; live changes reach every process's devices through LISTEN/NOTIFY.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Db } from './db/db';
import type { ServerContext } from './context';
import { createChangeHub } from './sync/changes';
import { installHttpBasics } from './http';
import { registerSyncRoutes } from './routes/sync';
import { registerDeviceRoutes } from './routes/devices';
import { registerInventoryRoutes } from './routes/inventory';
import { registerHealthRoutes } from './routes/health';
import { registerStaffRoutes } from './routes/staff';
import { registerImageRoutes } from './seed/imageRoute';
import { setupPickups, type PickupServerOptions } from './orders/setup';
import type { PickupJobs } from './outbox/worker';

export interface BuildServerOptions {
  db: Db;
  logger?: FastifyServerOptions['logger'];
  /** Pickup in store: settings, message sender, channel keys, background job (docs/pickup.md). */
  pickups?: PickupServerOptions;
}

export interface CatalogServer {
  app: FastifyInstance;
  ctx: ServerContext;
  /** The pickup background job (expiry, reminders, outbox delivery); tests call runOnce. */
  pickupJobs: PickupJobs;
  /** Stops accepting requests, ends SSE streams and stops listening; the database stays open (the caller owns it). */
  close(): Promise<void>;
}

export async function buildServer(options: BuildServerOptions): Promise<CatalogServer> {
  const app = Fastify({ logger: options.logger ?? false, forceCloseConnections: true, bodyLimit: 10 * 1024 * 1024 });
  const hub = await createChangeHub(options.db, (payload) => app.log.warn({ payload }, 'ignored a malformed change notice'));
  const ctx: ServerContext = { db: options.db, hub, log: app.log };
  installHttpBasics(app);
  registerHealthRoutes(app, ctx);
  registerDeviceRoutes(app, ctx);
  registerSyncRoutes(app, ctx);
  registerInventoryRoutes(app, ctx);
  registerImageRoutes(app, ctx);
  registerStaffRoutes(app, ctx);
  const pickupJobs = setupPickups(app, ctx, options.pickups);
  return {
    app,
    ctx,
    pickupJobs,
    async close() {
      await pickupJobs.stop();
      await app.close();
      await hub.close();
    },
  };
}
