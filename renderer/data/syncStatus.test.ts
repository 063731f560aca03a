import { describe, expect, it } from 'vitest';
import { deriveStatus, firstSyncActive, firstSyncSaving, initialSyncState, isOnline, syncReducer, type SyncAction, type SyncState } from './syncStatus';

const run = (state: SyncState, ...actions: SyncAction[]): SyncState => actions.reduce(syncReducer, state);
const unreachable = { code: 'SERVER_UNREACHABLE' as const, message: 'cannot reach' };

describe('replication status reducer', () => {
  it('is not idle at launch until every collection has caught up with the server', () => {
    let s = initialSyncState(['products', 'variants'], { products: true });
    expect(deriveStatus(s)).toEqual({ type: 'pulling' });
    s = run(s, { type: 'pull-start', collection: 'products' }, { type: 'pull-ok', collection: 'products', received: 0, remaining: 0, complete: true, at: 1 });
    expect(deriveStatus(s)).toEqual({ type: 'pulling' });
    s = run(s, { type: 'pull-start', collection: 'variants' }, { type: 'pull-ok', collection: 'variants', received: 5, remaining: 0, complete: true, at: 2 });
    expect(deriveStatus(s)).toEqual({ type: 'idle' });
  });

  it('starts with first-sync progress for collections never synced', () => {
    const s = initialSyncState(['products', 'variants'], { products: true });
    expect(Object.keys(s.progress)).toEqual(['variants']);
    expect(firstSyncActive(s)).toBe(true);
  });

  it('is pulling while batches remain and idle once the last one is answered', () => {
    let s = initialSyncState(['products'], {});
    s = run(s, { type: 'pull-start', collection: 'products' });
    expect(deriveStatus(s).type).toBe('pulling');
    s = run(s, { type: 'pull-ok', collection: 'products', received: 2000, remaining: 500, complete: false, at: 10 });
    expect(deriveStatus(s).type).toBe('pulling');
    expect(s.lastSyncedAt).toBe(10);
    expect(s.progress.products).toEqual({ received: 2000, remaining: 500, fetched: false, done: false });
    expect(firstSyncActive(s)).toBe(true);
    s = run(s, { type: 'pull-start', collection: 'products' }, { type: 'pull-ok', collection: 'products', received: 500, remaining: 0, complete: true, at: 11 });
    expect(deriveStatus(s).type).toBe('idle');
    expect(firstSyncActive(s)).toBe(true);
  });

  it('counts first-sync progress across batches and marks the collection synced once', () => {
    const s = run(
      initialSyncState(['variants'], {}),
      { type: 'pull-start', collection: 'variants' },
      { type: 'pull-ok', collection: 'variants', received: 2000, remaining: 1000, complete: false, at: 1 },
      { type: 'pull-start', collection: 'variants' },
      { type: 'pull-ok', collection: 'variants', received: 1000, remaining: 0, complete: true, at: 2 },
    );
    // Fetched is not done: RxDB is still writing the pages it asked for ahead.
    expect(s.progress.variants).toEqual({ received: 3000, remaining: 0, fetched: true, done: false });
    expect(s.syncedOnce.variants).toBeUndefined();
    expect(firstSyncActive(s)).toBe(true);
    expect(firstSyncSaving(s)).toBe(true);
    const written = run(s, { type: 'active', collection: 'variants', active: false });
    expect(written.progress.variants).toEqual({ received: 3000, remaining: 0, fetched: true, done: true });
    expect(written.syncedOnce.variants).toBe(true);
    expect(firstSyncActive(written)).toBe(false);
  });

  it('keeps the first-sync bar until the replication is idle after the last page, not when the last page is answered', () => {
    let s = run(initialSyncState(['products', 'variants'], {}), { type: 'active', collection: 'products', active: true }, { type: 'active', collection: 'variants', active: true });
    s = run(s, { type: 'pull-start', collection: 'products' }, { type: 'pull-ok', collection: 'products', received: 10, remaining: 0, complete: true, at: 1 });
    // An 'active: true' after fetching (RxDB still busy) does not end it either.
    s = run(s, { type: 'active', collection: 'products', active: true });
    expect(s.progress.products?.done).toBe(false);
    s = run(s, { type: 'active', collection: 'products', active: false });
    expect(s.progress.products?.done).toBe(true);
    // Idle before its last page was fetched (e.g. an error retry gap) is not the end for variants.
    s = run(s, { type: 'active', collection: 'variants', active: false });
    expect(s.progress.variants?.done).toBe(false);
    expect(firstSyncActive(s)).toBe(true);
    expect(firstSyncSaving(s)).toBe(false);
  });

  it('starts with the last sync time from before the reload', () => {
    const s = initialSyncState(['products'], { products: true }, false, 1_700_000_000_000);
    expect(s.lastSyncedAt).toBe(1_700_000_000_000);
    expect(deriveStatus(s).type).toBe('offline');
  });

  it('goes offline when the server cannot be reached, and back when a request succeeds', () => {
    let s = run(initialSyncState(['products'], { products: true }), { type: 'pull-start', collection: 'products' }, { type: 'failed', op: 'pull', error: unreachable });
    expect(deriveStatus(s).type).toBe('offline');
    expect(isOnline(s)).toBe(false);
    // Retries while offline stay "offline", not "pulling".
    s = run(s, { type: 'pull-start', collection: 'products' });
    expect(deriveStatus(s).type).toBe('offline');
    s = run(s, { type: 'stream-open', at: 5 });
    expect(deriveStatus(s).type).toBe('pulling');
    s = run(s, { type: 'pull-ok', collection: 'products', received: 0, remaining: 0, complete: true, at: 6 });
    expect(deriveStatus(s)).toEqual({ type: 'idle' });
    expect(isOnline(s)).toBe(true);
  });

  it('reports the host being offline even before any request fails', () => {
    const s = run(initialSyncState([], {}), { type: 'host-online', online: false });
    expect(deriveStatus(s).type).toBe('offline');
  });

  it('puts a revoked device or an outdated app above everything else', () => {
    const revoked = { code: 'UNAUTHENTICATED' as const, message: 'This device has been revoked.' };
    let s = run(initialSyncState([], {}), { type: 'pull-start', collection: 'products' }, { type: 'failed', op: 'pull', error: revoked });
    expect(deriveStatus(s)).toEqual({ type: 'error', code: 'UNAUTHENTICATED', message: 'This device has been revoked.' });
    s = run(s, { type: 'pull-start', collection: 'products' });
    expect(deriveStatus(s).type).toBe('error');
    s = run(s, { type: 'failed', op: 'stream', error: { code: 'SCHEMA_OUTDATED', message: 'update' } });
    expect(deriveStatus(s)).toMatchObject({ type: 'error', code: 'SCHEMA_OUTDATED' });
  });

  it('shows a transient server error only when nothing is in flight, and clears it on success', () => {
    let s = run(initialSyncState([], {}), { type: 'push-start', collection: 'notes' }, { type: 'failed', op: 'push', error: { code: 'INTERNAL', message: 'boom' } });
    expect(deriveStatus(s)).toMatchObject({ type: 'error', code: 'INTERNAL' });
    s = run(s, { type: 'push-start', collection: 'notes' });
    expect(deriveStatus(s).type).toBe('pushing');
    s = run(s, { type: 'push-ok', collection: 'notes', at: 3 });
    expect(deriveStatus(s).type).toBe('idle');
  });

  it('stays pulling until the replication has written what it pulled', () => {
    let s = run(initialSyncState(['variants'], {}), { type: 'active', collection: 'variants', active: true }, { type: 'pull-start', collection: 'variants' });
    s = run(s, { type: 'pull-ok', collection: 'variants', received: 10, remaining: 0, complete: true, at: 1 });
    expect(deriveStatus(s).type).toBe('pulling');
    s = run(s, { type: 'active', collection: 'variants', active: false });
    expect(deriveStatus(s).type).toBe('idle');
  });

  it('does not end a first sync whose pages RxDB could not store, and counts them once when pulled again', () => {
    const full = { code: 'INTERNAL' as const, message: 'storage full', say: { key: 'storageFull' as const } };
    let s = run(initialSyncState(['notes'], {}), { type: 'active', collection: 'notes', active: true }, { type: 'pull-start', collection: 'notes' });
    s = run(s, { type: 'pull-ok', collection: 'notes', received: 30, remaining: 0, complete: true, at: 1 });
    s = run(s, { type: 'write-failed', collection: 'notes', error: full }, { type: 'active', collection: 'notes', active: false });
    // Going idle after a refused write is not the end: nothing of it is stored.
    expect(s.progress.notes).toMatchObject({ received: 30, fetched: false, done: false });
    expect(s.syncedOnce.notes).toBeUndefined();
    expect(deriveStatus(s)).toMatchObject({ type: 'error', say: { key: 'storageFull' } });
    expect(firstSyncActive(s)).toBe(true);
    // Room again: the same 30 are pulled from the stored checkpoint, written, and counted once.
    s = run(s, { type: 'active', collection: 'notes', active: true }, { type: 'pull-start', collection: 'notes' }, { type: 'pull-ok', collection: 'notes', received: 30, remaining: 0, complete: true, at: 2 });
    s = run(s, { type: 'active', collection: 'notes', active: false });
    expect(s.progress.notes).toEqual({ received: 30, remaining: 0, fetched: true, done: true });
    expect(s.syncedOnce.notes).toBe(true);
    expect(deriveStatus(s).type).toBe('idle');
  });

  it('counts documents beyond the first pass when a refused page is pulled again with more on the server', () => {
    let s = run(initialSyncState(['notes'], {}), { type: 'pull-ok', collection: 'notes', received: 10, remaining: 0, complete: true, at: 1 });
    s = run(s, { type: 'write-failed', collection: 'notes', error: { code: 'INTERNAL', message: 'full' } });
    s = run(s, { type: 'pull-ok', collection: 'notes', received: 8, remaining: 4, complete: false, at: 2 });
    expect(s.progress.notes).toMatchObject({ received: 10, remaining: 4 });
    s = run(s, { type: 'pull-ok', collection: 'notes', received: 4, remaining: 0, complete: true, at: 3 });
    expect(s.progress.notes).toMatchObject({ received: 12, fetched: true });
  });

  it('tracks pending pushes', () => {
    const s = run(initialSyncState([], {}), { type: 'pending', count: 3 });
    expect(s.pendingPushes).toBe(3);
  });
});
