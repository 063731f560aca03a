/**
 * The React side of i18n: one provider holds the formatter for the current locale settings, `useI18n(messages)`
 * gives a screen its `t` plus every formatter. Outside any provider (boot and enrollment screens) the browser's
 * language is used.
 */
import { createContext, useContext, useEffect, useMemo } from 'react';
import { createFormatter, localeSettingsFor, type Formatter, type LocaleSettings } from './format';
import { formatMessage, type MessageBundle, type Translate } from './bundle';

function browserLocale(): string {
  return typeof navigator === 'undefined' ? 'en-US' : navigator.language || 'en-US';
}

const I18nContext = createContext<Formatter | null>(null);
let browserFormatter: Formatter | null = null;

function fallbackFormatter(): Formatter {
  browserFormatter ??= createFormatter(localeSettingsFor(null, browserLocale()));
  return browserFormatter;
}

export function I18nProvider({ settings, children }: { settings: LocaleSettings; children: React.ReactNode }): React.JSX.Element {
  const { locale, currency, timeZone, distanceUnit } = settings;
  const formatter = useMemo(() => createFormatter({ locale, currency, timeZone, distanceUnit }), [locale, currency, timeZone, distanceUnit]);
  useEffect(() => {
    // Screen readers pick their voice from <html lang>; axe-core checks it is set and valid.
    document.documentElement.lang = formatter.locale;
  }, [formatter.locale]);
  return <I18nContext.Provider value={formatter}>{children}</I18nContext.Provider>;
}

/** The formatters alone (no messages). */
export function useFormat(): Formatter {
  return useContext(I18nContext) ?? fallbackFormatter();
}

export type I18n<K extends string> = Formatter & { readonly t: Translate<K> };

/** `const { t, money, date } = useI18n(messages);` — `t('key', { count: 3 })`. */
export function useI18n<K extends string>(bundle: MessageBundle<K>): I18n<K> {
  const f = useFormat();
  return useMemo(() => ({ ...f, t: (key: K, values?: Parameters<Translate<K>>[1]) => formatMessage(bundle, f.lang, f.locale, f.timeZone, key, values) }), [f, bundle]);
}

/** For code outside React (receipts, printed slips): the same `t` for given settings. */
export function translator<K extends string>(bundle: MessageBundle<K>, f: Formatter): Translate<K> {
  return (key, values) => formatMessage(bundle, f.lang, f.locale, f.timeZone, key, values);
}
