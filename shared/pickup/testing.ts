/** Builders for pickup tests (device, server and integration tests share them). */
import type { Actor, PickupDoc, PickupLine } from './types';
import { withDerived } from './lifecycle';

export function makeLine(overrides: Partial<PickupLine> = {}): PickupLine {
  return { id: 'l1', variantId: 'v1', sku: 'SKU-1', title: 'Linen shirt M', quantity: 1, unitPrice: { amount: 4999, currency: 'USD' }, ...overrides };
}

export function makePickup(overrides: Partial<PickupDoc> = {}, placedAt = '2026-03-02T09:00:00.000Z'): PickupDoc {
  const base: PickupDoc = {
    id: 'ord_test',
    storeId: 'store-001',
    orderNumber: 'W-1001',
    channel: 'web',
    customer: { id: 'c1', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '+15550100' },
    pickupCode: 'ABCD234567',
    lines: [makeLine()],
    policy: { promiseMinutes: 120, holdDays: 3 },
    events: [{ id: 'placed', type: 'placed', channel: 'web', at: placedAt, staffId: 'system', deviceId: 'server' }],
    status: 'placed',
    placedAt,
    promisedReadyAt: placedAt,
    expiresAt: placedAt,
    updatedAt: placedAt,
    flags: [],
    ...overrides,
  };
  return withDerived(base);
}

let counter = 0;
export function actor(at: string, overrides: Partial<Actor> = {}): Actor {
  counter++;
  return { staffId: 'staff-1', deviceId: 'dev-a', at, eventId: `e${counter}`, ...overrides };
}
