import { describe, expect, it } from 'vitest';
import { AisleError } from '../../shared/errors';
import { toTransferableError, unwrapIpcResult } from './ipcResult';

describe('toTransferableError', () => {
  it('keeps an AisleError code and details', () => {
    const details = [{ path: '/role', message: 'bad' }];
    expect(toTransferableError(new AisleError('VALIDATION_FAILED', 'no', details))).toEqual({ code: 'VALIDATION_FAILED', message: 'no', details });
  });
  it('keeps a transferable object with one of our codes', () => {
    expect(toTransferableError({ code: 'CONFLICT', message: 'stale' })).toEqual({ code: 'CONFLICT', message: 'stale' });
  });
  it('never passes a foreign code through (ENOENT, EACCES ...)', () => {
    expect(toTransferableError({ code: 'ENOENT', message: 'gone' })).toEqual({ code: 'INTERNAL', message: 'gone' });
    expect(toTransferableError('boom')).toEqual({ code: 'INTERNAL', message: 'boom' });
  });
});

describe('unwrapIpcResult', () => {
  it('returns the value of an ok reply, including undefined and null', () => {
    expect(unwrapIpcResult({ ok: true, value: 3 }, 'c')).toBe(3);
    expect(unwrapIpcResult({ ok: true, value: null }, 'c')).toBeNull();
    expect(unwrapIpcResult({ ok: true, value: undefined }, 'c')).toBeUndefined();
  });
  it('throws the error of a failed reply as an AisleError with its code', () => {
    expect(() => unwrapIpcResult({ ok: false, error: { code: 'FORBIDDEN', message: 'no' } }, 'c')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }) as Error);
  });
  it.each([undefined, null, 'x', {}, { ok: true }, { ok: false, error: 'x' }, { ok: 'yes', value: 1 }])('refuses the malformed reply %j', (reply) => {
    expect(() => unwrapIpcResult(reply, 'aisle:getAppInfo')).toThrow('aisle:getAppInfo: malformed reply');
  });
});
