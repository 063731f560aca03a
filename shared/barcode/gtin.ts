/**
 * GTINs as decoders report them: the symbology decides how to read the digits (a UPC-E is 8 digits like an
 * EAN-8 but means a different item). Builds on shared/gtin.ts, which stays the source of the check digit.
 */
import { expandUpcE, toGtin14 } from '../gtin';
import type { DecodedFormat } from './formats';
import { isEanUpc } from './formats';

/** GTIN-14 for an EAN/UPC symbol's text, or null when it is not one or its check digit is wrong. */
export function gtinFromSymbol(text: string, format: DecodedFormat): string | null {
  if (!isEanUpc(format)) return null;
  const digits = text.trim();
  if (format === 'UPC_E') {
    // ZXing reports UPC-E as its 8 printed digits; zxing-cpp already expands it (to a 13-digit EAN form).
    if (digits.length !== 8) return toGtin14(digits);
    const upcA = expandUpcE(digits);
    return upcA ? upcA.padStart(14, '0') : null;
  }
  return toGtin14(digits);
}

export { displayGtin, expandUpcE, gs1CheckDigit, isValidGtin, toGtin14, withCheckDigit } from '../gtin';
