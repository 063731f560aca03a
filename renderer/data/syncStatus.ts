/**
 * The replication's state as a pure reducer, so every transition is unit-tested without a server or a browser.
 * The status the UI shows is derived, never stored: blocking errors (revoked device, outdated app) win over
 * everything, then offline, then whatever is in flight, then idle.
 */
import type { TransferableError } from '../../shared/errors';
import type { CollectionName } from '../../shared/schemas/collections';
import type { DeviceSay } from './deviceError';

export type SyncStatus =
  | { type: 'idle' }
  | { type: 'pulling' }
  | { type: 'pushing' }
  | { type: 'offline' }
  | ({ type: 'error'; code: string; message: string; say?: DeviceSay } & Pick<TransferableError, 'origin' | 'params' | 'retryAfterSeconds' | 'details'>);

export interface CollectionProgress {
  received: number;
  remaining: number;
  /** The server has answered the last page (remaining 0); RxDB may still be writing pages to IndexedDB. */
  fetched?: boolean;
  /** Every page is written locally, so queries see it: only then is the first sync over for this collection. */
  done: boolean;
  /**
   * Documents counted again since a page RxDB wrote was refused (a full disk): that page is pulled again from the
   * stored checkpoint, and `received` grows only past what it already counted (storageRecovery.ts).
   */
  recount?: number;
}

export interface SyncState {
  pulls: number;
  pushes: number;
  /** Replications still working (RxDB writes a pulled batch after our handler returns: not idle until written). */
  active: Partial<Record<CollectionName, boolean>>;
  /** The collections being replicated, and which of them have caught up with the server since launch. */
  collections: readonly CollectionName[];
  caughtUp: Partial<Record<CollectionName, boolean>>;
  /** null until the first request answers or fails. */
  reachable: boolean | null;
  /** The host's own idea of network connectivity (navigator / Electron net). */
  hostOnline: boolean;
  error: TransferableError | null;
  lastSyncedAt: number | null;
  pendingPushes: number;
  /** First-sync progress per collection; present only for collections that had never completed a pull. */
  progress: Partial<Record<CollectionName, CollectionProgress>>;
  syncedOnce: Partial<Record<CollectionName, boolean>>;
}

export type SyncAction =
  | { type: 'pull-start'; collection: CollectionName }
  | { type: 'pull-ok'; collection: CollectionName; received: number; remaining: number; complete: boolean; at: number }
  | { type: 'push-start'; collection: CollectionName }
  | { type: 'push-ok'; collection: CollectionName; at: number }
  | { type: 'failed'; op: 'pull' | 'push' | 'stream'; error: TransferableError }
  /** RxDB could not store pages it had pulled (it reports this on error$ after the pull answered): not written yet. */
  | { type: 'write-failed'; collection: CollectionName; error: TransferableError }
  | { type: 'stream-open'; at: number }
  | { type: 'host-online'; online: boolean }
  | { type: 'pending'; count: number }
  | { type: 'active'; collection: CollectionName; active: boolean };

/** `lastSyncedAt` is the last successful exchange before this launch (persisted), so offline after a reload still says when. */
export function initialSyncState(collections: readonly CollectionName[], syncedOnce: Partial<Record<CollectionName, boolean>>, hostOnline = true, lastSyncedAt: number | null = null): SyncState {
  const progress: Partial<Record<CollectionName, CollectionProgress>> = {};
  for (const c of collections) if (!syncedOnce[c]) progress[c] = { received: 0, remaining: 0, done: false };
  return { pulls: 0, pushes: 0, active: {}, collections: [...collections], caughtUp: {}, reachable: null, hostOnline, error: null, lastSyncedAt, pendingPushes: 0, progress, syncedOnce: { ...syncedOnce } };
}

function online(state: SyncState, at: number | null): SyncState {
  const error = state.error?.code === 'SERVER_UNREACHABLE' ? null : state.error;
  return { ...state, reachable: true, error, lastSyncedAt: at ?? state.lastSyncedAt };
}

export function syncReducer(state: SyncState, action: SyncAction): SyncState {
  switch (action.type) {
    case 'pull-start':
      return { ...state, pulls: state.pulls + 1 };
    case 'pull-ok': {
      const caughtUp = action.complete && !state.caughtUp[action.collection] ? { ...state.caughtUp, [action.collection]: true } : state.caughtUp;
      const next = online({ ...state, pulls: Math.max(0, state.pulls - 1), error: null, caughtUp }, action.at);
      const prev = state.progress[action.collection];
      if (!prev || prev.done) return next;
      // RxDB asks for the next page before the previous ones are written (its persistence queue): the last answer
      // only means "fetched". The first sync ends when the replication goes idle afterwards ('active' false).
      const counted = prev.recount === undefined ? { received: prev.received + action.received } : recounted(prev, action.received);
      const progress = { ...state.progress, [action.collection]: { ...counted, remaining: action.remaining, fetched: action.complete, done: false } };
      return { ...next, progress };
    }
    case 'write-failed': {
      const prev = state.progress[action.collection];
      const caughtUp = { ...state.caughtUp, [action.collection]: false };
      const withError = { ...state, reachable: true, error: action.error, caughtUp };
      if (!prev || prev.done) return withError;
      // Not written: not fetched either, so going idle does not end this collection's first sync; the pages are
      // pulled again from the stored checkpoint once there is room, and counted once (recount).
      return { ...withError, progress: { ...state.progress, [action.collection]: { received: prev.received, remaining: prev.remaining, fetched: false, done: false, recount: 0 } } };
    }
    case 'push-start':
      return { ...state, pushes: state.pushes + 1 };
    case 'push-ok':
      return online({ ...state, pushes: Math.max(0, state.pushes - 1), error: null }, action.at);
    case 'failed': {
      const pulls = action.op === 'pull' ? Math.max(0, state.pulls - 1) : state.pulls;
      const pushes = action.op === 'push' ? Math.max(0, state.pushes - 1) : state.pushes;
      if (action.error.code === 'SERVER_UNREACHABLE') return { ...state, pulls, pushes, reachable: false, error: null };
      return { ...state, pulls, pushes, reachable: true, error: action.error };
    }
    case 'stream-open':
      return online(state, null);
    case 'host-online':
      return { ...state, hostOnline: action.online };
    case 'pending':
      return { ...state, pendingPushes: action.count };
    case 'active': {
      const p = state.progress[action.collection];
      if (!action.active && p?.fetched && !p.done) {
        // Everything fetched has been written: the collection is queryable, its first sync is over.
        return {
          ...state,
          active: { ...state.active, [action.collection]: false },
          progress: { ...state.progress, [action.collection]: { received: p.received, remaining: p.remaining, fetched: true, done: true } },
          syncedOnce: { ...state.syncedOnce, [action.collection]: true },
        };
      }
      return state.active[action.collection] === action.active ? state : { ...state, active: { ...state.active, [action.collection]: action.active } };
    }
  }
}

/** A page pulled again after a refused write: `received` already counts it, so it grows only past the recount. */
function recounted(prev: CollectionProgress, received: number): Pick<CollectionProgress, 'received' | 'recount'> {
  const recount = (prev.recount ?? 0) + received;
  return { received: Math.max(prev.received, recount), recount };
}

/** Errors that retrying cannot fix: the user has to act (enroll again, update the app). */
export function isBlockingError(error: TransferableError): boolean {
  return error.code === 'UNAUTHENTICATED' || error.code === 'SCHEMA_OUTDATED' || error.code === 'FORBIDDEN';
}

/** The error as a status, keeping what a screen needs to say it in its language (renderer/ui/errors). */
function errorStatus(e: TransferableError & { say?: DeviceSay }): SyncStatus {
  const { code, message, origin, params, retryAfterSeconds, details, say } = e;
  // say: an error this device raised, worded by the screen (a full disk: stream.ts toTransferable).
  return { type: 'error', code, message, ...(say ? { say } : {}), ...(origin ? { origin } : {}), ...(params ? { params } : {}), ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}), ...(details ? { details } : {}) };
}

export function deriveStatus(state: SyncState): SyncStatus {
  if (state.error && isBlockingError(state.error)) return errorStatus(state.error);
  if (!state.hostOnline || state.reachable === false) return { type: 'offline' };
  if (state.pulls > 0) return { type: 'pulling' };
  if (state.pushes > 0) return { type: 'pushing' };
  // A failed request that RxDB is retrying keeps the replication active: show the error, not "pulling".
  if (state.error) return errorStatus(state.error);
  // "idle" means in step with the server: not before every collection has caught up once since launch.
  if (Object.values(state.active).some(Boolean) || state.collections.some((c) => !state.caughtUp[c])) return { type: 'pulling' };
  return { type: 'idle' };
}

/** Whether every page is fetched and only local writes remain ("saving on this device"). */
export function firstSyncSaving(state: SyncState): boolean {
  const rows = Object.values(state.progress);
  return rows.some((p) => !p.done) && rows.every((p) => p.done || p.fetched === true);
}

/** Whether the first-sync progress bar should be on screen. */
export function firstSyncActive(state: SyncState): boolean {
  return Object.values(state.progress).some((p) => !p.done);
}

/** Whether the server can be asked things now (nearby stock); false means "answer honestly: offline". */
export function isOnline(state: SyncState): boolean {
  return state.hostOnline && state.reachable !== false;
}
