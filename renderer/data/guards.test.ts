import { describe, expect, it } from 'vitest';
import { AisleError } from '../../shared/errors';
import { productSchema, variantSchema, type ProductDoc } from '../../shared/schemas/collections';
import { parseEnrollResponse, parseErrorBody, parseNearbyStock, parsePullResponse, parsePushResponse, parseStreamEvent } from './guards';

const product = { id: 'p1', handle: 'h', title: 'T', brand: 'B', category: 'C', description: '', options: [], images: [], updatedAt: '2026-01-01T00:00:00Z' };

describe('response guards', () => {
  it('accepts a well-formed pull response and keeps deletions that carry only an id', () => {
    const parsed = parsePullResponse<ProductDoc>({ documents: [{ ...product, _deleted: false }, { id: 'p2', _deleted: true }], checkpoint: { rev: 42 }, remaining: 7 }, productSchema);
    expect(parsed.documents.map((d) => d.id)).toEqual(['p1', 'p2']);
    expect(parsed.checkpoint).toEqual({ rev: 42 });
    expect(parsed.remaining).toBe(7);
  });

  it.each([
    ['not an object', 'nope'],
    ['documents missing', { checkpoint: { rev: 1 }, remaining: 0 }],
    ['checkpoint missing', { documents: [], remaining: 0 }],
    ['rev not a number', { documents: [], checkpoint: { rev: '1' }, remaining: 0 }],
    ['remaining negative', { documents: [], checkpoint: { rev: 1 }, remaining: -1 }],
    ['a live doc missing a required field', { documents: [{ id: 'p1', _deleted: false, title: 'x' }], checkpoint: { rev: 1 }, remaining: 0 }],
    ['a doc without _deleted', { documents: [{ ...product }], checkpoint: { rev: 1 }, remaining: 0 }],
    ['a doc without an id', { documents: [{ ...product, id: 5, _deleted: false }], checkpoint: { rev: 1 }, remaining: 0 }],
  ])('refuses a pull response with %s', (_why, body) => {
    expect(() => parsePullResponse(body, productSchema)).toThrow(AisleError);
  });

  it('parses push conflicts as documents', () => {
    expect(parsePushResponse([], variantSchema)).toEqual([]);
    expect(() => parsePushResponse({}, variantSchema)).toThrow(/not an array/);
    expect(() => parsePushResponse([{ nope: 1 }], variantSchema)).toThrow(/conflict 0/);
  });

  it('parses the enrollment response and refuses an unknown role', () => {
    const ok = { deviceId: 'dev_1', token: 't', storeId: 'store-001', storeName: 'Boston', role: 'counter' };
    expect(parseEnrollResponse(ok)).toEqual(ok);
    expect(() => parseEnrollResponse({ ...ok, role: 'admin' })).toThrow(/role/);
    expect(() => parseEnrollResponse({ ...ok, token: '' })).toThrow(/token/);
  });

  it('reads error bodies and maps unknown codes to INTERNAL', () => {
    expect(parseErrorBody({ code: 'UNAUTHENTICATED', message: 'revoked' })).toEqual({ code: 'UNAUTHENTICATED', message: 'revoked', origin: 'server' });
    expect(parseErrorBody({ code: 'UNAUTHENTICATED', message: 'revoked', params: { revoked: true, need: 'boss' } })).toEqual({ code: 'UNAUTHENTICATED', message: 'revoked', origin: 'server', params: { revoked: true } });
    expect(parseErrorBody({ code: 'SOMETHING_NEW', message: 'm' })).toEqual({ code: 'INTERNAL', message: 'm' });
    expect(parseErrorBody('<html>')).toBeNull();
  });

  it('parses nearby stock rows', () => {
    const row = { storeId: 's2', storeName: 'Two', distanceKm: 3.2, available: 4, onHand: 5 };
    expect(parseNearbyStock([row])).toEqual([row]);
    expect(() => parseNearbyStock([{ ...row, available: '4' }])).toThrow(/numbers/);
  });

  it('parses stream events and ignores unknown ones', () => {
    expect(parseStreamEvent('{"type":"change","collection":"variants","rev":9}')).toEqual({ type: 'change', collection: 'variants', rev: 9 });
    expect(parseStreamEvent('{"type":"hello","serverTime":"t"}')).toEqual({ type: 'hello', serverTime: 't' });
    expect(parseStreamEvent('{"type":"change","collection":"secrets","rev":9}')).toBeNull();
    expect(parseStreamEvent('{"type":"future"}')).toBeNull();
    expect(parseStreamEvent('not json')).toBeNull();
  });
});
