import type { InventoryDoc } from '../../shared/schemas/collections';

/** How stock here reads at a glance. */
export function stockLabel(row: InventoryDoc | null | undefined): { text: string; level: 'none' | 'low' | 'ok' | 'unknown' } {
  if (row === undefined) return { text: '…', level: 'unknown' };
  if (row === null) return { text: 'Not stocked here', level: 'none' };
  if (row.available <= 0) return { text: 'Out of stock', level: 'none' };
  if (row.available <= 3) return { text: `Only ${row.available} left`, level: 'low' };
  return { text: `${row.available} in stock`, level: 'ok' };
}
