import { describe, expect, it } from 'vitest';
import { minutesUntil } from './managerFormat';

describe('pickup time arithmetic', () => {
  it('counts whole minutes, negative when the second time is earlier', () => {
    expect(minutesUntil('2026-03-05T12:00:00.000Z', '2026-03-05T12:35:20.000Z')).toBe(35);
    expect(minutesUntil('2026-03-05T12:00:00.000Z', '2026-03-05T11:25:00.000Z')).toBe(-35);
  });
});
