import { describe, expect, it } from 'vitest';
import { FLAG_LABELS, formatMinutes, formatPct, relativeDue } from './managerFormat';

describe('manager figures as they read', () => {
  it('percentages keep one decimal and say "—" when nothing was measured', () => {
    expect(formatPct(null)).toBe('—');
    expect(formatPct(100)).toBe('100 %');
    expect(formatPct(66.7)).toBe('66.7 %');
    expect(formatPct(0)).toBe('0 %');
  });

  it('durations read in minutes, hours and days', () => {
    expect(formatMinutes(null)).toBe('—');
    expect(formatMinutes(0)).toBe('0 min');
    expect(formatMinutes(59.4)).toBe('59 min');
    expect(formatMinutes(125)).toBe('2 h 05 min');
    expect(formatMinutes(24 * 60)).toBe('1 d');
    expect(formatMinutes(3 * 24 * 60 + 4 * 60 + 10)).toBe('3 d 4 h');
  });

  it('a promise or an expiry is said relative to now', () => {
    const now = '2026-03-05T12:00:00.000Z';
    const expiry = { future: 'expires', past: 'hold ended' };
    expect(relativeDue(now, '2026-03-05T11:25:00.000Z', { future: 'due', past: 'promised' })).toBe('promised 35 min ago');
    expect(relativeDue(now, '2026-03-05T14:00:00.000Z', expiry)).toBe('expires in 2 h 00 min');
    expect(relativeDue(now, '2026-03-05T11:01:00.000Z', expiry)).toBe('hold ended 59 min ago');
  });

  it('every flag says what the manager should do', () => {
    expect(FLAG_LABELS.CANCELLED_AFTER_HANDOVER.action).toMatch(/refund/);
    expect(FLAG_LABELS.OVERPICKED.action).toMatch(/put the extra units back/);
  });
});
