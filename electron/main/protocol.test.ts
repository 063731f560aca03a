import path from 'node:path';
import os from 'node:os';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './security';
import type { Logger } from './log';
import { createAppProtocolHandler, mimeTypeFor, nodeReadFile, resolveRendererPath } from './protocol';

describe('resolveRendererPath', () => {
  const root = '/srv/out/renderer';
  const posix = path.posix;

  it('maps / to index.html and plain paths under the root', () => {
    expect(resolveRendererPath(root, '/', posix)).toEqual({ kind: 'file', path: '/srv/out/renderer/index.html', fallbackToIndex: false });
    expect(resolveRendererPath(root, '/assets/app-1a2b.js', posix)).toEqual({ kind: 'file', path: '/srv/out/renderer/assets/app-1a2b.js', fallbackToIndex: false });
    expect(resolveRendererPath(root, '/a%20b.png', posix)).toMatchObject({ path: '/srv/out/renderer/a b.png' });
  });

  it('marks extension-less paths as SPA routes', () => {
    expect(resolveRendererPath(root, '/orders/42', posix)).toMatchObject({ kind: 'file', fallbackToIndex: true });
    expect(resolveRendererPath(root, '/assets/missing.js', posix)).toMatchObject({ kind: 'file', fallbackToIndex: false });
  });

  it.each([
    '/../secret.txt',
    '/..',
    '/assets/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/%2E%2E%2Fetc%2Fpasswd',
    '/..%2f..%2fetc/passwd',
    '/..%5c..%5cwindows%5csystem32',
    '/assets\\..\\..\\x',
    '/index.html%00.png',
    '/%E0%A4%A',
    '/.',
  ])('refuses %s', (pathname) => {
    expect(resolveRendererPath(root, pathname, posix).kind).toBe('forbidden');
  });

  it('keeps Windows drive letters and UNC paths out', () => {
    const win = path.win32;
    const winRoot = 'C:\\Aisle\\resources\\out\\renderer';
    expect(resolveRendererPath(winRoot, '/C:/Windows/win.ini', win).kind).toBe('forbidden');
    expect(resolveRendererPath(winRoot, '/D:/x.txt', win).kind).toBe('forbidden');
    expect(resolveRendererPath(winRoot, '//server/share/x', win)).toMatchObject({ kind: 'file', path: 'C:\\Aisle\\resources\\out\\renderer\\server\\share\\x' });
    expect(resolveRendererPath(winRoot, '/assets/app.js', win)).toMatchObject({ kind: 'file', path: 'C:\\Aisle\\resources\\out\\renderer\\assets\\app.js' });
  });

  it('does not let a sibling folder with the same prefix pass for the root', () => {
    expect(resolveRendererPath(root, '/../renderer-evil/x.js', posix).kind).toBe('forbidden');
  });
});

describe('mimeTypeFor', () => {
  it('gives the types browsers insist on', () => {
    expect(mimeTypeFor('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeFor('/x/app.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('/x/zxing_reader.wasm')).toBe('application/wasm');
    expect(mimeTypeFor('/x/style.css')).toBe('text/css; charset=utf-8');
    expect(mimeTypeFor('/x/logo.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('/x/blob')).toBe('application/octet-stream');
  });
});

describe('the app:// handler on a real folder', () => {
  let root: string;
  let outside: string;
  const warnings: string[] = [];
  const log: Logger = { info: () => undefined, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };
  let handle: (request: Request) => Promise<Response>;

  beforeAll(async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'aisle-protocol-'));
    root = path.join(base, 'renderer');
    outside = path.join(base, 'secret.txt');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Aisle</title>');
    await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(path.join(root, 'assets', 'decoder.wasm'), new Uint8Array([0, 97, 115, 109]));
    await writeFile(outside, 'token');
    handle = createAppProtocolHandler({ root, readFile: nodeReadFile, log });
  });
  afterAll(async () => {
    await rm(path.dirname(root), { recursive: true, force: true });
  });

  it('serves files with their type and the CSP', async () => {
    const res = await handle(new Request('app://aisle/assets/app.js'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('console.log(1)');
  });

  it('serves wasm as application/wasm, byte for byte', async () => {
    const res = await handle(new Request('app://aisle/assets/decoder.wasm'));
    expect(res.headers.get('content-type')).toBe('application/wasm');
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([0, 97, 115, 109]);
  });

  it('falls back to index.html for SPA routes', async () => {
    const res = await handle(new Request('app://aisle/orders/42?tab=lines'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('<title>Aisle</title>');
  });

  it('answers 404, not index.html, for a missing asset', async () => {
    const res = await handle(new Request('app://aisle/assets/gone.js'));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('refuses encoded traversal to a real file outside the folder', async () => {
    // The URL parser already folds "/%2e%2e/" into "/.."; an encoded slash is what reaches the resolver.
    const res = await handle(new Request('app://aisle/..%2fsecret.txt'));
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('token');
    expect(warnings.some((w) => w.includes('outside the renderer folder'))).toBe(true);
  });

  it('serves nothing for another host or a write method', async () => {
    expect((await handle(new Request('app://other/index.html'))).status).toBe(404);
    expect((await handle(new Request('app://aisle/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('answers HEAD without a body', async () => {
    const res = await handle(new Request('app://aisle/index.html', { method: 'HEAD' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('says the app is not built when index.html is missing', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'aisle-empty-'));
    const res = await createAppProtocolHandler({ root: empty, readFile: nodeReadFile, log })(new Request('app://aisle/'));
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('not built');
    await rm(empty, { recursive: true, force: true });
  });
});
