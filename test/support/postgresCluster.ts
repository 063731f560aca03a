/**
 * A throwaway PostgreSQL cluster from Debian's postgresql package (initdb + pg_ctl in a temp folder, run as the
 * `postgres` user when we are root, since PostgreSQL refuses to run as root). Used by the integration suites'
 * global setup and by the soak (test/soak).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type ThrowawayPostgres = { adminUrl: string; stop(): void } | { adminUrl: null; skipReason: string };

export function findPgBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export const POSTGRES_MISSING = 'PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): install the postgresql package or set TEST_DATABASE_URL';

/** `settings`: extra `-c name=value` server settings (e.g. `shared_preload_libraries=pg_stat_statements` for a profile). */
export async function startThrowawayPostgres(options: { settings?: readonly string[] } = {}): Promise<ThrowawayPostgres> {
  const bin = findPgBin();
  if (!bin) return { adminUrl: null, skipReason: POSTGRES_MISSING };
  const dir = mkdtempSync(path.join(tmpdir(), 'aisle-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]): void => {
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' });
    else execFileSync(cmd, args, { stdio: 'pipe' });
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const data = path.join(dir, 'data');
  const port = await freePort();
  run(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'aisle', '--no-sync']);
  run(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200${(options.settings ?? []).map((x) => ` -c ${x}`).join('')}`, 'start']);
  return {
    adminUrl: `postgres://aisle@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
