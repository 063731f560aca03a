/**
 * Device status: what each device reports about itself to the server (POST /api/v1/device/status, from the
 * replication layer every minute) and what a store manager's Devices screen reads back (GET
 * /api/v1/store/devices). Parsed from `unknown` on both sides with the same functions.
 */
import type { DeviceRole } from '../sync';

export interface DeviceStatusReport {
  appVersion: string;
  /** The last successful pull or push (device clock), or null before the first one. */
  lastSyncAt: string | null;
  /** Local writes not yet answered by the server. */
  pendingWrites: number;
  lastError: { code: string; message: string } | null;
  /** When the device made this report (device clock). */
  reportedAt: string;
}

export interface StoreDevice {
  id: string;
  name: string;
  role: DeviceRole;
  createdAt: string;
  revoked: boolean;
  /** The server's clock: the last request the device made, or its last report, whichever is later. */
  lastContactAt: string | null;
  status: DeviceStatusReport | null;
}

export type Issue = { path: string; message: string };

const isoLike = (v: unknown): v is string => typeof v === 'string' && v.length <= 40 && !Number.isNaN(Date.parse(v));
// Printable text without NUL or lone surrogates: it is stored in PostgreSQL and shown to a manager.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const text = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max && !v.includes('\u0000') && !LONE_SURROGATE.test(v);

export function parseStatusReport(body: unknown): { ok: true; value: DeviceStatusReport } | { ok: false; issues: Issue[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, issues: [{ path: '/', message: 'must be an object' }] };
  const b = body as Record<string, unknown>;
  const issues: Issue[] = [];
  const { appVersion, lastSyncAt, pendingWrites, lastError, reportedAt } = b;
  if (!text(appVersion, 64) || appVersion === '') issues.push({ path: '/appVersion', message: 'must be text of 1–64 characters' });
  if (lastSyncAt !== null && !isoLike(lastSyncAt)) issues.push({ path: '/lastSyncAt', message: 'must be an ISO time or null' });
  if (typeof pendingWrites !== 'number' || !Number.isInteger(pendingWrites) || pendingWrites < 0 || pendingWrites > 1e9) issues.push({ path: '/pendingWrites', message: 'must be a whole number ≥ 0' });
  let error: DeviceStatusReport['lastError'] = null;
  if (lastError !== null) {
    const e = typeof lastError === 'object' && lastError !== null ? (lastError as Record<string, unknown>) : {};
    const { code, message } = e;
    if (text(code, 64) && text(message, 500)) error = { code, message };
    else issues.push({ path: '/lastError', message: 'must be null or {code, message} (text, at most 64 and 500 characters)' });
  }
  if (!isoLike(reportedAt)) issues.push({ path: '/reportedAt', message: 'must be an ISO time' });
  const extra = Object.keys(b).filter((k) => !['appVersion', 'lastSyncAt', 'pendingWrites', 'lastError', 'reportedAt'].includes(k));
  if (extra.length > 0) issues.push({ path: `/${extra[0]}`, message: `unknown field${extra.length > 1 ? ` (and ${extra.length - 1} more)` : ''}` });
  if (issues.length > 0 || !text(appVersion, 64) || (lastSyncAt !== null && !isoLike(lastSyncAt)) || typeof pendingWrites !== 'number' || !isoLike(reportedAt)) return { ok: false, issues };
  return { ok: true, value: { appVersion, lastSyncAt, pendingWrites, lastError: error, reportedAt } };
}

function isStoreDevice(v: unknown): v is StoreDevice {
  if (typeof v !== 'object' || v === null) return false;
  const d = v as Record<string, unknown>;
  if (typeof d['id'] !== 'string' || typeof d['name'] !== 'string' || (d['role'] !== 'counter' && d['role'] !== 'kiosk')) return false;
  if (typeof d['createdAt'] !== 'string' || typeof d['revoked'] !== 'boolean') return false;
  if (d['lastContactAt'] !== null && typeof d['lastContactAt'] !== 'string') return false;
  return d['status'] === null || parseStatusReport(d['status']).ok;
}

/** The store's device list as the server answers it; throws when the answer is not that. */
export function parseStoreDevices(body: unknown): StoreDevice[] {
  if (!Array.isArray(body) || !body.every(isStoreDevice)) throw new Error('the server answered the device list with something else than a device list');
  return body;
}
