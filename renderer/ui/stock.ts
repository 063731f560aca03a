import type { InventoryDoc } from '../../shared/schemas/collections';
import type { MessageKey, Translate } from '../i18n';
import type { productMessages } from './product.messages';

type ProductKey = MessageKey<typeof productMessages>;

/** How stock here reads at a glance, in the store's language. */
export function stockLabel(row: InventoryDoc | null | undefined, t: Translate<ProductKey>): { text: string; level: 'none' | 'low' | 'ok' | 'unknown' } {
  if (row === undefined) return { text: t('stockUnknown'), level: 'unknown' };
  if (row === null) return { text: t('notStocked'), level: 'none' };
  if (row.available <= 0) return { text: t('outOfStock'), level: 'none' };
  if (row.available <= 3) return { text: t('onlyLeft', { count: row.available }), level: 'low' };
  return { text: t('inStock', { count: row.available }), level: 'ok' };
}
