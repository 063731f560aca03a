/**
 * The customer's one wishlist (web, app and store), each item with its stock in this store, the nearest other store
 * that has it (needs the server; said so offline), and the price change since it was added.
 */
import type { WishlistItem } from '../../../shared/customers/types';
import { useCustomerText } from './useCustomerText';
import { useNearbyStock, useStockHere, useVariant } from '../../data/hooks';
import { useErrorText } from '../errors/useErrorText';
import { stockLabel } from '../stock';
import { useI18n } from '../../i18n';
import { productMessages } from '../product.messages';
import { priceChange } from './customerFormat';

function NearestOther({ variantId }: { variantId: string }): React.JSX.Element {
  const nearby = useNearbyStock(variantId);
  const errorText = useErrorText();
  const { t, distance } = useCustomerText();
  if (nearby.state === 'offline') return <span className="muted">{t('otherStoresOffline')}</span>;
  if (nearby.state === 'loading') return <span className="muted">{t('otherStoresLoading')}</span>;
  if (nearby.state === 'error') return <span className="muted">{t('otherStoresError', { message: errorText(nearby.error) })}</span>;
  const nearest = nearby.stores.find((s) => s.available > 0);
  return (
    <span data-testid="wishlist-nearest">
      {nearest ? t('nearest', { store: nearest.storeName, distance: distance(nearest.distanceKm), count: nearest.available }) : t('noOtherStore')}
    </span>
  );
}

export function WishlistRow({ variantId, item }: { variantId: string; item: WishlistItem | null }): React.JSX.Element {
  const variant = useVariant(variantId);
  const { t, money, date } = useCustomerText();
  const stock = useStockHere(variantId);
  const { t: stockWords } = useI18n(productMessages);
  const label = stockLabel(stock, stockWords);
  const change = item ? priceChange(item.priceWhenAdded, variant?.price) : null;
  return (
    <li className="wishlist-row" data-testid="wishlist-item" data-variant-id={variantId} data-in-stock={(stock?.available ?? 0) > 0} data-price-change={change?.kind ?? 'new'}>
      <div className="wishlist-title">
        <strong>{item?.title ?? variant?.title ?? variantId}</strong>
        <span className="muted mono">{item?.sku ?? variant?.sku ?? ''}</span>
        <small className="muted">
          {item ? t('addedOn', { date: date(item.addedAt), where: item.storeId === '' ? t('channel', { channel: item.channel }) : t('inStore') }) : t('addedHereNow')}
        </small>
      </div>
      <div className={`stock stock-${label.level}`} data-testid="wishlist-stock-here">
        <strong>{t('here')}</strong> {label.text}
      </div>
      <NearestOther variantId={variantId} />
      <div className="wishlist-price" data-testid="wishlist-price">
        {variant ? money(variant.price) : '—'}
        {change?.kind === 'down' && (
          <span className="price-down" data-testid="price-drop">
            {t('priceDown', { by: money(change.by), percent: change.percent })}
          </span>
        )}
        {change?.kind === 'up' && <span className="price-up">{t('priceUp', { by: money(change.by) })}</span>}
        {change?.kind === 'same' && <span className="muted">{t('priceSame')}</span>}
      </div>
    </li>
  );
}

export function ProfileWishlist({ items }: { items: { variantId: string; item: WishlistItem | null }[] }): React.JSX.Element {
  const { t } = useCustomerText();
  return (
    <section className="profile-wishlist card" aria-label={t('wishlist')} data-testid="profile-wishlist">
      <h2>{t('wishlist')}</h2>
      {items.length === 0 ? (
        <p className="muted">{t('wishlistEmpty')}</p>
      ) : (
        <ul className="wishlist">
          {items.map((w) => (
            <WishlistRow key={w.variantId} variantId={w.variantId} item={w.item} />
          ))}
        </ul>
      )}
    </section>
  );
}
