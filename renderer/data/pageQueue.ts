/**
 * Overlapped first-sync page writes, two pages deep. Written strictly in turn, each page of 5,000 kept one side
 * idle: the renderer waited while the browser process committed page N, and the browser process waited while the
 * renderer cloned page N+1 into its `add` requests. Here page N+1's write is issued as soon as page N's
 * transaction exists, and page N's checkpoint is stored once page N is committed.
 *
 * What must stay true (renderer/data/pageQueue.test.ts, pulledPages.test.ts; in Chromium first-sync-resume and
 * add-first-storage):
 * - Page N+1's write is started only after page N's first write was issued (`issued`), so its transaction is
 *   created after page N's (the storage keeps that order: addFirstStorage.ts).
 * - Two pages in flight never share a document: a page holding a document of the page still in flight waits until
 *   that page is written, retries and all. (A retry of page N after a 409 would otherwise race page N+1's newer
 *   state of that document, and could write the older one over it.) Every document is therefore written by one
 *   write at a time, in page order, and its change events come in that order.
 * - A page's `commit` (its checkpoint) runs only after its write succeeded and after every earlier page's commit.
 * - A failed write commits nothing after it: the page in flight behind it is awaited (not committed) and the
 *   failure is thrown. The checkpoint stays at the last committed page; the pages after it are pulled again and
 *   written over whatever of them had landed (the id is the key: no duplicates).
 * - At most two pages are held: the one committing and the one being written.
 */
export interface PageWrite {
  /** Ids of the page's documents. */
  ids: readonly string[];
  /** Starts the write; calls `issued` once its first storage write was called (its transaction then exists). */
  write(issued: () => void): Promise<unknown>;
  /** Runs after the write succeeded, in page order (stores the page's checkpoint). */
  commit(): Promise<void>;
}

interface InFlight {
  ids: Set<string>;
  done: Promise<unknown>;
  /** The page's write, then its commit, after every earlier page's commit: rejects if any of them failed. */
  committed: Promise<void>;
}

const settled = (p: Promise<unknown>): Promise<unknown> => p.then(() => undefined, () => undefined);

export class PageQueue {
  private inFlight: InFlight | null = null;

  /**
   * `overlap` false: each page waits for the one before (pages in turn). For storages that do not create their
   * transactions in call order (only the add-first storage does: the sealed collections' storage does not).
   */
  constructor(private readonly overlap = true) {}

  /** Pages that waited for the one before them because they shared a document (for tests and the benchmark). */
  serialised = 0;

  /**
   * Issues the page's write; resolves once the page before it is committed. Throws that page's (or this one's)
   * failure. A page is committed as soon as its write is done (not when the next page arrives: a slow or held next
   * pull must not keep the last written page's checkpoint unstored, nor its progress unreported).
   */
  async push(page: PageWrite): Promise<void> {
    const before = this.inFlight;
    if (before && !this.overlap) await this.drain();
    else if (before && page.ids.some((id) => before.ids.has(id))) {
      this.serialised++;
      await this.drain();
    }
    const previous = this.inFlight;
    this.inFlight = null;
    let issue!: () => void;
    const issued = new Promise<void>((resolve) => (issue = resolve));
    const done = page.write(issue);
    // Observed below or by drain/abandon; a failure is never left unhandled.
    done.catch(() => undefined);
    const committed = (previous ? previous.committed : Promise.resolve()).then(() => done).then(() => page.commit());
    committed.catch(() => undefined);
    const current: InFlight = { ids: new Set(page.ids), done, committed };
    await Promise.race([issued, settled(done)]);
    if (previous) {
      try {
        await previous.committed;
      } catch (error) {
        // Nothing after a failed page is committed (the chain above skips it): wait for the write behind it.
        await settled(done);
        throw error;
      }
    }
    this.inFlight = current;
  }

  /** Waits for the page in flight and its commit; throws its failure. */
  async drain(): Promise<void> {
    const current = this.inFlight;
    this.inFlight = null;
    if (!current) return;
    await current.committed;
  }

  /** After a failure elsewhere (a pull that failed): commits the page in flight if its write succeeds, else drops it. */
  async settle(): Promise<void> {
    await this.drain().catch(() => undefined);
  }
}
