/**
 * Document migrations for each collection schema version (RxDB migrationStrategies, keyed by the version
 * they migrate *to*). The server applies the same function to documents pushed by older devices that it
 * still accepts. A unit test fails when a schema's version has no migration for every step.
 */
import type { CollectionName } from './collections';
import { PIN_KDF } from '../staff';

export type DocMigration = (oldDoc: Record<string, unknown>) => Record<string, unknown> | null;

export const MIGRATIONS: Readonly<Record<CollectionName, Readonly<Record<number, DocMigration>>>> = {
  stores: {},
  products: {},
  variants: {},
  inventory: {},
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
  notes: { 1: (oldDoc) => oldDoc },
  // 1: events may carry a staff session proof (auth) or signedInOffline; both optional, old events stay valid.
  pickups: { 1: (oldDoc) => oldDoc },
  // 1: slow salted code hash and an AEAD seal (shared/pickup/codes.ts). Old rows keep working as rows; their legacy
  // seal simply does not open (a plain "Welcome!") until the server's re-projection replaces them.
  pickupCodes: { 1: (oldDoc) => oldDoc },
  checkins: {},
};
