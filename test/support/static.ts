/** Serves the built renderer (out/renderer) over HTTP for end-to-end tests and benchmarks: the browser host. */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

/** AISLE_RENDERER_DIR points the tests at another build (e.g. one made with vite build --outDir while others build). */
export const RENDERER_DIR = process.env['AISLE_RENDERER_DIR'] ? path.resolve(process.env['AISLE_RENDERER_DIR']) : path.resolve(import.meta.dirname, '..', '..', 'out', 'renderer');

export async function serveRenderer(dir = RENDERER_DIR): Promise<{ url: string; close(): Promise<void>; server: Server }> {
  if (!existsSync(path.join(dir, 'index.html'))) throw new Error(`no renderer build in ${dir}: run npm run build:renderer`);
  const server = createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (urlPath === '/__blank') {
      // An empty page on the renderer's origin, for measurements that must not start the app.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>blank</title>');
      return;
    }
    let file = path.join(dir, path.normalize(urlPath));
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) file = path.join(dir, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
