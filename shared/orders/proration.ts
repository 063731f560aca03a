/**
 * Prorating an order-level amount (a discount, a tax total) onto the order's lines in proportion to a weight
 * (the lines' gross or net), in integer minor units, by the largest-remainder method: every line gets the floor
 * of its exact share, and the units left over go one each to the lines with the largest fractional parts (ties:
 * the earlier line). So the shares add up to the amount exactly, never differ from the exact share by a whole
 * unit, and the same input always gives the same split — the device, the server and a refund all agree.
 */
export function prorate(amount: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`amount must be a non-negative integer, got ${amount}`);
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError('weights must be non-negative integers');
  const total = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) {
    if (amount === 0) return [];
    throw new RangeError('cannot prorate onto no lines');
  }
  // Nothing to weigh by (all lines free): split evenly, the same way.
  const w = total === 0 ? weights.map(() => 1) : weights;
  const sum = total === 0 ? weights.length : total;
  // BigInt: amount × weight can exceed 2^53 for large orders.
  const big = BigInt(amount);
  const bigSum = BigInt(sum);
  const shares = w.map((wi) => (big * BigInt(wi)) / bigSum);
  const remainders = w.map((wi, i) => ({ i, r: (big * BigInt(wi)) % bigSum }));
  let left = amount - shares.reduce((a, b) => a + Number(b), 0);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  const out = shares.map(Number);
  for (const { i } of remainders) {
    if (left <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
    left--;
  }
  return out;
}
