/**
 * What a counter needs from the server to run returns offline: the server's receipt-signing public keys and the
 * return policy (GET /api/v1/returns/settings, shared/returns ReturnSettings), cached in localStorage under the
 * device id so a receipt verifies and the policy applies with the network down.
 */
import { useEffect, useState } from 'react';
import type { ReceiptKey, ReturnPolicy, ReturnSettings } from '../../shared/returns';
import { API_PREFIX } from '../../shared/sync';
import type { AisleSession } from './session';
import { useSession } from './context';
import { authedJson } from './http';
import { background } from '../util/background';

const SETTINGS_KEY = (deviceId: string): string => `aisle.returnSettings.${deviceId}`;

export function parseReturnSettings(body: unknown): ReturnSettings | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  const keys = Array.isArray(b['receiptKeys']) ? b['receiptKeys'] : null;
  const policy = typeof b['policy'] === 'object' && b['policy'] !== null ? b['policy'] : null;
  if (!keys || !policy) return null;
  const receiptKeys: ReceiptKey[] = [];
  for (const k of keys as unknown[]) {
    if (typeof k !== 'object' || k === null) return null;
    const { keyId, publicKey } = k as Record<string, unknown>;
    if (typeof keyId !== 'string' || typeof publicKey !== 'string' || !/^[0-9a-f]{64}$/.test(publicKey)) return null;
    receiptKeys.push({ keyId, publicKey });
  }
  // The policy's shape is the server's (shared/returns ReturnPolicy); the rules read only its numbers and lists.
  const share = b['offlineCash'];
  const n = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  if (typeof share === 'object' && share !== null) {
    const { storeCap, counters, deviceShare } = share as Record<string, unknown>;
    if (n(storeCap) && n(counters) && n(deviceShare)) return { receiptKeys, policy: policy as ReturnPolicy, offlineCash: { storeCap, counters, deviceShare } };
  }
  return { receiptKeys, policy: policy as ReturnPolicy };
}

/** The cached settings (null before the first online fetch on this device). */
export function cachedReturnSettings(session: Pick<AisleSession, 'settings'>): ReturnSettings | null {
  try {
    return parseReturnSettings(JSON.parse(window.localStorage.getItem(SETTINGS_KEY(session.settings.deviceId)) ?? 'null'));
  } catch {
    return null;
  }
}

/** Fetches the settings (GET /api/v1/returns/settings) and caches them; offline, the cached copy. */
export async function loadReturnSettings(session: AisleSession, online: boolean): Promise<ReturnSettings | null> {
  if (online) {
    try {
      const parsed = parseReturnSettings(await authedJson(session.settings, `${API_PREFIX}/returns/settings`, { signal: AbortSignal.timeout(8000) }));
      if (parsed) {
        window.localStorage.setItem(SETTINGS_KEY(session.settings.deviceId), JSON.stringify(parsed));
        return parsed;
      }
    } catch {
      // Unreachable after all: the cached copy below.
    }
  }
  return cachedReturnSettings(session);
}

/** The settings for the return screens: cached at once, refreshed from the server when online. */
export function useReturnSettings(online: boolean): ReturnSettings | null {
  const session = useSession();
  const [settings, setSettings] = useState<ReturnSettings | null>(() => cachedReturnSettings(session));
  useEffect(() => {
    let live = true;
    background(
      loadReturnSettings(session, online).then((s) => {
        if (live && s) setSettings(s);
      }),
      'return settings',
    );
    return () => {
      live = false;
    };
  }, [session, online]);
  return settings;
}

