import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';

/** Liveness (the process answers) and readiness (the database answers); for load balancers and orchestration. */
export function registerHealthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    try {
      const res = await ctx.db.query<{ variants: number }>(`SELECT count(*)::float8 AS variants FROM docs WHERE collection = 'variants' AND NOT deleted`);
      return { status: 'ready', database: ctx.db.kind, variants: res.rows[0]?.variants ?? 0, listeners: ctx.hub.size };
    } catch (err) {
      ctx.log.error({ err }, 'readiness check failed');
      return reply.status(503).send({ code: 'SERVER_UNREACHABLE', message: 'database is not reachable' });
    }
  });
}
