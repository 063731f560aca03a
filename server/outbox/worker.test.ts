import { describe, expect, it } from 'vitest';
import { backoffMs } from './worker';
import { messageForTransition } from './enqueue';

describe('outbox rules', () => {
  it('backs off exponentially, capped at an hour', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(20)).toBe(3_600_000);
  });

  it('queues a message when a pickup enters ready, cancelled or expired, once', () => {
    expect(messageForTransition('picking', 'ready')).toBe('ready');
    expect(messageForTransition('ready', 'ready')).toBeNull();
    expect(messageForTransition('ready', 'expired')).toBe('expired');
    expect(messageForTransition('placed', 'cancelled')).toBe('cancelled');
    expect(messageForTransition('ready', 'collected')).toBeNull();
    expect(messageForTransition(null, 'placed')).toBeNull();
  });
});
