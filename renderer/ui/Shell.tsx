/**
 * The app frame: header with store, sync state and staff; banners; then the screen for the device's role.
 * Scanning is wired here: one ScanProvider for the whole app (keyboard-wedge scanners and the camera), with the
 * app-wide handlers registered first so a screen that takes scans itself (a pick list) overrides them while open.
 */
import { lazy, Suspense } from 'react';
import { useSession } from '../data/context';
import { useDeviceSettings, useSyncStatus } from '../data/hooks';
import { findPickupByCode } from '../data/pickups';
import { ScanProvider, useScanHandler, type ScanProviderProps } from '../scan';
import { useErrorText } from './errors/useErrorText';
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
import { CameraToggle } from './CameraPanel';
import { ScannerSettingsButton } from './ScannerSettingsDialog';
import { PrinterSettingsButton } from './PrinterSettingsDialog';
import { useScannerSettings, wedgeSettingsFor } from '../state/scannerSettings';
import { CustomerWaiting } from './pickup/CustomerWaiting';
import { KioskGettingReady } from './kiosk/KioskGettingReady';
import { StoreLocale, useI18n } from '../i18n';
import { shellMessages } from './shell.messages';
import { useFocusNeverLost, useScreenFocus } from './a11y/screenFocus';
import { useScanConfig } from '../data/scanConfig';
import { CustomerScans } from './customers/CustomerScans';
import { CustomerSearch } from './customers/CustomerSearch';
import { CustomerProfile } from './customers/CustomerProfile';
import { ProfileViewLog } from './customers/ProfileViewLog';
import { useReportActivity } from './deviceActivity';
import { ReturnScreen } from './returns/ReturnScreen';

// Screens with charts (chart.js is ~40 % of the bundle's libraries) load when first opened, not at launch: the
// cold start until search answers parses only what the counter needs first (docs/performance.md).
const ManagerArea = lazy(() => import('./manager/ManagerArea').then((m) => ({ default: m.ManagerArea })));
const KpiCharts = lazy(() => import('./customers/KpiCharts').then((m) => ({ default: m.KpiCharts })));

/** The scan router inside the store's locale, so a screen's refusal of a scan reads in the store's language. */
function WordedScanProvider(props: Omit<ScanProviderProps, 'describeError'>): React.JSX.Element {
  const errorText = useErrorText();
  return <ScanProvider {...props} describeError={errorText} />;
}

export function Shell({ onReset }: { onReset: () => Promise<void> }): React.JSX.Element {
  const device = useDeviceSettings();
  const kiosk = device.role === 'kiosk';
  const sync = useSyncStatus();
  // Loyalty card ranges and variable-measure layouts are the retailer's, from the catalog (cached for offline).
  const scanConfig = useScanConfig();
  const scanner = useScannerSettings((s) => s.settings);
  useReportActivity(device.role);
  return (
    <StoreLocale>
    <WordedScanProvider config={scanConfig} wedge={wedgeSettingsFor(scanner)}>
      <ProductScans />
      <ScreenFocus />
      {!kiosk && <PickupScans />}
      {!kiosk && <CustomerScans />}
      {/* data-sync: the sync state for tests and support tools, on every role (the kiosk shows customers none). */}
      <div className={`app ${kiosk ? 'kiosk' : 'counter'}`} data-role={device.role} data-sync={sync.status.type}>
        <header className="topbar">
          <div className="brand">
            <span className="logo">Aisle</span>
            <span className="store-name">{device.storeName}</span>
            {!kiosk && <span className="device-name muted">{device.deviceName}</span>}
          </div>
          {!kiosk && <CounterNav />}
          <CameraToggle big={kiosk} />
          {!kiosk && <ScannerSettingsButton />}
          {!kiosk && <PrinterSettingsButton />}
          {/* Sync state is for staff: a kiosk never shows customers internal status. */}
          {!kiosk && <SyncIndicator />}
          {!kiosk && <StaffArea />}
        </header>
        <SyncProblem onReset={onReset} />
        {!kiosk && <OfflineBanner />}
        {kiosk ? <KioskGettingReady /> : <FirstSyncProgress />}
        {!kiosk && <CustomerWaiting />}
        <main className="content">{kiosk ? <KioskScreen /> : <CounterScreen />}</main>
      </div>
    </WordedScanProvider>
    </StoreLocale>
  );
}

/** The focus rule (a11y/screenFocus.ts): a new screen gets focus on its heading or primary field, and focus never drops to <body>. */
function ScreenFocus(): null {
  // Which screen, not its state: choosing another variant of the same product is not a screen change.
  const key = useUi((s) => `${s.screen.name}:${'productId' in s.screen ? s.screen.productId : ''}:${'pickupId' in s.screen ? s.screen.pickupId : ''}:${s.screen.name === 'returns' ? s.screen.openId : ''}`);
  useScreenFocus(key);
  useFocusNeverLost();
  return null;
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
      return (
        <Suspense fallback={null}>
          <ManagerArea tab={screen.tab ?? 'pickups'} />
        </Suspense>
      );
    case 'search':
      return <SearchScreen />;
    case 'customers':
      return <CustomerSearch />;
    case 'customer':
      return <CustomerProfile customerId={screen.customerId} source={screen.source} openId={screen.openId} />;
    case 'customerViews':
      return <ProfileViewLog />;
    case 'kpis':
      return (
        <Suspense fallback={null}>
          <KpiCharts />
        </Suspense>
      );
    case 'returns':
      return <ReturnScreen key={screen.openId} orderId={screen.orderId} />;
  }
}

/** A product scanned anywhere opens that product (on the kiosk: its price and stock page). */
function ProductScans(): null {
  const session = useSession();
  const openProduct = useUi((s) => s.openProduct);
  const { t } = useI18n(shellMessages);
  useScanHandler('product', async (scan) => {
    const found = await session.search.findByBarcode(scan.gtin);
    if (!found) throw new Error(t('noProductBarcode', { barcode: scan.gtin.replace(/^0+(?=\d{8})/, '') }));
    openProduct(found.productId, found.variantId);
  });
  return null;
}

/** A pickup code scanned anywhere at the counter (the QR from the customer's message) opens that pickup. */
function PickupScans(): null {
  const session = useSession();
  const openPickup = useUi((s) => s.openPickup);
  const { t } = useI18n(shellMessages);
  useScanHandler('pickup', async (scan) => {
    const pickup = await findPickupByCode(session, scan.code);
    if (!pickup) throw new Error(t('noPickupCode', { code: scan.code }));
    openPickup(pickup.id, true);
  });
  return null;
}
