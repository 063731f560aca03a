/**
 * Decides what a scan is, from the text a camera decoder or a keyboard-wedge scanner produced. The one
 * rule that must stay true: nothing is dropped silently. Every scan comes back as a kind the UI can route,
 * or as `unknown`/`invalid` with a reason that shows what was read ("Read 4006381333932: check digit
 * should be 1"), so an associate can tell a damaged label from a code Aisle does not handle.
 */
import { gs1CheckDigit, expandUpcE, isValidGtin } from '../gtin';
import type { DecodedFormat } from './formats';
import { GS, isGs1SymbologyId, splitAim, visibleScan } from './aim';
import { looksLikeAisleCode, parseBarePickupCode, parsePickupCode, parseReceiptCode } from './aisleCodes';
import type { Gs1Data } from './gs1';

/** shared/returns/receipt.ts RECEIPT_PREFIX (not imported: the classifier stays free of the Ed25519 code; classify.test.ts checks they agree). */
const SIGNED_RECEIPT_PREFIX = 'AR1.';
import { gs1FromElements, parseGs1 } from './gs1';
import type { Gs1Parse, Gs1Problem } from './gs1';
import { parseDigitalLink } from './digitalLink';
import type { VariableMeasureItem, VariableMeasureLayout, VariableMeasureProblem } from './variableMeasure';
import { RESTRICTED_PREFIXES, layoutFor, parseVariableMeasure } from './variableMeasure';

export interface LoyaltyConfig {
  /** Text cards: this prefix followed by `digits` digits, e.g. LOY0012345678. */
  readonly textPrefix?: string;
  readonly digits?: { readonly min: number; readonly max: number };
  /** EAN-13 cards: the retailer's number range, e.g. ['2999'] or ['99']. Checked before variable measure. */
  readonly ean13Prefixes?: readonly string[];
}

export interface ScanConfig {
  readonly variableMeasure?: readonly VariableMeasureLayout[];
  readonly loyalty?: LoyaltyConfig;
  /** Store currency, for AI 392n prices in GS1 data. */
  readonly currency?: string;
  /** For GS1 two-digit years; defaults to the current UTC year. */
  readonly referenceYear?: number;
  /** Restricted-circulation EAN-13 prefixes; defaults to GS1's 02 and 20–29. */
  readonly restrictedPrefixes?: readonly string[];
}

export interface ScanInput {
  readonly text: string;
  /** Symbology reported by the camera decoder; a wedge scanner usually does not say. */
  readonly format?: DecodedFormat;
  /** AIM identifier, when reported separately (a wedge scanner sends it inside `text` instead). */
  readonly symbologyId?: string;
}

interface Base {
  /** Exactly what was read, for logs and for showing to the associate. */
  readonly raw: string;
}

export type ScanResult =
  | (Base & {
      readonly kind: 'product';
      readonly source: 'gtin' | 'gs1' | 'variable-measure';
      /** GTIN-14 to look up in the catalog (for variable measure: the item with its value zeroed). */
      readonly gtin: string;
      readonly gs1?: Gs1Data;
      readonly variableMeasure?: VariableMeasureItem;
    })
  | (Base & {
      readonly kind: 'pickup';
      readonly code: string;
      /** Read as the bare code (no AISLE:PU: / aisle:// prefix): only screens expecting a pickup take it. */
      readonly bare?: true;
    })
  /** `orderId` from an `AISLE:RC:` code; a signed receipt code (shared/returns/receipt.ts, `AR1.…`) has `signed: true`
   *  and orderId '' until its signature is verified (the return screen does that, offline, with the server's key). */
  | (Base & { readonly kind: 'receipt'; readonly orderId: string; readonly signed?: true })
  | (Base & { readonly kind: 'loyalty'; readonly cardNumber: string })
  | (Base & { readonly kind: 'unknown'; readonly reason: string; readonly why: ScanWhy })
  | (Base & { readonly kind: 'invalid'; readonly reason: string; readonly why: ScanWhy });

/**
 * Why a scan was not used, as data, so the screen can say it in the store's language (renderer/scan/messages.ts);
 * `reason` is the same in English, for logs and tests. A parser's own reason is data too (Gs1Problem,
 * VariableMeasureProblem), said by renderer/scan/messages.ts.
 */
export type ScanWhy =
  | { readonly code: 'gtinLength'; readonly digits: number }
  | { readonly code: 'checkDigit'; readonly expected: string }
  | { readonly code: 'inStoreNoLayout'; readonly prefix: string }
  | { readonly code: 'variableMeasure'; readonly problem: VariableMeasureProblem }
  | { readonly code: 'gs1Invalid'; readonly problem: Gs1Problem }
  | { readonly code: 'gs1NoProduct'; readonly ais: string }
  | { readonly code: 'emptyAfterAim' }
  | { readonly code: 'aisleMalformed' }
  | { readonly code: 'loyaltyDigits'; readonly prefix: string; readonly min: number; readonly max: number }
  | { readonly code: 'notACode' };

export type ScanKind = ScanResult['kind'];

function read(raw: string): string {
  return `Read ${visibleScan(raw)}`;
}

function isGtinLength(n: number): boolean {
  return n === 8 || n === 12 || n === 13 || n === 14;
}

function classifyDigits(raw: string, digits: string, format: DecodedFormat | undefined, config: ScanConfig): ScanResult {
  if (!isGtinLength(digits.length)) {
    return { kind: 'unknown', raw, reason: `${read(raw)}: ${digits.length} digits is not a product code (GTIN-8, -12, -13 or -14)`, why: { code: 'gtinLength', digits: digits.length } };
  }
  // UPC-E is 8 digits like EAN-8; the decoder's format settles it, otherwise a valid EAN-8 wins (shared/gtin.ts).
  if (digits.length === 8 && (format === 'UPC_E' || (format !== 'EAN_8' && !isValidGtin(digits)))) {
    const upcA = expandUpcE(digits);
    if (upcA) return { kind: 'product', source: 'gtin', raw, gtin: upcA.padStart(14, '0') };
  }
  if (!isValidGtin(digits)) {
    const expected = String(gs1CheckDigit(digits.slice(0, -1)));
    return { kind: 'invalid', raw, reason: `${read(raw)}: check digit should be ${expected}`, why: { code: 'checkDigit', expected } };
  }
  const gtin = digits.padStart(14, '0');
  const ean13 = gtin.slice(1);
  const loyalty = config.loyalty?.ean13Prefixes;
  if (gtin.startsWith('0') && loyalty?.some((p) => ean13.startsWith(p))) return { kind: 'loyalty', raw, cardNumber: ean13 };
  const prefix = ean13.slice(0, 2);
  if (gtin.startsWith('0') && (config.restrictedPrefixes ?? RESTRICTED_PREFIXES).includes(prefix)) {
    const layout = layoutFor(ean13, config.variableMeasure ?? []);
    if (!layout) {
      return { kind: 'unknown', raw, reason: `${read(raw)}: an in-store code (prefix ${prefix}) but no variable-measure layout is set up for it`, why: { code: 'inStoreNoLayout', prefix } };
    }
    const vm = parseVariableMeasure(ean13, layout);
    if (!vm.ok) return { kind: 'invalid', raw, reason: `${read(raw)}: ${vm.reason}`, why: { code: 'variableMeasure', problem: vm.problem } };
    return { kind: 'product', source: 'variable-measure', raw, gtin: vm.item.lookupGtin, variableMeasure: vm.item };
  }
  return { kind: 'product', source: 'gtin', raw, gtin };
}

function classifyGs1(raw: string, text: string, config: ScanConfig, elements?: readonly { ai: string; value: string }[]): ScanResult {
  const options = {
    ...(config.currency ? { currency: config.currency } : {}),
    ...(config.referenceYear ? { referenceYear: config.referenceYear } : {}),
  };
  const parsed: Gs1Parse = elements ? gs1FromElements(elements, options) : parseGs1(text, options);
  if (!parsed.ok) return { kind: 'invalid', raw, reason: `${read(raw)}: GS1 data ${parsed.reason}`, why: { code: 'gs1Invalid', problem: parsed.problem } };
  const { gtin } = parsed.data;
  if (!gtin) {
    const list = parsed.data.ais.map((a) => `(${a.ai})`).join('');
    return { kind: 'unknown', raw, reason: `${read(raw)}: GS1 data ${list} names no product (no AI 01)`, why: { code: 'gs1NoProduct', ais: list } };
  }
  return { kind: 'product', source: 'gs1', raw, gtin, gs1: parsed.data };
}

export function classifyScan(input: string | ScanInput, config: ScanConfig = {}): ScanResult {
  const scan: ScanInput = typeof input === 'string' ? { text: input } : input;
  const raw = scan.text;
  // Scanners often end a burst with CR/LF; they are never part of the data.
  const { symbologyId: inline, data } = splitAim(raw.replace(/[\r\n]+$/, ''));
  const symbologyId = scan.symbologyId ?? inline;
  const text = data;
  if (text.trim() === '') return { kind: 'invalid', raw, reason: `${read(raw)}: nothing after the symbology identifier`, why: { code: 'emptyAfterAim' } };

  const gs1ByForm = text.startsWith(GS) || /^\(\d{2,4}\)/.test(text);
  if (isGs1SymbologyId(symbologyId) || gs1ByForm) return classifyGs1(raw, text, config);

  const link = parseDigitalLink(text);
  if (link) return classifyGs1(raw, text, config, link);

  const pickup = parsePickupCode(text);
  if (pickup) return { kind: 'pickup', raw, code: pickup };
  const receipt = parseReceiptCode(text);
  if (receipt) return { kind: 'receipt', raw, orderId: receipt };
  if (text.trim().startsWith(SIGNED_RECEIPT_PREFIX)) return { kind: 'receipt', raw, orderId: '', signed: true };
  if (looksLikeAisleCode(text)) return { kind: 'invalid', raw, reason: `${read(raw)}: an Aisle code, but not a well-formed pickup or receipt code`, why: { code: 'aisleMalformed' } };

  const loyalty = config.loyalty;
  if (loyalty?.textPrefix && text.toUpperCase().startsWith(loyalty.textPrefix.toUpperCase())) {
    const rest = text.slice(loyalty.textPrefix.length);
    const { min, max } = loyalty.digits ?? { min: 6, max: 20 };
    if (/^\d+$/.test(rest) && rest.length >= min && rest.length <= max) return { kind: 'loyalty', raw, cardNumber: rest };
    return { kind: 'invalid', raw, reason: `${read(raw)}: starts like a loyalty card (${loyalty.textPrefix}) but needs ${min}–${max} digits after it`, why: { code: 'loyaltyDigits', prefix: loyalty.textPrefix, min, max } };
  }

  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return classifyDigits(raw, trimmed, scan.format, config);
  // After every other form, so a configured loyalty prefix or a GTIN always wins over the bare pickup shape.
  const bare = parseBarePickupCode(trimmed);
  if (bare) return { kind: 'pickup', raw, code: bare, bare: true };
  return { kind: 'unknown', raw, reason: `${read(raw)}: not a product, pickup, receipt or loyalty code`, why: { code: 'notACode' } };
}
