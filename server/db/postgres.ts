import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db, Queryable } from './db';

/**
 * A real PostgreSQL server. Queries share a pool; LISTEN holds one dedicated connection that reconnects
 * when the server drops it, so a server process keeps fanning out changes across a database restart.
 */
export async function openPostgres(connectionString: string, options: { max?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  // Fail fast with a clear error when the database is unreachable.
  await pool.query('SELECT 1');
  const listeners: { client: pg.Client; ended: boolean }[] = [];
  const q: Queryable = {
    async query<T>(sql: string, params?: readonly unknown[]) {
      const res = await pool.query(sql, params ? [...params] : []);
      return { rows: res.rows as T[] };
    },
  };
  return {
    kind: 'postgres',
    query: (sql, params) => q.query(sql, params),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          async query<T>(sql: string, params?: readonly unknown[]) {
            const res = await client.query(sql, params ? [...params] : []);
            return { rows: res.rows as T[] };
          },
          async copyIn(target, text) {
            await pipeline(Readable.from([text]), client.query(copyFrom(`COPY ${target} FROM STDIN`)));
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async listen(channel, onPayload) {
      if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name ${channel}`);
      const entry = { client: new pg.Client({ connectionString }), ended: false };
      listeners.push(entry);
      const connect = async (): Promise<void> => {
        const client = new pg.Client({ connectionString });
        entry.client = client;
        client.on('notification', (msg) => {
          if (msg.channel === channel) onPayload(msg.payload ?? '');
        });
        client.on('error', () => {
          if (!entry.ended) setTimeout(() => void connect().catch(() => undefined), 1000);
        });
        await client.connect();
        await client.query(`LISTEN ${channel}`);
      };
      await connect();
      return async () => {
        entry.ended = true;
        await entry.client.end().catch(() => undefined);
      };
    },
    async close() {
      for (const l of listeners) {
        l.ended = true;
        await l.client.end().catch(() => undefined);
      }
      await pool.end();
    },
  };
}
