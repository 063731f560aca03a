/**
 * The only way documents are written to `docs`. Revisions come from one sequence, assigned while holding a
 * transaction-scoped advisory lock that PostgreSQL releases only after the commit is visible. So writers
 * commit in revision order, every reader sees a prefix of the revision sequence, and a pull that has seen
 * revision N can never later find a committed row with a revision below N. (Without the lock, two
 * concurrent transactions can take revisions 5 and 6 and commit 6 first: a device pulling in between
 * would move its checkpoint to 6 and never see 5.) Writes to `docs` are therefore serialised; one store's
 * traffic is far below what that allows, and the lock is held only for the writing transaction.
 */
import { copyField, type Queryable, type Transaction } from '../db/db';
import type { CollectionName } from '../../shared/schemas/collections';

export const REVISION_LOCK = 7_245_002;
export const CHANGES_CHANNEL = 'aisle_changes';

export interface DocWrite {
  id: string;
  /** '' for global documents, the store id for store-scoped ones. */
  scope: string;
  data: Record<string, unknown>;
  deleted?: boolean;
}

/** The payload of a NOTIFY on CHANGES_CHANNEL. */
export interface ChangeNotice {
  c: CollectionName;
  /** Highest revision written by the transaction for this collection. */
  r: number;
  /** Distinct scopes touched ('' = global). */
  s: string[];
}

const CHUNK = 5000;

/**
 * Upserts documents of one collection inside the caller's transaction, assigning new revisions, and queues
 * a NOTIFY that PostgreSQL delivers to every listening server process when (and only if) the transaction commits.
 * Returns the highest revision written.
 */
export async function writeDocs(tx: Queryable, collection: CollectionName, docs: readonly DocWrite[], updatedBy: string | null): Promise<number> {
  if (docs.length === 0) return 0;
  await tx.query('SELECT pg_advisory_xact_lock($1)', [REVISION_LOCK]);
  let maxRev = 0;
  for (let i = 0; i < docs.length; i += CHUNK) {
    const chunk = docs.slice(i, i + CHUNK).map((d) => ({ id: d.id, scope: d.scope, data: d.data, deleted: d.deleted ?? false }));
    const res = await tx.query<{ rev: number }>(
      `INSERT INTO docs (collection, id, scope, data, deleted, rev, updated_by)
       SELECT $1, x.id, x.scope, x.data, x.deleted, nextval('doc_rev'), $3
       FROM jsonb_to_recordset($2::jsonb) AS x(id text, scope text, data jsonb, deleted boolean)
       ON CONFLICT (collection, id) DO UPDATE
         SET scope = EXCLUDED.scope, data = EXCLUDED.data, deleted = EXCLUDED.deleted,
             rev = EXCLUDED.rev, updated_at = now(), updated_by = EXCLUDED.updated_by
       RETURNING rev::float8 AS rev`,
      [collection, JSON.stringify(chunk), updatedBy],
    );
    for (const row of res.rows) if (row.rev > maxRev) maxRev = row.rev;
  }
  const scopes = [...new Set(docs.map((d) => d.scope))];
  const notice: ChangeNotice = { c: collection, r: maxRev, s: scopes.length > 50 ? ['*'] : scopes };
  await tx.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, JSON.stringify(notice)]);
  return maxRev;
}

/**
 * writeDocs for bulk loads (the demo seed): the same upsert, revisions, lock and NOTIFY, but the rows reach the
 * database through COPY into a temporary table instead of one jsonb parameter that PostgreSQL parses whole and
 * then takes apart again (jsonb_to_recordset). Measured with the seed in `npm run bench:pull`'s log.
 */
export async function copyDocs(tx: Transaction, collection: CollectionName, docs: readonly DocWrite[], updatedBy: string | null): Promise<number> {
  if (docs.length === 0) return 0;
  await tx.query('SELECT pg_advisory_xact_lock($1)', [REVISION_LOCK]);
  await tx.query('CREATE TEMP TABLE IF NOT EXISTS docs_copy (id text NOT NULL, scope text NOT NULL, data jsonb NOT NULL, deleted boolean NOT NULL) ON COMMIT DELETE ROWS');
  let text = '';
  for (const d of docs) text += `${copyField(d.id)}\t${copyField(d.scope)}\t${copyField(JSON.stringify(d.data))}\t${d.deleted === true ? 't' : 'f'}\n`;
  await tx.copyIn('docs_copy (id, scope, data, deleted)', text);
  const res = await tx.query<{ rev: number | null }>(
    `WITH written AS (
       INSERT INTO docs (collection, id, scope, data, deleted, rev, updated_by)
       SELECT $1, c.id, c.scope, c.data, c.deleted, nextval('doc_rev'), $2 FROM docs_copy c
       ON CONFLICT (collection, id) DO UPDATE
         SET scope = EXCLUDED.scope, data = EXCLUDED.data, deleted = EXCLUDED.deleted,
             rev = EXCLUDED.rev, updated_at = now(), updated_by = EXCLUDED.updated_by
       RETURNING rev)
     SELECT max(rev)::float8 AS rev FROM written`,
    [collection, updatedBy],
  );
  // Several collections may be copied in one transaction: the table is emptied for the next.
  await tx.query('TRUNCATE docs_copy');
  const maxRev = res.rows[0]?.rev ?? 0;
  const scopes = [...new Set(docs.map((d) => d.scope))];
  const notice: ChangeNotice = { c: collection, r: maxRev, s: scopes.length > 50 ? ['*'] : scopes };
  await tx.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, JSON.stringify(notice)]);
  return maxRev;
}

export interface StoredDoc {
  id: string;
  scope: string;
  data: Record<string, unknown>;
  deleted: boolean;
  rev: number;
}

export async function readDocs(q: Queryable, collection: CollectionName, ids: readonly string[], forUpdate = false): Promise<Map<string, StoredDoc>> {
  const res = await q.query<StoredDoc>(
    `SELECT id, scope, data, deleted, rev::float8 AS rev FROM docs WHERE collection = $1 AND id = ANY($2::text[])${forUpdate ? ' ORDER BY id FOR UPDATE' : ''}`,
    [collection, ids],
  );
  return new Map(res.rows.map((r) => [r.id, r]));
}
