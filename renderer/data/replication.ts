/**
 * Replication: the one module that moves documents between the local database and the catalog server.
 *
 * - One RxDB replication per collection the role receives, with pull (and, for device-written collections,
 *   push) handlers over fetch (protocol in shared/sync.ts). Pulls use big batches: a first sync of 100k rows is
 *   dominated by round trips.
 * - The live stream (stream.ts) turns 'change' events into RESYNC on that collection's pull stream, and a
 *   (re)connect into RESYNC for all, so a device that was offline catches up without a restart.
 * - Every request reports into a pure reducer (syncStatus.ts); the UI reads the derived status through
 *   useSyncStatus(). Nothing here ever blocks the UI: the local database answers whether or not this runs.
 */
import { BehaviorSubject, Subject } from 'rxjs';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import type { RxCollection, RxReplicationPullStreamItem } from 'rxdb/plugins/core';
import type { DesktopApi, DeviceSettings } from '../../shared/ipc';
import { COLLECTIONS, type CollectionDocs, type CollectionName } from '../../shared/schemas/collections';
import { syncPath, type Checkpoint } from '../../shared/sync';
import { ADD_FIRST_COLLECTIONS, type AisleDatabase } from './database';
import { authedJson, type ServerAuth } from './http';
import { parsePullResponse, parsePushResponse, type ParsedPull } from './guards';
import { openChangeStream, toTransferable, type StreamHandle } from './stream';
import { PullPipeline } from './pullPipeline';
import { PageQueue } from './pageQueue';
import { storeDownCheckpoint, writePulledPage } from './pulledPages';
import { LIVE_PAGE, writePageInSlices } from './livePages';
import { initialSyncState, syncReducer, type SyncAction, type SyncState } from './syncStatus';
import { startStatusReports } from './deviceStatus';
import { fullDiskSource, StorageRecovery, type ReplicationQueues } from './storageRecovery';

/** The server's maximum (MAX_PULL_LIMIT): fewer round trips and fewer IndexedDB transactions on a first sync. */
export const PULL_BATCH_SIZE = 5000;
export const PUSH_BATCH_SIZE = 50;
export const RETRY_MS = 4000;

interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

interface RunningReplication {
  resync(): void;
  cancel(): Promise<unknown>;
  /** RxDB's internal state, for healing its queues after a full disk (storageRecovery.ts). */
  internal(): ReplicationQueues | undefined;
}

function readJson(storage: KeyValue, key: string): unknown {
  try {
    const raw = storage.getItem(key);
    return raw === null ? null : (JSON.parse(raw) as unknown);
  } catch {
    return null;
  }
}

export interface PullMetrics {
  requests: number;
  documents: number;
  /** Time spent waiting for the server (fetch + JSON), summed over requests. */
  requestMs: number;
  /** Time the pull handler sat waiting for a page (the part of requestMs the prefetch did not hide), summed. */
  waitMs: number;
  /** First pull start → last complete pull answer, per collection. */
  firstSyncMs: Partial<Record<CollectionName, number>>;
  /** waitMs per collection: the sum above mixes the big collections with the small ones waiting at the start. */
  waitMsByCollection: Partial<Record<CollectionName, number>>;
}

export class SyncEngine {
  readonly state$: BehaviorSubject<SyncState>;
  readonly pullMetrics: PullMetrics = { requests: 0, documents: 0, requestMs: 0, waitMs: 0, firstSyncMs: {}, waitMsByCollection: {} };
  private readonly auth: ServerAuth;
  private readonly replications = new Map<CollectionName, RunningReplication>();
  private readonly pending: Set<string>;
  private stream: StreamHandle | null = null;
  private unsubscribeOnline: (() => void) | null = null;
  private stopStatusReports: (() => void) | null = null;
  /** A full disk: once there is room again, every replication resumes from its stored checkpoint (storageRecovery.ts). */
  private readonly recovery = new StorageRecovery({ all: () => this.replications.values(), intervalMs: RETRY_MS });
  private stopWatchingDisk: (() => void) | null = null;
  private readonly keyPrefix: string;

  constructor(
    private readonly db: AisleDatabase,
    settings: DeviceSettings,
    private readonly collections: readonly CollectionName[],
    private readonly storage: KeyValue = window.localStorage,
  ) {
    this.auth = { serverUrl: settings.serverUrl, token: settings.token };
    this.keyPrefix = `${db.name}.sync`;
    const synced = readJson(storage, `${this.keyPrefix}.syncedOnce`);
    const syncedOnce: Partial<Record<CollectionName, boolean>> = {};
    if (Array.isArray(synced)) for (const c of collections) if (synced.includes(c)) syncedOnce[c] = true;
    const pending = readJson(storage, `${this.keyPrefix}.pending`);
    this.pending = new Set(Array.isArray(pending) ? pending.filter((p): p is string => typeof p === 'string') : []);
    const hostOnline = typeof navigator === 'undefined' ? true : navigator.onLine;
    const last = readJson(storage, `${this.keyPrefix}.lastSyncedAt`);
    const lastSyncedAt = typeof last === 'number' && Number.isFinite(last) ? last : null;
    this.state$ = new BehaviorSubject({ ...initialSyncState(collections, syncedOnce, hostOnline, lastSyncedAt), pendingPushes: this.pending.size });
  }

  private dispatch(action: SyncAction): void {
    const prev = this.state$.value;
    const next = syncReducer(prev, action);
    if (next.syncedOnce !== prev.syncedOnce) {
      const done = Object.entries(next.syncedOnce).filter(([, v]) => v).map(([k]) => k);
      this.storage.setItem(`${this.keyPrefix}.syncedOnce`, JSON.stringify(done));
    }
    // Kept across reloads, so a device that starts offline still says when it last synced.
    if (next.lastSyncedAt !== prev.lastSyncedAt && next.lastSyncedAt !== null) this.storage.setItem(`${this.keyPrefix}.lastSyncedAt`, JSON.stringify(next.lastSyncedAt));
    this.state$.next(next);
  }

  start(api: DesktopApi): void {
    // A session closed before its deferred start (session.ts) never starts replicating.
    if (this.stopped) return;
    for (const name of this.collections) this.startCollection(name);
    if (typeof window !== 'undefined') this.stopWatchingDisk = this.recovery.watchUnhandled(window);
    // The manager's Devices screen shows what each device last reported (deviceStatus.ts).
    this.stopStatusReports = startStatusReports(this.auth, this.state$, api.getAppInfo().then((info) => info.version));
    this.unsubscribeOnline = api.onDidChangeOnline((online) => {
      this.dispatch({ type: 'host-online', online });
      if (online) {
        this.stream?.wake();
        this.resyncAll();
      }
    });
    this.stream = openChangeStream(this.auth, {
      onOpen: () => {
        this.dispatch({ type: 'stream-open', at: Date.now() });
        this.resyncAll();
      },
      onEvent: (event) => {
        if (event.type === 'change') this.replications.get(event.collection)?.resync();
      },
      onError: (error) => this.dispatch({ type: 'failed', op: 'stream', error }),
    });
  }

  resyncAll(): void {
    for (const replication of this.replications.values()) replication.resync();
  }

  /** Records a local write that must reach the server; the count survives a restart. */
  trackLocalWrite(id: string): void {
    this.pending.add(id);
    this.savePending();
  }

  private savePending(): void {
    this.storage.setItem(`${this.keyPrefix}.pending`, JSON.stringify([...this.pending]));
    this.dispatch({ type: 'pending', count: this.pending.size });
  }

  private startCollection<K extends CollectionName>(name: K): void {
    const collection: RxCollection<CollectionDocs[K]> | undefined = this.db.collections[name];
    if (!collection) return;
    const spec = COLLECTIONS[name];
    const stream$ = new Subject<RxReplicationPullStreamItem<CollectionDocs[K], Checkpoint>>();
    const pipeline = new PullPipeline<ParsedPull<CollectionDocs[K]>>();
    let firstPullAt: number | undefined;
    // The newest checkpoint this handler stored itself. RxDB retries a failed pull with the checkpoint the handler
    // was called with — before every page the handler wrote — so without this one failed request in the middle of a
    // first sync pulled the whole collection again from that point (a million variants: from revision 0).
    let storedRev = 0;
    const fetchBatch = async (rev: number, limit: number): Promise<ParsedPull<CollectionDocs[K]>> => {
      const started = performance.now();
      const body = await authedJson(this.auth, `${syncPath(name, 'pull')}?rev=${rev}&limit=${limit}`);
      const parsed = parsePullResponse<CollectionDocs[K]>(body, spec.schema);
      this.pullMetrics.requests++;
      this.pullMetrics.documents += parsed.documents.length;
      this.pullMetrics.requestMs += performance.now() - started;
      return parsed;
    };
    const replication = replicateRxCollection<CollectionDocs[K], Checkpoint>({
      // The server address is part of the identifier: another server means another replication history.
      replicationIdentifier: `aisle-${name}-${this.auth.serverUrl}`,
      collection,
      live: true,
      retryTime: RETRY_MS,
      waitForLeadership: false,
      autoStart: true,
      toggleOnDocumentVisible: false,
      pull: {
        batchSize: PULL_BATCH_SIZE,
        stream$: stream$.asObservable(),
        handler: async (checkpoint, batchSize) => {
          firstPullAt ??= performance.now();
          let rev = Math.max(checkpoint?.rev ?? 0, storedRev);
          // First-sync pages of a server-written collection are written two deep (pageQueue.ts): page N+1's
          // write is issued while page N commits; each page's checkpoint is stored once it is committed, in order.
          // Only on the add-first storage, which creates its transactions in call order (addFirstStorage.ts).
          const pages = new PageQueue(ADD_FIRST_COLLECTIONS.has(name));
          // Pages announced (pull-start) and not yet answered (pull-ok): two while pages overlap.
          let open = 0;
          const pullOk = (parsed: ParsedPull<CollectionDocs[K]>): void => {
            open--;
            const complete = parsed.remaining === 0;
            if (complete && this.pullMetrics.firstSyncMs[name] === undefined) this.pullMetrics.firstSyncMs[name] = performance.now() - firstPullAt!;
            this.dispatch({ type: 'pull-ok', collection: name, received: parsed.documents.length, remaining: parsed.remaining, complete, at: Date.now() });
          };
          for (;;) {
            this.dispatch({ type: 'pull-start', collection: name });
            open++;
            try {
              const from = rev;
              // After the first sync, smaller pages: each is parsed in one task (livePages.ts says why).
              const afterFirstSync = spec.writer === 'server' && this.state$.value.syncedOnce[name] === true;
              const liveSize = afterFirstSync ? Math.min(LIVE_PAGE, batchSize) : batchSize;
              const waitFrom = performance.now();
              const parsed = await pipeline.take(from, liveSize, () => fetchBatch(from, liveSize));
              const waited = performance.now() - waitFrom;
              this.pullMetrics.waitMs += waited;
              this.pullMetrics.waitMsByCollection[name] = (this.pullMetrics.waitMsByCollection[name] ?? 0) + waited;
              // More waiting on the server: ask for it now, while this batch is written.
              if (parsed.remaining > 0 && parsed.documents.length > 0) pipeline.prefetch(parsed.checkpoint.rev, liveSize, () => fetchBatch(parsed.checkpoint.rev, liveSize));
              const complete = parsed.remaining === 0;
              const internal = replication.internalReplicationState;
              const ends = complete || parsed.documents.length === 0 || replication.isStopped();
              // After the first sync (a device back from a day offline, a burst of changes), every page — the
              // last too — is written here in slices that yield to the UI (livePages.ts); RxDB gets an empty
              // answer with the checkpoint, already stored, and ends its pull loop.
              const live = afterFirstSync && internal !== undefined && !replication.isStopped();
              if (live) {
                await pages.drain();
                await writePageInSlices(collection, await internal.downstreamBulkWriteFlag, parsed.documents);
                await storeDownCheckpoint(internal, parsed.checkpoint);
                storedRev = Math.max(storedRev, parsed.checkpoint.rev);
                pullOk(parsed);
                if (ends) return { documents: [], checkpoint: parsed.checkpoint };
                rev = parsed.checkpoint.rev;
                continue;
              }
              // Every page of a server-written collection's first sync is written here, the last one too: handed to
              // RxDB, the last page cost three lookups per document (at 20,000 variants a quarter of them). RxDB
              // then gets an empty answer with the checkpoint, already stored, and ends its pull loop, as on the
              // live path above.
              const direct = spec.writer === 'server' && internal !== undefined && !replication.isStopped();
              if (direct) {
                const flag = await internal.downstreamBulkWriteFlag;
                await pages.push({
                  ids: parsed.documents.map((d) => d.id),
                  write: (issued) => writePulledPage(collection, flag, parsed.documents, issued),
                  commit: async () => {
                    await storeDownCheckpoint(internal, parsed.checkpoint);
                    storedRev = Math.max(storedRev, parsed.checkpoint.rev);
                    pullOk(parsed);
                  },
                });
                if (ends) {
                  await pages.drain();
                  return { documents: [], checkpoint: parsed.checkpoint };
                }
                rev = parsed.checkpoint.rev;
                continue;
              }
              await pages.drain();
              pullOk(parsed);
              return { documents: parsed.documents, checkpoint: parsed.checkpoint };
            } catch (error) {
              pipeline.clear();
              // A page written before a failed pull is still committed; nothing after a failed write is.
              await pages.settle();
              const transferable = toTransferable(error);
              for (; open > 0; open--) this.dispatch({ type: 'failed', op: 'pull', error: transferable });
              throw error;
            }
          }
        },
      },
      ...(spec.writer === 'device'
        ? {
            push: {
              batchSize: PUSH_BATCH_SIZE,
              handler: async (rows) => {
                this.dispatch({ type: 'push-start', collection: name });
                try {
                  const payload = rows.map((row) => ({ newDocumentState: row.newDocumentState, assumedMasterState: row.assumedMasterState ?? null }));
                  const body = await authedJson(this.auth, syncPath(name, 'push'), { method: 'POST', body: JSON.stringify(payload) });
                  const conflicts = parsePushResponse<CollectionDocs[K]>(body, spec.schema);
                  this.dispatch({ type: 'push-ok', collection: name, at: Date.now() });
                  // Answered either way: applied, or the master state comes back and wins locally.
                  let changed = false;
                  for (const row of rows) changed = this.pending.delete(row.newDocumentState.id) || changed;
                  if (changed) this.savePending();
                  return conflicts;
                } catch (error) {
                  this.dispatch({ type: 'failed', op: 'push', error: toTransferable(error) });
                  throw error;
                }
              },
            },
          }
        : {}),
    });
    // The handler's errors are already reported through the reducer; a full disk is said and resumed here.
    replication.error$.subscribe((error) => this.onReplicationError(name, error));
    replication.active$.subscribe((active) => this.dispatch({ type: 'active', collection: name, active }));
    this.replications.set(name, { resync: () => stream$.next('RESYNC'), cancel: () => replication.cancel(), internal: () => replication.internalReplicationState });
  }

  /** RxDB's own writes that the disk refused are said here (nothing else reports them); all resume once there is room. */
  private onReplicationError(name: CollectionName, error: unknown): void {
    const source = fullDiskSource(error);
    if (source === 'none') return;
    this.recovery.noteFull(name);
    if (source === 'write') this.dispatch({ type: 'write-failed', collection: name, error: toTransferable(error) });
  }

  private stopped = false;

  async stop(): Promise<void> {
    this.stopped = true;
    this.stream?.close();
    this.unsubscribeOnline?.();
    this.stopStatusReports?.();
    this.stopWatchingDisk?.();
    this.recovery.stop();
    await Promise.all([...this.replications.values()].map((r) => r.cancel()));
    this.replications.clear();
  }
}
