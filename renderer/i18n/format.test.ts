import { describe, expect, it } from 'vitest';
import { createFormatter, localeSettingsFor } from './format';
import { defineMessages, formatMessage } from './bundle';
import { languageOf } from './locales';

// Intl separates "12,00" and "€" with a no-break space (U+00A0 or U+202F); tests compare with plain spaces.
const plain = (s: string): string => s.replace(/[\u00a0\u202f]/g, ' ');

const paris = createFormatter({ locale: 'fr-FR', currency: 'EUR', timeZone: 'Europe/Paris', distanceUnit: 'kilometer' });
const berlin = createFormatter({ locale: 'de-DE', currency: 'EUR', timeZone: 'Europe/Berlin', distanceUnit: 'kilometer' });
const boston = createFormatter({ locale: 'en-US', currency: 'USD', timeZone: 'America/New_York', distanceUnit: 'mile' });

describe('createFormatter', () => {
  it('formats money from integer minor units in the store locale, in the money’s own currency', () => {
    expect(plain(paris.money({ amount: 1200, currency: 'EUR' }))).toBe('12,00 €');
    expect(plain(berlin.money({ amount: 123456, currency: 'EUR' }))).toBe('1.234,56 €');
    expect(boston.money({ amount: 1999, currency: 'USD' })).toBe('$19.99');
    // A USD price at a euro store stays dollars.
    expect(plain(paris.money({ amount: 1200, currency: 'USD' }))).toBe('12,00 $US');
    expect(boston.money({ amount: 500, currency: 'JPY' })).toBe('¥500');
  });

  it('shows dates and times in the store’s zone, not the device’s', () => {
    const at = '2026-12-01T23:30:00Z';
    expect(paris.date(at, 'short')).toBe('02/12/2026');
    expect(boston.date(at, 'short')).toBe('12/1/26');
    expect(paris.time(at)).toBe('00:30');
    expect(plain(boston.time(at))).toBe('6:30 PM');
    expect(paris.date('not a date')).toBe('—');
  });

  it('says relative times in the language', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(paris.relative(now - 5 * 60_000, now)).toBe('il y a 5 minutes');
    expect(berlin.relative(now - 5 * 60_000, now)).toBe('vor 5 Minuten');
    expect(boston.relative(now - 3000, now)).toBe('now');
    expect(boston.relative(now - 2 * 3600_000, now)).toBe('2 hours ago');
  });

  it('gives distances in miles for US stores and kilometres elsewhere', () => {
    expect(plain(boston.distance(16.09344))).toBe('10 mi');
    expect(plain(boston.distance(3.2))).toBe('2 mi');
    expect(plain(paris.distance(3.2))).toBe('3,2 km');
  });

  it('groups numbers the local way', () => {
    expect(plain(paris.number(12345))).toBe('12 345');
    expect(berlin.number(12345)).toBe('12.345');
    expect(boston.list(['a', 'b', 'c'])).toBe('a, b, and c');
    expect(paris.list(['a', 'b', 'c'])).toBe('a, b et c');
  });
});

describe('localeSettingsFor', () => {
  it('takes the store’s own fields, else its country’s, else en-US / USD', () => {
    expect(localeSettingsFor({ locale: 'de-DE', currency: 'EUR', timeZone: 'Europe/Berlin', address: { country: 'DE' } })).toEqual({ locale: 'de-DE', currency: 'EUR', timeZone: 'Europe/Berlin', distanceUnit: 'kilometer' });
    expect(localeSettingsFor({ timeZone: 'Europe/Paris', address: { country: 'FR' } })).toMatchObject({ locale: 'fr-FR', currency: 'EUR' });
    expect(localeSettingsFor({ timeZone: 'America/New_York', address: { country: 'US' } })).toMatchObject({ locale: 'en-US', currency: 'USD', distanceUnit: 'mile' });
    expect(localeSettingsFor(null, 'de-AT')).toMatchObject({ locale: 'de-AT', currency: 'USD' });
  });

  it('never throws on a malformed locale, zone or currency from a document', () => {
    const f = createFormatter({ locale: 'not a locale!', currency: 'euro', timeZone: 'Mars/Olympus', distanceUnit: 'kilometer' });
    expect(f.locale).toBe('en-US');
    expect(f.timeZone).toBe('UTC');
    expect(f.currency).toBe('USD');
  });
});

describe('formatMessage', () => {
  const bundle = defineMessages({
    en: { items: '{count, plural, one {# item} other {# items}} for {name}' },
    fr: { items: '{count, plural, one {# article} other {# articles}} pour {name}' },
    de: { items: '{count, plural, one {# Artikel} other {# Artikel}} für {name}' },
  });

  it('formats ICU plurals in the store’s language and number format', () => {
    expect(formatMessage(bundle, 'en', 'en-US', 'UTC', 'items', { count: 1, name: 'Ana' })).toBe('1 item for Ana');
    expect(plain(formatMessage(bundle, 'fr', 'fr-FR', 'UTC', 'items', { count: 1200, name: 'Ana' }))).toBe('1 200 articles pour Ana');
    expect(formatMessage(bundle, languageOf('de-AT'), 'de-AT', 'UTC', 'items', { count: 2, name: 'Ana' })).toBe('2 Artikel für Ana');
  });

  it('shows the key rather than crashing when an argument is missing', () => {
    expect(formatMessage(bundle, 'en', 'en-US', 'UTC', 'items', {})).toBe('items');
  });

  it('is checked by TypeScript: a language missing an English key does not compile', () => {
    // @ts-expect-error — German lacks "b": the point of this test is that it does not compile.
    defineMessages({ en: { a: 'A', b: 'B' }, fr: { a: 'A', b: 'B' }, de: { a: 'A' } });
    // @ts-expect-error — French has a key English does not.
    defineMessages({ en: { a: 'A' }, fr: { a: 'A', extra: 'X' }, de: { a: 'A' } });
  });
});
