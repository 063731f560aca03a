import { describe, expect, it } from 'vitest';
import { activityFor } from './deviceActivity';

describe('what the app tells the desktop about its screen (updates wait while busy)', () => {
  it('a counter is busy on a pickup, a customer profile or a return, idle elsewhere', () => {
    expect(['pickup', 'customer', 'return', 'returns'].map((s) => activityFor('counter', s, '').busy)).toEqual([true, true, true, true]);
    expect(['search', 'detail', 'pickups', 'manager', 'customers', 'kpis'].map((s) => activityFor('counter', s, 'jacket').busy)).toEqual([false, false, false, false, false, false]);
  });

  it('a kiosk is busy whenever a customer has started: off the start screen, or typing on it', () => {
    expect(activityFor('kiosk', 'search', '').busy).toBe(false);
    expect(activityFor('kiosk', 'search', 'jack').busy).toBe(true);
    expect(activityFor('kiosk', 'detail', '').busy).toBe(true);
  });
});
