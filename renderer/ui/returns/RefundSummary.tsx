/**
 * The refund per tender (what goes back to which card, store credit, gift card or cash), its total, and, offline,
 * which limits apply right now and why: only tenders that cannot be spent twice are issued without the server.
 */
import { money as moneyOf } from '../../../shared/money';
import type { Assessment } from '../../data/returns';
import { useReturnText } from './useReturnText';
import { refundType } from './receipt';
import type { OfflineCashShare } from '../../../shared/returns';

/** Offline: the cash this counter may still hand out, and the store budget its share comes from. */
export interface CashAllowance {
  left: number;
  share: OfflineCashShare | null;
}

export function RefundSummary({ assessment, online, currency, cash }: { assessment: Assessment; online: boolean; currency: string; cash?: CashAllowance }): React.JSX.Element {
  const { t, money } = useReturnText();
  return (
    <section className="refund-summary card" data-testid="refund-summary" aria-labelledby="refund-summary-title">
      <h2 id="refund-summary-title">{t('refundTitle')}</h2>
      {assessment.refunds.length === 0 ? (
        <p className="muted">{t('refundNone')}</p>
      ) : (
        <table>
          <tbody>
            {assessment.refunds.map((r, i) => (
              <tr key={`${r.tender}-${r.last4}-${i}`} data-testid="refund-row" data-tender={r.tender} data-pending={r.pending}>
                <th scope="row">{t('refundTo', { type: refundType(r), brand: r.brand || t('card'), last4: r.last4 })}</th>
                <td>{r.pending ? <span className="badge pending">{t('pending')}</span> : null}</td>
                <td className="num">{money(moneyOf(r.amount, currency))}</td>
              </tr>
            ))}
            {assessment.total && (
              <tr className="refund-total">
                <th scope="row">{t('refundTotal')}</th>
                <td />
                <td className="num" data-testid="refund-total">
                  {money(assessment.total)}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {!online && (
        <div className="return-offline" data-testid="return-offline-limits">
          <p>
            <strong>{t('offlineTitle')}</strong> {t('offlineLead')}
          </p>
          <ul>
            {assessment.limits.map((l) => (
              <li key={l} data-testid="return-limit" data-limit={l}>
                {t('limit', { limit: l.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()) })}
              </li>
            ))}
            {cash && (
              <li data-testid="return-cash-share">
                {cash.share && cash.share.storeCap > 0
                  ? t('cashShare', { left: money(moneyOf(cash.left, currency)), storeCap: money(moneyOf(cash.share.storeCap, currency)), counters: cash.share.counters })
                  : t('limit', { limit: 'cashCap' })}
              </li>
            )}
          </ul>
        </div>
      )}
    </section>
  );
}
