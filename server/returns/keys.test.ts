import { describe, expect, it } from 'vitest';
import { newReceiptKeyPair, publicKeyOf, signReceipt, signReceiptWith, verifyReceiptCode } from '../../shared/returns/receipt';
import { nativeSigningKey } from './keys';

const receipt = (i: number) => ({
  orderId: `ord_demo${String(i).padStart(7, '0')}0`,
  orderNumber: `S-D${String(i).padStart(7, '0')}0`,
  channel: 'store' as const,
  fulfilment: 'in-store' as const,
  storeId: 'store-001',
  placedAt: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
  currency: 'USD',
  lines: [{ id: 'l1', variantId: `var_${i}`, sku: `SKU-${i}`, quantity: 1 + (i % 2), unitPrice: 1000 + i, discount: i % 3, net: (1 + (i % 2)) * (1000 + i) - (i % 3), tax: 80 }],
  tenders: [{ type: 'card' as const, amount: (1 + (i % 2)) * (1000 + i) - (i % 3) + 80, last4: '4242' }],
});

describe('the server signs receipts natively (node:crypto Ed25519)', () => {
  it('makes byte for byte the code @noble/curves makes, which verifies against the public key', () => {
    for (let k = 0; k < 3; k++) {
      const pair = newReceiptKeyPair();
      const key = nativeSigningKey(pair.secretKey);
      expect(key.keyId).toBe(pair.keyId);
      for (let i = 0; i < 20; i++) {
        const code = signReceiptWith(receipt(i), key);
        expect(code).toBe(signReceipt(receipt(i), pair.secretKey));
        const verified = verifyReceiptCode(code, [publicKeyOf(pair.secretKey)]);
        expect(verified.ok && verified.receipt.orderId).toBe(receipt(i).orderId);
      }
    }
  });

  it('a code signed with another key does not verify', () => {
    const a = newReceiptKeyPair();
    const b = newReceiptKeyPair();
    const code = signReceiptWith(receipt(1), nativeSigningKey(a.secretKey));
    expect(verifyReceiptCode(code, [publicKeyOf(b.secretKey)]).ok).toBe(false);
  });
});
