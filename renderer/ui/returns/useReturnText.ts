/** The return screens' messages and the store's formats, as plain functions (safe to destructure). */
import { useMemo } from 'react';
import type { Money } from '../../../shared/money';
import { useI18n, type Instant, type Translate } from '../../i18n';
import { returnMessages } from './messages';

type Key = typeof returnMessages extends { text: { en: infer E } } ? keyof E & string : never;

export interface ReturnText {
  t: Translate<Key>;
  money: (m: Money) => string;
  number: (n: number, options?: Intl.NumberFormatOptions) => string;
  date: (at: Instant) => string;
  dateTime: (at: Instant) => string;
}

export function useReturnText(): ReturnText {
  const i = useI18n(returnMessages);
  return useMemo(() => ({ t: i.t, money: (m) => i.money(m), number: (n, o) => i.number(n, o), date: (at) => i.date(at), dateTime: (at) => i.dateTime(at) }), [i]);
}
