/**
 * Pull: documents of one collection in server revision order after the device's checkpoint, limited to what
 * the device may see (its store's rows for store-scoped collections). See revisions.ts for why revision order
 * never skips a row.
 */
import type { Queryable } from '../db/db';
import type { CollectionName } from '../../shared/schemas/collections';
import { COLLECTIONS } from '../../shared/schemas/collections';
import type { DeviceInfo, PullResponse } from '../../shared/sync';

export function scopeFor(collection: CollectionName, device: DeviceInfo): string {
  return COLLECTIONS[collection].scope === 'store' ? device.storeId : '';
}

export async function pullDocs(q: Queryable, collection: CollectionName, device: DeviceInfo, afterRev: number, limit: number): Promise<PullResponse<Record<string, unknown>>> {
  const scope = scopeFor(collection, device);
  const res = await q.query<{ data: Record<string, unknown>; deleted: boolean; rev: number }>(
    `SELECT data, deleted, rev::float8 AS rev FROM docs
     WHERE collection = $1 AND scope = $2 AND rev > $3 ORDER BY rev LIMIT $4`,
    [collection, scope, afterRev, limit],
  );
  const documents = res.rows.map((r) => ({ ...r.data, _deleted: r.deleted }));
  const last = res.rows[res.rows.length - 1];
  const checkpoint = { rev: last ? last.rev : afterRev };
  let remaining = 0;
  if (res.rows.length === limit) {
    const count = await q.query<{ n: number }>(
      'SELECT count(*)::float8 AS n FROM docs WHERE collection = $1 AND scope = $2 AND rev > $3',
      [collection, scope, checkpoint.rev],
    );
    remaining = count.rows[0]?.n ?? 0;
  }
  return { documents, checkpoint, remaining };
}
