import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable } from './db';

/** PGlite: PostgreSQL in WebAssembly. `dataDir` undefined → in memory (tests). */
export async function openPglite(dataDir?: string): Promise<Db> {
  const pg = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
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
      return pg.transaction(async (tx) => fn(asQueryable(tx)));
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
      await pg.close();
    },
  };
}
