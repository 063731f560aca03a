// `npm start` — the catalog server with demo data plus the app.
//   1. starts the catalog server (PGlite data folder .aisle-data/catalog, demo retailer seeded on first run)
//      and collects the one-time enrollment codes it prints for the first store;
//   2. builds the renderer and the Electron main/preload, and launches Electron;
//   2b. places a few demo web/app pickup orders at the first store (npm run simulate) so the pickup queue has
//      work in it; --no-orders skips that. The channel keys are made up for this run and printed;
//   3. where no Electron binary can be had (this happens on machines without internet access to Electron's
//      download host), or with --browser, serves the same renderer as the "browser host" and prints its URL;
//   4. ends with one summary: where to go, the server address and the codes — printed last, so "below" is true.
// The catalog server and the app are supervised together (scripts/supervisor.mjs): if either exits, the other is
// stopped and the terminal says which one exited and how. Ctrl+C stops both.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createSupervisor } from './supervisor.mjs';

const root = path.resolve(import.meta.dirname, '..');
const browserOnly = process.argv.includes('--browser');
const demoOrders = !process.argv.includes('--no-orders');
// Channel keys for the web shop and the app, for this run only (npm run admin -- channel-key makes lasting ones).
const channelKeys = process.env.AISLE_CHANNEL_KEYS ?? `web:demo-web-${randomBytes(9).toString('hex')},app:demo-app-${randomBytes(9).toString('hex')}`;
const port = process.env.PORT ?? '8787';
const previewPort = process.env.PREVIEW_PORT ?? '5173';
// The CLIs run directly under this Node (not through npx), so a signal reaches the real process, not a wrapper.
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');

const supervisor = createSupervisor();
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted = true;
    void supervisor.stop(signal === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM');
  });
}
void supervisor.done.then((end) => {
  // A supervised process that exits on its own is a failure of `npm start` unless it was the app closing normally.
  const failed = !interrupted && end.name !== null && !(end.name === 'Electron app' && end.code === 0);
  process.exit(failed ? (end.code || 1) : 0);
});

function electronBinary() {
  const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = path.join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(bin) ? bin : null;
}

/** A build step: runs to completion while the server is supervised; a failure stops everything. */
async function step(label, args) {
  console.log(`\n▶ ${label}`);
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
  const [code, signal] = await new Promise((resolve) => child.on('exit', (c, s) => resolve([c, s])));
  if (code !== 0) {
    await supervisor.stop(`✖ ${label} failed (${signal ? `signal ${signal}` : `exit code ${code}`})`);
  }
  return !supervisor.stopping;
}

const server = supervisor.supervise(
  'catalog server',
  spawn(process.execPath, [tsx, 'server/cli.ts', '--demo', '--enroll', '--port', port, '--log-level', 'warn'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, AISLE_CHANNEL_KEYS: channelKeys } }),
);

/** Waits for "listening on …" and the enrollment block that follows it; the server's own output is passed through. */
const started = await new Promise((resolve) => {
  let out = '';
  server.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    out += chunk.toString();
    const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
    const counter = /^\s*counter:\s*(\S+)/m.exec(out)?.[1];
    const kiosk = /^\s*kiosk:\s*(\S+)/m.exec(out)?.[1];
    const store = /^Enrollment codes for (.+), valid until (\S+):/m.exec(out);
    if (url && counter && kiosk) resolve({ url, counter, kiosk, store: store?.[1] ?? 'the first store', until: store?.[2] ?? '' });
    else if (url && /No stores yet/.test(out)) resolve({ url, counter: null, kiosk: null });
  });
  void supervisor.done.then(() => resolve(null));
});
if (!started) await new Promise(() => {}); // the supervisor has reported the exit and ends the process

console.log(`Channel keys for this run (order API, npm run simulate -- --key ...): ${channelKeys}`);
if (demoOrders) {
  // A one-shot helper, not supervised: its ending is expected, and a failure only means an emptier queue.
  const simulate = spawn(process.execPath, [tsx, 'scripts/simulate.ts', '--server', started.url, '--key', channelKeys, '--count', '6', '--rate', '2', '--stores', '1'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  simulate.on('exit', (code) => console.log(code === 0 ? 'Placed 6 demo pickup orders at the first store.' : `Demo orders were not placed (simulate exited with code ${code}).`));
}

function summary(where) {
  const codes = started.counter
    ? [`Enrollment codes for ${started.store}${started.until ? ` (valid until ${started.until})` : ''}:`, `  counter: ${started.counter}`, `  kiosk:   ${started.kiosk}`]
    : ['The catalog has no store yet, so there are no enrollment codes (import a catalog, then npm run admin -- enroll-code).'];
  console.log(['', '────────────────────────────────────────────────────────', where, `Server address: ${started.url}`, ...codes, 'Ctrl-C stops the app and the catalog server.', ''].join('\n'));
}

if (await step('building the renderer', [vite, 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'])) {
  const electron = browserOnly ? null : electronBinary();
  if (electron) {
    if (await step('building the Electron main process and preload', ['scripts/build-electron.mjs'])) {
      supervisor.supervise('Electron app', spawn(electron, ['.', `--server-url=${started.url}`], { cwd: root, stdio: 'inherit', env: { ...process.env, AISLE_SERVER_URL: started.url } }));
      summary("On the app's first screen, enter the server address and the counter code below.");
    }
  } else {
    if (!browserOnly) {
      console.log('\nNo Electron binary on this machine (node_modules/electron/dist is missing; Electron downloads it on first run, which needs its download host).');
      console.log('Starting the browser host instead: the same renderer, with the desktop API implemented for a browser.');
    }
    supervisor.supervise('renderer preview server', spawn(process.execPath, [vite, 'preview', '--config', 'renderer/vite.config.ts', '--port', previewPort, '--strictPort'], { cwd: root, stdio: 'inherit' }));
    summary(`Open http://localhost:${previewPort}/ and enroll with the server address and the counter code below.`);
  }
}
