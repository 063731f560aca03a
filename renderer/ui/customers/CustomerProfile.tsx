/**
 * One customer at the counter: who, spend, orders from every channel, the wishlist with this store's stock, online
 * activity and cart, sizes, notes, "goes with". Counter role only, and only to a signed-in staff member: signed out,
 * the screen shows nothing about the person. Each opening shown to a staff member is recorded once (who, when,
 * which device, opened from what) in the local database first, so it is recorded offline too.
 */
import { useEffect, useRef } from 'react';
import type { ProfileSource } from '../../../shared/customers/types';
import { selectKey, useCustomerText } from './useCustomerText';
import { useSession } from '../../data/context';
import { useCustomerProfile } from '../../data/customers';
import { recordProfileView, usePendingCustomerEvents } from '../../data/customerEvents';
import { useUi } from '../../state/ui';
import { background } from '../../util/background';
import { mergedWishlist } from './customerFormat';
import { ProfileWho } from './ProfileWho';
import { ProfileOrders, ProfileSpend } from './ProfileOrders';
import { ProfileWishlist } from './ProfileWishlist';
import { GoesWith, ProfileActivity, ProfileNotes } from './ProfileExtras';
import './customers.css';

export function CustomerProfile({ customerId, source, openId }: { customerId: string; source: ProfileSource; openId: number }): React.JSX.Element {
  const staff = useUi((s) => s.staff);
  const openCustomers = useUi((s) => s.openCustomers);
  const { t } = useCustomerText();
  const back = (
    <button type="button" className="ghost" data-testid="back-to-customers" onClick={openCustomers}>
      {t('backToCustomers')}
    </button>
  );
  if (!staff) {
    return (
      <div className="customer-profile" data-testid="customer-profile-locked">
        {back}
        <p className="signin-needed" role="alert">
          {t('lockedProfile')}
        </p>
      </div>
    );
  }
  return <SignedInProfile key={`${customerId}:${openId}`} customerId={customerId} source={source} openId={openId} staffId={staff.id} back={back} />;
}

function SignedInProfile({ customerId, source, openId, staffId, back }: { customerId: string; source: ProfileSource; openId: number; staffId: string; back: React.JSX.Element }): React.JSX.Element {
  const session = useSession();
  const profile = useCustomerProfile(customerId);
  const pending = usePendingCustomerEvents(customerId);
  const { t } = useCustomerText();
  const recorded = useRef<string | null>(null);
  const found = profile !== undefined && profile !== null;
  useEffect(() => {
    // Once per opening and staff member; recorded when the profile is actually on screen.
    const key = `${openId}:${staffId}`;
    if (!found || recorded.current === key) return;
    recorded.current = key;
    background(recordProfileView(session, customerId, staffId, source), 'record profile view');
  }, [found, openId, staffId, session, customerId, source]);

  if (profile === undefined) return <div className="loading muted">{t('loading')}</div>;
  if (profile === null) {
    return (
      <div className="customer-profile">
        {back}
        <p role="alert" data-testid="customer-not-here">
          {t('notHere')}
        </p>
      </div>
    );
  }
  const { customer, orders } = profile;
  const adds = pending.filter((e) => e.kind === 'wishlist-add').map((e) => e.variantId);
  const removes = pending.filter((e) => e.kind === 'wishlist-remove').map((e) => e.variantId);
  return (
    <article className="customer-profile" data-testid="customer-profile" data-customer-id={customerId} data-from={profile.from}>
      <div className="profile-top">
        {back}
        <p className="eyebrow">
          {t('eyebrow', { sourceText: t('source', { source: selectKey(source) }) })}
          {profile.from === 'server' && t('fromServer')}
        </p>
      </div>
      <div className="profile-grid">
        <ProfileWho customer={customer} staffId={staffId} />
        <ProfileSpend customer={customer} />
        <ProfileWishlist items={mergedWishlist(customer.wishlist, adds, removes)} />
        <ProfileOrders orders={orders} />
        <ProfileActivity customer={customer} />
        <GoesWith customer={customer} staffId={staffId} />
        <ProfileNotes customer={customer} pending={pending} staffId={staffId} />
      </div>
    </article>
  );
}
