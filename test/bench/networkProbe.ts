/**
 * Where a bench:network phase spends the machine (issue #11 §4: "where the first bottleneck is"): CPU seconds of
 * PostgreSQL (the postmaster and every backend, including the ones that already exited), of the server
 * processes, of this load generator, and of the whole machine; PostgreSQL's own per-statement timing
 * (pg_stat_statements, when the cluster preloads it); and how many backends were busy (pg_stat_activity sampled),
 * which says whether the servers' pools were full. Linux /proc only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../server/db/db';
import { round } from './stats';

/** utime + stime (+ children's, for the postmaster) in seconds, from /proc/<pid>/stat. */
function cpuOf(pid: number, withChildren: boolean): { ppid: number; seconds: number } {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const n = (i: number): number => Number(f[i] ?? 0);
    // After "pid (comm) ": [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime (clock ticks).
    return { ppid: n(1), seconds: (n(11) + n(12) + (withChildren ? n(13) + n(14) : 0)) / 100 };
  } catch {
    return { ppid: -1, seconds: 0 };
  }
}

export function processCpuSeconds(pid: number): number {
  return cpuOf(pid, false).seconds;
}

/** Every CPU second PostgreSQL spent: its postmaster's own and reaped children's, plus every live backend. */
export function postgresCpuSeconds(postmasterPid: number): number {
  let total = cpuOf(postmasterPid, true).seconds;
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const c = cpuOf(Number(e), false);
    if (c.ppid === postmasterPid) total += c.seconds;
  }
  return total;
}

export async function postmasterPid(db: Db): Promise<number> {
  const dir = (await db.query<{ data_directory: string }>('SHOW data_directory')).rows[0]?.data_directory ?? '';
  return Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** Busy and total CPU seconds of the whole machine so far (/proc/stat's first line). */
export function machineCpu(): { busy: number; total: number } {
  const f = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return { busy: (total - idle) / 100, total: total / 100 };
}

export interface CpuSnapshot { postgres: number; servers: number; loadGenerator: number; machineBusy: number; machineTotal: number; at: number }

export function cpuSnapshot(pgPid: number, serverPids: readonly number[]): CpuSnapshot {
  const m = machineCpu();
  const u = process.cpuUsage();
  return { postgres: postgresCpuSeconds(pgPid), servers: serverPids.reduce((n, p) => n + processCpuSeconds(p), 0), loadGenerator: (u.user + u.system) / 1e6, machineBusy: m.busy, machineTotal: m.total, at: performance.now() };
}

/** Cores each party kept busy between two snapshots (CPU seconds ÷ wall seconds; this machine has os.cpus()). */
export function coresUsed(a: CpuSnapshot, b: CpuSnapshot): Record<string, number> {
  const wall = (b.at - a.at) / 1000;
  const cores = (b.machineTotal - a.machineTotal) / wall;
  return {
    postgresCores: round((b.postgres - a.postgres) / wall, 2),
    serverCores: round((b.servers - a.servers) / wall, 2),
    loadGeneratorCores: round((b.loadGenerator - a.loadGenerator) / wall, 2),
    machineBusyCores: round(((b.machineBusy - a.machineBusy) / (b.machineTotal - a.machineTotal)) * cores, 2),
  };
}

export async function hasStatStatements(db: Db): Promise<boolean> {
  try {
    await db.exec('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await db.query('SELECT pg_stat_statements_reset()');
    return true;
  } catch {
    return false;
  }
}

export interface StatementTime { query: string; calls: number; totalMs: number; meanMs: number; share: number }

/** The statements that took the most execution time since the last reset (this monitor's own left out). */
export async function topStatements(db: Db, n = 6): Promise<StatementTime[]> {
  const res = await db.query<{ query: string; calls: number; total: number }>(
    `SELECT regexp_replace(query, '\\s+', ' ', 'g') AS query, calls::float8 AS calls, total_exec_time AS total
     FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat%' AND query NOT LIKE 'SHOW%' ORDER BY total_exec_time DESC`,
  );
  const all = res.rows.reduce((a, r) => a + r.total, 0);
  return res.rows.slice(0, n).map((r) => ({ query: r.query.slice(0, 110), calls: r.calls, totalMs: round(r.total, 0), meanMs: round(r.total / r.calls, 2), share: round((100 * r.total) / all, 1) }));
}

/** Samples how many backends run a statement (state 'active'), other than this monitor, every `ms`. */
export function sampleActiveBackends(db: Db, ms = 250): { stop(): Promise<{ meanActive: number; maxActive: number; meanWaitingOnLock: number }> } {
  const samples: { active: number; lock: number }[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const r = await db.query<{ active: number; lock: number }>(
        `SELECT count(*) FILTER (WHERE state = 'active')::int AS active, count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock')::int AS lock
         FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND query NOT LIKE 'LISTEN%'`,
      ).catch(() => ({ rows: [] }));
      const row = r.rows[0];
      if (row) samples.push(row);
      await new Promise((res) => setTimeout(res, ms));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const mean = (f: (s: { active: number; lock: number }) => number): number => round(samples.reduce((a, s) => a + f(s), 0) / Math.max(1, samples.length), 1);
      return { meanActive: mean((s) => s.active), maxActive: Math.max(0, ...samples.map((s) => s.active)), meanWaitingOnLock: mean((s) => s.lock) };
    },
  };
}
