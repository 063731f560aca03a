/** A kiosk's first sync, as a customer should see it: one calm sentence, no counts or collection names. */
import { useSyncStatus } from '../../data/hooks';
import { useI18n } from '../../i18n';
import { kioskMessages } from './kiosk.messages';

export function KioskGettingReady(): React.JSX.Element | null {
  const { firstSyncActive } = useSyncStatus();
  const { t } = useI18n(kioskMessages);
  if (!firstSyncActive) return null;
  return (
    <p className="kiosk-getting-ready" data-testid="kiosk-getting-ready" role="status">
      {t('gettingReady')}
    </p>
  );
}
