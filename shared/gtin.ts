/**
 * GTIN rules (GS1 General Specifications §7.9): the mod-10 check digit shared by GTIN-8, -12, -13 and -14,
 * and normalisation to GTIN-14 so that any rendering of the same item (UPC-A, EAN-13 with a leading 0,
 * GTIN-14 with packaging indicator 0, UPC-E) finds the same product.
 */

export type GtinLength = 8 | 12 | 13 | 14;

/** The GS1 mod-10 check digit for a string of digits that excludes the check digit. */
export function gs1CheckDigit(body: string): number {
  if (!/^\d+$/.test(body)) throw new RangeError(`GTIN body must be digits, got "${body}"`);
  let sum = 0;
  // Weights alternate 3,1,3,... starting from the rightmost digit of the body.
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidGtin(code: string): boolean {
  if (!/^\d+$/.test(code)) return false;
  if (![8, 12, 13, 14].includes(code.length)) return false;
  return gs1CheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

export function withCheckDigit(body: string): string {
  return body + String(gs1CheckDigit(body));
}

/** Expands an 8-digit UPC-E (number system 0 or 1, with check digit) to its 12-digit UPC-A. */
export function expandUpcE(upcE: string): string | null {
  if (!/^[01]\d{7}$/.test(upcE)) return null;
  const ns = upcE[0] ?? '0';
  const d = upcE.slice(1, 7);
  const check = upcE[7] ?? '';
  const last = d[5] ?? '0';
  let manufacturer: string;
  let product: string;
  switch (last) {
    case '0':
    case '1':
    case '2':
      manufacturer = d.slice(0, 2) + last + '00';
      product = '00' + d.slice(2, 5);
      break;
    case '3':
      manufacturer = d.slice(0, 3) + '00';
      product = '000' + d.slice(3, 5);
      break;
    case '4':
      manufacturer = d.slice(0, 4) + '0';
      product = '0000' + d.slice(4, 5);
      break;
    default:
      manufacturer = d.slice(0, 5);
      product = '0000' + last;
  }
  const upcA = ns + manufacturer + product + check;
  return isValidGtin(upcA) ? upcA : null;
}

/**
 * Normalises any GTIN rendering to GTIN-14, or returns null when the code is not a valid GTIN.
 * 8 digits starting with 0/1 are ambiguous (EAN-8 or UPC-E); a valid EAN-8 wins, as retail scanners
 * report UPC-E with its own symbology identifier and the scan classifier expands those first.
 */
export function toGtin14(code: string): string | null {
  const c = code.trim();
  if (!/^\d+$/.test(c)) return null;
  if (c.length === 8 || c.length === 12 || c.length === 13 || c.length === 14) {
    if (!isValidGtin(c)) {
      if (c.length === 8) {
        const upcA = expandUpcE(c);
        return upcA ? upcA.padStart(14, '0') : null;
      }
      return null;
    }
    return c.padStart(14, '0');
  }
  return null;
}

/** The shortest common rendering for display: UPC-A for US items, EAN-13 otherwise, GTIN-8 when it fits. */
export function displayGtin(gtin14: string): string {
  if (gtin14.startsWith('000000')) return gtin14.slice(6);
  if (gtin14.startsWith('00')) return gtin14.slice(2);
  if (gtin14.startsWith('0')) return gtin14.slice(1);
  return gtin14;
}
