/**
 * Product detail for associates: everything about the product, its variants with price and stock here, the
 * selected variant's stock in other stores (online only, said honestly when not), and staff notes.
 * Escape goes back to search. Prices and stock are live queries: a change by sync re-renders this screen.
 */
import { useEffect } from 'react';
import { formatMoney } from '../../shared/money';
import type { ProductDoc, VariantDoc } from '../../shared/schemas/collections';
import { useNearbyStock, usePrefetchImages, useProduct, useStockHere, useStockHereMap, useVariants } from '../data/hooks';
import { useUi } from '../state/ui';
import { ProductImage } from './ProductImage';
import { Notes } from './Notes';
import { stockLabel } from './stock';

export function useEscapeBack(): void {
  const backToSearch = useUi((s) => s.backToSearch);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.preventDefault();
        backToSearch();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [backToSearch]);
}

export function Price({ variant, testId }: { variant: VariantDoc; testId: string }): React.JSX.Element {
  return (
    <span className="price" data-testid={testId}>
      {variant.compareAtPrice && variant.compareAtPrice.amount > variant.price.amount && <s className="compare-at">{formatMoney(variant.compareAtPrice)}</s>} <span className="now">{formatMoney(variant.price)}</span>
    </span>
  );
}

export function ProductDetail({ productId, variantId }: { productId: string; variantId: string | null }): React.JSX.Element {
  const product = useProduct(productId);
  const variants = useVariants(productId);
  const backToSearch = useUi((s) => s.backToSearch);
  useEscapeBack();
  usePrefetchImages(product?.images ?? []);

  // Shown whole or not at all: the product and its variants arrive together (no half-built detail to act on).
  if (product === undefined || (product !== null && variants === undefined)) return <div className="loading muted">Loading…</div>;
  if (product === null) {
    return (
      <div className="empty">
        <p>This product is not on this device (it may have been removed).</p>
        <button type="button" onClick={backToSearch}>
          Back to search
        </button>
      </div>
    );
  }
  const selected = variants?.find((v) => v.id === variantId) ?? variants?.[0] ?? null;
  return (
    <article className="detail" data-testid="product-detail" data-product-id={product.id}>
      <div className="detail-nav">
        <button type="button" className="ghost" onClick={backToSearch} data-testid="back-to-search">
          ← Search <kbd>Esc</kbd>
        </button>
      </div>
      <div className="detail-grid">
        <Gallery product={product} selected={selected} />
        <div className="detail-main">
          <p className="eyebrow">
            {product.brand} · {product.category}
          </p>
          <h1 data-testid="product-title">{product.title}</h1>
          {selected && <SelectedVariant variant={selected} />}
          <p className="description">{product.description}</p>
        </div>
      </div>
      <VariantsTable product={product} variants={variants} selectedId={selected?.id ?? null} />
      <div className="detail-lower">
        {selected && <NearbyStores variantId={selected.id} />}
        <Notes productId={product.id} variantId={selected?.id ?? ''} />
      </div>
    </article>
  );
}

function Gallery({ product, selected }: { product: ProductDoc; selected: VariantDoc | null }): React.JSX.Element {
  const main = selected?.image ?? product.images[0] ?? null;
  return (
    <div className="gallery">
      <ProductImage path={main} alt={product.title} className="hero-img" />
      {product.images.length > 1 && (
        <div className="thumbs">
          {product.images.slice(0, 6).map((p) => (
            <ProductImage key={p} path={p} alt="" className="thumb" />
          ))}
        </div>
      )}
    </div>
  );
}

function SelectedVariant({ variant }: { variant: VariantDoc }): React.JSX.Element {
  const stock = useStockHere(variant.id);
  const label = stockLabel(stock);
  return (
    <div className="selected-variant">
      <div className="selected-name">{variant.title}</div>
      <div className="selected-price">
        <Price variant={variant} testId="selected-price" />
      </div>
      <div className={`stock stock-${label.level}`} data-testid="stock-here" data-available={stock?.available ?? ''}>
        <strong>Here:</strong> {label.text}
        {stock && stock.reserved > 0 && <span className="muted"> ({stock.onHand} on hand, {stock.reserved} reserved)</span>}
      </div>
    </div>
  );
}

function VariantsTable({ product, variants, selectedId }: { product: ProductDoc; variants: VariantDoc[] | undefined; selectedId: string | null }): React.JSX.Element {
  const selectVariant = useUi((s) => s.selectVariant);
  const stock = useStockHereMap(variants?.map((v) => v.id) ?? []);
  if (!variants) return <div className="muted">Loading variants…</div>;
  return (
    <table className="variants">
      <thead>
        <tr>
          {product.options.map((o) => (
            <th key={o.name}>{o.name}</th>
          ))}
          <th>SKU</th>
          <th>Barcode</th>
          <th className="num">Price</th>
          <th className="num">Stock here</th>
        </tr>
      </thead>
      <tbody>
        {variants.map((v) => {
          const label = stockLabel(stock === undefined ? undefined : (stock.get(v.id) ?? null));
          return (
            <tr key={v.id} data-testid="variant-row" data-variant-id={v.id} data-sku={v.sku} aria-selected={v.id === selectedId} className={v.id === selectedId ? 'selected' : ''} onClick={() => selectVariant(v.id)}>
              {product.options.map((o, i) => (
                <td key={o.name}>{v.optionValues[i] ?? '—'}</td>
              ))}
              <td className="mono">{v.sku}</td>
              <td className="mono">{v.barcode || '—'}</td>
              <td className="num">
                <Price variant={v} testId="variant-price" />
              </td>
              <td className={`num stock-${label.level}`}>{label.text}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function NearbyStores({ variantId }: { variantId: string }): React.JSX.Element {
  const nearby = useNearbyStock(variantId);
  return (
    <section className="nearby" aria-label="Other stores">
      <h3>Other stores</h3>
      {nearby.state === 'offline' && (
        <p className="muted" data-testid="nearby-offline">
          Other stores: not available offline.
        </p>
      )}
      {nearby.state === 'loading' && <p className="muted">Checking other stores…</p>}
      {nearby.state === 'error' && <p className="form-error">{nearby.message}</p>}
      {nearby.state === 'ready' && (
        <ul className="nearby-list" data-testid="nearby-stores">
          {nearby.stores.length === 0 && <li className="muted">No other stores.</li>}
          {nearby.stores.map((s) => (
            <li key={s.storeId} data-store-id={s.storeId}>
              <span>{s.storeName}</span>
              <span className="muted">{s.distanceKm.toFixed(1)} km</span>
              <span className={s.available > 0 ? 'stock-ok' : 'stock-none'}>{s.available > 0 ? `${s.available} available` : 'none'}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
