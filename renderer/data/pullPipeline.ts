/**
 * Fetches the next pull batch while RxDB is still writing the current one into IndexedDB: on a first sync the
 * server's time and the device's write time then overlap instead of adding up. A prefetched batch is used only
 * when RxDB asks for exactly the checkpoint it starts from; anything else is dropped.
 */
export class PullPipeline<T> {
  private next: { rev: number; batchSize: number; result: Promise<T> } | null = null;

  take(rev: number, batchSize: number, fetchBatch: () => Promise<T>): Promise<T> {
    const ahead = this.next;
    this.next = null;
    if (ahead && ahead.rev === rev && ahead.batchSize === batchSize) return ahead.result;
    return fetchBatch();
  }

  prefetch(rev: number, batchSize: number, fetchBatch: () => Promise<T>): void {
    const result = fetchBatch();
    // A failed prefetch is simply not used: the next take() fetches again and reports that failure.
    result.catch(() => undefined);
    this.next = { rev, batchSize, result };
  }

  clear(): void {
    this.next = null;
  }
}
