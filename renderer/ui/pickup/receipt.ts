/**
 * The pickup receipt: a small self-contained HTML page for the receipt printer (80 mm), printed through the
 * desktop API (Electron prints it silently; the browser host through the browser). Everything from the order
 * is escaped: customer and product names come from other channels.
 */
import type { PickupDoc, PickupState } from '../../../shared/pickup/types';
import { multiplyMoney } from '../../../shared/money';
import type { RejectReason } from '../../../shared/pickup/types';
import { createFormatter, type Formatter } from '../../i18n/format';
import { translator } from '../../i18n/I18nProvider';
import { receiptMessages } from './receipt.messages';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export interface ReceiptContext {
  storeName: string;
  staffName: string;
  deviceName: string;
  printedAt: string;
  /** The store's formats (money, dates in its zone, language); en-US in the store's absence. */
  format?: Formatter;
  /** Reject reasons in the store's language (the pick list's labels). */
  reasonLabel?: (reason: RejectReason) => string;
}

const FALLBACK = createFormatter({ locale: 'en-US', currency: 'USD', timeZone: 'UTC', distanceUnit: 'mile' });

/** The receipt for a collected pickup: what was handed over, what was not (and why), who collected and who served. */
export function pickupReceiptHtml(doc: PickupDoc, state: PickupState, ctx: ReceiptContext): string {
  const f = ctx.format ?? FALLBACK;
  const t = translator(receiptMessages, f);
  const when = (iso: string | null): string => (iso ? f.dateTime(iso) : '—');
  const reasonText = (reason: string): string => (ctx.reasonLabel ? ctx.reasonLabel(reason as RejectReason) : reason.toLowerCase().replace(/_/g, ' '));
  const rows = doc.lines
    .map((line) => {
      const l = state.lines[line.id];
      const collected = l?.collected ?? 0;
      const short = line.quantity - collected;
      const reasons = l ? Object.entries(l.rejectedBy).map(([reason, n]) => `${n} ${reasonText(reason)}`) : [];
      return `<tr><td>${escapeHtml(line.title)}<br><small>${escapeHtml(line.sku)}</small>${short > 0 ? `<br><small>${escapeHtml(t('notHandedOver', { count: short }))}${reasons.length > 0 ? ` (${escapeHtml(reasons.join(', '))})` : ''}</small>` : ''}</td><td class="n">${collected} / ${line.quantity}</td><td class="n">${escapeHtml(f.money(multiplyMoney(line.unitPrice, collected)))}</td></tr>`;
    })
    .join('');
  const proxy = doc.events.some((e) => e.type === 'collected' && e.relation === 'proxy');
  const relation = state.collectedBy ? (proxy ? t('onBehalf', { name: state.collectedBy }) : state.collectedBy) : '—';
  return `<!doctype html><html lang="${escapeHtml(f.locale)}"><head><meta charset="utf-8"><title>${escapeHtml(t('docTitle', { order: doc.orderNumber }))}</title><style>
body{font:12px/1.35 system-ui,sans-serif;width:72mm;margin:0 auto;color:#000}
h1{font-size:15px;margin:6px 0}table{width:100%;border-collapse:collapse}td{padding:3px 0;vertical-align:top;border-bottom:1px dashed #999}
.n{text-align:right;white-space:nowrap;padding-left:6px}small{color:#333}p{margin:3px 0}
</style></head><body>
<h1>${escapeHtml(ctx.storeName)}</h1>
<p><strong>${escapeHtml(t('heading'))}</strong> · ${escapeHtml(t('order', { order: doc.orderNumber, channel: doc.channel }))}</p>
<p>${escapeHtml(t('customer', { name: `${doc.customer.firstName} ${doc.customer.lastName}` }))}</p>
<table>${rows}</table>
<p>${escapeHtml(t('collected', { when: when(state.collectedAt) }))}</p>
<p>${escapeHtml(t('collectedBy', { name: relation }))}</p>
<p>${escapeHtml(t('verified', { how: state.idChecked ? t('viaId') : t('viaCode') }))}</p>
<p>${escapeHtml(t('servedBy', { staff: ctx.staffName, device: ctx.deviceName }))}</p>
<p><small>${escapeHtml(t('printed', { when: when(ctx.printedAt) }))}</small></p>
</body></html>`;
}
