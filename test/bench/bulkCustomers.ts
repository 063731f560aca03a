/**
 * N lookup customers in SQL batches of 100,000 (names from the demo lists, e-mail, phone, loyalty card), ids
 * `cus_b<i>` so they never collide with the demo customers; used by bench:customers and lookupSteps.ts.
 */
import type { Db } from '../../server/db/db';
import { FIRST_NAMES, LAST_NAMES } from '../../server/seed/catalogContent';

export async function bulkCustomers(db: Db, n: number, progress: (done: number) => void = () => undefined): Promise<void> {
  const firsts = `ARRAY[${FIRST_NAMES.map((f) => `'${f}'`).join(',')}]`;
  const lasts = `ARRAY[${LAST_NAMES.map((l) => `'${l.replace(/'/g, "''")}'`).join(',')}]`;
  for (let start = 1; start <= n; start += 100_000) {
    const end = Math.min(n, start + 99_999);
    await db.query(
      `INSERT INTO customers (id, first_name, last_name, name_key, name_key_rev, email, phone, loyalty_number, home_store_id)
       SELECT 'cus_b' || i, f, l, lower(f || ' ' || l), lower(l || ' ' || f), lower(f || '.' || l || '.' || i || '@bench.example'), '+1' || (3000000000 + i)::text, '2998' || lpad(i::text, 9, '0'), 'store-001'
       FROM (SELECT i, (${firsts})[1 + (i * 7) % ${FIRST_NAMES.length}] AS f, (${lasts})[1 + (i * 13) % ${LAST_NAMES.length}] AS l FROM generate_series($1::int, $2::int) AS i) x`,
      [start, end],
    );
    progress(end);
  }
  await db.query('ANALYZE customers');
}
