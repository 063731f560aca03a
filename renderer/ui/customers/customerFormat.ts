/** Pure helpers for the customer screens: price change since a wishlist add, channel and status words, dates. */
import type { Money } from '../../../shared/money';
import type { OrderChannel } from '../../../shared/orders/types';
import type { CustomerDoc, OrderDoc, WishlistItem } from '../../../shared/customers/types';

export const CHANNEL_LABEL: Readonly<Record<OrderChannel, string>> = { web: 'Web', app: 'App', store: 'Store' };
export const TIER_LABEL: Readonly<Record<CustomerDoc['tier'], string>> = { member: 'Member', silver: 'Silver', gold: 'Gold', platinum: 'Platinum' };

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

/** What an order's fulfilments say, in one phrase: "Shipped", "Ready for pickup", "Bought in store"… */
export function orderStatusText(order: OrderDoc): string {
  if (order.status === 'cancelled') return 'Cancelled';
  const f = order.fulfilments[0];
  if (!f) return order.status === 'completed' ? 'Completed' : 'Open';
  switch (f.status) {
    case 'pending':
      return f.type === 'pickup' ? 'Pickup: not started' : 'Being prepared';
    case 'in-progress':
      return f.type === 'pickup' ? 'Pickup: being picked' : 'Being prepared';
    case 'ready':
      return 'Ready for pickup';
    case 'shipped':
      return 'Shipped';
    case 'delivered':
      return f.type === 'in-store' ? 'Bought in store' : 'Delivered';
    case 'collected':
      return 'Collected';
    case 'cancelled':
      return 'Cancelled';
    case 'expired':
      return 'Pickup expired';
  }
}

/** How an order reached the customer, for the badge beside the channel: ship, pickup (BOPIS) or in store. */
export function fulfilmentText(order: OrderDoc): string {
  const types = new Set(order.fulfilments.map((f) => f.type));
  if (types.has('pickup')) return 'Pickup in store';
  if (types.has('ship')) return 'Shipped home';
  return 'In store';
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

export function formatDate(iso: string | null, locale = 'en-US'): string {
  if (iso === null) return '—';
  return new Date(iso).toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatDateTime(iso: string, locale = 'en-US'): string {
  return new Date(iso).toLocaleString(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
