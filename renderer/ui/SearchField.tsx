/** The search box of the counter and the kiosk (SearchScreen.tsx, KioskScreen.tsx, and EarlyCounter.tsx at start-up). */
import { useUi } from '../state/ui';
import { useI18n } from '../i18n/I18nProvider';
import { productMessages } from './product.messages';

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
      placeholder={t(big ? 'kioskPlaceholder' : 'searchPlaceholder')}
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

/**
 * The search box's keys, the same on every screen that has it: the arrows move through the `count` hits, Enter
 * runs `enter`.
 */
export function searchFieldKeys(e: React.KeyboardEvent<HTMLInputElement>, count: number, moveSelection: (delta: number, count: number) => void, enter: () => void): void {
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    moveSelection(e.key === 'ArrowDown' ? 1 : -1, count);
  } else if (e.key === 'Enter') {
    e.preventDefault();
    enter();
  }
}
