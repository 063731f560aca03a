/**
 * copyDocs (server/sync/revisions.ts), the COPY path of the demo seed, on PGlite and PostgreSQL: awkward text
 * survives COPY's text format, a second copy upserts with new revisions, and the pull sees the copied rows
 * exactly as writeDocs would have written them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db';
import { copyDocs, writeDocs, type DocWrite } from '../../server/sync/revisions';
import { pullPage } from '../../server/sync/pull';
import { openTestDb, postgresSkipReason, type Engine } from '../support/databases';

const engines: Engine[] = ['pglite', 'postgres'];
const device = { deviceId: 'd1', deviceName: 'test', storeId: 's1', role: 'counter' as const };
const awkward = 'tab\there, line\nbreak, cr\r, back\\slash, "quotes", \\N, émoji 🛒, \u0001';

describe.each(engines)('copyDocs on %s', (engine) => {
  const skip = engine === 'postgres' && postgresSkipReason() !== '';
  let db: Db;
  beforeAll(async () => {
    if (!skip) db = (await openTestDb(engine)).db;
  }, 120_000);
  afterAll(async () => {
    if (!skip) await db.close();
  });

  it.skipIf(skip)('writes what writeDocs writes, upserts, and keeps revisions in order', async () => {
    const docs = (prefix: string, n: number): DocWrite[] => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, scope: '', data: { id: `${prefix}${i}`, title: `${awkward} ${i}`, n: i } }));
    await db.transaction((tx) => writeDocs(tx, 'products', docs('w', 3), 'test'));
    const first = await db.transaction(async (tx) => {
      const a = await copyDocs(tx, 'products', docs('c', 5), 'test');
      // A second collection in the same transaction: the staging table starts empty again.
      await copyDocs(tx, 'variants', docs('v', 2), 'test');
      return a;
    });
    const rows = await db.query<{ id: string; data: { title: string }; rev: number }>(`SELECT id, data, rev::float8 AS rev FROM docs WHERE collection = 'products' ORDER BY rev`);
    expect(rows.rows.map((r) => r.id)).toEqual(['w0', 'w1', 'w2', 'c0', 'c1', 'c2', 'c3', 'c4']);
    expect(rows.rows[3]?.data.title).toBe(`${awkward} 0`);
    expect(first).toBe(rows.rows[7]?.rev);
    expect((await db.query(`SELECT id FROM docs WHERE collection = 'variants'`)).rows).toHaveLength(2);

    // Copying existing ids again updates them in place and moves them past every earlier revision.
    const again = await db.transaction((tx) => copyDocs(tx, 'products', [{ id: 'w0', scope: '', data: { id: 'w0', title: 'renamed' }, deleted: true }], 'test'));
    expect(again).toBeGreaterThan(first);
    const page = await pullPage(db, 'products', device, first, 100);
    expect(JSON.parse(page.body)).toEqual({ documents: [{ id: 'w0', title: 'renamed', _deleted: true }], checkpoint: { rev: again }, remaining: 0 });
  });
});
