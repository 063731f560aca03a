/**
 * What to show a person for a failure, in the screen's language. An error from talking to the catalog server
 * (`origin: 'server'`, set by renderer/data/http.ts) is said by its code with the parameters the server sent — the
 * refused field, the wait, who must sign in — from ./messages.ts; the server's English message is shown only when
 * the code is one this app does not know. An error raised on this device for a person (renderer/data/deviceError.ts)
 * carries what to say as data, worded from ./device.messages.ts; any other error raised here is shown as it is.
 */
import { isErrorCode, type TransferableError } from '../../../shared/errors';
import type { Formatter, MessageValues, Translate } from '../../i18n';
import type { MessageKey } from '../../i18n';
import type { errorMessages } from './messages';
import { deviceErrorMessages } from './device.messages';

type ErrorKey = MessageKey<typeof errorMessages>;
type DeviceKey = MessageKey<typeof deviceErrorMessages>;

/** The DeviceSay of a device error with a text in device.messages.ts (structural: no instanceof across bundles). */
function deviceSay(error: unknown): { key: DeviceKey; values: MessageValues } | null {
  if (typeof error !== 'object' || error === null || !('say' in error)) return null;
  const say: unknown = error.say;
  if (typeof say !== 'object' || say === null || !('key' in say) || typeof say.key !== 'string') return null;
  const key = `d_${say.key}`;
  if (!Object.hasOwn(deviceErrorMessages.text.en, key)) return null;
  const values = Object.fromEntries(Object.entries(say).filter(([k, v]) => k !== 'key' && (typeof v === 'string' || typeof v === 'number'))) as MessageValues;
  return { key: key as DeviceKey, values };
}

function plain(error: unknown): Partial<TransferableError> & { message?: string } {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  return error;
}

/** "in 40 seconds", "dans 2 minutes", "in 1 Stunde": rounded up like shared/retryWait.ts, never "now". */
export function waitIn(seconds: number, locale: string): string {
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return rtf.format(s, 'second');
  const minutes = Math.ceil(s / 60);
  if (minutes < 60) return rtf.format(minutes, 'minute');
  return rtf.format(Math.ceil(minutes / 60), 'hour');
}

/** "/lines/0/qty" → "lines › 0 › qty": the field as a person can read it, without the pointer syntax. */
export function fieldName(path: string): string {
  const parts = path.split('/').filter((p) => p !== '');
  return parts.length === 0 ? 'none' : parts.join(' › ');
}

/** The ICU arguments of an error's text: every argument present (ICU select needs a value), "none" when unknown. */
export function errorValues(error: Partial<TransferableError>, f: Pick<Formatter, 'locale'>): MessageValues {
  const first = error.details?.[0];
  const wait = error.retryAfterSeconds;
  return {
    field: first ? fieldName(first.path) : 'none',
    wait: typeof wait === 'number' && Number.isFinite(wait) ? waitIn(wait, f.locale) : 'none',
    need: error.params?.need ?? 'none',
    why: error.params?.why ?? 'none',
    revoked: error.params?.revoked === true ? 'yes' : 'no',
  };
}

export function describeError(error: unknown, t: Translate<ErrorKey>, f: Pick<Formatter, 'locale'>, td?: Translate<DeviceKey>): string {
  const e = plain(error);
  if (e.origin === 'server' && typeof e.code === 'string' && isErrorCode(e.code)) return t(e.code, errorValues(e, f));
  const device = td ? deviceSay(error) : null;
  if (device && td) return td(device.key, device.values);
  if (error instanceof Error) return error.message;
  return typeof e.message === 'string' ? e.message : String(error);
}
