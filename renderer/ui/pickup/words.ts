/** Pickup wording shared by the pickup screens: the bundle's `t` plus durations ("2 h 05 min", "2 Std. 05 Min."). */
import type { RejectReason } from '../../../shared/pickup/types';
import { useI18n, type I18n, type MessageKey } from '../../i18n';
import { pickupMessages } from './messages';

type Key = MessageKey<typeof pickupMessages>;

export type PickupWords = I18n<Key> & {
  /** Whole minutes as "45 min" / "2 h 05 min" / "3 d 4 h" in the store's language; "—" for null. */
  duration: (minutes: number | null) => string;
  reason: (r: RejectReason) => string;
  effect: (r: RejectReason) => string;
};

export function usePickupWords(): PickupWords {
  const i = useI18n(pickupMessages);
  const { t } = i;
  return {
    ...i,
    duration: (minutes) => {
      if (minutes === null) return '—';
      const m = Math.max(0, Math.round(minutes));
      if (m < 60) return t('dMin', { m });
      if (m < 24 * 60) return t('dHours', { h: Math.floor(m / 60), m: String(m % 60).padStart(2, '0') });
      const d = Math.floor(m / (24 * 60));
      const h = Math.floor((m % (24 * 60)) / 60);
      return h === 0 ? t('dDays', { d }) : t('dDaysHours', { d, h });
    },
    reason: (r) => t(`r_${r}`),
    effect: (r) => t(`e_${r}`),
  };
}
