/**
 * Carrying on after a full disk. IndexedDB refuses a write with QuotaExceededError (Dexie hands it on as an
 * AbortError whose `inner` is the QuotaExceededError); once there is room again, every collection must resume from
 * the checkpoint it stored, by itself.
 *
 * Why RxDB does not do that alone (RxDB 17.6, src/replication-protocol; storageRecovery.test.ts guards each point):
 * - Every checkpoint read and write of a replication runs on one promise chain, `checkpointQueue`
 *   (checkpoint.ts setCheckpoint: `queue = queue.then(write)`). A checkpoint write the disk refused leaves that chain
 *   rejected for good: every later setCheckpoint, every resync (downstream.ts reads its checkpoint through the
 *   chain) and even cancel() (which awaits it) fail with the same old error, however much room there is. The pull
 *   handler's own retry cannot help: it stores its checkpoint through the same chain (pulledPages.ts). A
 *   collection whose only write was a checkpoint (a server-written collection with nothing for this store yet) or
 *   whose checkpoint write came just after its page fitted stayed at "0 / …" for ever.
 * - A resync that found the chain rejected rejects the downstream's task queue (`streamQueue.down`) too: nothing
 *   chained on it runs again, so RESYNC did nothing either.
 * - When RxDB itself writes a pulled page (device-written collections, which have a push) and the disk refuses
 *   it, RxDB reports it on error$ and goes on; the page is not stored, nor its checkpoint, and nothing pulls it
 *   again until something asks for a resync.
 * - Dexie keeps its connections open through a QuotaExceededError (checked in Chromium: `isOpen()` stays true and
 *   no `close` event fires); only the transaction is aborted.
 *
 * So: once a write hit the full disk, `navigator.storage.estimate()` is asked every few seconds whether there is
 * room; once there is, every replication's queues are healed (a rejected chain is replaced by one that settles
 * when it does, in order: nothing waiting is skipped) and it resyncs from the checkpoint it has stored. Pages written but not checkpointed are pulled again and written over themselves (the id is the
 * primary key): no duplicates, and nothing before the stored checkpoint is pulled again.
 */
import type { RxStorageInstanceReplicationState } from 'rxdb/plugins/core';
import { isQuotaExceeded } from './deviceError';

/** The part of RxDB's internal replication state this module touches. */
export type ReplicationQueues = Pick<RxStorageInstanceReplicationState<unknown>, 'checkpointQueue' | 'streamQueue'>;

/** Room enough for a page of the biggest collection and its checkpoint (a 5,000-variant page is a few MB). */
export const ROOM_BYTES = 16 * 1024 * 1024;

/**
 * Replaces RxDB's checkpoint chain and task queues with ones that settle when the current ones do, whether they
 * failed or not: the failure has been reported already (error$, the pull handler), and what is chained later runs.
 */
export function healReplicationQueues(state: ReplicationQueues): void {
  const settle = (p: Promise<unknown>): Promise<void> => p.then(
    () => undefined,
    () => undefined,
  );
  state.checkpointQueue = settle(state.checkpointQueue);
  state.streamQueue.down = settle(state.streamQueue.down);
  state.streamQueue.up = settle(state.streamQueue.up);
}

/** Whether the origin has room for another page: true when the browser cannot say (then simply try again). */
export async function hasRoom(storage: Pick<StorageManager, 'estimate'> | undefined = typeof navigator === 'undefined' ? undefined : navigator.storage): Promise<boolean> {
  if (!storage) return true;
  try {
    const { usage, quota } = await storage.estimate();
    if (usage === undefined || quota === undefined) return true;
    return quota - usage >= ROOM_BYTES;
  } catch {
    return true;
  }
}

export interface RecoverableCollection {
  /** RxDB's internal state of the collection's replication (undefined before it started). */
  internal(): ReplicationQueues | undefined;
  /** Asks for a pull from the stored checkpoint (RESYNC on the pull stream). */
  resync(): void;
}

/**
 * Where a replication error on error$ comes from: our pull handler (RxDB wraps what it threw as RC_PULL with
 * `direction: 'pull'`; the handler has reported it already) or RxDB's own write of a pulled page or its pull
 * metadata (the raw Dexie error, or RC_PULL with `writeError`), which nothing else reports.
 */
export function fullDiskSource(error: unknown): 'none' | 'handler' | 'write' {
  if (!isQuotaExceeded(error)) return 'none';
  const direction = (error as { parameters?: { direction?: unknown } }).parameters?.direction;
  return direction === 'pull' ? 'handler' : 'write';
}

export interface StorageRecoveryOptions {
  /** Every replication of the session: a full disk concerns them all, noticed or not (see below). */
  all(): Iterable<RecoverableCollection>;
  intervalMs: number;
  room?: () => Promise<boolean>;
}

/**
 * Watches for room once a write hit the full disk, then heals and resyncs every replication. All of them, not
 * only those that reported it: RxDB stores some checkpoints without awaiting them (after each page it writes, and
 * the upstream's after every downstream page), and such a failure poisons the chain without a word on error$.
 */
export class StorageRecovery {
  private readonly full = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  /** How many times room came back and the replications were resumed. */
  recoveries = 0;

  constructor(private readonly options: StorageRecoveryOptions) {}

  /** A write (a page or a checkpoint) was refused for lack of room; `where` names it for the record. */
  noteFull(where: string): void {
    if (this.stopped) return;
    this.full.add(where);
    this.schedule();
  }

  /** What hit the full disk since the last recovery (collection names, or 'unhandled'). */
  get waiting(): readonly string[] {
    return [...this.full];
  }

  /**
   * Also notes the full disk from rejections nobody awaited (RxDB's unawaited checkpoint writes): the only trace
   * such a failure leaves. Returns the function that stops listening.
   */
  watchUnhandled(target: Pick<Window, 'addEventListener' | 'removeEventListener'>): () => void {
    const onRejection = (event: PromiseRejectionEvent): void => {
      if (isQuotaExceeded(event.reason)) this.noteFull('unhandled');
    };
    target.addEventListener('unhandledrejection', onRejection);
    return () => target.removeEventListener('unhandledrejection', onRejection);
  }

  /** Stops watching; heals every chain first, so that RxDB's cancel() (which awaits it) does not fail on one. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.full.clear();
    for (const target of this.options.all()) {
      const internal = target.internal();
      if (internal) healReplicationQueues(internal);
    }
  }

  private schedule(): void {
    if (this.timer !== null || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.check().catch((error: unknown) => console.error('storage recovery', error));
    }, this.options.intervalMs);
  }

  private async check(): Promise<void> {
    if (this.stopped || this.full.size === 0) return;
    if (!(await (this.options.room ?? hasRoom)())) {
      this.schedule();
      return;
    }
    this.full.clear();
    for (const target of this.options.all()) {
      const internal = target.internal();
      if (internal) healReplicationQueues(internal);
      target.resync();
    }
    this.recoveries++;
  }
}
