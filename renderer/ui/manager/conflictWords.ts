/**
 * A conflict's sides in the store's language: shared/conflicts gives who each side is and what it did as data
 * (ConflictSideLabel, ConflictEvent); the words are managerAreaMessages' `side_<code>` and `event_<code>`, and a code
 * without its message does not compile (the template-literal keys below).
 */
import type { ConflictEvent, ConflictSideLabel } from '../../../shared/conflicts/conflicts';
import type { ConflictNameWords } from '../../data/manager';
import type { Formatter, MessageKey, Translate } from '../../i18n';
import type { managerAreaMessages } from './messages';

type Key = MessageKey<typeof managerAreaMessages>;

/** ICU select keys cannot hold a hyphen: the tender types as `refund_allocation` selects them. */
const TENDER_SELECTOR: Readonly<Record<string, string>> = { card: 'card', 'gift-card': 'giftCard', 'store-credit': 'storeCredit', cash: 'cash' };

/** A side's name in the store's language (shared/conflicts gives it as data). */
export function sideLabel(label: ConflictSideLabel, t: Translate<Key>): string {
  return label.code === 'device' ? t('side_device', { device: label.device }) : t(`side_${label.code}`);
}

/** What a side did, in the store's language; the time is in the store's time zone. */
export function eventText(e: ConflictEvent, t: Translate<Key>, f: Pick<Formatter, 'time' | 'list' | 'money'>): string {
  const at = f.time(e.at);
  switch (e.code) {
    case 'handedOver':
      return t('event_handedOver', { time: at, collectedBy: e.collectedBy, staff: e.staff, device: e.device, idChecked: e.idChecked ? 'yes' : 'no' });
    case 'cancelled':
      return t('event_cancelled', { time: at, by: e.by, hasReason: e.reason ? 'yes' : 'no', reason: e.reason ?? '', recorded: e.staff !== null && e.device !== null ? 'yes' : 'no', staff: e.staff ?? '', device: e.device ?? '' });
    case 'picked':
      return t('event_picked', { time: at, staff: e.staff, quantity: e.quantity, title: e.title, ordered: e.ordered });
    case 'returnTaken':
      return t('event_returnTaken', { time: at, staff: e.staff, device: e.device, lines: f.list(e.lines.map((l) => `${l.quantity} × ${l.title}`)), offline: e.offline ? 'yes' : 'no' });
    case 'refundSettled':
      return e.allocations.length === 0
        ? t('event_refundNothing', { time: at })
        : t('event_refundSettled', { time: at, allocations: f.list(e.allocations.map((a) => t('refund_allocation', { amount: f.money({ amount: a.amount, currency: a.currency }), tender: TENDER_SELECTOR[a.tender] ?? a.tender, pending: a.pending ? 'yes' : 'no' }))) });
    case 'serverFound':
      return t('event_serverFound', { time: at, detail: e.detail });
  }
}

/** Names for devices and people the lists do not know, in the store's language (for useConflicts). */
export function nameWords(t: Translate<Key>): ConflictNameWords {
  return {
    thisCounter: (name) => t('name_thisCounter', { name }),
    server: t('name_server'),
    unknownDevice: (tail) => t('name_device', { tail }),
    system: t('name_system'),
    unknownStaff: (id) => t('name_staff', { id }),
  };
}
