/**
 * Aisle's own codes, printed by Aisle (pickup slips, receipts) and so defined here, once:
 *
 *   pickup:  `AISLE:PU:<code>`     or the QR URL `aisle://pickup/<code>`
 *            <code> is 4–32 letters/digits, case-insensitive (normalised to upper case) because wedge
 *            scanners with a stuck Caps Lock or a foreign keyboard layout flip case.
 *   receipt: `AISLE:RC:<orderId>`  or `aisle://receipt/<orderId>`
 *            <orderId> is 1–64 of [A-Za-z0-9_-], kept as printed (order ids may be case-sensitive).
 *
 * The `AISLE:` form is short enough for a Code 128 on a thermal slip; the URL form suits QR codes.
 *
 *   bare pickup code: exactly what the customer reads aloud or a slip prints, e.g. `VN2GEG2F7P` (also
 *            `VN2GE-G2F7P` / `VN2GE G2F7P`, split in the middle). Accepted only in the exact shape Aisle
 *            generates — PICKUP_CODE_LENGTH symbols of PICKUP_CODE_ALPHABET (no 0/O, 1/I/L), not all digits —
 *            so product SKUs do not turn into pickups: a SKU with a 0, 1, I, L, O, a hyphen elsewhere, a
 *            lower-case letter mixed into a different length, or any other length stays what it was (docs/scanning.md).
 */

/** No 0/O, 1/I/L look-alikes: codes are read aloud and typed. */
export const PICKUP_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const PICKUP_CODE_LENGTH = 10;

const PICKUP = /^(?:AISLE:PU:|aisle:\/\/pickup\/)([A-Za-z0-9]{4,32})$/i;
const RECEIPT = /^(?:AISLE:RC:|aisle:\/\/receipt\/)([A-Za-z0-9_-]{1,64})$/i;

export function parsePickupCode(text: string): string | null {
  const m = PICKUP.exec(text.trim());
  return m?.[1] ? m[1].toUpperCase() : null;
}

const HALF = PICKUP_CODE_LENGTH / 2;
const SYMBOL = `[${PICKUP_CODE_ALPHABET}]`;
const BARE_PICKUP = new RegExp(`^(${SYMBOL}{${HALF}})[ -]?(${SYMBOL}{${PICKUP_CODE_LENGTH - HALF}})$`);

/** A bare pickup code (see the top of this file), upper-cased, or null. */
export function parseBarePickupCode(text: string): string | null {
  const m = BARE_PICKUP.exec(text.trim().toUpperCase());
  if (!m) return null;
  const code = `${m[1]}${m[2]}`;
  // All digits is a number (a product or loyalty number in some scheme), never a pickup.
  return /^\d+$/.test(code) ? null : code;
}

export function parseReceiptCode(text: string): string | null {
  const m = RECEIPT.exec(text.trim());
  return m?.[1] ?? null;
}

export function encodePickupCode(code: string, form: 'short' | 'url' = 'short'): string {
  if (!/^[A-Za-z0-9]{4,32}$/.test(code)) throw new RangeError('pickup code must be 4–32 letters or digits');
  return form === 'url' ? `aisle://pickup/${code.toUpperCase()}` : `AISLE:PU:${code.toUpperCase()}`;
}

export function encodeReceiptCode(orderId: string, form: 'short' | 'url' = 'short'): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(orderId)) throw new RangeError('order id must be 1–64 of A-Z a-z 0-9 _ -');
  return form === 'url' ? `aisle://receipt/${orderId}` : `AISLE:RC:${orderId}`;
}

/** Whether text looks like an Aisle code at all, so a malformed one is refused as such, not as "unknown". */
export function looksLikeAisleCode(text: string): boolean {
  return /^(?:AISLE:|aisle:\/\/)/i.test(text.trim());
}
