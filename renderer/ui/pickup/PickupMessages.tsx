/**
 * The customer messages of one pickup (ready, reminder, expired/cancelled): delivery status, attempts and the
 * last error from the server's outbox, and "Send again". Both need the server; offline says so plainly.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PickupStatus } from '../../../shared/pickup/types';
import { useSession } from '../../data/context';
import { useErrorText } from '../errors/useErrorText';
import { fetchPickupMessages, resendPickupMessage, type PickupMessage } from '../../data/pickups';
import { usePickupWords } from './words';

const KINDS = { ready: 'k_ready', reminder: 'k_reminder', expired: 'k_expired', cancelled: 'k_cancelled' } as const;


export function PickupMessages({ pickupId, status }: { pickupId: string; status: PickupStatus }): React.JSX.Element {
  const errorText = useErrorText();
  const session = useSession();
  const [messages, setMessages] = useState<PickupMessage[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { t, dateTime } = usePickupWords();
  // load() is an effect dependency: it reads the current language through a ref instead of re-running on it.
  const tRef = useRef(t);
  tRef.current = t;
  const kindLabel = (kind: string): string => (Object.hasOwn(KINDS, kind) ? t(KINDS[kind as keyof typeof KINDS]) : kind);

  const load = useCallback(() => {
    fetchPickupMessages(session, pickupId).then(
      (list) => {
        setMessages(list);
        setProblem(null);
      },
      (error: unknown) => setProblem(tRef.current('msgNeedsServer', { error: errorText(error) })),
    );
  }, [session, pickupId]);

  // Reload when the status changes (a "ready" message is queued by the server once the push lands).
  useEffect(load, [load, status]);

  const canResend = status === 'ready' || status === 'cancelled' || status === 'expired';
  const resend = (): void => {
    setBusy(true);
    setSent(null);
    resendPickupMessage(session, pickupId)
      .then(
        (r) => {
          setSent(t('msgQueued', { kind: kindLabel(r.kind) }));
          load();
        },
        (error: unknown) => setProblem(t('msgResendFailed', { error: errorText(error) })),
      )
      .finally(() => setBusy(false));
  };

  return (
    <section className="pickup-messages" data-testid="pickup-messages" aria-label={t('msgTitle')}>
      <h2>{t('msgTitle')}</h2>
      {messages !== null && messages.length === 0 && <p className="muted small">{t('msgNone')}</p>}
      {messages !== null && messages.length > 0 && (
        <ul>
          {messages.map((m) => (
            <li key={m.id} data-testid="pickup-message" data-kind={m.kind} data-status={m.status}>
              <strong>{kindLabel(m.kind)}</strong> · {m.status === 'sent' ? t('msgSent', { when: m.sentAt ? dateTime(m.sentAt) : '' }) : m.status === 'failed' ? t('msgFailed', { count: m.attempts }) : m.attempts > 0 ? t('msgAttempt', { n: m.attempts + 1 }) : t('msgWaiting')}
              {m.lastError && <span className="warn small"> — {m.lastError}</span>}
            </li>
          ))}
        </ul>
      )}
      {problem && (
        <p className="muted small" role="status" data-testid="pickup-messages-problem">
          {problem}
        </p>
      )}
      {sent && (
        <p className="small" role="status">
          {sent}
        </p>
      )}
      <div className="row-actions">
        <button type="button" className="ghost" onClick={load}>
          {t('refresh')}
        </button>
        {canResend && (
          <button type="button" data-testid="resend-message" disabled={busy} onClick={resend}>
            {t('resend')}
          </button>
        )}
      </div>
    </section>
  );
}
