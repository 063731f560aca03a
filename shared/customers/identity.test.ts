import { describe, expect, it } from 'vitest';
import { isLoyaltyNumber, loyaltyNumberFor, nameKeys, normaliseEmail, normaliseLoyalty, normalisePhone } from './identity';
import { maskEmail, maskPhone } from './mask';
import { classifyScan } from '../barcode/classify';
import { LOYALTY_SCAN_CONFIG } from './identity';

describe('customer keys', () => {
  it('normalise e-mails and phones (E.164)', () => {
    expect(normaliseEmail('  Alex.Morgan@Example.COM ')).toBe('alex.morgan@example.com');
    expect(normaliseEmail('not an email')).toBeNull();
    expect(normalisePhone('(415) 555-0123')).toBe('+14155550123');
    expect(normalisePhone('+44 20 7946 0000')).toBe('+442079460000');
    expect(normalisePhone('020 7946 0000', 'GB')).toBe('+442079460000');
    expect(normalisePhone('12')).toBeNull();
  });

  it('make EAN-13 loyalty numbers the scanner reads as loyalty cards, as EAN-13 and as Code 128 LOY…', () => {
    const n = loyaltyNumberFor(17);
    expect(n).toMatch(/^2999\d{9}$/);
    expect(isLoyaltyNumber(n)).toBe(true);
    expect(isLoyaltyNumber(`${n.slice(0, 12)}${(Number(n[12]) + 1) % 10}`)).toBe(false);
    expect(normaliseLoyalty(`LOY${n}`)).toBe(n);
    expect(classifyScan({ text: n }, { loyalty: LOYALTY_SCAN_CONFIG })).toMatchObject({ kind: 'loyalty', cardNumber: n });
    expect(classifyScan({ text: `LOY${n}` }, { loyalty: LOYALTY_SCAN_CONFIG })).toMatchObject({ kind: 'loyalty', cardNumber: n });
  });

  it('mask contact details and build name keys', () => {
    expect(maskEmail('alex.morgan@example.com')).toBe('a•••@example.com');
    expect(maskPhone('+14155550123')).toBe('+1 ••• ••• 0123');
    expect(nameKeys(' Alex ', 'Morgan  Smith')).toEqual({ key: 'alex morgan smith', rev: 'morgan smith alex' });
  });
});
