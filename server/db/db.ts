/**
 * One small interface over the two PostgreSQL engines the catalog runs on: PGlite (embedded, the default:
 * a data folder, or memory in tests) and a real PostgreSQL server (DATABASE_URL). Everything above this
 * file writes plain PostgreSQL and does not know which one it has.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: T[] }>;
}

/** A transaction: queries, plus PostgreSQL's COPY for bulk loads (the demo seed at a million variants). */
export interface Transaction extends Queryable {
  /**
   * `COPY <target> FROM` the given text, in COPY's text format (tab-separated, one row a line; see copyText).
   * `target` is a table and column list, e.g. `docs_copy (id, data)`; the adapter adds the source.
   */
  copyIn(target: string, text: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  /** LISTEN on a channel; NOTIFY payloads from any process on the same database arrive here. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** One field in COPY's text format: backslash, tab, newline and carriage return escaped; null as \N. */
export function copyField(value: string | number | boolean | null): string {
  if (value === null) return '\\N';
  if (typeof value !== 'string') return String(value);
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
