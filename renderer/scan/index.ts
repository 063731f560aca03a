/**
 * Scanning in the renderer: keyboard-wedge scanners, the camera, and routing what they read.
 *
 * Wiring (once, near the root, inside the data providers so handlers can look things up):
 *
 *   <ScanProvider config={scanConfig} wedge={{}}>          // wedge={false} on devices without a USB scanner
 *     <App />
 *   </ScanProvider>
 *
 *   scanConfig: ScanConfig (shared/barcode/classify.ts) — variable-measure layouts, loyalty prefixes, store
 *   currency. Pass a stable object (useMemo) or the provider re-reads it each render (cheap, but pointless).
 *
 * Taking scans in a screen (the newest registration of a kind wins until it unmounts):
 *
 *   useScanHandler('product', (scan) => openProduct(scan.gtin));   // scan.gtin is GTIN-14; scan.gs1 /
 *                                                                  // scan.variableMeasure carry the rest
 *   useScanHandler('pickup', (scan) => openPickup(scan.code));
 *   useScanHandler('receipt', (scan) => openReturn(scan.orderId));
 *   useScanHandler('loyalty', (scan) => attachCard(scan.cardNumber));
 *
 * Anything invalid, unknown, or of a kind no mounted screen takes shows in the <ScanRefusal> toast that
 * ScanProvider renders, quoting what was read and why it was not used. A handler that throws (or rejects)
 * shows its error message there too, so "not in this store's catalog" reaches the associate.
 *
 * Camera (decoding in a Web Worker; camera released when hidden or unmounted):
 *
 *   const router = useScanRouter();
 *   <CameraScanner onScan={(o) => router.dispatch({ text: o.text, format: o.format, symbologyId: o.symbologyId })} />
 *
 * Programmatic scans (tests, a manual-entry box): useScanRouter().dispatch('4006381333931').
 */
export { ScanProvider, useScanHandler, useScanRouter } from './ScanProvider';
export type { ScanProviderProps } from './ScanProvider';
export { ScanRefusal } from './ScanRefusal';
export type { Refusal, RoutedKind, ScanHandler, ScanRouter } from './router';
export { createScanRouter } from './router';
export { CameraScanner } from './camera/CameraScanner';
export type { CameraScannerProps } from './camera/CameraScanner';
export { CameraSession, DEFAULT_ROI, listCameras } from './camera/session';
export { installWedge } from './installWedge';
export { createWedge, DEFAULT_WEDGE_SETTINGS } from './wedge';
export type { WedgeSettings, WedgeOutput } from './wedge';
export type { ScanConfig, ScanResult, ScanInput } from '../../shared/barcode/classify';
