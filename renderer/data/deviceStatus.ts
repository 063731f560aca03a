/**
 * Device status reports: every minute (and a few seconds after start) the replication layer tells the server
 * this device's app version, its last successful sync, how many local writes wait to be sent and the last error
 * it met, for the manager's Devices screen (shared/devices/status.ts). A report that cannot be sent is dropped:
 * the next one says the same, newer. Never blocks or fails anything else.
 */
import type { BehaviorSubject } from 'rxjs';
import { API_PREFIX } from '../../shared/sync';
import type { DeviceStatusReport } from '../../shared/devices/status';
import type { TransferableError } from '../../shared/errors';
import { authedJson, type ServerAuth } from './http';
import type { SyncState } from './syncStatus';
import { background } from '../util/background';

export const STATUS_REPORT_MS = 60_000;
export const FIRST_REPORT_MS = 3_000;

export function statusReport(state: SyncState, appVersion: string, lastError: TransferableError | null, now: Date): DeviceStatusReport {
  return {
    appVersion: appVersion.slice(0, 64) || 'unknown',
    lastSyncAt: state.lastSyncedAt === null ? null : new Date(state.lastSyncedAt).toISOString(),
    pendingWrites: state.pendingPushes,
    lastError: lastError ? { code: lastError.code.slice(0, 64), message: lastError.message.slice(0, 500) } : null,
    reportedAt: now.toISOString(),
  };
}

/** Starts the reports; returns the function that stops them. */
export function startStatusReports(auth: ServerAuth, state$: BehaviorSubject<SyncState>, appVersion: Promise<string>, intervalMs = STATUS_REPORT_MS): () => void {
  let lastError: TransferableError | null = null;
  const sub = state$.subscribe((s) => {
    if (s.error) lastError = s.error;
  });
  let stopped = false;
  const send = async (): Promise<void> => {
    const version = await appVersion.catch(() => 'unknown');
    if (stopped) return;
    const body = statusReport(state$.value, version, lastError, new Date());
    await authedJson(auth, `${API_PREFIX}/device/status`, { method: 'POST', body: JSON.stringify(body) }).catch(() => undefined);
  };
  const first = setTimeout(() => background(send(), 'device status report'), FIRST_REPORT_MS);
  const timer = setInterval(() => background(send(), 'device status report'), intervalMs);
  return () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(timer);
    sub.unsubscribe();
  };
}
