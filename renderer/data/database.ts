/**
 * The device's local database: RxDB on Dexie (IndexedDB), one database per enrollment. The name comes from the
 * device id, so enrolling again starts from an empty database instead of mixing two stores' rows.
 * Only the collections the device's role receives are created (a kiosk has no staff and no notes).
 * Dev-mode is never added: it needs a validator and loads an iframe from the web.
 */
import { addRxPlugin, createRxDatabase, type RxCollection, type RxCollectionCreator, type RxDatabase } from 'rxdb/plugins/core';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import type { DeviceRole } from '../../shared/sync';
import { COLLECTIONS, COLLECTION_NAMES, type CollectionDocs, type CollectionName } from '../../shared/schemas/collections';
import { MIGRATIONS } from '../../shared/schemas/migrations';
import { pickupConflictHandler } from '../../shared/pickup/conflict';
import { returnConflictHandler } from '../../shared/returns/conflict';
import { AisleError } from '../../shared/errors';
import { deriveSealKey, SEALED_FIELDS, sealedStorage } from './sealedStorage';
import { databaseNameFor } from './databaseName';
import { addFirstStorage } from './addFirstStorage';

addRxPlugin(RxDBMigrationSchemaPlugin);

export type AisleCollections = { [K in CollectionName]?: RxCollection<CollectionDocs[K]> };
export type AisleDatabase = RxDatabase<AisleCollections>;

// In its own module (no RxDB) because the start-up path names the snapshot database before RxDB loads.
export { databaseNameFor } from './databaseName';

export function collectionsForRole(role: DeviceRole): CollectionName[] {
  return COLLECTION_NAMES.filter((name) => COLLECTIONS[name].roles.includes(role));
}


type AisleStorage = Parameters<typeof createRxDatabase<AisleCollections>>[0]['storage'];

/**
 * The collections whose first sync is written without reading each id first (addFirstStorage.ts): only the server
 * writes them. The sealed ones (customers, orders) keep the plain storage under their sealing.
 */
export const ADD_FIRST_COLLECTIONS: ReadonlySet<string> = new Set(COLLECTION_NAMES.filter((name) => COLLECTIONS[name].writer === 'server' && SEALED_FIELDS[name] === undefined));

/** The app's storage: RxDB's Dexie (IndexedDB), with the add-first write for server-written collections. */
export function deviceStorage(): AisleStorage {
  return addFirstStorage(getRxStorageDexie(), ADD_FIRST_COLLECTIONS);
}

/**
 * `storage` is Dexie (IndexedDB) in the app; Node integration tests pass RxDB's memory storage so the same
 * database and replication code runs against a real server without a browser.
 * `deviceSecret` (DesktopApi.deviceSecret) keys the sealing of personal data at rest (sealedStorage.ts); a role
 * that receives personal data cannot open without it.
 */
export async function openDatabase(deviceId: string, role: DeviceRole, storage: AisleStorage = deviceStorage(), deviceSecret?: Uint8Array): Promise<AisleDatabase> {
  const name = databaseNameFor(deviceId);
  const wanted = collectionsForRole(role);
  const sealing = wanted.some((c) => SEALED_FIELDS[c] !== undefined);
  if (sealing && !deviceSecret) throw new AisleError('INTERNAL', 'This device keeps personal data and needs its device secret to seal it; none was given.');
  const db: AisleDatabase = await createRxDatabase<AisleCollections>({
    name,
    storage: sealing && deviceSecret ? sealedStorage(storage, deriveSealKey(deviceSecret, name)) : storage,
    // One window owns the database; no cross-tab broadcast or leader election needed.
    multiInstance: false,
    eventReduce: true,
    closeDuplicates: true,
  });
  const creators: Record<string, RxCollectionCreator> = {};
  for (const name of wanted) {
    // structuredClone: RxDB annotates the schema object it is given; the shared constant must stay untouched.
    // RxDB's type only admits additionalProperties: false at the top level; the shared schemas never set it there.
    const { additionalProperties: _top, ...schema } = structuredClone(COLLECTIONS[name].schema);
    // RxDB's `encrypted` keyword, on the device only: the server stores and validates the plain documents.
    const sealed = SEALED_FIELDS[name];
    creators[name] = { schema: sealed ? { ...schema, encrypted: [...sealed] } : schema, migrationStrategies: { ...MIGRATIONS[name] } };
    // Pickups merge by event union (shared/pickup/merge.ts), the same rule the server applies on push; every
    // other collection keeps RxDB's default (the server's master state wins).
    if (name === 'pickups') creators[name].conflictHandler = pickupConflictHandler;
    // Returns are event logs too (shared/returns/merge.ts): the server's accepted/refunded/flagged events join the device's.
    if (name === 'returns') creators[name].conflictHandler = returnConflictHandler;
  }
  await db.addCollections(creators);
  return db;
}
