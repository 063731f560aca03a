// `npm start` — the catalog server with demo data plus the app.
//   1. starts the catalog server (PGlite data folder .aisle-data/catalog, demo retailer seeded on first run)
//      and prints one-time enrollment codes for the first store;
//   2. builds the renderer and the Electron main/preload, and launches Electron;
//   2b. places a few demo web/app pickup orders at the first store (npm run simulate) so the pickup queue has
//      work in it; --no-orders skips that. The channel keys are made up for this run and printed;
//   3. where no Electron binary can be had (this happens on machines without internet access to Electron's
//      download host), or with --browser, serves the same renderer as the "browser host" and prints its URL.
// Ctrl+C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const browserOnly = process.argv.includes('--browser');
const demoOrders = !process.argv.includes('--no-orders');
// Channel keys for the web shop and the app, for this run only (npm run admin -- channel-key makes lasting ones).
const channelKeys = process.env.AISLE_CHANNEL_KEYS ?? `web:demo-web-${randomBytes(9).toString('hex')},app:demo-app-${randomBytes(9).toString('hex')}`;
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const port = process.env.PORT ?? '8787';
const children = [];

function stopAll(code = 0) {
  for (const c of children) c.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

function electronBinary() {
  const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = path.join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(bin) ? bin : null;
}

function step(label, cmd, args) {
  console.log(`\n▶ ${label}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`✖ ${label} failed`);
    stopAll(r.status ?? 1);
  }
}

const server = spawn(npx, ['tsx', 'server/cli.ts', '--demo', '--enroll', '--port', port, '--log-level', 'warn'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, AISLE_CHANNEL_KEYS: channelKeys } });
children.push(server);
server.on('exit', (code) => {
  console.error(`catalog server exited (${code})`);
  stopAll(code ?? 1);
});
const serverUrl = await new Promise((resolve) => {
  let out = '';
  server.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    out += chunk.toString();
    const m = /listening on (http:\/\/\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
});

console.log(`Channel keys for this run (order API, npm run simulate -- --key ...): ${channelKeys}`);
if (demoOrders) {
  const simulate = spawn(npx, ['tsx', 'scripts/simulate.ts', '--server', serverUrl, '--key', channelKeys, '--count', '6', '--rate', '2', '--stores', '1'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(simulate);
  simulate.on('exit', (code) => console.log(code === 0 ? 'Placed 6 demo pickup orders at the first store.' : `Demo orders were not placed (simulate exited ${code}).`));
}

step('building the renderer', npx, ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
const electron = browserOnly ? null : electronBinary();
if (electron) {
  step('building the Electron main process and preload', process.execPath, ['scripts/build-electron.mjs']);
  const app = spawn(electron, ['.', `--server-url=${serverUrl}`], { cwd: root, stdio: 'inherit', env: { ...process.env, AISLE_SERVER_URL: serverUrl } });
  children.push(app);
  app.on('exit', () => stopAll(0));
} else {
  if (!browserOnly) {
    console.log('\nNo Electron binary on this machine (node_modules/electron/dist is missing; Electron downloads it on first run, which needs its download host).');
    console.log('Starting the browser host instead: the same renderer, with the desktop API implemented for a browser.');
  }
  const preview = spawn(npx, ['vite', 'preview', '--config', 'renderer/vite.config.ts', '--port', '5173', '--strictPort'], { cwd: root, stdio: 'inherit' });
  children.push(preview);
  console.log(`\nOpen http://localhost:5173/ and enroll with the server address ${serverUrl} and a code printed above.`);
}
