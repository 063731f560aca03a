/**
 * AIM symbology identifiers (ISO/IEC 15424): `]` + symbology letter + modifier, prepended by scanners set
 * up to send them (and reported by zxing-cpp). They tell GS1 data apart from plain text: `]C1` is GS1-128,
 * `]e0` GS1 DataBar, `]d2` GS1 DataMatrix, `]Q3` GS1 QR, `]J1` GS1 DotCode. EAN/UPC is `]E0` (EAN-13,
 * UPC-A, UPC-E) or `]E4` (EAN-8).
 */

/** The ASCII group separator that stands for FNC1 inside GS1 element strings. */
export const GS = '\u001d';

const AIM = /^\][A-Za-z][0-9A-Za-z]/;

// ISO/IEC 16022 and 18004 modifiers with FNC1 in first position, without and with ECI (]d5, ]Q4).
const GS1_IDS: ReadonlySet<string> = new Set([']C1', ']e0', ']d2', ']d5', ']Q3', ']Q4', ']J1']);

export interface AimSplit {
  readonly symbologyId?: string;
  readonly data: string;
}

export function splitAim(text: string): AimSplit {
  const m = AIM.exec(text);
  return m ? { symbologyId: m[0], data: text.slice(3) } : { data: text };
}

export function isGs1SymbologyId(id: string | undefined): boolean {
  return id !== undefined && GS1_IDS.has(id);
}

/** Shows a raw scan to a person: control characters become visible tokens such as <GS>. */
export function visibleScan(text: string, max = 80): string {
  const shown = text.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === GS ? '<GS>' : `<${c.charCodeAt(0).toString(16).padStart(2, '0')}>`));
  return shown.length > max ? shown.slice(0, max - 1) + '…' : shown;
}
