import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchOnline } from './online';

describe('watchOnline', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('broadcasts only changes, every poll', () => {
    vi.useFakeTimers();
    let online = true;
    const sent: boolean[] = [];
    const stop = watchOnline({ isOnline: () => online, broadcast: (o) => sent.push(o), intervalMs: 5000 });
    vi.advanceTimersByTime(5000);
    expect(sent).toEqual([]);
    online = false;
    vi.advanceTimersByTime(5000);
    vi.advanceTimersByTime(5000);
    online = true;
    vi.advanceTimersByTime(5000);
    expect(sent).toEqual([false, true]);
    stop();
    online = false;
    vi.advanceTimersByTime(20_000);
    expect(sent).toEqual([false, true]);
  });
});
