/**
 * The demo customer seed's fast write path (server/customers/demoSeedWrite.ts) on PGlite and PostgreSQL: the
 * stored orders equal the generated ones (documents as JSON.stringify writes them, columns, order lines), the
 * "goes with" pairs counted during generation equal what the SQL recompute finds over the same history, Alex Morgan is there, and the working-set order copies a counter pulls carry a signed
 * receipt code (AR1.…) that verifies against the server's key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { seedDemoCustomers } from '../../server/customers/demoCustomers';
import { computeGoesWith } from '../../server/customers/goesWith';
import { receiptKeys } from '../../server/returns/keys';
import { verifyReceiptCode } from '../../shared/returns/receipt';
import type { Order } from '../../shared/orders/types';
import type { OrderDoc } from '../../shared/customers/types';
import { openTestDb, postgresSkipReason, type Engine } from '../support/databases';

const engines: Engine[] = ['pglite', 'postgres'];
const NOW = new Date('2026-11-30T00:00:00Z');

describe.each(engines)('demo customer seed on %s', (engine) => {
  const skip = engine === 'postgres' && postgresSkipReason() !== '';
  let db: Db;
  const generated: Order[] = [];
  let chunks = 0;

  beforeAll(async () => {
    if (skip) return;
    db = (await openTestDb(engine)).db;
    await seedDemo(db, { seed: 42, variants: 120 });
    // Small chunks: several transactions, so the per-connection staging tables are reused across chunks.
    await seedDemoCustomers(db, { seed: 42, customers: 200, now: NOW, chunk: 50, onOrders: (o) => void (chunks++, generated.push(...o)) });
  }, 300_000);

  afterAll(async () => {
    await db?.close();
  });

  it.skipIf(skip)('stores every generated order exactly: its document, its columns and its lines', async () => {
    expect(chunks).toBe(4);
    const rows = await db.query<{ id: string; data: unknown; total: string; placed: string; lines: string }>(
      `SELECT o.id, o.data, o.total::text AS total, to_char(o.placed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS placed,
              (SELECT string_agg(line_id || ':' || sku || ':' || quantity || ':' || net || ':' || tax, ',' ORDER BY line_id) FROM order_lines l WHERE l.order_id = o.id) AS lines
       FROM orders o ORDER BY o.id`,
    );
    const byId = new Map(generated.map((o) => [o.id, o]));
    expect(rows.rows).toHaveLength(generated.length);
    for (const r of rows.rows) {
      const o = byId.get(r.id);
      expect(r.data).toEqual(JSON.parse(JSON.stringify(o)));
      expect(r.total).toBe(String(o?.totals.total.amount));
      expect(r.placed).toBe(o?.placedAt);
      expect(r.lines).toBe(o?.lines.map((l) => `${l.id}:${l.sku}:${l.quantity}:${l.net.amount}:${l.tax.amount}`).join(','));
    }
    // The believable mix is still there: all three channels, shipments, pickups and store sales.
    expect(new Set(generated.map((o) => o.channel))).toEqual(new Set(['web', 'app', 'store']));
    expect(new Set(generated.map((o) => o.fulfilments[0]?.type))).toEqual(new Set(['ship', 'pickup', 'in-store']));
  });

  it.skipIf(skip)('writes the "goes with" pairs the SQL recompute finds over the same orders', async () => {
    const read = async (): Promise<string[]> =>
      (await db.query<{ r: string }>(`SELECT product_a || '>' || product_b || ':' || together || ':' || lift::text AS r FROM product_pairs ORDER BY 1`)).rows.map((x) => x.r);
    const seeded = await read();
    expect(seeded.length).toBeGreaterThan(0);
    await db.transaction((tx) => computeGoesWith(tx));
    expect(await read()).toEqual(seeded);
  });

  it.skipIf(skip)("has Alex Morgan, and the counters' order copies carry a signed receipt code that verifies", async () => {
    const alex = await db.query<{ first_name: string; loyalty_number: string }>(`SELECT first_name, loyalty_number FROM customers WHERE id = 'cus_demo0000001'`);
    expect(alex.rows[0]).toEqual({ first_name: 'Alex', loyalty_number: '2999000000012' });
    const copies = await db.query<{ data: OrderDoc }>(`SELECT data FROM docs WHERE collection = 'orders' AND scope = 'store-001' AND NOT deleted ORDER BY id`);
    expect(copies.rows.some((r) => r.data.customerId === 'cus_demo0000001')).toBe(true);
    const keys = await receiptKeys(db);
    for (const { data } of copies.rows) {
      const verified = verifyReceiptCode(data.receiptCode ?? '', keys);
      expect(verified.ok, data.orderId).toBe(true);
      if (verified.ok) expect(verified.receipt.orderId).toBe(data.orderId);
    }
  });
});
