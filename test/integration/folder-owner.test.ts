/**
 * One process owns a PGlite data folder, with real processes: a second server on the same folder refuses with a
 * message naming the owner; `npm run admin` while the server runs goes through the server (a code it prints works
 * on that server at once); the admin port wants the token from the folder's 0600 admin.json; after the server is
 * killed with SIGKILL its stale lock is taken over, by the CLI and by a new server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { API_PREFIX } from '../../shared/sync';
import { ADMIN_COMMAND_PATH, ADMIN_FILE } from '../../server/security/adminAccess';
import { LOCK_FILE } from '../../server/db/folderLock';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
// node --import tsx (not the tsx binary, which runs the script in a child process): child.pid is the process itself.
const NODE_ARGS = ['--import', 'tsx'];

interface Finished {
  code: number | null;
  out: string;
  err: string;
}

function run(script: string, args: string[]): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...NODE_ARGS, path.join(ROOT, script), ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

const admin = (dataDir: string, ...args: string[]): Promise<Finished> => run('server/admin.ts', [...args, '--data', dataDir]);

interface Server {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

function startServer(dataDir: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, path.join(ROOT, 'server/cli.ts'), '--data', dataDir, '--port', '0', '--log-level', 'warn'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '' } });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      // The admin listener starts right after the "listening" line; admin.json marks the server fully up.
      if (m?.[1]) {
        const url = m[1];
        const wait = (): void => {
          try {
            readFileSync(path.join(dataDir, ADMIN_FILE));
            resolve({ child, url, stderr: () => err });
          } catch {
            setTimeout(wait, 50);
          }
        };
        wait();
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${err}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

describe('PGlite data folder owner (real processes)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'aisle-owner-'));
  let server: Server;

  beforeAll(async () => {
    const seeded = await admin(dataDir, 'seed', '--variants', '20', '--seed', '5');
    expect(seeded.code, seeded.err).toBe(0);
    server = await startServer(dataDir);
  });

  afterAll(async () => {
    if (server?.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await exited(server.child);
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a second server on the same folder refuses to start and names the owner', async () => {
    const second = await run('server/cli.ts', ['--data', dataDir, '--port', '0']);
    expect(second.code).toBe(1);
    expect(second.err).toContain(`is in use by process ${server.child.pid} (catalog server`);
  });

  it('enroll-code through the CLI while the server runs gives a code the server accepts', async () => {
    const issued = await admin(dataDir, 'enroll-code', '--store', 'store-001', '--role', 'kiosk');
    expect(issued.code, issued.err).toBe(0);
    const code = /\n\s+([A-Z0-9]{5}-[A-Z0-9]{5})\n/.exec(issued.out)?.[1];
    expect(code, issued.out).toBeDefined();
    const res = await fetch(`${server.url}${API_PREFIX}/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceName: 'kiosk by CLI' }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ role: 'kiosk', storeId: 'store-001' });
    // Listed by a second CLI call, through the server again.
    expect((await admin(dataDir, 'devices')).out).toMatch(/kiosk by CLI\s+store-001\s+kiosk/);
    // A usage error is reported the same way as without a server.
    expect(await admin(dataDir, 'enroll-code', '--store', 'store-001')).toMatchObject({ code: 2, err: expect.stringContaining('needs --role') as unknown });
  });

  it('the admin port is loopback-only, wants the token, and admin.json is readable by its owner only', async () => {
    const file = path.join(dataDir, ADMIN_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const endpoint = JSON.parse(readFileSync(file, 'utf8')) as { url: string; token: string; pid: number };
    expect(endpoint.pid).toBe(server.child.pid);
    expect(new URL(endpoint.url).hostname).toBe('127.0.0.1');
    expect(endpoint.url).not.toBe(server.url); // not the public port
    const post = (authorization?: string): Promise<Response> =>
      fetch(`${endpoint.url}${ADMIN_COMMAND_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: JSON.stringify({ argv: ['stores'] }) });
    expect((await post()).status).toBe(401);
    expect((await post(`Bearer ${endpoint.token.slice(1)}x`)).status).toBe(401);
    const ok = await post(`Bearer ${endpoint.token}`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ exitCode: 0, out: [expect.stringContaining('store-001') as unknown] });
    // The public port has no admin route.
    expect((await fetch(`${server.url}${ADMIN_COMMAND_PATH}`, { method: 'POST', headers: { authorization: `Bearer ${endpoint.token}`, 'content-type': 'application/json' }, body: '{"argv":["stores"]}' })).status).toBe(404);
  });

  it('after SIGKILL the stale lock is taken over: the CLI opens the folder itself, then a new server starts', async () => {
    const pid = server.child.pid;
    server.child.kill('SIGKILL');
    await exited(server.child);
    expect(JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ pid });
    const stores = await admin(dataDir, 'stores');
    expect(stores.code, stores.err).toBe(0);
    expect(stores.out).toContain('store-001');
    server = await startServer(dataDir);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    // The device enrolled before the kill still works: nothing was lost.
    expect((await admin(dataDir, 'devices')).out).toContain('kiosk by CLI');
  });

  it('a lock naming a live process that is not ours is respected by the CLI', async () => {
    server.child.kill('SIGTERM');
    await exited(server.child);
    // This test process is alive and is not an Aisle server: its lock must still stop the CLI.
    writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), purpose: 'test holder', since: 'now' }));
    const refused = await admin(dataDir, 'stores');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`in use by process ${process.pid} (test holder`);
  });
});
