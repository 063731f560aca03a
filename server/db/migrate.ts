/**
 * Applies the ordered SQL files in server/db/migrations (NNN_name.sql) that this database has not seen,
 * each in its own transaction, under an advisory lock so that several server processes starting together
 * on one PostgreSQL apply each file exactly once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Db } from './db';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const MIGRATION_LOCK = 7_245_001;

const MIGRATION_FILE = /^\d{3}_[a-z0-9_]+\.sql$/;

/**
 * The migrations in order. A `.sql` file that does not follow NNN_name.sql, or two files with one number, is an
 * error rather than skipped: a skipped migration would leave a database without the table its code expects.
 */
export function listMigrations(dir = MIGRATIONS_DIR): { version: number; name: string; sql: string }[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql'));
  const misnamed = files.filter((f) => !MIGRATION_FILE.test(f));
  if (misnamed.length > 0) throw new Error(`migration file${misnamed.length > 1 ? 's' : ''} not named NNN_name.sql (three digits, lower-case name): ${misnamed.join(', ')}`);
  const list = files.sort().map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(path.join(dir, f), 'utf8') }));
  const twice = list.filter((m, i) => i > 0 && list[i - 1]?.version === m.version);
  if (twice.length > 0) throw new Error(`two migrations share a number: ${twice.map((m) => m.name).join(', ')}`);
  return list;
}

export async function migrate(db: Db): Promise<string[]> {
  const applied: string[] = [];
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  for (const m of listMigrations()) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (seen.rows.length > 0) return false;
      // Statements are split on lines holding only ';' – our migration files are written that way.
      for (const stmt of m.sql.split(/^;\s*$/m).map((s) => s.trim()).filter(Boolean)) await tx.query(stmt);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.name);
  }
  return applied;
}
