/**
 * Kiosk mode: a self-service price and stock check in big type. Search or scan → price and stock here.
 * Customers collecting an order scan the QR from their "ready" e-mail to check in (kiosk/KioskCheckin.tsx).
 * No sign-in, no notes, no personal data beyond the first name unsealed for a greeting; returns to the search
 * screen after a minute without input.
 */
import { useCallback, useEffect, useState } from 'react';
import { useProduct, useStockHere, useVariants } from '../data/hooks';
import { useSession } from '../data/context';
import { startCheckin } from '../data/checkins';
import { useScanHandler } from '../scan';
import { useUi, type Screen } from '../state/ui';
import { KioskCheckin } from './kiosk/KioskCheckin';
import './kiosk/kiosk-checkin.css';
import { SearchField, useSearchKeys } from './SearchScreen';
import { Price, useEscapeBack } from './ProductDetail';
import { ProductImage } from './ProductImage';
import { stockLabel } from './stock';
import { useI18n } from '../i18n';
import { productMessages } from './product.messages';
import { KioskNearby } from './kiosk/KioskNearby';

const KIOSK_IDLE_MS = 60_000;

/** A check-in on screen: the code stays in memory only, and only while this screen shows. */
interface ActiveCheckin {
  id: string;
  codeHash: string;
  /** Opens the greeting; derived from the code, which is not kept. */
  sealKey: Uint8Array;
  /** The screen it was started over: a product opened since (a scan, a touch) replaces the check-in. */
  over: Screen;
}

export function KioskScreen(): React.JSX.Element {
  const screen = useUi((s) => s.screen);
  const session = useSession();
  const [checkin, setCheckin] = useState<ActiveCheckin | null>(null);
  useScanHandler('pickup', async (scan) => {
    const started = await startCheckin(session, scan.code);
    setCheckin({ id: started.id, codeHash: started.codeHash, sealKey: started.sealKey, over: useUi.getState().screen });
  });
  const done = useCallback(() => {
    setCheckin(null);
    // The next customer starts from a clean start screen.
    useUi.getState().setQuery('');
    useUi.getState().backToSearch();
  }, []);
  if (checkin && checkin.over === screen) return <KioskCheckin key={checkin.id} checkinId={checkin.id} codeHash={checkin.codeHash} sealKey={checkin.sealKey} onDone={done} />;
  return screen.name === 'detail' ? <KioskProduct productId={screen.productId} variantId={screen.variantId} /> : <KioskSearch />;
}

function PickupHint(): React.JSX.Element {
  const { t } = useI18n(productMessages);
  return (
    <aside className="kiosk-pickup-hint" data-testid="kiosk-pickup-hint">
      <span className="hint-icon" aria-hidden="true">
        ▣
      </span>
      <div>
        <h2>{t('kioskPickupTitle')}</h2>
        <p>{t('kioskPickupText')}</p>
      </div>
    </aside>
  );
}

function KioskSearch(): React.JSX.Element {
  const openProduct = useUi((s) => s.openProduct);
  const setQuery = useUi((s) => s.setQuery);
  const query = useUi((s) => s.query);
  const selectedIndex = useUi((s) => s.selectedIndex);
  const { inputRef, hits, message, onKeyDown, answeredQuery } = useSearchKeys((hit) => openProduct(hit.id, hit.variantId ?? null));
  const { t } = useI18n(productMessages);
  useEffect(() => {
    if (query === '') return;
    const timer = setTimeout(() => setQuery(''), KIOSK_IDLE_MS);
    return () => clearTimeout(timer);
  }, [query, setQuery]);
  return (
    <section className="kiosk-search">
      <PickupHint />
      <h1 className="kiosk-title">{t('kioskTitle')}</h1>
      <p className="kiosk-sub">{t('kioskSub')}</p>
      <SearchField inputRef={inputRef} onKeyDown={onKeyDown} big />
      {message !== null && (
        <p className="search-message big" role="alert" data-testid="search-message">
          {message}
        </p>
      )}
      <ul className="kiosk-results" role="listbox" id="search-results" data-testid="search-results" data-query={answeredQuery}>
        {hits.slice(0, 12).map((hit, i) => (
          <li key={hit.id} role="option" aria-selected={i === selectedIndex} className={i === selectedIndex ? 'selected' : ''} data-testid="search-result" data-product-id={hit.id} onClick={() => openProduct(hit.id, hit.variantId ?? null)}>
            <span className="result-title">{hit.title}</span>
            <span className="muted">{hit.brand}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function KioskProduct({ productId, variantId }: { productId: string; variantId: string | null }): React.JSX.Element {
  const product = useProduct(productId);
  const variants = useVariants(productId);
  const selectVariant = useUi((s) => s.selectVariant);
  const backToSearch = useUi((s) => s.backToSearch);
  const selected = variants?.find((v) => v.id === variantId) ?? variants?.[0] ?? null;
  const stock = useStockHere(selected?.id ?? null);
  const { t } = useI18n(productMessages);
  const label = stockLabel(stock, t);
  useEscapeBack();
  useEffect(() => {
    // Any touch restarts the clock; an abandoned product page goes back to the start screen.
    let timer = setTimeout(backToSearch, KIOSK_IDLE_MS);
    const reset = (): void => {
      clearTimeout(timer);
      timer = setTimeout(backToSearch, KIOSK_IDLE_MS);
    };
    window.addEventListener('pointerdown', reset);
    window.addEventListener('keydown', reset);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('pointerdown', reset);
      window.removeEventListener('keydown', reset);
    };
  }, [backToSearch]);

  if (!product) return <div className="loading muted">{product === null ? t('kioskNotAvailable') : t('loading')}</div>;
  return (
    <article className="kiosk-product" data-testid="product-detail" data-product-id={product.id}>
      <button type="button" className="kiosk-back" onClick={backToSearch}>
        {t('kioskNewSearch')}
      </button>
      <div className="kiosk-product-grid">
        <ProductImage path={selected?.image ?? product.images[0] ?? null} alt={product.title} className="kiosk-img" />
        <div>
          <p className="eyebrow">{product.brand}</p>
          <h1 data-testid="product-title">{product.title}</h1>
          {selected && (
            <>
              <div className="kiosk-price">
                <Price variant={selected} testId="selected-price" />
              </div>
              <div className={`kiosk-stock stock-${label.level}`} data-testid="stock-here" data-available={stock?.available ?? ''}>
                {label.level === 'ok' ? t('kioskInStock') : label.text}
              </div>
              {label.level === 'none' && <KioskNearby variantId={selected.id} />}
            </>
          )}
          {variants && variants.length > 1 && (
            <div className="kiosk-variants" role="radiogroup" aria-label={t('kioskChoose')}>
              {variants.map((v) => (
                <button type="button" key={v.id} role="radio" aria-checked={v.id === selected?.id} className={v.id === selected?.id ? 'chip selected' : 'chip'} data-testid="variant-row" data-variant-id={v.id} data-sku={v.sku} onClick={() => selectVariant(v.id)}>
                  <span>{v.optionValues.join(' / ') || v.title}</span>
                  <Price variant={v} testId="variant-price" />
                </button>
              ))}
            </div>
          )}
        </div>
      </div>
    </article>
  );
}
