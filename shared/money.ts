/**
 * Money is an integer count of minor units (cents, pence) with an ISO 4217 currency.
 * Floats never hold money anywhere in Aisle: the server is the authority for prices and
 * sums, and both sides must compute the same integer.
 */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

const MINOR_DIGITS: Readonly<Record<string, number>> = { JPY: 0, KRW: 0, BHD: 3, KWD: 3 };

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

export function isMoney(value: unknown): value is Money {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return Number.isSafeInteger(v['amount']) && typeof v['currency'] === 'string' && /^[A-Z]{3}$/.test(v['currency']);
}

export function money(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`money amount must be an integer of minor units, got ${amount}`);
  if (!/^[A-Z]{3}$/.test(currency)) throw new RangeError(`currency must be an ISO 4217 code, got ${currency}`);
  return { amount, currency };
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new RangeError(`cannot add ${a.currency} to ${b.currency}`);
  return money(a.amount + b.amount, a.currency);
}

export function multiplyMoney(a: Money, quantity: number): Money {
  if (!Number.isSafeInteger(quantity)) throw new RangeError(`quantity must be an integer, got ${quantity}`);
  return money(a.amount * quantity, a.currency);
}

/**
 * Parses a decimal string such as "19.99" or "1,299.00" (as found in CSV exports) into minor units
 * without going through a float. Returns null when the text is not a price.
 */
export function parseDecimalMoney(text: string, currency: string): Money | null {
  const t = text.trim().replace(/,/g, '');
  const digits = minorDigits(currency);
  const m = /^(\d+)(?:\.(\d+))?$/.exec(t);
  if (!m) return null;
  const whole = m[1] ?? '0';
  const frac = m[2] ?? '';
  if (frac.length > digits && /[1-9]/.test(frac.slice(digits)) ) return null;
  const amount = Number(whole) * 10 ** digits + Number((frac + '0'.repeat(digits)).slice(0, digits) || '0');
  if (!Number.isSafeInteger(amount)) return null;
  return { amount, currency };
}

/** Formats for display; only the UI edge should call this. */
export function formatMoney(m: Money, locale = 'en-US'): string {
  const digits = minorDigits(m.currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency, minimumFractionDigits: digits, maximumFractionDigits: digits })
    .format(m.amount / 10 ** digits);
}

/** Something sold at a price, possibly with prices in other currencies (VariantDoc). */
export interface Priced {
  readonly price: Money;
  readonly compareAtPrice: Money | null;
  readonly marketPrices?: readonly { readonly price: Money; readonly compareAtPrice: Money | null }[] | undefined;
}

/**
 * The price to show at a store selling in `currency`: the market price in that currency when the catalog has one,
 * else the base price in its own currency (shown as such: a USD price is never presented as euros).
 */
export function priceIn(item: Priced, currency: string): { price: Money; compareAtPrice: Money | null } {
  if (item.price.currency === currency) return { price: item.price, compareAtPrice: item.compareAtPrice };
  const market = item.marketPrices?.find((p) => p.price.currency === currency);
  return market ? { price: market.price, compareAtPrice: market.compareAtPrice } : { price: item.price, compareAtPrice: item.compareAtPrice };
}
