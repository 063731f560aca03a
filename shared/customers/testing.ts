/** Builders for customer and order documents (device, server and integration tests share them). */
import type { CustomerDoc, CustomerEventDoc, OrderDoc } from './types';
import type { OrderLine } from '../orders/types';

const usd = (amount: number): { amount: number; currency: string } => ({ amount, currency: 'USD' });

export function makeCustomerDoc(overrides: Partial<CustomerDoc> = {}): CustomerDoc {
  const storeId = overrides.storeId ?? 'store-001';
  const customerId = overrides.customerId ?? 'cus_test';
  return {
    id: `${storeId}:${customerId}`,
    storeId,
    customerId,
    contact: { firstName: 'Alex', lastName: 'Morgan', email: 'alex@example.com', phone: '+14155550123', emailMasked: 'a•••@example.com', phoneMasked: '+1 ••• ••• 0123' },
    loyaltyNumber: '2900000000017',
    tier: 'gold',
    points: 1250,
    storeCredit: usd(1500),
    memberSince: '2024-03-01T10:00:00.000Z',
    homeStoreId: 'store-001',
    consents: {
      email: { granted: true, at: '2024-03-01T10:00:00.000Z', channel: 'web', storeId: '', method: 'double-opt-in' },
      sms: null,
    },
    preferences: { sizes: [{ category: 'Shoes', size: '42' }] },
    wishlist: [{ variantId: 'v1', productId: 'p1', sku: 'SKU-1', title: 'Linen shirt M', addedAt: '2026-02-01T10:00:00.000Z', channel: 'app', storeId: '', priceWhenAdded: usd(5999) }],
    activity: [{ type: 'view', variantId: 'v1', productId: 'p1', at: '2026-02-02T10:00:00.000Z', channel: 'web' }],
    cart: { channel: 'web', updatedAt: '2026-02-02T10:05:00.000Z', lines: [{ variantId: 'v1', sku: 'SKU-1', quantity: 1, unitPrice: usd(4999) }] },
    spend: { currency: 'USD', lifetimeNet: 25000, orders: 3, averageOrder: 8333, refunds: 0, lastPurchaseAt: '2026-01-15T12:00:00.000Z', byChannel: [{ channel: 'web', orders: 1, net: 5000 }, { channel: 'app', orders: 1, net: 10000 }, { channel: 'store', orders: 1, net: 10000 }] },
    goesWith: [{ productId: 'p2', lift: 3.2, together: 14, becauseOf: 'p1' }],
    notes: [],
    reasons: ['lookup'],
    updatedAt: '2026-02-02T10:05:00.000Z',
    ...overrides,
  };
}

export function makeOrderLine(overrides: Partial<OrderLine> = {}): OrderLine {
  return { id: 'l1', variantId: 'v1', productId: 'p1', sku: 'SKU-1', title: 'Linen shirt M', quantity: 1, unitPrice: usd(4999), discount: usd(0), net: usd(4999), tax: usd(400), total: usd(5399), ...overrides };
}

export function makeOrderDoc(overrides: Partial<OrderDoc> = {}): OrderDoc {
  const storeId = overrides.storeId ?? 'store-001';
  const orderId = overrides.orderId ?? 'ord_test';
  return {
    id: `${storeId}:${orderId}`,
    storeId,
    orderId,
    orderNumber: 'W-1001',
    customerId: 'cus_test',
    channel: 'web',
    orderStoreId: '',
    status: 'completed',
    placedAt: '2026-01-15T12:00:00.000Z',
    fulfilledAt: '2026-01-16T12:00:00.000Z',
    deliveredAt: '2026-01-18T12:00:00.000Z',
    currency: 'USD',
    lines: [makeOrderLine()],
    totals: { subtotal: usd(4999), discount: usd(0), tax: usd(400), total: usd(5399) },
    tenders: [{ type: 'card', amount: usd(5399), brand: 'visa', last4: '4242' }],
    fulfilments: [{ id: 'f1', type: 'ship', storeId: '', status: 'delivered', lineIds: ['l1'], pickupId: '', fulfilledAt: '2026-01-16T12:00:00.000Z', deliveredAt: '2026-01-18T12:00:00.000Z' }],
    updatedAt: '2026-01-18T12:00:00.000Z',
    ...overrides,
  };
}

export function makeCustomerEvent(overrides: Partial<CustomerEventDoc> = {}): CustomerEventDoc {
  return { id: 'dev-a:1', storeId: 'store-001', customerId: 'cus_test', kind: 'viewed', staffId: 'staff-1', deviceId: 'dev-a', at: '2026-02-02T10:00:00.000Z', source: 'loyalty-scan', field: '', text: '', variantId: '', ...overrides };
}
