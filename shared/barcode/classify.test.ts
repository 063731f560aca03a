import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { withCheckDigit } from '../gtin';
import { GS } from './aim';
import { PICKUP_CODE_ALPHABET, PICKUP_CODE_LENGTH, encodePickupCode, encodeReceiptCode } from './aisleCodes';
import type { ScanConfig } from './classify';
import { classifyScan } from './classify';
import { encodeGs1 } from './gs1';
import { gtinFromSymbol } from './gtin';
import { encodeVariableMeasure } from './variableMeasure';
import { RECEIPT_PREFIX, newReceiptKeyPair, signReceipt } from '../returns/receipt';
import type { VariableMeasureLayout } from './variableMeasure';

const PRICE: VariableMeasureLayout = { prefixes: ['20', '21', '22'], itemDigits: 5, verifier: true, valueDigits: 4, value: 'price', currency: 'EUR' };
const CONFIG: ScanConfig = {
  variableMeasure: [PRICE],
  loyalty: { textPrefix: 'LOY', digits: { min: 8, max: 12 }, ean13Prefixes: ['2999'] },
  currency: 'EUR',
  referenceYear: 2026,
};

describe('classifyScan', () => {
  it('reads GTINs of every length as GTIN-14 products', () => {
    expect(classifyScan('4006381333931', CONFIG)).toMatchObject({ kind: 'product', source: 'gtin', gtin: '04006381333931' });
    expect(classifyScan('036000291452', CONFIG)).toMatchObject({ kind: 'product', gtin: '00036000291452' });
    expect(classifyScan('96385074', CONFIG)).toMatchObject({ kind: 'product', gtin: '00000096385074' });
    expect(classifyScan(']E010614141000415', CONFIG)).toMatchObject({ kind: 'product', gtin: '10614141000415' });
  });

  it('expands UPC-E when the decoder says UPC-E', () => {
    expect(classifyScan({ text: '01234565', format: 'UPC_E' }, CONFIG)).toMatchObject({ kind: 'product', gtin: '00012345000065' });
  });

  it('refuses a bad check digit and shows what was read', () => {
    expect(classifyScan('4006381333932', CONFIG)).toEqual({ kind: 'invalid', raw: '4006381333932', reason: 'Read 4006381333932: check digit should be 1', why: { code: 'checkDigit', expected: '1' } });
  });

  it('reads GS1-128 and GS1 DataMatrix data by AIM identifier, leading GS or HRI form', () => {
    const data = encodeGs1([{ ai: '01', value: '09506000134352' }, { ai: '10', value: 'B1' }, { ai: '17', value: '270101' }], { referenceYear: 2026 });
    for (const text of [`]C1${data}`, `]d2${data}`, `]Q3${data}`, `${GS}${data}`, '(01)09506000134352(10)B1(17)270101']) {
      expect(classifyScan(text, CONFIG)).toMatchObject({ kind: 'product', source: 'gs1', gtin: '09506000134352', gs1: { batch: 'B1', expiry: '2027-01-01' } });
    }
    expect(classifyScan({ text: data, symbologyId: ']d2' }, CONFIG)).toMatchObject({ kind: 'product', source: 'gs1' });
  });

  it('says why GS1 data without a GTIN is not a product', () => {
    const r = classifyScan(`]C100095060001343528204`, CONFIG);
    expect(r).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('no AI 01') as unknown });
    expect(classifyScan(`]C10109506000134353`, CONFIG)).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('check digit should be 2') as unknown });
  });

  it('reads variable-measure items and refuses in-store codes it has no layout for', () => {
    const code = encodeVariableMeasure(PRICE, '21', '00042', 399);
    expect(classifyScan(code, CONFIG)).toMatchObject({ kind: 'product', source: 'variable-measure', variableMeasure: { itemReference: '00042', price: { amount: 399, currency: 'EUR' } } });
    const other = withCheckDigit('250004200399');
    expect(classifyScan(other, CONFIG)).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('prefix 25') as unknown });
  });

  it('reads pickups, receipts and loyalty cards', () => {
    expect(classifyScan(encodePickupCode('K7Q2ZD'), CONFIG)).toMatchObject({ kind: 'pickup', code: 'K7Q2ZD' });
    expect(classifyScan('aisle://pickup/k7q2zd', CONFIG)).toMatchObject({ kind: 'pickup', code: 'K7Q2ZD' });
    expect(classifyScan(encodeReceiptCode('ord_01J9', 'url'), CONFIG)).toMatchObject({ kind: 'receipt', orderId: 'ord_01J9' });
    expect(classifyScan('LOY0012345678', CONFIG)).toMatchObject({ kind: 'loyalty', cardNumber: '0012345678' });
    expect(classifyScan(withCheckDigit('299912345678'), CONFIG)).toMatchObject({ kind: 'loyalty' });
    expect(classifyScan('AISLE:PU:x', CONFIG)).toMatchObject({ kind: 'invalid' });
    expect(classifyScan('LOY12', CONFIG)).toMatchObject({ kind: 'invalid' });
  });

  it('routes a signed receipt code (shared/returns) as a receipt, for the return screen to verify', () => {
    const { secretKey } = newReceiptKeyPair();
    const code = signReceipt({ orderId: 'ord_1', orderNumber: 'W-1', channel: 'web', fulfilment: 'ship', storeId: '', placedAt: '2026-11-20T10:15:00.000Z', currency: 'USD', lines: [{ id: 'l1', variantId: 'v1', sku: 'S1', quantity: 1, unitPrice: 100, discount: 0, net: 100, tax: 0 }], tenders: [] }, secretKey);
    expect(code.startsWith(RECEIPT_PREFIX)).toBe(true);
    expect(classifyScan(code, CONFIG)).toEqual({ kind: 'receipt', raw: code, orderId: '', signed: true });
    expect(classifyScan(`${code}\r`, CONFIG)).toMatchObject({ kind: 'receipt', signed: true });
  });

  it('reads a bare pickup code, as a customer reads it aloud or a slip prints it, without claiming SKUs', () => {
    expect(classifyScan('VN2GEG2F7P', CONFIG)).toEqual({ kind: 'pickup', raw: 'VN2GEG2F7P', code: 'VN2GEG2F7P', bare: true });
    expect(classifyScan('vn2geg2f7p\r', CONFIG)).toMatchObject({ kind: 'pickup', code: 'VN2GEG2F7P', bare: true });
    expect(classifyScan('VN2GE-G2F7P', CONFIG)).toMatchObject({ kind: 'pickup', code: 'VN2GEG2F7P' });
    expect(classifyScan('VN2GE G2F7P', CONFIG)).toMatchObject({ kind: 'pickup', code: 'VN2GEG2F7P' });
    // Prefixed forms are not "bare".
    expect(classifyScan('AISLE:PU:VN2GEG2F7P', CONFIG)).not.toHaveProperty('bare');
    for (const sku of ['NWS-0001-01', 'HBP-1234-02', 'AB12345678', 'VN2GEG2F7', 'VN2GEG2F7PQ', 'VN2G-EG2F7P', 'SHIRT-BLUE-M', 'TOLIO23456', '2345678923']) {
      expect(classifyScan(sku, CONFIG).kind, sku).not.toBe('pickup');
    }
    // A configured loyalty text prefix wins over the pickup shape.
    expect(classifyScan('LOY23456789', CONFIG)).toMatchObject({ kind: 'loyalty' });
  });

  it('every code the server generates reads back bare', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PICKUP_CODE_ALPHABET), { minLength: PICKUP_CODE_LENGTH, maxLength: PICKUP_CODE_LENGTH }), (symbols) => {
        const code = symbols.join('');
        const result = classifyScan(code, CONFIG);
        if (/^\d+$/.test(code)) return result.kind !== 'pickup';
        return result.kind === 'pickup' && result.code === code;
      }),
    );
  });

  it('never drops a scan silently: any text gets a kind, and refusals carry a reason that quotes it', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{1,16}$/), fc.constantFrom(']C1', ']E0', GS, '(01)')), (text) => {
        const r = classifyScan(text, CONFIG);
        expect(r.raw).toBe(text);
        if (r.kind === 'unknown' || r.kind === 'invalid') expect(r.reason).toMatch(/^Read /);
      }),
    );
  });

  it('classifies every valid GTIN as the same product whatever its rendering', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[13-9]\d{10}$/), (body) => {
        const upcA = withCheckDigit(body);
        const a = classifyScan(upcA, CONFIG);
        const b = classifyScan('0' + upcA, CONFIG);
        expect(a).toMatchObject({ kind: 'product', gtin: upcA.padStart(14, '0') });
        expect(b).toMatchObject({ kind: 'product', gtin: upcA.padStart(14, '0') });
      }),
    );
  });
});

describe('gtinFromSymbol', () => {
  it('normalises decoder output by symbology', () => {
    expect(gtinFromSymbol('01234565', 'UPC_E')).toBe('00012345000065');
    expect(gtinFromSymbol('0012345000065', 'UPC_E')).toBe('00012345000065');
    expect(gtinFromSymbol('0890444000335', 'EAN_13')).toBe('00890444000335');
    expect(gtinFromSymbol('890444000335', 'UPC_A')).toBe('00890444000335');
    expect(gtinFromSymbol('hello', 'QR_CODE')).toBeNull();
  });
});

describe('GS1 Digital Link', () => {
  it('reads a Digital Link QR as a GS1 product, whatever the domain and path prefix', () => {
    expect(classifyScan('https://id.gs1.org/01/09506000134352/10/AB%2F12/21/S-1?17=270131&3103=000500&linkType=gs1:pip', CONFIG)).toMatchObject({
      kind: 'product',
      source: 'gs1',
      gtin: '09506000134352',
      gs1: { batch: 'AB/12', serial: 'S-1', expiry: '2027-01-31', weightKg: 0.5 },
    });
    expect(classifyScan('https://brand.example/products/01/4006381333931', CONFIG)).toMatchObject({ kind: 'product', gtin: '04006381333931' });
  });

  it('refuses a Digital Link with a bad GTIN and leaves other URLs unknown', () => {
    expect(classifyScan('https://id.gs1.org/01/09506000134353', CONFIG)).toMatchObject({ kind: 'invalid' });
    expect(classifyScan('https://example.com/promo?01=1', CONFIG)).toMatchObject({ kind: 'unknown' });
  });
});
