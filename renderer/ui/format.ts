/** Display formatting at the UI edge. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatAgo(at: number | null, now: number): string {
  if (at === null) return 'not yet';
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 10) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  return new Date(at).toLocaleString();
}

export const COLLECTION_LABELS: Readonly<Record<string, string>> = {
  stores: 'Stores',
  products: 'Products',
  variants: 'Variants',
  inventory: 'Stock',
  staff: 'Staff',
  notes: 'Notes',
  pickups: 'Pickups',
  pickupCodes: 'Pickup codes',
  checkins: 'Check-ins',
};
