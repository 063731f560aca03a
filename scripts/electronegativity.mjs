// `npm run lint:electron`: Electronegativity (Doyensec's Electron security scanner) over electron/, failing on any
// finding. Every finding is fixed or justified where the scanner reads it:
// - inline, with an `eng-disable CHECK_NAME` comment on the flagged line, saying why it is safe there
//   (OPEN_EXTERNAL_JS_CHECK in electron/main: only allowlisted https origins reach shell.openExternal);
// - CSPGlobalCheck is excluded below: it looks for a CSP in HTML <meta> tags and webRequest handlers, and cannot
//   see ours, which the app:// protocol handler sends as a response header on every page
//   (electron/main/security.ts CONTENT_SECURITY_POLICY, electron/main/protocol.ts; tested in security.test.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const EXCLUDED = ['CSPGlobalCheck'];
const electronVersion = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies.electron;
const out = path.join(root, 'test', '.tmp', 'electronegativity.csv');
mkdirSync(path.dirname(out), { recursive: true });
rmSync(out, { force: true });
const bin = path.join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
// -e: the scanner cannot read the version offline; -r: paths relative to the repository.
const run = spawnSync(process.execPath, [bin, '-i', path.join(root, 'electron'), '-e', electronVersion, '-x', EXCLUDED.join(','), '-r', '-o', out], { cwd: root, encoding: 'utf8' });
if (!existsSync(out)) {
  process.stderr.write(`${run.stdout}\n${run.stderr}\nelectronegativity: no report written (exit ${run.status}); counted as a failure\n`);
  process.exit(1);
}
const rows = readFileSync(out, 'utf8').split('\n').slice(1).filter((l) => l.trim() !== '');
if (rows.length > 0) {
  process.stderr.write(`electronegativity: ${rows.length} finding(s) in electron/ (fix, or justify inline with eng-disable):\n${rows.join('\n')}\n`);
  process.exit(1);
}
console.log(`electronegativity: no findings in electron/ (Electron ${electronVersion}; excluded with reasons: ${EXCLUDED.join(', ')})`);
