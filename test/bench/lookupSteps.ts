/**
 * `npx tsx test/bench/lookupSteps.ts [--customers N] [--ws N] [--pg URL] [--n REPS] [--profile FILE] [--only jobs]`:
 * what the online lookup's HTTP path costs per step (a diagnostic, no target). Times each step of GET
 * /api/v1/customers/search in-process (device token, last-seen UPDATE, session, staff, the search), the whole route
 * over app.inject, and the pickup background job's parts, with this process's CPU per operation; --profile writes
 * a CPU profile of the inject loop. PGlite in memory, or PostgreSQL with --pg.
 */
import { parseArgs } from 'node:util';
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const post = (s: Session, method: string): Promise<unknown> => new Promise((resolve, reject) => s.post(method, (err, res) => (err ? reject(err) : resolve(res))));
import { loadavg } from 'node:os';
import { openDb } from '../../server/db/open';
import { seedDemo } from '../../server/seed/demo';
import { seedDemoCustomers } from '../../server/customers/demoCustomers';
import { deliverDue, expireDue, queueReminders } from '../../server/outbox/worker';
import { handleUnstarted } from '../../server/orders/unstarted';
import { pickupSettingsFromEnv } from '../../server/orders/policy';
import type { MessageSender } from '../../server/outbox/senders';
import { customerHousekeeping } from '../../server/customers/housekeeping';
import { searchCustomers } from '../../server/customers/search';
import { authenticate, createEnrollmentCode, enrollDevice, sha256 } from '../../server/auth';
import { createStaffSession, requireSignedInStaff } from '../../server/staff/sessions';
import { readStaff } from '../../server/staff/pins';
import { enroll, startCatalog } from '../support/catalog';
import { signInOver, staffHeader } from '../support/staff';
import { FIRST_NAMES, LAST_NAMES } from '../../server/seed/catalogContent';
import { bulkCustomers } from './bulkCustomers';
import { API_PREFIX, SCHEMA_HEADER, SCHEMA_VERSION } from '../../shared/sync';

const { values } = parseArgs({ options: { customers: { type: 'string', default: '20000' }, pg: { type: 'string' }, ws: { type: 'string' }, only: { type: 'string' }, profile: { type: 'string' }, n: { type: 'string', default: '300' } } });
const N = Number(values.customers);
const REPS = Number(values.n);


async function time(label: string, fn: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 30; i++) await fn(i);
  const xs: number[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < REPS; i++) {
    const t = performance.now();
    await fn(i);
    xs.push(performance.now() - t);
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  xs.sort((a, b) => a - b);
  const p = (q: number): string => (xs[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)] ?? NaN).toFixed(2);
  console.log(`${label.padEnd(34)} mean ${(wall / REPS).toFixed(2)} p50 ${p(0.5)} p95 ${p(0.95)} ms; cpu/op ${((cpu.user + cpu.system) / 1000 / REPS).toFixed(2)} ms`);
}

async function main(): Promise<void> {
  const db = await openDb(values.pg ? { databaseUrl: values.pg } : {});
  await seedDemo(db, { seed: 42, variants: 2000 });
  if (values.ws) await seedDemoCustomers(db, { customers: Number(values.ws) });
  await bulkCustomers(db, N);
  const catalog = await startCatalog(db);
  const device = await enroll(catalog.baseUrl, db, 'store-001', 'counter');
  const associate = (await db.query<{ id: string }>(`SELECT id FROM docs WHERE collection = 'staff' AND scope = 'store-001' AND data->>'role' = 'associate' ORDER BY id LIMIT 1`)).rows[0]?.id ?? '';
  const session = await signInOver(catalog.baseUrl, db, device, associate);
  const headers = { authorization: `Bearer ${device.token}`, [SCHEMA_HEADER]: String(SCHEMA_VERSION), ...staffHeader(session) };
  const info = await authenticate(db, headers.authorization);
  const sessId = session.split('.')[0] ?? '';
  const qs = (i: number): string => `+1${3000000000 + 1 + ((i * 7919) % N)}`;
  console.log(`engine ${db.kind}, ${N} customers, load ${loadavg()[0]?.toFixed(1)}`);
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await catalog.server.pickupJobs.runOnce();
    console.log(`pickup job runOnce #${i + 1}: ${(performance.now() - t).toFixed(1)} ms`);
  }
  {
    const t = performance.now();
    await customerHousekeeping(db, new Date(), undefined, true);
    console.log(`customerHousekeeping (forced): ${(performance.now() - t).toFixed(1)} ms`);
  }
  const settings = pickupSettingsFromEnv({});
  for (const [name, fn] of [
    ['expireDue', () => expireDue(db, settings)],
    ['handleUnstarted', () => handleUnstarted(db, settings)],
    ['queueReminders', () => queueReminders(db, settings)],
    ['deliverDue', () => deliverDue(db, { send: async () => 'x' } as unknown as MessageSender, settings)],
  ] as const) {
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await (fn as () => Promise<unknown>)();
      console.log(`  ${name}: ${(performance.now() - t).toFixed(1)} ms`);
    }
  }
  console.log((await db.query(`SELECT collection, count(*)::int AS n FROM docs GROUP BY 1 ORDER BY 2 DESC`)).rows);
  if (values.only === 'jobs') process.exit(0);
  await time('SELECT 1', () => db.query('SELECT 1'));
  await time('authenticate (devices by token)', () => authenticate(db, headers.authorization));
  await time('sha256 token', async () => sha256(device.token));
  await time('UPDATE last_seen (throttled)', () => db.query(`UPDATE devices SET last_seen_at = now() WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')`, [info.deviceId]));
  await time('readSession', () => db.query('SELECT session_key, staff_id, device_id, (ended_at IS NULL AND expires_at > now()) AS live FROM staff_sessions WHERE id = $1', [sessId]));
  await time('readStaff', () => readStaff(db, associate));
  await time('requireSignedInStaff', () => requireSignedInStaff(db, info, session, { role: 'staff', what: 'x' }));
  await time('search phone', (i) => searchCustomers(db, 'store-001', qs(i)));
  await time('search name', (i) => searchCustomers(db, 'store-001', `${(FIRST_NAMES[i % FIRST_NAMES.length] ?? 'ava').toLowerCase()} ${(LAST_NAMES[(i * 13) % LAST_NAMES.length] ?? 'smith').slice(0, 3).toLowerCase()}`));
  // The route's limits (60/min per device, 300/min per address): a fresh counter and address every 50 requests.
  const counters: Record<string, string>[] = [];
  for (let c = 0; c < Math.ceil((REPS + 30) / 50) * 2; c++) {
    const d = await enrollDevice(db, (await createEnrollmentCode(db, 'store-001', 'counter')).code, `steps ${c}`);
    const s = await createStaffSession(db, await authenticate(db, `Bearer ${d.token}`), associate);
    counters.push({ authorization: `Bearer ${d.token}`, [SCHEMA_HEADER]: String(SCHEMA_VERSION), ...staffHeader(`${s.id}.${s.key}`) });
  }
  let sent = 0;
  const inspector = values.profile ? new Session() : null;
  if (inspector) {
    inspector.connect();
    await post(inspector, 'Profiler.enable');
    await post(inspector, 'Profiler.start');
  }
  await time('inject GET search phone', async (i) => {
    const c = Math.floor(sent++ / 50);
    const res = await catalog.server.app.inject({ method: 'GET', url: `${API_PREFIX}/customers/search?q=${encodeURIComponent(qs(i))}`, headers: counters[c] ?? headers, remoteAddress: `127.0.1.${c}` });
    if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
  });
  if (inspector) {
    const { profile } = (await post(inspector, 'Profiler.stop')) as { profile: unknown };
    writeFileSync(values.profile ?? 'lookup.cpuprofile', JSON.stringify(profile));
  }
  await time('inject GET /healthz', () => catalog.server.app.inject({ method: 'GET', url: `/healthz` }));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const port = new URL(catalog.baseUrl).port;
  const get = (p: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: p, agent, headers }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(String(res.statusCode)))));
      });
      req.on('error', reject);
      req.end();
    });
  // Rate limit (60/min per device) would refuse: raise nothing, just measure /health over the socket.
  await time('socket GET /healthz', () => get('/healthz'));
  console.log(`load ${loadavg()[0]?.toFixed(1)}`);
  agent.destroy();
  await catalog.close();
  await db.close();
  process.exit(0);
}

void main();
