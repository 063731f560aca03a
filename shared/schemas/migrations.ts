/**
 * Document migrations for each collection schema version (RxDB migrationStrategies, keyed by the version
 * they migrate *to*). The server applies the same function to documents pushed by older devices that it
 * still accepts. A unit test fails when a schema's version has no migration for every step.
 */
import type { CollectionName } from './collections';
import { FALLBACK_LOCALE, localeDefaultsFor } from '../storeLocale';

export type DocMigration = (oldDoc: Record<string, unknown>) => Record<string, unknown> | null;

export const MIGRATIONS: Readonly<Record<CollectionName, Readonly<Record<number, DocMigration>>>> = {
  stores: {
    // v1: stores carry their locale and currency; older documents get their country's (else en-US / USD).
    1: (doc) => {
      const address: unknown = doc['address'];
      const country = typeof address === 'object' && address !== null && 'country' in address && typeof address.country === 'string' ? address.country : '';
      const defaults = localeDefaultsFor(country) ?? FALLBACK_LOCALE;
      return { ...doc, locale: typeof doc['locale'] === 'string' ? doc['locale'] : defaults.locale, currency: typeof doc['currency'] === 'string' ? doc['currency'] : defaults.currency };
    },
  },
  products: {},
  // v1: optional marketPrices (prices in other currencies); older documents have none, which means "only price".
  variants: { 1: (doc) => ({ ...doc }) },
  inventory: {},
  staff: {},
  notes: {},
  pickups: {},
  pickupCodes: {},
  checkins: {},
  customers: {},
  orders: {},
  customerEvents: {},
};
