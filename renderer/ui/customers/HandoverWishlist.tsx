/**
 * At a pickup handover: the collecting customer's wishlist items that this store has in stock — the selling moment.
 * Shown to signed-in staff only (it is part of the customer's profile); nothing when the pickup's customer is not
 * among this store's customers on the device or nothing on the list is here.
 */
import { useEffect, useState } from 'react';
import { useSession } from '../../data/context';
import { customerIdForOrder, useCustomer } from '../../data/customers';
import { useStockHereMap } from '../../data/hooks';
import { useUi } from '../../state/ui';
import { background } from '../../util/background';
import { WishlistRow } from './ProfileWishlist';
import { useOpenCustomer } from './useOpenCustomer';
import { useErrorText } from '../errors/useErrorText';
import { useCustomerText } from './useCustomerText';
import './customers.css';

export function HandoverWishlist({ pickupId }: { pickupId: string }): React.JSX.Element | null {
  const errorText = useErrorText();
  const session = useSession();
  const staff = useUi((s) => s.staff);
  const [customerId, setCustomerId] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    background(
      customerIdForOrder(session, pickupId).then((id) => {
        if (current) setCustomerId(id);
      }),
      'pickup customer',
    );
    return () => {
      current = false;
    };
  }, [session, pickupId]);
  const customer = useCustomer(customerId);
  const ids = customer?.wishlist.map((w) => w.variantId) ?? [];
  const stock = useStockHereMap(ids);
  const open = useOpenCustomer();
  const { t } = useCustomerText();
  const [error, setError] = useState<string | null>(null);
  if (!staff || !customer || !stock) return null;
  const here = customer.wishlist.filter((w) => (stock.get(w.variantId)?.available ?? 0) > 0);
  if (here.length === 0) return null;
  return (
    <section className="handover-wishlist card" aria-label={t('handoverTitle', { name: customer.contact.firstName })} data-testid="handover-wishlist">
      <h2>
        {t('handoverTitle', { name: customer.contact.firstName })} <span className="muted">({here.length})</span>
      </h2>
      <ul className="wishlist">
        {here.map((w) => (
          <WishlistRow key={w.variantId} variantId={w.variantId} item={w} />
        ))}
      </ul>
      <button type="button" className="ghost" data-testid="handover-open-profile" onClick={() => void open.byId(customer.customerId, 'handover').catch((e: unknown) => setError(errorText(e)))}>
        {t('openProfile')}
      </button>
      {error && <p role="alert" className="form-error">{error}</p>}
    </section>
  );
}
