/**
 * The counter's first screen while the session is still opening (renderer/ui/App.tsx): the header and the search
 * box, answering text searches from the search index's snapshot (renderer/data/earlySearch.ts) before RxDB's code
 * has loaded and its database opened, and a barcode from the barcode map's snapshot (its product's row, once that
 * snapshot is decoded). Prices, stock, SKUs and the product page need the database: they
 * appear when the session is open and Shell takes over, with what was typed and selected (the query lives in the
 * UI store) and the caret where it was (SearchScreen.tsx).
 *
 * Enter before the session is open waits for it: the product picked with the arrow keys opens (what the person
 * saw), otherwise the session's own search answers (a barcode, a SKU) and its first hit opens.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type MiniSearch from 'minisearch';
import type { DeviceSettings } from '../../shared/ipc';
import type { AisleSession } from '../data/session';
import { earlyTextSearch, type EarlySearch } from '../data/earlySearch';
import type { ProductIndexDoc } from '../data/productSearch';
import type { VariantRef } from '../data/barcodeSnapshot';
import { useUi } from '../state/ui';
import { I18nProvider, useI18n } from '../i18n/I18nProvider';
import { localeSettingsFor } from '../i18n/format';
import { rememberedStoreLocale } from '../i18n/localeCache';
import { background } from '../util/background';
import { productMessages } from './product.messages';
import { SearchField, searchFieldKeys } from './SearchField';

export function EarlyCounter({ settings, early, session }: { settings: DeviceSettings; early: EarlySearch; session: Promise<AisleSession> }): React.JSX.Element {
  const locale = useMemo(() => rememberedStoreLocale(settings.storeId) ?? localeSettingsFor(null), [settings.storeId]);
  return (
    <I18nProvider settings={locale}>
      <div className="app counter starting" data-starting="">
        <header className="topbar">
          <div className="brand">
            <span className="logo">Aisle</span>
            <span className="store-name">{settings.storeName}</span>
            <span className="device-name muted">{settings.deviceName}</span>
          </div>
        </header>
        <main className="content">
          <EarlySearchScreen early={early} session={session} />
        </main>
      </div>
    </I18nProvider>
  );
}

function EarlySearchScreen({ early, session }: { early: EarlySearch; session: Promise<AisleSession> }): React.JSX.Element {
  const [index, setIndex] = useState<MiniSearch<ProductIndexDoc> | null>(null);
  const [barcodes, setBarcodes] = useState<ReadonlyMap<string, VariantRef> | null>(null);
  const query = useUi((s) => s.query);
  const selectedIndex = useUi((s) => s.selectedIndex);
  const moveSelection = useUi((s) => s.moveSelection);
  const setSelection = useUi((s) => s.setSelection);
  const openProduct = useUi((s) => s.openProduct);
  const inputRef = useRef<HTMLInputElement | null>(null);
  const { t } = useI18n(productMessages);

  useEffect(() => {
    let current = true;
    background(
      early.restored.then((restored) => {
        if (current) setIndex(restored?.index ?? null);
      }),
      'early search',
    );
    background(
      early.barcodes.then((restored) => {
        if (current) setBarcodes(restored?.map ?? null);
      }),
      'early barcodes',
    );
    return () => {
      current = false;
    };
  }, [early]);
  useEffect(() => inputRef.current?.focus(), []);
  // Rendered with the index (and so with the answer to anything already typed): the session's code may load now.
  useEffect(() => {
    if (index) early.markShown();
  }, [index, early]);

  const hits = useMemo(() => (index ? earlyTextSearch(index, query, barcodes) : []), [index, query, barcodes]);
  const answeredQuery = index ? query : '';

  function enter(): void {
    const picked = selectedIndex > 0 ? hits[Math.min(selectedIndex, hits.length - 1)] : undefined;
    if (picked) {
      openProduct(picked.id, null);
      return;
    }
    const asked = query;
    background(
      (async () => {
        const s = await session;
        const barcode = await s.search.findByBarcode(asked);
        if (barcode) return openProduct(barcode.productId, barcode.variantId);
        const first = (await s.search.search(asked)).hits[0];
        if (first) openProduct(first.id, first.variantId ?? null);
      })(),
      'early enter',
    );
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>): void {
    searchFieldKeys(e, hits.length, moveSelection, enter);
  }

  return (
    <section className="search-screen" aria-labelledby="search-heading">
      <h1 id="search-heading" className="visually-hidden">
        {t('searchHeading')}
      </h1>
      <SearchField inputRef={inputRef} onKeyDown={onKeyDown} />
      {query.trim() === '' && <p className="hint muted">{t('searchHint')}</p>}
      {/* The same list SearchScreen renders (data-query: the text these rows answer; data-index-ready: rendered with
          the restored index), without prices and stock yet. */}
      <ul className={hits.length === 0 ? 'results empty' : 'results'} id="search-results" role="listbox" data-testid="search-results" data-query={answeredQuery} data-index-ready={index ? '' : undefined}>
        {hits.map((hit, i) => (
          <li
            key={hit.id}
            role="option"
            aria-selected={i === selectedIndex}
            className={i === selectedIndex ? 'result selected' : 'result'}
            data-testid="search-result"
            data-product-id={hit.id}
            onMouseEnter={() => setSelection(i)}
            onClick={() => openProduct(hit.id, null)}
          >
            <div className="img-placeholder result-img" aria-hidden="true" />
            <span className="result-title">{hit.title}</span>
            <span className="result-meta muted">
              {hit.brand} · {hit.category}
            </span>
            <span className="result-sku" data-testid="result-sku" />
            <span className="result-price" data-testid="result-price" />
            <span className="result-stock stock-unknown" data-testid="result-stock" />
          </li>
        ))}
      </ul>
    </section>
  );
}
