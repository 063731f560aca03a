/**
 * The counter's search results: up to 50 rows, a keystroke replacing them all. What costs a keystroke here is
 * rendering rows (React, then style, layout and paint), not the search (a few ms at 100,000 variants), so:
 *
 * - **The first screen first.** A hit list is rendered at first only as far as a screen can show
 *   (`firstScreenRows`); the rows below follow once the list has stayed for `REST_AFTER_MS` (typing replaces
 *   it sooner, and nobody saw those rows), at once when the list is scrolled, and as far as the selection when
 *   the arrow keys go past them. A block after the rows (`.results::after`, `--rows-below`) stands in for the
 *   rows not yet rendered, so the list's height and scroll bar do not change when they come; `aria-setsize` tells a screen reader how many hits there are.
 * - **An unchanged row is not rendered again.** Rows are keyed by product id and memoised on what they show
 *   (`sameHit`): the next letter usually keeps most of the previous hits, as new objects.
 * - **The screen around the list does not re-render the rows.** A keystroke re-renders the search screen (the
 *   query changed) before its search answers; the list is memoised on its hits, selection and details.
 *
 * What must stay true: the rows never mix two queries (`data-query` names the one the rows answer, and every
 * row rendered is from that answer), every hit is reachable by keyboard and by scrolling, and the selection
 * follows the pointer only when the pointer moves (not when rows move under a resting pointer).
 */
import { memo, startTransition, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useResultDetails } from '../data/hooks';
import type { ResultDetails } from '../data/resultDetails';
import type { SearchHit } from '../data/search';
import { useI18n, type MessageKey, type Translate } from '../i18n';
import { ProductImage } from './ProductImage';
import { productMessages } from './product.messages';

/** A row's height in the stylesheet (`.result`: min-height 64px and a 1px border): the space of a row not yet rendered. */
export const ROW_PX = 65;

/** How long a hit list stays before the rows below the first screen are rendered (typing replaces it sooner). */
export const REST_AFTER_MS = 120;

/**
 * How many rows a screen can show: the window's height in rows, and one more. The list is shorter than the
 * window (the header and the search box are above it), so this is never too few. `innerHeight` forces no layout.
 */
export function firstScreenRows(windowHeight: number): number {
  return Math.max(1, Math.ceil(windowHeight / ROW_PX) + 1);
}

/** How many of `total` rows to render: all once complete, else the first screen, and always down to the selection. */
export function rowsToRender(total: number, firstScreen: number, selectedIndex: number, complete: boolean): number {
  if (complete) return total;
  return Math.min(total, Math.max(firstScreen, selectedIndex + 1));
}

/** Two hits that show the same row (a new search returns new objects for the same products). */
export function sameHit(a: SearchHit, b: SearchHit): boolean {
  return a === b || (a.id === b.id && a.title === b.title && a.brand === b.brand && a.category === b.category && a.sku === b.sku && a.variantId === b.variantId);
}

interface ListProps {
  hits: readonly SearchHit[];
  answeredQuery: string;
  selectedIndex: number;
  onSelect: (index: number) => void;
  onOpen: (hit: SearchHit) => void;
}

export const SearchResults = memo(function SearchResults({ hits, answeredQuery, selectedIndex, onSelect, onOpen }: ListProps): React.JSX.Element {
  const details = useResultDetails(hits);
  const listRef = useRef<HTMLUListElement | null>(null);
  // The hit list whose rows are all rendered (compared by identity: every answer is a new list).
  const [completeFor, setCompleteFor] = useState<readonly SearchHit[] | null>(null);
  const firstScreen = firstScreenRows(window.innerHeight);
  const complete = completeFor === hits || hits.length <= firstScreen;
  const shown = rowsToRender(hits.length, firstScreen, selectedIndex, complete);

  useEffect(() => {
    if (complete) return;
    // A transition: a keystroke arriving while these rows render is handled first, and the work is dropped.
    const timer = setTimeout(() => startTransition(() => setCompleteFor(hits)), REST_AFTER_MS);
    return () => clearTimeout(timer);
  }, [hits, complete]);

  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selectedIndex]);

  // A new answer starts at its top, where its first rows are (and the selection, reset to the first hit): a list
  // left scrolled down would otherwise show the space of rows not yet rendered. Before paint; only after a scroll,
  // so typing forces no layout.
  const scrolled = useRef(false);
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!scrolled.current || !el) return;
    scrolled.current = false;
    el.scrollTop = 0;
  }, [hits]);
  const onScroll = (e: React.UIEvent<HTMLUListElement>): void => {
    scrolled.current = e.currentTarget.scrollTop > 0;
    // Scrolling towards rows not yet rendered renders them before this frame is painted.
    if (!complete) flushSync(() => setCompleteFor(hits));
  };

  // The pointer's last position over the list: rows replaced under a resting pointer move no selection.
  const pointer = useRef<{ x: number; y: number } | null>(null);
  const onPointer = useCallback(
    (index: number, e: React.MouseEvent): void => {
      const last = pointer.current;
      if (last !== null && last.x === e.clientX && last.y === e.clientY) return;
      pointer.current = { x: e.clientX, y: e.clientY };
      onSelect(index);
    },
    [onSelect],
  );

  return (
    // data-query names the text these rows answer (end-to-end tests and the keystroke benchmark wait on it);
    // data-complete is there once every hit has its row.
    <ul
      className={hits.length === 0 ? 'results empty' : 'results'}
      id="search-results"
      role="listbox"
      ref={listRef}
      data-testid="search-results"
      data-query={answeredQuery}
      data-complete={shown === hits.length ? '' : undefined}
      style={shown < hits.length ? ({ '--rows-below': `${(hits.length - shown) * ROW_PX}px` } as React.CSSProperties) : undefined}
      onScroll={onScroll}
    >
      {hits.slice(0, shown).map((hit, i) => (
        <ResultItem key={hit.id} hit={hit} index={i} count={hits.length} selected={i === selectedIndex} details={details?.get(hit.id)} onPointer={onPointer} onOpen={onOpen} />
      ))}
    </ul>
  );
});

interface ItemProps {
  hit: SearchHit;
  index: number;
  count: number;
  selected: boolean;
  details: ResultDetails | undefined;
  onPointer: (index: number, e: React.MouseEvent) => void;
  onOpen: (hit: SearchHit) => void;
}

/** Re-rendered only when what it shows changes (the list passes stable handlers: `onSelect`, `onOpen`). */
const ResultItem = memo(
  function ResultItem({ hit, index, count, selected, details, onPointer, onOpen }: ItemProps): React.JSX.Element {
    return (
      <li
        role="option"
        aria-selected={selected}
        aria-setsize={count}
        aria-posinset={index + 1}
        className={selected ? 'result selected' : 'result'}
        data-testid="search-result"
        data-product-id={hit.id}
        onMouseMove={(e) => onPointer(index, e)}
        onClick={() => onOpen(hit)}
      >
        <ResultRow hit={hit} details={details} />
      </li>
    );
  },
  (a, b) => sameHit(a.hit, b.hit) && a.index === b.index && a.count === b.count && a.selected === b.selected && a.details === b.details && a.onPointer === b.onPointer && a.onOpen === b.onOpen,
);

type T = Translate<MessageKey<typeof productMessages>>;

/** Stock here in a few words: what an associate needs before walking to the shelf. */
function resultStock(d: ResultDetails | undefined, t: T): { text: string; level: 'none' | 'low' | 'ok' | 'unknown' } {
  if (!d) return { text: '', level: 'unknown' };
  if (d.availableHere === null) return { text: t('resultNotStocked'), level: 'none' };
  if (d.availableHere <= 0) return { text: t('resultOut'), level: 'none' };
  if (d.availableHere <= 3) return { text: t('resultLow', { n: d.availableHere }), level: 'low' };
  return { text: t('resultOk', { n: d.availableHere }), level: 'ok' };
}

function ResultRow({ hit, details }: { hit: SearchHit; details: ResultDetails | undefined }): React.JSX.Element {
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
}
