/**
 * Builds the renderer for both hosts: Electron loads out/renderer over app://aisle/, the browser host serves the
 * same files over http. `base: '/'` keeps asset URLs absolute so deep paths still load /assets/*.
 */
import { defineConfig, type Plugin } from 'vite';
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

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react(), devCsp()],
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
