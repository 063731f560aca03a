/** The offline banner, the first-sync progress bar, and problems that need a person (revoked device, old app). */
import { useState } from 'react';
import { useDataActions, useSyncStatus } from '../data/hooks';
import { getDesktopApi } from '../host/desktopApi';
import { COLLECTION_LABELS, formatAgo, formatCount } from './format';
import { useNow } from './useNow';

export function OfflineBanner(): React.JSX.Element | null {
  const { status, lastSyncedAt } = useSyncStatus();
  const now = useNow();
  if (status.type !== 'offline') return null;
  return (
    <div className="banner banner-offline" data-testid="offline-banner" role="status">
      <strong>Offline.</strong> The catalog server can’t be reached. Search, prices and stock here keep working from this device’s copy (last synced {formatAgo(lastSyncedAt, now)}); changes are sent when the server is back.
    </div>
  );
}

export function FirstSyncProgress(): React.JSX.Element | null {
  const { firstSyncActive, firstSyncSaving, progress, status } = useSyncStatus();
  if (!firstSyncActive) return null;
  const received = progress.reduce((n, p) => n + p.received, 0);
  const total = progress.reduce((n, p) => n + p.received + (p.done ? 0 : p.remaining), 0);
  const pct = total === 0 ? 0 : Math.min(100, Math.round((received / total) * 100));
  return (
    <section className="first-sync" data-testid="first-sync-progress" aria-label="First sync progress">
      <div className="first-sync-head">
        <strong>Getting the catalog onto this device</strong>
        <span className="muted" data-testid="first-sync-count">
          {status.type === 'offline' ? 'waiting for the server…' : firstSyncSaving ? `saving ${formatCount(received)} on this device…` : `${formatCount(received)} of ${total === 0 ? '…' : formatCount(total)}`}
        </span>
      </div>
      {/* While saving, the bar is indeterminate: fetched is 100 %, but the data is not all searchable yet. */}
      {firstSyncSaving ? <progress aria-valuetext="saving on this device" /> : <progress max={100} value={pct} aria-valuetext={`${pct}%`} />}
      <ul className="first-sync-list">
        {progress.map((p) => (
          <li key={p.collection} data-collection={p.collection} data-received={p.received} data-remaining={p.remaining} className={p.done ? 'done' : ''}>
            <span>{COLLECTION_LABELS[p.collection] ?? p.collection}</span>
            <span>{p.done ? `✓ ${formatCount(p.received)}` : p.fetched ? `saving ${formatCount(p.received)}…` : `${formatCount(p.received)} / ${p.received + p.remaining === 0 ? '…' : formatCount(p.received + p.remaining)}`}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function SyncProblem({ onReset }: { onReset: () => Promise<void> }): React.JSX.Element | null {
  const { status } = useSyncStatus();
  const { resetDevice } = useDataActions();
  const [busy, setBusy] = useState(false);
  if (status.type !== 'error') return null;
  const reenroll = status.code === 'UNAUTHENTICATED' || status.code === 'FORBIDDEN';
  const outdated = status.code === 'SCHEMA_OUTDATED';
  return (
    <div className="banner banner-error" role="alert" data-testid="sync-error" data-code={status.code}>
      <div>
        <strong>{outdated ? 'This version of Aisle is outdated.' : reenroll ? 'This device is no longer authorised.' : 'Sync problem.'}</strong> {status.message}
        {outdated && ' Update the app to keep syncing; browsing this device’s copy still works.'}
      </div>
      {reenroll && (
        <button
          type="button"
          data-testid="reenroll"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            resetDevice(getDesktopApi())
              .then(onReset)
              .catch((e: unknown) => {
                console.error(e);
                setBusy(false);
              });
          }}
        >
          Enroll again
        </button>
      )}
    </div>
  );
}
