/**
 * The order-confirmation e-mail: written to the outbox in the transaction that places the order (so it exists if
 * and only if the order does), pre-rendered like the refund e-mail, sent by the outbox job. It carries the order's
 * signed receipt code (docs/returns.md) as text and as a QR code, so the customer can bring the goods back to any
 * counter, online or offline, by showing it.
 */
import type { Queryable } from '../db/db';
import type { Order } from '../../shared/orders/types';
import { formatMoney } from '../../shared/money';

export const CONFIRMATION_KIND = 'confirmation';

export interface ConfirmationMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Rendered as the inline QR code when the message is sent (worker.ts). */
  qrText: string;
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function confirmationEmail(order: Order, to: string, firstName: string, storeName: string, receiptCode: string): ConfirmationMessage {
  const fulfilment = order.fulfilments[0]?.type ?? 'ship';
  const how = fulfilment === 'pickup' ? `for pickup at ${storeName}` : fulfilment === 'in-store' ? `at ${storeName}` : 'for delivery';
  const lines = [
    `Hi ${firstName || 'there'},`,
    `thank you for your order ${order.orderNumber} ${how}:`,
    ...order.lines.map((l) => `  • ${l.quantity} × ${l.title} (${formatMoney(l.net)})`),
    `Total: ${formatMoney(order.totals.total)}`,
    '',
    'To return anything, at any of our stores, show this receipt code at the counter (the QR code below carries it):',
    receiptCode,
  ];
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    ...lines.map((l) => (l.startsWith('  • ') ? `<li>${esc(l.slice(4))}</li>` : l === '' ? '' : l === receiptCode ? `<p style="font-family:monospace;word-break:break-all;font-size:11px">${esc(l)}</p>` : `<p>${esc(l)}</p>`)),
    `<p><img src="cid:pickup-qr@aisle" alt="Receipt code for order ${esc(order.orderNumber)}" width="240" height="240"></p>`,
    '</body></html>',
  ].join('\n');
  return { to, subject: `Your order ${order.orderNumber}`, text: `${lines.join('\n')}\n`, html, qrText: receiptCode };
}

/** Queues the confirmation (once per order: the dedupe key). */
export async function enqueueConfirmation(tx: Queryable, order: Order, message: ConfirmationMessage, at: Date): Promise<void> {
  if (message.to === '') return;
  await tx.query(
    `INSERT INTO outbox (pickup_id, store_id, kind, dedupe_key, recipient, next_attempt_at, created_at, message)
     VALUES ($1, $2, $3, $4, $5, $6, $6, $7::jsonb) ON CONFLICT (dedupe_key) DO NOTHING`,
    [order.id, order.storeId, CONFIRMATION_KIND, `${order.id}:${CONFIRMATION_KIND}`, message.to, at.toISOString(), JSON.stringify(message)],
  );
}
