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
    expect(parseOrderBody({ ...good, pickupStoreId: ' store-001 ' })).toEqual({ ...good, orderNumber: 'W-1001' });
    expect(parseOrderBody({ ...good, orderNumber: undefined }).orderNumber).toBeNull();
  });

  it('names every bad field', () => {
    expect(issues(null)).toEqual(['/: must be an object']);
    expect(issues({ ...good, channel: 'phone', customer: { ...good.customer, email: 'nope' }, lines: [{ sku: 5, quantity: 1.5, unitPrice: { amount: '19.99', currency: 'usd' } }] })).toEqual([
      '/channel: must be "web" or "app"',
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
});
