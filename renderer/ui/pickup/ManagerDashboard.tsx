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
import { minutesUntil } from './managerFormat';
import { PinResetForm } from './PinResetForm';
import { usePickupWords } from './words';
import { useI18n, type I18n, type MessageKey } from '../../i18n';
import { managerMessages } from './manager.messages';
import './manager.css';

const AGES: readonly (keyof AgeBuckets)[] = ['under1h', 'under4h', 'under24h', 'older'];
type Words = I18n<MessageKey<typeof managerMessages>> & { duration: (m: number | null) => string };
const stateLabel = (w: Words, s: PickupStatus): string => w.t(`s_${s}`);

export function ManagerDashboard(): React.JSX.Element {
  const staff = useUi((s) => s.staff);
  const { t } = useI18n(managerMessages);
  if (staff?.role !== 'manager') {
    return (
      <section className="manager" data-testid="manager-signin-needed">
        <h1>{t('managerHeading')}</h1>
        <p className="signin-to-see" role="note">
          {staff === null ? t('needManager') : t('notManager', { name: staff.name })}
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
  const { duration } = usePickupWords();
  const words: Words = { ...useI18n(managerMessages), duration };
  const { t } = words;
  const pct = (v: number | null): string => (v === null ? '—' : words.number(v / 100, { style: 'percent', maximumFractionDigits: 1 }));
  const rel = (due: string, future: 'dueIn' | 'expiresIn', past: 'promisedAgo' | 'holdEndedAgo'): string => {
    const m = minutesUntil(now, due);
    return m < 0 ? t(past, { duration: duration(-m) }) : t(future, { duration: duration(m) });
  };

  return (
    <section className="manager" data-testid="manager-dashboard" data-now={now}>
      <header className="manager-head">
        <div>
          <p className="eyebrow">{t('eyebrow')}</p>
          <h1>{t('title')}</h1>
        </div>
        <p className="muted manager-who" data-testid="manager-audience">
          {staff === null ? t('readOnly') : staff.role === 'manager' ? t('asManager', { name: staff.name }) : t('asAssociate', { name: staff.name })}
        </p>
      </header>
      {metrics === null ? (
        <p className="muted">{t('loading')}</p>
      ) : (
        <>
          <div className="manager-queue">
            {(['placed', 'picking', 'ready'] as const).map((state) => (
              <article key={state} className={`manager-card queue-${state}`} data-testid={`queue-${state}`}>
                <h2>{stateLabel(words, state)}</h2>
                <p className="figure" data-testid={`queue-${state}-count`}>
                  {metrics.queue[state].count}
                </p>
                <dl className="ages">
                  {AGES.map((key) => (
                    <div key={key}>
                      <dt>{t(`a_${key}`)}</dt>
                      <dd data-testid={`queue-${state}-${key}`}>{metrics.queue[state].ages[key]}</dd>
                    </div>
                  ))}
                </dl>
              </article>
            ))}
          </div>

          <div className="manager-throughput">
            <Figure label={t('readyWithinPromise')} value={pct(metrics.readyWithinPromisePct)} testId="metric-ready-within-promise" raw={metrics.readyWithinPromisePct} />
            <Figure label={t('medianToReady')} value={duration(metrics.medianMinutesToReady)} testId="metric-median-to-ready" raw={metrics.medianMinutesToReady} />
            <Figure label={t('collectionRate')} value={pct(metrics.collectionRatePct)} testId="metric-collection-rate" raw={metrics.collectionRatePct} />
            <Figure label={t('expiries')} value={words.number(metrics.expiries)} testId="metric-expiries" raw={metrics.expiries} />
            <Figure label={t('collected')} value={words.number(metrics.counts.collected)} testId="metric-collected" raw={metrics.counts.collected} />
            <Figure label={t('cancelled')} value={words.number(metrics.counts.cancelled)} testId="metric-cancelled" raw={metrics.counts.cancelled} />
          </div>

          <div className="manager-lists">
            <EntryList
              title={t('overdue')}
              hint={t('overdueHint')}
              empty={t('overdueEmpty')}
              testId="overdue"
              entries={metrics.overdue}
              describe={(doc) => (doc ? rel(doc.promisedReadyAt, 'dueIn', 'promisedAgo') : '')}
              words={words}
              byId={byId}
              onOpen={openPickup}
            />
            <EntryList
              title={t('expiring')}
              hint={t('expiringHint')}
              empty={t('expiringEmpty')}
              testId="expiring"
              entries={metrics.expiringToday}
              describe={(doc) => (doc ? rel(doc.expiresAt, 'expiresIn', 'holdEndedAgo') : '')}
              words={words}
              byId={byId}
              onOpen={openPickup}
            />
            <section className="manager-card manager-list" data-testid="flagged" data-count={metrics.flagged.length}>
              <h2>
                {t('flagged')} <span className="count">{metrics.flagged.length}</span>
              </h2>
              <p className="muted hint">{t('flaggedHint')}</p>
              {metrics.flagged.length === 0 ? (
                <p className="muted">{t('noConflicts')}</p>
              ) : (
                <ul>
                  {metrics.flagged.map((f) => (
                    <li key={f.id}>
                      <button type="button" className="entry" data-testid="flagged-row" data-pickup-id={f.id} data-flags={f.flags.join(' ')} onClick={() => openPickup(f.id)}>
                        <strong>{t('order', { number: f.orderNumber })}</strong>
                        {f.flags.map((flag) => (
                          <span key={flag} className="flag">
                            <b>{t(`f_${flag}`)}.</b> {t(`fa_${flag}`)}
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
  words: Words;
}): React.JSX.Element {
  const { title, hint, empty, testId, entries, describe, byId, onOpen, words } = props;
  const { t, duration } = words;
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
                <strong>{t('order', { number: e.orderNumber })}</strong>
                <span>
                  {t('entry', { state: stateLabel(words, e.status), duration: duration(e.ageMinutes), due: describe(byId.get(e.id)) })}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
