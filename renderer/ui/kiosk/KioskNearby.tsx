/**
 * For an item this store has none of: which nearby store has it, in customer words ("Available at Aisle
 * Providence Westminster, 65 km away" — miles for US stores, through the i18n distance formatter). Only store
 * names, distances and "has it" reach the screen: no counts, no internal status. Offline or on an error the
 * kiosk says to ask the team instead of showing a technical state.
 */
import type { NearbyStock } from '../../../shared/sync';
import { useNearbyStock } from '../../data/hooks';
import { useI18n } from '../../i18n';
import { kioskMessages } from './kiosk.messages';

/** The nearest stores that have it (at most `max`), nearest first. */
export function nearestWithStock(stores: readonly NearbyStock[], max = 2): NearbyStock[] {
  return stores.filter((s) => s.available > 0).sort((a, b) => a.distanceKm - b.distanceKm).slice(0, max);
}

export function KioskNearby({ variantId }: { variantId: string }): React.JSX.Element | null {
  const nearby = useNearbyStock(variantId);
  const i18n = useI18n(kioskMessages);
  const { t } = i18n;
  if (nearby.state === 'loading') return null;
  if (nearby.state !== 'ready') {
    return (
      <p className="kiosk-nearby" data-testid="kiosk-nearby" data-state={nearby.state}>
        {t('askTeam')}
      </p>
    );
  }
  const best = nearestWithStock(nearby.stores);
  if (best.length === 0) {
    return (
      <p className="kiosk-nearby" data-testid="kiosk-nearby" data-state="none">
        {t('notNearby')}
      </p>
    );
  }
  return (
    <div className="kiosk-nearby" data-testid="kiosk-nearby" data-state="ready">
      {best.map((s, i) => (
        <p key={s.storeId} className={i === 0 ? 'kiosk-nearby-first' : 'kiosk-nearby-also'} data-store-id={s.storeId}>
          {t(i === 0 ? 'availableAt' : 'alsoAt', { store: s.storeName, distance: i18n.distance(s.distanceKm) })}
        </p>
      ))}
    </div>
  );
}
