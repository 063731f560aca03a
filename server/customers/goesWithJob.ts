/**
 * The periodic recompute of "goes with" (server/customers/goesWith.ts): the co-purchase lift moves as orders come
 * in, so every server process runs this job on a timer, and one of them does the work per interval.
 *
 * Server processes are stateless and share one PostgreSQL, so "only one" is decided in the database: the recompute
 * runs in a transaction that first takes a transaction-scoped advisory lock with pg_try_advisory_xact_lock (a
 * process that finds it taken skips: another is computing), then reads when the pairs were last computed
 * (meta 'goes-with'); if that is less than an interval ago it skips too, so a process arriving just after another
 * committed does not compute again. The lock is released by the commit; nothing is held between runs, and a
 * process that dies mid-run rolls back and frees it.
 *
 * After new pairs are committed, the working-set copies (collection customers) whose suggestions changed are
 * rewritten in batches, so counters receive the new "goes with"; copies whose suggestions are the same are not
 * touched (a recompute with no new orders sends devices nothing).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/db';
import type { CustomerDoc, GoesWithItem } from '../../shared/customers/types';
import { writeDocs, type DocWrite } from '../sync/revisions';
import { computeGoesWith, goesWithFor, goesWithSeeds } from './goesWith';

/** Advisory lock key of the recompute (distinct from the revision and migration locks, 7_245_00x). */
export const GOES_WITH_LOCK = 7_245_010;
export const GOES_WITH_META = 'goes-with';
export const DEFAULT_GOES_WITH_HOURS = 24;
const BATCH = 500;

export type GoesWithRun = { ran: true; pairs: number; copiesRewritten: number; ms: number } | { ran: false; reason: 'busy' | 'fresh' };

/** AISLE_GOES_WITH_HOURS: hours between recomputes (default 24; 0 turns the job off). */
export function goesWithIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['AISLE_GOES_WITH_HOURS'];
  if (raw === undefined || raw === '') return DEFAULT_GOES_WITH_HOURS * 3_600_000;
  const hours = Number(raw);
  if (!Number.isFinite(hours) || hours < 0 || hours > 24 * 365) throw new Error(`AISLE_GOES_WITH_HOURS must be a number of hours from 0 (off) to 8760, got "${raw}"`);
  return Math.round(hours * 3_600_000);
}

/** Records that the pairs were computed now (the demo seed calls it too, inside its transaction). */
export async function markGoesWithComputed(q: { query: Db['query'] }, now: Date, pairs: number): Promise<void> {
  await q.query(`INSERT INTO meta (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [GOES_WITH_META, JSON.stringify({ computedAt: now.toISOString(), pairs })]);
}

/** Recomputes the pairs if no other process is doing it and the last run is at least `intervalMs` old. */
export async function recomputeGoesWithIfDue(db: Db, now: Date, intervalMs: number): Promise<GoesWithRun> {
  const started = performance.now();
  const outcome = await db.transaction(async (tx): Promise<{ pairs: number } | 'busy' | 'fresh'> => {
    const lock = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [GOES_WITH_LOCK]);
    if (!lock.rows[0]?.ok) return 'busy';
    const last = await tx.query<{ at: string | null }>(`SELECT value->>'computedAt' AS at FROM meta WHERE key = $1`, [GOES_WITH_META]);
    const at = last.rows[0]?.at;
    if (at && now.getTime() - Date.parse(at) < intervalMs) return 'fresh';
    const pairs = await computeGoesWith(tx);
    await markGoesWithComputed(tx, now, pairs);
    return { pairs };
  });
  if (outcome === 'busy' || outcome === 'fresh') return { ran: false, reason: outcome };
  const copiesRewritten = await refreshGoesWithCopies(db, now);
  return { ran: true, pairs: outcome.pairs, copiesRewritten, ms: performance.now() - started };
}

// Field by field: a copy read back from jsonb has its keys in jsonb's order, not the order they were written in.
const key = (items: readonly GoesWithItem[]): string => JSON.stringify(items.map((g) => [g.productId, g.lift, g.together, g.becauseOf]));
const same = (a: readonly GoesWithItem[], b: readonly GoesWithItem[]): boolean => key(a) === key(b);

/** Rewrites the working-set copies whose suggestions differ from what the current pairs give; returns how many. */
export async function refreshGoesWithCopies(db: Db, now: Date): Promise<number> {
  let after = '';
  let rewritten = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const page = await tx.query<{ id: string; scope: string; data: CustomerDoc }>(
        `SELECT id, scope, data FROM docs WHERE collection = 'customers' AND NOT deleted AND id > $1 ORDER BY id LIMIT ${BATCH}`,
        [after],
      );
      const last = page.rows.at(-1);
      if (!last) return -1;
      after = last.id;
      const ids = [...new Set(page.rows.map((r) => r.data.customerId))];
      const fresh = await goesWithFor(tx, await goesWithSeeds(tx, ids));
      const writes: DocWrite[] = [];
      for (const r of page.rows) {
        const next = fresh.get(r.data.customerId) ?? [];
        if (!same(r.data.goesWith, next)) writes.push({ id: r.id, scope: r.scope, data: { ...r.data, goesWith: next, updatedAt: now.toISOString() } });
      }
      await writeDocs(tx, 'customers', writes, 'goes-with');
      return writes.length;
    });
    if (n < 0) return rewritten;
    rewritten += n;
  }
}

export interface GoesWithJob {
  /** One tick: what the timer does (tests call it). */
  tick(): Promise<GoesWithRun>;
  stop(): Promise<void>;
}

/**
 * Ticks every `checkMs` (default: a tenth of the interval, at most 10 minutes); each tick recomputes if due. Every
 * process may run this: the advisory lock and the recorded time make one of them do the work per interval.
 */
export function startGoesWithJob(options: { db: Db; intervalMs: number; checkMs?: number; now?: () => Date; log?: FastifyBaseLogger }): GoesWithJob {
  const { db, intervalMs, log } = options;
  const now = options.now ?? (() => new Date());
  let running: Promise<GoesWithRun> | null = null;
  const tick = (): Promise<GoesWithRun> => {
    running ??= recomputeGoesWithIfDue(db, now(), intervalMs)
      .then((r) => {
        if (r.ran) log?.info({ pairs: r.pairs, copiesRewritten: r.copiesRewritten, ms: Math.round(r.ms) }, '"goes with" recomputed');
        return r;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const checkMs = options.checkMs ?? Math.max(1000, Math.min(600_000, Math.round(intervalMs / 10)));
  const timer = intervalMs > 0 ? setInterval(() => void tick().catch((err: unknown) => log?.error({ err }, '"goes with" recompute failed')), checkMs) : null;
  timer?.unref();
  return {
    tick,
    async stop() {
      if (timer) clearInterval(timer);
      if (running) await running.catch(() => undefined);
    },
  };
}
