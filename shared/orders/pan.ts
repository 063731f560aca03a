/**
 * Card numbers never enter Aisle: a tender keeps the brand and the last 4 digits. `findCardNumber` looks for
 * anything in a string that could be a full card number (14–19 digits, or 13 starting with 4, optionally grouped by
 * spaces or dashes, passing the Luhn check), so ingest can refuse the whole payload rather than store one.
 */
function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** True when the text holds a run of 13–19 digits (spaces/dashes between groups allowed) that passes Luhn. */
export function looksLikeCardNumber(text: string): boolean {
  const runs = text.match(/\d[\d -]{11,}\d/g) ?? [];
  for (const run of runs) {
    const digits = run.replace(/[ -]/g, '');
    // 13 digits only for the old 13-digit Visa (a leading 4): loyalty cards are EAN-13 in the 20–29 in-store range,
    // and one random 13-digit number in ten passes Luhn.
    if (digits.length < 13 || digits.length > 19 || (digits.length === 13 && !digits.startsWith('4'))) continue;
    if (luhn(digits)) return true;
  }
  return false;
}

/** Paths of every string in a JSON value that looks like a card number (for a 400 that names them). */
export function findCardNumbers(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return looksLikeCardNumber(value) ? [path || '/'] : [];
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 1e12 && looksLikeCardNumber(String(value)) ? [path || '/'] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => findCardNumbers(v, `${path}/${i}`));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => findCardNumbers(v, `${path}/${k}`));
  return [];
}
