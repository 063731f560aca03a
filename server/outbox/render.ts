/**
 * The customer messages: plain text and HTML alternatives, with the pickup QR code (the aisle://pickup/<code>
 * text from shared/barcode/aisleCodes.ts) as an inline PNG referenced by cid, for "ready" and "reminder".
 * Rendered at delivery time from the current pickup, so a resend shows today's state.
 */
import QRCode from 'qrcode';
import { encodePickupCode } from '../../shared/barcode/aisleCodes';
import { formatMoney, multiplyMoney } from '../../shared/money';
import { foldDoc } from '../../shared/pickup/lifecycle';
import type { PickupDoc } from '../../shared/pickup/types';
import type { MessageKind } from './enqueue';

export interface OutgoingMessage {
  /** Unique per outbox row: the .eml file name and the Message-ID's local part. */
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The QR code PNG, shown inline (cid:pickup-qr). */
  qrPng: Buffer | null;
}

export interface StoreInfo {
  name: string;
  address: string;
}

export const QR_CID = 'pickup-qr@aisle';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export async function renderMessage(id: string, kind: MessageKind, pickup: PickupDoc, store: StoreInfo): Promise<OutgoingMessage> {
  const state = foldDoc(pickup);
  const name = pickup.customer.firstName;
  const order = pickup.orderNumber;
  const withQr = kind === 'ready' || kind === 'reminder';
  const ready = pickup.lines
    .map((l) => ({ line: l, picked: state.lines[l.id]?.picked ?? 0 }))
    .filter((x) => x.picked > 0)
    .map((x) => `${x.picked} × ${x.line.title} (${formatMoney(multiplyMoney(x.line.unitPrice, x.picked))})`);
  const short = pickup.lines.filter((l) => (state.lines[l.id]?.rejected ?? 0) > 0).map((l) => `${state.lines[l.id]?.rejected ?? 0} × ${l.title}`);
  let subject: string;
  let body: string[];
  switch (kind) {
    case 'ready':
      subject = `Your order ${order} is ready for pickup at ${store.name}`;
      body = [`Hi ${name},`, `your order ${order} is ready for pickup at ${store.name}, ${store.address}.`, `Show this code at the counter or scan it at the kiosk: ${pickup.pickupCode}`, `We hold it for you until ${pickup.expiresAt.slice(0, 10)}.`];
      break;
    case 'reminder':
      subject = `Reminder: your order ${order} is waiting at ${store.name}`;
      body = [`Hi ${name},`, `your order ${order} is still waiting for you at ${store.name}, ${store.address}.`, `Your pickup code: ${pickup.pickupCode}`, `We hold it until ${pickup.expiresAt.slice(0, 10)}.`];
      break;
    case 'expired':
      subject = `Your order ${order} was not collected`;
      body = [`Hi ${name},`, `your order ${order} was held at ${store.name} until ${pickup.expiresAt.slice(0, 10)} and has now been released.`, 'Any payment for it will be refunded.'];
      break;
    case 'cancelled':
      subject = `Your order ${order} has been cancelled`;
      body = [`Hi ${name},`, `your pickup order ${order} at ${store.name} has been cancelled${state.cancelReason ? ` (${state.cancelReason})` : ''}.`, 'Any payment for it will be refunded.'];
      break;
  }
  if (withQr && ready.length > 0) body.push('', 'Ready for you:', ...ready.map((r) => `  • ${r}`));
  if (withQr && short.length > 0) body.push('', 'Sorry, we could not prepare:', ...short.map((r) => `  • ${r}`), 'These will not be charged.');
  const qrPng = withQr ? await QRCode.toBuffer(encodePickupCode(pickup.pickupCode, 'url'), { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 }) : null;
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    ...body.map((line) => (line.startsWith('  • ') ? `<li>${escapeHtml(line.slice(4))}</li>` : line === '' ? '' : `<p>${escapeHtml(line)}</p>`)),
    qrPng ? `<p><img src="cid:${QR_CID}" alt="Pickup code ${escapeHtml(pickup.pickupCode)}" width="200" height="200"></p>` : '',
    '</body></html>',
  ].join('\n');
  return { id, to: pickup.customer.email, subject, text: `${body.join('\n')}\n`, html, qrPng };
}
