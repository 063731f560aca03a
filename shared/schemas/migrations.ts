/**
 * Document migrations for each collection schema version (RxDB migrationStrategies, keyed by the version
 * they migrate *to*). The server applies the same function to documents pushed by older devices that it
 * still accepts. A unit test fails when a schema's version has no migration for every step.
 */
import type { CollectionName } from './collections';

export type DocMigration = (oldDoc: Record<string, unknown>) => Record<string, unknown> | null;

/** A version that changed only indexes: the documents stay as they are. */
const sameDocument: DocMigration = (oldDoc) => oldDoc;

export const MIGRATIONS: Readonly<Record<CollectionName, Readonly<Record<number, DocMigration>>>> = {
  stores: {},
  products: {},
  variants: { 1: sameDocument },
  inventory: { 1: sameDocument },
  staff: {},
  notes: {},
  pickups: {},
  pickupCodes: {},
  checkins: {},
  customers: {},
  orders: {},
  customerEvents: {},
  reviews: {},
};
