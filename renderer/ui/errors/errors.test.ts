/**
 * Every error code the server can send (shared/errors.ts ERROR_CODES, the list TypeScript ties to ErrorCode) has a
 * text in every language, and each text formats with every parameter value the server sends — and without any.
 */
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_PARAM_VALUES, AisleError } from '../../../shared/errors';
import { LANGUAGES, createFormatter, localeSettingsFor, translator, formatMessage } from '../../i18n';
import { DEFAULT_LOCALE } from '../../i18n/locales';
import { parseErrorBody } from '../../data/guards';
import { describeError, errorValues, fieldName, waitIn } from './errorText';
import { errorMessages } from './messages';
import { deviceErrorMessages } from './device.messages';
import { DeviceError } from '../../data/deviceError';
import { normaliseServerUrl } from '../../data/enroll';

const fr = createFormatter(localeSettingsFor(null, 'fr-FR'));
const say = (error: unknown): string => describeError(error, translator(errorMessages, fr), fr, translator(deviceErrorMessages, fr));

describe('error texts', () => {
  it('has a text for every error code in every language', () => {
    expect(ERROR_CODES.length).toBeGreaterThanOrEqual(13);
    const missing: string[] = [];
    for (const lang of LANGUAGES) {
      const texts: Readonly<Record<string, string>> = errorMessages.text[lang];
      for (const code of ERROR_CODES) if (!texts[code]?.trim()) missing.push(`${lang}.${code}`);
    }
    expect(missing).toEqual([]);
  });

  it('formats every code with each parameter value the server sends, and with none', () => {
    const variants = [
      {},
      ...ERROR_PARAM_VALUES.need.map((need) => ({ params: { need } })),
      ...ERROR_PARAM_VALUES.why.map((why) => ({ params: { why } })),
      { params: { revoked: true } },
      { retryAfterSeconds: 90, details: [{ path: '/pin', message: 'too short' }] },
    ];
    for (const lang of LANGUAGES) {
      for (const code of ERROR_CODES) {
        for (const v of variants) {
          const out = formatMessage(errorMessages, lang, DEFAULT_LOCALE[lang], 'UTC', code, errorValues(v, { locale: DEFAULT_LOCALE[lang] }));
          expect(out, `${lang}.${code}`).not.toBe(code);
          expect(out, `${lang}.${code}`).not.toMatch(/[{}]|\bnone\b/);
        }
      }
    }
  });

  it('says a server code in the language with its parameters, and a local message as it is', () => {
    const server = new AisleError('RATE_LIMITED', 'Too many tries — try again in 2 minutes.', undefined, { retryAfterSeconds: 120, origin: 'server' });
    expect(say(server)).toBe('Trop de tentatives. Réessayez dans 2 minutes.');
    expect(say(server.toTransferable())).toBe('Trop de tentatives. Réessayez dans 2 minutes.');
    expect(say(new AisleError('VALIDATION_FAILED', 'Écrivez d’abord la note.'))).toBe('Écrivez d’abord la note.');
  });

  it('shows the server’s English only for a code this app does not know', () => {
    const newer = parseErrorBody({ code: 'PAYMENT_TERMINAL_BUSY', message: 'The payment terminal is busy.' });
    expect(say(newer)).toBe('The payment terminal is busy.');
    const known = parseErrorBody({ code: 'FORBIDDEN', message: 'x needs a manager', params: { need: 'manager', evil: '<b>' } });
    expect(known?.params).toEqual({ need: 'manager' });
    expect(say(known)).toBe('Il faut un responsable de ce magasin connecté en ligne à ce comptoir.');
  });

  it('reads fields and waits as people do', () => {
    expect(fieldName('/lines/0/qty')).toBe('lines › 0 › qty');
    expect(fieldName('/')).toBe('none');
    expect(waitIn(30, 'de-DE')).toBe('in 30 Sekunden');
    expect(waitIn(61, 'fr-FR')).toBe('dans 2 minutes');
    expect(waitIn(0, 'en-US')).toBe('in 1 second');
  });

  it('says what this device refused in the screen’s language, with its values (a card, what was typed)', () => {
    expect(say(new DeviceError('NOT_FOUND', 'No customer has loyalty card 2999000000999.', { key: 'cardUnknown', card: '2999000000999' }))).toBe('Aucun client n’a la carte de fidélité 2999000000999.');
    expect(say(new DeviceError('VALIDATION_FAILED', 'Keep notes under 500 characters.', { key: 'noteTooLong', max: 500 }))).toBe('Les notes font au plus 500 caractères.');
    let typed: unknown;
    try {
      normaliseServerUrl('ftp://catalog');
    } catch (error) {
      typed = error;
    }
    expect(say(typed)).toBe('L’adresse du serveur doit commencer par http:// ou https://');
    // Without the device texts (a caller that has none), the English message stays.
    expect(describeError(typed, translator(errorMessages, fr), fr)).toBe('The server address must start with http:// or https://');
  });
});
