import { describe, expect, it } from 'vitest';
import { renderMessage } from './render';
import { applyCommand } from '../../shared/pickup/lifecycle';
import { actor, makeLine, makePickup } from '../../shared/pickup/testing';

describe('customer messages', () => {
  const store = { name: 'Aisle <Main>', address: '1 Main St, Town' };

  it('the ready message lists what is ready and what is short, escapes HTML and embeds the QR', async () => {
    let doc = makePickup({ lines: [makeLine({ id: 'l1', title: 'Shirt & tie', quantity: 2 }), makeLine({ id: 'l2', variantId: 'v2', title: 'Mug', quantity: 1 })] });
    for (const [cmd, at] of [
      [{ type: 'pick', lineId: 'l1', quantity: 2 }, '2026-03-02T09:10:00.000Z'],
      [{ type: 'reject', lineId: 'l2', quantity: 1, reason: 'DAMAGED' }, '2026-03-02T09:11:00.000Z'],
      [{ type: 'stage', location: 'B1' }, '2026-03-02T09:12:00.000Z'],
    ] as const) {
      const r = applyCommand(doc, cmd, actor(at));
      if (!r.ok) throw new Error(r.refusal.reason);
      doc = r.doc;
    }
    const m = await renderMessage('m1', 'ready', doc, store);
    expect(m.subject).toBe('Your order W-1001 is ready for pickup at Aisle <Main>');
    expect(m.text).toContain('2 × Shirt & tie ($99.98)');
    expect(m.text).toContain('Sorry, we could not prepare:\n  • 1 × Mug');
    expect(m.text).toContain('ABCD234567');
    expect(m.html).toContain('Aisle &lt;Main&gt;');
    expect(m.html).toContain('Shirt &amp; tie');
    expect(m.html).toContain('src="cid:pickup-qr@aisle"');
    expect(m.qrPng?.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('cancellation and expiry messages carry no QR code', async () => {
    const cancelled = applyCommand(makePickup(), { type: 'cancel', by: 'customer', reason: 'changed my mind' }, actor('2026-03-02T10:00:00.000Z'));
    if (!cancelled.ok) throw new Error('refused');
    const m = await renderMessage('m2', 'cancelled', cancelled.doc, store);
    expect(m.subject).toBe('Your order W-1001 has been cancelled');
    expect(m.text).toContain('(changed my mind)');
    expect(m.qrPng).toBeNull();
    expect(m.html).not.toContain('cid:');
  });
});
