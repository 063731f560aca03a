import { describe, expect, it } from 'vitest';
import { PullPipeline } from './pullPipeline';

describe('PullPipeline', () => {
  it('uses a prefetched batch only for the checkpoint and batch size it was fetched for', async () => {
    const p = new PullPipeline<string>();
    const calls: string[] = [];
    const fetcher = (label: string) => async (): Promise<string> => {
      calls.push(label);
      return label;
    };
    p.prefetch(10, 5000, fetcher('ahead@10'));
    expect(await p.take(10, 5000, fetcher('direct@10'))).toBe('ahead@10');
    // Used once: the next take fetches.
    expect(await p.take(10, 5000, fetcher('direct@10'))).toBe('direct@10');
    p.prefetch(20, 5000, fetcher('ahead@20'));
    expect(await p.take(15, 5000, fetcher('direct@15'))).toBe('direct@15');
    expect(await p.take(20, 5000, fetcher('direct@20'))).toBe('direct@20');
    expect(calls).toEqual(['ahead@10', 'direct@10', 'ahead@20', 'direct@15', 'direct@20']);
  });

  it('lets a failed prefetch surface on take, and clear() drops it', async () => {
    const p = new PullPipeline<string>();
    p.prefetch(1, 10, () => Promise.reject(new Error('offline')));
    await expect(p.take(1, 10, async () => 'unused')).rejects.toThrow('offline');
    p.prefetch(2, 10, async () => 'stale');
    p.clear();
    expect(await p.take(2, 10, async () => 'fresh')).toBe('fresh');
  });
});
