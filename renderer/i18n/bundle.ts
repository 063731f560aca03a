/**
 * Message bundles: one per feature, in a `messages.ts` (or `Screen.messages.ts`) beside the feature's screens.
 *
 *   export const messages = defineMessages({
 *     en: { title: 'Pickups', waiting: '{count, plural, one {# customer waiting} other {# customers waiting}}' },
 *     fr: { title: 'Retraits', waiting: '…' },
 *     de: { title: 'Abholungen', waiting: '…' },
 *   });
 *
 * Messages are ICU MessageFormat (plural, select, number, date), formatted by intl-messageformat.
 * TypeScript refuses a bundle where French or German lacks an English key or has one English does not;
 * renderer/i18n/bundles.test.ts walks every messages.ts (and *.messages.ts) and fails when a message does not parse or its
 * arguments differ between languages.
 */
import IntlMessageFormat from 'intl-messageformat';
import type { Language } from './locales';

type Translations<E> = { readonly [K in keyof E]: string };

export interface MessageBundle<K extends string> {
  readonly kind: 'aisle-messages';
  readonly text: { readonly [L in Language]: { readonly [key in K]: string } };
}

/** The English keys define the bundle; every other language must have exactly the same keys. */
export function defineMessages<const E extends Readonly<Record<string, string>>>(text: {
  en: E;
  fr: Translations<E>;
  de: Translations<E>;
}): MessageBundle<keyof E & string> {
  return { kind: 'aisle-messages', text };
}

export type MessageValue = string | number | Date | null | undefined;
export type MessageValues = Readonly<Record<string, MessageValue>>;
export type Translate<K extends string> = (key: K, values?: MessageValues) => string;

// Compiled formats per bundle, language and key: parsing ICU text costs more than formatting it.
const compiled = new WeakMap<object, Map<string, IntlMessageFormat>>();

/**
 * Formats `key` in `locale` (its language picks the text; the full locale drives plural rules and numbers).
 * Dates inside messages use `timeZone`. A formatting error (a missing argument) shows the key, never a crash.
 */
export function formatMessage<K extends string>(bundle: MessageBundle<K>, lang: Language, locale: string, timeZone: string | undefined, key: K, values?: MessageValues): string {
  let cache = compiled.get(bundle);
  if (!cache) {
    cache = new Map();
    compiled.set(bundle, cache);
  }
  const id = `${lang}\u0000${locale}\u0000${timeZone ?? ''}\u0000${key}`;
  let format = cache.get(id);
  if (!format) {
    const source = bundle.text[lang][key];
    // intl-messageformat merges these into its default date/time styles: only the zone changes.
    const zone = timeZone ? { timeZone } : {};
    format = new IntlMessageFormat(source, locale, {
      date: { short: zone, medium: zone, long: zone, full: zone },
      time: { short: zone, medium: zone, long: zone, full: zone },
    });
    cache.set(id, format);
  }
  try {
    const out = format.format(values === undefined ? undefined : { ...values });
    return typeof out === 'string' ? out : String(out);
  } catch {
    return key;
  }
}

/** The keys of a bundle: `MessageKey<typeof productMessages>`. */
export type MessageKey<B> = B extends MessageBundle<infer K> ? K : never;
