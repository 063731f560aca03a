/** The database a bench runs on: PGlite in memory, or PostgreSQL (DATABASE_URL, else a throwaway local cluster). */
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/db';
import { startThrowawayPostgres } from '../support/postgresCluster';

export async function openBenchDb(engine: string): Promise<{ db: Db; stopPg: () => void }> {
  let stopPg = (): void => undefined;
  let databaseUrl = engine === 'postgres' ? process.env['DATABASE_URL'] : undefined;
  if (engine === 'postgres' && !databaseUrl) {
    const pg = await startThrowawayPostgres();
    if (pg.adminUrl === null) throw new Error(pg.skipReason);
    stopPg = () => pg.stop();
    databaseUrl = pg.adminUrl;
  }
  return { db: await openDb({ databaseUrl }), stopPg };
}
