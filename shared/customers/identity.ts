/**
 * Normalising the keys one customer is recognised by across channels: e-mail (trimmed, lower case), phone (E.164
 * through libphonenumber-js, the audited implementation of Google's metadata), loyalty card number (13-digit
 * EAN-13 in the retailer's in-store range, printed as EAN-13 and as Code 128 "LOY" + the same digits).
 *
 * Identity rule (server/customers/identity.ts): an ingested customer is the existing one with the same channel id,
 * else the same e-mail, else the same phone, else the same loyalty number — the oldest live record when several
 * match; otherwise a new customer. Duplicates that slipped through are joined by an explicit merge.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { isValidGtin, withCheckDigit } from '../gtin';

export function normaliseEmail(raw: string): string | null {
  const t = raw.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t) && t.length <= 254 ? t : null;
}

/** E.164 ("+14155550123"), or null when it is not a possible number. */
export function normalisePhone(raw: string, defaultCountry: CountryCode = 'US'): string | null {
  const t = raw.trim();
  if (t === '' || t.length > 32) return null;
  const parsed = parsePhoneNumberFromString(t, defaultCountry);
  if (!parsed?.isPossible()) return null;
  return parsed.number;
}

/** The retailer's loyalty scan configuration (shared/barcode/classify.ts ScanConfig.loyalty), served by the catalog. */
export const LOYALTY_SCAN_CONFIG = { textPrefix: 'LOY', digits: { min: 13, max: 13 }, ean13Prefixes: ['2999'] } as const;

/** A card number as stored: 13 digits, a valid EAN-13 in the 2999 range. */
export function isLoyaltyNumber(raw: string): boolean {
  return /^2999\d{9}$/.test(raw) && isValidGtin(raw);
}

/** The n-th demo/issued card number: 2999 + 8 digits + check digit. */
export function loyaltyNumberFor(n: number): string {
  return withCheckDigit(`2999${String(n).padStart(8, '0')}`);
}

/** What a typed/scanned loyalty reading normalises to: digits only, "LOY" prefix dropped. */
export function normaliseLoyalty(raw: string): string | null {
  const t = raw.trim().toUpperCase().replace(/^LOY/, '').replace(/[\s-]/g, '');
  return isLoyaltyNumber(t) ? t : null;
}

/** Lower-cased name keys for prefix search: "first last" and "last first", accents kept, spaces collapsed. */
export function nameKeys(firstName: string, lastName: string): { key: string; rev: string } {
  const f = firstName.trim().toLowerCase().replace(/\s+/g, ' ');
  const l = lastName.trim().toLowerCase().replace(/\s+/g, ' ');
  return { key: `${f} ${l}`.trim(), rev: `${l} ${f}`.trim() };
}
