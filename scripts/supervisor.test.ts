// The supervisor with real child processes: tiny node scripts that exit, crash, get killed or ignore SIGTERM.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createSupervisor, describeExit } from './supervisor.mjs';

const node = (code: string) => spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
const forever = "setInterval(() => {}, 1000); process.on('SIGTERM', () => process.exit(0));";
const stubborn = "setInterval(() => {}, 1000); process.on('SIGTERM', () => {}); process.send?.('x');";

function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start supervisor', () => {
  it('stops the other process when one exits with a code, and says which one and how', async () => {
    const lines: string[] = [];
    const sup = createSupervisor({ log: (l) => lines.push(l) });
    const server = sup.supervise('catalog server', node('setTimeout(() => process.exit(3), 200)'));
    const preview = sup.supervise('renderer preview server', node(forever));
    const end = await sup.done;
    expect(end).toMatchObject({ name: 'catalog server', code: 3, signal: null });
    expect(preview.exitCode ?? preview.signalCode).not.toBeNull();
    expect(isAlive(preview.pid)).toBe(false);
    expect(server.exitCode).toBe(3);
    expect(lines[0]).toBe('✖ catalog server exited with code 3; stopping renderer preview server.');
    expect(lines.at(-1)).toBe('Stopped renderer preview server.');
  });

  it('reports a process killed by a signal and stops the server', async () => {
    const lines: string[] = [];
    const sup = createSupervisor({ log: (l) => lines.push(l) });
    const server = sup.supervise('catalog server', node(forever));
    const app = sup.supervise('Electron app', node(forever));
    await new Promise((r) => setTimeout(r, 150));
    app.kill('SIGKILL');
    const end = await sup.done;
    expect(end).toMatchObject({ name: 'Electron app', code: null, signal: 'SIGKILL' });
    expect(lines[0]).toBe('✖ Electron app was stopped by signal SIGKILL; stopping catalog server.');
    expect(isAlive(server.pid)).toBe(false);
  });

  it('stop() (Ctrl-C) stops both and is not reported as a crash', async () => {
    const lines: string[] = [];
    const sup = createSupervisor({ log: (l) => lines.push(l) });
    const a = sup.supervise('catalog server', node(forever));
    const b = sup.supervise('renderer preview server', node(forever));
    await new Promise((r) => setTimeout(r, 150));
    const end = await sup.stop('Ctrl-C');
    expect(end).toMatchObject({ name: null, reason: 'Ctrl-C' });
    expect(lines).toEqual(['Ctrl-C: stopping catalog server and renderer preview server.']);
    expect(isAlive(a.pid) || isAlive(b.pid)).toBe(false);
  });

  it('kills a process that ignores SIGTERM after the grace period', async () => {
    const lines: string[] = [];
    const sup = createSupervisor({ log: (l) => lines.push(l), killAfterMs: 300 });
    sup.supervise('catalog server', node('setTimeout(() => process.exit(1), 300)'));
    const stuck = sup.supervise('renderer preview server', node(stubborn));
    await sup.done;
    expect(stuck.signalCode).toBe('SIGKILL');
    expect(lines).toContain('renderer preview server did not stop within 300 ms of SIGTERM; killing it.');
  });

  it('a process that cannot be spawned counts as exited and stops the rest', async () => {
    const lines: string[] = [];
    const sup = createSupervisor({ log: (l) => lines.push(l) });
    const server = sup.supervise('catalog server', node(forever));
    sup.supervise('Electron app', spawn('/nonexistent/electron-binary', [], { stdio: 'ignore' }));
    const end = await sup.done;
    expect(end.name).toBe('Electron app');
    expect(lines[0]).toMatch(/^✖ Electron app could not start: .*ENOENT/);
    expect(isAlive(server.pid)).toBe(false);
  });

  it('describes exits in words', () => {
    expect(describeExit(0, null)).toBe('exited with code 0');
    expect(describeExit(1, null)).toBe('exited with code 1');
    expect(describeExit(null, 'SIGTERM')).toBe('was stopped by signal SIGTERM');
  });
});
