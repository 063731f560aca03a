/**
 * Builds the renderer for both hosts: Electron loads out/renderer over app://aisle/, the browser host serves the
 * same files over http. `base: '/'` keeps asset URLs absolute so deep paths still load /assets/*.
 */
import { defineConfig, type Plugin } from 'vite';
import type { OutputBundle, OutputChunk } from 'rolldown';
import react from '@vitejs/plugin-react';
import pkg from '../package.json' with { type: 'json' };

const here = import.meta.dirname;

/**
 * The dev server needs what production must not allow: the React Refresh preamble is an inline script and HMR
 * talks over ws:. Relax the CSP meta only while serving, never in a build.
 */
function devCsp(): Plugin {
  return {
    name: 'aisle-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws: wss:");
    },
  };
}

/** The modules whose chunks index.html preloads (fetched and compiled at launch, evaluated only when imported). */
const PRELOADED = ['/renderer/data/session.ts', '/renderer/ui/Shell.tsx'];
/** The meta element naming those chunks (read by renderer/ui/sessionPreload.ts). */
const SESSION_CODE_META = 'aisle-session-code';

/**
 * Cold start (docs/performance.md, "the session's code fetched while the snapshot is read"): App.tsx imports the
 * session's code (RxDB) and the app frame only once the start-up screen has painted the restored index, so their
 * evaluation never comes between a typed query and its rows. Their fetch and compile need not wait that long:
 * this names those chunks and the chunks they import in index.html, and App.tsx adds `<link rel="modulepreload">`
 * for them as soon as it starts, so they are fetched while the renderer waits for the snapshot's IndexedDB read and
 * put in the module map without running. The dynamic import then only evaluates. Vite preloads a dynamic import's
 * dependencies only when the import runs, hence this plugin.
 */
function preloadSessionCode(): Plugin {
  return {
    name: 'aisle-preload-session-code',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle: OutputBundle | undefined = ctx.bundle;
        if (!bundle) return [];
        const chunks = Object.values(bundle).filter((o): o is OutputChunk => o.type === 'chunk');
        const entry = chunks.find((c) => c.isEntry);
        const wanted = new Set<string>();
        const add = (chunk: OutputChunk | undefined): void => {
          if (!chunk || chunk === entry || wanted.has(chunk.fileName)) return;
          wanted.add(chunk.fileName);
          for (const f of chunk.imports) add(chunks.find((c) => c.fileName === f));
        };
        for (const id of PRELOADED) {
          // session.ts is in a shared chunk (no facade): the lazy screens import it too.
          const chunk = chunks.find((c) => c.moduleIds.some((m) => m.endsWith(id)));
          // A build that no longer splits these off must say so, not silently preload nothing.
          if (!chunk) throw new Error(`aisle-preload-session-code: no chunk holds ${id}`);
          add(chunk);
        }
        // A list for App.tsx, not <link rel="modulepreload"> tags: in the head those were fetched and compiled
        // together with the start-up chunk and held it back under load (bench:cold-start at 20k: bundle running
        // later in every pair). App.tsx preloads them once the start-up chunk runs, while the snapshot is read.
        return [{ tag: 'meta', attrs: { name: SESSION_CODE_META, content: [...wanted].map((f) => `/${f}`).join(' ') }, injectTo: 'head' as const }];
      },
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react(), devCsp(), preloadSessionCode()],
  define: { __AISLE_VERSION__: JSON.stringify(pkg.version) },
  build: {
    // Relative to root (renderer/): out/renderer at the repository root, where Electron and the tests look.
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      output: {
        // Everything the entry imports statically in one chunk, nothing else. Without this group, modules the first
        // screen shares with the session's chunks (React, MiniSearch, the snapshot reader) were placed in one common
        // chunk together with RxDB, and the start-up screen waited for all of it (docs/performance.md, "Cold start").
        codeSplitting: { groups: [{ name: 'start', tags: ['$initial'] }] },
      },
    },
  },
  server: { port: 5173, strictPort: true },
  preview: { port: 5173, strictPort: true },
});
