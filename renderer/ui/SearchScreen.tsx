/**
 * Search as you type: product name, brand, SKU, or a barcode in any GTIN rendering. The field has focus on
 * load; ArrowUp/ArrowDown move the selection, Enter opens it; a barcode + Enter opens that variant's product.
 * Typing a barcode is the manual fallback for a damaged label; USB scanner and camera reads arrive through the scan
 * router instead (renderer/ui/Shell.tsx), whatever has focus. A pickup code typed as the customer reads it
 * (`VN2GEG2F7P`) + Enter goes to the scan router like a scanned one — unless a product's SKU is exactly that text
 * (docs/scanning.md, "Bare pickup codes").
 */
import { useEffect, useRef, useState } from 'react';
import { useDataActions, useResultDetails, useSearch, useSyncStatus } from '../data/hooks';
import type { ResultDetails } from '../data/resultDetails';
import { formatMoney } from '../../shared/money';
import { ProductImage } from './ProductImage';
import type { SearchHit } from '../data/search';
import { useUi } from '../state/ui';
import { useScanRouter } from '../scan';
import { parseBarePickupCode } from '../../shared/barcode/aisleCodes';

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
  const router = useScanRouter();
  const inputRef = useRef<HTMLInputElement | null>(null);
  const [message, setMessage] = useState<string | null>(null);
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
    if (parseBarePickupCode(query) !== null && !list.some((h) => h.sku?.toUpperCase() === query.trim().toUpperCase())) {
      router.dispatch(query.trim());
      return;
    }
    const hit = list[Math.min(selectedIndex, list.length - 1)];
    if (hit) onOpen(hit);
    else if (query.trim() !== '') setMessage(/^\d[\d\s-]{6,}$/.test(query.trim()) ? `No product with barcode ${query.trim()} on this device.` : `Nothing matches “${query.trim()}”.`);
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
  return (
    <input
      ref={inputRef}
      className={`search-input ${big ? 'big' : ''}`}
      data-testid="search-input"
      type="search"
      role="combobox"
      aria-expanded="true"
      aria-controls="search-results"
      aria-label="Search products by name, brand, SKU or barcode"
      placeholder="Search name, brand, SKU — or scan / type a barcode"
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
  const { firstSyncActive } = useSyncStatus();
  const details = useResultDetails(hits);
  const listRef = useRef<HTMLUListElement | null>(null);

  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selectedIndex]);

  return (
    <section className="search-screen">
      <SearchField inputRef={inputRef} onKeyDown={onKeyDown} />
      {message !== null && (
        <p className="search-message" role="alert" data-testid="search-message">
          {message}
        </p>
      )}
      {query.trim() === '' && <p className="hint muted">Type a product name, brand or SKU, or scan a barcode. ↑ ↓ to choose, Enter to open.</p>}
      {query.trim() !== '' && hits.length === 0 && message === null && answeredQuery === query && (
        <p className="hint muted" data-testid="search-empty">
          {firstSyncActive ? `Nothing matches “${query.trim()}” yet: the catalog is still arriving on this device (progress above). Results appear as it arrives.` : `No products match “${query.trim()}”.`}
        </p>
      )}
      {query.trim() !== '' && answeredQuery !== query && hits.length === 0 && message === null && firstSyncActive && (
        <p className="hint muted" data-testid="search-empty">
          Searching… the catalog is still arriving on this device.
        </p>
      )}
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
            <ResultRow hit={hit} details={details?.get(hit.id)} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The price of a row: one price, or "from" the lowest when the options differ. */
export function resultPrice(d: ResultDetails | undefined): string {
  if (!d?.priceMin || !d.priceMax) return '';
  return d.priceMin.amount === d.priceMax.amount ? formatMoney(d.priceMin) : `from ${formatMoney(d.priceMin)}`;
}

/** Stock here in a few words: what an associate needs before walking to the shelf. */
export function resultStock(d: ResultDetails | undefined): { text: string; level: 'none' | 'low' | 'ok' | 'unknown' } {
  if (!d) return { text: '', level: 'unknown' };
  if (d.availableHere === null) return { text: 'Not stocked here', level: 'none' };
  if (d.availableHere <= 0) return { text: 'Out of stock here', level: 'none' };
  if (d.availableHere <= 3) return { text: `Only ${d.availableHere} here`, level: 'low' };
  return { text: `${d.availableHere} here`, level: 'ok' };
}

function ResultRow({ hit, details }: { hit: SearchHit; details: ResultDetails | undefined }): React.JSX.Element {
  const stock = resultStock(details);
  const sku = hit.sku ?? details?.sku ?? null;
  return (
    <>
      <ProductImage path={details?.image ?? null} alt="" className="result-img" />
      <span className="result-title">{hit.title}</span>
      <span className="result-meta muted">
        {hit.brand} · {hit.category}
        {sku === null && details && details.variantCount > 1 ? ` · ${details.variantCount} options` : ''}
      </span>
      <span className="result-sku" data-testid="result-sku">
        {sku !== null && <span className="sku-chip">{sku}</span>}
      </span>
      <span className="result-price" data-testid="result-price">
        {resultPrice(details)}
      </span>
      <span className={`result-stock stock-${stock.level}`} data-testid="result-stock">
        {stock.text}
      </span>
    </>
  );
}
