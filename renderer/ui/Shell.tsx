/** The app frame: header with store, sync state and staff; banners; then the screen for the device's role. */
import { useDeviceSettings } from '../data/hooks';
import { useUi } from '../state/ui';
import { SyncIndicator } from './SyncIndicator';
import { FirstSyncProgress, OfflineBanner, SyncProblem } from './SyncBanners';
import { StaffArea } from './StaffArea';
import { SearchScreen } from './SearchScreen';
import { ProductDetail } from './ProductDetail';
import { KioskScreen } from './KioskScreen';

export function Shell({ onReset }: { onReset: () => Promise<void> }): React.JSX.Element {
  const device = useDeviceSettings();
  const screen = useUi((s) => s.screen);
  const kiosk = device.role === 'kiosk';
  return (
    <div className={`app ${kiosk ? 'kiosk' : 'counter'}`} data-role={device.role}>
      <header className="topbar">
        <div className="brand">
          <span className="logo">Aisle</span>
          <span className="store-name">{device.storeName}</span>
          {!kiosk && <span className="device-name muted">{device.deviceName}</span>}
        </div>
        <SyncIndicator />
        {!kiosk && <StaffArea />}
      </header>
      <SyncProblem onReset={onReset} />
      <OfflineBanner />
      <FirstSyncProgress />
      <main className="content">
        {kiosk ? <KioskScreen /> : screen.name === 'detail' ? <ProductDetail productId={screen.productId} variantId={screen.variantId} /> : <SearchScreen />}
      </main>
    </div>
  );
}
