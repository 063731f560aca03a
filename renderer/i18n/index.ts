/** The i18n API (docs/i18n.md): messages per feature, formats per store. */
export { defineMessages, formatMessage, type MessageBundle, type MessageKey, type MessageValues, type Translate } from './bundle';
export { createFormatter, distanceUnitFor, localeSettingsFor, type DistanceUnit, type Formatter, type Instant, type LocaleSettings } from './format';
export { I18nProvider, translator, useFormat, useI18n, type I18n } from './I18nProvider';
export { StoreLocale } from './StoreLocale';
export { LANGUAGES, languageOf, type Language } from './locales';
