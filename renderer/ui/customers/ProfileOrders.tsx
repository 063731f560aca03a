/**
 * Spend (lifetime value net of refunds, orders, average order, per channel, last purchase) and the orders from every
 * channel, each with its channel badge and status; a pickup order opens its pickup at this counter.
 */
import { useState } from 'react';
import type { CustomerDoc, OrderDoc } from '../../../shared/customers/types';
import { formatMoney, money } from '../../../shared/money';
import { useUi } from '../../state/ui';
import { usePickup } from '../../data/pickups';
import { CHANNEL_LABEL, formatDate, fulfilmentText, orderStatusText } from './customerFormat';

export function ProfileSpend({ customer }: { customer: CustomerDoc }): React.JSX.Element {
  const s = customer.spend;
  const m = (amount: number): string => formatMoney(money(amount, s.currency));
  return (
    <section className="profile-spend card" aria-label="Spend" data-testid="profile-spend">
      <h2>Spend</h2>
      <dl className="spend-figures">
        <div>
          <dt>Lifetime value</dt>
          <dd data-testid="spend-ltv">{m(s.lifetimeNet)}</dd>
          <small className="muted">net of {m(s.refunds)} refunds, before tax</small>
        </div>
        <div>
          <dt>Orders</dt>
          <dd data-testid="spend-orders">{s.orders}</dd>
        </div>
        <div>
          <dt>Average order</dt>
          <dd data-testid="spend-aov">{m(s.averageOrder)}</dd>
        </div>
        <div>
          <dt>Last purchase</dt>
          <dd>{formatDate(s.lastPurchaseAt)}</dd>
        </div>
      </dl>
      <ul className="spend-channels" aria-label="By channel">
        {s.byChannel.map((c) => (
          <li key={c.channel} data-testid="spend-channel" data-channel={c.channel}>
            <span className={`badge channel-${c.channel}`}>{CHANNEL_LABEL[c.channel]}</span> {c.orders} orders · {m(c.net)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function OrderRow({ order }: { order: OrderDoc }): React.JSX.Element {
  const [open, setOpen] = useState(false);
  const openPickup = useUi((s) => s.openPickup);
  const pickupId = order.fulfilments.find((f) => f.type === 'pickup' && f.pickupId !== '')?.pickupId ?? null;
  // The pickup is on this device only when it is this store's.
  const pickup = usePickup(pickupId);
  return (
    <li className="order-row" data-testid="customer-order" data-channel={order.channel} data-order-id={order.orderId}>
      <button type="button" className="order-summary ghost" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className={`badge channel-${order.channel}`} data-testid="order-channel">
          {CHANNEL_LABEL[order.channel]}
        </span>
        <span className="mono">{order.orderNumber}</span>
        <span>{formatDate(order.placedAt)}</span>
        <span className="muted">{fulfilmentText(order)}</span>
        <span className={`order-status status-${order.status}`} data-testid="order-status">
          {orderStatusText(order)}
        </span>
        <span className="num">{formatMoney(order.totals.total)}</span>
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
                  <td className="num">{formatMoney(l.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">
            Paid: {order.tenders.map((t) => (t.type === 'card' ? `${t.brand} •••• ${t.last4}` : t.type.replace('-', ' ')) + ` ${formatMoney(t.amount)}`).join(', ')}
          </p>
          {pickupId !== null && pickup && (
            <button type="button" data-testid="order-open-pickup" onClick={() => openPickup(pickupId)}>
              Open the pickup
            </button>
          )}
        </div>
      )}
    </li>
  );
}

export function ProfileOrders({ orders }: { orders: OrderDoc[] }): React.JSX.Element {
  return (
    <section className="profile-orders card" aria-label="Orders" data-testid="profile-orders">
      <h2>Orders, every channel</h2>
      {orders.length === 0 ? (
        <p className="muted">No orders yet.</p>
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
