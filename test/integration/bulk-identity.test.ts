/**
 * The demo seed and the Shopify import write exactly what they wrote before they were made fast (issue #11 §2), on
 * PGlite and PostgreSQL: every row of `docs` (collection, id, scope, data, deleted, revision, writer) hashes to a
 * value recorded with the earlier code (commit 8314c30: staged COPY + upsert for every row, inventory built as
 * objects). A change to the generator, the order of revisions or the documents' content fails here.
 *
 * Covered: a fresh seed (several chunks, 3 stores), a fresh import of a Shopify file (new products, variants and
 * their zero stock), a second import of a changed file (updates, a removed variant and its stock, a new variant,
 * unchanged rows skipped), and a forced re-seed over the seeded rows (the upsert path).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db';
import { iterateDemoCatalog, seedDemo } from '../../server/seed/demo';
import { productRows, SHOPIFY_COLUMNS } from '../../server/seed/shopifyExport';
import { importShopifyCsv, type ImportResult } from '../../server/import/shopify';
import { openTestDb, postgresSkipReason, type Engine } from '../support/databases';

const engines: Engine[] = ['pglite', 'postgres'];

/** Recorded with the code before the fast paths (see the header). */
const GOLDEN = {
  seed: '02084152e58f39ca4f95baa4d33babf705e51319133e2db79e316cad9bd14c13',
  import: '449529f8487e799f50673aba4d6e0aec63796c95a05991917a03399e472e1450',
  reimport: '348c5ecb804fb7b8bbdbb0509167455b2c7c296e7c000837ddd6f09e17605392',
  reseed: '4c06f620f3dcb1ebcd8abd6c0c6db52a451004e8819b07e736973e66405a90f9',
};

async function fingerprint(db: Db): Promise<{ rows: number; hash: string }> {
  const res = await db.query<{ line: string }>(
    `SELECT concat_ws(E'\\t', collection, id, scope, data::text, deleted::text, rev::text, coalesce(updated_by, '-')) AS line FROM docs ORDER BY collection, id`,
  );
  const hash = createHash('sha256');
  for (const r of res.rows) hash.update(r.line + '\n');
  return { rows: res.rows.length, hash: hash.digest('hex') };
}

/** A Shopify export of the demo catalog of another seed, with its own handle/SKU prefix (no clash with the seed). */
function shopifyFile(variants: number, change: (csv: string) => string = (s) => s): string {
  let csv = SHOPIFY_COLUMNS.join(',') + '\n';
  for (const { product, variants: vs } of iterateDemoCatalog({ seed: 5, variants, stores: 1 })) csv += productRows(product, vs, { prefix: 'imp-', barcodes: false });
  return change(csv);
}

const NOW = '2026-03-04T05:06:07.000Z';

describe.each(engines)('the seed and the import write what they wrote before, on %s', (engine) => {
  const skip = engine === 'postgres' && postgresSkipReason() !== '';
  let db: Db;
  beforeAll(async () => {
    if (!skip) db = (await openTestDb(engine)).db;
  }, 120_000);
  afterAll(async () => {
    if (!skip) await db.close();
  });

  it.skipIf(skip)('seeds a fresh database row for row as before', async () => {
    const report = await seedDemo(db, { seed: 42, variants: 700, stores: 3, chunkVariants: 200 });
    expect(report.inventory).toBe(2100);
    const print = await fingerprint(db);
    expect(print.rows).toBe(3 + 18 + report.products + 700 + 2100);
    expect(print.hash).toBe(GOLDEN.seed);
  }, 120_000);

  it.skipIf(skip)('imports a new file, then a changed one, row for row as before', async () => {
    const first = await importShopifyCsv(db, shopifyFile(400), { now: NOW, updatedBy: 'test-import' });
    expect(first.ok).toBe(true);
    expect((first as Extract<ImportResult, { ok: true }>).inventoryCreated).toBe(1200);
    expect((await fingerprint(db)).hash).toBe(GOLDEN.import);

    // Prices up on one product, one variant gone, one more product at the end (a longer catalog).
    const lines = shopifyFile(410).split('\n');
    const changed = lines
      .filter((l, i) => i !== 5)
      .map((l, i) => (i >= 1 && i <= 3 ? l.replace(/,(\d+)\.(\d\d),/, (_m, d: string, c: string) => `,${Number(d) + 1}.${c},`) : l))
      .join('\n');
    const second = await importShopifyCsv(db, changed, { now: '2026-03-05T05:06:07.000Z', updatedBy: 'test-import' });
    expect(second.ok).toBe(true);
    const ok = second as Extract<ImportResult, { ok: true }>;
    expect(ok.removedVariants).toBe(1);
    expect(ok.unchanged.variants).toBeGreaterThan(300);
    expect((await fingerprint(db)).hash).toBe(GOLDEN.reimport);
  }, 120_000);

  it.skipIf(skip)('re-seeds over the seeded rows (force) as before', async () => {
    await seedDemo(db, { seed: 42, variants: 700, stores: 3, chunkVariants: 300, force: true });
    expect((await fingerprint(db)).hash).toBe(GOLDEN.reseed);
  }, 120_000);
});
