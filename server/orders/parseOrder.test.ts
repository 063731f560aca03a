import { describe, expect, it } from 'vitest';
import { AisleError } from '../../shared/errors';
import { parseOrderBody } from './parseOrder';

const good = {
  channel: 'web',
  orderNumber: 'W-1001',
  customer: { id: 'c1', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0000' },
  pickupStoreId: 'store-001',
  lines: [{ sku: 'SKU-1', quantity: 2, unitPrice: { amount: 1999, currency: 'USD' } }],
};

function issues(body: unknown): string[] {
  try {
    parseOrderBody(body);
  } catch (err) {
    if (err instanceof AisleError) return (err.details ?? []).map((d) => `${d.path}: ${d.message}`);
    throw err;
  }
  return [];
}

describe('parseOrderBody', () => {
  it('accepts a well-formed order and trims its strings', () => {
    expect(parseOrderBody({ ...good, pickupStoreId: ' store-001 ' })).toEqual({
      channel: 'web',
      orderNumber: 'W-1001',
      fulfilment: 'pickup',
      storeId: 'store-001',
      customer: { ...good.customer, loyaltyNumber: '' },
      hasCustomer: true,
      placedAt: null,
      discount: 0,
      tax: null,
      lines: [{ ...good.lines[0], discount: 0, tax: null }],
      tenders: [],
    });
    expect(parseOrderBody({ ...good, orderNumber: undefined }).orderNumber).toBeNull();
  });

  it('names every bad field', () => {
    expect(issues(null)).toEqual(['/: must be an object']);
    expect(issues({ ...good, channel: 'phone', customer: { ...good.customer, email: 'nope' }, lines: [{ sku: 5, quantity: 1.5, unitPrice: { amount: '19.99', currency: 'usd' } }] })).toEqual([
      '/channel: must be "web", "app" or "store"',
      '/customer/email: must be an e-mail address',
      '/lines/0/sku: must be a string',
      '/lines/0/quantity: must be a whole number from 1 to 1000',
      '/lines/0/unitPrice/amount: must be a non-negative integer of minor units (cents)',
      '/lines/0/unitPrice/currency: must be an ISO 4217 code such as USD',
    ]);
    expect(issues({ ...good, lines: [] })).toEqual(['/lines: must be a non-empty array']);
    expect(issues({ ...good, lines: [good.lines[0], { sku: 'B', quantity: 1, unitPrice: { amount: 1, currency: 'EUR' } }] })).toEqual(['/lines: all lines must use one currency']);
    expect(issues({ ...good, orderNumber: 'W 1001/x' })).toEqual(['/orderNumber: must be letters, digits, _ or -']);
  });

  it('reads every channel and fulfilment, with discounts, tax and tenders', () => {
    const sale = parseOrderBody({ channel: 'store', storeId: 'store-002', placedAt: '2026-01-02T10:00:00Z', discount: 500, tax: 120, lines: good.lines, tenders: [{ type: 'card', brand: 'visa', last4: '4242', amount: 3618 }, { type: 'cash', amount: 100 }] }, new Date('2026-02-01T00:00:00Z'));
    expect(sale).toMatchObject({ channel: 'store', fulfilment: 'in-store', storeId: 'store-002', hasCustomer: false, placedAt: '2026-01-02T10:00:00.000Z', discount: 500, tax: 120 });
    expect(sale.tenders).toEqual([{ type: 'card', amount: 3618, brand: 'visa', last4: '4242' }, { type: 'cash', amount: 100, brand: '', last4: '' }]);
    expect(parseOrderBody({ channel: 'app', fulfilment: { type: 'ship' }, customer: { id: 'u1', email: 'A@B.co' }, lines: good.lines })).toMatchObject({ fulfilment: 'ship', storeId: '', customer: { email: 'a@b.co' } });
  });

  it('refuses a full card number anywhere, and more than the last 4 digits', () => {
    expect(issues({ ...good, tenders: [{ type: 'card', brand: 'visa', last4: '42424', amount: 3998 }], note: 'paid with 4242 4242 4242 4242' })).toEqual([
      '/note: looks like a full card number: send only the card brand and last 4 digits',
      '/tenders/0/last4: must be exactly the last 4 digits',
    ]);
    expect(issues({ ...good, tenders: [{ type: 'card', brand: 'visa', last4: '4242424242424242', amount: 3998 }] })).toContain('/tenders/0/last4: looks like a full card number: send only the card brand and last 4 digits');
    expect(issues({ channel: 'store', storeId: 's', placedAt: '2999-01-01T00:00:00Z', lines: good.lines })).toEqual(['/placedAt: must not be in the future']);
  });
});
