/** The customer screens' messages and the store's formats, as plain functions (safe to destructure). */
import { useMemo } from 'react';
import type { Money } from '../../../shared/money';
import { useI18n, type Instant, type Translate } from '../../i18n';
import { customerMessages } from './messages';

type Key = typeof customerMessages extends { text: { en: infer E } } ? keyof E & string : never;

export interface CustomerText {
  t: Translate<Key>;
  money: (m: Money) => string;
  number: (n: number, options?: Intl.NumberFormatOptions) => string;
  date: (at: Instant) => string;
  dateTime: (at: Instant) => string;
  distance: (km: number) => string;
}

export function useCustomerText(): CustomerText {
  const i = useI18n(customerMessages);
  return useMemo(
    () => ({ t: i.t, money: (m) => i.money(m), number: (n, o) => i.number(n, o), date: (at) => i.date(at), dateTime: (at) => i.dateTime(at), distance: (km) => i.distance(km) }),
    [i],
  );
}

/** ICU select keys are identifiers: 'loyalty-scan' → 'loyaltyScan'. */
export function selectKey(value: string): string {
  return value.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}
