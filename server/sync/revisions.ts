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

/** A document whose id is not in `docs` yet, with its data already serialised as JSON (see copyNewDocs). */
export interface NewDocRow {
  id: string;
  scope: string;
  /** JSON text of the document, as JSON.stringify(data) would write it (jsonb normalises key order and spacing). */
  json: string;
}

/**
 * copyDocs for rows known to be new (a fresh seed, an import's created documents): COPY straight into `docs`,
 * without the staging table and the upsert. The rows' revisions are reserved from `doc_rev` as one block under the
 * writers' lock and numbered in the given order, so they are exactly the revisions copyDocs would have assigned
 * (nextval row by row in the same order). Measured at 240,000 inventory rows on PostgreSQL: 7.0 s of database CPU
 * against 10.0 s for the staged upsert.
 *
 * The caller guarantees that no row of `docs` has one of these ids (deleted rows included), having checked under
 * the same lock: a duplicate makes COPY fail and the transaction roll back, nothing half written.
 */
export async function copyNewDocs(tx: Transaction, collection: CollectionName, rows: readonly NewDocRow[], updatedBy: string | null): Promise<number> {
  if (rows.length === 0) return 0;
  await tx.query('SELECT pg_advisory_xact_lock($1)', [REVISION_LOCK]);
  // Every nextval of doc_rev is taken under this lock (writeDocs, copyDocs, here), so the block is contiguous.
  const reserved = await tx.query<{ first: number }>(`SELECT nextval('doc_rev')::float8 AS first`);
  const first = reserved.rows[0]?.first ?? 0;
  const last = first + rows.length - 1;
  if (rows.length > 1) await tx.query(`SELECT setval('doc_rev', $1::bigint)`, [last]);
  const tail = `\t${updatedBy === null ? '\\N' : copyField(updatedBy)}\n`;
  const prefix = `${copyField(collection)}\t`;
  const scopes = new Set<string>();
  let text = '';
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as NewDocRow;
    scopes.add(r.scope);
    text += `${prefix}${copyField(r.id)}\t${copyField(r.scope)}\t${copyField(r.json)}\tf\t${first + i}${tail}`;
  }
  await tx.copyIn('docs (collection, id, scope, data, deleted, rev, updated_by)', text);
  const notice: ChangeNotice = { c: collection, r: last, s: scopes.size > 50 ? ['*'] : [...scopes] };
  await tx.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, JSON.stringify(notice)]);
  return last;
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
