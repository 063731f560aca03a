/**
 * One small interface over the two PostgreSQL engines the catalog runs on: PGlite (embedded, the default:
 * a data folder, or memory in tests) and a real PostgreSQL server (DATABASE_URL). Everything above this
 * file writes plain PostgreSQL and does not know which one it has.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: T[] }>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  /** LISTEN on a channel; NOTIFY payloads from any process on the same database arrive here. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
