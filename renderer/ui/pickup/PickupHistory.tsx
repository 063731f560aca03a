/** Who did what to a pickup, when and on which device: the event log, oldest first. */
import type { PickupDoc, PickupEvent } from '../../../shared/pickup/types';
import { sortEvents } from '../../../shared/pickup/lifecycle';
import { useStaffNames } from '../../data/pickups';
import { usePickupWords, type PickupWords } from './words';

function describe(e: PickupEvent, title: (lineId: string) => string, w: PickupWords): string {
  const { t } = w;
  switch (e.type) {
    case 'placed':
      return t('ev_placed', { channel: e.channel });
    case 'picking-started':
      return t('ev_picking');
    case 'line-picked':
      return t('ev_picked', { count: e.quantity, title: title(e.lineId) });
    case 'line-rejected':
      return e.note ? t('ev_rejectedNote', { count: e.quantity, title: title(e.lineId), reason: w.reason(e.reason), note: e.note }) : t('ev_rejected', { count: e.quantity, title: title(e.lineId), reason: w.reason(e.reason) });
    case 'staged':
      return t('ev_staged', { location: e.location });
    case 'customer-checked-in':
      return t('ev_checkin');
    case 'collected':
      return t('ev_collected', { name: e.collectedBy, proxy: e.relation === 'proxy' ? 'yes' : 'no', id: e.idChecked ? 'yes' : 'no' });
    case 'cancelled':
      return e.reason ? t('ev_cancelledReason', { by: e.by, reason: e.reason }) : t('ev_cancelled', { by: e.by });
    case 'expired':
      return t('ev_expired');
  }
}

export function PickupHistory({ doc }: { doc: PickupDoc }): React.JSX.Element {
  const names = useStaffNames();
  const words = usePickupWords();
  const { t, dateTime } = words;
  const title = (lineId: string): string => doc.lines.find((l) => l.id === lineId)?.title ?? lineId;
  const who = (e: PickupEvent): string => {
    if (e.staffId === 'system') return t('whoSystem');
    if (e.staffId.startsWith('channel:')) return e.deviceId === 'app' ? t('whoApp') : t('whoWeb');
    if (e.staffId === 'customer') return t('whoCustomer', { device: e.deviceId });
    return t('whoStaff', { name: names.get(e.staffId) ?? e.staffId, device: e.deviceId });
  };
  return (
    <details className="pickup-history" data-testid="pickup-history">
      <summary>{t('history', { count: doc.events.length })}</summary>
      <ol>
        {sortEvents(doc.events).map((e) => (
          <li key={e.id}>
            <span className="muted small">{dateTime(e.at)}</span> {describe(e, title, words)} <span className="muted small">· {who(e)}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}
