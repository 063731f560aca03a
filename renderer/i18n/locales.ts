/**
 * The languages Aisle's own text is written in, and how a store's locale picks one.
 *
 * What must stay true: English is the source language; every other language has every English key
 * (`defineMessages` makes TypeScript enforce it, renderer/i18n/bundles.test.ts checks the ICU text itself).
 * The retailer's catalog text (titles, options, descriptions) is never translated here: it shows as the catalog has it.
 */
export const LANGUAGES = ['en', 'fr', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];
export const SOURCE_LANGUAGE: Language = 'en';

/** The BCP 47 locale used for a language when nothing more specific is known. */
export const DEFAULT_LOCALE: Readonly<Record<Language, string>> = { en: 'en-US', fr: 'fr-FR', de: 'de-DE' };

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/** "fr-CA" → fr, "de" → de, "pt-BR" (no translation) → en. */
export function languageOf(locale: string): Language {
  const lang = locale.split(/[-_]/)[0]?.toLowerCase() ?? '';
  return isLanguage(lang) ? lang : SOURCE_LANGUAGE;
}

/** A locale Intl accepts; an unknown or malformed tag falls back to en-US instead of throwing at render time. */
export function canonicalLocale(locale: string | null | undefined): string {
  if (!locale) return DEFAULT_LOCALE.en;
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? DEFAULT_LOCALE.en;
  } catch {
    return DEFAULT_LOCALE.en;
  }
}
