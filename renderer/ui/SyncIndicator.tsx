/** Always on screen: online or offline, last sync, writes waiting to be sent, errors. */
import { useSyncStatus } from '../data/hooks';
import { useSyncWords } from './format';
import { useNow } from './useNow';
import { useI18n } from '../i18n';
import { shellMessages } from './shell.messages';
import { useErrorText } from './errors/useErrorText';

const LABELS = { idle: 'syncIdle', pulling: 'syncPulling', pushing: 'syncPushing', offline: 'syncOffline', error: 'syncError' } as const;

export function SyncIndicator(): React.JSX.Element {
  const { status, lastSyncedAt, pendingPushes } = useSyncStatus();
  const now = useNow();
  const { t } = useI18n(shellMessages);
  const { ago } = useSyncWords();
  const errorText = useErrorText();
  const title = status.type === 'error' ? errorText(status) : t('lastSynced', { when: ago(lastSyncedAt, now) });
  return (
    <div className={`sync-indicator sync-${status.type}`} data-testid="sync-indicator" data-status={status.type} data-pending={pendingPushes} data-code={status.type === 'error' ? status.code : undefined} title={title} role="status" aria-live="polite">
      <span className="dot" aria-hidden="true" />
      <span className="sync-label">{t(LABELS[status.type])}</span>
      {/* The error's words are in the title and the banner; a raw code (UNAUTHENTICATED) is no text for a person. */}
      <span className="sync-detail">{ago(lastSyncedAt, now)}</span>
      {pendingPushes > 0 && <span className="pending">{t('toSend', { count: pendingPushes })}</span>}
    </div>
  );
}
