/** Who did what to a pickup, when and on which device: the event log, oldest first. */
import type { PickupDoc, PickupEvent } from '../../../shared/pickup/types';
import { sortEvents } from '../../../shared/pickup/lifecycle';
import { useStaffNames } from '../../data/pickups';

function describe(e: PickupEvent, title: (lineId: string) => string): string {
  switch (e.type) {
    case 'placed':
      return `Ordered on the ${e.channel === 'web' ? 'web shop' : 'app'}`;
    case 'picking-started':
      return 'Picking started';
    case 'line-picked':
      return `Picked ${e.quantity} × ${title(e.lineId)}`;
    case 'line-rejected':
      return `Rejected ${e.quantity} × ${title(e.lineId)}: ${e.reason.toLowerCase().replace(/_/g, ' ')}${e.note ? ` (${e.note})` : ''}`;
    case 'staged':
      return `Ready at ${e.location}`;
    case 'customer-checked-in':
      return 'Customer checked in at the kiosk';
    case 'collected':
      return `Handed over to ${e.collectedBy}${e.relation === 'proxy' ? ' (for the customer)' : ''}${e.idChecked ? ', ID checked' : ''}`;
    case 'cancelled':
      return `Cancelled by ${e.by === 'webshop' ? 'the web shop' : e.by}${e.reason ? `: ${e.reason}` : ''}`;
    case 'expired':
      return 'Expired: not collected in time';
  }
}

export function PickupHistory({ doc }: { doc: PickupDoc }): React.JSX.Element {
  const names = useStaffNames();
  const title = (lineId: string): string => doc.lines.find((l) => l.id === lineId)?.title ?? lineId;
  const who = (e: PickupEvent): string => {
    if (e.staffId === 'system') return 'Aisle';
    if (e.staffId.startsWith('channel:')) return e.deviceId === 'app' ? 'the app' : 'the web shop';
    if (e.staffId === 'customer') return `the customer, on ${e.deviceId}`;
    return `${names.get(e.staffId) ?? e.staffId} on ${e.deviceId}`;
  };
  return (
    <details className="pickup-history" data-testid="pickup-history">
      <summary>History ({doc.events.length})</summary>
      <ol>
        {sortEvents(doc.events).map((e) => (
          <li key={e.id}>
            <span className="muted small">{new Date(e.at).toLocaleString()}</span> {describe(e, title)} <span className="muted small">· {who(e)}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}
