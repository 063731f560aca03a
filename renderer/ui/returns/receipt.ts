/**
 * The return receipt: a small self-contained HTML page for the receipt printer (80 mm thermal or A4), printed through
 * the desktop API like the pickup receipt (renderer/ui/pickup/receipt.ts, whose escaping and paper CSS it shares).
 * Everything from the order is escaped: product names come from other channels. It lists what came back (reason,
 * condition), the refund per tender (pending ones marked), who approved, and the return's id.
 */
import type { StoreDoc } from '../../../shared/schemas/collections';
import { money } from '../../../shared/money';
import type { RecordedReturn } from '../../data/returns';
import { createFormatter, type Formatter } from '../../i18n/format';
import { translator } from '../../i18n/I18nProvider';
import { escapeHtml, paperCss, type PaperWidth } from '../pickup/receipt';
import { returnMessages } from './messages';

export interface ReturnReceiptContext {
  storeName: string;
  store?: Pick<StoreDoc, 'address' | 'phone'> | null;
  paper?: PaperWidth;
  staffName: string;
  deviceName: string;
  printedAt: string;
  format?: Formatter;
}

/** The `type` of the refundTo message: back onto an original gift card (reloaded), or a new one (issued). */
export function refundType(a: { tender: string; originalIndex: number }): string {
  return a.tender === 'gift-card' && a.originalIndex < 0 ? 'giftcardnew' : a.tender.replace('-', '');
}

const FALLBACK = createFormatter({ locale: 'en-US', currency: 'USD', timeZone: 'UTC', distanceUnit: 'mile' });

export function returnReceiptHtml(r: RecordedReturn, ctx: ReturnReceiptContext): string {
  const f = ctx.format ?? FALLBACK;
  const t = translator(returnMessages, f);
  const start = r.draft.start;
  const a = ctx.store?.address;
  const address = a ? `<p class="addr">${escapeHtml(a.line1)}<br>${escapeHtml(`${a.city}, ${a.region} ${a.postalCode}`)}${ctx.store?.phone ? `<br>${escapeHtml(ctx.store.phone)}` : ''}</p>` : '';
  const currency = r.doc.currency;
  const origin = start.kind === 'order' ? t('rcOrder', { number: start.found.sale.orderNumber, channel: start.found.sale.channel, when: f.date(start.found.sale.placedAt) }) : t('rcReceiptless', { name: start.customerName });
  const rows = r.draft.lines
    .map((l) => {
      const refund = r.assessment.lines[l.key]?.refund ?? null;
      const reason = l.reason ? t('reasonName', { reason: l.reason }) : '';
      return `<tr><td>${escapeHtml(l.title)}<br><small>${escapeHtml(l.sku)} · ${escapeHtml(reason)}${l.note ? ` (${escapeHtml(l.note)})` : ''} · ${escapeHtml(t('conditionName', { condition: l.condition }))} · ${escapeHtml(t('dispositionName', { disposition: l.disposition }))}</small></td><td class="n">${l.quantity}</td><td class="n">${refund ? escapeHtml(f.money(refund)) : ''}</td></tr>`;
    })
    .join('');
  const tenders = r.assessment.refunds
    .map((x) => `<tr><td>${escapeHtml(t('refundTo', { type: refundType(x), brand: x.brand || t('card'), last4: x.last4 }))}${x.pending ? ` <small>(${escapeHtml(t('pending'))})</small>` : ''}</td><td></td><td class="n">${escapeHtml(f.money(money(x.amount, currency)))}</td></tr>`)
    .join('');
  const total = r.assessment.total ? `<tr class="total"><td>${escapeHtml(t('refundTotal'))}</td><td></td><td class="n">${escapeHtml(f.money(r.assessment.total))}</td></tr>` : '';
  const approval = r.approval ? `<p>${escapeHtml(r.approval.override ? t('rcOverride', { name: r.approval.name, reason: r.approval.reason }) : t('rcApproved', { name: r.approval.name }))}</p>` : '';
  return `<!doctype html><html lang="${escapeHtml(f.locale)}"><head><meta charset="utf-8"><title>${escapeHtml(t('rcTitle'))}</title><style>
${paperCss(ctx.paper ?? '80mm')}
h1{margin:6px 0}table{width:100%;border-collapse:collapse}td{padding:3px 0;vertical-align:top;border-bottom:1px dashed #999}
.n{text-align:right;white-space:nowrap;padding-left:6px}small{color:#333}p{margin:3px 0}.addr{margin-bottom:8px}
tr.total td{border-bottom:0;border-top:2px solid #000;font-weight:700;padding-top:5px}.code{font-family:ui-monospace,monospace}
</style></head><body data-paper="${ctx.paper ?? '80mm'}">
<h1>${escapeHtml(ctx.storeName)}</h1>
${address}
<p><strong>${escapeHtml(t('rcTitle'))}</strong> · ${escapeHtml(origin)}</p>
<table>${rows}${tenders}${total}</table>
${approval}
<p>${escapeHtml(t('rcServedBy', { staff: ctx.staffName, device: ctx.deviceName, when: f.dateTime(r.doc.createdAt) }))}</p>
<p>${escapeHtml(t('rcId'))} <span class="code">${escapeHtml(r.doc.id)}</span></p>
<p><small>${escapeHtml(t('rcPrinted', { when: f.dateTime(ctx.printedAt) }))}</small></p>
</body></html>`;
}
