/**
 * The counter's pickup queue: customers waiting at the store, new orders, orders being picked, orders ready on
 * the shelf — with overdue (past the promised ready time) and expiring-today lists beside them. Live from the
 * local database, so it works offline and a web order appears as soon as sync brings it. Scanning a customer's
 * QR anywhere opens their pickup (Shell.tsx); the find box takes an order number, a name or a typed code.
 * With nobody signed in, no customer's name is shown or searched (personal data is for signed-in staff).
 */
import { useMemo, useState } from 'react';
import { useAllPickups } from '../../data/pickups';
import { useUi } from '../../state/ui';
import { useNow } from '../useNow';
import { buildQueue, type QueueRow } from './queue';
import { minutesUntil } from './managerFormat';
import { usePickupWords, type PickupWords } from './words';
import './pickup.css';


export function PickupQueue(): React.JSX.Element {
  const all = useAllPickups();
  const now = new Date(useNow(30_000)).toISOString();
  const [find, setFind] = useState('');
  const openPickup = useUi((s) => s.openPickup);
  const signedIn = useUi((s) => s.staff !== null);
  const view = useMemo(() => buildQueue(all ?? [], now, find, signedIn), [all, now, find, signedIn]);
  const words = usePickupWords();
  const { t } = words;

  const section = (title: string, rows: QueueRow[], testId: string, empty: string, hint?: string): React.JSX.Element => (
    <section className="queue-section" data-testid={testId} aria-label={title}>
      <h2>
        {title} <span className="count">{rows.length}</span>
      </h2>
      {hint && <p className="muted small">{hint}</p>}
      {rows.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <ul className="queue-list">
          {rows.map((r) => (
            <QueueItem key={r.doc.id} row={r} now={now} words={words} showCustomer={signedIn} onOpen={() => openPickup(r.doc.id)} />
          ))}
        </ul>
      )}
    </section>
  );

  return (
    <div className="pickup-queue" data-testid="pickup-queue">
      <div className="queue-head">
        <h1>{t('pickups')}</h1>
        <input
          type="search"
          className="queue-find"
          data-testid="pickup-find"
          aria-label={t('findLabel')}
          placeholder={t('findPlaceholder')}
          data-screen-focus=""
          value={find}
          onChange={(e) => setFind(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            const only = [...view.waiting, ...view.placed, ...view.picking, ...view.ready, ...view.recent];
            const first = only[0];
            if (first && new Set(only.map((r) => r.doc.id)).size === 1) openPickup(first.doc.id);
          }}
        />
      </div>
      {!signedIn && <SignInToSee />}
      {all === undefined && <p className="muted">{t('reading')}</p>}
      {view.waiting.length > 0 && section(t('secWaiting'), view.waiting, 'queue-waiting', '', t('secWaitingHint'))}
      <div className="queue-columns">
        {section(t('secNew'), view.placed, 'queue-placed', t('secNewEmpty'))}
        {section(t('secPicking'), view.picking, 'queue-picking', t('secPickingEmpty'))}
        {section(t('secReady'), view.ready, 'queue-ready', t('secReadyEmpty'))}
      </div>
      <div className="queue-columns two">
        {section(t('secOverdue'), view.overdue, 'queue-overdue', t('secOverdueEmpty'), t('secOverdueHint'))}
        {section(t('secExpiring'), view.expiringToday, 'queue-expiring', t('secExpiringEmpty'), t('secExpiringHint'))}
      </div>
      {view.recent.length > 0 && section(t('secRecent'), view.recent, 'queue-recent', '')}
    </div>
  );
}

/** Where customers' names and contact details would be, with nobody signed in. */
export function SignInToSee({ what = 'customers' }: { what?: 'customers' | 'customer' }): React.JSX.Element {
  const { t } = usePickupWords();
  return (
    <p className="signin-to-see" data-testid="signin-to-see" role="note">
      {t('signInToSee', { what })}
    </p>
  );
}

function QueueItem({ row, now, words, showCustomer, onOpen }: { row: QueueRow; now: string; words: PickupWords; showCustomer: boolean; onOpen: () => void }): React.JSX.Element {
  const { doc, state } = row;
  const { t, duration } = words;
  const age = duration(minutesUntil(doc.placedAt, now));
  const rel = (due: string, future: 'promisedIn' | 'holdEndsIn', past: 'promisedAgo' | 'holdEndedAgo'): string => {
    const m = minutesUntil(now, due);
    return m < 0 ? t(past, { duration: duration(-m) }) : t(future, { duration: duration(m) });
  };
  let due = '';
  if (state.status === 'placed' || state.status === 'picking') due = rel(doc.promisedReadyAt, 'promisedIn', 'promisedAgo');
  else if (state.status === 'ready') due = `${state.location ? `${t('atLocation', { location: state.location })} · ` : ''}${rel(doc.expiresAt, 'holdEndsIn', 'holdEndedAgo')}`;
  return (
    <li>
      <button
        type="button"
        className={`queue-row status-${state.status}${state.customerWaiting ? ' waiting' : ''}${row.overdue ? ' overdue' : ''}`}
        data-testid="pickup-row"
        data-pickup-id={doc.id}
        data-status={state.status}
        data-order-number={doc.orderNumber}
        onClick={onOpen}
      >
        <span className="queue-order">
          {doc.orderNumber} <span className={`status-chip ${state.status}`}>{t(`st_${state.status}`)}</span>
          {state.customerWaiting && <span className="waiting-chip">{t('waitingChip')}</span>}
          {state.flags.length > 0 && <span className="flag-chip">{t('flagChip')}</span>}
        </span>
        <span className="queue-customer">
          {showCustomer ? `${doc.customer.firstName} ${doc.customer.lastName} · ` : ''}
          {t('channel', { channel: doc.channel })} · {t('items', { count: row.units })}
        </span>
        <span className="queue-due muted small">
          {t('placedAgo', { duration: age })}
          {due ? ` · ${due}` : ''}
        </span>
      </button>
    </li>
  );
}
