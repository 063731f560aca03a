import type { Db } from './db';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import { migrate } from './migrate';

export interface OpenDbOptions {
  /** A PostgreSQL connection string; when absent, PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data folder; undefined → in memory. */
  dataDir?: string | undefined;
  /** Who holds a PGlite folder's lock, for the refusal message another process gets ("catalog server"). */
  purpose?: string;
}

export async function openDb(options: OpenDbOptions): Promise<Db> {
  const db = options.databaseUrl ? await openPostgres(options.databaseUrl) : await openPglite(options.dataDir, options.purpose);
  await migrate(db);
  return db;
}
