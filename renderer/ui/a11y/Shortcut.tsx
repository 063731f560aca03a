/**
 * Visible keyboard shortcuts: `useShortcut('Alt+P', action)` binds a key for the life of a component, and `<Kbd>`
 * shows it next to the action, so the shortcut is learnt where it is used. Shortcuts use Alt (plain letters belong
 * to the fields and to the USB scanner's keystrokes; Ctrl combinations belong to the browser).
 */
import { useEffect, useRef } from 'react';

export interface ShortcutKey {
  /** e.g. 'Alt+P', 'Alt+Enter', 'F2' */
  readonly combo: string;
}

function matches(e: KeyboardEvent, combo: string): boolean {
  const parts = combo.split('+');
  const key = parts[parts.length - 1] ?? '';
  const alt = parts.includes('Alt');
  const shift = parts.includes('Shift');
  if (e.altKey !== alt || e.shiftKey !== shift || e.ctrlKey || e.metaKey) return false;
  // With Alt held, macOS layouts change e.key ("π" for Alt+P): compare the physical key for letters and digits.
  if (/^[A-Z]$/.test(key)) return e.code === `Key${key}`;
  if (/^[0-9]$/.test(key)) return e.code === `Digit${key}`;
  return e.key === key;
}

export function useShortcut(combo: string | null, action: () => void, enabled = true): void {
  const ref = useRef(action);
  ref.current = action;
  useEffect(() => {
    if (!combo || !enabled) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || !matches(e, combo)) return;
      // A shortcut never fires behind an open dialog.
      if (document.querySelector('[role="dialog"][aria-modal="true"]') && !(e.target instanceof Element && e.target.closest('[role="dialog"]'))) return;
      e.preventDefault();
      ref.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [combo, enabled]);
}

/** The shortcut as shown: <kbd>Alt</kbd>+<kbd>P</kbd>; hidden from screen readers, which get aria-keyshortcuts. */
export function Kbd({ combo }: { combo: string }): React.JSX.Element {
  return (
    <span className="kbd-combo" aria-hidden="true">
      {combo.split('+').map((k, i) => (
        <span key={k}>
          {i > 0 && '+'}
          <kbd>{k}</kbd>
        </span>
      ))}
    </span>
  );
}
