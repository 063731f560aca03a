/**
 * The pickup receipt: a small self-contained HTML page for the receipt printer (80 mm), printed through the
 * desktop API (Electron prints it silently; the browser host through the browser). Everything from the order
 * is escaped: customer and product names come from other channels.
 */
import type { PickupDoc, PickupState } from '../../../shared/pickup/types';
import { formatMoney, multiplyMoney } from '../../../shared/money';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export interface ReceiptContext {
  storeName: string;
  staffName: string;
  deviceName: string;
  printedAt: string;
}

function when(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
}

/** The receipt for a collected pickup: what was handed over, what was not (and why), who collected and who served. */
export function pickupReceiptHtml(doc: PickupDoc, state: PickupState, ctx: ReceiptContext): string {
  const rows = doc.lines
    .map((line) => {
      const l = state.lines[line.id];
      const collected = l?.collected ?? 0;
      const short = line.quantity - collected;
      const reasons = l ? Object.entries(l.rejectedBy).map(([reason, n]) => `${n} ${reason.toLowerCase().replace(/_/g, ' ')}`) : [];
      return `<tr><td>${escapeHtml(line.title)}<br><small>${escapeHtml(line.sku)}</small>${short > 0 ? `<br><small>not handed over: ${short}${reasons.length > 0 ? ` (${escapeHtml(reasons.join(', '))})` : ''}</small>` : ''}</td><td class="n">${collected} / ${line.quantity}</td><td class="n">${escapeHtml(formatMoney(multiplyMoney(line.unitPrice, collected)))}</td></tr>`;
    })
    .join('');
  const relation = state.collectedBy ? `${escapeHtml(state.collectedBy)}${doc.events.some((e) => e.type === 'collected' && e.relation === 'proxy') ? ' (on behalf of the customer)' : ''}` : '—';
  return `<!doctype html><html><head><meta charset="utf-8"><title>Pickup ${escapeHtml(doc.orderNumber)}</title><style>
body{font:12px/1.35 system-ui,sans-serif;width:72mm;margin:0 auto;color:#000}
h1{font-size:15px;margin:6px 0}table{width:100%;border-collapse:collapse}td{padding:3px 0;vertical-align:top;border-bottom:1px dashed #999}
.n{text-align:right;white-space:nowrap;padding-left:6px}small{color:#333}p{margin:3px 0}
</style></head><body>
<h1>${escapeHtml(ctx.storeName)}</h1>
<p><strong>Pickup receipt</strong> · order ${escapeHtml(doc.orderNumber)} (${escapeHtml(doc.channel)})</p>
<p>Customer: ${escapeHtml(doc.customer.firstName)} ${escapeHtml(doc.customer.lastName)}</p>
<table>${rows}</table>
<p>Collected: ${when(state.collectedAt)}</p>
<p>Collected by: ${relation}</p>
<p>Verified: ${state.idChecked ? 'ID checked' : 'pickup code'}</p>
<p>Served by: ${escapeHtml(ctx.staffName)} · ${escapeHtml(ctx.deviceName)}</p>
<p><small>Printed ${when(ctx.printedAt)}</small></p>
</body></html>`;
}
