/**
 * `npm run server` — starts the central catalog service. See --help.
 */
import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb } from './db/open';
import { buildServer } from './app';
import { createEnrollmentCode } from './auth';
import { seedDemo } from './seed/demo';
import { runAdmin } from './admin';
import { startAdminListener, type AdminListener } from './security/adminAccess';
import { demoCustomersSeeded, seedDemoCustomers } from './customers/demoCustomers';
import { goesWithIntervalMs, startGoesWithJob } from './customers/goesWithJob';
import { seedReturnDemo } from './returns/demo';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const HELP = `Aisle central catalog server

Usage: npm run server -- [options]

Options:
  --port <n>            port to listen on (env PORT; default 8787)
  --host <addr>         address to bind (env HOST; default 127.0.0.1; use 0.0.0.0 to serve store devices on the LAN)
  --data <dir>          PGlite data folder (default .aisle-data/catalog in the repository)
  --memory              keep the PGlite database in memory (nothing written to disk; for demos and tests)
  --database-url <url>  use a real PostgreSQL instead of PGlite (env DATABASE_URL). Run as many server
                        processes as you like on one PostgreSQL; live changes fan out through LISTEN/NOTIFY.
  --demo                seed the deterministic demo retailer when the catalog is empty
  --variants <n>        number of product variants in the demo catalog (default 10000; 200000 works)
  --seed <n>            demo data seed (default 42): the same seed gives the same data
  --customers <n>       demo customers seeded with --demo (default 100000; 0 for none; 1000000 works)
  --enroll              print fresh one-time enrollment codes (counter and kiosk) for the first store
  --updates <dir>       serve desktop releases from <dir>/<linux|mac|win>/ as the auto-update feed at
                        /updates/<platform>/latest.yml (env AISLE_UPDATES_DIR; npm run dist writes release/)
  --log-level <level>   pino log level (default info)
  env AISLE_GOES_WITH_HOURS  hours between recomputes of "goes with" from the order history (default 24; 0 off).
                        Every server process runs the job; a PostgreSQL advisory lock makes one do each run.
  -h, --help            show this help

Notes:
  A PGlite data folder is owned by one process: a second server on the same folder refuses to start.
  While this server runs, 'npm run admin' sends its commands to it (a port on 127.0.0.1 only, with a
  token written to <data>/admin.json, readable only by this user).
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      memory: { type: 'boolean', default: false },
      'database-url': { type: 'string' },
      demo: { type: 'boolean', default: false },
      variants: { type: 'string' },
      customers: { type: 'string' },
      seed: { type: 'string' },
      enroll: { type: 'boolean', default: false },
      'log-level': { type: 'string' },
      updates: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = Number(values.port ?? process.env['PORT'] ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got ${values.port}`);
  const host = values.host ?? process.env['HOST'] ?? '127.0.0.1';
  const databaseUrl = values['database-url'] ?? process.env['DATABASE_URL'];
  const dataDir = values.memory || databaseUrl ? undefined : path.resolve(values.data ?? path.join(REPO_ROOT, '.aisle-data', 'catalog'));
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const variants = Number(values.variants ?? 10_000);
  const seed = Number(values.seed ?? 42);
  if (!Number.isInteger(variants) || variants < 1) throw new Error('--variants must be a positive integer');
  const customers = Number(values.customers ?? 100_000);
  if (!Number.isInteger(customers) || customers < 0) throw new Error('--customers must be a whole number');

  const db = await openDb({ databaseUrl, dataDir, purpose: 'catalog server' });
  const updatesDir = values.updates ?? process.env['AISLE_UPDATES_DIR'];
  const server = await buildServer({ db, logger: { level: values['log-level'] ?? 'info' }, ...(updatesDir ? { updatesDir: path.resolve(updatesDir) } : {}) });
  const log = server.app.log;
  log.info({ database: databaseUrl ? 'postgres' : dataDir ? `pglite:${dataDir}` : 'pglite:memory' }, 'database open');
  if (values.demo) {
    const started = Date.now();
    const result = await seedDemo(db, { seed, variants });
    log.info({ ...result, ms: Date.now() - started }, 'demo catalog ready');
  }
  // Demo customers are seeded after the server listens (devices can enroll and sync the catalog meanwhile);
  // PGlite runs one transaction at a time, so requests interleave with the seed's chunks (1,000 customers each,
  // the event loop free between them): a request waits at most one chunk (bench:customer-seed measures it).
  const seedPeople = async (): Promise<void> => {
    if (customers > 0 && !(await demoCustomersSeeded(db))) {
      process.stdout.write(`Seeding ${customers.toLocaleString('en-US')} demo customers with two years of orders (once; the server answers meanwhile)…\n`);
      let shown = 0;
      const people = await seedDemoCustomers(db, {
        seed,
        customers,
        onProgress: (p) => {
          const pct = Math.floor((p.customers / p.total) * 10);
          if (pct > shown || p.customers === p.total) {
            shown = pct;
            process.stdout.write(`  customers ${p.customers.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')}, orders ${p.orders.toLocaleString('en-US')}\n`);
          }
        },
      });
      process.stdout.write(`Demo customers ready in ${(people.ms / 1000).toFixed(1)} s: ${people.orders.toLocaleString('en-US')} orders, ${people.pairs.toLocaleString('en-US')} "goes with" pairs, ${people.workingSet.toLocaleString('en-US')} in store working sets. Scan or type loyalty card 2999000000012 (Alex Morgan).\n`);
    }
  };
  await server.app.listen({ port, host });
  const addr = server.app.server.address();
  const actualPort = typeof addr === 'object' && addr ? addr.port : port;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actualPort}`;
  process.stdout.write(`\nAisle catalog server listening on ${url}\n`);
  let admin: AdminListener | null = null;
  if (dataDir) {
    admin = await startAdminListener(dataDir, (argv, io) => runAdmin(argv, io, process.env, { db }));
    log.info({ admin: admin.url }, 'admin commands accepted on loopback (npm run admin)');
  }
  if (values.enroll) {
    const store = await db.query<{ id: string; name: string }>(`SELECT id, data->>'name' AS name FROM docs WHERE collection = 'stores' AND NOT deleted ORDER BY id LIMIT 1`);
    const first = store.rows[0];
    if (first) {
      const counter = await createEnrollmentCode(db, first.id, 'counter');
      const kiosk = await createEnrollmentCode(db, first.id, 'kiosk');
      process.stdout.write(`Enrollment codes for ${first.name} (${first.id}), valid until ${counter.expiresAt}:\n  counter: ${counter.code}\n  kiosk:   ${kiosk.code}\n`);
    } else {
      process.stdout.write('No stores yet: start with --demo or import a catalog to enroll devices.\n');
    }
  }
  if (values.demo) {
    seedPeople()
      // Demo sales to return (docs/returns.md): W-RET-1001 shipped web order, S-RET-2001 and S-RET-2002 at store 1.
      // One transaction: the sales and their working-set copies (writeDocs' revision lock holds only inside one).
      .then(() => db.transaction((tx) => seedReturnDemo(tx)))
      .catch((err: unknown) => log.error({ err }, 'demo customers failed'));
  }
  const goesWithJob = startGoesWithJob({ db, intervalMs: goesWithIntervalMs(), log });
  const shutdown = (signal: string): void => {
    log.info({ signal }, 'shutting down');
    Promise.resolve(admin?.close())
      .then(() => goesWithJob.stop())
      .then(() => server.close())
      .then(() => db.close())
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`aisle server: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
