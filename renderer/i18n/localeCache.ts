/**
 * The store's locale settings, remembered on this device (localStorage) each time StoreLocale resolves them, so the
 * start-up screen (renderer/ui/EarlyCounter.tsx), shown before the local database is open, already speaks the
 * store's language. Read back from unknown: a stale or hand-edited entry is ignored.
 */
import type { LocaleSettings } from './format';
import { isRecord } from '../util/isRecord';

const key = (storeId: string): string => `aisle:store-locale:${storeId}`;

export function rememberStoreLocale(storeId: string, settings: LocaleSettings): void {
  try {
    window.localStorage.setItem(key(storeId), JSON.stringify(settings));
  } catch {
    // Storage full or refused: the start-up screen then uses the browser's language for a moment.
  }
}

export function rememberedStoreLocale(storeId: string): LocaleSettings | null {
  let value: unknown;
  try {
    value = JSON.parse(window.localStorage.getItem(key(storeId)) ?? 'null');
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  const { locale, currency, timeZone, distanceUnit } = value;
  if (typeof locale !== 'string' || typeof currency !== 'string' || typeof timeZone !== 'string') return null;
  if (distanceUnit !== 'kilometer' && distanceUnit !== 'mile') return null;
  return { locale, currency, timeZone, distanceUnit };
}
