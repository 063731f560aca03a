/**
 * The item cell of a pick-list row: what the associate looks for on the shelf — the product image, the title,
 * SKU and price, and where it sits in this store (inventory `location`). Both come from the device's copy, so the
 * pick list works offline; a line whose variant or location is unknown here just shows less.
 */
import type { PickupLine } from '../../../shared/pickup/types';
import { useProductImages, useStockHereMap, useVariantsById } from '../../data/hooks';
import { ProductImage } from '../ProductImage';
import { usePickupWords } from './words';

export interface PickLineDetails {
  image: string | null;
  location: string | null;
}

/** Image (the variant's, else its product's) and shelf location here, per variant id. */
export function usePickLineDetails(lines: readonly PickupLine[]): ReadonlyMap<string, PickLineDetails> {
  const ids = [...new Set(lines.map((l) => l.variantId))];
  const variants = useVariantsById(ids);
  const productIds = [...new Set([...(variants?.values() ?? [])].map((v) => v.productId))];
  const images = useProductImages(productIds);
  const stock = useStockHereMap(ids);
  const out = new Map<string, PickLineDetails>();
  for (const id of ids) {
    const v = variants?.get(id);
    out.set(id, { image: v?.image ?? (v ? (images?.get(v.productId) ?? null) : null), location: stock?.get(id)?.location ?? null });
  }
  return out;
}

export function PickLineItem({ line, details }: { line: PickupLine; details: PickLineDetails | undefined }): React.JSX.Element {
  const location = details?.location ?? null;
  const { t, money } = usePickupWords();
  return (
    <div className="pick-item">
      <ProductImage path={details?.image ?? null} alt="" className="pick-img" />
      <div>
        <strong>{line.title}</strong>
        <br />
        <span className="sku-chip">{line.sku}</span> <span className="muted">{money(line.unitPrice)}</span>
        <br />
        <span className="pick-location" data-testid="pick-location">
          {location ?? t('shelfUnknown')}
        </span>
      </div>
    </div>
  );
}
