/**
 * Search as you type: product name, brand, SKU, or a barcode in any GTIN rendering. The field has focus on
 * load; ArrowUp/ArrowDown move the selection, Enter opens it; a barcode + Enter opens that variant's product.
 * Typing a barcode is the manual fallback for a damaged label; USB scanner and camera reads arrive through the scan
 * router instead (renderer/ui/Shell.tsx), whatever has focus. A pickup code typed as the customer reads it
 * (`VN2GEG2F7P`) + Enter goes to the scan router like a scanned one — unless a product's SKU is exactly that text
 * (docs/scanning.md, "Bare pickup codes").
 */
import { memo, useEffect, useRef, useState } from 'react';
import { useDataActions, useFirstSyncActive, useResultDetails, useSearch } from '../data/hooks';
import type { ResultDetails } from '../data/resultDetails';
import { ProductImage } from './ProductImage';
import type { SearchHit } from '../data/search';
import { useUi } from '../state/ui';
import { useScanRouter } from '../scan';
import { parseBarePickupCode } from '../../shared/barcode/aisleCodes';
import { useI18n, type MessageKey, type Translate } from '../i18n';
import { productMessages } from './product.messages';
import { SearchField, searchFieldKeys } from './SearchField';

// The field itself is its own module: the start-up screen (EarlyCounter.tsx) shows it before the session opens.
export { SearchField } from './SearchField';

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
  const { t } = useI18n(productMessages);
  const hits = outcome?.hits ?? [];
  const answered = answeredQuery === query;

  useEffect(() => {
    const input = inputRef.current;
    if (!input) return;
    input.focus();
    // Back from a product (the token was bumped): select the query, so typing starts a new one. On the first
    // mount keep the caret at the end: what was typed into the start-up screen (EarlyCounter.tsx) goes on.
    if (focusToken > 0) input.select();
    else input.setSelectionRange(input.value.length, input.value.length);
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
    else if (query.trim() !== '') setMessage(/^\d[\d\s-]{6,}$/.test(query.trim()) ? t('noBarcode', { barcode: query.trim() }) : t('nothingMatches', { query: query.trim() }));
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>): void {
    searchFieldKeys(e, hits.length, moveSelection, () => void enter().catch((err: unknown) => setMessage(String(err))));
  }
  return { inputRef, hits, message, onKeyDown, answered, answeredQuery };
}

export function SearchScreen(): React.JSX.Element {
  const openProduct = useUi((s) => s.openProduct);
  const query = useUi((s) => s.query);
  const selectedIndex = useUi((s) => s.selectedIndex);
  const setSelection = useUi((s) => s.setSelection);
  const { inputRef, hits, message, onKeyDown, answeredQuery } = useSearchKeys((hit) => openProduct(hit.id, hit.variantId ?? null));
  const firstSyncActive = useFirstSyncActive();
  const details = useResultDetails(hits);
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
      {query.trim() !== '' && hits.length === 0 && message === null && answeredQuery === query && (
        <p className="hint muted" data-testid="search-empty">
          {firstSyncActive ? t('noMatchesYet', { query: query.trim() }) : t('noMatches', { query: query.trim() })}
        </p>
      )}
      {query.trim() !== '' && answeredQuery !== query && hits.length === 0 && message === null && firstSyncActive && (
        <p className="hint muted" data-testid="search-empty">
          {t('searchingArriving')}
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

type T = Translate<MessageKey<typeof productMessages>>;

/** Stock here in a few words: what an associate needs before walking to the shelf. */
function resultStock(d: ResultDetails | undefined, t: T): { text: string; level: 'none' | 'low' | 'ok' | 'unknown' } {
  if (!d) return { text: '', level: 'unknown' };
  if (d.availableHere === null) return { text: t('resultNotStocked'), level: 'none' };
  if (d.availableHere <= 0) return { text: t('resultOut'), level: 'none' };
  if (d.availableHere <= 3) return { text: t('resultLow', { n: d.availableHere }), level: 'low' };
  return { text: t('resultOk', { n: d.availableHere }), level: 'ok' };
}

/**
 * Memoised: a keystroke re-renders the screen (the query changed) before its search answers, and the details
 * refresh while a catch-up writes prices and stock (resultDetails.ts keeps a row's details object when its values
 * did not change): neither should re-render 50 rows that did not change, inside the key's own task.
 */
const ResultRow = memo(function ResultRow({ hit, details }: { hit: SearchHit; details: ResultDetails | undefined }): React.JSX.Element {
  const i18n = useI18n(productMessages);
  const { t } = i18n;
  const money = (m: Parameters<typeof i18n.money>[0]): string => i18n.money(m);
  const stock = resultStock(details, t);
  const sku = hit.sku ?? details?.sku ?? null;
  // One price, or "from" the lowest when the options differ.
  const price = !details?.priceMin || !details.priceMax ? '' : details.priceMin.amount === details.priceMax.amount ? money(details.priceMin) : t('priceFrom', { price: money(details.priceMin) });
  return (
    <>
      <ProductImage path={details?.image ?? null} alt="" className="result-img" whenOnScreen />
      <span className="result-title">{hit.title}</span>
      <span className="result-meta muted">
        {hit.brand} · {hit.category}
        {sku === null && details && details.variantCount > 1 ? ` · ${t('optionCount', { n: details.variantCount })}` : ''}
      </span>
      <span className="result-sku" data-testid="result-sku">
        {sku !== null && <span className="sku-chip">{sku}</span>}
      </span>
      <span className="result-price" data-testid="result-price">
        {price}
      </span>
      <span className={`result-stock stock-${stock.level}`} data-testid="result-stock">
        {stock.text}
      </span>
    </>
  );
});
