/**
 * Restricted-circulation, variable-measure EAN-13 codes (prefixes 02 and 20–29; GS1 General Specifications
 * §2.1.11 and §7.9). Their layout is not global: each retailer (or country) decides which digits are the
 * item reference, whether the value is a price or a weight, and whether a price verifier digit sits before
 * it. So the layout is configuration, and this module only applies it.
 *
 *   prefix (2) | item reference (itemDigits) | [verifier (1)] | value (valueDigits) | check digit (1)
 *
 * The catalog stores such items under the same EAN-13 with the verifier and value zeroed and the check
 * digit recomputed (`lookupGtin`), which is how scales and POS systems key PLUs.
 */
import { gs1CheckDigit, isValidGtin, withCheckDigit } from '../gtin';
import type { Money } from '../money';
import { priceCheckDigit } from './priceCheck';

export interface VariableMeasureLayout {
  /** Two-digit prefixes this layout applies to, e.g. ['20','21','22'] or ['02']. */
  readonly prefixes: readonly string[];
  readonly itemDigits: number;
  readonly valueDigits: number;
  /** 'price' in minor units of `currency`; 'weight' in grams (or in `weightUnitGrams` units). */
  readonly value: 'price' | 'weight';
  /** A GS1 price verifier digit precedes the value (only defined for 4- and 5-digit values). */
  readonly verifier: boolean;
  /** Required when value is 'price'. */
  readonly currency?: string;
  /** Grams per unit of the weight value (1 = grams, 10 = decagrams); defaults to 1. */
  readonly weightUnitGrams?: number;
}

export interface VariableMeasureItem {
  readonly prefix: string;
  readonly itemReference: string;
  /** GTIN-14 of the item with verifier and value zeroed, as the catalog stores it. */
  readonly lookupGtin: string;
  readonly price?: Money;
  readonly weightGrams?: number;
}

/** Why an in-store code was refused, as data (renderer/scan/messages.ts `vm_<code>`); `reason` is it in English. */
export type VariableMeasureProblem =
  | { readonly code: 'notThirteen'; readonly digits: string }
  | { readonly code: 'checkDigit'; readonly expected: number }
  | { readonly code: 'prefix'; readonly prefix: string }
  | { readonly code: 'verifier'; readonly measure: 'price' | 'weight'; readonly expected: number; readonly digits: string; readonly got: string };

export type VariableMeasureParse =
  | { readonly ok: true; readonly item: VariableMeasureItem }
  | { readonly ok: false; readonly reason: string; readonly problem: VariableMeasureProblem };

function vmText(p: VariableMeasureProblem): string {
  if (p.code === 'notThirteen') return `${p.digits} is not 13 digits`;
  if (p.code === 'checkDigit') return `check digit should be ${p.expected}`;
  if (p.code === 'prefix') return `prefix ${p.prefix} is not in this layout`;
  return `${p.measure} verifier digit should be ${p.expected} for ${p.digits}, got ${p.got}`;
}

function refused(problem: VariableMeasureProblem): VariableMeasureParse {
  return { ok: false, reason: vmText(problem), problem };
}

/** The restricted-circulation prefixes GS1 sets aside for in-store numbering. */
export const RESTRICTED_PREFIXES: readonly string[] = ['02', '20', '21', '22', '23', '24', '25', '26', '27', '28', '29'];

/** Throws when a layout cannot describe a 13-digit code; call it when loading configuration. */
export function checkLayout(layout: VariableMeasureLayout): void {
  const total = 2 + layout.itemDigits + (layout.verifier ? 1 : 0) + layout.valueDigits;
  if (total !== 12) throw new RangeError(`variable-measure layout covers ${total} digits before the check digit, must be 12`);
  if (layout.itemDigits < 1 || layout.valueDigits < 1) throw new RangeError('variable-measure layout needs item and value digits');
  if (layout.verifier && layout.valueDigits !== 4 && layout.valueDigits !== 5) throw new RangeError('a price verifier digit is defined for 4- or 5-digit values only');
  if (layout.value === 'price' && !layout.currency) throw new RangeError('a price layout needs a currency');
  if (layout.prefixes.some((p) => !/^\d\d$/.test(p))) throw new RangeError('variable-measure prefixes are two digits');
}

export function layoutFor(ean13: string, layouts: readonly VariableMeasureLayout[]): VariableMeasureLayout | undefined {
  const prefix = ean13.slice(0, 2);
  return layouts.find((l) => l.prefixes.includes(prefix));
}

export function parseVariableMeasure(ean13: string, layout: VariableMeasureLayout): VariableMeasureParse {
  if (!/^\d{13}$/.test(ean13)) return refused({ code: 'notThirteen', digits: ean13 });
  if (!isValidGtin(ean13)) return refused({ code: 'checkDigit', expected: gs1CheckDigit(ean13.slice(0, 12)) });
  const prefix = ean13.slice(0, 2);
  if (!layout.prefixes.includes(prefix)) return refused({ code: 'prefix', prefix });
  const itemEnd = 2 + layout.itemDigits;
  const itemReference = ean13.slice(2, itemEnd);
  const valueStart = itemEnd + (layout.verifier ? 1 : 0);
  const value = ean13.slice(valueStart, valueStart + layout.valueDigits);
  if (layout.verifier) {
    const expected = priceCheckDigit(value);
    const got = ean13.charAt(itemEnd);
    if (got !== String(expected)) return refused({ code: 'verifier', measure: layout.value, expected, digits: value, got });
  }
  const lookupGtin = withCheckDigit(prefix + itemReference + '0'.repeat(12 - itemEnd)).padStart(14, '0');
  const base = { prefix, itemReference, lookupGtin };
  if (layout.value === 'price') return { ok: true, item: { ...base, price: { amount: Number(value), currency: layout.currency ?? '' } } };
  return { ok: true, item: { ...base, weightGrams: Number(value) * (layout.weightUnitGrams ?? 1) } };
}

/** Builds the EAN-13 a scale would print; used by tests and fixture builders. */
export function encodeVariableMeasure(layout: VariableMeasureLayout, prefix: string, itemReference: string, value: number): string {
  checkLayout(layout);
  if (!layout.prefixes.includes(prefix)) throw new RangeError(`prefix ${prefix} is not in this layout`);
  if (!new RegExp(`^\\d{${layout.itemDigits}}$`).test(itemReference)) throw new RangeError(`item reference must be ${layout.itemDigits} digits`);
  if (!Number.isSafeInteger(value) || value < 0 || value >= 10 ** layout.valueDigits) throw new RangeError(`value must fit ${layout.valueDigits} digits`);
  const v = String(value).padStart(layout.valueDigits, '0');
  const verifier = layout.verifier ? String(priceCheckDigit(v)) : '';
  return withCheckDigit(prefix + itemReference + verifier + v);
}
