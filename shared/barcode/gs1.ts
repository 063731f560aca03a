/**
 * GS1 element strings as carried by GS1-128, GS1 DataMatrix, GS1 QR and GS1 DataBar (GS1 General
 * Specifications §7.8): parse a scan into application identifiers and the fields a store cares about
 * (GTIN, expiry, batch, serial, weight, price), and encode them back (so property tests can round-trip and
 * fixtures can be generated). Accepts what scanners actually send: an optional AIM identifier, FNC1 as
 * GS (ASCII 29) including a leading one, or the human-readable "(01)…(17)…" form.
 */
import { gs1CheckDigit } from '../gtin';
import type { Money } from '../money';
import { minorDigits } from '../money';
import type { AiSpec } from './ais';
import { AI_SPECS, CSET82, hasPredefinedLength, lookupAi } from './ais';
import { GS, splitAim } from './aim';

export interface Gs1Element {
  readonly ai: string;
  readonly value: string;
  readonly meaning: string;
}

export interface Gs1Data {
  readonly ais: readonly Gs1Element[];
  /** AI 01, as GTIN-14. */
  readonly gtin?: string;
  /** AI 17 as an ISO date (YYYY-MM-DD); day 00 means the last day of the month. */
  readonly expiry?: string;
  /** AI 15 as an ISO date. */
  readonly bestBefore?: string;
  readonly batch?: string;
  readonly serial?: string;
  /** AI 310n. A measurement, not money, so a decimal number is fine here. */
  readonly weightKg?: number;
  /** AI 392n (in the configured currency) or 393n (currency in the data), in integer minor units. */
  readonly price?: Money;
  /** AI 30 or 37. */
  readonly count?: number;
}

/**
 * Why a GS1 string was refused, as data: the renderer says it in the store's language (renderer/scan/messages.ts,
 * keys `gs1_<code>`); `gs1ProblemText` says it in English for logs and tests. `ai` is the application identifier
 * the problem is in; the AI's meaning is not carried (it is English), the screen names the AI by its number.
 */
export type Gs1Problem =
  | { readonly code: 'unknownAi'; readonly at: string }
  | { readonly code: 'noAis' }
  | { readonly code: 'noLeadingAi' }
  | { readonly code: 'empty'; readonly ai: string }
  | { readonly code: 'fixedLength'; readonly ai: string; readonly length: number; readonly got: number }
  /** A fixed-length value cut short by a separator or the end of the scan. */
  | { readonly code: 'truncated'; readonly ai: string; readonly length: number }
  | { readonly code: 'maxLength'; readonly ai: string; readonly length: number; readonly got: number }
  | { readonly code: 'digitsOnly'; readonly ai: string; readonly value: string }
  | { readonly code: 'charset'; readonly ai: string; readonly value: string }
  | { readonly code: 'isoTooShort'; readonly ai: string }
  | { readonly code: 'checkDigit'; readonly ai: string; readonly value: string; readonly expected: number }
  | { readonly code: 'dateFormat'; readonly ai: string; readonly value: string }
  | { readonly code: 'dateMonth'; readonly ai: string; readonly value: string; readonly month: string }
  | { readonly code: 'dateDay'; readonly ai: string; readonly value: string; readonly day: string; readonly last: number };

export type Gs1ProblemCode = Gs1Problem['code'];

/** `reason` is gs1ProblemText(problem): English, for logs and tests. */
export type Gs1Parse = { readonly ok: true; readonly data: Gs1Data } | { readonly ok: false; readonly reason: string; readonly problem: Gs1Problem };

/** A problem of a date value, before it is tied to its AI (see gs1DateToIso). */
export type Gs1DateProblem = { readonly code: 'dateFormat'; readonly value: string } | { readonly code: 'dateMonth'; readonly value: string; readonly month: string } | { readonly code: 'dateDay'; readonly value: string; readonly day: string; readonly last: number };

function dateText(p: Gs1DateProblem): string {
  if (p.code === 'dateFormat') return `date ${p.value} is not YYMMDD`;
  if (p.code === 'dateMonth') return `date ${p.value} has month ${p.month}`;
  return `date ${p.value} has day ${p.day}, the month has ${p.last}`;
}

/** The problem in English, as the parser has always worded it. */
export function gs1ProblemText(p: Gs1Problem): string {
  if (p.code === 'unknownAi') return `no known application identifier at "${p.at}"`;
  if (p.code === 'noAis') return 'no application identifiers';
  if (p.code === 'noLeadingAi') return 'does not start with a known "(AI)"';
  const label = `(${p.ai}) ${AI_SPECS.get(p.ai)?.meaning ?? ''}`.trimEnd();
  switch (p.code) {
    case 'empty': return `${label} is empty`;
    case 'fixedLength': return `${label} must be ${p.length} characters, got ${p.got}`;
    case 'truncated': return `${label} must be ${p.length} characters`;
    case 'maxLength': return `${label} is at most ${p.length} characters, got ${p.got}`;
    case 'digitsOnly': return `${label} must be digits, got "${p.value}"`;
    case 'charset': return `${label} has characters outside GS1's set: "${p.value}"`;
    case 'isoTooShort': return `${label} is too short for its ISO code`;
    case 'checkDigit': return `${label} ${p.value}: check digit should be ${p.expected}`;
    default: return `${label}: ${dateText(p)}`;
  }
}

function refused(problem: Gs1Problem): { ok: false; reason: string; problem: Gs1Problem } {
  return { ok: false, reason: gs1ProblemText(problem), problem };
}

export interface Gs1Options {
  /** Currency of AI 392n prices (the store's own). Without it, 392n stays in `ais` only. */
  readonly currency?: string;
  /** The year that two-digit years are resolved against (§7.12); defaults to the current UTC year. */
  readonly referenceYear?: number;
}

/** ISO 4217 numeric codes for AI 391n/393n; a small list of currencies Aisle's retailers use. */
const ISO4217_NUMERIC: Readonly<Record<string, string>> = {
  '036': 'AUD', '124': 'CAD', '156': 'CNY', '208': 'DKK', '392': 'JPY', '578': 'NOK', '752': 'SEK',
  '756': 'CHF', '826': 'GBP', '840': 'USD', '978': 'EUR', '985': 'PLN', '203': 'CZK', '348': 'HUF',
};

/** §7.12: resolves YY to a full year within -49…+50 years of the reference year. */
export function yearFromYY(yy: number, referenceYear: number): number {
  const current = referenceYear % 100;
  const century = referenceYear - current;
  const diff = yy - current;
  if (diff >= 51) return century - 100 + yy;
  if (diff <= -50) return century + 100 + yy;
  return century + yy;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** YYMMDD → ISO date, or a reason (English) and the problem as data. */
export function gs1DateToIso(yymmdd: string, referenceYear: number): { iso: string } | { reason: string; problem: Gs1DateProblem } {
  const no = (problem: Gs1DateProblem): { reason: string; problem: Gs1DateProblem } => ({ reason: dateText(problem), problem });
  const m = /^(\d\d)(\d\d)(\d\d)$/.exec(yymmdd);
  if (!m) return no({ code: 'dateFormat', value: yymmdd });
  const year = yearFromYY(Number(m[1]), referenceYear);
  const month = Number(m[2]);
  let day = Number(m[3]);
  if (month < 1 || month > 12) return no({ code: 'dateMonth', value: yymmdd, month: m[2] ?? '' });
  const last = daysInMonth(year, month);
  if (day > last) return no({ code: 'dateDay', value: yymmdd, day: m[3] ?? '', last });
  if (day === 0) day = last;
  return { iso: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

function validate(spec: AiSpec, value: string, referenceYear: number): Gs1Problem | null {
  const ai = spec.ai;
  if (value.length === 0) return { code: 'empty', ai };
  if (spec.fixed && value.length !== spec.length) return { code: 'fixedLength', ai, length: spec.length, got: value.length };
  if (!spec.fixed && value.length > spec.length) return { code: 'maxLength', ai, length: spec.length, got: value.length };
  if (spec.charset === 'n' && !/^\d+$/.test(value)) return { code: 'digitsOnly', ai, value };
  if (spec.charset === 'x' && !CSET82.test(value)) return { code: 'charset', ai, value };
  if (spec.iso3 && value.length < (spec.fixed ? 3 : 4)) return { code: 'isoTooShort', ai };
  if (spec.checkDigit) {
    const expected = gs1CheckDigit(value.slice(0, -1));
    if (String(expected) !== value.slice(-1)) return { code: 'checkDigit', ai, value, expected };
  }
  if (spec.date) {
    const d = gs1DateToIso(value, referenceYear);
    if ('problem' in d) return { ...d.problem, ai };
  }
  return null;
}

function element(spec: AiSpec, value: string): Gs1Element {
  return { ai: spec.ai, value, meaning: spec.meaning };
}

function parseRaw(text: string, referenceYear: number): { ais: Gs1Element[] } | { problem: Gs1Problem } {
  const ais: Gs1Element[] = [];
  let pos = 0;
  while (pos < text.length) {
    if (text[pos] === GS) {
      // Separators are tolerated anywhere between elements (some encoders add them after fixed AIs too).
      pos++;
      continue;
    }
    const spec = lookupAi(text, pos);
    if (!spec) return { problem: { code: 'unknownAi', at: text.slice(pos, pos + 4) } };
    const start = pos + spec.ai.length;
    let value: string;
    if (spec.fixed) {
      value = text.slice(start, start + spec.length);
      if (value.includes(GS) || value.length < spec.length) return { problem: { code: 'truncated', ai: spec.ai, length: spec.length } };
      pos = start + spec.length;
    } else {
      const end = text.indexOf(GS, start);
      value = text.slice(start, end === -1 ? text.length : end);
      pos = end === -1 ? text.length : end;
    }
    const problem = validate(spec, value, referenceYear);
    if (problem) return { problem };
    ais.push(element(spec, value));
  }
  if (ais.length === 0) return { problem: { code: 'noAis' } };
  return { ais };
}

/** "(01)…(17)…": an element runs until the next "(AI)" with a known AI, so values may contain parentheses. */
function parseHri(text: string, referenceYear: number): { ais: Gs1Element[] } | { problem: Gs1Problem } {
  const ais: Gs1Element[] = [];
  const opener = /\((\d{2,4})\)/g;
  const marks: { ai: string; at: number; after: number }[] = [];
  for (let m = opener.exec(text); m; m = opener.exec(text)) {
    const ai = m[1] ?? '';
    if (AI_SPECS.has(ai)) marks.push({ ai, at: m.index, after: m.index + m[0].length });
  }
  if (marks.length === 0 || marks[0]?.at !== 0) return { problem: { code: 'noLeadingAi' } };
  for (let i = 0; i < marks.length; i++) {
    const mark = marks[i];
    const spec = mark ? AI_SPECS.get(mark.ai) : undefined;
    if (!mark || !spec) continue;
    const value = text.slice(mark.after, marks[i + 1]?.at ?? text.length);
    const problem = validate(spec, value, referenceYear);
    if (problem) return { problem };
    ais.push(element(spec, value));
  }
  return { ais };
}

function decimal(value: string, decimals: number): number {
  return Number(value) / 10 ** decimals;
}

/** Converts a price with `decimals` implied decimals to minor units, when that is exact. */
function toMinor(digits: string, decimals: number, currency: string): Money | undefined {
  const minor = minorDigits(currency);
  const value = BigInt(digits);
  let amount: bigint;
  if (decimals <= minor) amount = value * 10n ** BigInt(minor - decimals);
  else {
    const div = 10n ** BigInt(decimals - minor);
    if (value % div !== 0n) return undefined;
    amount = value / div;
  }
  if (amount > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return { amount: Number(amount), currency };
}

function derive(ais: readonly Gs1Element[], options: Gs1Options, referenceYear: number): Gs1Data {
  let data: Gs1Data = { ais };
  for (const { ai, value } of ais) {
    const spec = AI_SPECS.get(ai);
    if (ai === '01') data = { ...data, gtin: value };
    else if (ai === '10') data = { ...data, batch: value };
    else if (ai === '21') data = { ...data, serial: value };
    else if (ai === '17' || ai === '15') {
      const d = gs1DateToIso(value, referenceYear);
      if ('iso' in d) data = ai === '17' ? { ...data, expiry: d.iso } : { ...data, bestBefore: d.iso };
    } else if (ai.startsWith('310') && spec?.decimals !== undefined) data = { ...data, weightKg: decimal(value, spec.decimals) };
    else if (ai === '30' || ai === '37') data = { ...data, count: Number(value) };
    else if (ai.startsWith('392') && spec?.decimals !== undefined && options.currency) {
      const price = toMinor(value, spec.decimals, options.currency);
      if (price) data = { ...data, price };
    } else if (ai.startsWith('393') && spec?.decimals !== undefined) {
      const currency = ISO4217_NUMERIC[value.slice(0, 3)];
      const price = currency ? toMinor(value.slice(3), spec.decimals, currency) : undefined;
      if (price) data = { ...data, price };
    }
  }
  return data;
}

/** Validates and interprets an element list from another GS1 carrier (e.g. a Digital Link URI). */
export function gs1FromElements(elements: readonly { readonly ai: string; readonly value: string }[], options: Gs1Options = {}): Gs1Parse {
  const referenceYear = options.referenceYear ?? new Date().getUTCFullYear();
  const ais: Gs1Element[] = [];
  for (const { ai, value } of elements) {
    const spec = AI_SPECS.get(ai);
    if (!spec) return refused({ code: 'unknownAi', at: ai });
    const problem = validate(spec, value, referenceYear);
    if (problem) return refused(problem);
    ais.push(element(spec, value));
  }
  if (ais.length === 0) return refused({ code: 'noAis' });
  return { ok: true, data: derive(ais, options, referenceYear) };
}

/**
 * Parses a GS1 element string. `text` may carry an AIM identifier and a leading FNC1 (GS); the caller has
 * already decided the scan is GS1 (by AIM id, a leading GS or the "(AI)" form), see classifyScan.
 */
export function parseGs1(text: string, options: Gs1Options = {}): Gs1Parse {
  const referenceYear = options.referenceYear ?? new Date().getUTCFullYear();
  let body = splitAim(text).data;
  while (body.startsWith(GS)) body = body.slice(1);
  const parsed = body.startsWith('(') ? parseHri(body, referenceYear) : parseRaw(body, referenceYear);
  if ('problem' in parsed) return refused(parsed.problem);
  return { ok: true, data: derive(parsed.ais, options, referenceYear) };
}

export interface Gs1EncodeOptions {
  /** 'raw' joins elements with GS where the spec needs FNC1; 'hri' writes "(AI)value". */
  readonly form?: 'raw' | 'hri';
  /** Prepend an AIM symbology identifier such as ']C1' (raw form only). */
  readonly symbologyId?: string;
  readonly referenceYear?: number;
}

/** Encodes elements as a GS1 element string; throws RangeError on an unknown AI or an invalid value. */
export function encodeGs1(elements: readonly { readonly ai: string; readonly value: string }[], options: Gs1EncodeOptions = {}): string {
  const referenceYear = options.referenceYear ?? new Date().getUTCFullYear();
  const parts: string[] = [];
  elements.forEach(({ ai, value }, i) => {
    const spec = AI_SPECS.get(ai);
    if (!spec) throw new RangeError(`unknown GS1 application identifier ${ai}`);
    const problem = validate(spec, value, referenceYear);
    if (problem) throw new RangeError(gs1ProblemText(problem));
    if (options.form === 'hri') parts.push(`(${ai})${value}`);
    else {
      const last = i === elements.length - 1;
      parts.push(ai + value + (last || hasPredefinedLength(ai) ? '' : GS));
    }
  });
  const body = parts.join('');
  return options.form === 'hri' ? body : (options.symbologyId ?? '') + body;
}
