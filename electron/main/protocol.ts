/**
 * Serves the built renderer (out/renderer) over app://aisle/ instead of file://.
 *
 * Security checklist: "use a custom protocol instead of file://" (18). file:// pages share one origin with
 * the whole disk; app://aisle is one origin we own, so CSP 'self', IPC sender checks and permission checks
 * can name it, and IndexedDB (RxDB) gets a stable, secure-context origin. The scheme must be registered as
 * privileged before the app is ready; the handler is installed after.
 *
 * What must stay true: no request resolves to a file outside the renderer folder (resolveRendererPath is
 * the only way from a URL to a path), and every response carries the CSP from security.ts.
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { CustomScheme } from 'electron';
import { APP_HOST, APP_SCHEME } from './origin';
import { securityHeaders } from './security';
import type { Logger } from './log';

export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  // standard: real origin and relative URLs; secure: a secure context (camera, crypto.subtle);
  // supportFetchAPI + corsEnabled: fetch() of own assets (wasm, JSON) works.
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
};

export type RendererPath =
  | { kind: 'forbidden'; reason: string }
  /** fallbackToIndex: the path looks like an SPA route (no extension), so a missing file means index.html. */
  | { kind: 'file'; path: string; fallbackToIndex: boolean };

/**
 * Maps a URL pathname (still percent-encoded, as in URL.pathname) to a file under root, refusing anything
 * that would escape it: "..", encoded "%2e%2e" and "%2f", backslashes (a separator on Windows), NUL bytes
 * and absolute or drive-letter paths.
 */
export function resolveRendererPath(root: string, pathname: string, pathApi: path.PlatformPath = path): RendererPath {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'forbidden', reason: 'malformed percent-encoding' };
  }
  if (decoded.includes('\0')) return { kind: 'forbidden', reason: 'NUL byte' };
  if (decoded.includes('\\')) return { kind: 'forbidden', reason: 'backslash' };
  const relative = decoded.replace(/^\/+/, '');
  const base = pathApi.resolve(root);
  const full = pathApi.resolve(base, relative === '' ? 'index.html' : relative);
  const fromBase = pathApi.relative(base, full);
  if (fromBase === '' || fromBase === '..' || fromBase.startsWith(`..${pathApi.sep}`) || pathApi.isAbsolute(fromBase)) {
    return { kind: 'forbidden', reason: 'outside the renderer folder' };
  }
  return { kind: 'file', path: full, fallbackToIndex: pathApi.extname(full) === '' };
}

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  // application/wasm is required for WebAssembly.instantiateStreaming (the barcode decoder).
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export interface ProtocolDeps {
  root: string;
  readFile(filePath: string): Promise<Uint8Array>;
  log: Logger;
}

function isMissing(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR';
}

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders() } });
}

/** The protocol.handle handler, written against the Fetch API's Request/Response so it runs under plain Node too. */
export function createAppProtocolHandler(deps: ProtocolDeps): (request: Request) => Promise<Response> {
  const fileResponse = (request: Request, filePath: string, body: Uint8Array): Response =>
    new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: { 'Content-Type': mimeTypeFor(filePath), 'Cache-Control': 'no-cache', ...securityHeaders() },
    });

  return async (request) => {
    const url = new URL(request.url);
    if (url.host.toLowerCase() !== APP_HOST) return textResponse(404, 'Not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed');
    const resolved = resolveRendererPath(deps.root, url.pathname);
    if (resolved.kind === 'forbidden') {
      deps.log.warn(`app:// refused ${url.pathname}: ${resolved.reason}`);
      return textResponse(403, 'Forbidden');
    }
    const index = path.join(path.resolve(deps.root), 'index.html');
    const candidates = resolved.fallbackToIndex ? [resolved.path, index] : [resolved.path];
    for (const candidate of candidates) {
      try {
        return fileResponse(request, candidate, await deps.readFile(candidate));
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    if (!candidates.includes(index)) return textResponse(404, 'Not found');
    deps.log.error(`the renderer is not built: ${index} is missing (run npm run build:renderer)`);
    return textResponse(404, 'The app is not built.');
  };
}

export const nodeReadFile = (filePath: string): Promise<Uint8Array> => readFile(filePath);
