/**
 * The online lookup stays an index range scan that stops at the limit, even when thousands of customers share
 * a name prefix (common first + last names at a million customers): the scan is ordered by the index's own
 * operator, so the engine reads the first rows and stops instead of fetching every match and sorting them.
 * Checked on the real planner of both engines, with what the lookup finds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, postgresSkipReason, type Engine } from '../support/databases';
import type { Db, Queryable } from '../../server/db/db';
import { searchCustomers, SEARCH_LIMIT } from '../../server/customers/search';

const engines: Engine[] = postgresSkipReason() === '' ? ['pglite', 'postgres'] : ['pglite'];
const SAME_NAME = 3000;

interface PlanNode { 'Node Type': string; 'Actual Rows'?: number; 'Index Name'?: string; Plans?: PlanNode[] }
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

describe.each(engines)('customer lookup plan on %s', (engine) => {
  let db: Db;
  beforeAll(async () => {
    db = (await openTestDb(engine)).db;
    // 3,000 Maya Singhs, 3,000 Mayan Sinclairs (the same typed prefix) and one Maya Sing to find by her name.
    await db.query(
      `INSERT INTO customers (id, first_name, last_name, name_key, name_key_rev, email, home_store_id)
       SELECT 'cus_p' || i, f, l, lower(f || ' ' || l), lower(l || ' ' || f), 'p' || i || '@plan.example', 'store-001'
       FROM (SELECT i, CASE WHEN i % 2 = 0 THEN 'Maya' ELSE 'Mayan' END AS f, CASE WHEN i % 2 = 0 THEN 'Singh' ELSE 'Sinclair' END AS l FROM generate_series(1, $1::int) AS i) x`,
      [2 * SAME_NAME],
    );
    await db.query(`INSERT INTO customers (id, first_name, last_name, name_key, name_key_rev, home_store_id) VALUES ('cus_sing', 'Maya', 'Sing', 'maya sing', 'sing maya', 'store-001')`);
    await db.query('ANALYZE customers');
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('a common name prefix reads about the limit from the index, not every match', async () => {
    // The plan of the query searchCustomers really sends (captured, then explained with its own parameters), so a
    // change to the lookup's SQL that brings back the sort fails here.
    const sent: { sql: string; params: readonly unknown[] }[] = [];
    const recording: Queryable = { query: (sql, params = []) => (sent.push({ sql, params }), db.query(sql, params)) };
    await searchCustomers(recording, 'store-001', 'maya sin');
    const lookup = sent.find((q) => q.sql.includes('name_key LIKE'));
    if (!lookup) throw new Error(`the name lookup sent no name_key query: ${sent.map((q) => q.sql).join(' | ')}`);
    const res = await db.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] | string }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${lookup.sql}`, lookup.params);
    const raw = res.rows[0]?.['QUERY PLAN'];
    const plan = (typeof raw === 'string' ? (JSON.parse(raw) as [{ Plan: PlanNode }]) : raw)?.[0]?.Plan;
    if (!plan) throw new Error('no plan');
    const all = nodes(plan);
    // Sorting the page of at most 2 × 21 rows the two scans return is fine; sorting every match is what must not come back.
    for (const sort of all.filter((n) => n['Node Type'] === 'Sort')) expect(sort['Actual Rows'] ?? 0).toBeLessThanOrEqual(2 * (SEARCH_LIMIT + 1));
    for (const index of ['customers_name_key', 'customers_name_key_rev']) {
      const scan = all.find((n) => n['Index Name'] === index);
      if (scan) expect(scan['Actual Rows'] ?? 0, index).toBeLessThanOrEqual(SEARCH_LIMIT + 1);
    }
    expect(all.some((n) => n['Index Name'] === 'customers_name_key')).toBe(true);
  });

  it('still finds what the prefix names: a full page, more to come, and the exact person when typed further', async () => {
    const page = await searchCustomers(db, 'store-001', 'maya sin');
    expect(page.hits).toHaveLength(SEARCH_LIMIT);
    expect(page.more).toBe(true);
    for (const h of page.hits) expect(`${h.firstName} ${h.lastName}`.toLowerCase().startsWith('maya sin')).toBe(true);
    const sorted = [...page.hits].sort((a, b) => a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName));
    expect(page.hits.map((h) => h.lastName)).toEqual(sorted.map((h) => h.lastName));
    const exact = await searchCustomers(db, 'store-001', 'maya sing ');
    expect(exact.hits.map((h) => h.customerId)).toContain('cus_sing');
    const reversed = await searchCustomers(db, 'store-001', 'sinclair mayan');
    expect(reversed.hits).toHaveLength(SEARCH_LIMIT);
    expect(reversed.hits.every((h) => h.lastName === 'Sinclair')).toBe(true);
    const email = await searchCustomers(db, 'store-001', 'p12@plan');
    expect(email.hits.map((h) => h.customerId)).toEqual(['cus_p12']);
  });
});
