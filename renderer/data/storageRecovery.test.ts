/**
 * Guards what storageRecovery.ts relies on in the pinned RxDB (memory storage, a meta instance whose writes the
 * "disk" refuses while it is full): one refused checkpoint write leaves every later checkpoint write failing with
 * the same error, room or not (so these tests fail if RxDB ever heals itself, and the heal can go); after
 * healReplicationQueues the replication stores its checkpoints again and a resync pulls from the stored one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Subject } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { RxReplicationPullStreamItem } from 'rxdb/plugins/core';
import { openDatabase, type AisleDatabase } from './database';
import { storeDownCheckpoint } from './pulledPages';
import { fullDiskSource, hasRoom, healReplicationQueues, StorageRecovery } from './storageRecovery';
import type { Checkpoint, WithDeleted } from '../../shared/sync';
import type { NoteDoc } from '../../shared/schemas/collections';

const T = '2026-01-15T09:00:00.000Z';
const note = (i: number): WithDeleted<NoteDoc> => ({ id: `note_${i}`, storeId: 'store-001', productId: 'p', variantId: '', text: `n${i}`, staffId: 's', deviceId: 'd', createdAt: T, updatedAt: T, _deleted: false });
const quota = (): Error => Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });

const open: AisleDatabase[] = [];
const replications: RxReplicationState<NoteDoc, Checkpoint>[] = [];
afterEach(async () => {
  for (const r of replications.splice(0)) {
    const internal = r.internalReplicationState;
    if (internal) healReplicationQueues(internal);
    await r.cancel();
  }
  for (const db of open.splice(0)) await db.close();
});

/** notes replicated from a "server" of `total` notes, one per revision; `disk.full` refuses meta writes. */
async function setup(total: number) {
  const db = await openDatabase(`recovery-${Math.random().toString(36).slice(2)}`, 'counter', getRxStorageMemory(), new Uint8Array(32).fill(3));
  open.push(db);
  const pulledFrom: number[] = [];
  const stream$ = new Subject<RxReplicationPullStreamItem<NoteDoc, Checkpoint>>();
  const replication = replicateRxCollection<NoteDoc, Checkpoint>({
    replicationIdentifier: 'recovery-notes',
    collection: db.collections.notes!,
    live: true,
    retryTime: 50,
    waitForLeadership: false,
    pull: {
      batchSize: 10,
      stream$: stream$.asObservable(),
      handler: async (checkpoint) => {
        const from = checkpoint?.rev ?? 0;
        pulledFrom.push(from);
        const documents = Array.from({ length: Math.max(0, Math.min(10, total - from)) }, (_, i) => note(from + i + 1));
        return { documents, checkpoint: { rev: from + documents.length } };
      },
    },
  });
  replications.push(replication);
  await replication.awaitInitialReplication();
  const internal = replication.internalReplicationState!;
  const disk = { full: false };
  const meta = internal.input.metaInstance;
  const write = meta.bulkWrite.bind(meta);
  meta.bulkWrite = async (rows, context) => {
    if (disk.full) throw quota();
    return write(rows, context);
  };
  return { db, replication, internal, disk, pulledFrom, stream$ };
}

describe('a full disk and RxDB’s checkpoint chain', () => {
  it('one refused checkpoint write fails every later one, with room again, until the chain is healed', async () => {
    const { internal, disk } = await setup(0);
    disk.full = true;
    await expect(storeDownCheckpoint(internal, { rev: 5 })).rejects.toThrow('quota');
    disk.full = false;
    // Room again, yet RxDB's chain is still rejected: the write is never attempted.
    await expect(storeDownCheckpoint(internal, { rev: 6 })).rejects.toThrow('quota');
    healReplicationQueues(internal);
    await storeDownCheckpoint(internal, { rev: 7 });
    expect(internal.lastCheckpointDoc.down?.checkpointData).toEqual({ rev: 7 });
  });

  it('after a heal, a resync pulls from the stored checkpoint, not from the start', async () => {
    const { db, internal, disk, pulledFrom, stream$, replication } = await setup(25);
    await replication.awaitInSync();
    expect(await db.collections.notes!.count().exec()).toBe(25);
    disk.full = true;
    await expect(storeDownCheckpoint(internal, { rev: 30 })).rejects.toThrow('quota');
    disk.full = false;
    let recoveredAt = -1;
    const recovery = new StorageRecovery({
      all: () => [{ internal: () => internal, resync: () => { recoveredAt = pulledFrom.length; stream$.next('RESYNC'); } }],
      intervalMs: 10,
      room: async () => true,
    });
    recovery.noteFull('notes');
    await expect.poll(() => recovery.recoveries).toBe(1);
    await replication.awaitInSync();
    expect(recoveredAt).toBeGreaterThan(0);
    // Stored checkpoint: revision 25; nothing before it is asked for again.
    expect(pulledFrom.slice(recoveredAt)).toEqual([25]);
    recovery.stop();
  });

  it('waits while there is no room, and says where an error on error$ comes from', async () => {
    let resyncs = 0;
    let room = false;
    const recovery = new StorageRecovery({ all: () => [{ internal: () => undefined, resync: () => resyncs++ }], intervalMs: 5, room: async () => room });
    recovery.noteFull('variants');
    await new Promise((r) => setTimeout(r, 40));
    expect(resyncs).toBe(0);
    expect(recovery.waiting).toEqual(['variants']);
    room = true;
    await expect.poll(() => resyncs).toBe(1);
    recovery.stop();

    expect(await hasRoom({ estimate: async () => ({ usage: 100, quota: 120 }) })).toBe(false);
    expect(await hasRoom({ estimate: async () => ({ usage: 100, quota: 100 + 64 * 1024 * 1024 }) })).toBe(true);
    expect(await hasRoom(undefined)).toBe(true);
    expect(fullDiskSource({ code: 'RC_PULL', parameters: { direction: 'pull', errors: [{ name: 'QuotaExceededError' }] } })).toBe('handler');
    expect(fullDiskSource({ name: 'AbortError', inner: quota() })).toBe('write');
    expect(fullDiskSource(new Error('boom'))).toBe('none');
  });
});
