/**
 * A conflict's sides in the store's language: shared/conflicts gives who each side is and what it did as data
 * (ConflictSideLabel, ConflictEvent); the words are managerAreaMessages' `side_<code>` and `event_<code>`, and a code
 * without its message does not compile (the template-literal keys below).
 */
import type { ConflictEvent, ConflictSideLabel } from '../../../shared/conflicts/conflicts';
import type { ConflictNameWords } from '../../data/manager';
import type { MessageKey, Translate } from '../../i18n';
import type { managerAreaMessages } from './messages';

type Key = MessageKey<typeof managerAreaMessages>;

/** A side's name in the store's language (shared/conflicts gives it as data). */
export function sideLabel(label: ConflictSideLabel, t: Translate<Key>): string {
  return label.code === 'device' ? t('side_device', { device: label.device }) : t(`side_${label.code}`);
}

/** What a side did, in the store's language; the time is in the store's time zone. */
export function eventText(e: ConflictEvent, t: Translate<Key>, time: (at: string) => string): string {
  const at = time(e.at);
  switch (e.code) {
    case 'handedOver':
      return t('event_handedOver', { time: at, collectedBy: e.collectedBy, staff: e.staff, device: e.device, idChecked: e.idChecked ? 'yes' : 'no' });
    case 'cancelled':
      return t('event_cancelled', { time: at, by: e.by, hasReason: e.reason ? 'yes' : 'no', reason: e.reason ?? '', recorded: e.staff !== null && e.device !== null ? 'yes' : 'no', staff: e.staff ?? '', device: e.device ?? '' });
    case 'picked':
      return t('event_picked', { time: at, staff: e.staff, quantity: e.quantity, title: e.title, ordered: e.ordered });
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
