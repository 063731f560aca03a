/**
 * An order's signed receipt code (`AR1.…`, docs/returns.md) for the receipts this counter prints: the copy in this
 * store's working set carries it (the server signs it when it writes the copy); a copy written before that, asked
 * of the server when online. '' when neither has it: the receipt then falls back to the unsigned order code.
 */
import { API_PREFIX } from '../../shared/sync';
import { isReceiptCode } from '../../shared/returns';
import type { AisleSession } from './session';
import { authedJson } from './http';
import { findLocalOrder } from './returns';

export async function signedReceiptCode(session: AisleSession, orderId: string, online: boolean): Promise<string> {
  const local = (await findLocalOrder(session, orderId))?.receiptCode ?? '';
  if (isReceiptCode(local)) return local;
  if (!online) return '';
  try {
    const body = await authedJson(session.settings, `${API_PREFIX}/returns/orders/${encodeURIComponent(orderId)}/receipt`, { signal: AbortSignal.timeout(5000) });
    const code = typeof body === 'object' && body !== null && 'receiptCode' in body ? body.receiptCode : '';
    return typeof code === 'string' && isReceiptCode(code) ? code : '';
  } catch {
    return '';
  }
}
