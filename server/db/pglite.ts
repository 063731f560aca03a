import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable, Transaction } from './db';
import { lockDataFolder, type FolderLock } from './folderLock';

/**
 * PGlite: PostgreSQL in WebAssembly. `dataDir` undefined → in memory (tests). A data folder is locked to this
 * process until close (server/db/folderLock.ts): a second process gets DataFolderInUseError instead of a copy.
 */
export async function openPglite(dataDir?: string, purpose = 'aisle'): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const lock: FolderLock | null = dataDir ? lockDataFolder(dataDir, purpose) : null;
  let pg: PGlite;
  try {
    pg = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  } catch (err) {
    lock?.release();
    throw err;
  }
  const asQueryable = (q: { query: PGlite['query'] }): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const res = await q.query<T>(sql, params ? [...params] : []);
      return { rows: res.rows };
    },
  });
  const base = asQueryable(pg);
  return {
    kind: 'pglite',
    query: (sql, params) => base.query(sql, params),
    async transaction(fn) {
      return pg.transaction(async (tx) => {
        const t: Transaction = {
          ...asQueryable(tx),
          // PGlite reads COPY input from a Blob handed over as the virtual file /dev/blob.
          async copyIn(target, text) {
            await tx.query(`COPY ${target} FROM '/dev/blob'`, [], { blob: new Blob([text]) });
          },
        };
        return fn(t);
      });
    },
    async exec(sql) {
      await pg.exec(sql);
    },
    async listen(channel, onPayload) {
      const unsub = await pg.listen(channel, onPayload);
      return async () => {
        await unsub();
      };
    },
    async close() {
      try {
        await pg.close();
      } finally {
        lock?.release();
      }
    },
  };
}
