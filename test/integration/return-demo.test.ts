/**
 * The README's returns walk starts from Alex Morgan's profile on a store-001 counter ("open the order, Return
 * items"): the demo sales to return must reach the counter as working-set order copies, not only the central
 * orders table. (A fresh `npm start` showed the profile without W-RET-1001, S-RET-2001 and S-RET-2002.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { demoStoreId } from '../../server/seed/stores';
import { addToWorkingSet } from '../../server/customers/workingSet';
import { RETURN_DEMO_ORDERS, seedReturnDemo } from '../../server/returns/demo';
import type { OrderDoc } from '../../shared/schemas/collections';
import { openTestDb, postgresSkipReason, type Engine } from '../support/databases';

const engines: Engine[] = ['pglite', 'postgres'];

describe.each(engines)('demo sales to return on %s', (engine) => {
  const skip = engine === 'postgres' && postgresSkipReason() !== '';
  let db: Db;
  const store = demoStoreId(1);

  beforeAll(async () => {
    if (skip) return;
    db = (await openTestDb(engine)).db;
    await seedDemo(db, { seed: 5, variants: 10, stores: 2 });
    await db.query(`INSERT INTO customers (id, first_name, last_name, email) VALUES ('cus_demo0000001', 'Alex', 'Morgan', 'alex.morgan@example.com')`);
    // Alex shops at store 1, as the demo customers seed has it: store 1's counters hold Alex.
    await db.transaction((tx) => addToWorkingSet(tx, [{ storeId: store, customerId: 'cus_demo0000001', reason: 'served', at: new Date().toISOString() }]));
  });

  afterAll(async () => {
    await db?.close();
  });

  it.skipIf(skip)('reach the counters that hold the customer as order copies, once', async () => {
    const made = await db.transaction((tx) => seedReturnDemo(tx));
    expect(made.sort()).toEqual(Object.values(RETURN_DEMO_ORDERS).sort());
    const copies = await db.query<{ data: OrderDoc }>(`SELECT data FROM docs WHERE collection = 'orders' AND scope = $1 AND NOT deleted ORDER BY data->>'orderNumber'`, [store]);
    expect(copies.rows.map((r) => [r.data.orderNumber, r.data.orderId, r.data.customerId])).toEqual([
      ['S-RET-2001', RETURN_DEMO_ORDERS.store, 'cus_demo0000001'],
      ['S-RET-2002', RETURN_DEMO_ORDERS.old, 'cus_demo0000001'],
      ['W-RET-1001', RETURN_DEMO_ORDERS.web, 'cus_demo0000001'],
    ]);
    const web = copies.rows.find((r) => r.data.orderId === RETURN_DEMO_ORDERS.web)?.data;
    expect(web?.tenders).toEqual([{ type: 'card', amount: web?.totals.total, brand: 'visa', last4: '4242' }]);
    // Run again (every server start): nothing new, no second copy.
    expect(await db.transaction((tx) => seedReturnDemo(tx))).toEqual([]);
    expect((await db.query(`SELECT 1 FROM docs WHERE collection = 'orders' AND scope = $1`, [store])).rows).toHaveLength(3);
    // Another store's counters do not hold Alex: nothing there.
    expect((await db.query(`SELECT 1 FROM docs WHERE collection = 'orders' AND scope = $1`, [demoStoreId(2)])).rows).toHaveLength(0);
  });
});
