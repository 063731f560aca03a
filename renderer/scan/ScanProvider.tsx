/**
 * Puts scanning into the React tree: one ScanProvider near the root installs the keyboard wedge, classifies
 * every scan (wedge or camera) with shared/barcode's classifyScan and hands it to the handler registered
 * for its kind; whatever is not taken shows in the ScanRefusal toast. Screens register with
 * useScanHandler('product', …) and cameras deliver with useScanRouter().dispatch(…).
 */
import { createContext, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { ScanConfig } from '../../shared/barcode/classify';
import { visibleScan } from '../../shared/barcode/aim';
import { installWedge } from './installWedge';
import type { Refusal, RoutedKind, ScanHandler, ScanRouter } from './router';
import { createScanRouter } from './router';
import { ScanRefusal } from './ScanRefusal';
import type { WedgeSettings } from './wedge';

const ScanContext = createContext<ScanRouter | null>(null);

export interface ScanProviderProps {
  readonly config: ScanConfig;
  /** Keyboard-wedge settings, or false on devices without a USB scanner. */
  readonly wedge?: Partial<WedgeSettings> | false;
  /** Words a screen handler's failure for the refusal toast in the screen's language (the app's useErrorText). */
  readonly describeError?: (error: unknown) => string;
  readonly children?: ReactNode;
}

export function ScanProvider({ config, wedge = {}, describeError, children }: ScanProviderProps): React.JSX.Element {
  const configRef = useRef(config);
  const describeRef = useRef(describeError);
  describeRef.current = describeError;
  useEffect(() => {
    configRef.current = config;
  }, [config]);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const router = useMemo(() => createScanRouter(() => configRef.current, setRefusal, (error) => describeRef.current?.(error) ?? (error instanceof Error ? error.message : String(error))), []);

  // Settings arrive as a fresh object on each render; reinstall only when their content changes.
  const wedgeKey = wedge === false ? '' : JSON.stringify(wedge);
  useEffect(() => {
    if (wedgeKey === '') return;
    const settings: unknown = JSON.parse(wedgeKey);
    return installWedge(
      window,
      (output) => {
        if (output.ok) router.dispatch(output.text);
        else router.refuse(output.text, `Read ${visibleScan(output.text)}: ${output.reason}`, output.why);
      },
      typeof settings === 'object' && settings !== null ? settings : {},
    );
  }, [router, wedgeKey]);

  return (
    <ScanContext value={router}>
      {children}
      <ScanRefusal refusal={refusal} onDismiss={() => setRefusal(null)} />
    </ScanContext>
  );
}

export function useScanRouter(): ScanRouter {
  const router = useContext(ScanContext);
  if (!router) throw new Error('useScanRouter() needs a <ScanProvider> above it');
  return router;
}

/** Registers `handler` for scans of `kind` while the calling component is mounted. */
export function useScanHandler<K extends RoutedKind>(kind: K, handler: ScanHandler<K>): void {
  const router = useScanRouter();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => router.register(kind, (scan) => latest.current(scan)), [router, kind]);
}
