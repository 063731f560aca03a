/**
 * The admin CLI while the server runs. A PGlite folder has one owner (server/db/folderLock.ts), so `npm run admin`
 * cannot open it while the server does; instead the server listens for admin commands on a second port bound to
 * 127.0.0.1 only (nothing on the LAN can reach it) and writes `admin.json` — that port and a fresh random token —
 * into the data folder with 0600 permissions, so only the user who runs the server can read it. The CLI reads the
 * file, checks that the server named in it is alive, and sends its command line; the server runs it with the same
 * runAdmin code against its own open database and sends back the exit code and the output.
 *
 * What must stay true: the token is compared in constant time and never logged; the file goes away on a clean stop,
 * and a file left by a dead server is ignored (its pid is not alive), so the CLI then opens the folder itself.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { AisleError } from '../../shared/errors';
import { frameworkErrors, installHttpBasics } from '../http';
import { processAlive } from '../db/folderLock';

export const ADMIN_FILE = 'admin.json';
export const ADMIN_COMMAND_PATH = '/admin/v1/command';

export interface AdminEndpoint {
  pid: number;
  url: string;
  token: string;
}

export interface AdminOutput {
  exitCode: number;
  out: string[];
  err: string[];
}

/** Runs one admin command line against the server's database, collecting what it prints. */
export type AdminRunner = (argv: readonly string[], io: { out: (t: string) => void; err: (t: string) => void }) => Promise<number>;

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function parseArgv(body: unknown): string[] {
  const argv = typeof body === 'object' && body !== null && 'argv' in body ? body.argv : undefined;
  if (!Array.isArray(argv) || argv.length > 64 || !argv.every((a): a is string => typeof a === 'string' && a.length <= 4096)) {
    throw new AisleError('VALIDATION_FAILED', 'send {argv: string[]}: the admin command line', [{ path: '/argv', message: 'must be an array of at most 64 strings' }]);
  }
  return argv;
}

/** The admin-only Fastify app (exported for tests): one route, token required. */
export function buildAdminApp(token: string, run: AdminRunner): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, frameworkErrors });
  installHttpBasics(app);
  const expected = digest(`Bearer ${token}`);
  app.post(ADMIN_COMMAND_PATH, async (req): Promise<AdminOutput> => {
    if (!timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) throw new AisleError('UNAUTHENTICATED', `admin token required: the CLI reads it from ${ADMIN_FILE} in the data folder`);
    const argv = parseArgv(req.body);
    const out: string[] = [];
    const err: string[] = [];
    const exitCode = await run(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { exitCode, out, err };
  });
  return app;
}

export interface AdminListener {
  url: string;
  close(): Promise<void>;
}

/** Starts the loopback admin listener for a server that owns `dataDir`, and writes admin.json (0600). */
export async function startAdminListener(dataDir: string, run: AdminRunner): Promise<AdminListener> {
  const token = randomBytes(32).toString('base64url');
  const app = buildAdminApp(token, run);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const file = path.join(dataDir, ADMIN_FILE);
  const endpoint: AdminEndpoint = { pid: process.pid, url, token };
  writeFileSync(file, `${JSON.stringify(endpoint)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // an older file keeps its mode through writeFileSync
  return {
    url,
    async close() {
      try {
        if (readAdminEndpoint(dataDir)?.pid === process.pid) unlinkSync(file);
      } catch {
        // already gone
      }
      await app.close();
    },
  };
}

/** The running server's admin endpoint for this folder, or null when no live server wrote one. */
export function readAdminEndpoint(dataDir: string): AdminEndpoint | null {
  try {
    const v = JSON.parse(readFileSync(path.join(dataDir, ADMIN_FILE), 'utf8')) as Partial<AdminEndpoint>;
    if (typeof v.pid !== 'number' || typeof v.url !== 'string' || typeof v.token !== 'string') return null;
    return processAlive(v.pid) ? { pid: v.pid, url: v.url, token: v.token } : null;
  } catch {
    return null;
  }
}

/** Sends a command line to the running server; throws with a clear message when it does not answer. */
export async function runRemoteAdmin(endpoint: AdminEndpoint, argv: readonly string[]): Promise<AdminOutput> {
  let res: Response;
  try {
    res = await fetch(`${endpoint.url}${ADMIN_COMMAND_PATH}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${endpoint.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ argv }),
    });
  } catch {
    throw new Error(`the catalog server (process ${endpoint.pid}) owns the data folder but its admin port ${endpoint.url} does not answer; is it still starting or stuck?`);
  }
  const body: unknown = await res.json();
  if (res.status !== 200) {
    const message = typeof body === 'object' && body !== null && 'message' in body ? String(body.message) : `HTTP ${res.status}`;
    throw new Error(`the catalog server refused the admin command: ${message}`);
  }
  const v = body as Partial<AdminOutput>;
  if (typeof v.exitCode !== 'number' || !Array.isArray(v.out) || !Array.isArray(v.err)) throw new Error('the catalog server sent a malformed admin answer');
  return { exitCode: v.exitCode, out: v.out.map(String), err: v.err.map(String) };
}
