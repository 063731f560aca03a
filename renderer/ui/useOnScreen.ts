/**
 * Whether an element has been on screen (once true, stays true). One IntersectionObserver serves every caller,
 * so a list of 50 search results costs one observer, not 50. Where IntersectionObserver is missing, everything
 * counts as on screen.
 */
import { useEffect, useState, type RefObject } from 'react';

type Listener = () => void;
const listeners = new WeakMap<Element, Listener>();
let observer: IntersectionObserver | null = null;

function shared(): IntersectionObserver | null {
  if (typeof IntersectionObserver === 'undefined') return null;
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        listeners.get(entry.target)?.();
      }
    },
    // A row just below the fold loads with the visible ones: scrolling a few rows shows images at once.
    { rootMargin: '200px 0px' },
  );
  return observer;
}

export function useOnScreen(ref: RefObject<Element | null>, enabled = true): boolean {
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!enabled || seen || !el) return;
    const io = shared();
    if (!io) {
      setSeen(true);
      return;
    }
    listeners.set(el, () => {
      io.unobserve(el);
      listeners.delete(el);
      setSeen(true);
    });
    io.observe(el);
    return () => {
      io.unobserve(el);
      listeners.delete(el);
    };
  }, [ref, enabled, seen]);
  return seen;
}
