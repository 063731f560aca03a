/**
 * Document migrations for each collection schema version (RxDB migrationStrategies, keyed by the version
 * they migrate *to*). The server applies the same function to documents pushed by older devices that it
 * still accepts. A unit test fails when a schema's version has no migration for every step.
 */
import type { CollectionName } from './collections';
import { PIN_KDF } from '../staff';
import { FALLBACK_LOCALE, localeDefaultsFor } from '../storeLocale';

export type DocMigration = (oldDoc: Record<string, unknown>) => Record<string, unknown> | null;

/** A version that changed only indexes: the documents stay as they are. */
const sameDocument: DocMigration = (oldDoc) => oldDoc;

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
  // v1: no gtin index; optional marketPrices (prices in other currencies) — older documents have none, meaning "only price".
  variants: { 1: sameDocument },
  // v1: no variantId index; optional shelf `location` — old rows are valid as they are (the next pull fills it in).
  inventory: { 1: sameDocument },
  staff: {
    // 1: PBKDF2 PIN hashes no longer replicate (a copied device database gave up 4-digit PINs in minutes). The
    // document keeps its salt and gains the scrypt parameters and a PIN version; the verifier moved to the
    // server (migration 005) and, per device, to a device-secret-keyed HMAC. Old PINs must be reset.
    1: (oldDoc) => {
      const { pinHash: _hash, pinIterations: _iterations, ...rest } = oldDoc;
      return { ...rest, pinKdf: { ...PIN_KDF }, pinVersion: 0 };
    },
  },
  // 1: notes may carry a staff session proof (auth) or signedInOffline; both optional.
  notes: { 1: sameDocument },
  // 1: events may carry a staff session proof (auth) or signedInOffline; both optional, old events stay valid.
  pickups: { 1: sameDocument },
  // 1: slow salted code hash and an AEAD seal (shared/pickup/codes.ts). Old rows keep working as rows; their legacy
  // seal simply does not open (a plain "Welcome!") until the server's re-projection replaces them.
  pickupCodes: { 1: sameDocument },
  checkins: {},
  reviews: {},
  customers: {},
  // 1: the order's signed receipt code (receiptCode, '' until the server rewrites the copy).
  orders: { 1: (doc) => ({ ...doc, receiptCode: typeof doc['receiptCode'] === 'string' ? doc['receiptCode'] : '' }) },
  // 1: events may carry a staff session proof (auth) or signedInOffline; both optional, old events stay valid.
  customerEvents: { 1: sameDocument },
  // 1: events may be `resolved` (a manager's resolution of a server flag: action, note); old events stay valid.
  returns: { 1: sameDocument },
};
