/**
 * The retailer's scan configuration as it travels from the catalog to devices (GET /api/v1/scan-config): which
 * loyalty card numbers it issues and how its in-store variable-measure labels are laid out. Parsed from unknown
 * on both sides — the server when an admin sets it, the device when it arrives or is read back from its cache —
 * so a bad value is refused with every reason, never half-applied.
 */
import type { LoyaltyConfig, ScanConfig } from './classify';
import { checkLayout, RESTRICTED_PREFIXES, type VariableMeasureLayout } from './variableMeasure';

/** The part of ScanConfig the retailer sets centrally (the currency and the reference year are per device). */
export interface RetailerScanConfig {
  readonly loyalty?: LoyaltyConfig;
  readonly variableMeasure?: readonly VariableMeasureLayout[];
}

export type ScanConfigParse = { ok: true; config: RetailerScanConfig } | { ok: false; issues: string[] };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function intIn(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function parseLoyalty(raw: unknown, issues: string[]): LoyaltyConfig | undefined {
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) {
    issues.push('loyalty: must be an object');
    return undefined;
  }
  const out: { textPrefix?: string; digits?: { min: number; max: number }; ean13Prefixes?: string[] } = {};
  if (raw['textPrefix'] !== undefined) {
    if (typeof raw['textPrefix'] === 'string' && /^[A-Za-z][A-Za-z0-9-]{0,11}$/.test(raw['textPrefix'])) out.textPrefix = raw['textPrefix'];
    else issues.push('loyalty.textPrefix: 1–12 letters, digits or dashes, starting with a letter');
  }
  if (raw['digits'] !== undefined) {
    const d = raw['digits'];
    if (isRecord(d) && intIn(d['min'], 1, 30) && intIn(d['max'], 1, 30) && d['min'] <= d['max']) out.digits = { min: d['min'], max: d['max'] };
    else issues.push('loyalty.digits: {min, max} whole numbers from 1 to 30, min ≤ max');
  }
  if (raw['ean13Prefixes'] !== undefined) {
    const p = raw['ean13Prefixes'];
    if (Array.isArray(p) && p.length <= 20 && p.every((x): x is string => typeof x === 'string' && /^\d{2,6}$/.test(x))) out.ean13Prefixes = [...p];
    else issues.push('loyalty.ean13Prefixes: up to 20 prefixes of 2–6 digits');
  }
  return out;
}

function parseLayouts(raw: unknown, issues: string[]): VariableMeasureLayout[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || raw.length > 20) {
    issues.push('variableMeasure: a list of up to 20 layouts');
    return undefined;
  }
  const out: VariableMeasureLayout[] = [];
  raw.forEach((l: unknown, i) => {
    const at = `variableMeasure[${i}]`;
    if (!isRecord(l)) return issues.push(`${at}: must be an object`);
    const prefixes = l['prefixes'];
    if (!Array.isArray(prefixes) || prefixes.length === 0 || !prefixes.every((p): p is string => typeof p === 'string' && RESTRICTED_PREFIXES.includes(p))) {
      return issues.push(`${at}.prefixes: one or more of ${RESTRICTED_PREFIXES.join(', ')}`);
    }
    const value = l['value'];
    if (value !== 'price' && value !== 'weight') return issues.push(`${at}.value: 'price' or 'weight'`);
    if (!intIn(l['itemDigits'], 1, 10) || !intIn(l['valueDigits'], 1, 10) || typeof l['verifier'] !== 'boolean') {
      return issues.push(`${at}: itemDigits and valueDigits 1–10, verifier true or false`);
    }
    const currency = l['currency'];
    if (value === 'price' && !(typeof currency === 'string' && /^[A-Z]{3}$/.test(currency))) return issues.push(`${at}.currency: an ISO 4217 code for a price layout`);
    const unit = l['weightUnitGrams'];
    if (unit !== undefined && !intIn(unit, 1, 1000)) return issues.push(`${at}.weightUnitGrams: 1–1000`);
    const layout: VariableMeasureLayout = {
      prefixes: [...prefixes],
      itemDigits: l['itemDigits'],
      valueDigits: l['valueDigits'],
      value,
      verifier: l['verifier'],
      ...(typeof currency === 'string' ? { currency } : {}),
      ...(typeof unit === 'number' ? { weightUnitGrams: unit } : {}),
    };
    try {
      checkLayout(layout);
    } catch (error) {
      return issues.push(`${at}: ${error instanceof Error ? error.message : String(error)}`);
    }
    out.push(layout);
  });
  return out;
}

export function parseRetailerScanConfig(raw: unknown): ScanConfigParse {
  if (!isRecord(raw)) return { ok: false, issues: ['the scan configuration must be an object'] };
  const issues: string[] = [];
  for (const key of Object.keys(raw)) if (key !== 'loyalty' && key !== 'variableMeasure') issues.push(`${key}: not a scan setting`);
  const loyalty = parseLoyalty(raw['loyalty'], issues);
  const variableMeasure = parseLayouts(raw['variableMeasure'], issues);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, config: { ...(loyalty ? { loyalty } : {}), ...(variableMeasure ? { variableMeasure } : {}) } };
}

/** What the scan router classifies with: the retailer's settings plus this store's currency. */
export function scanConfigFor(retailer: RetailerScanConfig, currency?: string): ScanConfig {
  return { ...retailer, ...(currency ? { currency } : {}) };
}
