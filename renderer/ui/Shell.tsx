/**
 * The app frame: header with store, sync state and staff; banners; then the screen for the device's role.
 * Scanning is wired here: one ScanProvider for the whole app (keyboard-wedge scanners and the camera), with the
 * app-wide handlers registered first so a screen that takes scans itself (a pick list) overrides them while open.
 */
import { useSession } from '../data/context';
import { useDeviceSettings } from '../data/hooks';
import { findPickupByCode } from '../data/pickups';
import { ScanProvider, useScanHandler } from '../scan';
import { useUi } from '../state/ui';
import { SyncIndicator } from './SyncIndicator';
import { FirstSyncProgress, OfflineBanner, SyncProblem } from './SyncBanners';
import { StaffArea } from './StaffArea';
import { SearchScreen } from './SearchScreen';
import { ProductDetail } from './ProductDetail';
import { KioskScreen } from './KioskScreen';
import { CounterNav } from './CounterNav';
import { PickupQueue } from './pickup/PickupQueue';
import { PickupScreen } from './pickup/PickupScreen';
import { ManagerDashboard } from './pickup/ManagerDashboard';
import { CameraToggle } from './CameraPanel';
import { ScannerSettingsButton } from './ScannerSettingsDialog';
import { useScannerSettings, wedgeSettingsFor } from '../state/scannerSettings';
import { CustomerWaiting } from './pickup/CustomerWaiting';
import { useScanConfig } from '../data/scanConfig';
import { CustomerScans } from './customers/CustomerScans';
import { CustomerSearch } from './customers/CustomerSearch';
import { CustomerProfile } from './customers/CustomerProfile';
import { ProfileViewLog } from './customers/ProfileViewLog';
import { KpiCharts } from './customers/KpiCharts';
import { StoreLocale } from '../i18n';

export function Shell({ onReset }: { onReset: () => Promise<void> }): React.JSX.Element {
  const device = useDeviceSettings();
  const kiosk = device.role === 'kiosk';
  // Loyalty card ranges and variable-measure layouts are the retailer's, from the catalog (cached for offline).
  const scanConfig = useScanConfig();
  const scanner = useScannerSettings((s) => s.settings);
  return (
    <StoreLocale>
    <ScanProvider config={scanConfig} wedge={wedgeSettingsFor(scanner)}>
      <ProductScans />
      {!kiosk && <PickupScans />}
      {!kiosk && <CustomerScans />}
      <div className={`app ${kiosk ? 'kiosk' : 'counter'}`} data-role={device.role}>
        <header className="topbar">
          <div className="brand">
            <span className="logo">Aisle</span>
            <span className="store-name">{device.storeName}</span>
            {!kiosk && <span className="device-name muted">{device.deviceName}</span>}
          </div>
          {!kiosk && <CounterNav />}
          <CameraToggle big={kiosk} />
          {!kiosk && <ScannerSettingsButton />}
          <SyncIndicator />
          {!kiosk && <StaffArea />}
        </header>
        <SyncProblem onReset={onReset} />
        <OfflineBanner />
        <FirstSyncProgress />
        {!kiosk && <CustomerWaiting />}
        <main className="content">{kiosk ? <KioskScreen /> : <CounterScreen />}</main>
      </div>
    </ScanProvider>
    </StoreLocale>
  );
}

function CounterScreen(): React.JSX.Element {
  const screen = useUi((s) => s.screen);
  switch (screen.name) {
    case 'detail':
      return <ProductDetail productId={screen.productId} variantId={screen.variantId} />;
    case 'pickups':
      return <PickupQueue />;
    case 'pickup':
      return <PickupScreen key={screen.pickupId} pickupId={screen.pickupId} codeScanned={screen.codeScanned} />;
    case 'manager':
      return <ManagerDashboard />;
    case 'search':
      return <SearchScreen />;
    case 'customers':
      return <CustomerSearch />;
    case 'customer':
      return <CustomerProfile customerId={screen.customerId} source={screen.source} openId={screen.openId} />;
    case 'customerViews':
      return <ProfileViewLog />;
    case 'kpis':
      return <KpiCharts />;
  }
}

/** A product scanned anywhere opens that product (on the kiosk: its price and stock page). */
function ProductScans(): null {
  const session = useSession();
  const openProduct = useUi((s) => s.openProduct);
  useScanHandler('product', async (scan) => {
    const found = await session.search.findByBarcode(scan.gtin);
    if (!found) throw new Error(`No product with barcode ${scan.gtin.replace(/^0+(?=\d{8})/, '')} on this device.`);
    openProduct(found.productId, found.variantId);
  });
  return null;
}

/** A pickup code scanned anywhere at the counter (the QR from the customer's message) opens that pickup. */
function PickupScans(): null {
  const session = useSession();
  const openPickup = useUi((s) => s.openPickup);
  useScanHandler('pickup', async (scan) => {
    const pickup = await findPickupByCode(session, scan.code);
    if (!pickup) throw new Error(`No pickup with code ${scan.code} at this store.`);
    openPickup(pickup.id, true);
  });
  return null;
}
