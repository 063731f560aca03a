/**
 * The app frame: header with store, sync state and staff; banners; then the screen for the device's role.
 * Scanning is wired here: one ScanProvider for the whole app (keyboard-wedge scanners and the camera), with the
 * app-wide handlers registered first so a screen that takes scans itself (a pick list) overrides them while open.
 */
import { useMemo } from 'react';
import type { ScanConfig } from '../../shared/barcode/classify';
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
import { ManagerArea } from './manager/ManagerArea';
import { CameraToggle } from './CameraPanel';
import { ScannerSettingsButton } from './ScannerSettingsDialog';
import { useScannerSettings, wedgeSettingsFor } from '../state/scannerSettings';
import { CustomerWaiting } from './pickup/CustomerWaiting';

export function Shell({ onReset }: { onReset: () => Promise<void> }): React.JSX.Element {
  const device = useDeviceSettings();
  const kiosk = device.role === 'kiosk';
  // Loyalty prefixes and variable-measure layouts are per retailer; none are configured yet (see docs/scanning.md).
  const scanConfig = useMemo<ScanConfig>(() => ({}), []);
  const scanner = useScannerSettings((s) => s.settings);
  return (
    <ScanProvider config={scanConfig} wedge={wedgeSettingsFor(scanner)}>
      <ProductScans />
      {!kiosk && <PickupScans />}
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
      return <ManagerArea tab={screen.tab ?? 'pickups'} />;
    case 'search':
      return <SearchScreen />;
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
