import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';

/**
 * Liveness (the process answers) and readiness (the database answers); for load balancers and orchestration.
 * Both are unauthenticated, so they say ready or not and nothing more: no counts, no listeners, no engine.
 */
export function registerHealthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    try {
      await ctx.db.query('SELECT 1');
      return { ready: true };
    } catch (err) {
      ctx.log.error({ err }, 'readiness check failed');
      return reply.status(503).send({ ready: false, code: 'SERVER_UNREACHABLE', message: 'database is not reachable' });
    }
  });
}
