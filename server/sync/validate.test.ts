import { describe, expect, it } from 'vitest';
import { validateDoc } from './validate';
import { parseChangeNotice } from './changes';
import { noticeConcerns } from '../routes/sync';
import type { DeviceInfo } from '../../shared/sync';

const note = { id: 'n1', storeId: 'store-001', productId: 'p1', variantId: '', text: 'x', staffId: 's1', deviceId: 'd1', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };

describe('push validation uses the device schemas', () => {
  it('accepts a valid document with RxDB bookkeeping', () => {
    expect(validateDoc('notes', { ...note, _deleted: false, _meta: { lwt: 1 }, _rev: '1-x' })).toEqual([]);
  });

  it('lists every bad field with its path', () => {
    const issues = validateDoc('notes', { ...note, text: '', createdAt: 5, extra: true, storeId: undefined }, '/0/newDocumentState');
    const paths = issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['/0/newDocumentState/text', '/0/newDocumentState/createdAt', '/0/newDocumentState/extra', '/0/newDocumentState/storeId']));
  });

  it('refuses non-objects', () => {
    expect(validateDoc('notes', null)).toEqual([{ path: '/', message: 'must be an object' }]);
    expect(validateDoc('notes', [note])).toHaveLength(1);
  });

  it('validates money as integer minor units with an ISO currency', () => {
    const variant = { id: 'v', productId: 'p', sku: 'S', gtin: '', barcode: '', title: 't', optionValues: [], price: { amount: 19.99, currency: 'usd' }, compareAtPrice: null, image: null, position: 0, updatedAt: 'x' };
    const paths = validateDoc('variants', variant).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['/price/amount', '/price/currency']));
  });
});

describe('change notices', () => {
  const counter: DeviceInfo = { deviceId: 'd', deviceName: 'till', storeId: 'store-001', role: 'counter' };
  const kiosk: DeviceInfo = { ...counter, role: 'kiosk' };

  it('parses only well-formed payloads', () => {
    expect(parseChangeNotice('{"c":"variants","r":5,"s":[""]}')).toEqual({ c: 'variants', r: 5, s: [''] });
    expect(parseChangeNotice('{"c":"nope","r":5,"s":[]}')).toBeNull();
    expect(parseChangeNotice('not json')).toBeNull();
    expect(parseChangeNotice('{"c":"variants","r":"5","s":[]}')).toBeNull();
  });

  it('reach only devices that receive the collection in that scope', () => {
    expect(noticeConcerns({ c: 'variants', r: 1, s: [''] }, counter)).toBe(true);
    expect(noticeConcerns({ c: 'inventory', r: 1, s: ['store-002'] }, counter)).toBe(false);
    expect(noticeConcerns({ c: 'inventory', r: 1, s: ['store-001'] }, counter)).toBe(true);
    expect(noticeConcerns({ c: 'inventory', r: 1, s: ['*'] }, counter)).toBe(true);
    expect(noticeConcerns({ c: 'staff', r: 1, s: ['store-001'] }, kiosk)).toBe(false);
  });
});
