/** isQuotaExceeded (deviceError.ts) and toTransferable (stream.ts): a full disk however Dexie and RxDB wrap it. */
import { describe, expect, it } from 'vitest';
import { isQuotaExceeded } from './deviceError';
import { toTransferable } from './stream';

const quota = (): Error => Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });

describe('a full disk', () => {
  it('is recognised as thrown, as Dexie wraps it, and as RxDB reports a failed pull', () => {
    expect(isQuotaExceeded(quota())).toBe(true);
    expect(isQuotaExceeded({ name: 'AbortError', message: 'aborted', inner: quota() })).toBe(true);
    expect(isQuotaExceeded(new Error('write failed', { cause: quota() }))).toBe(true);
    expect(isQuotaExceeded({ code: 'RC_PULL', message: 'RxError (RC_PULL)', parameters: { errors: [{ name: 'QuotaExceededError', message: 'QuotaExceededError' }] } })).toBe(true);
    expect(isQuotaExceeded(new Error('QuotaExceededError'))).toBe(true);
  });

  it('is not any other failure, and a cycle of wrappers ends', () => {
    expect(isQuotaExceeded(new Error('ConstraintError'))).toBe(false);
    expect(isQuotaExceeded({ name: 'AbortError', inner: { name: 'UnknownError' } })).toBe(false);
    expect(isQuotaExceeded(null)).toBe(false);
    expect(isQuotaExceeded('QuotaExceededError')).toBe(false);
    const loop: { name: string; inner?: unknown } = { name: 'AbortError' };
    loop.inner = loop;
    expect(isQuotaExceeded(loop)).toBe(false);
  });

  it('becomes an error the screen words itself, keeping the name for logs', () => {
    const t = toTransferable({ name: 'AbortError', inner: quota() });
    expect(t).toMatchObject({ code: 'INTERNAL', say: { key: 'storageFull' } });
    expect(t.message).toContain('QuotaExceededError');
    expect(toTransferable(new Error('boom'))).toEqual({ code: 'INTERNAL', message: 'boom' });
  });
});
