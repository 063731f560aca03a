/**
 * The GS1 price/weight verifier digit used inside restricted-circulation (in-store) EAN-13 codes
 * (GS1 General Specifications §7.9.2–7.9.3). Weighting "factors" are digit-to-digit tables, not plain
 * multiplications: 2- (double, units minus tens), 3 (units of triple), 5+ (times five, tens plus units),
 * 5- (times five, units minus tens).
 */

const W2M = [0, 2, 4, 6, 8, 9, 1, 3, 5, 7] as const;
const W3 = [0, 3, 6, 9, 2, 5, 8, 1, 4, 7] as const;
const W5P = [0, 5, 1, 6, 2, 7, 3, 8, 4, 9] as const;
const W5M = [0, 5, 9, 4, 8, 3, 7, 2, 6, 1] as const;

function digitsOf(value: string, length: number): number[] {
  if (!new RegExp(`^\\d{${length}}$`).test(value)) throw new RangeError(`price check needs ${length} digits, got "${value}"`);
  return [...value].map((c) => c.charCodeAt(0) - 48);
}

function at(table: readonly number[], d: number | undefined): number {
  return table[d ?? 0] ?? 0;
}

/** §7.9.3: check digit for a four-digit price field: weights 2-, 2-, 3, 5-; sum × 3, units digit. */
export function priceCheckDigit4(price: string): number {
  const [a, b, c, d] = digitsOf(price, 4);
  const sum = at(W2M, a) + at(W2M, b) + at(W3, c) + at(W5M, d);
  return (sum * 3) % 10;
}

/**
 * §7.9.3: check digit for a five-digit price field: weights 5+, 2-, 5-, 5+, 2-; the check digit is the one
 * whose 5- product equals ten minus the units digit of the sum.
 */
export function priceCheckDigit5(price: string): number {
  const [a, b, c, d, e] = digitsOf(price, 5);
  const sum = at(W5P, a) + at(W2M, b) + at(W5M, c) + at(W5P, d) + at(W2M, e);
  const target = (10 - (sum % 10)) % 10;
  return W5M.indexOf(target as (typeof W5M)[number]);
}

export function priceCheckDigit(price: string): number {
  if (price.length === 4) return priceCheckDigit4(price);
  if (price.length === 5) return priceCheckDigit5(price);
  throw new RangeError(`GS1 defines price check digits for 4 or 5 digits, got ${price.length}`);
}
