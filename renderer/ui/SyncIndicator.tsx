/** Always on screen: online or offline, last sync, writes waiting to be sent, errors. */
import { useSyncStatus } from '../data/hooks';
import { useSyncWords } from './format';
import { useNow } from './useNow';
import { useI18n } from '../i18n';
import { shellMessages } from './shell.messages';

const LABELS = { idle: 'syncIdle', pulling: 'syncPulling', pushing: 'syncPushing', offline: 'syncOffline', error: 'syncError' } as const;

export function SyncIndicator(): React.JSX.Element {
  const { status, lastSyncedAt, pendingPushes } = useSyncStatus();
  const now = useNow();
  const { t } = useI18n(shellMessages);
  const { ago } = useSyncWords();
  const title = status.type === 'error' ? status.message : t('lastSynced', { when: ago(lastSyncedAt, now) });
  return (
    <div className={`sync-indicator sync-${status.type}`} data-testid="sync-indicator" data-status={status.type} data-pending={pendingPushes} title={title} role="status" aria-live="polite">
      <span className="dot" aria-hidden="true" />
      <span className="sync-label">{t(LABELS[status.type])}</span>
      <span className="sync-detail">{status.type === 'error' ? status.code : ago(lastSyncedAt, now)}</span>
      {pendingPushes > 0 && <span className="pending">{t('toSend', { count: pendingPushes })}</span>}
    </div>
  );
}
