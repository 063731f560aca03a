// `npm test`: builds the renderer (the end-to-end suite tests the production build), then runs the unit,
// integration and end-to-end suites with Vitest, and ends with one plain summary line that CI reads:
// "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const args = process.argv.slice(2);
const run = (cmd, cmdArgs) => spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: process.env });

const projects = args.length > 0 ? args : ['unit', 'integration', 'e2e'];
if (projects.includes('e2e')) {
  const build = run(npx, ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
  if (build.status !== 0) process.exit(build.status ?? 1);
}
mkdirSync(path.join(root, 'test', '.tmp'), { recursive: true });
const out = path.join(root, 'test', '.tmp', 'vitest-results.json');
const result = run(npx, ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
if (existsSync(out)) {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // Skipped is never passed: name each one, with the reason its suite title gives.
  for (const file of r.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (t.status === 'pending' || t.status === 'skipped' || t.status === 'todo') console.log(`skipped: ${path.relative(root, file.name)} › ${[...(t.ancestorTitles ?? []), t.title].join(' › ')}`);
    }
  }
  console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
}
process.exit(result.status ?? 1);
