/**
 * Guards for everything the catalog server sends: responses are parsed from `unknown`, never cast. A malformed
 * response becomes an AisleError('INTERNAL') with a message naming what was wrong, so a broken server shows up
 * as a sync error instead of corrupting the local database.
 */
import { AisleError, ERROR_PARAM_VALUES, isErrorCode, MAX_LISTED_ISSUES, type ErrorParams, type FieldIssue, type TransferableError } from '../../shared/errors';
import type { CollectionSchema } from '../../shared/schemas/jsonSchema';
import type { Checkpoint, EnrollResponse, NearbyStock, StreamEvent, WithDeleted } from '../../shared/sync';
import { isCollectionName } from '../../shared/schemas/collections';

// In renderer/util (no schema imports), so the start-up chunk can read snapshots without the collection schemas.
import { isRecord } from '../util/isRecord';

export { isRecord };

function malformed(what: string, why: string): never {
  throw new AisleError('INTERNAL', `malformed ${what} from the catalog server: ${why}`);
}

function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && values.some((v) => v === value);
}

/** The params a screen translates (shared/errors.ts ErrorParams); anything else in the body is ignored. */
function parseErrorParams(value: unknown): ErrorParams | undefined {
  if (!isRecord(value)) return undefined;
  const out: ErrorParams = {};
  if (isOneOf(ERROR_PARAM_VALUES.need, value['need'])) out.need = value['need'];
  if (isOneOf(ERROR_PARAM_VALUES.why, value['why'])) out.why = value['why'];
  if (value['revoked'] === true) out.revoked = true;
  return Object.keys(out).length > 0 ? out : undefined;
}

function parseFieldIssues(value: unknown): FieldIssue[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const issues: FieldIssue[] = [];
  for (const item of value.slice(0, MAX_LISTED_ISSUES)) {
    if (isRecord(item) && typeof item['path'] === 'string' && typeof item['message'] === 'string') issues.push({ path: item['path'].slice(0, 200), message: item['message'].slice(0, 500) });
  }
  return issues.length > 0 ? issues : undefined;
}

/**
 * The server's {code, message, details?, retryAfterSeconds?, params?} error body, or null when the body is something
 * else (a proxy's HTML page, say). A code this app knows is marked `origin: 'server'` so screens say it in their
 * language; an unknown code (a newer server) keeps only the server's English message, shown as it is.
 */
export function parseErrorBody(value: unknown): TransferableError | null {
  if (!isRecord(value)) return null;
  const code = value['code'];
  const message = value['message'];
  if (typeof code !== 'string' || typeof message !== 'string') return null;
  if (!isErrorCode(code)) return { code: 'INTERNAL', message };
  const out: TransferableError = { code, message, origin: 'server' };
  const details = parseFieldIssues(value['details']);
  if (details) out.details = details;
  const wait = value['retryAfterSeconds'];
  if (typeof wait === 'number' && Number.isFinite(wait) && wait >= 0) out.retryAfterSeconds = wait;
  const params = parseErrorParams(value['params']);
  if (params) out.params = params;
  return out;
}

export function parseEnrollResponse(value: unknown): EnrollResponse {
  if (!isRecord(value)) malformed('enrollment response', 'not an object');
  const { deviceId, token, storeId, storeName, role } = value;
  if (typeof deviceId !== 'string' || deviceId === '') malformed('enrollment response', 'deviceId');
  if (typeof token !== 'string' || token === '') malformed('enrollment response', 'token');
  if (typeof storeId !== 'string') malformed('enrollment response', 'storeId');
  if (typeof storeName !== 'string') malformed('enrollment response', 'storeName');
  if (role !== 'counter' && role !== 'kiosk') malformed('enrollment response', `role ${String(role)}`);
  return { deviceId, token, storeId, storeName, role };
}

/**
 * A replicated document: an object with a string primary key and a boolean _deleted; a live document must also
 * carry every field its schema requires (RxDB runs no validator in production, so this is the gate).
 */
export function isReplicatedDoc<T>(value: unknown, schema: CollectionSchema): value is WithDeleted<T> {
  if (!isRecord(value)) return false;
  if (typeof value[schema.primaryKey] !== 'string') return false;
  if (typeof value['_deleted'] !== 'boolean') return false;
  if (value['_deleted']) return true;
  return schema.required.every((field) => value[field] !== undefined);
}

export interface ParsedPull<T> {
  documents: WithDeleted<T>[];
  checkpoint: Checkpoint;
  remaining: number;
}

export function parsePullResponse<T>(value: unknown, schema: CollectionSchema): ParsedPull<T> {
  const what = `${schema.title} pull response`;
  if (!isRecord(value)) malformed(what, 'not an object');
  const { documents, checkpoint, remaining } = value;
  if (!Array.isArray(documents)) malformed(what, 'documents is not an array');
  if (!isRecord(checkpoint) || typeof checkpoint['rev'] !== 'number' || !Number.isFinite(checkpoint['rev'])) malformed(what, 'checkpoint.rev');
  if (typeof remaining !== 'number' || remaining < 0) malformed(what, 'remaining');
  const docs: WithDeleted<T>[] = [];
  for (const [i, doc] of documents.entries()) {
    if (!isReplicatedDoc<T>(doc, schema)) malformed(what, `document ${i} lacks required fields`);
    docs.push(doc);
  }
  return { documents: docs, checkpoint: { rev: checkpoint['rev'] }, remaining };
}

export function parsePushResponse<T>(value: unknown, schema: CollectionSchema): WithDeleted<T>[] {
  const what = `${schema.title} push response`;
  if (!Array.isArray(value)) malformed(what, 'not an array of conflicts');
  const out: WithDeleted<T>[] = [];
  for (const [i, doc] of value.entries()) {
    if (!isReplicatedDoc<T>(doc, schema)) malformed(what, `conflict ${i} is not a document`);
    out.push(doc);
  }
  return out;
}

export function parseNearbyStock(value: unknown): NearbyStock[] {
  if (!Array.isArray(value)) malformed('nearby stock', 'not an array');
  return value.map((row, i): NearbyStock => {
    if (!isRecord(row)) malformed('nearby stock', `row ${i}`);
    const { storeId, storeName, distanceKm, available, onHand } = row;
    if (typeof storeId !== 'string' || typeof storeName !== 'string') malformed('nearby stock', `row ${i} store`);
    if (typeof distanceKm !== 'number' || typeof available !== 'number' || typeof onHand !== 'number') malformed('nearby stock', `row ${i} numbers`);
    return { storeId, storeName, distanceKm, available, onHand };
  });
}

/** One SSE `data:` payload; unknown event types return null (newer servers may add some). */
export function parseStreamEvent(data: string): StreamEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  const type = value['type'];
  if (type === 'hello' || type === 'ping') {
    return typeof value['serverTime'] === 'string' ? { type, serverTime: value['serverTime'] } : null;
  }
  if (type === 'change') {
    const { collection, rev } = value;
    if (!isCollectionName(collection) || typeof rev !== 'number') return null;
    return { type, collection, rev };
  }
  return null;
}
