/**
 * The app frame: header with store, sync state and staff; banners; then the screen for the device's role.
 * Scanning is wired here: one ScanProvider for the whole app (keyboard-wedge scanners and the camera), with the
 * app-wide handlers registered first so a screen that takes scans itself (a pick list) overrides them while open.
 */
import { lazy, Suspense, useEffect } from 'react';
import { useSession } from '../data/context';
import { useDeviceSettings, useSyncStatusType } from '../data/hooks';
import { findPickupByCode } from '../data/pickups';
import { ScanProvider, useScanHandler, type ScanProviderProps } from '../scan';
import { useErrorText } from './errors/useErrorText';
import { useUi } from '../state/ui';
import { SyncIndicator } from './SyncIndicator';
import { FirstSyncProgress, OfflineBanner, SyncProblem } from './SyncBanners';
import { StaffArea } from './StaffArea';
import { SearchScreen } from './SearchScreen';
import { ProductDetail } from './ProductDetail';
import { CounterNav } from './CounterNav';
import { CameraToggle } from './CameraPanel';
import { ScannerSettingsButton } from './ScannerSettingsDialog';
import { PrinterSettingsButton } from './PrinterSettingsDialog';
import { useScannerSettings, wedgeSettingsFor } from '../state/scannerSettings';
import { CustomerWaiting } from './pickup/CustomerWaiting';
import { KioskGettingReady } from './kiosk/KioskGettingReady';
import { useI18n } from '../i18n';
import { StoreLocale } from '../i18n/StoreLocale';
import { shellMessages } from './shell.messages';
import { useFocusNeverLost, useScreenFocus } from './a11y/screenFocus';
import { useScanConfig } from '../data/scanConfig';
import { CustomerScans } from './customers/CustomerScans';
import { useReportActivity } from './deviceActivity';

// Every screen but search and the product page loads when first opened, not at launch: the cold start until
// search answers parses only what the counter's first screen needs (docs/performance.md). Once the search index
// is ready they are fetched in the background (preloadScreens), so a first open does not wait for the network.
const SCREENS = {
  manager: () => import('./manager/ManagerArea'),
  kpis: () => import('./customers/KpiCharts'),
  kiosk: () => import('./KioskScreen'),
  pickupQueue: () => import('./pickup/PickupQueue'),
  pickup: () => import('./pickup/PickupScreen'),
  customerSearch: () => import('./customers/CustomerSearch'),
  customerProfile: () => import('./customers/CustomerProfile'),
  profileViews: () => import('./customers/ProfileViewLog'),
  returns: () => import('./returns/ReturnScreen'),
};
const ManagerArea = lazy(() => SCREENS.manager().then((m) => ({ default: m.ManagerArea })));
const KpiCharts = lazy(() => SCREENS.kpis().then((m) => ({ default: m.KpiCharts })));
const KioskScreen = lazy(() => SCREENS.kiosk().then((m) => ({ default: m.KioskScreen })));
const PickupQueue = lazy(() => SCREENS.pickupQueue().then((m) => ({ default: m.PickupQueue })));
const PickupScreen = lazy(() => SCREENS.pickup().then((m) => ({ default: m.PickupScreen })));
const CustomerSearch = lazy(() => SCREENS.customerSearch().then((m) => ({ default: m.CustomerSearch })));
const CustomerProfile = lazy(() => SCREENS.customerProfile().then((m) => ({ default: m.CustomerProfile })));
const ProfileViewLog = lazy(() => SCREENS.profileViews().then((m) => ({ default: m.ProfileViewLog })));
const ReturnScreen = lazy(() => SCREENS.returns().then((m) => ({ default: m.ReturnScreen })));

/** Fetches the lazy screens' chunks once the first screen is up (the browser caches the modules for lazy()). */
function usePreloadScreens(kiosk: boolean): void {
  const session = useSession();
  useEffect(() => {
    let cancelled = false;
    const load = (): void => {
      if (cancelled) return;
      for (const [name, load] of Object.entries(SCREENS)) if ((name === 'kiosk') === kiosk) load().catch(() => undefined);
    };
    void session.searchIndex.ready.then(() => setTimeout(load, 1000), () => undefined);
    return () => {
      cancelled = true;
    };
  }, [session, kiosk]);
}

/** The scan router inside the store's locale, so a screen's refusal of a scan reads in the store's language. */
function WordedScanProvider(props: Omit<ScanProviderProps, 'describeError'>): React.JSX.Element {
  const errorText = useErrorText();
  return <ScanProvider {...props} describeError={errorText} />;
}

export function Shell({ onReset }: { onReset: () => Promise<void> }): React.JSX.Element {
  const device = useDeviceSettings();
  const kiosk = device.role === 'kiosk';
  // The kind only: the sync state changes on every pulled page, and this component renders the whole screen.
  const syncType = useSyncStatusType();
  // Loyalty card ranges and variable-measure layouts are the retailer's, from the catalog (cached for offline).
  const scanConfig = useScanConfig();
  const scanner = useScannerSettings((s) => s.settings);
  useReportActivity(device.role);
  usePreloadScreens(kiosk);
  return (
    <StoreLocale>
    <WordedScanProvider config={scanConfig} wedge={wedgeSettingsFor(scanner)}>
      <ProductScans />
      <ScreenFocus />
      {!kiosk && <PickupScans />}
      {!kiosk && <CustomerScans />}
      {/* data-sync: the sync state for tests and support tools, on every role (the kiosk shows customers none). */}
      <div className={`app ${kiosk ? 'kiosk' : 'counter'}`} data-role={device.role} data-sync={syncType}>
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
        <main className="content">
          <Suspense fallback={null}>{kiosk ? <KioskScreen /> : <CounterScreen />}</Suspense>
        </main>
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
      return <ManagerArea tab={screen.tab ?? 'pickups'} />;
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
