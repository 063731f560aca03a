/**
 * The kiosk's check-in screen, shown after a customer scans their pickup code: a greeting by first name (unsealed
 * here, in memory, from the kiosk's projection row with the scanned code), the order's state in their words, and
 * whether the team has been told, following the check-in live until the server resolves it. Goes back to the start
 * screen on "Done" or after a while without change, and forgets the code.
 */
import { useEffect, useMemo } from 'react';
import { openGreeting } from '../../../shared/pickup/codes';
import { useCheckin, usePickupCodeRow } from '../../data/checkins';
import { useSyncStatus } from '../../data/hooks';
import { checkinWords, greetingLine } from './checkinWords';
import { useI18n } from '../../i18n';
import { useErrorText } from '../errors/useErrorText';
import { checkinMessages } from './messages';
import './kiosk-checkin.css';

/** Long enough to read and walk away; restarted whenever what the screen says changes. */
export const CHECKIN_SCREEN_MS = 25_000;

export interface KioskCheckinProps {
  checkinId: string;
  codeHash: string;
  /** Derived from the scanned code: opens the greeting; held by the caller in memory only. */
  sealKey: Uint8Array;
  onDone: () => void;
}

export function KioskCheckin({ checkinId, codeHash, sealKey, onDone }: KioskCheckinProps): React.JSX.Element {
  const checkin = useCheckin(checkinId);
  const row = usePickupCodeRow(codeHash);
  const { online, status } = useSyncStatus();
  const errorText = useErrorText();
  const rateLimited = status.type === 'error' && status.code === 'RATE_LIMITED' ? errorText(status) : null;
  const { t } = useI18n(checkinMessages);
  // No greeting until the local read answers: "Welcome!" first and the name a moment later reads as a glitch.
  const greeting = useMemo(() => (row === undefined ? null : greetingLine(row ? openGreeting(row.sealedGreeting, sealKey, row.id) : null, t)), [row, sealKey, t]);
  // Until the local read answers (a few ms), say nothing rather than flash "looking up your order".
  const words = row === undefined ? { tone: 'waiting' as const, title: t('oneMoment'), detail: '', notice: null } : checkinWords({ row, result: checkin?.result ?? null, online, rateLimited }, t);
  const shownKey = `${words.title}|${words.notice ?? ''}`;

  useEffect(() => {
    const timer = setTimeout(onDone, CHECKIN_SCREEN_MS);
    return () => clearTimeout(timer);
  }, [onDone, shownKey]);

  return (
    <section className={`kiosk-checkin tone-${words.tone}`} data-testid="kiosk-checkin" data-result={checkin?.result ?? 'pending'} data-status={row?.status ?? ''} aria-live="polite">
      {greeting === null ? (
        <div className="kiosk-checkin-greeting" aria-hidden="true" />
      ) : (
        <h1 className="kiosk-checkin-greeting" data-testid="kiosk-greeting">
          {greeting}
        </h1>
      )}
      <p className="kiosk-checkin-title" data-testid="kiosk-checkin-status">
        {words.title}
      </p>
      <p className="kiosk-checkin-detail">{words.detail}</p>
      {words.notice !== null && (
        <p className="kiosk-checkin-notice" data-testid="kiosk-checkin-notice" role="status">
          {words.notice}
        </p>
      )}
      <button type="button" className="primary kiosk-checkin-done" data-testid="kiosk-checkin-done" onClick={onDone}>
        {t('done')}
      </button>
    </section>
  );
}
