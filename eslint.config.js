// Lint: typescript-eslint's recommended type-aware rules plus the layer boundaries of docs/architecture.md.
// A wrong-layer import is an error, and the message says where the rule is written down.
import tseslint from 'typescript-eslint';

const ARCH = 'See docs/architecture.md#layers.';

const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'test/.tmp/**', '.aisle-data/**', 'dist/**', 'release/**', 'test/bench/results/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: restrict([
      { group: ['**/server/**', '**/renderer/**', '**/electron/**', '**/test/**'], message: `shared/ imports no other layer. ${ARCH}` },
      { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'electron', 'react', 'react-dom', 'rxdb', 'rxdb/*'], message: `shared/ is pure TypeScript: no Node, DOM, Electron or database. ${ARCH}` },
    ]),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: restrict([
      { group: ['electron', 'electron/*', 'node:*', 'fs', 'path', 'os', 'child_process'], message: `renderer/ reaches the desktop only through the DesktopApi (shared/ipc.ts). ${ARCH}` },
      { group: ['**/server/**', '**/electron/**'], message: `renderer/ may import shared/ only. ${ARCH}` },
    ]),
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/ui/**/*.ts'],
    rules: restrict([
      { group: ['rxdb', 'rxdb/*', 'electron', 'node:*'], message: `Only renderer/data imports rxdb; components use its hooks. ${ARCH}` },
      { group: ['**/server/**', '**/electron/**'], message: `renderer/ may import shared/ only. ${ARCH}` },
    ]),
  },
  {
    files: ['server/**/*.ts'],
    rules: restrict([
      { group: ['**/renderer/**', '**/electron/**', 'electron'], message: `server/ never imports renderer/ or electron/. ${ARCH}` },
    ]),
  },
  {
    files: ['electron/**/*.ts'],
    rules: restrict([
      { group: ['**/renderer/**', '**/server/**'], message: `electron/ talks to the renderer only through the IPC contract in shared/ipc.ts. ${ARCH}` },
    ]),
  },
);
