/**
 * The focus rule, written once: on every screen change focus lands on the screen's primary field (an element
 * marked `data-screen-focus`) or else its first heading; and whenever the focused element disappears (a form
 * that closed, a panel that was replaced) focus goes back there instead of dropping to <body>, where a keyboard
 * user is lost and a screen reader starts again from the top.
 */
import { useEffect } from 'react';

export const SCREEN_FOCUS_ATTR = 'data-screen-focus';

function screenRoot(): HTMLElement | null {
  return document.querySelector<HTMLElement>('main.content') ?? document.querySelector<HTMLElement>('main');
}

/**
 * The first match that is on screen. A screen still loading (a lazy chunk) leaves the previous one in the page,
 * hidden by React's Suspense until the new one is ready: its fields cannot take focus and must not be chosen.
 */
function firstShown(root: HTMLElement, selector: string): HTMLElement | null {
  for (const el of root.querySelectorAll<HTMLElement>(selector)) if (el.getClientRects().length > 0) return el;
  return null;
}

/** Focuses the current screen's primary field or heading; false when the screen has not rendered one yet. */
export function focusScreen(): boolean {
  const root = screenRoot();
  if (!root) return false;
  const target = firstShown(root, `[${SCREEN_FOCUS_ATTR}]`) ?? firstShown(root, 'h1, h2');
  if (!target) return false;
  // A heading is not focusable by Tab; tabindex -1 lets the script (and only the script) put focus there.
  if (target.tabIndex < 0 && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
  return document.activeElement === target;
}

/** Moves focus to the screen each time `screenKey` changes, waiting (up to 3 s) for a screen still loading. */
export function useScreenFocus(screenKey: string): void {
  useEffect(() => {
    if (focusScreen()) return;
    const root = screenRoot();
    if (!root) return;
    const observer = new MutationObserver(() => {
      if (focusScreen()) stop();
    });
    const timer = setTimeout(() => stop(), 3000);
    function stop(): void {
      observer.disconnect();
      clearTimeout(timer);
    }
    observer.observe(root, { childList: true, subtree: true });
    return stop;
  }, [screenKey]);
}

/**
 * Installs the "never drop to <body>" rule for the life of the app. Browsers fire no event when the focused
 * element is removed from the page, so a MutationObserver checks after each DOM change whether the element last
 * focused is gone and focus fell to <body>.
 */
export function useFocusNeverLost(): void {
  useEffect(() => {
    let last: Element | null = null;
    const onFocusIn = (e: FocusEvent): void => {
      if (e.target instanceof Element) last = e.target;
    };
    const observer = new MutationObserver(() => {
      if (last === null || last.isConnected) return;
      if (document.activeElement !== null && document.activeElement !== document.body) return;
      last = null;
      focusScreen();
    });
    document.addEventListener('focusin', onFocusIn);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      observer.disconnect();
    };
  }, []);
}
