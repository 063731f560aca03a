// `npm run build:electron`: bundles the main process and the preload into out/electron/ as CommonJS.
// - main.cjs: Electron loads package.json "main"; CommonJS because the package is "type": "module" and
//   Electron's main must not depend on ESM loader details. `electron` and Node builtins stay external.
// - preload.cjs: the window is sandboxed, and a sandboxed preload can require only 'electron' (and a few
//   polyfilled builtins), never another file; so everything it imports (shared/ipc.ts, shared/errors.ts)
//   is inlined into one self-contained file.
import { builtinModules } from 'node:module';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { build } from 'vite';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'out', 'electron');
const external = ['electron', /^electron\//, /^node:/, ...builtinModules];

const entries = [
  { name: 'main', entry: 'electron/main/index.ts', emptyOutDir: true },
  { name: 'preload', entry: 'electron/preload/index.ts', emptyOutDir: false },
];

for (const { name, entry, emptyOutDir } of entries) {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    // Electron 45 ships Node 22 and Chromium 140; nothing here needs down-levelling.
    build: {
      ssr: entry,
      outDir,
      emptyOutDir,
      target: 'node22',
      minify: false,
      sourcemap: true,
      rollupOptions: {
        external,
        output: { format: 'cjs', entryFileNames: `${name}.cjs`, codeSplitting: false },
      },
    },
    ssr: { noExternal: true, external: ['electron'] },
  });
}

// A sandboxed preload fails at runtime, not at build time, if it requires anything but 'electron'.
const preload = readFileSync(path.join(outDir, 'preload.cjs'), 'utf8');
const requires = [...preload.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]).filter((id) => id !== 'electron');
if (requires.length > 0) {
  console.error(`preload.cjs must require only 'electron', but requires: ${requires.join(', ')}`);
  process.exit(1);
}
console.log(`built ${path.relative(root, outDir)}/main.cjs and preload.cjs`);
