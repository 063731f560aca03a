/** The sale a return starts from: number, channel, when it was sold and handed over, how it was paid, how it was found. */
import { money as moneyOf } from '../../../shared/money';
import type { FoundOrder } from '../../data/returns';
import { useReturnText } from './useReturnText';
import { useFormat } from '../../i18n';

export function ReturnOrderHeader({ found }: { found: FoundOrder }): React.JSX.Element {
  const { t, money, date } = useReturnText();
  const { list } = useFormat();
  const s = found.sale;
  const brandOf = (i: number): string => found.order?.tenders[i]?.brand ?? '';
  const tenders = list(s.tenders.map((x, i) => t('tender', { type: x.type.replace('-', ''), brand: brandOf(i) || t('card'), last4: x.last4, amount: money(moneyOf(x.amount, s.currency)) })));
  return (
    <div className="return-order card" data-testid="return-order" data-order-id={s.orderId} data-via={found.via} data-checked={found.checked}>
      <span className={`badge channel-${s.channel}`}>{t('channel', { channel: s.channel })}</span>
      <span>{t('placed', { when: date(s.placedAt) })}</span>
      {s.handedOverAt && s.handedOverAt !== s.placedAt && <span>{t('delivered', { when: date(s.handedOverAt) })}</span>}
      <span>{t('paidWith', { tenders: tenders || '—' })}</span>
      <span className="muted" data-testid="return-found-via">
        {t('foundVia', { via: found.via.replace('-', ''), checked: found.checked })}
      </span>
    </div>
  );
}
