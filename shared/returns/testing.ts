/** Builders for returns tests (shared, server and integration tests share them). */
import type { ReturnLine, ReturnableSale } from './types';

export function makeSale(overrides: Partial<ReturnableSale> = {}): ReturnableSale {
  return {
    orderId: 'ord_t1',
    orderNumber: 'W-1',
    channel: 'web',
    fulfilment: 'ship',
    storeId: '',
    placedAt: '2026-11-01T10:00:00.000Z',
    handedOverAt: '2026-11-04T10:00:00.000Z',
    cancelled: false,
    currency: 'USD',
    lines: [
      { id: 'l1', variantId: 'v1', sku: 'TEE-M', quantity: 2, unitPrice: 2500, discount: 500, net: 4500, tax: 360 },
      { id: 'l2', variantId: 'v2', sku: 'SOCK', quantity: 1, unitPrice: 1000, discount: 100, net: 900, tax: 72 },
    ],
    tenders: [{ type: 'card', amount: 5832, last4: '4242' }],
    ...overrides,
  };
}

export function makeReturnLine(overrides: Partial<ReturnLine> = {}): ReturnLine {
  return {
    id: 'r1',
    orderLineId: 'l1',
    variantId: 'v1',
    productId: 'p1',
    sku: 'TEE-M',
    title: 'Tee M',
    category: 'T-Shirts',
    quantity: 1,
    reason: 'SIZE_TOO_SMALL',
    note: '',
    condition: 'new',
    disposition: 'restock',
    exchangeVariantId: '',
    exchangePrice: 0,
    ...overrides,
  };
}
