/**
 * The customer's one wishlist (web, app and store), each item with its stock in this store, the nearest other store
 * that has it (needs the server; said so offline), and the price change since it was added.
 */
import type { WishlistItem } from '../../../shared/customers/types';
import { formatMoney } from '../../../shared/money';
import { useNearbyStock, useStockHere, useVariant } from '../../data/hooks';
import { stockLabel } from '../stock';
import { CHANNEL_LABEL, formatDate, priceChange } from './customerFormat';

function NearestOther({ variantId }: { variantId: string }): React.JSX.Element {
  const nearby = useNearbyStock(variantId);
  if (nearby.state === 'offline') return <span className="muted">Other stores: offline</span>;
  if (nearby.state === 'loading') return <span className="muted">Other stores: …</span>;
  if (nearby.state === 'error') return <span className="muted">Other stores: {nearby.message}</span>;
  const nearest = nearby.stores.find((s) => s.available > 0);
  return (
    <span data-testid="wishlist-nearest">
      {nearest ? `${nearest.storeName} (${nearest.distanceKm} km): ${nearest.available}` : 'No other store has it'}
    </span>
  );
}

export function WishlistRow({ variantId, item }: { variantId: string; item: WishlistItem | null }): React.JSX.Element {
  const variant = useVariant(variantId);
  const stock = useStockHere(variantId);
  const label = stockLabel(stock);
  const change = item ? priceChange(item.priceWhenAdded, variant?.price) : null;
  return (
    <li className="wishlist-row" data-testid="wishlist-item" data-variant-id={variantId} data-in-stock={(stock?.available ?? 0) > 0} data-price-change={change?.kind ?? 'new'}>
      <div className="wishlist-title">
        <strong>{item?.title ?? variant?.title ?? variantId}</strong>
        <span className="muted mono">{item?.sku ?? variant?.sku ?? ''}</span>
        <small className="muted">
          {item ? `added ${formatDate(item.addedAt)} · ${item.storeId === '' ? CHANNEL_LABEL[item.channel] : 'in store'}` : 'added here just now · not synced yet'}
        </small>
      </div>
      <div className={`stock stock-${label.level}`} data-testid="wishlist-stock-here">
        <strong>Here:</strong> {label.text}
      </div>
      <NearestOther variantId={variantId} />
      <div className="wishlist-price" data-testid="wishlist-price">
        {variant ? formatMoney(variant.price) : '—'}
        {change?.kind === 'down' && (
          <span className="price-down" data-testid="price-drop">
            ↓ {formatMoney(change.by)} ({change.percent}%) since added
          </span>
        )}
        {change?.kind === 'up' && <span className="price-up">↑ {formatMoney(change.by)} since added</span>}
        {change?.kind === 'same' && <span className="muted">same as when added</span>}
      </div>
    </li>
  );
}

export function ProfileWishlist({ items }: { items: { variantId: string; item: WishlistItem | null }[] }): React.JSX.Element {
  return (
    <section className="profile-wishlist card" aria-label="Wishlist" data-testid="profile-wishlist">
      <h2>Wishlist</h2>
      {items.length === 0 ? (
        <p className="muted">Nothing on the wishlist.</p>
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
