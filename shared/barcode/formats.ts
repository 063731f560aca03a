/**
 * The barcode symbologies Aisle reads, named once so the decoder engines, the scan classifier and the
 * accuracy test agree. Engines map their own names onto these; anything else is reported as 'OTHER'
 * so an unexpected symbology is visible rather than silently mislabelled.
 */

export const BARCODE_FORMATS = ['EAN_13', 'EAN_8', 'UPC_A', 'UPC_E', 'CODE_128', 'ITF', 'QR_CODE', 'DATA_MATRIX'] as const;

export type BarcodeFormat = (typeof BARCODE_FORMATS)[number];

export type DecodedFormat = BarcodeFormat | 'OTHER';

/** The retail symbologies whose text is a GTIN (or a UPC-E that expands to one). */
export function isEanUpc(format: DecodedFormat): format is 'EAN_13' | 'EAN_8' | 'UPC_A' | 'UPC_E' {
  return format === 'EAN_13' || format === 'EAN_8' || format === 'UPC_A' || format === 'UPC_E';
}

export function isBarcodeFormat(value: unknown): value is BarcodeFormat {
  return typeof value === 'string' && (BARCODE_FORMATS as readonly string[]).includes(value);
}
