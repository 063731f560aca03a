/**
 * Pushed documents are validated with the same JSON schemas the device's RxDB uses (shared/schemas), so a
 * document the server accepts is one every device can store. RxDB-only keywords are stripped before ajv sees them.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { COLLECTIONS, type CollectionName } from '../../shared/schemas/collections';
import type { CollectionSchema, JsonSchema } from '../../shared/schemas/jsonSchema';
import type { FieldIssue } from '../../shared/errors';

const RXDB_ONLY = new Set(['version', 'primaryKey', 'indexes', 'title', 'keyCompression', 'encrypted', 'attachments']);

function toAjvSchema(schema: CollectionSchema | JsonSchema, top: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (top && RXDB_ONLY.has(k)) continue;
    if (k === 'properties' && typeof v === 'object' && v !== null) {
      out[k] = Object.fromEntries(Object.entries(v as Record<string, JsonSchema>).map(([pk, pv]) => [pk, toAjvSchema(pv, false)]));
    } else if (k === 'items' && typeof v === 'object' && v !== null) {
      out[k] = toAjvSchema(v as JsonSchema, false);
    } else {
      out[k] = v;
    }
  }
  return out;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<CollectionName, ValidateFunction>();

function validatorFor(collection: CollectionName): ValidateFunction {
  let v = validators.get(collection);
  if (!v) {
    const schema = toAjvSchema(COLLECTIONS[collection].schema, true);
    // The replicated document carries _deleted next to its fields; nothing else is allowed.
    schema['properties'] = { ...(schema['properties'] as Record<string, unknown>), _deleted: { type: 'boolean' } };
    schema['additionalProperties'] = false;
    v = ajv.compile(schema);
    validators.set(collection, v);
  }
  return v;
}

function issues(errors: ErrorObject[] | null | undefined, prefix: string): FieldIssue[] {
  return (errors ?? []).map((e) => ({
    path: `${prefix}${e.instancePath}${e.keyword === 'required' || e.keyword === 'additionalProperties' ? `/${String(e.params['missingProperty'] ?? e.params['additionalProperty'] ?? '')}` : ''}`,
    message: e.message ?? e.keyword,
  }));
}

/** Returns the issues of one document (empty when valid). RxDB bookkeeping fields (_meta, _rev, _attachments) are ignored. */
export function validateDoc(collection: CollectionName, doc: unknown, prefix = ''): FieldIssue[] {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return [{ path: prefix || '/', message: 'must be an object' }];
  const clean = stripBookkeeping(doc as Record<string, unknown>);
  const validate = validatorFor(collection);
  return validate(clean) ? [] : issues(validate.errors, prefix);
}

export function stripBookkeeping(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (k === '_deleted' || !k.startsWith('_')) out[k] = v;
  return out;
}
