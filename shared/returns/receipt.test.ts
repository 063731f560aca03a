import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isReceiptCode, newReceiptKeyPair, publicKeyOf, signReceipt, verifyReceiptCode, type Receipt } from './receipt';
import { fromBase64Url, toBase64Url } from './base64url';

const keys = newReceiptKeyPair();
const trusted = [publicKeyOf(keys.secretKey)];
const receipt: Omit<Receipt, 'keyId'> = {
  orderId: 'ord_demo_web',
  orderNumber: 'W-1001',
  channel: 'web',
  fulfilment: 'ship',
  storeId: '',
  placedAt: '2026-11-20T10:15:00.000Z',
  currency: 'USD',
  lines: [
    { id: 'l1', variantId: 'var_1', sku: 'TEE-M', quantity: 2, unitPrice: 4999, discount: 500, net: 9498, tax: 760 },
    { id: 'l2', variantId: 'var_2', sku: 'SOCK', quantity: 1, unitPrice: 1999, discount: 0, net: 1999, tax: 160 },
  ],
  tenders: [{ type: 'card', amount: 12417, last4: '4242' }],
};

describe('receipt codes', () => {
  it('verify offline with the public key and give back what was signed', () => {
    const code = signReceipt(receipt, keys.secretKey);
    expect(isReceiptCode(code)).toBe(true);
    const result = verifyReceiptCode(code, trusted);
    expect(result).toEqual({ ok: true, receipt: { ...receipt, keyId: keys.keyId } });
    expect(code.length).toBeLessThan(400);
  });

  it('refuse any changed byte of the payload or the signature', () => {
    const code = signReceipt(receipt, keys.secretKey);
    const [payload = '', sig = ''] = code.slice(4).split('.');
    fc.assert(
      fc.property(fc.boolean(), fc.nat(), fc.integer({ min: 1, max: 255 }), (inPayload, at, xor) => {
        const bytes = fromBase64Url(inPayload ? payload : sig);
        if (!bytes) throw new Error('bad fixture');
        const i = at % bytes.length;
        bytes[i] = (bytes[i] ?? 0) ^ xor;
        const tampered = inPayload ? `AR1.${toBase64Url(bytes)}.${sig}` : `AR1.${payload}.${toBase64Url(bytes)}`;
        expect(verifyReceiptCode(tampered, trusted).ok).toBe(false);
      }),
    );
  });

  it('refuse a receipt re-signed with a key the device does not trust', () => {
    const forged = signReceipt({ ...receipt, lines: [{ ...receipt.lines[0]!, unitPrice: 99999, net: 199498 }] }, newReceiptKeyPair().secretKey);
    const result = verifyReceiptCode(forged, trusted);
    expect(result.ok ? 'ok' : result.code).toBe('UNKNOWN_KEY');
  });

  it('base64url round-trips every byte string', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        expect([...(fromBase64Url(toBase64Url(b)) ?? [-1])]).toEqual([...b]);
      }),
    );
  });
});
