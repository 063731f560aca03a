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
 */

const PICKUP = /^(?:AISLE:PU:|aisle:\/\/pickup\/)([A-Za-z0-9]{4,32})$/i;
const RECEIPT = /^(?:AISLE:RC:|aisle:\/\/receipt\/)([A-Za-z0-9_-]{1,64})$/i;

export function parsePickupCode(text: string): string | null {
  const m = PICKUP.exec(text.trim());
  return m?.[1] ? m[1].toUpperCase() : null;
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
