/**
 * Counter: the manager's pickup figures, live from this device's `pickups` (every pickup of the store) through
 * shared/pickup's pickupMetrics — the same function a report or a test uses, so the screen counts the same way.
 *
 * Who sees it: a signed-in manager. Anyone else (nobody signed in, or an associate) gets a line saying so: the
 * screen is for managers, and the pickup queue already shows everyone what is overdue.
 */
import { useMemo } from 'react';
import type { PickupDoc, PickupStatus } from '../../../shared/pickup/types';
import { pickupMetrics, type AgeBuckets, type QueueEntry } from '../../../shared/pickup/metrics';
import { useAllPickups } from '../../data/pickups';
import { useUi } from '../../state/ui';
import { useNow } from '../useNow';
import { FLAG_LABELS, formatMinutes, formatPct, relativeDue } from './managerFormat';
import { PinResetForm } from './PinResetForm';
import './manager.css';

const STATE_LABELS: Readonly<Record<PickupStatus, string>> = { placed: 'New', picking: 'Picking', ready: 'Ready for pickup', collected: 'Collected', cancelled: 'Cancelled', expired: 'Expired' };
const AGE_LABELS: readonly [keyof AgeBuckets, string][] = [
  ['under1h', '< 1 h'],
  ['under4h', '1–4 h'],
  ['under24h', '4–24 h'],
  ['older', '> 1 day'],
];

export function ManagerDashboard(): React.JSX.Element {
  const staff = useUi((s) => s.staff);
  if (staff?.role !== 'manager') {
    return (
      <section className="manager" data-testid="manager-signin-needed">
        <h1>Manager</h1>
        <p className="signin-to-see" role="note">
          {staff === null ? 'Sign in as a manager to see the pickup figures.' : `This screen is for managers; ${staff.name} is signed in as an associate. A manager can sign in here.`}
        </p>
      </section>
    );
  }
  return <ManagerFigures />;
}

function ManagerFigures(): React.JSX.Element {
  const docs = useAllPickups();
  const staff = useUi((s) => s.staff);
  const openPickup = useUi((s) => s.openPickup);
  // Ages and "overdue" move with the clock; a minute is the figures' resolution.
  const nowMs = useNow(30_000);
  const now = new Date(nowMs).toISOString();
  const metrics = useMemo(() => (docs ? pickupMetrics(docs, now) : null), [docs, now]);
  const byId = useMemo(() => new Map((docs ?? []).map((d) => [d.id, d])), [docs]);

  return (
    <section className="manager" data-testid="manager-dashboard" data-now={now}>
      <header className="manager-head">
        <div>
          <p className="eyebrow">For store managers</p>
          <h1>Pickups at a glance</h1>
        </div>
        <p className="muted manager-who" data-testid="manager-audience">
          {staff === null
            ? 'Read-only figures for this store. Sign in to act on an order.'
            : staff.role === 'manager'
              ? `Signed in as ${staff.name}, manager.`
              : `Signed in as ${staff.name}: these figures are for managers; you can open an order from here as usual.`}
        </p>
      </header>
      {metrics === null ? (
        <p className="muted">Loading pickups…</p>
      ) : (
        <>
          <div className="manager-queue">
            {(['placed', 'picking', 'ready'] as const).map((state) => (
              <article key={state} className={`manager-card queue-${state}`} data-testid={`queue-${state}`}>
                <h2>{STATE_LABELS[state]}</h2>
                <p className="figure" data-testid={`queue-${state}-count`}>
                  {metrics.queue[state].count}
                </p>
                <dl className="ages">
                  {AGE_LABELS.map(([key, label]) => (
                    <div key={key}>
                      <dt>{label}</dt>
                      <dd data-testid={`queue-${state}-${key}`}>{metrics.queue[state].ages[key]}</dd>
                    </div>
                  ))}
                </dl>
              </article>
            ))}
          </div>

          <div className="manager-throughput">
            <Figure label="Ready within promise" value={formatPct(metrics.readyWithinPromisePct)} testId="metric-ready-within-promise" raw={metrics.readyWithinPromisePct} />
            <Figure label="Median time to ready" value={formatMinutes(metrics.medianMinutesToReady)} testId="metric-median-to-ready" raw={metrics.medianMinutesToReady} />
            <Figure label="Collection rate" value={formatPct(metrics.collectionRatePct)} testId="metric-collection-rate" raw={metrics.collectionRatePct} />
            <Figure label="Expired (not collected)" value={String(metrics.expiries)} testId="metric-expiries" raw={metrics.expiries} />
            <Figure label="Collected" value={String(metrics.counts.collected)} testId="metric-collected" raw={metrics.counts.collected} />
            <Figure label="Cancelled" value={String(metrics.counts.cancelled)} testId="metric-cancelled" raw={metrics.counts.cancelled} />
          </div>

          <div className="manager-lists">
            <EntryList
              title="Overdue"
              hint="Not ready and past the promised ready time, oldest promise first."
              empty="Nothing overdue."
              testId="overdue"
              entries={metrics.overdue}
              describe={(doc) => (doc ? relativeDue(now, doc.promisedReadyAt, { future: 'due', past: 'promised' }) : '')}
              byId={byId}
              onOpen={openPickup}
            />
            <EntryList
              title="Expiring today"
              hint="Ready and not collected; the hold ends today. A reminder call may save the sale."
              empty="Nothing expires today."
              testId="expiring"
              entries={metrics.expiringToday}
              describe={(doc) => (doc ? relativeDue(now, doc.expiresAt, { future: 'expires', past: 'hold ended' }) : '')}
              byId={byId}
              onOpen={openPickup}
            />
            <section className="manager-card manager-list" data-testid="flagged" data-count={metrics.flagged.length}>
              <h2>
                Flagged for you <span className="count">{metrics.flagged.length}</span>
              </h2>
              <p className="muted hint">Conflicts from offline work that need a person.</p>
              {metrics.flagged.length === 0 ? (
                <p className="muted">No conflicts.</p>
              ) : (
                <ul>
                  {metrics.flagged.map((f) => (
                    <li key={f.id}>
                      <button type="button" className="entry" data-testid="flagged-row" data-pickup-id={f.id} data-flags={f.flags.join(' ')} onClick={() => openPickup(f.id)}>
                        <strong>Order {f.orderNumber}</strong>
                        {f.flags.map((flag) => (
                          <span key={flag} className="flag">
                            <b>{FLAG_LABELS[flag].title}.</b> {FLAG_LABELS[flag].action}
                          </span>
                        ))}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
        </>
      )}
      {staff !== null && <PinResetForm managerId={staff.id} />}
    </section>
  );
}

function Figure({ label, value, testId, raw }: { label: string; value: string; testId: string; raw: number | null }): React.JSX.Element {
  return (
    <article className="manager-card figure-card">
      <h2>{label}</h2>
      <p className="figure" data-testid={testId} data-value={raw === null ? '' : String(raw)}>
        {value}
      </p>
    </article>
  );
}

function EntryList(props: {
  title: string;
  hint: string;
  empty: string;
  testId: string;
  entries: readonly QueueEntry[];
  describe: (doc: PickupDoc | undefined) => string;
  byId: ReadonlyMap<string, PickupDoc>;
  onOpen: (id: string) => void;
}): React.JSX.Element {
  const { title, hint, empty, testId, entries, describe, byId, onOpen } = props;
  return (
    <section className="manager-card manager-list" data-testid={testId} data-count={entries.length}>
      <h2>
        {title} <span className="count">{entries.length}</span>
      </h2>
      <p className="muted hint">{hint}</p>
      {entries.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul>
          {entries.map((e) => (
            <li key={e.id}>
              <button type="button" className="entry" data-testid={`${testId}-row`} data-pickup-id={e.id} data-order-number={e.orderNumber} onClick={() => onOpen(e.id)}>
                <strong>Order {e.orderNumber}</strong>
                <span>
                  {STATE_LABELS[e.status]} · placed {formatMinutes(e.ageMinutes)} ago · {describe(byId.get(e.id))}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
