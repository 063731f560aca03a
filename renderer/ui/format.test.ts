import { describe, expect, it } from 'vitest';
import { createFormatter } from '../i18n';
import { notBefore } from './format';

describe('sync times are worded as past', () => {
  it('a sync newer than the last tick of now reads as now, not as "in 11 seconds"', () => {
    const f = createFormatter({ locale: 'en-US', currency: 'USD', timeZone: 'America/New_York', distanceUnit: 'mile' });
    const tick = Date.parse('2026-12-01T16:00:00Z');
    const synced = tick + 11_000;
    expect(f.relative(synced, tick)).toMatch(/^in /);
    expect(f.relative(synced, notBefore(synced, tick))).not.toMatch(/^in /);
    expect(notBefore(synced, tick + 60_000)).toBe(tick + 60_000);
  });
});
