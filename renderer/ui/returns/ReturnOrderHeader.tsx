/** The order a return starts from: number, channel, when it was sold and delivered, how it was paid, how it was found. */
import type { FoundOrder } from '../../data/returns';
import { useReturnText } from './useReturnText';

export function ReturnOrderHeader({ found }: { found: FoundOrder }): React.JSX.Element {
  const { t, money, date } = useReturnText();
  const o = found.order;
  const delivered = o.deliveredAt ?? o.fulfilledAt;
  return (
    <div className="return-order card" data-testid="return-order" data-order-id={o.orderId} data-via={found.via} data-checked={found.checked}>
      <span className={`badge channel-${o.channel}`}>{t('channel', { channel: o.channel })}</span>
      <span>{t('placed', { when: date(o.placedAt) })}</span>
      {delivered && <span>{t('delivered', { when: date(delivered) })}</span>}
      <span>{t('paidWith', { tenders: o.tenders.map((x) => t('tender', { type: x.type.replace('-', ''), brand: x.brand, last4: x.last4, amount: money(x.amount) })).join(', ') || '—' })}</span>
      <span className="muted" data-testid="return-found-via">
        {t('foundVia', { via: found.via.replace('-', ''), checked: found.checked })}
      </span>
    </div>
  );
}
