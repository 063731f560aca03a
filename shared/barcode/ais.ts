/**
 * The GS1 application identifiers Aisle understands (GS1 General Specifications §3.2), with their data
 * format. Two facts drive the parser and must stay true:
 *  - AIs are prefix-free: no AI is the start of another, so reading 2, then 3, then 4 digits finds it.
 *  - Only AIs whose first two digits are in PREDEFINED_LENGTH (§7.8.5, Figure 7.8.5-2) may be followed by
 *    the next AI without an FNC1/GS separator; every other AI, fixed-length or not, is ended by GS unless
 *    it is the last in the string.
 */

export type AiCharset = 'n' | 'x';

export interface AiSpec {
  readonly ai: string;
  readonly meaning: string;
  readonly charset: AiCharset;
  /** Exact length when `fixed`, otherwise the maximum. */
  readonly length: number;
  readonly fixed: boolean;
  /** Digits after the AI's own prefix give the decimal point position (310n, 392n…). */
  readonly decimals?: number;
  /** Value ends in a GS1 mod-10 check digit (GTIN, SSCC, GLN). */
  readonly checkDigit?: boolean;
  /** YYMMDD date (DD may be 00: end of month). */
  readonly date?: boolean;
  /** Starts with a 3-digit ISO 4217 numeric currency or ISO 3166 country code. */
  readonly iso3?: boolean;
}

/** §7.8.5: first two digits of an AI → total length (AI + data) that needs no FNC1 separator. */
export const PREDEFINED_LENGTH: Readonly<Record<string, number>> = {
  '00': 20, '01': 16, '02': 16, '03': 16, '04': 18,
  '11': 8, '12': 8, '13': 8, '14': 8, '15': 8, '16': 8, '17': 8, '18': 8, '19': 8,
  '20': 4,
  '31': 10, '32': 10, '33': 10, '34': 10, '35': 10, '36': 10,
  '41': 16,
};

const specs: AiSpec[] = [];
const n = (ai: string, length: number, meaning: string, extra: Partial<AiSpec> = {}): void => {
  specs.push({ ai, meaning, charset: 'n', length, fixed: true, ...extra });
};
const nv = (ai: string, length: number, meaning: string, extra: Partial<AiSpec> = {}): void => {
  specs.push({ ai, meaning, charset: 'n', length, fixed: false, ...extra });
};
const xv = (ai: string, length: number, meaning: string): void => {
  specs.push({ ai, meaning, charset: 'x', length, fixed: false });
};

n('00', 18, 'SSCC', { checkDigit: true });
n('01', 14, 'GTIN', { checkDigit: true });
n('02', 14, 'CONTENT', { checkDigit: true });
n('11', 6, 'PROD DATE', { date: true });
n('12', 6, 'DUE DATE', { date: true });
n('13', 6, 'PACK DATE', { date: true });
n('15', 6, 'BEST BEFORE or BEST BY', { date: true });
n('16', 6, 'SELL BY', { date: true });
n('17', 6, 'USE BY or EXPIRY', { date: true });
n('20', 2, 'VARIANT');
xv('10', 20, 'BATCH/LOT');
xv('21', 20, 'SERIAL');
xv('22', 20, 'CPV');
xv('240', 30, 'ADDITIONAL ID');
xv('241', 30, 'CUST. PART No.');
nv('242', 6, 'MTO VARIANT');
xv('250', 30, 'SECONDARY SERIAL');
xv('251', 30, 'REF. TO SOURCE');
xv('254', 20, 'GLN EXTENSION COMPONENT');
nv('30', 8, 'VAR. COUNT');
nv('37', 8, 'COUNT');
// 31nn–36nn: trade measures, six digits with the decimal point position in the AI's last digit.
const MEASURES: Readonly<Record<string, string>> = {
  '310': 'NET WEIGHT (kg)', '311': 'LENGTH (m)', '312': 'WIDTH (m)', '313': 'HEIGHT (m)', '314': 'AREA (m²)',
  '315': 'NET VOLUME (l)', '316': 'NET VOLUME (m³)', '320': 'NET WEIGHT (lb)', '321': 'LENGTH (in)',
  '322': 'LENGTH (ft)', '323': 'LENGTH (yd)', '324': 'WIDTH (in)', '325': 'WIDTH (ft)', '326': 'WIDTH (yd)',
  '327': 'HEIGHT (in)', '328': 'HEIGHT (ft)', '329': 'HEIGHT (yd)', '330': 'GROSS WEIGHT (kg)',
  '331': 'LENGTH (m), log', '332': 'WIDTH (m), log', '333': 'HEIGHT (m), log', '334': 'AREA (m²), log',
  '335': 'VOLUME (l), log', '336': 'VOLUME (m³), log', '337': 'KG PER m²', '340': 'GROSS WEIGHT (lb)',
  '341': 'LENGTH (in), log', '342': 'LENGTH (ft), log', '343': 'LENGTH (yd), log', '344': 'WIDTH (in), log',
  '345': 'WIDTH (ft), log', '346': 'WIDTH (yd), log', '347': 'HEIGHT (in), log', '348': 'HEIGHT (ft), log',
  '349': 'HEIGHT (yd), log', '350': 'AREA (in²)', '351': 'AREA (ft²)', '352': 'AREA (yd²)',
  '353': 'AREA (in²), log', '354': 'AREA (ft²), log', '355': 'AREA (yd²), log', '356': 'NET WEIGHT (t oz)',
  '357': 'NET VOLUME (oz)', '360': 'NET VOLUME (qt)', '361': 'NET VOLUME (gal.)', '362': 'VOLUME (qt), log',
  '363': 'VOLUME (gal.), log', '364': 'VOLUME (in³)', '365': 'VOLUME (ft³)', '366': 'VOLUME (yd³)',
  '367': 'VOLUME (in³), log', '368': 'VOLUME (ft³), log', '369': 'VOLUME (yd³), log',
};
for (const [base, meaning] of Object.entries(MEASURES)) {
  for (let d = 0; d <= 9; d++) n(base + String(d), 6, meaning, { decimals: d });
}
for (let d = 0; d <= 9; d++) {
  nv('390' + String(d), 15, 'AMOUNT', { decimals: d });
  nv('391' + String(d), 18, 'AMOUNT (with ISO currency)', { decimals: d, iso3: true });
  nv('392' + String(d), 15, 'PRICE', { decimals: d });
  nv('393' + String(d), 18, 'PRICE (with ISO currency)', { decimals: d, iso3: true });
}
n('3940', 4, 'PRCNT OFF', { decimals: 0 });
n('3941', 4, 'PRCNT OFF', { decimals: 1 });
n('3942', 4, 'PRCNT OFF', { decimals: 2 });
n('3943', 4, 'PRCNT OFF', { decimals: 3 });
xv('400', 30, 'ORDER NUMBER');
xv('401', 30, 'GINC');
n('402', 17, 'GSIN', { checkDigit: true });
xv('403', 30, 'ROUTE');
n('410', 13, 'SHIP TO LOC', { checkDigit: true });
n('411', 13, 'BILL TO', { checkDigit: true });
n('412', 13, 'PURCHASE FROM', { checkDigit: true });
n('413', 13, 'SHIP FOR LOC', { checkDigit: true });
n('414', 13, 'LOC No.', { checkDigit: true });
n('415', 13, 'PAY TO', { checkDigit: true });
n('416', 13, 'PROD/SERV LOC', { checkDigit: true });
n('417', 13, 'PARTY', { checkDigit: true });
xv('420', 20, 'SHIP TO POST');
n('422', 3, 'ORIGIN', { iso3: true });
n('424', 3, 'COUNTRY - PROCESS', { iso3: true });
n('426', 3, 'COUNTRY - FULL PROCESS', { iso3: true });
n('7003', 10, 'EXPIRY TIME');
xv('7240', 20, 'PROTOCOL');
n('8005', 6, 'PRICE PER UNIT');
xv('8020', 25, 'REF No.');
xv('8200', 70, 'PRODUCT URL');
xv('90', 30, 'INTERNAL');
for (let d = 1; d <= 9; d++) xv('9' + String(d), 90, 'INTERNAL');

export const AI_SPECS: ReadonlyMap<string, AiSpec> = new Map(specs.map((s) => [s.ai, s]));

/** Finds the AI at the start of `digits` (the table is prefix-free, so the first match is the only one). */
export function lookupAi(text: string, at = 0): AiSpec | undefined {
  for (const len of [2, 3, 4]) {
    const spec = AI_SPECS.get(text.slice(at, at + len));
    if (spec) return spec;
  }
  return undefined;
}

/** Whether this AI may be followed directly by the next one (no GS), per the predefined-length table. */
export function hasPredefinedLength(ai: string): boolean {
  return PREDEFINED_LENGTH[ai.slice(0, 2)] !== undefined;
}

/** GS1 AI encodable character set 82 (§7.11, Figure 7.11-1). */
export const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/;
