/**
 * The customer privacy commands of `npm run admin` (customer-export, customer-merge, customer-erase), on PGlite and
 * PostgreSQL, as an operator runs them: on PGlite the CLI finds the running server's admin port in the data folder
 * and sends it the command line (the folder has one owner); on PostgreSQL it connects to DATABASE_URL itself. A
 * store-001 counter, enrolled over real HTTP, pulls its working set before and after: the erased customer's copy
 * arrives as a scrubbed tombstone.
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../server/db/open';
import type { Db } from '../../server/db/db';
import { seedDemo } from '../../server/seed/demo';
import { seedDemoCustomers } from '../../server/customers/demoCustomers';
import { runAdmin, type CliIo } from '../../server/admin';
import { startAdminListener, ADMIN_FILE, type AdminListener } from '../../server/security/adminAccess';
import { createPostgresDatabase, postgresSkipReason, type Engine } from '../support/databases';
import { enroll, getJson, startCatalog, type RunningCatalog } from '../support/catalog';
import { API_PREFIX, type EnrollResponse, type PullResponse } from '../../shared/sync';
import type { CustomerDoc } from '../../shared/customers/types';
import type { AccessExport } from '../../shared/customers/api';

const ALEX = 'cus_demo0000001';
const ALEX_CARD = '2999000000012';

describe.each<Engine>(['pglite', 'postgres'])('customer admin commands on %s', (engine) => {
  const skip = engine === 'postgres' && postgresSkipReason() !== '';
  let db: Db;
  let dataDir = '';
  let databaseUrl = '';
  let admin: AdminListener | null = null;
  let catalog: RunningCatalog;
  let counter: EnrollResponse;

  async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t) };
    const where = engine === 'pglite' ? ['--data', dataDir] : ['--database-url', databaseUrl];
    const code = await runAdmin([...args, ...where], io, {});
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  async function pullCustomers(): Promise<(CustomerDoc & { _deleted: boolean })[]> {
    const { status, body } = await getJson(`${catalog.baseUrl}${API_PREFIX}/sync/customers/pull?rev=0&limit=5000`, counter.token);
    expect(status).toBe(200);
    return (body as PullResponse<CustomerDoc>).documents;
  }

  beforeAll(async () => {
    if (skip) return;
    if (engine === 'pglite') {
      dataDir = mkdtempSync(path.join(tmpdir(), 'aisle-customer-admin-'));
      db = await openDb({ dataDir, purpose: 'customer admin test server' });
      // What server/cli.ts does: commands arrive on the loopback admin port and run against the open database.
      admin = await startAdminListener(dataDir, (argv, io) => runAdmin(argv, io, {}, { db }));
    } else {
      databaseUrl = await createPostgresDatabase();
      db = await openDb({ databaseUrl });
    }
    await seedDemo(db, { seed: 42, variants: 60 });
    await seedDemoCustomers(db, { seed: 42, customers: 40 });
    catalog = await startCatalog(db, { pickups: { jobs: false } });
    counter = await enroll(catalog.baseUrl, db, 'store-001', 'counter');
  });

  afterAll(async () => {
    if (skip) return;
    await catalog.close();
    await admin?.close();
    await db.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it.skipIf(skip)('the commands go to the running server through its admin port (PGlite) or to DATABASE_URL (PostgreSQL)', () => {
    expect(existsSync(path.join(dataDir, ADMIN_FILE))).toBe(engine === 'pglite');
  });

  it.skipIf(skip)('customer-export prints everything held about the customer as JSON, found by loyalty card', async () => {
    const r = await cli('customer-export', '--customer', ALEX_CARD);
    expect(r.code, r.err).toBe(0);
    const exp = JSON.parse(r.out) as AccessExport;
    expect(exp.customer).toMatchObject({ id: ALEX, first_name: 'Alex', last_name: 'Morgan', loyalty_number: ALEX_CARD });
    expect(exp.orders).toHaveLength(4);
    expect(new Set(exp.orders.map((o) => (o as { channel: string }).channel))).toEqual(new Set(['web', 'app', 'store']));
    expect(exp.wishlist.length).toBe(3);
    expect(exp.workingSets.map((w) => w.storeId)).toContain('store-001');
    // Never more than card brand and last 4 in what is exported.
    expect(r.out).not.toMatch(/\b\d{13,19}\b(?<!2999000000012)/);
  });

  it.skipIf(skip)('bad references are refused with a clear message and change nothing', async () => {
    expect(await cli('customer-export')).toMatchObject({ code: 2, err: expect.stringContaining('needs --customer') as unknown });
    expect(await cli('customer-export', '--customer', 'nobody@example.com')).toMatchObject({ code: 1, err: expect.stringContaining('no customer "nobody@example.com"') as unknown });
    expect(await cli('customer-merge', '--into', ALEX)).toMatchObject({ code: 2, err: expect.stringContaining('--into') as unknown });
    expect(await cli('customer-merge', '--into', ALEX, '--from', ALEX_CARD)).toMatchObject({ code: 1, err: expect.stringContaining('same customer') as unknown });
  });

  it.skipIf(skip)('customer-merge folds a duplicate into the customer kept; the duplicate then points at it', async () => {
    const into = 'cus_demo0000002';
    const from = 'cus_demo0000003';
    const before = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE customer_id = ANY($1::text[])', [[into, from]]);
    const email = (await db.query<{ email: string }>('SELECT email FROM customers WHERE id = $1', [from])).rows[0]?.email ?? '';
    const r = await cli('customer-merge', '--into', into, '--from', email);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`now points at ${into}`);
    const rows = await db.query<{ id: string; merged_into: string | null }>('SELECT id, merged_into FROM customers WHERE id = ANY($1::text[]) ORDER BY id', [[into, from]]);
    expect(rows.rows).toEqual([{ id: into, merged_into: null }, { id: from, merged_into: into }]);
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE customer_id = $1', [into])).rows[0]?.n).toBe(before.rows[0]?.n);
    expect(await cli('customer-merge', '--into', into, '--from', from)).toMatchObject({ code: 1, err: expect.stringContaining(`merged into ${into}`) as unknown });
  });

  it.skipIf(skip)('customer-erase asks for --yes, then removes the customer from the device and pseudonymises the orders', async () => {
    const held = (await pullCustomers()).find((d) => d.customerId === ALEX);
    expect(held).toMatchObject({ _deleted: false, contact: { firstName: 'Alex' } });

    const dry = await cli('customer-erase', '--customer', ALEX_CARD);
    expect(dry.code).toBe(2);
    expect(dry.err).toContain('Run it again with --yes');
    expect((await pullCustomers()).find((d) => d.customerId === ALEX)?._deleted).toBe(false);

    const r = await cli('customer-erase', '--customer', ALEX_CARD, '--yes');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Erased Alex Morgan \(cus_demo0000001, card 2999000000012\): 4 order\(s\) pseudonymised, \d+ working-set copy/);

    const after = (await pullCustomers()).find((d) => d.customerId === ALEX);
    expect(after).toMatchObject({ _deleted: true, contact: { firstName: '', lastName: '', email: '', phone: '' }, loyaltyNumber: '' });
    const orders = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM orders WHERE customer_id IS NULL AND data->>'customerId' LIKE 'anon_%'");
    expect(orders.rows[0]?.n).toBe(4);
    const person = await db.query<Record<string, unknown>>('SELECT first_name, email, loyalty_number FROM customers WHERE id = $1', [ALEX]);
    expect(person.rows[0]).toEqual({ first_name: '', email: null, loyalty_number: null });

    expect(await cli('customer-export', '--customer', ALEX)).toMatchObject({ code: 1, err: expect.stringContaining('was erased') as unknown });
    expect(await cli('customer-erase', '--customer', ALEX_CARD, '--yes')).toMatchObject({ code: 1, err: expect.stringContaining('no customer') as unknown });
  });
});
