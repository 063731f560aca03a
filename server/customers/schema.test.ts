import { describe, expect, it } from 'vitest';
import { validateDoc } from '../sync/validate';
import { makeCustomerDoc, makeCustomerEvent, makeOrderDoc } from '../../shared/customers/testing';
import { COLLECTIONS } from '../../shared/schemas/collections';

describe('customer collection schemas', () => {
  it('accept the builders’ documents', () => {
    expect(validateDoc('customers', makeCustomerDoc())).toEqual([]);
    expect(validateDoc('orders', makeOrderDoc())).toEqual([]);
    expect(validateDoc('customerEvents', makeCustomerEvent())).toEqual([]);
    expect(validateDoc('customerEvents', makeCustomerEvent({ kind: 'note', source: '', text: 'Prefers slim fit' }))).toEqual([]);
  });

  it('refuse more than the last four digits of a card', () => {
    const order = makeOrderDoc({ tenders: [{ type: 'card', amount: { amount: 5399, currency: 'USD' }, brand: 'visa', last4: '4242424242424242' }] });
    expect(validateDoc('orders', order).map((i) => i.path)).toContain('/tenders/0/last4');
  });

  it('are for counters only: kiosks never receive customer data', () => {
    for (const name of ['customers', 'orders', 'customerEvents'] as const) expect(COLLECTIONS[name].roles).toEqual(['counter']);
  });

  it('stay within RxDB’s 13 collections per open database (a device opens only its role’s)', () => {
    for (const role of ['counter', 'kiosk'] as const) expect(Object.values(COLLECTIONS).filter((c) => c.roles.includes(role)).length).toBeLessThanOrEqual(13);
  });
});
