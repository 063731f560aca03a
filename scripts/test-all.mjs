// `npm test`: builds the renderer (the end-to-end suite tests the production build), then runs the unit,
// integration and end-to-end suites with Vitest, and ends with one plain summary line that CI reads:
// "tests: N passed, N failed, N skipped", where files that fail to load and suites that error count as failed
// (scripts/testSummary.mjs); the exit code is non-zero whenever anything failed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { summarize } from './testSummary.mjs';

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
rmSync(out, { force: true }); // a report left by an earlier run must never stand in for this one
const result = run(npx, ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
let report = null;
try {
  report = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : null;
} catch {
  report = null;
}
const summary = summarize(report, { root, exitStatus: result.status });
for (const line of summary.lines) console.log(line);
console.log(`\n${summary.closing}`);
process.exit(summary.ok ? 0 : result.status || 1);
