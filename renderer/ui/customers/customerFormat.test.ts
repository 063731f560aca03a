import { describe, expect, it } from 'vitest';
import { makeOrderDoc } from '../../../shared/customers/testing';
import { makeCustomerDoc } from '../../../shared/customers/testing';
import { mergedWishlist, orderStatusKey, priceChange } from './customerFormat';
import { matchLocal } from '../../data/customers';

const usd = (amount: number): { amount: number; currency: string } => ({ amount, currency: 'USD' });

describe('customer screen helpers', () => {
  it('price change since a wishlist add: down, up, same, and no comparison across currencies', () => {
    expect(priceChange(usd(5999), usd(4999))).toEqual({ kind: 'down', by: usd(1000), percent: 17 });
    expect(priceChange(usd(5000), usd(5500))).toEqual({ kind: 'up', by: usd(500), percent: 10 });
    expect(priceChange(usd(5000), usd(5000))).toEqual({ kind: 'same' });
    expect(priceChange(usd(5000), { amount: 5000, currency: 'EUR' })).toEqual({ kind: 'unknown' });
    expect(priceChange(usd(5000), null)).toEqual({ kind: 'unknown' });
  });

  it('order status in one phrase from its fulfilment', () => {
    expect(orderStatusKey(makeOrderDoc())).toBe('delivered');
    expect(orderStatusKey(makeOrderDoc({ status: 'cancelled' }))).toBe('cancelled');
    const pickup = makeOrderDoc({ fulfilments: [{ id: 'f1', type: 'pickup', storeId: 'store-001', status: 'ready', lineIds: ['l1'], pickupId: 'ord_test', fulfilledAt: null, deliveredAt: null }] });
    expect(orderStatusKey(pickup)).toBe('ready');
  });

  it('wishlist: the server list plus this device’s pending adds, minus pending removes, no duplicates', () => {
    const server = makeCustomerDoc().wishlist;
    expect(mergedWishlist(server, ['v2', 'v1', 'v2'], []).map((w) => [w.variantId, w.item !== null])).toEqual([
      ['v1', true],
      ['v2', false],
    ]);
    expect(mergedWishlist(server, [], ['v1'])).toEqual([]);
  });

  it('offline search over the working set matches name words, e-mail, phone ending and card number', () => {
    const doc = makeCustomerDoc();
    expect(matchLocal(doc, 'alex mor')).toBe('name');
    expect(matchLocal(doc, 'Morgan')).toBe('name');
    expect(matchLocal(doc, 'alex@ex')).toBe('email');
    expect(matchLocal(doc, '555 0123')).toBe('phone');
    expect(matchLocal(doc, '2900000000017')).toBe('loyalty');
    expect(matchLocal(doc, 'sam')).toBeNull();
    expect(matchLocal(doc, 'a')).toBeNull();
  });
});
