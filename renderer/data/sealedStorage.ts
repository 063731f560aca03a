/**
 * Personal data at rest on the device: an RxDB storage wrapper that seals the fields a collection's schema lists in
 * `encrypted` (RxDB's own schema keyword) with XChaCha20-Poly1305 (@noble/ciphers, audited) before they reach
 * IndexedDB, and opens them on the way back. It is the same shape as RxDB's open-source crypto-js plugin
 * (plugins/encryption-crypto-js), with an AEAD instead of AES-CBC and a key instead of a password, and it needs no
 * premium plugin.
 *
 * What must stay true:
 * - The key is derived from the desktop's device secret (DesktopApi.deviceSecret, kept by the OS keychain in
 *   Electron) and never stored by the renderer: IndexedDB holds only ciphertext for sealed fields.
 * - A document's sealed fields are sealed together, as one blob kept in the first of them (the others are absent in
 *   storage): one AEAD call per document, whose fixed cost dominates for small values. The blob is bound
 *   (associated data) to its collection and document id, so a ciphertext copied into another document fails to
 *   open instead of showing someone else's data.
 * - Sealed fields are never indexed or queried by the storage (they are ciphertext there); lookups by them go
 *   through an in-memory index built from the opened documents (customers.ts).
 * - RxDB's replication meta instance stores the master state of each document: RxDB marks its `docData`
 *   `encrypted` when the parent schema has sealed fields, so it is sealed by this wrapper too.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes } from '@noble/ciphers/utils.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { wrapRxStorageInstance, type RxStorage, type RxJsonSchema } from 'rxdb/plugins/core';
import { AisleError } from '../../shared/errors';
import type { CollectionName } from '../../shared/schemas/collections';

const NONCE_BYTES = 24;
const VERSION_PREFIX = 's1.';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** 32-byte key for one device database, from the device secret (HKDF-SHA256; the info string names the purpose). */
export function deriveSealKey(deviceSecret: Uint8Array, databaseName: string): Uint8Array {
  if (deviceSecret.length < 16) throw new AisleError('INTERNAL', 'the device secret is too short to derive a key from');
  return hkdf(sha256, deviceSecret, encoder.encode(databaseName), encoder.encode('aisle personal data at rest v1'), 32);
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Seals any JSON value; the result is `s1.<base64 of nonce ‖ ciphertext ‖ tag>`. */
export function sealValue(key: Uint8Array, value: unknown, aad: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const sealed = xchacha20poly1305(key, nonce, encoder.encode(aad)).encrypt(encoder.encode(JSON.stringify(value)));
  const out = new Uint8Array(NONCE_BYTES + sealed.length);
  out.set(nonce, 0);
  out.set(sealed, NONCE_BYTES);
  return VERSION_PREFIX + toBase64(out);
}

/** Opens a sealed value; throws when the key, the place (aad) or a single byte is wrong. */
export function openValue(key: Uint8Array, sealed: unknown, aad: string): unknown {
  if (typeof sealed !== 'string' || !sealed.startsWith(VERSION_PREFIX)) throw new AisleError('INTERNAL', `a sealed field (${aad}) is not sealed data`);
  const bytes = fromBase64(sealed.slice(VERSION_PREFIX.length));
  if (bytes.length < NONCE_BYTES + 16) throw new AisleError('INTERNAL', `a sealed field (${aad}) is truncated`);
  let plain: Uint8Array;
  try {
    plain = xchacha20poly1305(key, bytes.subarray(0, NONCE_BYTES), encoder.encode(aad)).decrypt(bytes.subarray(NONCE_BYTES));
  } catch {
    throw new AisleError('INTERNAL', `a sealed field (${aad}) does not open with this device's key`);
  }
  return JSON.parse(decoder.decode(plain)) as unknown;
}

type AnyStorage = RxStorage<unknown, unknown>;
type StorageParams = Parameters<AnyStorage['createStorageInstance']>[0];

/**
 * The schema the underlying storage sees: the sealed fields are gone except the first, which holds the one sealed
 * blob of all of them as a string; the `encrypted` list is gone too (base storages refuse it, RxDB error UT6).
 */
function schemaForStorage<T extends RxJsonSchema<never>>(schema: T, paths: readonly string[]): T {
  const copy = structuredClone(schema) as T & { encrypted?: string[]; required?: string[] };
  delete copy.encrypted;
  const properties = (copy as { properties: Record<string, unknown> }).properties;
  const [holder, ...rest] = paths;
  if (holder !== undefined) properties[holder] = { type: 'string' };
  for (const path of rest) delete properties[path];
  if (Array.isArray(copy.required)) copy.required = copy.required.filter((r) => !rest.includes(r));
  return copy;
}

/** Counts, for tests and the benchmark: how many values were sealed and opened. */
export const sealMetrics = { sealed: 0, opened: 0 };

/** `base` with field sealing for every collection whose schema lists `encrypted` fields; others pass through. */
export function sealedStorage<S extends AnyStorage>(base: S, key: Uint8Array): S {
  if (key.length !== 32) throw new AisleError('INTERNAL', 'the sealing key must be 32 bytes');
  const wrapped: AnyStorage = {
    ...base,
    async createStorageInstance(params: StorageParams) {
      const paths = (params.schema as { encrypted?: string[] }).encrypted ?? [];
      if (paths.length === 0) return base.createStorageInstance(params);
      // Top-level fields only: opening then never has to copy nested objects to avoid mutating the stored ones.
      if (paths.some((p) => p.includes('.'))) throw new AisleError('INTERNAL', `sealed fields must be top-level (${params.collectionName}: ${paths.join(', ')})`);
      const primary = params.schema.primaryKey;
      const primaryPath = typeof primary === 'string' ? primary : primary.key;
      const instance = await base.createStorageInstance({ ...params, schema: schemaForStorage(params.schema, paths) });
      // One blob per document, not one per field: each AEAD call has a fixed cost that dominates for small values.
      const [holder] = paths as [string, ...string[]];
      const place = (doc: Record<string, unknown>): string => `${params.collectionName}|${String(doc[primaryPath])}`;
      const toStorage = (docData: Record<string, unknown>): Record<string, unknown> => {
        const doc: Record<string, unknown> = { ...docData };
        const secret: Record<string, unknown> = {};
        let any = false;
        for (const path of paths) {
          if (doc[path] === undefined) continue;
          secret[path] = doc[path];
          delete doc[path];
          any = true;
        }
        if (any) {
          doc[holder] = sealValue(key, secret, place(doc));
          sealMetrics.sealed++;
        }
        return doc;
      };
      const fromStorage = (docData: Record<string, unknown>): Record<string, unknown> => {
        if (docData[holder] === undefined) return docData;
        const opened = openValue(key, docData[holder], place(docData));
        sealMetrics.opened++;
        return { ...docData, ...(opened as Record<string, unknown>) };
      };
      // RxDB's helper types its modifiers over RxDocumentData<any>; ours read and write plain records.
      return wrapRxStorageInstance(params.schema, instance, toStorage as never, fromStorage as never);
    },
  };
  return wrapped as S;
}

/**
 * What each collection seals on this device. Indexed fields (ids, loyaltyNumber, orderNumber, dates) stay plain so
 * lookups use the storage's indexes; everything that describes the person — contact details, consents, sizes,
 * wishlist, online activity and cart, spend, store credit, notes, what they bought and how they paid — is sealed.
 */
export const SEALED_FIELDS: Readonly<Partial<Record<CollectionName, readonly string[]>>> = {
  customers: ['contact', 'consents', 'preferences', 'wishlist', 'activity', 'cart', 'spend', 'storeCredit', 'notes', 'goesWith'],
  orders: ['lines', 'tenders', 'totals', 'fulfilments'],
  customerEvents: ['text'],
};
