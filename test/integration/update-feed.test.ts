// The auto-update feed over real HTTP: electron-updater's generic provider fetches latest.yml, then the installer.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUpdateFeed } from '../../server/updates/feed';

describe('update feed served by the catalog server', () => {
  let app: FastifyInstance;
  let base = '';
  let dir = '';
  const installer = Buffer.from('MZ fake installer bytes');

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'aisle-updates-'));
    mkdirSync(path.join(dir, 'win'));
    writeFileSync(path.join(dir, 'win', 'latest.yml'), 'version: 0.2.0\npath: Aisle-Setup-0.2.0.exe\nsha512: abc\n');
    writeFileSync(path.join(dir, 'win', 'Aisle-Setup-0.2.0.exe'), installer);
    writeFileSync(path.join(dir, 'secret.txt'), 'not part of the feed');
    app = Fastify();
    registerUpdateFeed(app, { dir });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves latest.yml uncached and the installer it names', async () => {
    const yml = await fetch(`${base}/updates/win/latest.yml`);
    expect(yml.status).toBe(200);
    expect(yml.headers.get('content-type')).toContain('text/yaml');
    expect(yml.headers.get('cache-control')).toBe('no-cache');
    expect(await yml.text()).toContain('path: Aisle-Setup-0.2.0.exe');
    const exe = await fetch(`${base}/updates/win/Aisle-Setup-0.2.0.exe`);
    expect(exe.status).toBe(200);
    expect(Buffer.from(await exe.arrayBuffer())).toEqual(installer);
  });

  it('answers 404 for an unknown platform or file and refuses paths out of the folder', async () => {
    expect((await fetch(`${base}/updates/linux/latest.yml`)).status).toBe(404);
    expect((await fetch(`${base}/updates/beos/latest.yml`)).status).toBe(404);
    expect((await fetch(`${base}/updates/win/..%2Fsecret.txt`)).status).toBe(400);
    expect((await fetch(`${base}/updates/win/.hidden`)).status).toBe(400);
    const body = (await (await fetch(`${base}/updates/win/nope.yml`)).json()) as { code: string };
    expect(body.code).toBe('NOT_FOUND');
  });
});
