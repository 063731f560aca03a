/**
 * Fetches the session's code and the app frame (their chunks, named in index.html by vite.config.ts's
 * preloadSessionCode) without running them: `<link rel="modulepreload">` puts each module in the module map, so
 * App.tsx's dynamic import, once the start-up screen has painted, only evaluates. Called when the start-up chunk
 * runs, so the fetch overlaps the snapshot's IndexedDB read and decode instead of following the paint, and does not
 * compete with the start-up chunk's own fetch (docs/performance.md, "Cold start: the session's code fetched at
 * launch"). In the dev server there is no such list and nothing is preloaded.
 */
export const SESSION_CODE_META = 'aisle-session-code';

let preloaded = false;

export function preloadSessionCode(doc: Document = document): void {
  if (preloaded) return;
  preloaded = true;
  const list = doc.querySelector<HTMLMetaElement>(`meta[name="${SESSION_CODE_META}"]`)?.content ?? '';
  for (const href of list.split(' ')) {
    if (href === '') continue;
    const link = doc.createElement('link');
    link.rel = 'modulepreload';
    // As the module scripts themselves are fetched (vite's entry script is crossorigin), so the preload is used.
    link.crossOrigin = '';
    link.href = href;
    doc.head.appendChild(link);
  }
}
