import { describe, expect, it } from 'vitest';
import { createDeduper } from './dedupe';

describe('camera duplicate suppression', () => {
  it('passes the first read, drops repeats while the code stays in view, and passes it again after the window', () => {
    const isNew = createDeduper(3000);
    expect(isNew('A', 0)).toBe(true);
    expect(isNew('A', 1000)).toBe(false);
    expect(isNew('B', 1100)).toBe(true);
    expect(isNew('A', 3900)).toBe(false); // still in view: the window slid with it
    expect(isNew('A', 7000)).toBe(true);
  });
});
