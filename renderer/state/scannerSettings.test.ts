import { describe, expect, it } from 'vitest';
import { DEFAULT_SCANNER_SETTINGS, parseScannerSettings, wedgeSettingsFor } from './scannerSettings';

describe('scanner settings', () => {
  it('falls back to the defaults for missing or garbage storage', () => {
    expect(parseScannerSettings(null)).toEqual(DEFAULT_SCANNER_SETTINGS);
    expect(parseScannerSettings('{')).toEqual(DEFAULT_SCANNER_SETTINGS);
  });

  it('keeps good fields and drops only the bad ones', () => {
    const parsed = parseScannerSettings({ maxInterKeyMs: 60, minLength: -1, prefix: ']', suffix: 'far too long a suffix', terminators: ['Tab', 'Escape', 'Tab'], enabled: 'yes' });
    expect(parsed).toEqual({ ...DEFAULT_SCANNER_SETTINGS, maxInterKeyMs: 60, prefix: ']', terminators: ['Tab'] });
  });

  it('turns the wedge off entirely for devices without a USB scanner', () => {
    expect(wedgeSettingsFor({ ...DEFAULT_SCANNER_SETTINGS, enabled: false })).toBe(false);
    expect(wedgeSettingsFor(DEFAULT_SCANNER_SETTINGS)).toMatchObject({ maxInterKeyMs: DEFAULT_SCANNER_SETTINGS.maxInterKeyMs, terminators: ['Enter', 'Tab'] });
  });
});
