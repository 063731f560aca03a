/**
 * Counter: "customer waiting" — a banner under the header on every screen naming the order and the customer's first name as soon
 * as a kiosk check-in reaches this device (SSE change → pull of `pickups`; foldDoc's `customerWaiting`). It stays
 * until the pickup is collected (or otherwise finished) or an associate marks it seen; opening it goes to the
 * pickup. The nav's "N waiting" badge keeps counting after the banner is dismissed.
 */
import { useState } from 'react';
import type { PickupDoc } from '../../../shared/pickup/types';
import { useWaitingPickups } from '../../data/pickups';
import { useUi } from '../../state/ui';
import { useNow } from '../useNow';
import { useSyncWords } from '../format';
import { usePickupWords } from './words';
import './customer-waiting.css';

const SHOWN = 3;

/** The latest kiosk check-in of a pickup: its event id (what "seen" refers to) and time. */
export function latestCheckin(doc: PickupDoc): { eventId: string; at: string } | null {
  let latest: { eventId: string; at: string } | null = null;
  for (const e of doc.events) if (e.type === 'customer-checked-in' && (latest === null || e.at >= latest.at)) latest = { eventId: e.id, at: e.at };
  return latest;
}

export function CustomerWaiting(): React.JSX.Element | null {
  const waiting = useWaitingPickups();
  const screen = useUi((s) => s.screen);
  const openPickup = useUi((s) => s.openPickup);
  // The first name is personal data: shown to signed-in staff only.
  const signedIn = useUi((s) => s.staff !== null);
  const now = useNow(15_000);
  const { t } = usePickupWords();
  const { ago } = useSyncWords();
  // Seen check-ins, by event id: a later check-in of the same order (the customer scans again) shows again.
  const [seen, setSeen] = useState<ReadonlySet<string>>(new Set());
  const rows = waiting
    .map((doc) => ({ doc, checkin: latestCheckin(doc) }))
    .filter(({ doc, checkin }) => checkin !== null && !seen.has(checkin.eventId) && !(screen.name === 'pickup' && screen.pickupId === doc.id))
    .sort((a, b) => (a.checkin?.at ?? '').localeCompare(b.checkin?.at ?? ''));
  if (rows.length === 0) return null;
  return (
    <div className="customer-waiting-stack" role="region" aria-label={t('customersWaiting')}>
      {rows.slice(0, SHOWN).map(({ doc, checkin }) => (
        <div key={doc.id} className="customer-waiting" data-testid="customer-waiting" data-pickup-id={doc.id} role="alert">
          <span className="cw-dot" aria-hidden="true" />
          <span className="cw-text">
            <strong>{signedIn ? t('cwText', { name: doc.customer.firstName }) : t('cwTextAnon')}</strong>, {t('cwOrder', { order: doc.orderNumber, when: checkin ? ago(Date.parse(checkin.at), now) : '' })} ·{' '}
            {doc.status === 'ready' ? t('cwReady') : t('cwNotReady')}
          </span>
          <button type="button" className="cw-open" data-testid="customer-waiting-open" onClick={() => openPickup(doc.id)}>
            {t('open')}
          </button>
          <button type="button" className="cw-seen" data-testid="customer-waiting-seen" onClick={() => checkin && setSeen((s) => new Set([...s, checkin.eventId]))}>
            {t('seen')}
          </button>
        </div>
      ))}
      {rows.length > SHOWN && <p className="cw-more">{t('cwMore', { count: rows.length - SHOWN })}</p>}
    </div>
  );
}
