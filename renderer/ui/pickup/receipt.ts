/**
 * The pickup receipt: a small self-contained HTML page for the receipt printer (80 mm thermal, or A4), printed
 * through the desktop API (Electron prints it to the configured printer, silently if set; the browser host
 * through the browser). Everything from the order is escaped: customer and product names come from other
 * channels. It carries the store's address, the total handed over (short lines not charged) and the order's
 * signed receipt code (`AR1.…`, docs/returns.md) as text and QR code, so the goods can be returned at any counter,
 * online or offline, by scanning it. Without the signed code (an order copy from before, offline) it carries the
 * unsigned `AISLE:RC:` code (shared/barcode/aisleCodes.ts), which only finds the order in this store's working set.
 */
import QRCode from 'qrcode';
import type { PickupDoc, PickupState } from '../../../shared/pickup/types';
import { addMoney, multiplyMoney, type Money } from '../../../shared/money';
import { encodeReceiptCode } from '../../../shared/barcode/aisleCodes';
import type { StoreDoc } from '../../../shared/schemas/collections';
import type { RejectReason } from '../../../shared/pickup/types';
import { createFormatter, type Formatter } from '../../i18n/format';
import { translator } from '../../i18n/I18nProvider';
import { receiptMessages } from './receipt.messages';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export type PaperWidth = '80mm' | 'a4';

export interface ReceiptContext {
  storeName: string;
  /** The store's address and phone as the customer should read them; omitted when the device lacks the store row. */
  store?: Pick<StoreDoc, 'address' | 'phone'> | null;
  /** Printable width: thermal receipt rolls are 80 mm (72 mm printable); A4 for an office printer. */
  paper?: PaperWidth;
  staffName: string;
  deviceName: string;
  printedAt: string;
  /** The store's formats (money, dates in its zone, language); en-US in the store's absence. */
  format?: Formatter;
  /** Reject reasons in the store's language (the pick list's labels). */
  reasonLabel?: (reason: RejectReason) => string;
  /** The order's signed receipt code (renderer/data/receiptCodes.ts); '' or absent: the unsigned code. */
  receiptCode?: string;
  /** Its QR code as SVG markup (receiptQrSvg), printed under the code. */
  receiptQrSvg?: string;
}

/** The QR code of a receipt code, as SVG markup for the printed page (qrcode makes only <svg> and <path>). */
export async function receiptQrSvg(code: string): Promise<string> {
  return QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'L', margin: 1, width: 220 });
}

/** The receipt code for the order, or its plain id if the id cannot be encoded (never throws while printing). */
function receiptCode(orderId: string): string {
  try {
    return encodeReceiptCode(orderId);
  } catch {
    return orderId;
  }
}

const FALLBACK = createFormatter({ locale: 'en-US', currency: 'USD', timeZone: 'UTC', distanceUnit: 'mile' });

/** Page CSS per paper: thermal prints edge to edge in 72 mm; A4 gets margins and a readable column. */
export function paperCss(paper: PaperWidth): string {
  return paper === 'a4'
    ? '@page{size:A4;margin:18mm}body{font:11pt/1.4 system-ui,sans-serif;width:auto;max-width:120mm;margin:0;color:#000}h1{font-size:16pt}'
    : '@page{size:80mm auto;margin:0}body{font:12px/1.35 system-ui,sans-serif;width:72mm;margin:0 auto;color:#000}h1{font-size:15px}';
}

/** Total of what was handed over, in the order's currency (null for an order with no lines). */
export function receiptTotal(doc: PickupDoc, state: PickupState): Money | null {
  let total: Money | null = null;
  for (const line of doc.lines) {
    const amount = multiplyMoney(line.unitPrice, state.lines[line.id]?.collected ?? 0);
    total = total ? addMoney(total, amount) : amount;
  }
  return total;
}

/** The receipt for a collected pickup: what was handed over, what was not (and why), who collected and who served. */
export function pickupReceiptHtml(doc: PickupDoc, state: PickupState, ctx: ReceiptContext): string {
  const f = ctx.format ?? FALLBACK;
  const t = translator(receiptMessages, f);
  const when = (iso: string | null): string => (iso ? f.dateTime(iso) : '—');
  const reasonText = (reason: string): string => (ctx.reasonLabel ? ctx.reasonLabel(reason as RejectReason) : reason.toLowerCase().replace(/_/g, ' '));
  const total = receiptTotal(doc, state);
  const shortUnits = doc.lines.reduce((n, line) => n + line.quantity - (state.lines[line.id]?.collected ?? 0), 0);
  const a = ctx.store?.address;
  const address = a ? `<p class="addr">${escapeHtml(a.line1)}<br>${escapeHtml(`${a.city}, ${a.region} ${a.postalCode}`)}${ctx.store?.phone ? `<br>${escapeHtml(ctx.store.phone)}` : ''}</p>` : '';
  const rows = doc.lines
    .map((line) => {
      const l = state.lines[line.id];
      const collected = l?.collected ?? 0;
      const short = line.quantity - collected;
      const reasons = l ? Object.entries(l.rejectedBy).map(([reason, n]) => `${n} ${reasonText(reason)}`) : [];
      return `<tr><td>${escapeHtml(line.title)}<br><small>${escapeHtml(line.sku)}</small>${short > 0 ? `<br><small>${escapeHtml(t('notHandedOver', { count: short }))}${reasons.length > 0 ? ` (${escapeHtml(f.list(reasons))})` : ''}</small>` : ''}</td><td class="n">${collected} / ${line.quantity}</td><td class="n">${escapeHtml(f.money(multiplyMoney(line.unitPrice, collected)))}</td></tr>`;
    })
    .join('');
  const proxy = doc.events.some((e) => e.type === 'collected' && e.relation === 'proxy');
  const relation = state.collectedBy ? (proxy ? t('onBehalf', { name: state.collectedBy }) : state.collectedBy) : '—';
  return `<!doctype html><html lang="${escapeHtml(f.locale)}"><head><meta charset="utf-8"><title>${escapeHtml(t('docTitle', { order: doc.orderNumber }))}</title><style>
${paperCss(ctx.paper ?? '80mm')}
h1{margin:6px 0}table{width:100%;border-collapse:collapse}td{padding:3px 0;vertical-align:top;border-bottom:1px dashed #999}
.n{text-align:right;white-space:nowrap;padding-left:6px}small{color:#333}p{margin:3px 0}.addr{margin-bottom:8px}
tr.total td{border-bottom:0;border-top:2px solid #000;font-weight:700;padding-top:5px}.code{font-family:ui-monospace,monospace;letter-spacing:.05em;word-break:break-all;font-size:9px}.qr svg{width:44mm;height:44mm;display:block;margin:4px auto}
</style></head><body data-paper="${ctx.paper ?? '80mm'}">
<h1>${escapeHtml(ctx.storeName)}</h1>
${address}
<p><strong>${escapeHtml(t('heading'))}</strong> · ${escapeHtml(t('order', { order: doc.orderNumber, channel: doc.channel }))}</p>
<p>${escapeHtml(t('customer', { name: `${doc.customer.firstName} ${doc.customer.lastName}` }))}</p>
<table>${rows}${total ? `<tr class="total"><td>${escapeHtml(t('total'))}${shortUnits > 0 ? `<br><small>${escapeHtml(t('notCharged', { count: shortUnits }))}</small>` : ''}</td><td></td><td class="n">${escapeHtml(f.money(total))}</td></tr>` : ''}</table>
<p>${escapeHtml(t('collected', { when: when(state.collectedAt) }))}</p>
<p>${escapeHtml(t('collectedBy', { name: relation }))}</p>
<p>${escapeHtml(t('verified', { how: state.idChecked ? t('viaId') : t('viaCode') }))}</p>
<p>${escapeHtml(t('servedBy', { staff: ctx.staffName, device: ctx.deviceName }))}</p>
<p>${escapeHtml(t('receiptCode'))} <span class="code">${escapeHtml(ctx.receiptCode || receiptCode(doc.id))}</span></p>
${ctx.receiptCode && ctx.receiptQrSvg && ctx.receiptQrSvg.startsWith('<svg') ? `<div class="qr" data-receipt-code="${escapeHtml(ctx.receiptCode)}">${ctx.receiptQrSvg}</div>` : ''}
<p><small>${escapeHtml(t('printed', { when: when(ctx.printedAt) }))}</small></p>
</body></html>`;
}
