/**
 * Numbers, money, dates, times, relative times and distances for one store: its locale, currency and time zone
 * decide every format (STYLE: "formatted only at the edge, in the store's locale and time zone").
 * Pure (no React): the hook in I18nProvider.tsx and non-React code (receipts) share it.
 *
 * What must stay true: money is integer minor units + ISO currency (shared/money.ts) and is shown in *its own*
 * currency — a USD price on a euro store's screen shows as US dollars, never relabelled as euros.
 */
import { minorDigits, type Money } from '../../shared/money';
import { localeDefaultsFor } from '../../shared/storeLocale';
import { canonicalLocale, languageOf, type Language } from './locales';

export type DistanceUnit = 'kilometer' | 'mile';

export interface LocaleSettings {
  /** BCP 47, e.g. "fr-FR". */
  readonly locale: string;
  /** ISO 4217, the store's own currency, e.g. "EUR". */
  readonly currency: string;
  /** IANA zone of the store, e.g. "Europe/Paris"; dates and times are shown there, not in the device's zone. */
  readonly timeZone: string;
  readonly distanceUnit: DistanceUnit;
}

/** Where road signs are in miles. */
const MILE_COUNTRIES = new Set(['US', 'GB', 'LR', 'MM', 'PR', 'VI', 'GU', 'AS', 'MP']);

export function distanceUnitFor(country: string): DistanceUnit {
  return MILE_COUNTRIES.has(country.toUpperCase()) ? 'mile' : 'kilometer';
}

const KM_PER_MILE = 1.609344;

export type Instant = number | string | Date;

export interface Formatter {
  readonly locale: string;
  readonly lang: Language;
  readonly currency: string;
  readonly timeZone: string;
  readonly distanceUnit: DistanceUnit;
  /** 12 345 / 12,345 / 12.345 */
  number: (n: number, options?: Intl.NumberFormatOptions) => string;
  /** Money in its own currency, in the store's locale: 12,00 € · $12.00 · 12,00 $US */
  money: (m: Money) => string;
  /** A calendar date in the store's zone: 01/12/2026, Dec 1, 2026 … */
  date: (at: Instant, style?: 'short' | 'medium' | 'long') => string;
  /** A clock time in the store's zone: 14:05 / 2:05 PM */
  time: (at: Instant) => string;
  /** Date and time in the store's zone. */
  dateTime: (at: Instant) => string;
  /** "just now", "5 minutes ago", "il y a 5 minutes", "vor 5 Minuten"; older than a day: the date and time. */
  relative: (at: Instant, now: number) => string;
  /** A distance given in km, in the store's unit: 3.2 mi / 3,2 km */
  distance: (km: number) => string;
  /** A list: "a, b and c" / "a, b et c" */
  list: (items: readonly string[]) => string;
}

function toMs(at: Instant): number {
  return typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
}

/** A zone Intl accepts; an unknown one falls back to UTC rather than throwing inside render. */
function validZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

function validCurrency(currency: string): string {
  return /^[A-Z]{3}$/.test(currency) ? currency : 'USD';
}

export function createFormatter(settings: LocaleSettings): Formatter {
  const locale = canonicalLocale(settings.locale);
  const timeZone = validZone(settings.timeZone);
  const currency = validCurrency(settings.currency);
  const numbers = new Map<string, Intl.NumberFormat>();
  const numberFormat = (options: Intl.NumberFormatOptions): Intl.NumberFormat => {
    const key = JSON.stringify(options);
    let f = numbers.get(key);
    if (!f) {
      f = new Intl.NumberFormat(locale, options);
      numbers.set(key, f);
    }
    return f;
  };
  const dates = {
    short: new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'short' }),
    medium: new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium' }),
    long: new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'long' }),
  };
  const time = new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'short' });
  const dateTime = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const list = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
  const invalid = '—';

  return {
    locale,
    lang: languageOf(locale),
    currency,
    timeZone,
    distanceUnit: settings.distanceUnit,
    number: (n, options = {}) => numberFormat(options).format(n),
    money: (m) => {
      const digits = minorDigits(m.currency);
      return numberFormat({ style: 'currency', currency: validCurrency(m.currency), minimumFractionDigits: digits, maximumFractionDigits: digits }).format(m.amount / 10 ** digits);
    },
    date: (at, style = 'medium') => {
      const ms = toMs(at);
      return Number.isNaN(ms) ? invalid : dates[style].format(ms);
    },
    time: (at) => {
      const ms = toMs(at);
      return Number.isNaN(ms) ? invalid : time.format(ms);
    },
    dateTime: (at) => {
      const ms = toMs(at);
      return Number.isNaN(ms) ? invalid : dateTime.format(ms);
    },
    relative: (at, now) => {
      const ms = toMs(at);
      if (Number.isNaN(ms)) return invalid;
      const s = Math.round((ms - now) / 1000);
      if (Math.abs(s) < 10) return relative.format(0, 'second');
      if (Math.abs(s) < 60) return relative.format(s, 'second');
      const m = Math.round(s / 60);
      if (Math.abs(m) < 60) return relative.format(m, 'minute');
      const h = Math.round(m / 60);
      if (Math.abs(h) < 24) return relative.format(h, 'hour');
      return dateTime.format(ms);
    },
    distance: (km) => {
      const value = settings.distanceUnit === 'mile' ? km / KM_PER_MILE : km;
      return numberFormat({ style: 'unit', unit: settings.distanceUnit, unitDisplay: 'short', maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
    },
    list: (items) => list.format(items),
  };
}

/** What a store document (or its absence) contributes; missing fields fall back to the store's country. */
export interface StoreLocaleSource {
  readonly locale?: string | undefined;
  readonly currency?: string | undefined;
  readonly timeZone?: string | undefined;
  readonly address?: { readonly country: string } | undefined;
}

/**
 * The settings for a store. A store synced before stores carried locale and currency (schema v0), or not yet
 * synced at all, gets its country's defaults, then en-US/USD; `fallbackLocale` (the browser's) is for screens
 * shown before the device belongs to a store (enrollment).
 */
export function localeSettingsFor(store: StoreLocaleSource | null | undefined, fallbackLocale = 'en-US'): LocaleSettings {
  const country = store?.address?.country ?? '';
  const byCountry = localeDefaultsFor(country);
  const locale = store?.locale || byCountry?.locale || fallbackLocale;
  return {
    locale,
    currency: store?.currency || byCountry?.currency || 'USD',
    timeZone: store?.timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    distanceUnit: country ? distanceUnitFor(country) : languageOf(locale) === 'en' && /-(US|GB)$/i.test(locale) ? 'mile' : 'kilometer',
  };
}
