/**
 * `npm run bench:network` — a store network on one PostgreSQL (issue #11 §4), against real server processes
 * (`server/cli.ts`, spawned with DATABASE_URL; never in this process, so the load generator has its own loop):
 *
 *   first sync    --devices devices of --stores stores (enrolled with server/auth's enrollDevice) pull every page of stores, products,
 *                 variants, their store's inventory and staff at once (5,000 rows a page, as the app does), each
 *                 device its collections one after another. Reported: wall time, pages/s, per-device time p50/p95,
 *                 errors, the server's peak RSS and its CPU use (CPU seconds / wall seconds: ~1 = its event loop
 *                 is the limit). Run with one server process and with two (devices split between them), the two
 *                 set-ups alternating run by run so both see the same machine.
 *   SSE fan-out   --listeners SSE connections (the enrolled devices, several streams each) on the same servers,
 *                 then --changes price changes committed straight into PostgreSQL, 1 s apart: each is a NOTIFY that
 *                 every server process LISTENs to. Reported: change → every connection's 'change' event, p50/p95/
 *                 max, connections that missed one, and the servers' RSS with every stream open.
 *
 * Where the time goes (networkProbe.ts), per first-sync phase: cores kept busy by PostgreSQL (every backend), the
 * servers, this load generator and the whole machine, and the same as CPU ms per page (load-insensitive);
 * pg_stat_statements' top statements; backends busy (pool use); pages the database built vs served from the pull
 * page cache (the x-aisle-pull-source header); bytes per second.
 *
 * --profile DIR: the servers run with --cpu-prof (profiles written to DIR when they stop), and the table lists the
 * functions with the most self time in the first-sync phase of one process. Prints tables (median (min–max) over
 * --runs) and writes test/bench/results/network.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { seedDemo } from '../../server/seed/demo';
import { writeDocs } from '../../server/sync/revisions';
import { createEnrollmentCode, enrollDevice } from '../../server/auth';
import { API_PREFIX } from '../../shared/sync';
import type { VariantDoc } from '../../shared/schemas/collections';
import { deviceHeaders } from '../support/catalog';
import { freePort, startThrowawayPostgres } from '../support/postgresCluster';
import { openDb } from '../../server/db/open';
import { benchLog, fmtSpread, percentile, round, spread, type Spread } from './stats';
import { coresUsed, cpuSnapshot, hasStatStatements, postmasterPid, sampleActiveBackends, topStatements, type StatementTime } from './networkProbe';

const { values } = parseArgs({
  options: {
    variants: { type: 'string', default: '5000' },
    stores: { type: 'string', default: '10' },
    devices: { type: 'string', default: '200' },
    listeners: { type: 'string', default: '1000' },
    changes: { type: 'string', default: '10' },
    runs: { type: 'string', default: '3' },
    profile: { type: 'string' },
  },
});
const log = benchLog('bench:network');
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const COLLECTIONS = ['stores', 'products', 'variants', 'inventory', 'staff'] as const;
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

interface Server { url: string; child: ChildProcess; pid: number; stop(): Promise<void> }

async function startServer(databaseUrl: string, profileDir?: string): Promise<Server> {
  const port = await freePort();
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  // detached: each server in its own session, as separate services would run. With the kernel's autogroup
  // scheduling (/proc/sys/kernel/sched_autogroup_enabled = 1 here) every session gets one fair share of the CPU,
  // so servers spawned into the bench's session would split the load generator's share instead of adding one.
  const child = spawn(process.execPath, [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), '--import', 'tsx', path.join(ROOT, 'server', 'cli.ts'), '--port', String(port), '--customers', '0', '--log-level', 'warn'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('listening on')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  const pid = child.pid ?? 0;
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    pid,
    stop: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGINT');
    }),
  };
}

/** The server's resident memory (MB) and CPU seconds used so far, from /proc. */
function procStats(pid: number): { rssMB: number; cpuSeconds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(stat[11] ?? 0) + Number(stat[12] ?? 0);
  return { rssMB: rss, cpuSeconds: ticks / 100 };
}

/**
 * A GET whose body is not kept: only its last 512 bytes (where a pull answer's checkpoint and remaining are) and
 * its length. 200 devices pulling 2.5 MB pages would otherwise make this process concatenate and decode ~700 MB.
 */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; tail: string; bytes: number; source: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent }, (res) => {
      let tail: Buffer = Buffer.alloc(0);
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        tail = c.length >= 512 ? c.subarray(c.length - 512) : Buffer.concat([tail, c]).subarray(-512);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, tail: tail.toString('latin1'), bytes, source: String(res.headers['x-aisle-pull-source'] ?? 'database') }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

interface Device { token: string; storeId: string }

/** One device's first sync of the catalog collections, page after page; only the checkpoint at the tail is read. */
interface PageLog { ms: number[]; bytes: number; sources: Record<string, number> }

async function firstSync(base: string, device: Device, pageLog: PageLog): Promise<{ ms: number; pages: number; errors: number }> {
  const headers = deviceHeaders(device.token);
  const t0 = performance.now();
  let pages = 0;
  let errors = 0;
  for (const c of COLLECTIONS) {
    let rev = 0;
    for (let guard = 0; guard < 10_000; guard++) {
      const t = performance.now();
      const res = await get(`${base}${API_PREFIX}/sync/${c}/pull?rev=${rev}&limit=5000`, headers).catch(() => ({ status: 0, tail: '', bytes: 0, source: 'error' }));
      pageLog.ms.push(performance.now() - t);
      pageLog.bytes += res.bytes;
      pageLog.sources[res.source] = (pageLog.sources[res.source] ?? 0) + 1;
      pages++;
      const m = /"checkpoint":\{"rev":([0-9.e+]+)\},"remaining":([0-9.e+]+)\}$/.exec(res.tail);
      if (res.status !== 200 || !m) {
        errors++;
        break;
      }
      rev = Number(m[1]);
      if (Number(m[2]) === 0) break;
    }
  }
  return { ms: performance.now() - t0, pages, errors };
}

interface Probe { db: Awaited<ReturnType<typeof openDb>>; pgPid: number; statements: boolean }

async function syncPhase(servers: Server[], devices: Device[], probe: Probe): Promise<{ figures: Record<string, number>; statements: StatementTime[] }> {
  if (probe.statements) await probe.db.query('SELECT pg_stat_statements_reset()');
  const activity = sampleActiveBackends(probe.db);
  const cpu0 = cpuSnapshot(probe.pgPid, servers.map((s) => s.pid));
  const pageLog: PageLog = { ms: [], bytes: 0, sources: {} };
  const before = servers.map((s) => procStats(s.pid));
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, ...servers.map((s) => procStats(s.pid).rssMB))), 250);
  const t0 = performance.now();
  const results = await Promise.all(devices.map((d, i) => firstSync(servers[i % servers.length]?.url ?? '', d, pageLog)));
  const wall = (performance.now() - t0) / 1000;
  const cores = coresUsed(cpu0, cpuSnapshot(probe.pgPid, servers.map((s) => s.pid)));
  const busy = await activity.stop();
  clearInterval(sampler);
  const after = servers.map((s) => procStats(s.pid));
  const cpu = after.reduce((n, a, i) => n + a.cpuSeconds - (before[i]?.cpuSeconds ?? 0), 0);
  const pages = results.reduce((n, r) => n + r.pages, 0);
  const times = results.map((r) => r.ms / 1000);
  const figures = { wallSeconds: round(wall, 1), pagesPerSecond: round(pages / wall, 1), deviceP50Seconds: round(percentile(times, 50), 1), deviceP95Seconds: round(percentile(times, 95), 1), pageP50Ms: round(percentile(pageLog.ms, 50), 0), pageP95Ms: round(percentile(pageLog.ms, 95), 0), megabytesPerSecond: round(pageLog.bytes / 1e6 / wall, 1), pagesBuiltByDatabase: pageLog.sources['database'] ?? 0, pagesFromCache: (pageLog.sources['cache'] ?? 0) + (pageLog.sources['shared'] ?? 0), errors: results.reduce((n, r) => n + r.errors, 0), peakRssMB: round(peakRss, 0), serverCpuPerWall: round(cpu / wall / servers.length, 2), ...cores, postgresCpuMsPerPage: round((cores.postgresCores ?? 0) * wall * 1000 / pages, 1), serverCpuMsPerPage: round((cores.serverCores ?? 0) * wall * 1000 / pages, 1), loadGeneratorCpuMsPerPage: round((cores.loadGeneratorCores ?? 0) * wall * 1000 / pages, 1), pgActiveBackendsMean: busy.meanActive, pgActiveBackendsMax: busy.maxActive, pgBackendsWaitingOnLockMean: busy.meanWaitingOnLock };
  return { figures, statements: probe.statements ? await topStatements(probe.db) : [] };
}

/** Opens n SSE streams spread over the servers; resolves when every one said hello. */
async function openStreams(servers: Server[], devices: Device[], n: number): Promise<{ onChange: (fn: (i: number, rev: number) => void) => void; close(): void; dropped(): number }> {
  let listener: (i: number, rev: number) => void = () => undefined;
  const reqs: http.ClientRequest[] = [];
  let dropped = 0;
  await Promise.all(Array.from({ length: n }, (_, i) => new Promise<void>((resolve, reject) => {
    const device = devices[i % devices.length];
    const server = servers[i % servers.length];
    if (!device || !server) return void reject(new Error('no device or server'));
    const req = http.get(`${server.url}${API_PREFIX}/sync/stream`, { headers: deviceHeaders(device.token), agent: false }, (res) => {
      if (res.statusCode !== 200) return void reject(new Error(`stream ${i}: ${res.statusCode}`));
      let buf = '';
      res.on('data', (c: Buffer) => {
        buf += c.toString('utf8');
        let at: number;
        while ((at = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, at);
          buf = buf.slice(at + 2);
          if (!frame.startsWith('data: ')) continue;
          const event = JSON.parse(frame.slice(6)) as { type: string; collection?: string; rev?: number };
          if (event.type === 'hello') resolve();
          else if (event.type === 'change' && event.collection === 'variants') listener(i, event.rev ?? 0);
        }
      });
      res.on('close', () => void dropped++);
    });
    req.on('error', reject);
    reqs.push(req);
  })));
  return { onChange: (fn) => void (listener = fn), close: () => reqs.forEach((r) => r.destroy()), dropped: () => dropped };
}

async function ssePhase(db: Awaited<ReturnType<typeof openDb>>, servers: Server[], devices: Device[]): Promise<Record<string, number>> {
  const n = Number(values.listeners);
  const streams = await openStreams(servers, devices, n);
  const rss = servers.map((s) => procStats(s.pid).rssMB);
  const target = (await db.query<{ data: VariantDoc }>(`SELECT data FROM docs WHERE collection = 'variants' ORDER BY rev LIMIT 1`)).rows[0]?.data;
  if (!target) throw new Error('no variant');
  const latencies: number[] = [];
  let missed = 0;
  for (let k = 0; k < Number(values.changes); k++) {
    const seen = new Set<number>();
    let committedAt = 0;
    // Only this bench writes: any variants event past the newest revision before the write is this change.
    const before = (await db.query<{ r: number }>(`SELECT coalesce(max(rev), 0)::float8 AS r FROM docs`)).rows[0]?.r ?? 0;
    const rev = before + 1;
    const all = new Promise<void>((resolve) => {
      streams.onChange((i, r) => {
        if (r < rev || seen.has(i)) return;
        seen.add(i);
        latencies.push(performance.now() - committedAt);
        if (seen.size === n) resolve();
      });
    });
    committedAt = performance.now();
    await db.transaction((tx) => writeDocs(tx, 'variants', [{ id: target.id, scope: '', data: { ...target, price: { ...target.price, amount: target.price.amount + k + 1 }, updatedAt: new Date().toISOString() } }], 'bench'));
    await Promise.race([all, new Promise((r) => setTimeout(r, 10_000))]);
    missed += n - seen.size;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const dropped = streams.dropped();
  streams.close();
  return { connections: n, p50Ms: round(percentile(latencies, 50)), p95Ms: round(percentile(latencies, 95)), maxMs: round(Math.max(...latencies)), missed, dropped, rssWithStreamsMB: round(Math.max(...rss), 0) };
}

function topSelfTime(dir: string): { fn: string; ms: number; share: number }[] {
  const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort()[0];
  if (!file) return [];
  const p = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  p.samples.forEach((s, i) => {
    const cf = byId.get(s)?.callFrame;
    const key = cf ? `${cf.functionName || '(anonymous)'} ${cf.url.replace(/^.*node_modules\//, '').replace(ROOT, '')}:${cf.lineNumber + 1}` : '?';
    if (key.startsWith('(idle)')) return;
    self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([fn, ms]) => ({ fn, ms: round(ms, 0), share: round((100 * ms) / total, 1) }));
}

async function main(): Promise<void> {
  const loadAverageAtStart = os.loadavg().map((x) => round(x, 1));
  const pg = await startThrowawayPostgres({ settings: ['shared_preload_libraries=pg_stat_statements'] });
  if (pg.adminUrl === null) throw new Error(pg.skipReason);
  const db = await openDb({ databaseUrl: pg.adminUrl });
  const STORES = Number(values.stores);
  try {
    log(`seeding ${values.variants} variants at ${STORES} stores on PostgreSQL…`);
    await seedDemo(db, { seed: 42, variants: Number(values.variants), stores: STORES, force: true });
    // Every device enrolled with the server's own enrollDevice (the HTTP route is rate-limited per address, as it
    // should be: 200 enrollments from one address in a minute are an attack, not a store opening).
    const devices: Device[] = [];
    for (let i = 0; i < Number(values.devices); i++) {
      const storeId = `store-${String((i % STORES) + 1).padStart(3, '0')}`;
      const { code } = await createEnrollmentCode(db, storeId, 'counter');
      devices.push({ token: (await enrollDevice(db, code, `bench ${i}`)).token, storeId });
    }
    log(`${devices.length} devices enrolled`);
    const profileDir = values.profile ? path.resolve(values.profile) : undefined;
    if (profileDir) mkdirSync(profileDir, { recursive: true });
    const probe: Probe = { db, pgPid: await postmasterPid(db), statements: await hasStatStatements(db) };
    const perRun: { processes: number; sync: Record<string, number>; sse: Record<string, number>; statements: StatementTime[] }[] = [];
    for (let r = 0; r < Number(values.runs); r++) {
      for (const processes of r % 2 === 0 ? [1, 2] : [2, 1]) {
        const servers = await Promise.all(Array.from({ length: processes }, () => startServer(pg.adminUrl ?? '', r === 0 && processes === 1 ? profileDir : undefined)));
        const { figures: sync, statements } = await syncPhase(servers, devices, probe);
        log(`run ${r + 1}, ${processes} process(es), first sync: ${JSON.stringify(sync)}`);
        const sse = await ssePhase(db, servers, devices);
        log(`run ${r + 1}, ${processes} process(es), SSE: ${JSON.stringify(sse)}`);
        perRun.push({ processes, sync, sse, statements });
        if (statements.length > 0) log(`run ${r + 1}, ${processes} process(es), PostgreSQL statements by execution time during the first sync:\n${statements.map((st) => `  ${st.share}%  ${st.calls} calls  mean ${st.meanMs} ms  ${st.query}`).join('\n')}`);
        await Promise.all(servers.map((s) => s.stop()));
      }
    }
    const summary: Record<string, Record<string, Spread>> = {};
    for (const processes of [1, 2]) {
      const mine = perRun.filter((p) => p.processes === processes);
      const s: Record<string, Spread> = {};
      for (const k of Object.keys(mine[0]?.sync ?? {})) s[`sync.${k}`] = spread(mine.map((m) => m.sync[k] ?? NaN), 2);
      for (const k of Object.keys(mine[0]?.sse ?? {})) s[`sse.${k}`] = spread(mine.map((m) => m.sse[k] ?? NaN), 1);
      summary[`${processes}`] = s;
    }
    const profile = profileDir ? topSelfTime(profileDir) : [];
    console.log(`\nAisle store network on one PostgreSQL — ${Number(values.variants).toLocaleString('en-US')} variants × ${STORES} stores, ${values.devices} devices, ${values.listeners} SSE connections, ${values.runs} runs per set-up (median (min–max))\n`);
    console.log('| measure | 1 server process | 2 server processes |');
    console.log('| --- | ---: | ---: |');
    for (const k of Object.keys(summary['1'] ?? {})) {
      const a = summary['1']?.[k];
      const b = summary['2']?.[k];
      console.log(`| ${k} | ${a ? fmtSpread(a) : ''} | ${b ? fmtSpread(b) : ''} |`);
    }
    if (profile.length > 0) {
      console.log('\nSelf time in one server process (run 1: start-up, first sync, SSE; idle left out), top functions:\n\n| function | ms | share % |\n| --- | ---: | ---: |');
      for (const p of profile) console.log(`| ${p.fn} | ${p.ms} | ${p.share} |`);
    }
    const out = path.join(import.meta.dirname, 'results', 'network.json');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ variants: Number(values.variants), stores: STORES, devices: Number(values.devices), listeners: Number(values.listeners), changes: Number(values.changes), runs: Number(values.runs), summary, perRun, profile, machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((x) => round(x, 1)), loadAverageAtStart, node: process.version, serversInOwnSession: true }, measuredAt: new Date().toISOString() }, null, 2)}\n`);
    console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
  } finally {
    await db.close();
    pg.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
