/**
 * The fault soak (docs/soak.md): device replicas doing pickups, notes and kiosk check-ins against a catalog
 * server child process, each through its own fault proxy, while the soak cuts, delays and resets their
 * connections, SIGKILLs and restarts the server, closes devices in the middle of a write, and has several
 * counters work on the same pickups. Then it heals everything, waits for convergence and checks the verdict
 * (check.ts). runSoak() is called by the CLI (npm run soak) and by the short CI run (test/integration).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDb } from '../../server/db/open';
import { createEnrollmentCode } from '../../server/auth';
import { DEMO_ASSOCIATE_PIN, DEMO_MANAGER_PIN, seedDemo } from '../../server/seed/demo';
import { writeDocs } from '../../server/sync/revisions';
import { deliverDue, SEND_LEASE_MS } from '../../server/outbox/worker';
import { fileSender } from '../../server/outbox/senders';
import { API_PREFIX, type EnrollResponse } from '../../shared/sync';
import type { CollectionName, InventoryDoc } from '../../shared/schemas/collections';
import { collectionsForRole } from '../../renderer/data/database';
import { FaultProxy } from './proxy';
import { ServerProcess, REPO_ROOT } from './serverProcess';
import { BrowserDevice, NodeDevice, type SoakDevice } from './devices';
import { counterStep, kioskStep, newStats, pick, prng, returnUnits, type AckedWrite, type CounterWork } from './workload';
import { compareDevice, customerEventReport, lostWrites, messageReport, pullAll, restockedByReturns, returnReport, stockMismatches, type CustomerEventReport, type Divergence, type LedgerRow, type LostWrite, type MessageReport, type OutboxRow, type PaymentRefundRow, type ReturnReport, type StockMismatch } from './check';
import { insertOrder } from '../../server/orders/orderStore';
import { priceOrder } from '../../shared/orders/pricing';
import { saleFromOrder } from '../../shared/returns/build';
import type { Order } from '../../shared/orders/types';
import type { ReturnableSale } from '../../shared/returns/types';
import { freePort, startThrowawayPostgres } from '../support/postgresCluster';
import { launchChromium, chromiumMissingReason } from '../support/browser';
import { serveRenderer, RENDERER_DIR } from '../support/static';

export interface SoakOptions {
  minutes: number;
  db: 'pglite' | 'postgres';
  /** Node counters (besides the Chromium one). */
  counters?: number;
  browser?: boolean;
  seed?: number;
  /** An admin PostgreSQL URL to create the database on (default: a throwaway cluster). */
  postgresAdminUrl?: string;
  /** How long the healed system may take to converge before the run counts divergence. */
  convergeTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface SoakResult {
  db: 'pglite' | 'postgres';
  minutes: number;
  devices: { name: string; kind: string; role: string }[];
  operations: number;
  operationsByKind: Record<string, number>;
  refused: number;
  failedOperations: number;
  ordersPlaced: number;
  faults: { delays: number; cuts: number; resets: number; serverKills: number; deviceCrashes: number; total: number };
  writesAcknowledged: number;
  acknowledgedByDevice: Record<string, number>;
  writesLost: number;
  divergentDocuments: number;
  convergeMs: number | null;
  contendedPickups: number;
  flaggedPickups: number;
  stockMismatches: number;
  /** Staff sign-ins on the counters (at open and after every reopen): online, offline (the device's verifier), refused. */
  signIns: { online: number; offline: number; refused: number };
  /** Pickup events and notes by the counters on the server: proven by an online staff session, or marked signed in offline. */
  attribution: { proven: number; signedInOffline: number };
  messages: MessageReport;
  /** Returns of the soak's seeded sales at the counters: acknowledged, on the server, settled, raced, refunded once. */
  returns: ReturnReport;
  /** Customer notes and profile views recorded at the counters, and how many reached the server's audit log. */
  customerEvents: CustomerEventReport;
  lost: LostWrite[];
  divergent: Divergence[];
  stock: StockMismatch[];
  startedAt: string;
  finishedAt: string;
}

const CHANNEL_KEY = 'soak-web-key-0123456789abcdef';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function ensureRendererBuild(): void {
  if (existsSync(path.join(RENDERER_DIR, 'index.html'))) return;
  const r = spawnSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the renderer build failed');
}

/** Every delivered .eml in the outbox folder by name, with its bytes (partial files are not deliveries). */
function emlContents(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir)) if (f.endsWith('.eml')) out.set(f, readFileSync(path.join(dir, f), 'latin1'));
  return out;
}

async function enrollOver(baseUrl: string, code: string, name: string): Promise<EnrollResponse> {
  const res = await fetch(`${baseUrl}${API_PREFIX}/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceName: name }) });
  if (res.status !== 200) throw new Error(`enroll ${name}: ${res.status} ${await res.text()}`);
  return (await res.json()) as EnrollResponse;
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const random = prng(options.seed ?? 20261201);
  const durationMs = Math.round(options.minutes * 60_000);
  const startedAt = new Date().toISOString();
  const work = mkdtempSync(path.join(tmpdir(), 'aisle-soak-'));
  const outboxDir = path.join(work, 'outbox');
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(work, { recursive: true, force: true })];
  try {
    // ---- The database: PGlite on a data folder, or a fresh database on PostgreSQL.
    let databaseUrl: string | null = null;
    const dataDir = options.db === 'pglite' ? path.join(work, 'catalog') : null;
    if (options.db === 'postgres') {
      let admin = options.postgresAdminUrl ?? process.env['TEST_DATABASE_URL'] ?? null;
      if (!admin) {
        const cluster = await startThrowawayPostgres();
        if (cluster.adminUrl === null) throw new Error(cluster.skipReason);
        admin = cluster.adminUrl;
        cleanups.push(() => cluster.stop());
      }
      const name = `aisle_soak_${Date.now().toString(36)}`;
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      await client.query(`CREATE DATABASE ${name}`);
      await client.end();
      const url = new URL(admin);
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
    }

    // ---- Seed, stock and enrollment codes, before the server starts (one owner of a PGlite folder at a time).
    const counters = options.counters ?? 3;
    const useBrowser = options.browser ?? true;
    const setupDb = await openDb({ databaseUrl: databaseUrl ?? undefined, dataDir: dataDir ?? undefined });
    await seedDemo(setupDb, { seed: 7, variants: 60, stores: 2 });
    const storeId = (await setupDb.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'stores' ORDER BY id LIMIT 1`)).rows[0]?.id ?? '';
    const variantRows = (await setupDb.query<{ id: string; product_id: string; sku: string }>(`SELECT id, data->>'productId' AS product_id, data->>'sku' AS sku FROM docs WHERE collection = 'variants' ORDER BY id LIMIT 12`)).rows;
    // The store's staff, each signed in on one counter with the demo PIN of their role (server/seed/demo.ts).
    const staff = (await setupDb.query<{ id: string; number: string; role: string }>(`SELECT id, data->>'staffNumber' AS number, data->>'role' AS role FROM docs WHERE collection = 'staff' AND scope = $1 AND (data->>'active')::boolean ORDER BY id`, [storeId])).rows.map((r) => ({ id: r.id, number: r.number, pin: r.role === 'manager' ? DEMO_MANAGER_PIN : DEMO_ASSOCIATE_PIN }));
    const now = new Date().toISOString();
    // Sales to return: in-store sales of the stocked variants made yesterday, for customers with an e-mail (the
    // refund e-mail goes to them); a fifth have one-unit lines that two counters race to return.
    const saleCount = Math.max(40, Math.round(options.minutes * 30));
    const customers = Array.from({ length: Math.max(10, Math.round(saleCount / 4)) }, (_, i) => `cus_soak${String(i + 1).padStart(6, '0')}`);
    for (const [i, id] of customers.entries()) await setupDb.query(`INSERT INTO customers (id, first_name, last_name, email) VALUES ($1, 'Soak', $2, $3)`, [id, `Returner ${i + 1}`, `returner${i + 1}@example.com`]);
    const variantPrices = new Map((await setupDb.query<{ id: string; amount: number; currency: string }>(`SELECT id, (data->'price'->>'amount')::float8 AS amount, data->'price'->>'currency' AS currency FROM docs WHERE collection = 'variants' AND id = ANY($1::text[])`, [variantRows.map((v) => v.id)])).rows.map((r) => [r.id, r]));
    const sales: { sale: ReturnableSale; raceable: boolean }[] = [];
    const customerOf = new Map<string, string>();
    const soldUnits = new Map<string, number>();
    const placedAt = new Date(Date.now() - 86_400_000).toISOString();
    const seedRandom = prng((options.seed ?? 20261201) ^ 0x5eed);
    for (let i = 0; i < saleCount; i++) {
      const raceable = i % 5 === 0;
      const chosen = Array.from({ length: 1 + Math.floor(seedRandom() * 2) }, () => pick(seedRandom, variantRows)!).filter((v, k, all) => all.findIndex((x) => x.id === v.id) === k);
      const currency = variantPrices.get(chosen[0]?.id ?? '')?.currency ?? 'USD';
      const priced = priceOrder(chosen.map((v, k) => ({ id: `l${k + 1}`, variantId: v.id, productId: v.product_id, sku: v.sku, title: v.sku, quantity: raceable ? 1 : 1 + Math.floor(seedRandom() * 3), unitAmount: variantPrices.get(v.id)?.amount ?? 1999, discount: 0, tax: null })), 0, null, currency);
      const id = `ord_soak_sale_${i + 1}`;
      const customerId = customers[i % customers.length] ?? '';
      const order: Order = {
        id, orderNumber: `S-SOAK-${i + 1}`, channel: 'store', storeId, customerId, status: 'completed', placedAt, fulfilledAt: placedAt, deliveredAt: placedAt, currency,
        lines: priced.lines, totals: priced.totals, tenders: [{ type: 'card', amount: priced.totals.total, brand: 'visa', last4: '4242' }],
        fulfilments: [{ id: 'f1', type: 'in-store', storeId, status: 'collected', lineIds: priced.lines.map((l) => l.id), pickupId: '', fulfilledAt: placedAt, deliveredAt: placedAt }],
        updatedAt: placedAt,
      };
      await insertOrder(setupDb, order, 'in-store');
      sales.push({ sale: saleFromOrder(order), raceable });
      customerOf.set(id, customerId);
      for (const l of priced.lines) soldUnits.set(`${id}:${l.id}`, l.quantity);
    }
    await setupDb.transaction((tx) =>
      writeDocs(tx, 'inventory', variantRows.map((v) => ({ id: `${storeId}:${v.id}`, scope: storeId, data: { id: `${storeId}:${v.id}`, storeId, variantId: v.id, onHand: 100_000, reserved: 0, available: 100_000, updatedAt: now } satisfies InventoryDoc })), 'soak'),
    );
    const baseline = new Map<string, InventoryDoc>();
    for (const r of (await setupDb.query<{ data: InventoryDoc }>(`SELECT data FROM docs WHERE collection = 'inventory' AND scope = $1 AND NOT deleted`, [storeId])).rows) baseline.set(r.data.variantId, r.data);
    const codes = {
      counters: await Promise.all(Array.from({ length: counters }, () => createEnrollmentCode(setupDb, storeId, 'counter'))),
      browser: await createEnrollmentCode(setupDb, storeId, 'counter'),
      kiosk: await createEnrollmentCode(setupDb, storeId, 'kiosk'),
      auditCounter: await createEnrollmentCode(setupDb, storeId, 'counter'),
      auditKiosk: await createEnrollmentCode(setupDb, storeId, 'kiosk'),
    };
    await setupDb.close();

    // ---- The server child, the proxies, the devices.
    const serverLog: string[] = [];
    const server = new ServerProcess({ port: await freePort(), dataDir, databaseUrl, env: { AISLE_CHANNEL_KEYS: `web:${CHANNEL_KEY}`, AISLE_OUTBOX_DIR: outboxDir }, log: serverLog });
    cleanups.unshift(() => server.stop());
    await server.start();
    const base = server.baseUrl;
    log(`soak: server up at ${base} (${options.db})`);
    const audit = { counter: await enrollOver(base, codes.auditCounter.code, 'soak auditor counter'), kiosk: await enrollOver(base, codes.auditKiosk.code, 'soak auditor kiosk') };
    const devices: SoakDevice[] = [];
    const proxies: FaultProxy[] = [];
    const newProxy = async (): Promise<FaultProxy> => {
      const p = new FaultProxy(Number(new URL(base).port));
      await p.start();
      proxies.push(p);
      cleanups.unshift(() => p.close());
      return p;
    };
    for (const [i, c] of codes.counters.entries()) {
      const proxy = await newProxy();
      const name = `counter-${i + 1}`;
      devices.push(new NodeDevice(name, await enrollOver(base, c.code, name), proxy));
    }
    {
      const proxy = await newProxy();
      devices.push(new NodeDevice('kiosk-1', await enrollOver(base, codes.kiosk.code, 'kiosk-1'), proxy));
    }
    if (useBrowser) {
      const missing = chromiumMissingReason();
      if (missing) throw new Error(missing);
      ensureRendererBuild();
      const renderer = await serveRenderer();
      cleanups.unshift(() => renderer.close());
      const browser = await launchChromium();
      cleanups.unshift(() => browser.close());
      const proxy = await newProxy();
      const d = new BrowserDevice('chromium-1', browser, renderer.url, codes.browser.code, proxy);
      cleanups.unshift(() => d.dispose());
      devices.push(d);
    }
    cleanups.unshift(async () => {
      for (const d of devices) await (d instanceof NodeDevice ? d.dispose() : d.close()).catch(() => undefined);
    });
    // Each counter has its own signed-in staff member (a counter's associate stays at it); their records carry
    // the online session's proof, or signedInOffline after a reopen that could not reach the server.
    const signIns = { online: 0, offline: 0, refused: 0 };
    const counterStaff = new Map<SoakDevice, (typeof staff)[number]>();
    devices.filter((d) => d.role === 'counter').forEach((d, i) => {
      const who = staff[i % Math.max(1, staff.length)];
      if (who) counterStaff.set(d, who);
    });
    const staffOf = (d: SoakDevice): string => counterStaff.get(d)?.id ?? 'staff';
    const signIn = async (d: SoakDevice): Promise<string | null> => {
      const who = counterStaff.get(d);
      if (!who) return null;
      const result = await d.signIn(who.number, who.pin);
      if (!result.ok) {
        signIns.refused++;
        return `${d.name}: sign-in of ${who.number} refused: ${result.message}`;
      }
      if (result.staff.online) signIns.online++;
      else signIns.offline++;
      return null;
    };
    for (const d of devices) {
      await d.open();
      // Before any fault: the first sign-in must be online (it is what teaches the device its offline verifier),
      // once the staff list has arrived with the first sync, as an associate at a new counter would wait for it.
      let refused = await signIn(d);
      for (let wait = 0; refused !== null && /one sync/.test(refused) && wait < 180; wait++) {
        signIns.refused--;
        await sleep(500);
        refused = await signIn(d);
      }
      if (refused !== null) throw new Error(refused);
      log(`soak: ${d.name} open${counterStaff.has(d) ? `, ${counterStaff.get(d)?.number ?? ''} signed in` : ''}`);
    }
    if (signIns.offline > 0) throw new Error('soak: a first sign-in went offline before any fault was injected');
    log(`soak: ${options.db}, ${devices.map((d) => `${d.name} (${d.kind} ${d.role})`).join(', ')}; ${options.minutes} min`);

    // ---- The run.
    const acked: AckedWrite[] = [];
    const stats = newStats();
    const faults = { delays: 0, cuts: 0, resets: 0, serverKills: 0, deviceCrashes: 0 };
    const placed: { id: string; code: string }[] = [];
    const hot: string[] = [];
    const variants = variantRows.map((v) => ({ id: v.id, productId: v.product_id }));
    const counterWork: CounterWork = {
      sales: sales.filter((x) => !x.raceable).map((x) => x.sale),
      customerOf,
      customers,
      productOf: Object.fromEntries(variantRows.map((v) => [v.id, v.product_id])),
      online: (d) => server.running && !d.proxy.isDown,
    };
    const raceable = sales.filter((x) => x.raceable).map((x) => x.sale);
    const end = Date.now() + durationMs;
    const running = (): boolean => Date.now() < end;
    const errors: string[] = [];
    const note = (what: string, err: unknown): void => {
      stats.failed++;
      if (errors.length < 20) errors.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
    };
    let orderNo = 0;

    const orders = async (): Promise<void> => {
      while (running()) {
        orderNo++;
        const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(random, variantRows)!).filter((v, i, all) => all.findIndex((x) => x.id === v.id) === i);
        const body = JSON.stringify({ channel: 'web', orderNumber: `SOAK-${orderNo}`, customer: { id: `cust-${orderNo}`, firstName: 'Soak', lastName: `Customer ${orderNo}`, email: `soak${orderNo}@example.com`, phone: '' }, pickupStoreId: storeId, lines: lines.map((l) => ({ sku: l.sku, quantity: 1 + Math.floor(random() * 2), unitPrice: { amount: 1999, currency: 'USD' } })) });
        // The web shop retries with the same idempotency key until the server answers (it may be down).
        for (let attempt = 0; attempt < 100; attempt++) {
          try {
            const res = await fetch(`${base}${API_PREFIX}/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-aisle-channel-key': CHANNEL_KEY, 'idempotency-key': `soak-${orderNo}` }, body });
            const answer = (await res.json()) as { orderId?: string; pickupCode?: string };
            if (res.status === 201 && answer.orderId && answer.pickupCode) {
              placed.push({ id: answer.orderId, code: answer.pickupCode });
              if (orderNo % 3 === 0) hot.push(answer.orderId);
              break;
            }
            if (res.status < 500) throw new Error(`order refused: ${res.status} ${JSON.stringify(answer)}`);
          } catch (err) {
            if (err instanceof Error && err.message.startsWith('order refused')) {
              note('order', err);
              break;
            }
          }
          await sleep(300);
        }
        await sleep(1200 + random() * 1200);
      }
    };

    const deviceLoop = async (d: SoakDevice): Promise<void> => {
      const staffId = staffOf(d);
      while (running()) {
        if (d.isOpen) {
          try {
            if (d.role === 'kiosk') await kioskStep(d, placed.slice(-30).map((p) => p.code), random, acked, stats);
            else await counterStep(d, staffId, hot.slice(-8), variants, random, acked, stats, counterWork);
          } catch (err) {
            // A write on a device being crashed fails: not acknowledged, nothing to find later.
            if (d.isOpen) note(d.name, err);
          }
        }
        await sleep((d.role === 'kiosk' ? 1500 : 250) + random() * 500);
      }
    };

    const network = async (): Promise<void> => {
      while (running()) {
        await sleep(800 + random() * 1500);
        const p = pick(random, proxies);
        if (!p) continue;
        const r = random();
        if (r < 0.35) {
          faults.resets++;
          p.reset();
        } else if (r < 0.65) {
          faults.delays++;
          p.delay(100 + Math.floor(random() * 1500));
          setTimeout(() => p.delay(0), 2000 + random() * 4000);
        } else {
          faults.cuts++;
          p.cut();
          setTimeout(() => p.heal(), 1000 + random() * 5000);
        }
      }
    };

    const serverKiller = async (): Promise<void> => {
      const every = Math.max(15_000, Math.min(60_000, durationMs / 4));
      while (running()) {
        await sleep(every * (0.6 + random() * 0.8));
        if (!running()) break;
        faults.serverKills++;
        await server.kill();
        await sleep(500 + random() * 2500);
        await server.start(120_000);
      }
    };

    const crasher = async (): Promise<void> => {
      const every = Math.max(10_000, Math.min(40_000, durationMs / 5));
      while (running()) {
        await sleep(every * (0.6 + random() * 0.8));
        if (!running()) break;
        const d = pick(random, devices.filter((x) => x.isOpen));
        if (!d) continue;
        faults.deviceCrashes++;
        // A write is started and the device is closed before it is known to have landed: if the write resolved,
        // it was acknowledged and must survive; if it failed, the associate saw it fail.
        const staffId = staffOf(d);
        const write = d.role === 'kiosk' ? kioskStep(d, placed.slice(-30).map((p) => p.code), random, acked, stats) : counterStep(d, staffId, hot.slice(-8), variants, random, acked, stats, counterWork);
        const crashed = (async () => {
          await sleep(random() * 15);
          await d.crash();
        })();
        await Promise.allSettled([write, crashed]);
        await sleep(1000 + random() * 3000);
        await d.open();
        // A relaunch forgets the staff session (it lives in memory only): sign in again, online if the server
        // answers through the faults, else against the verifier this counter learned.
        try {
          const refused = await signIn(d);
          if (refused !== null) note(d.name, new Error(refused));
        } catch (err) {
          note(`${d.name} sign-in`, err);
        }
      }
    };

    // Two counters return the same last unit of a sale at once, one of them often offline (its link cut first):
    // the server must refund one and keep the other flagged RACED.
    let racesRun = 0;
    const racer = async (): Promise<void> => {
      while (running()) {
        await sleep(3000 + random() * 4000);
        const sale = raceable[racesRun % Math.max(1, raceable.length)];
        const line = sale?.lines[0];
        const pair = devices.filter((d) => d.role === 'counter' && d.kind === 'node' && d.isOpen).sort(() => random() - 0.5).slice(0, 2);
        if (!running() || !sale || !line || pair.length < 2 || racesRun >= raceable.length) continue;
        racesRun++;
        const offline = random() < 0.5 ? pair[0] : undefined;
        if (offline) {
          faults.cuts++;
          offline.proxy.cut();
          setTimeout(() => offline.proxy.heal(), 2000 + random() * 4000);
        }
        await Promise.allSettled(
          pair.map(async (d) => {
            try {
              await returnUnits(d, sale, line.id, staffOf(d), counterWork, counterWork.online(d), true, acked, stats);
            } catch (err) {
              if (d.isOpen) note(`${d.name} return`, err);
            }
          }),
        );
      }
    };

    // A line a minute, and once the traffic should have ended, every 30 s the loops still running and what they
    // are waiting for: a run that stops making progress says where (an earlier PostgreSQL run went silent).
    const busy = new Map<string, string>();
    const loop = (name: string, body: Promise<void>): Promise<void> => {
      busy.set(name, 'running');
      return body.finally(() => busy.delete(name));
    };
    const progress = setInterval(() => {
      const late = Date.now() > end + 5_000;
      if (!late && Math.round((Date.now() - (end - durationMs)) / 1000) % 60 > 14) return;
      log(`soak: ${late ? 'still waiting for' : 'progress'} ${Math.round((Date.now() - (end - durationMs)) / 1000)} s: ${stats.operations} operations, ${acked.length} acknowledged, ${faults.serverKills} kills, ${stats.failed} failed${late ? `; loops not done: ${[...busy.keys()].join(', ')}; server ${server.running ? 'up' : 'down'}; last server lines: ${serverLog.slice(-3).join(' | ')}` : ''}`);
    }, 15_000);
    progress.unref();
    try {
      await Promise.all([loop('orders', orders()), ...devices.map((d) => loop(d.name, deviceLoop(d))), loop('network', network()), loop('server-killer', serverKiller()), loop('crasher', crasher()), loop('racer', racer())]);
    } finally {
      clearInterval(progress);
    }
    log(`soak: traffic over (${stats.operations} operations, ${acked.length} acknowledged); healing`);

    // ---- Heal and converge.
    for (const p of proxies) p.heal();
    if (!server.running) await server.start(120_000);
    for (const d of devices) await d.open();
    const healedAt = Date.now();
    const convergeTimeout = options.convergeTimeoutMs ?? 120_000;
    const serverView = async (): Promise<Map<string, Map<CollectionName, Map<string, Record<string, unknown> & { id: string }>>>> => {
      const out = new Map<string, Map<CollectionName, Map<string, Record<string, unknown> & { id: string }>>>();
      for (const role of ['counter', 'kiosk'] as const) {
        const token = role === 'counter' ? audit.counter.token : audit.kiosk.token;
        const m = new Map<CollectionName, Map<string, Record<string, unknown> & { id: string }>>();
        for (const c of collectionsForRole(role)) m.set(c, await pullAll(base, token, c));
        out.set(role, m);
      }
      return out;
    };
    let divergent: Divergence[] = [];
    let convergeMs: number | null = null;
    let view = await serverView();
    for (;;) {
      view = await serverView();
      divergent = [];
      for (const d of devices) {
        const mine = view.get(d.role)!;
        for (const c of collectionsForRole(d.role)) divergent.push(...compareDevice(d.name, c, await d.docs(c), mine.get(c)!));
      }
      if (divergent.length === 0) {
        convergeMs = Date.now() - healedAt;
        break;
      }
      if (Date.now() - healedAt > convergeTimeout) break;
      await sleep(500);
    }
    const counterView = view.get('counter')!;
    const kioskView = view.get('kiosk')!;
    const serverReturns = counterView.get('returns')!;
    const stock = stockMismatches(baseline, counterView.get('inventory')!, counterView.get('pickups')!, restockedByReturns(serverReturns.values()));
    const attribution = { proven: 0, signedInOffline: 0 };
    const counterIds = new Set(devices.filter((d) => d.role === 'counter').map((d) => d.deviceId));
    const attributed = [...[...counterView.get('pickups')!.values(), ...serverReturns.values()].flatMap((p) => p['events'] as Record<string, unknown>[]), ...counterView.get('notes')!.values()].filter((r) => counterIds.has(String(r['deviceId'])));
    for (const r of attributed) {
      if (typeof r['auth'] === 'object' && r['auth'] !== null) attribution.proven++;
      else if (r['signedInOffline'] === true) attribution.signedInOffline++;
    }
    let contended = 0;
    let flagged = 0;
    for (const doc of counterView.get('pickups')!.values()) {
      const events = (doc['events'] as { deviceId: string; type: string }[]).filter((e) => e.type !== 'placed' && e.type !== 'customer-checked-in' && e.type !== 'expired');
      if (new Set(events.map((e) => e.deviceId)).size > 1) contended++;
      if (Array.isArray(doc['flags']) && doc['flags'].length > 0) flagged++;
    }

    // ---- Messages: give the server's job (every 5 s) a few runs, stop the server cleanly, then finish the outbox
    // the way a restarted server would once every lease and back-off has run out: the real worker (deliverDue) with
    // the real .eml sender, its clock moved on. A message a SIGKILL interrupted mid-send is claimed again there; it
    // must not be delivered a second time (every .eml that existed before this pass is compared byte for byte: a
    // second composition differs in its Date and MIME boundaries).
    await sleep(12_000);
    for (const d of devices) await d.close();
    await server.stop();
    const finalDb = await openDb({ databaseUrl: databaseUrl ?? undefined, dataDir: dataDir ?? undefined });
    const before = emlContents(outboxDir);
    const atStop = (await finalDb.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE status = 'pending' AND attempt_started_at IS NOT NULL`)).rows[0]?.n ?? 0;
    const restartedAt = Date.now() + SEND_LEASE_MS + 4 * 3_600_000;
    for (let pass = 0; pass < 50; pass++) {
      const r = await deliverDue(finalDb, fileSender(outboxDir), { now: () => new Date(restartedAt + pass * 3_600_000) });
      if (r.sent + r.failed === 0) break;
    }
    const after = emlContents(outboxDir);
    const sentAgain = [...before].filter(([name, body]) => after.get(name) !== body).length;
    const outbox = (await finalDb.query<OutboxRow>(`SELECT id::float8 AS id, pickup_id, kind, dedupe_key, status, attempts, interrupted_attempts FROM outbox ORDER BY id`)).rows;
    const payments = (await finalDb.query<PaymentRefundRow>(`SELECT idempotency_key, total::float8 AS total FROM payment_refunds`)).rows;
    const ledger = (await finalDb.query<LedgerRow>(`SELECT order_id, line_id, sold::float8 AS sold, returned::float8 AS returned FROM return_ledger`)).rows;
    const arrivedEvents = new Set((await finalDb.query<{ event_id: string }>(`SELECT event_id FROM customer_events`)).rows.map((r) => r.event_id));
    await finalDb.close();
    const lost = lostWrites(acked, { pickups: counterView.get('pickups')!, notes: counterView.get('notes')!, checkins: new Map([...counterView.get('checkins')!, ...kioskView.get('checkins')!]), returns: serverReturns, customerEvents: arrivedEvents });
    const returns = returnReport(acked, serverReturns, soldUnits, payments, ledger, outbox);
    const customerEvents = customerEventReport(acked, arrivedEvents);
    const messages = messageReport(outbox, new Set(after.keys()), { sentAgain, inFlightAtStop: atStop });
    if (errors.length > 0) log(`operation errors (first ${errors.length}):\n  ${errors.join('\n  ')}`);

    const total = faults.delays + faults.cuts + faults.resets + faults.serverKills + faults.deviceCrashes;
    return {
      db: options.db,
      minutes: options.minutes,
      devices: devices.map((d) => ({ name: d.name, kind: d.kind, role: d.role })),
      operations: stats.operations,
      operationsByKind: stats.byKind,
      refused: stats.refused,
      failedOperations: stats.failed,
      ordersPlaced: placed.length,
      faults: { ...faults, total },
      writesAcknowledged: acked.length,
      acknowledgedByDevice: Object.fromEntries(devices.map((d) => [d.name, acked.filter((w) => w.device === d.name).length])),
      writesLost: lost.length,
      divergentDocuments: new Set(divergent.map((d) => `${d.collection}/${d.id}`)).size,
      convergeMs,
      contendedPickups: contended,
      flaggedPickups: flagged,
      stockMismatches: stock.length,
      signIns,
      attribution,
      messages,
      returns,
      customerEvents,
      lost: lost.slice(0, 50),
      divergent: divergent.slice(0, 50),
      stock: stock.slice(0, 50),
      startedAt,
      finishedAt: new Date().toISOString(),
    };
  } finally {
    for (const c of cleanups) {
      try {
        await c();
      } catch {
        // best effort: the run's verdict is already made
      }
    }
  }
}
