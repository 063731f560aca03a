/**
 * The sync protocol between a device and the central catalog: RxDB's replication protocol over HTTP.
 *
 * - Pull: GET  /api/v1/sync/:collection/pull?rev=<n>&limit=<m>  → PullResponse
 *   Rows come ordered by a server-assigned revision (`rev`), never by a client clock. The server
 *   serialises revision assignment with commit (see server/sync/revisions), so a pull never skips a row.
 * - Push: POST /api/v1/sync/:collection/push  body: PushRow[]  → PushResponse (the conflicts' master states)
 *   Applied in one transaction; a row whose new state already equals the master is a no-op (idempotent retry).
 * - Stream: GET /api/v1/sync/stream (Server-Sent Events) → StreamEvent; after a reconnect the device
 *   re-pulls every collection from its checkpoint (RxDB's RESYNC).
 * Every request carries `authorization: Bearer <device token>` and `x-aisle-schema: <SCHEMA_VERSION>`.
 */
import type { CollectionDocs, CollectionName } from './schemas/collections';
import { COLLECTIONS } from './schemas/collections';

export const API_PREFIX = '/api/v1';
export const SCHEMA_HEADER = 'x-aisle-schema';

/** Sum of the collection schema versions, bumped whenever any schema changes shape. */
export const SCHEMA_VERSION: number = Object.values(COLLECTIONS).reduce((sum, c) => sum + c.schema.version, 1);

export interface Checkpoint {
  /** The server revision of the last document delivered. */
  rev: number;
}

export type WithDeleted<T> = T & { _deleted: boolean };

export interface PullResponse<T> {
  documents: WithDeleted<T>[];
  checkpoint: Checkpoint;
  /** Rows with rev > checkpoint.rev still waiting for this device; lets the UI show first-sync progress. */
  remaining: number;
}

export interface PushRow<T> {
  newDocumentState: WithDeleted<T>;
  assumedMasterState?: WithDeleted<T> | null;
}

/** The master state of every row that conflicted; an empty array means all rows were applied. */
export type PushResponse<T> = WithDeleted<T>[];

export type StreamEvent =
  | { type: 'hello'; serverTime: string }
  | { type: 'change'; collection: CollectionName; rev: number }
  | { type: 'ping'; serverTime: string };

export const DEFAULT_PULL_LIMIT = 1000;
export const MAX_PULL_LIMIT = 5000;

export function syncPath(collection: CollectionName, op: 'pull' | 'push'): string {
  return `${API_PREFIX}/sync/${collection}/${op}`;
}

export type AnyDoc = CollectionDocs[CollectionName];

export interface EnrollRequest {
  code: string;
  deviceName: string;
}

export type DeviceRole = 'counter' | 'kiosk';

export interface EnrollResponse {
  deviceId: string;
  token: string;
  storeId: string;
  storeName: string;
  role: DeviceRole;
}

export interface DeviceInfo {
  deviceId: string;
  deviceName: string;
  storeId: string;
  role: DeviceRole;
}

export interface NearbyStock {
  storeId: string;
  storeName: string;
  distanceKm: number;
  available: number;
  onHand: number;
}
