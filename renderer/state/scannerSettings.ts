/**
 * This device's USB-scanner (keyboard wedge) settings, kept in the renderer's localStorage: they describe the
 * scanner plugged into this machine, not the store, so they neither sync nor survive a re-install. Values are
 * checked on read; anything unusable falls back to the defaults in renderer/scan/wedge.ts.
 */
import { create } from 'zustand';
import { DEFAULT_WEDGE_SETTINGS, type WedgeSettings } from '../scan/wedge';

export interface ScannerSettings {
  /** False on devices without a USB scanner: fast typing is then never taken as a scan. */
  enabled: boolean;
  maxInterKeyMs: number;
  minLength: number;
  prefix: string;
  suffix: string;
  terminators: ('Enter' | 'Tab')[];
}

const KEY = 'aisle.scanner';

export const DEFAULT_SCANNER_SETTINGS: ScannerSettings = {
  enabled: true,
  maxInterKeyMs: DEFAULT_WEDGE_SETTINGS.maxInterKeyMs,
  minLength: DEFAULT_WEDGE_SETTINGS.minLength,
  prefix: DEFAULT_WEDGE_SETTINGS.prefix,
  suffix: DEFAULT_WEDGE_SETTINGS.suffix,
  terminators: [...DEFAULT_WEDGE_SETTINGS.terminators],
};

function intIn(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}

function shortText(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.length <= 8 ? value : fallback;
}

/** Parses stored (or typed) settings; every field is checked on its own, so one bad value loses only itself. */
export function parseScannerSettings(raw: unknown): ScannerSettings {
  const d = DEFAULT_SCANNER_SETTINGS;
  if (typeof raw !== 'object' || raw === null) return { ...d, terminators: [...d.terminators] };
  const r = raw as Record<string, unknown>;
  const terminators = Array.isArray(r['terminators']) ? r['terminators'].filter((t): t is 'Enter' | 'Tab' => t === 'Enter' || t === 'Tab') : null;
  return {
    enabled: typeof r['enabled'] === 'boolean' ? r['enabled'] : d.enabled,
    maxInterKeyMs: intIn(r['maxInterKeyMs'], 5, 200, d.maxInterKeyMs),
    minLength: intIn(r['minLength'], 3, 64, d.minLength),
    prefix: shortText(r['prefix'], d.prefix),
    suffix: shortText(r['suffix'], d.suffix),
    terminators: terminators ? [...new Set(terminators)] : [...d.terminators],
  };
}

/** What ScanProvider's `wedge` prop takes: false when off. */
export function wedgeSettingsFor(s: ScannerSettings): Partial<WedgeSettings> | false {
  if (!s.enabled) return false;
  return { maxInterKeyMs: s.maxInterKeyMs, minLength: s.minLength, prefix: s.prefix, suffix: s.suffix, terminators: s.terminators };
}

function load(): ScannerSettings {
  try {
    const raw = window.localStorage.getItem(KEY);
    return parseScannerSettings(raw === null ? null : (JSON.parse(raw) as unknown));
  } catch {
    return parseScannerSettings(null);
  }
}

export const useScannerSettings = create<{ settings: ScannerSettings; save: (next: ScannerSettings) => void }>()((set) => ({
  settings: load(),
  save: (next) => {
    const settings = parseScannerSettings(next);
    try {
      window.localStorage.setItem(KEY, JSON.stringify(settings));
    } catch {
      // A full or disabled storage keeps the setting for this session only.
    }
    set({ settings });
  },
}));
