/**
 * The catalog server as a child process for the soak: `node --import tsx server/cli.ts` (one process, so SIGKILL
 * really kills the server, not a wrapper), on a fixed port so devices' proxies find it again after a restart,
 * over a PGlite data folder or a PostgreSQL database. kill() is SIGKILL: no shutdown hook runs, open
 * transactions die with the process, the next start must recover from whatever is on disk.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface ServerProcessOptions {
  port: number;
  /** PGlite data folder, or null with databaseUrl. */
  dataDir: string | null;
  databaseUrl: string | null;
  env: Record<string, string>;
  /** Lines of the server's stderr are kept here (the last ones are shown when a start fails). */
  log: string[];
}

export class ServerProcess {
  private child: ChildProcess | null = null;
  starts = 0;
  kills = 0;

  constructor(private readonly options: ServerProcessOptions) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  async start(timeoutMs = 60_000): Promise<void> {
    if (this.child) return;
    const { port, dataDir, databaseUrl, env, log } = this.options;
    const args = ['--import', 'tsx', path.join(REPO_ROOT, 'server', 'cli.ts'), '--port', String(port), '--log-level', 'warn'];
    if (databaseUrl) args.push('--database-url', databaseUrl);
    else if (dataDir) args.push('--data', dataDir);
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    this.starts++;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      for (const line of text.split('\n')) if (line.trim() !== '') log.push(line.slice(0, 500));
      if (log.length > 200) log.splice(0, log.length - 200);
    });
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.child !== child) throw new Error(`the server exited during start:\n${log.slice(-10).join('\n')}`);
      try {
        const res = await fetch(`${this.baseUrl}/healthz`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the server did not answer within ${timeoutMs} ms:\n${log.slice(-10).join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGKILL, then waits for the process to be gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.kills++;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await gone;
    this.child = null;
  }

  /** SIGTERM: the server's own shutdown (closes the database cleanly). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await gone;
    clearTimeout(timer);
    this.child = null;
  }
}
