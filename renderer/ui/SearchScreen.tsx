/**
 * Search as you type: product name, brand, SKU, or a barcode in any GTIN rendering. The field has focus on
 * load; ArrowUp/ArrowDown move the selection, Enter opens it; a barcode + Enter opens that variant's product.
 * Typing a barcode is the manual fallback for a damaged label; USB scanner and camera reads arrive through the scan
 * router instead (renderer/ui/Shell.tsx), whatever has focus. A pickup code typed as the customer reads it
 * (`VN2GEG2F7P`) + Enter goes to the scan router like a scanned one — unless a product's SKU is exactly that text
 * (docs/scanning.md, "Bare pickup codes").
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useDataActions, useFirstSyncActive, useSearch } from '../data/hooks';
import type { SearchHit } from '../data/search';
import { useUi } from '../state/ui';
import { useScanRouter } from '../scan';
import { parseBarePickupCode } from '../../shared/barcode/aisleCodes';
import { useI18n } from '../i18n';
import { productMessages } from './product.messages';
import { SearchField, searchFieldKeys } from './SearchField';
import { SearchResults } from './SearchResults';

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
  const onOpen = useCallback((hit: SearchHit) => openProduct(hit.id, hit.variantId ?? null), [openProduct]);
  const { inputRef, hits, message, onKeyDown, answeredQuery } = useSearchKeys(onOpen);
  const firstSyncActive = useFirstSyncActive();
  const { t } = useI18n(productMessages);

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
      {/* Memoised: the keystroke's first render (the query changed, its search not answered yet) skips the rows. */}
      <SearchResults hits={hits} answeredQuery={answeredQuery} selectedIndex={selectedIndex} onSelect={setSelection} onOpen={onOpen} />
    </section>
  );
}
