/**
 * Refunds leave through a payment connector, with ONE idempotency key end to end: the return's id. A connector
 * must answer a repeated key with the first refund's result and move no money again (every payment service
 * provider worth using offers exactly this: Stripe's Idempotency-Key, Adyen's, …).
 *
 * The default connector records refunds in the server's own ledger (payment_refunds, in the settling transaction,
 * so the record exists if and only if the return settled) and puts the customer's refund e-mail in the outbox.
 */
import type { Queryable } from '../db/db';
import type { RefundAllocation } from '../../shared/returns/types';
import { formatMoney } from '../../shared/money';

export interface RefundRequest {
  /** The return id. */
  idempotencyKey: string;
  orderId: string;
  orderNumber: string;
  currency: string;
  total: number;
  allocations: RefundAllocation[];
  /** Where the refund e-mail goes ('' for none). */
  customerEmail: string;
  storeName: string;
  at: Date;
}

export interface RefundResult {
  reference: string;
  /** False when this key had been refunded before (the first result is returned). */
  fresh: boolean;
}

export interface PaymentConnector {
  refund(tx: Queryable, request: RefundRequest): Promise<RefundResult>;
}

const TENDER_WORDS: Record<string, string> = { card: 'your card', 'gift-card': 'a gift card', 'store-credit': 'store credit', cash: 'cash' };

export function refundEmail(r: RefundRequest): { to: string; subject: string; text: string; html: string } {
  const parts = r.allocations.map((a) => `${formatMoney({ amount: a.amount, currency: r.currency })} to ${TENDER_WORDS[a.tender] ?? a.tender}`);
  const subject = r.orderNumber ? `Your refund for order ${r.orderNumber}` : 'Your refund';
  const lines = ['Hello,', `we have refunded ${formatMoney({ amount: r.total, currency: r.currency })} for your return at ${r.storeName}:`, ...parts.map((p) => `  • ${p}`), '', `Return reference: ${r.idempotencyKey}`];
  const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
  return { to: r.customerEmail, subject, text: `${lines.join('\n')}\n`, html: `<!doctype html><html><body style="font-family:sans-serif">${lines.map((l) => (l.startsWith('  • ') ? `<li>${esc(l.slice(4))}</li>` : l ? `<p>${esc(l)}</p>` : '')).join('\n')}</body></html>` };
}

export const ledgerConnector: PaymentConnector = {
  async refund(tx, r) {
    const reference = `rf_${r.idempotencyKey}`;
    const inserted = await tx.query<{ reference: string }>(
      `INSERT INTO payment_refunds (idempotency_key, order_id, currency, total, allocations, reference, created_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7) ON CONFLICT (idempotency_key) DO NOTHING RETURNING reference`,
      [r.idempotencyKey, r.orderId, r.currency, r.total, JSON.stringify(r.allocations), reference, r.at.toISOString()],
    );
    if (inserted.rows.length === 0) {
      const first = await tx.query<{ reference: string }>('SELECT reference FROM payment_refunds WHERE idempotency_key = $1', [r.idempotencyKey]);
      return { reference: first.rows[0]?.reference ?? reference, fresh: false };
    }
    if (r.customerEmail !== '') {
      await tx.query(
        `INSERT INTO outbox (pickup_id, store_id, kind, dedupe_key, recipient, next_attempt_at, created_at, message)
         VALUES ($1, '', 'refund', $2, $3, $4, $4, $5::jsonb) ON CONFLICT (dedupe_key) DO NOTHING`,
        [r.idempotencyKey, `${r.idempotencyKey}:refund`, r.customerEmail, r.at.toISOString(), JSON.stringify(refundEmail(r))],
      );
    }
    return { reference, fresh: true };
  },
};

let connector: PaymentConnector = ledgerConnector;

/** Replaces the connector (a PSP integration); returns the previous one. */
export function usePaymentConnector(next: PaymentConnector): PaymentConnector {
  const prev = connector;
  connector = next;
  return prev;
}

export function paymentConnector(): PaymentConnector {
  return connector;
}
