/**
 * PageQueue (pageQueue.ts): the order rules of overlapped first-sync page writes, with writes whose timing the
 * test controls. pulledPages.test.ts runs it on RxDB's storage; add-first-storage.test.ts on IndexedDB.
 */
import { describe, expect, it } from 'vitest';
import { PageQueue, type PageWrite } from './pageQueue';

interface Controlled {
  page: PageWrite;
  finish(): void;
  fail(error: Error): void;
  started: boolean;
}

function controlled(name: string, ids: string[], log: string[]): Controlled {
  let finish!: () => void;
  let fail!: (e: Error) => void;
  const c: Controlled = {
    started: false,
    finish: () => finish(),
    fail: (e) => fail(e),
    page: {
      ids,
      write: (issued) => {
        c.started = true;
        log.push(`write ${name}`);
        const done = new Promise<void>((resolve, reject) => {
          finish = () => {
            log.push(`written ${name}`);
            resolve();
          };
          fail = reject;
        });
        issued();
        return done;
      },
      commit: async () => {
        log.push(`commit ${name}`);
        await Promise.resolve();
      },
    },
  };
  return c;
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('PageQueue', () => {
  it('commits a written page without waiting for the next page to arrive (a held pull keeps no checkpoint back)', async () => {
    const log: string[] = [];
    const q = new PageQueue();
    const a = controlled('a', ['x1'], log);
    await q.push(a.page);
    a.finish();
    await tick();
    // No next push, no drain: the next pull is still on its way (or held), yet page a's checkpoint is stored.
    expect(log).toEqual(['write a', 'written a', 'commit a']);
    const b = controlled('b', ['x2'], log);
    await q.push(b.page);
    b.finish();
    await q.drain();
    expect(log).toEqual(['write a', 'written a', 'commit a', 'write b', 'written b', 'commit b']);
  });

  it('issues page N+1 while page N commits, and commits in page order', async () => {
    const log: string[] = [];
    const q = new PageQueue();
    const a = controlled('a', ['1', '2'], log);
    const b = controlled('b', ['3', '4'], log);
    const c = controlled('c', ['5'], log);
    await q.push(a.page);
    const pushB = q.push(b.page);
    await tick();
    // b is being written while a is not yet committed: the overlap.
    expect(b.started).toBe(true);
    expect(log).toEqual(['write a', 'write b']);
    b.finish();
    await tick();
    // b finished first, but a's commit comes first, and only after a was written.
    expect(log).not.toContain('commit b');
    expect(log).not.toContain('commit a');
    a.finish();
    await pushB;
    const pushC = q.push(c.page);
    c.finish();
    await pushC;
    await q.drain();
    expect(log).toEqual(['write a', 'write b', 'written b', 'written a', 'commit a', 'write c', 'written c', 'commit b', 'commit c']);
    expect(q.serialised).toBe(0);
  });

  it('a page sharing a document with the page in flight waits until that page is written and committed', async () => {
    const log: string[] = [];
    const q = new PageQueue();
    const a = controlled('a', ['1', '2'], log);
    const b = controlled('b', ['2', '3'], log);
    await q.push(a.page);
    const pushB = q.push(b.page);
    await tick();
    expect(b.started).toBe(false);
    a.finish();
    await tick();
    expect(b.started).toBe(true);
    b.finish();
    await pushB;
    await q.drain();
    expect(log).toEqual(['write a', 'written a', 'commit a', 'write b', 'written b', 'commit b']);
    expect(q.serialised).toBe(1);
  });

  it('a failed page N commits neither itself nor page N+1 in flight, and throws its failure', async () => {
    const log: string[] = [];
    const q = new PageQueue();
    const a = controlled('a', ['1'], log);
    const b = controlled('b', ['2'], log);
    await q.push(a.page);
    const pushB = q.push(b.page);
    await tick();
    a.fail(new Error('quota'));
    await tick();
    // Page N+1's write is awaited before the failure is thrown (nothing is left writing behind it).
    let thrown = false;
    void pushB.catch(() => (thrown = true));
    await tick();
    expect(thrown).toBe(false);
    b.finish();
    await expect(pushB).rejects.toThrow('quota');
    await q.drain();
    await q.settle();
    expect(log.filter((l) => l.startsWith('commit'))).toEqual([]);
  });

  it('after a failed pull, the page in flight is committed if its write succeeds', async () => {
    const log: string[] = [];
    const q = new PageQueue();
    const a = controlled('a', ['1'], log);
    await q.push(a.page);
    a.finish();
    await q.settle();
    expect(log).toEqual(['write a', 'written a', 'commit a']);
    const b = controlled('b', ['2'], log);
    await q.push(b.page);
    b.fail(new Error('disk'));
    await q.settle();
    expect(log).not.toContain('commit b');
  });

  it('without overlap (a storage that does not keep call order), each page waits for the one before', async () => {
    const log: string[] = [];
    const q = new PageQueue(false);
    const a = controlled('a', ['1'], log);
    const b = controlled('b', ['2'], log);
    await q.push(a.page);
    const pushB = q.push(b.page);
    await tick();
    expect(b.started).toBe(false);
    a.finish();
    await tick();
    b.finish();
    await pushB;
    await q.drain();
    expect(log).toEqual(['write a', 'written a', 'commit a', 'write b', 'written b', 'commit b']);
  });
});
