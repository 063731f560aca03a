/**
 * The retailer's scan configuration on the device (loyalty card ranges, variable-measure layouts): fetched from the
 * catalog (GET /api/v1/scan-config) when the session opens and whenever the device comes back online, checked with
 * the shared parser, and cached in localStorage so a device that starts offline still recognises loyalty cards and
 * weighed items. Not replicated: one small settings document does not earn one of the 13 collections.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ScanConfig } from '../../shared/barcode/classify';
import { parseRetailerScanConfig, scanConfigFor, type RetailerScanConfig } from '../../shared/barcode/scanConfig';
import { API_PREFIX } from '../../shared/sync';
import type { AisleSession } from './session';
import { useSession } from './context';
import { authedJson } from './http';
import { useSyncStatus } from './hooks';
import { background } from '../util/background';

function cacheKey(session: AisleSession): string {
  return `${session.db.name}.scanConfig`;
}

export function readCachedScanConfig(session: AisleSession): RetailerScanConfig {
  try {
    const raw = window.localStorage.getItem(cacheKey(session));
    if (raw === null) return {};
    const parsed = parseRetailerScanConfig(JSON.parse(raw) as unknown);
    return parsed.ok ? parsed.config : {};
  } catch {
    return {};
  }
}

/** Fetches, checks and caches the configuration; a bad answer keeps the cached one (and says why in the log). */
export async function refreshScanConfig(session: AisleSession): Promise<RetailerScanConfig> {
  const body = await authedJson(session.settings, `${API_PREFIX}/scan-config`);
  const parsed = parseRetailerScanConfig(body);
  if (!parsed.ok) throw new Error(`the catalog's scan configuration was refused: ${parsed.issues.join('; ')}`);
  try {
    window.localStorage.setItem(cacheKey(session), JSON.stringify(parsed.config));
  } catch {
    // Storage full or disabled: the configuration still applies for this run.
  }
  return parsed.config;
}

/** The ScanConfig the app-wide scan router classifies with; updates when the catalog's changes arrive. */
export function useScanConfig(): ScanConfig {
  const session = useSession();
  const { online } = useSyncStatus();
  const [state, setState] = useState(() => {
    const config = readCachedScanConfig(session);
    return { key: JSON.stringify(config), config };
  });
  useEffect(() => {
    if (!online) return;
    background(
      refreshScanConfig(session).then((config) => {
        const key = JSON.stringify(config);
        setState((prev) => (prev.key === key ? prev : { key, config }));
      }),
      'scan configuration',
    );
  }, [session, online]);
  const retailer = state.config;
  // A stable object per configuration, so the scan provider does not see a change every render.
  return useMemo(() => scanConfigFor(retailer), [retailer]);
}
