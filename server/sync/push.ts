/**
 * Push: a device's changed documents with the master state it assumed. Applied in one transaction:
 * - a row whose new state already equals the master is a no-op, so a push retried after a dropped response
 *   is applied once;
 * - a row whose assumed state matches the master (or is absent for a new document) is written with a new
 *   server revision;
 * - any other row is a conflict: its current master state goes back to the device, which resolves it and
 *   pushes again (RxDB's protocol).
 * Devices can only write collections marked writer 'device', only within their own store, and every write
 * records the device (and the staff member, which the documents carry).
 */
import type { Db } from '../db/db';
import type { CollectionName } from '../../shared/schemas/collections';
import { COLLECTIONS } from '../../shared/schemas/collections';
import type { DeviceInfo, PushRow } from '../../shared/sync';
import { AisleError, type FieldIssue } from '../../shared/errors';
import { sameDocState } from '../../shared/canonical';
import { readDocs, writeDocs, type DocWrite } from './revisions';
import { scopeFor } from './pull';
import { stripBookkeeping, validateDoc } from './validate';
import { DOMAIN_MERGES } from './merges';
import { attributionChecker, withAttribution } from '../staff/sessions';

/** Device-written collections whose documents carry a staffId the server checks. */
const ATTRIBUTED: ReadonlySet<CollectionName> = new Set(['notes']);

type Doc = Record<string, unknown>;

/** Parses and validates a push body; throws VALIDATION_FAILED listing every bad field, before anything is stored. */
export function parsePushBody(collection: CollectionName, body: unknown, device: DeviceInfo): PushRow<Doc>[] {
  if (!Array.isArray(body)) throw new AisleError('VALIDATION_FAILED', 'push body must be an array of {newDocumentState, assumedMasterState}', [{ path: '/', message: 'must be an array' }]);
  if (body.length > 1000) throw new AisleError('VALIDATION_FAILED', 'push batches are limited to 1000 rows', [{ path: '/', message: 'too many rows' }]);
  const problems: FieldIssue[] = [];
  const rows: PushRow<Doc>[] = [];
  const primary = COLLECTIONS[collection].schema.primaryKey;
  const seen = new Set<string>();
  body.forEach((row: unknown, i) => {
    if (typeof row !== 'object' || row === null) {
      problems.push({ path: `/${i}`, message: 'must be an object' });
      return;
    }
    const r = row as Record<string, unknown>;
    const next = r['newDocumentState'];
    const assumed = r['assumedMasterState'];
    const issues = validateDoc(collection, next, `/${i}/newDocumentState`);
    if (assumed !== undefined && assumed !== null && (typeof assumed !== 'object' || Array.isArray(assumed))) {
      issues.push({ path: `/${i}/assumedMasterState`, message: 'must be an object or null' });
    }
    if (issues.length > 0) {
      problems.push(...issues);
      return;
    }
    const doc = stripBookkeeping(next as Doc);
    const id = doc[primary];
    if (typeof id !== 'string') {
      problems.push({ path: `/${i}/newDocumentState/${primary}`, message: 'must be a string' });
      return;
    }
    if (seen.has(id)) problems.push({ path: `/${i}/newDocumentState/${primary}`, message: `document ${id} appears twice in one push` });
    seen.add(id);
    if (COLLECTIONS[collection].scope === 'store' && doc['storeId'] !== device.storeId) {
      problems.push({ path: `/${i}/newDocumentState/storeId`, message: `must be this device's store (${device.storeId})` });
    }
    rows.push({ newDocumentState: { ...doc, _deleted: doc['_deleted'] === true }, assumedMasterState: (assumed as (Doc & { _deleted: boolean }) | null | undefined) ?? null });
  });
  if (problems.length > 0) throw new AisleError('VALIDATION_FAILED', `${problems.length} invalid field(s) in push to ${collection}; nothing was stored`, problems);
  return rows;
}

export async function pushDocs(db: Db, collection: CollectionName, device: DeviceInfo, rows: PushRow<Doc>[], staffField = 'staffId', now: () => Date = () => new Date()): Promise<(Doc & { _deleted: boolean })[]> {
  const spec = COLLECTIONS[collection];
  if (spec.writer !== 'device') throw new AisleError('FORBIDDEN', `${collection} is owned by the central catalog; devices cannot write it`);
  if (!spec.roles.includes(device.role)) throw new AisleError('FORBIDDEN', `a ${device.role} device cannot write ${collection}`);
  const primary = spec.schema.primaryKey;
  const scope = scopeFor(collection, device);
  return db.transaction(async (tx) => {
    const ids = rows.map((r) => String(r.newDocumentState[primary]));
    const masters = await readDocs(tx, collection, ids, true);
    const domain = DOMAIN_MERGES[collection];
    if (domain) {
      // Collections with a domain merge (server/sync/merges.ts) resolve differing masters instead of refusing them.
      for (const [id, stored] of masters) if (stored.scope !== scope) throw new AisleError('FORBIDDEN', `document ${id} belongs to another store`);
      return domain.push(tx, device, rows, masters, now());
    }
    const conflicts: (Doc & { _deleted: boolean })[] = [];
    const writes: DocWrite[] = [];
    // Collections whose documents say who wrote them (notes): checked like pickup events (server/staff/sessions.ts).
    const attribution = ATTRIBUTED.has(collection) ? attributionChecker(tx, device) : null;
    for (const row of rows) {
      const id = String(row.newDocumentState[primary]);
      const stored = masters.get(id);
      if (stored && stored.scope !== scope) {
        // Another store's document with the same id: never reveal it, never overwrite it.
        throw new AisleError('FORBIDDEN', `document ${id} belongs to another store`);
      }
      const master = stored ? { ...stored.data, _deleted: stored.deleted } : null;
      const next = row.newDocumentState;
      if (master && sameDocState(master, next)) continue; // already applied (a retried push)
      const assumed = row.assumedMasterState ?? null;
      // A document the server has never had is accepted whatever the device assumed.
      if (master !== null && (assumed === null || !sameDocState(master, assumed))) {
        conflicts.push(master);
        continue;
      }
      const { _deleted, ...pushed } = next;
      let data: Doc = pushed;
      if (attribution) {
        const marked = withAttribution(data, await attribution.check(data, `${collection} ${id}`));
        // Marked signed in offline by the server: the device adopts the marked document (sent back as a conflict).
        if (!sameDocState({ ...marked, _deleted }, next)) conflicts.push({ ...marked, _deleted });
        data = marked;
      }
      writes.push({ id, scope, data, deleted: _deleted });
    }
    const by = writes.length > 0 ? `${device.deviceId}${typeof writes[0]?.data[staffField] === 'string' ? `/${String(writes[0].data[staffField])}` : ''}` : null;
    await writeDocs(tx, collection, writes, by);
    return conflicts;
  });
}
