/**
 * A store's locale and currency when its document does not say (stores synced before schema v1, imports that
 * name only a country). Shared so the device's store migration and the renderer's fallback agree.
 */
export interface LocaleDefaults {
  readonly locale: string;
  readonly currency: string;
}

const BY_COUNTRY: Readonly<Record<string, LocaleDefaults>> = {
  US: { locale: 'en-US', currency: 'USD' },
  CA: { locale: 'en-CA', currency: 'CAD' },
  GB: { locale: 'en-GB', currency: 'GBP' },
  FR: { locale: 'fr-FR', currency: 'EUR' },
  BE: { locale: 'fr-BE', currency: 'EUR' },
  DE: { locale: 'de-DE', currency: 'EUR' },
  AT: { locale: 'de-AT', currency: 'EUR' },
  CH: { locale: 'de-CH', currency: 'CHF' },
};

export const FALLBACK_LOCALE: LocaleDefaults = { locale: 'en-US', currency: 'USD' };

/** The defaults for an ISO 3166 alpha-2 country; null when Aisle has none. */
export function localeDefaultsFor(country: string): LocaleDefaults | null {
  return BY_COUNTRY[country.toUpperCase()] ?? null;
}
