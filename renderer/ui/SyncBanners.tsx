/** The offline banner, the first-sync progress bar, and problems that need a person (revoked device, old app). */
import { useState } from 'react';
import { useDataActions, useSyncStatus } from '../data/hooks';
import { getDesktopApi } from '../host/desktopApi';
import { useSyncWords } from './format';
import { useNow } from './useNow';
import { useI18n } from '../i18n';
import { shellMessages } from './shell.messages';
import { useErrorText } from './errors/useErrorText';

export function OfflineBanner(): React.JSX.Element | null {
  const { status, lastSyncedAt } = useSyncStatus();
  const now = useNow();
  const { t } = useI18n(shellMessages);
  const { ago } = useSyncWords();
  if (status.type !== 'offline') return null;
  return (
    <div className="banner banner-offline" data-testid="offline-banner" role="status">
      <strong>{t('offlineTitle')}</strong> {t('offlineText', { when: ago(lastSyncedAt, now) })}
    </div>
  );
}

export function FirstSyncProgress(): React.JSX.Element | null {
  const { firstSyncActive, firstSyncSaving, progress, status } = useSyncStatus();
  const { t } = useI18n(shellMessages);
  const { count: formatCount, collection } = useSyncWords();
  if (!firstSyncActive) return null;
  const received = progress.reduce((n, p) => n + p.received, 0);
  const total = progress.reduce((n, p) => n + p.received + (p.done ? 0 : p.remaining), 0);
  const pct = total === 0 ? 0 : Math.min(100, Math.round((received / total) * 100));
  return (
    <section className="first-sync" data-testid="first-sync-progress" aria-label={t('firstSyncLabel')}>
      <div className="first-sync-head">
        <strong>{t('firstSyncTitle')}</strong>
        <span className="muted" data-testid="first-sync-count">
          {status.type === 'offline' ? t('firstSyncWaiting') : firstSyncSaving ? t('firstSyncSaving', { received: formatCount(received) }) : t('firstSyncCount', { received: formatCount(received), total: total === 0 ? '…' : formatCount(total) })}
        </span>
      </div>
      {/* While saving, the bar is indeterminate: fetched is 100 %, but the data is not all searchable yet. */}
      {firstSyncSaving ? <progress aria-label={t('firstSyncLabel')} aria-valuetext={t('firstSyncSavingValue')} /> : <progress max={100} value={pct} aria-label={t('firstSyncLabel')} aria-valuetext={`${pct}%`} />}
      <ul className="first-sync-list">
        {progress.map((p) => (
          <li key={p.collection} data-collection={p.collection} data-received={p.received} data-remaining={p.remaining} className={p.done ? 'done' : ''}>
            <span>{collection(p.collection)}</span>
            <span>{p.done ? `✓ ${formatCount(p.received)}` : p.fetched ? t('firstSyncSaving', { received: formatCount(p.received) }) : `${formatCount(p.received)} / ${p.received + p.remaining === 0 ? '…' : formatCount(p.received + p.remaining)}`}</span>
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
  const { t } = useI18n(shellMessages);
  const errorText = useErrorText();
  if (status.type !== 'error') return null;
  const reenroll = status.code === 'UNAUTHENTICATED' || status.code === 'FORBIDDEN';
  const outdated = status.code === 'SCHEMA_OUTDATED';
  return (
    <div className="banner banner-error" role="alert" data-testid="sync-error" data-code={status.code}>
      <div>
        <strong>{outdated ? t('outdated') : reenroll ? t('revoked') : t('syncProblem')}</strong> {errorText(status)}
        {outdated && ` ${t('outdatedHint')}`}
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
          {t('enrollAgain')}
        </button>
      )}
    </div>
  );
}
