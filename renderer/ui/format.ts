/**
 * Sync-state wording at the UI edge, in the store's language (the en-US-only helpers this file held are gone:
 * formats come from renderer/i18n).
 */
import type { CollectionName } from '../../shared/schemas/collections';
import { useI18n } from '../i18n';
import { shellMessages } from './shell.messages';

const COLLECTION_KEYS = {
  stores: 'colStores',
  products: 'colProducts',
  variants: 'colVariants',
  inventory: 'colInventory',
  staff: 'colStaff',
  notes: 'colNotes',
  pickups: 'colPickups',
  pickupCodes: 'colPickupCodes',
  checkins: 'colCheckins',
  customers: 'colCustomers',
  orders: 'colOrders',
  customerEvents: 'colCustomerEvents',
  reviews: 'colReviews',
  returns: 'colReturns',
} as const satisfies Record<CollectionName, string>;

export interface SyncWords {
  /** "just now", "5 minutes ago"… or "not yet" before the first sync. */
  ago: (at: number | null, now: number) => string;
  /** 12,345 / 12 345 / 12.345 */
  count: (n: number) => string;
  /** A collection's name for people ("Stock", "Check-ins"). */
  collection: (name: string) => string;
}

/**
 * The `now` to word a past moment against. Screens tick `now` every 15 s (useNow), so a sync that ends between two
 * ticks is newer than `now`: worded against it, it read "Synced in 11 seconds". A moment that happened is never
 * in the future.
 */
export function notBefore(at: number, now: number): number {
  return Math.max(at, now);
}

export function useSyncWords(): SyncWords {
  const { t, relative, number } = useI18n(shellMessages);
  return {
    ago: (at, now) => (at === null ? t('notYet') : relative(at, notBefore(at, now))),
    count: (n) => number(n),
    collection: (name) => (Object.hasOwn(COLLECTION_KEYS, name) ? t(COLLECTION_KEYS[name as keyof typeof COLLECTION_KEYS]) : name),
  };
}
