/**
 * The periodic "goes with" recompute (server/customers/goesWithJob.ts) on PGlite and PostgreSQL: new co-purchases
 * change the pairs and reach a store counter's working-set copy over real HTTP; a run with nothing new rewrites no
 * copy; a run inside the interval is skipped; and on PostgreSQL two server processes (two connection pools on one
 * database) never both compute: while one holds the advisory lock the other skips, and after it commits the other
 * finds the run fresh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { seedDemoCustomers } from '../../server/customers/demoCustomers';
import { GOES_WITH_LOCK, goesWithIntervalMs, recomputeGoesWithIfDue, startGoesWithJob } from '../../server/customers/goesWithJob';
import { openTestDb, postgresSkipReason, type Engine } from '../support/databases';
import { enroll, getJson, startCatalog, type RunningCatalog } from '../support/catalog';
import { API_PREFIX, type EnrollResponse, type PullResponse } from '../../shared/sync';
import type { CustomerDoc } from '../../shared/customers/types';

const ALEX = 'cus_demo0000001';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each<Engine>(['pglite', 'postgres'])('"goes with" recompute job on %s', (engine) => {
  const skip = engine === 'postgres' && postgresSkipReason() !== '';
  let db: Db;
  let databaseUrl: string | null = null;
  let catalog: RunningCatalog;
  let counter: EnrollResponse;
  const seededAt = new Date(Math.floor(Date.now() / DAY) * DAY);

  async function alexCopy(): Promise<CustomerDoc> {
    const { body } = await getJson(`${catalog.baseUrl}${API_PREFIX}/sync/customers/pull?rev=0&limit=5000`, counter.token);
    const doc = (body as PullResponse<CustomerDoc>).documents.find((d) => d.customerId === ALEX && !d._deleted);
    if (!doc) throw new Error('Alex is not in store-001 working set');
    return doc;
  }

  beforeAll(async () => {
    if (skip) return;
    ({ db, databaseUrl } = await openTestDb(engine));
    await seedDemo(db, { seed: 42, variants: 60 });
    await seedDemoCustomers(db, { seed: 42, customers: 40, now: seededAt });
    catalog = await startCatalog(db, { pickups: { jobs: false } });
    counter = await enroll(catalog.baseUrl, db, 'store-001', 'counter');
  });

  afterAll(async () => {
    if (skip) return;
    await catalog.close();
    await db.close();
  });

  it.skipIf(skip)('the interval comes from AISLE_GOES_WITH_HOURS (default 24 h, 0 = off); bad values are refused', () => {
    expect(goesWithIntervalMs({})).toBe(24 * HOUR);
    expect(goesWithIntervalMs({ AISLE_GOES_WITH_HOURS: '0.5' })).toBe(HOUR / 2);
    expect(goesWithIntervalMs({ AISLE_GOES_WITH_HOURS: '0' })).toBe(0);
    expect(() => goesWithIntervalMs({ AISLE_GOES_WITH_HOURS: 'daily' })).toThrow(/AISLE_GOES_WITH_HOURS/);
  });

  it.skipIf(skip)('inside the interval after the seed computed the pairs, a run is skipped as fresh', async () => {
    expect(await recomputeGoesWithIfDue(db, new Date(seededAt.getTime() + HOUR), 24 * HOUR)).toEqual({ ran: false, reason: 'fresh' });
  });

  it.skipIf(skip)('new co-purchases change the pairs and the counter receives the new suggestion; a second run rewrites nothing', async () => {
    // A product Alex bought, and one he neither bought nor wishes for: another customer buys them together, 4 times.
    const bought = await db.query<{ product_id: string }>("SELECT DISTINCT l.product_id FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.customer_id = $1 ORDER BY 1 LIMIT 1", [ALEX]);
    const p = bought.rows[0]?.product_id ?? '';
    // A product nobody bought yet (a new line in the catalog): its lift with P is N / n(P) > 1.
    const q = 'prod_job_new';
    expect(p).not.toBe('');
    expect((await alexCopy()).goesWith.some((g) => g.productId === q && g.becauseOf === p)).toBe(false);
    const template = (await db.query<{ id: string }>("SELECT id FROM orders WHERE customer_id = 'cus_demo0000010' ORDER BY id LIMIT 1")).rows[0]?.id ?? '';
    for (let i = 0; i < 4; i++) {
      const id = `ord_job${i}`;
      await db.query(
        `INSERT INTO orders (id, order_number, channel, store_id, fulfilment, customer_id, status, placed_at, currency, subtotal, discount, tax, total, data)
         SELECT $1, 'S-JOB' || $2, 'store', 'store-002', 'in-store', 'cus_demo0000010', 'completed', now(), currency, 0, 0, 0, 0, data FROM orders WHERE id = $3`,
        [id, String(i), template],
      );
      await db.query(
        `INSERT INTO order_lines (order_id, line_id, variant_id, product_id, sku, quantity, unit_price, discount, net, tax) VALUES
           ($1, 'l1', 'v-p', $2, 'P', 1, 100, 0, 100, 0), ($1, 'l2', 'v-q', $3, 'Q', 1, 100, 0, 100, 0)`,
        [id, p, q],
      );
    }
    const pairsBefore = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM product_pairs WHERE product_a = $1 AND product_b = $2', [p, q])).rows[0]?.n;
    expect(pairsBefore).toBe(0);

    const run = await recomputeGoesWithIfDue(db, new Date(seededAt.getTime() + DAY + HOUR), 24 * HOUR);
    expect(run).toMatchObject({ ran: true });
    if (!run.ran) return;
    expect(run.pairs).toBeGreaterThan(0);
    expect(run.copiesRewritten).toBeGreaterThanOrEqual(1);
    const pair = await db.query<{ together: number; lift: number }>('SELECT together, lift FROM product_pairs WHERE product_a = $1 AND product_b = $2', [p, q]);
    expect(pair.rows[0]?.together).toBeGreaterThanOrEqual(4);
    expect(pair.rows[0]?.lift).toBeGreaterThan(1);
    expect((await alexCopy()).goesWith).toContainEqual(expect.objectContaining({ productId: q, becauseOf: p }));

    // Nothing new since: the next due run computes the same pairs and sends devices nothing.
    const again = await recomputeGoesWithIfDue(db, new Date(seededAt.getTime() + 3 * DAY), 24 * HOUR);
    expect(again).toMatchObject({ ran: true, copiesRewritten: 0 });
  });

  it.skipIf(skip || engine !== 'postgres')('two processes: while one holds the lock the other skips; after it commits the other finds it fresh', async () => {
    const second = await openDb({ databaseUrl: databaseUrl ?? '' });
    try {
      const at = new Date(seededAt.getTime() + 10 * DAY);
      let release: () => void = () => undefined;
      const holding = new Promise<void>((resolve) => (release = resolve));
      let locked: () => void = () => undefined;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      // Process 1 is mid-run: inside its transaction, holding the lock.
      const first = db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [GOES_WITH_LOCK]);
        locked();
        await holding;
      });
      await isLocked;
      expect(await recomputeGoesWithIfDue(second, at, 24 * HOUR)).toEqual({ ran: false, reason: 'busy' });
      release();
      await first;
      // Both due at once: exactly one computes, the other is busy or finds it fresh.
      const both = await Promise.all([recomputeGoesWithIfDue(db, at, 24 * HOUR), recomputeGoesWithIfDue(second, at, 24 * HOUR)]);
      expect(both.filter((r) => r.ran)).toHaveLength(1);
      expect(await recomputeGoesWithIfDue(second, at, 24 * HOUR)).toEqual({ ran: false, reason: 'fresh' });
    } finally {
      await second.close();
    }
  });

  it.skipIf(skip)('the scheduled job ticks on its own timer and stops cleanly', async () => {
    let calls = 0;
    const job = startGoesWithJob({ db, intervalMs: 24 * HOUR, checkMs: 50, now: () => (calls++, new Date(seededAt.getTime() + 20 * DAY)) });
    await expect.poll(() => calls, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await job.stop();
    expect(await job.tick()).toEqual({ ran: false, reason: 'fresh' });
  });
});
