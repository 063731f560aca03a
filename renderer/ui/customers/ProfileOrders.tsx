/**
 * Spend (lifetime value net of refunds, orders, average order, per channel, last purchase) and the orders from every
 * channel, each with its channel badge and status; a pickup order opens its pickup at this counter.
 */
import { useState } from 'react';
import type { CustomerDoc, OrderDoc } from '../../../shared/customers/types';
import { money as moneyOf } from '../../../shared/money';
import { useFormat } from '../../i18n';
import { selectKey, useCustomerText } from './useCustomerText';
import { useUi } from '../../state/ui';
import { usePickup } from '../../data/pickups';
import { fulfilmentKind, orderStatusKey } from './customerFormat';
import { ReturnItemsButton } from '../returns/ReturnItemsButton';

export function ProfileSpend({ customer }: { customer: CustomerDoc }): React.JSX.Element {
  const { t, money, date } = useCustomerText();
  const s = customer.spend;
  const m = (amount: number): string => money(moneyOf(amount, s.currency));
  return (
    <section className="profile-spend card" aria-label={t('spend')} data-testid="profile-spend">
      <h2>{t('spend')}</h2>
      <dl className="spend-figures">
        <div>
          <dt>{t('ltv')}</dt>
          <dd data-testid="spend-ltv">{m(s.lifetimeNet)}</dd>
          <small className="muted">{t('ltvNote', { refunds: m(s.refunds) })}</small>
        </div>
        <div>
          <dt>{t('orders')}</dt>
          <dd data-testid="spend-orders">{s.orders}</dd>
        </div>
        <div>
          <dt>{t('aov')}</dt>
          <dd data-testid="spend-aov">{m(s.averageOrder)}</dd>
        </div>
        <div>
          <dt>{t('lastPurchase')}</dt>
          <dd>{s.lastPurchaseAt === null ? '—' : date(s.lastPurchaseAt)}</dd>
        </div>
      </dl>
      <ul className="spend-channels" aria-label={t('byChannel')}>
        {s.byChannel.map((c) => (
          <li key={c.channel} data-testid="spend-channel" data-channel={c.channel}>
            <span className={`badge channel-${c.channel}`}>{t('channel', { channel: c.channel })}</span> {t('channelSpend', { count: c.orders, net: m(c.net) })}
          </li>
        ))}
      </ul>
    </section>
  );
}

function OrderRow({ order }: { order: OrderDoc }): React.JSX.Element {
  const { t, money, date } = useCustomerText();
  const { list } = useFormat();
  const [open, setOpen] = useState(false);
  const openPickup = useUi((s) => s.openPickup);
  const pickupId = order.fulfilments.find((f) => f.type === 'pickup' && f.pickupId !== '')?.pickupId ?? null;
  // The pickup is on this device only when it is this store's.
  const pickup = usePickup(pickupId);
  return (
    <li className="order-row" data-testid="customer-order" data-channel={order.channel} data-order-id={order.orderId}>
      <button type="button" className="order-summary ghost" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className={`badge channel-${order.channel}`} data-testid="order-channel">
          {t('channel', { channel: order.channel })}
        </span>
        <span className="mono">{order.orderNumber}</span>
        <span>{date(order.placedAt)}</span>
        <span className="muted">{t('fulfilment', { kind: fulfilmentKind(order) })}</span>
        <span className={`order-status status-${order.status}`} data-testid="order-status">
          {t('status', { status: orderStatusKey(order) })}
        </span>
        <span className="num">{money(order.totals.total)}</span>
      </button>
      {open && (
        <div className="order-detail" data-testid="order-detail">
          <table>
            <tbody>
              {order.lines.map((l) => (
                <tr key={l.id}>
                  <td>{l.quantity} ×</td>
                  <td>{l.title}</td>
                  <td className="mono muted">{l.sku}</td>
                  <td className="num">{money(l.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">
            {t('paid', { tenders: list(order.tenders.map((x) => t('tender', { type: selectKey(x.type), brand: x.brand, last4: x.last4, amount: money(x.amount) }))) })}
          </p>
          <ReturnItemsButton order={order} />
          {pickupId !== null && pickup && (
            <button type="button" data-testid="order-open-pickup" onClick={() => openPickup(pickupId)}>
              {t('openPickup')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

export function ProfileOrders({ orders }: { orders: OrderDoc[] }): React.JSX.Element {
  const { t } = useCustomerText();
  return (
    <section className="profile-orders card" aria-label={t('ordersTitle')} data-testid="profile-orders">
      <h2>{t('ordersTitle')}</h2>
      {orders.length === 0 ? (
        <p className="muted">{t('noOrders')}</p>
      ) : (
        <ul className="order-list">
          {orders.map((o) => (
            <OrderRow key={o.id} order={o} />
          ))}
        </ul>
      )}
    </section>
  );
}
