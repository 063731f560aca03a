/**
 * The customer messages of one pickup (ready, reminder, expired/cancelled): delivery status, attempts and the
 * last error from the server's outbox, and "Send again". Both need the server; offline says so plainly.
 */
import { useCallback, useEffect, useState } from 'react';
import type { PickupStatus } from '../../../shared/pickup/types';
import { useSession } from '../../data/context';
import { errorText } from '../../util/errorText';
import { fetchPickupMessages, resendPickupMessage, type PickupMessage } from '../../data/pickups';

const KIND_LABEL: Readonly<Record<string, string>> = { ready: 'Ready for pickup', reminder: 'Reminder', expired: 'Expired', cancelled: 'Cancelled' };


export function PickupMessages({ pickupId, status }: { pickupId: string; status: PickupStatus }): React.JSX.Element {
  const session = useSession();
  const [messages, setMessages] = useState<PickupMessage[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    fetchPickupMessages(session, pickupId).then(
      (list) => {
        setMessages(list);
        setProblem(null);
      },
      (error: unknown) => setProblem(`Message history needs the server: ${errorText(error)}`),
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
          setSent(`${KIND_LABEL[r.kind] ?? r.kind} message queued again.`);
          load();
        },
        (error: unknown) => setProblem(`Could not resend: ${errorText(error)}`),
      )
      .finally(() => setBusy(false));
  };

  return (
    <section className="pickup-messages" data-testid="pickup-messages" aria-label="Messages to the customer">
      <h2>Messages to the customer</h2>
      {messages !== null && messages.length === 0 && <p className="muted small">None sent yet.</p>}
      {messages !== null && messages.length > 0 && (
        <ul>
          {messages.map((m) => (
            <li key={m.id} data-testid="pickup-message" data-kind={m.kind} data-status={m.status}>
              <strong>{KIND_LABEL[m.kind] ?? m.kind}</strong> · {m.status === 'sent' ? `sent ${m.sentAt ? new Date(m.sentAt).toLocaleString() : ''}` : m.status === 'failed' ? `failed after ${m.attempts} attempts` : `waiting to send${m.attempts > 0 ? ` (attempt ${m.attempts + 1})` : ''}`}
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
          Refresh
        </button>
        {canResend && (
          <button type="button" data-testid="resend-message" disabled={busy} onClick={resend}>
            Send the message again
          </button>
        )}
      </div>
    </section>
  );
}
