/** Pure helpers for the customer screens: price change since a wishlist add, an order's status, the merged wishlist. */
import type { Money } from '../../../shared/money';
import type { OrderDoc, WishlistItem } from '../../../shared/customers/types';


export type PriceChange =
  | { kind: 'same' }
  | { kind: 'down' | 'up'; by: Money; percent: number }
  /** The currency changed (or the variant is gone): no honest comparison. */
  | { kind: 'unknown' };

/** The change from the price when added to the price now (minor units, same currency only). */
export function priceChange(whenAdded: Money, now: Money | null | undefined): PriceChange {
  if (!now || now.currency !== whenAdded.currency) return { kind: 'unknown' };
  const delta = now.amount - whenAdded.amount;
  if (delta === 0) return { kind: 'same' };
  const percent = whenAdded.amount === 0 ? 0 : Math.round((Math.abs(delta) / whenAdded.amount) * 100);
  return { kind: delta < 0 ? 'down' : 'up', by: { amount: Math.abs(delta), currency: now.currency }, percent };
}

export type OrderStatusKey = 'cancelled' | 'pickupPending' | 'pickupPicking' | 'preparing' | 'ready' | 'shipped' | 'boughtInStore' | 'delivered' | 'collected' | 'expired' | 'completed' | 'open';

/** What an order's fulfilments say, as one key of the `status` message: shipped, ready for pickup, bought in store… */
export function orderStatusKey(order: OrderDoc): OrderStatusKey {
  if (order.status === 'cancelled') return 'cancelled';
  const f = order.fulfilments[0];
  if (!f) return order.status === 'completed' ? 'completed' : 'open';
  switch (f.status) {
    case 'pending':
      return f.type === 'pickup' ? 'pickupPending' : 'preparing';
    case 'in-progress':
      return f.type === 'pickup' ? 'pickupPicking' : 'preparing';
    case 'ready':
      return 'ready';
    case 'shipped':
      return 'shipped';
    case 'delivered':
      return f.type === 'in-store' ? 'boughtInStore' : 'delivered';
    case 'collected':
      return 'collected';
    case 'cancelled':
      return 'cancelled';
    case 'expired':
      return 'expired';
  }
}

/** How an order reached the customer: shipped, picked up (BOPIS) or in store. */
export function fulfilmentKind(order: OrderDoc): 'pickup' | 'ship' | 'in-store' {
  const types = new Set(order.fulfilments.map((f) => f.type));
  if (types.has('pickup')) return 'pickup';
  if (types.has('ship')) return 'ship';
  return 'in-store';
}

/** The wishlist to show: the server's list plus this device's adds it has not taken yet, minus local removes. */
export function mergedWishlist(server: readonly WishlistItem[], pendingAdds: readonly string[], pendingRemoves: readonly string[]): { variantId: string; item: WishlistItem | null }[] {
  const removed = new Set(pendingRemoves);
  const out: { variantId: string; item: WishlistItem | null }[] = server.filter((w) => !removed.has(w.variantId)).map((item) => ({ variantId: item.variantId, item }));
  const have = new Set(out.map((w) => w.variantId));
  for (const v of pendingAdds) {
    if (have.has(v) || removed.has(v)) continue;
    have.add(v);
    out.push({ variantId: v, item: null });
  }
  return out;
}

