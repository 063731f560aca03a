/** "Return items" on an order of a customer's profile: starts a return from that order (not for cancelled orders). */
import type { OrderDoc } from '../../../shared/schemas/collections';
import { useUi } from '../../state/ui';
import { useReturnText } from './useReturnText';

export function ReturnItemsButton({ order }: { order: OrderDoc }): React.JSX.Element | null {
  const openReturns = useUi((s) => s.openReturns);
  const { t } = useReturnText();
  if (order.status === 'cancelled') return null;
  return (
    <button type="button" data-testid="order-return-items" onClick={() => openReturns(order.orderId)}>
      {t('findTitle')}
    </button>
  );
}
