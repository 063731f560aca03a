/**
 * A camera sees the same code in every frame while it is held up; only the first read within `windowMs`
 * counts. A different code, or the same one after the window, counts again.
 */
export function createDeduper(windowMs: number): (text: string, now: number) => boolean {
  const seen = new Map<string, number>();
  return (text, now) => {
    for (const [t, at] of seen) if (now - at >= windowMs) seen.delete(t);
    if (seen.has(text)) {
      // Keep the window sliding while the code stays in view, so holding it there never re-triggers.
      seen.set(text, now);
      return false;
    }
    seen.set(text, now);
    return true;
  };
}
