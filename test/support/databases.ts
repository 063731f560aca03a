/**
 * The two engines every integration suite runs against: in-memory PGlite and a real PostgreSQL (a fresh
 * database per call, created on the server the global setup provides).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/db';

export type Engine = 'pglite' | 'postgres';

export const postgresSkipReason = (): string => inject('postgresSkipReason');

export async function createPostgresDatabase(): Promise<string> {
  const admin = inject('postgresAdminUrl');
  if (!admin) throw new Error(inject('postgresSkipReason'));
  const name = `aisle_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function openTestDb(engine: Engine): Promise<{ db: Db; databaseUrl: string | null }> {
  if (engine === 'pglite') return { db: await openDb({}), databaseUrl: null };
  const databaseUrl = await createPostgresDatabase();
  return { db: await openDb({ databaseUrl }), databaseUrl };
}
