import { describe, expect, it } from 'vitest';
import { parseStatusReport, parseStoreDevices } from './status';

const good = { appVersion: '0.1.0', lastSyncAt: null, pendingWrites: 0, lastError: null, reportedAt: '2026-12-01T09:00:00.000Z' };

describe('device status reports', () => {
  it('accepts a report and keeps only its fields', () => {
    expect(parseStatusReport(good)).toEqual({ ok: true, value: good });
    const withError = { ...good, lastError: { code: 'SERVER_UNREACHABLE', message: 'no answer' } };
    expect(parseStatusReport(withError)).toEqual({ ok: true, value: withError });
  });

  it('names every bad field', () => {
    const r = parseStatusReport({ appVersion: '', lastSyncAt: 'soon', pendingWrites: 1.5, lastError: { code: 1 }, reportedAt: null, x: 1, y: 2 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toEqual(['/appVersion', '/lastSyncAt', '/pendingWrites', '/lastError', '/reportedAt', '/x']);
    expect(r.issues.at(-1)?.message).toContain('1 more');
  });

  it('refuses NUL and lone surrogates in text that PostgreSQL stores', () => {
    expect(parseStatusReport({ ...good, appVersion: 'a\u0000' }).ok).toBe(false);
    expect(parseStatusReport({ ...good, lastError: { code: 'X', message: 'bad \uDC00 text' } }).ok).toBe(false);
    expect(parseStatusReport({ ...good, lastError: { code: 'X', message: 'emoji 😀 ok' } }).ok).toBe(true);
  });

  it('reads the store device list and refuses anything else', () => {
    const list = [{ id: 'dev_1', name: 'Counter', role: 'counter', createdAt: '2026-12-01T08:00:00.000Z', revoked: false, lastContactAt: null, status: good }];
    expect(parseStoreDevices(list)).toEqual(list);
    expect(() => parseStoreDevices([{ ...list[0], role: 'admin' }])).toThrow(/device list/);
    expect(() => parseStoreDevices({})).toThrow(/device list/);
  });
});
