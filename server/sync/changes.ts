/**
 * Live fan-out. Every write to `docs` queues a NOTIFY (server/sync/revisions.ts) that PostgreSQL delivers on
 * commit to every process listening on the database — including this one — so a change committed through any
 * server process reaches the SSE clients of all of them. With PGlite the same LISTEN works in-process.
 */
import type { Db } from '../db/db';
import { CHANGES_CHANNEL, type ChangeNotice } from './revisions';
import { isCollectionName } from '../../shared/schemas/collections';

export type ChangeListener = (notice: ChangeNotice) => void;

export interface ChangeHub {
  subscribe(listener: ChangeListener): () => void;
  readonly size: number;
  close(): Promise<void>;
}

export function parseChangeNotice(payload: string): ChangeNotice | null {
  let v: unknown;
  try {
    v = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  const c = o['c'];
  const r = o['r'];
  const s = o['s'];
  if (!isCollectionName(c) || typeof r !== 'number' || !Array.isArray(s) || !s.every((x) => typeof x === 'string')) return null;
  return { c, r, s: s.filter((x): x is string => typeof x === 'string') };
}

export async function createChangeHub(db: Db, onBadPayload?: (payload: string) => void): Promise<ChangeHub> {
  const listeners = new Set<ChangeListener>();
  const unlisten = await db.listen(CHANGES_CHANNEL, (payload) => {
    const notice = parseChangeNotice(payload);
    if (!notice) {
      onBadPayload?.(payload);
      return;
    }
    for (const l of listeners) l(notice);
  });
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get size() {
      return listeners.size;
    },
    async close() {
      listeners.clear();
      await unlisten();
    },
  };
}
