/** Always on screen: online or offline, last sync, writes waiting to be sent, errors. */
import { useSyncStatus } from '../data/hooks';
import { formatAgo } from './format';
import { useNow } from './useNow';

const LABELS = { idle: 'Synced', pulling: 'Syncing…', pushing: 'Sending…', offline: 'Offline', error: 'Sync problem' } as const;

export function SyncIndicator(): React.JSX.Element {
  const { status, lastSyncedAt, pendingPushes } = useSyncStatus();
  const now = useNow();
  const title = status.type === 'error' ? status.message : `Last synced ${formatAgo(lastSyncedAt, now)}`;
  return (
    <div className={`sync-indicator sync-${status.type}`} data-testid="sync-indicator" data-status={status.type} data-pending={pendingPushes} title={title} role="status" aria-live="polite">
      <span className="dot" aria-hidden="true" />
      <span className="sync-label">{LABELS[status.type]}</span>
      <span className="sync-detail">{status.type === 'error' ? status.code : formatAgo(lastSyncedAt, now)}</span>
      {pendingPushes > 0 && <span className="pending">{pendingPushes} to send</span>}
    </div>
  );
}
