import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addMoney, formatMoney, money, multiplyMoney, parseDecimalMoney } from './money';

describe('money', () => {
  it('parses decimal prices without floats', () => {
    expect(parseDecimalMoney('19.99', 'USD')).toEqual({ amount: 1999, currency: 'USD' });
    expect(parseDecimalMoney('0.1', 'USD')).toEqual({ amount: 10, currency: 'USD' });
    expect(parseDecimalMoney('1,299.00', 'USD')).toEqual({ amount: 129900, currency: 'USD' });
    expect(parseDecimalMoney('500', 'JPY')).toEqual({ amount: 500, currency: 'JPY' });
    expect(parseDecimalMoney('19.999', 'USD')).toBeNull();
    expect(parseDecimalMoney('abc', 'USD')).toBeNull();
    expect(parseDecimalMoney('-1', 'USD')).toBeNull();
  });

  it('round-trips any amount in cents through its decimal text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_00 }), (cents) => {
        const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
        expect(parseDecimalMoney(text, 'EUR')).toEqual({ amount: cents, currency: 'EUR' });
      }),
    );
  });

  it('refuses mixed currencies and fractional minor units', () => {
    expect(() => addMoney(money(1, 'USD'), money(1, 'EUR'))).toThrow(/cannot add/);
    expect(() => money(1.5, 'USD')).toThrow(/integer/);
    expect(multiplyMoney(money(1999, 'USD'), 3)).toEqual({ amount: 5997, currency: 'USD' });
  });

  it('formats at the edge', () => {
    expect(formatMoney(money(1999, 'USD'))).toBe('$19.99');
  });
});
