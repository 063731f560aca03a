import type { FastifyBaseLogger } from 'fastify';
import type { Db } from './db/db';
import type { ChangeHub } from './sync/changes';

/** What every route needs: the database, the change fan-out and a logger. Server processes keep no other state. */
export interface ServerContext {
  db: Db;
  hub: ChangeHub;
  log: FastifyBaseLogger;
}
