/**
 * Search as you type: product name, brand, SKU, or a barcode in any GTIN rendering. The field has focus on
 * load; ArrowUp/ArrowDown move the selection, Enter opens it; a barcode + Enter opens that variant's product.
 * Typing a barcode is the manual fallback for a damaged label; USB scanner and camera reads arrive through the scan
 * router instead (renderer/ui/Shell.tsx), whatever has focus.
 */
import { useEffect, useRef, useState } from 'react';
import { useDataActions, useSearch } from '../data/hooks';
import type { SearchHit } from '../data/search';
import { useUi } from '../state/ui';
import { useI18n } from '../i18n';
import { productMessages } from './product.messages';

export function useSearchKeys(onOpen: (hit: SearchHit) => void): {
  inputRef: React.RefObject<HTMLInputElement | null>;
  hits: SearchHit[];
  message: string | null;
  onKeyDown: (e: React.KeyboardEvent<HTMLInputElement>) => void;
  answered: boolean;
  answeredQuery: string;
} {
  const query = useUi((s) => s.query);
  const selectedIndex = useUi((s) => s.selectedIndex);
  const moveSelection = useUi((s) => s.moveSelection);
  const focusToken = useUi((s) => s.focusSearchToken);
  const { outcome, answeredQuery } = useSearch(query);
  const { findByBarcode, search } = useDataActions();
  const inputRef = useRef<HTMLInputElement | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const { t } = useI18n(productMessages);
  const hits = outcome?.hits ?? [];
  const answered = answeredQuery === query;

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, [focusToken]);
  useEffect(() => setMessage(null), [query]);

  async function enter(): Promise<void> {
    const barcode = await findByBarcode(query);
    if (barcode) {
      onOpen({ id: barcode.productId, variantId: barcode.variantId, title: '', brand: '', category: '', score: 1 });
      return;
    }
    // Enter may come before the as-you-type answer for this exact text: ask directly then.
    const list = answered ? hits : (await search(query)).hits;
    const hit = list[Math.min(selectedIndex, list.length - 1)];
    if (hit) onOpen(hit);
    else if (query.trim() !== '') setMessage(/^\d[\d\s-]{6,}$/.test(query.trim()) ? t('noBarcode', { barcode: query.trim() }) : t('nothingMatches', { query: query.trim() }));
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>): void {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      moveSelection(1, hits.length);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      moveSelection(-1, hits.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      enter().catch((err: unknown) => setMessage(String(err)));
    }
  }
  return { inputRef, hits, message, onKeyDown, answered, answeredQuery };
}

export function SearchField({ inputRef, onKeyDown, big = false }: { inputRef: React.RefObject<HTMLInputElement | null>; onKeyDown: (e: React.KeyboardEvent<HTMLInputElement>) => void; big?: boolean }): React.JSX.Element {
  const query = useUi((s) => s.query);
  const setQuery = useUi((s) => s.setQuery);
  const { t } = useI18n(productMessages);
  return (
    <input
      ref={inputRef}
      className={`search-input ${big ? 'big' : ''}`}
      data-testid="search-input"
      type="search"
      role="combobox"
      aria-expanded="true"
      aria-controls="search-results"
      aria-label={t('searchLabel')}
      placeholder={t('searchPlaceholder')}
      data-screen-focus=""
      value={query}
      onChange={(e) => setQuery(e.target.value)}
      onKeyDown={onKeyDown}
      autoFocus
      autoComplete="off"
      spellCheck={false}
    />
  );
}

export function SearchScreen(): React.JSX.Element {
  const openProduct = useUi((s) => s.openProduct);
  const query = useUi((s) => s.query);
  const selectedIndex = useUi((s) => s.selectedIndex);
  const setSelection = useUi((s) => s.setSelection);
  const { inputRef, hits, message, onKeyDown, answeredQuery } = useSearchKeys((hit) => openProduct(hit.id, hit.variantId ?? null));
  const listRef = useRef<HTMLUListElement | null>(null);
  const { t } = useI18n(productMessages);

  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selectedIndex]);

  return (
    <section className="search-screen" aria-labelledby="search-heading">
      <h1 id="search-heading" className="visually-hidden">
        {t('searchHeading')}
      </h1>
      <SearchField inputRef={inputRef} onKeyDown={onKeyDown} />
      {message !== null && (
        <p className="search-message" role="alert" data-testid="search-message">
          {message}
        </p>
      )}
      {query.trim() === '' && <p className="hint muted">{t('searchHint')}</p>}
      {query.trim() !== '' && hits.length === 0 && message === null && answeredQuery === query && <p className="hint muted">{t('noMatches', { query: query.trim() })}</p>}
      {/* data-query names the text these rows answer (end-to-end tests and the keystroke benchmark wait on it). */}
      <ul className={hits.length === 0 ? 'results empty' : 'results'} id="search-results" role="listbox" ref={listRef} data-testid="search-results" data-query={answeredQuery}>
        {hits.map((hit, i) => (
          <li
            key={hit.id}
            role="option"
            aria-selected={i === selectedIndex}
            className={i === selectedIndex ? 'result selected' : 'result'}
            data-testid="search-result"
            data-product-id={hit.id}
            onMouseEnter={() => setSelection(i)}
            onClick={() => openProduct(hit.id, hit.variantId ?? null)}
          >
            <span className="result-title">{hit.title}</span>
            <span className="result-meta muted">
              {hit.brand} · {hit.category}
            </span>
            {hit.sku !== undefined && <span className="sku-chip">{hit.sku}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
