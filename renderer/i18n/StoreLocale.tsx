/**
 * Drives i18n from the device's store: its locale, currency and time zone (shared/schemas/collections.ts
 * StoreDoc). Until the store document has synced, the store's country defaults, then en-US, apply.
 */
import { useEffect, useMemo } from 'react';
import { useDeviceSettings, useStore } from '../data/hooks';
import { localeSettingsFor } from './format';
import { I18nProvider } from './I18nProvider';
import { rememberStoreLocale } from './localeCache';

export function StoreLocale({ children }: { children: React.ReactNode }): React.JSX.Element {
  const device = useDeviceSettings();
  const store = useStore(device.storeId);
  const settings = useMemo(() => localeSettingsFor(store ?? null), [store]);
  // For the next launch's start-up screen, shown before the database (and this store document) can be read.
  useEffect(() => {
    if (store) rememberStoreLocale(device.storeId, settings);
  }, [store, device.storeId, settings]);
  return <I18nProvider settings={settings}>{children}</I18nProvider>;
}
