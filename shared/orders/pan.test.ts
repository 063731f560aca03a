import { describe, expect, it } from 'vitest';
import { findCardNumbers, looksLikeCardNumber } from './pan';

describe('card number detection', () => {
  it('finds full card numbers however they are written', () => {
    expect(looksLikeCardNumber('4242424242424242')).toBe(true);
    expect(looksLikeCardNumber('4242 4242 4242 4242')).toBe(true);
    expect(looksLikeCardNumber('card 5555-5555-5555-4444 exp 12/29')).toBe(true);
    expect(looksLikeCardNumber('378282246310005')).toBe(true);
  });

  it('leaves last-4s, order numbers, phones and EAN-13 loyalty numbers alone', () => {
    expect(looksLikeCardNumber('4242')).toBe(false);
    expect(looksLikeCardNumber('W-10012345')).toBe(false);
    expect(looksLikeCardNumber('+14155550123')).toBe(false);
    expect(looksLikeCardNumber('4242424242424241')).toBe(false);
    expect(looksLikeCardNumber('2900000000017')).toBe(false);
  });

  it('names the paths that hold one', () => {
    expect(findCardNumbers({ tenders: [{ last4: '4242', note: '4111 1111 1111 1111' }], n: 4111111111111111 })).toEqual(['/tenders/0/note', '/n']);
  });
});
