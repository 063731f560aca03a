/** The i18n API (docs/i18n.md): messages per feature, formats per store. */
export { defineMessages, formatMessage, type MessageBundle, type MessageKey, type MessageValues, type Translate } from './bundle';
export { createFormatter, distanceUnitFor, localeSettingsFor, type DistanceUnit, type Formatter, type Instant, type LocaleSettings } from './format';
export { I18nProvider, translator, useFormat, useI18n, type I18n } from './I18nProvider';
// StoreLocale (./StoreLocale.tsx) is imported from its own module: it reads the store document through the data
// layer, and this barrel is on the start-up path, which must not load RxDB (docs/performance.md, "Cold start").
export { LANGUAGES, languageOf, type Language } from './locales';
