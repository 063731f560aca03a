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
import { formatMinutes, minutesUntil, relativeDue } from './managerFormat';
import './pickup.css';

const STATUS_LABEL = { placed: 'New', picking: 'Picking', ready: 'Ready', collected: 'Collected', cancelled: 'Cancelled', expired: 'Expired' } as const;

export function PickupQueue(): React.JSX.Element {
  const all = useAllPickups();
  const now = new Date(useNow(30_000)).toISOString();
  const [find, setFind] = useState('');
  const openPickup = useUi((s) => s.openPickup);
  const signedIn = useUi((s) => s.staff !== null);
  const view = useMemo(() => buildQueue(all ?? [], now, find, signedIn), [all, now, find, signedIn]);

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
            <QueueItem key={r.doc.id} row={r} now={now} showCustomer={signedIn} onOpen={() => openPickup(r.doc.id)} />
          ))}
        </ul>
      )}
    </section>
  );

  return (
    <div className="pickup-queue" data-testid="pickup-queue">
      <div className="queue-head">
        <h1>Pickups</h1>
        <input
          type="search"
          className="queue-find"
          data-testid="pickup-find"
          aria-label="Find a pickup by order number, customer name or pickup code"
          placeholder="Order number, customer name or pickup code — or scan the customer's QR"
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
      {all === undefined && <p className="muted">Reading pickups on this device…</p>}
      {view.waiting.length > 0 && section('Customer waiting', view.waiting, 'queue-waiting', '', 'Checked in at the kiosk: serve these first.')}
      <div className="queue-columns">
        {section('New', view.placed, 'queue-placed', 'No new orders.')}
        {section('Picking', view.picking, 'queue-picking', 'Nothing being picked.')}
        {section('Ready on the shelf', view.ready, 'queue-ready', 'Nothing waiting for collection.')}
      </div>
      <div className="queue-columns two">
        {section('Overdue', view.overdue, 'queue-overdue', 'Nothing overdue.', 'Not ready and past the promised time.')}
        {section('Expiring today', view.expiringToday, 'queue-expiring', 'Nothing expires today.', 'Uncollected: the hold ends today and the stock goes back.')}
      </div>
      {view.recent.length > 0 && section('Finished in the last day', view.recent, 'queue-recent', '')}
    </div>
  );
}

/** Where customers' names and contact details would be, with nobody signed in. */
export function SignInToSee({ what = 'customers' }: { what?: string }): React.JSX.Element {
  return (
    <p className="signin-to-see" data-testid="signin-to-see" role="note">
      Sign in to see {what}: names and contact details are shown to signed-in staff only.
    </p>
  );
}

function QueueItem({ row, now, showCustomer, onOpen }: { row: QueueRow; now: string; showCustomer: boolean; onOpen: () => void }): React.JSX.Element {
  const { doc, state } = row;
  const age = formatMinutes(minutesUntil(doc.placedAt, now));
  let due = '';
  if (state.status === 'placed' || state.status === 'picking') due = relativeDue(now, doc.promisedReadyAt, { future: 'promised', past: 'promised' });
  else if (state.status === 'ready') due = `${state.location ? `at ${state.location} · ` : ''}${relativeDue(now, doc.expiresAt, { future: 'hold ends', past: 'hold ended' })}`;
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
          {doc.orderNumber} <span className={`status-chip ${state.status}`}>{STATUS_LABEL[state.status]}</span>
          {state.customerWaiting && <span className="waiting-chip">Customer waiting</span>}
          {state.flags.length > 0 && <span className="flag-chip">Needs a manager</span>}
        </span>
        <span className="queue-customer">
          {showCustomer ? `${doc.customer.firstName} ${doc.customer.lastName} · ` : ''}
          {doc.channel === 'web' ? 'Web' : 'App'} · {row.units} item{row.units === 1 ? '' : 's'}
        </span>
        <span className="queue-due muted small">
          placed {age} ago{due ? ` · ${due}` : ''}
        </span>
      </button>
    </li>
  );
}
