/**
 * Product detail for associates: everything about the product, its variants with price and stock here, the
 * selected variant's stock in other stores (online only, said honestly when not), and staff notes.
 * Escape goes back to search. Prices and stock are live queries: a change by sync re-renders this screen.
 */
import { useEffect, useRef } from 'react';
import { priceIn } from '../../shared/money';
import type { ProductDoc, VariantDoc } from '../../shared/schemas/collections';
import { useNearbyStock, usePrefetchImages, useProduct, useStockHere, useStockHereMap, useVariants } from '../data/hooks';
import { useUi } from '../state/ui';
import { ProductImage } from './ProductImage';
import { Notes } from './Notes';
import { stockLabel } from './stock';
import { useFormat, useI18n } from '../i18n';
import { productMessages } from './product.messages';
import { useErrorText } from './errors/useErrorText';

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

/** The variant's price in the store's currency (its market price, else its base price in its own currency). */
export function Price({ variant, testId }: { variant: VariantDoc; testId: string }): React.JSX.Element {
  const f = useFormat();
  const { price, compareAtPrice } = priceIn(variant, f.currency);
  return (
    <span className="price" data-testid={testId}>
      {compareAtPrice && compareAtPrice.currency === price.currency && compareAtPrice.amount > price.amount && <s className="compare-at">{f.money(compareAtPrice)}</s>} <span className="now">{f.money(price)}</span>
    </span>
  );
}

export function ProductDetail({ productId, variantId }: { productId: string; variantId: string | null }): React.JSX.Element {
  const product = useProduct(productId);
  const variants = useVariants(productId);
  const backToSearch = useUi((s) => s.backToSearch);
  const { t } = useI18n(productMessages);
  useEscapeBack();
  usePrefetchImages(product?.images ?? []);

  // Shown whole or not at all: the product and its variants arrive together (no half-built detail to act on).
  if (product === undefined || (product !== null && variants === undefined)) return <div className="loading muted">{t('loading')}</div>;
  if (product === null) {
    return (
      <div className="empty">
        <p>{t('notOnDevice')}</p>
        <button type="button" onClick={backToSearch} data-screen-focus="">
          {t('backToSearch')}
        </button>
      </div>
    );
  }
  const selected = variants?.find((v) => v.id === variantId) ?? variants?.[0] ?? null;
  return (
    <article className="detail" data-testid="product-detail" data-product-id={product.id}>
      <div className="detail-nav">
        <button type="button" className="ghost" onClick={backToSearch} data-testid="back-to-search">
          {t('backSearch')} <kbd>Esc</kbd>
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
  const { t } = useI18n(productMessages);
  const label = stockLabel(stock, t);
  return (
    <div className="selected-variant">
      <div className="selected-name">{variant.title}</div>
      <div className="selected-price">
        <Price variant={variant} testId="selected-price" />
      </div>
      <div className={`stock stock-${label.level}`} data-testid="stock-here" data-available={stock?.available ?? ''}>
        <strong>{t('here')}</strong> {label.text}
        {stock && stock.reserved > 0 && <span className="muted"> {t('onHandReserved', { onHand: stock.onHand, reserved: stock.reserved })}</span>}
      </div>
    </div>
  );
}

function VariantsTable({ product, variants, selectedId }: { product: ProductDoc; variants: VariantDoc[] | undefined; selectedId: string | null }): React.JSX.Element {
  const selectVariant = useUi((s) => s.selectVariant);
  const stock = useStockHereMap(variants?.map((v) => v.id) ?? []);
  const { t } = useI18n(productMessages);
  const body = useRef<HTMLTableSectionElement | null>(null);
  if (!variants) return <div className="muted">{t('loadingVariants')}</div>;
  // One Tab stop for the table (the selected row); ↑ ↓ Home End move between variants and select them.
  const onRowKey = (e: React.KeyboardEvent<HTMLTableRowElement>, index: number): void => {
    const next = e.key === 'ArrowDown' ? index + 1 : e.key === 'ArrowUp' ? index - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? variants.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const target = variants[Math.max(0, Math.min(variants.length - 1, next))];
    if (!target) return;
    selectVariant(target.id);
    body.current?.querySelector<HTMLElement>(`[data-variant-id="${CSS.escape(target.id)}"]`)?.focus();
  };
  return (
    <table className="variants" aria-label={t('variantsCaption')}>
      <thead>
        <tr>
          {product.options.map((o) => (
            <th key={o.name} scope="col">{o.name}</th>
          ))}
          <th scope="col">{t('sku')}</th>
          <th scope="col">{t('barcode')}</th>
          <th scope="col" className="num">{t('price')}</th>
          <th scope="col" className="num">{t('stockHere')}</th>
        </tr>
      </thead>
      <tbody ref={body}>
        {variants.map((v, index) => {
          const label = stockLabel(stock === undefined ? undefined : (stock.get(v.id) ?? null), t);
          const isSelected = v.id === selectedId;
          return (
            <tr
              key={v.id}
              data-testid="variant-row"
              data-variant-id={v.id}
              data-sku={v.sku}
              aria-current={isSelected ? 'true' : undefined}
              tabIndex={isSelected ? 0 : -1}
              className={isSelected ? 'selected' : ''}
              onClick={() => selectVariant(v.id)}
              onKeyDown={(e) => onRowKey(e, index)}
            >
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
  const errorText = useErrorText();
  const { t, distance } = useI18n(productMessages);
  return (
    <section className="nearby" aria-label={t('otherStores')}>
      <h2>{t('otherStores')}</h2>
      {nearby.state === 'offline' && (
        <p className="muted" data-testid="nearby-offline">
          {t('nearbyOffline')}
        </p>
      )}
      {nearby.state === 'loading' && <p className="muted">{t('nearbyLoading')}</p>}
      {nearby.state === 'error' && <p className="form-error">{errorText(nearby.error)}</p>}
      {nearby.state === 'ready' && (
        <ul className="nearby-list" data-testid="nearby-stores">
          {nearby.stores.length === 0 && <li className="muted">{t('noOtherStores')}</li>}
          {nearby.stores.map((s) => (
            <li key={s.storeId} data-store-id={s.storeId}>
              <span>{s.storeName}</span>
              <span className="muted">{distance(s.distanceKm)}</span>
              <span className={s.available > 0 ? 'stock-ok' : 'stock-none'}>{s.available > 0 ? t('available', { count: s.available }) : t('none')}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
