/**
 * Finding stores in the catalog by id ("store-001") or by the code printed on signage ("S001"), for the admin
 * CLI and anything else that takes a store from a person.
 */
import type { Queryable } from '../db/db';

export interface StoreSummary {
  id: string;
  code: string;
  name: string;
  city: string;
}

const SELECT_STORES = `SELECT id, coalesce(data->>'code', '') AS code, coalesce(data->>'name', '') AS name, coalesce(data->'address'->>'city', '') AS city
  FROM docs WHERE collection = 'stores' AND NOT deleted`;

export async function listStores(db: Queryable): Promise<StoreSummary[]> {
  return (await db.query<StoreSummary>(`${SELECT_STORES} ORDER BY id`)).rows;
}

/** Exact id first, then code (case-insensitive); null when neither matches. */
export async function findStore(db: Queryable, idOrCode: string): Promise<StoreSummary | null> {
  const res = await db.query<StoreSummary>(`${SELECT_STORES} AND (id = $1 OR upper(data->>'code') = upper($1)) ORDER BY (id = $1) DESC, id LIMIT 1`, [idOrCode.trim()]);
  return res.rows[0] ?? null;
}
