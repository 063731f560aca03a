import { describe, expect, it } from 'vitest';
import { applyCommand } from '../../../shared/pickup/lifecycle';
import type { PickupCommand, PickupDoc } from '../../../shared/pickup/types';
import { makeLine, makePickup } from '../../../shared/pickup/testing';
import { buildQueue, matchesFind } from './queue';
import { escapeHtml, paperCss, pickupReceiptHtml, receiptQrSvg, receiptTotal } from './receipt';
import { newReceiptKeyPair, signReceipt, verifyReceiptCode } from '../../../shared/returns/receipt';
import { foldDoc, withDerived } from '../../../shared/pickup/lifecycle';

const PLACED = '2026-11-28T09:00:00.000Z';

function order(n: number, over: Partial<PickupDoc> = {}, placedAt = PLACED): PickupDoc {
  return makePickup(
    {
      id: `ord_${n}`,
      orderNumber: `W-1000${n}`,
      customer: { id: `c${n}`, firstName: 'Ada', lastName: `Lovelace${n}`, email: 'a@example.com', phone: '+1 555 0100' },
      pickupCode: `K7M2P9QX${n}T`,
      lines: [makeLine({ title: 'Rain jacket <M>', quantity: 2 })],
      ...over,
    },
    placedAt,
  );
}

let seq = 0;
function run(doc: PickupDoc, command: PickupCommand, at: string): PickupDoc {
  const result = applyCommand(doc, command, { staffId: 's1', deviceId: 'd1', at, eventId: `d1:${++seq}` });
  if (!result.ok) throw new Error(result.refusal.reason);
  return result.doc;
}

function checkIn(doc: PickupDoc, at: string): PickupDoc {
  return withDerived({ ...doc, events: [...doc.events, { id: `srv:ci:${doc.id}`, type: 'customer-checked-in', checkinId: 'ci1', at, staffId: 'system', deviceId: 'server' }] });
}

describe('pickup queue', () => {
  const now = '2026-11-28T12:00:00.000Z';

  it('sorts each state into its section, with overdue and expiring-today lists beside them', () => {
    const fresh = order(1, {}, '2026-11-28T11:30:00.000Z');
    const late = order(2);
    const picking = run(order(3, {}, '2026-11-28T11:00:00.000Z'), { type: 'start-picking' }, '2026-11-28T11:10:00.000Z');
    let ready = run(order(4, {}, '2026-11-25T08:00:00.000Z'), { type: 'pick', lineId: 'l1', quantity: 2 }, '2026-11-25T09:00:00.000Z');
    ready = run(ready, { type: 'stage', location: 'Shelf B2' }, '2026-11-25T09:05:00.000Z');
    const view = buildQueue([fresh, late, picking, ready], now);
    expect(view.placed.map((r) => r.doc.id)).toEqual(['ord_2', 'ord_1']);
    expect(view.picking.map((r) => r.doc.id)).toEqual(['ord_3']);
    expect(view.ready.map((r) => r.doc.id)).toEqual(['ord_4']);
    expect(view.overdue.map((r) => r.doc.id)).toEqual(['ord_2']);
    expect(view.expiringToday.map((r) => r.doc.id)).toEqual(['ord_4']);
    expect(view.ready[0]?.state.location).toBe('Shelf B2');
  });

  it('puts customers who checked in at the kiosk first', () => {
    const a = order(1);
    const b = checkIn(order(2, {}, '2026-11-28T11:00:00.000Z'), '2026-11-28T11:55:00.000Z');
    const view = buildQueue([a, b], now);
    expect(view.placed.map((r) => r.doc.id)).toEqual(['ord_2', 'ord_1']);
    expect(view.waiting.map((r) => r.doc.id)).toEqual(['ord_2']);
  });

  it('finds by order number, name words and pickup code, and keeps finished orders of the last day apart', () => {
    const doc = order(7);
    expect(matchesFind(doc, 'w10007')).toBe(true);
    expect(matchesFind(doc, '10007')).toBe(true);
    expect(matchesFind(doc, 'love ada')).toBe(true);
    expect(matchesFind(doc, 'k7m2-p9qx7t')).toBe(true);
    expect(matchesFind(doc, 'grace')).toBe(false);
    const cancelled = run(order(8), { type: 'cancel', by: 'store', reason: 'customer called' }, '2026-11-28T11:00:00.000Z');
    const view = buildQueue([doc, cancelled], now);
    expect(view.recent.map((r) => r.doc.id)).toEqual(['ord_8']);
    expect(buildQueue([doc, cancelled], '2026-11-30T12:00:00.000Z').recent).toEqual([]);
  });
});

describe('pickup receipt', () => {
  it('escapes what came from other channels and shows what was and was not handed over', () => {
    let doc = order(1, { customer: { id: 'c', firstName: '<script>', lastName: 'O\'Hara', email: '', phone: '' } });
    doc = run(doc, { type: 'pick', lineId: 'l1', quantity: 1 }, '2026-11-28T09:10:00.000Z');
    doc = run(doc, { type: 'reject', lineId: 'l1', quantity: 1, reason: 'DAMAGED' }, '2026-11-28T09:11:00.000Z');
    doc = run(doc, { type: 'stage', location: 'B2' }, '2026-11-28T09:12:00.000Z');
    doc = run(doc, { type: 'collect', collectedBy: 'Sam <Proxy>', relation: 'proxy', idChecked: true }, '2026-11-28T10:00:00.000Z');
    const html = pickupReceiptHtml(doc, foldDoc(doc), { storeName: 'Aisle & Co', staffName: 'Jo', deviceName: 'Counter 1', printedAt: '2026-11-28T10:00:05.000Z' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('Aisle &amp; Co');
    expect(html).toContain('Rain jacket &lt;M&gt;');
    expect(html).toContain('1 / 2');
    expect(html).toContain('not handed over: 1 (1 damaged)');
    expect(html).toContain('Sam &lt;Proxy&gt; (on behalf of the customer)');
    expect(html).toContain('ID checked');
    expect(escapeHtml(`"'`)).toBe('&quot;&#39;');
  });

  it('shows the store address, the total of what was handed over (short units not charged) and the receipt code', () => {
    let doc = order(1);
    doc = run(doc, { type: 'pick', lineId: 'l1', quantity: 1 }, '2026-11-28T09:10:00.000Z');
    doc = run(doc, { type: 'reject', lineId: 'l1', quantity: 1, reason: 'DAMAGED' }, '2026-11-28T09:11:00.000Z');
    doc = run(doc, { type: 'stage', location: 'B2' }, '2026-11-28T09:12:00.000Z');
    doc = run(doc, { type: 'collect', collectedBy: 'Pat', relation: 'customer', idChecked: false }, '2026-11-28T10:00:00.000Z');
    const state = foldDoc(doc);
    const expected = doc.lines.reduce((n, l) => n + l.unitPrice.amount * (state.lines[l.id]?.collected ?? 0), 0);
    expect(receiptTotal(doc, state)).toEqual({ amount: expected, currency: doc.lines[0]!.unitPrice.currency });
    const store = { address: { line1: '450 Washington St', city: 'Boston', region: 'MA', postalCode: '02111', country: 'US' }, phone: '+1 617-555-0101' };
    const html = pickupReceiptHtml(doc, state, { storeName: 'Aisle Boston', store, staffName: 'Jo', deviceName: 'Counter 1', printedAt: '2026-11-28T10:00:05.000Z' });
    expect(html).toContain('450 Washington St<br>Boston, MA 02111<br>+1 617-555-0101');
    expect(html).toMatch(/<tr class="total"><td>Total<br><small>1 not handed over, not charged<\/small><\/td><td><\/td><td class="n">[^<]+<\/td><\/tr>/);
    expect(html).toContain(`AISLE:RC:${doc.id}`);
    expect(html).toContain('width:72mm');
    const a4 = pickupReceiptHtml(doc, state, { storeName: 'Aisle Boston', store, paper: 'a4', staffName: 'Jo', deviceName: 'Counter 1', printedAt: '2026-11-28T10:00:05.000Z' });
    expect(a4).toContain('size:A4');
    expect(a4).not.toContain('width:72mm');
    expect(paperCss('80mm')).toContain('size:80mm auto');
  });

  it('prints the order’s signed receipt code (text and QR code) instead of the unsigned one, so any counter can take the goods back', async () => {
    let doc = order(1);
    doc = run(doc, { type: 'pick', lineId: 'l1', quantity: 1 }, '2026-11-28T09:10:00.000Z');
    doc = run(doc, { type: 'reject', lineId: 'l1', quantity: 1, reason: 'DAMAGED' }, '2026-11-28T09:11:00.000Z');
    doc = run(doc, { type: 'stage', location: 'B2' }, '2026-11-28T09:12:00.000Z');
    doc = run(doc, { type: 'collect', collectedBy: 'Pat', relation: 'customer', idChecked: false }, '2026-11-28T10:00:00.000Z');
    const keys = newReceiptKeyPair();
    const code = signReceipt({ orderId: doc.id, orderNumber: doc.orderNumber, channel: 'web', fulfilment: 'pickup', storeId: doc.storeId, placedAt: doc.placedAt, currency: 'USD', lines: [{ id: 'l1', variantId: 'v1', sku: 'S', quantity: 1, unitPrice: 1000, discount: 0, net: 1000, tax: 0 }], tenders: [{ type: 'card', amount: 1000, last4: '4242' }] }, keys.secretKey);
    const html = pickupReceiptHtml(doc, foldDoc(doc), { storeName: 'Aisle Boston', staffName: 'Jo', deviceName: 'Counter 1', printedAt: '2026-11-28T10:00:05.000Z', receiptCode: code, receiptQrSvg: await receiptQrSvg(code) });
    expect(html).toContain(code);
    expect(html).not.toContain('AISLE:RC:');
    expect(html).toMatch(/<div class="qr" data-receipt-code="AR1\.[^"]+"><svg /);
    expect(verifyReceiptCode(code, [{ keyId: keys.keyId, publicKey: keys.publicKey }]).ok).toBe(true);
    // Without the signed code (an old order copy, offline), the unsigned one as before; no QR code.
    const plain = pickupReceiptHtml(doc, foldDoc(doc), { storeName: 'Aisle Boston', staffName: 'Jo', deviceName: 'Counter 1', printedAt: '2026-11-28T10:00:05.000Z', receiptCode: '' });
    expect(plain).toContain(`AISLE:RC:${doc.id}`);
    expect(plain).not.toContain('<svg');
  });
});
