// The process supervisor behind `npm start`: the catalog server and the app (Electron, or the renderer's preview
// server for the browser host) live and die together. What must stay true:
//   - when any supervised process exits, for whatever reason, every other one is stopped, and the terminal says
//     which one exited and how (exit code or signal) before it says what it stops;
//   - stop() (Ctrl-C) stops all of them and is not reported as a crash;
//   - a process that ignores SIGTERM is killed after `killAfterMs`, so `npm start` never leaves one behind.
// Plain ESM JavaScript because start.mjs runs on bare Node 20; the types are in supervisor.d.mts.

/** "exited with code 1", "was stopped by signal SIGKILL". */
export function describeExit(code, signal) {
  if (signal) return `was stopped by signal ${signal}`;
  if (code === 0) return 'exited with code 0';
  return `exited with code ${code ?? 'unknown'}`;
}

function list(names) {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function createSupervisor({ log = (line) => console.error(line), killAfterMs = 5000 } = {}) {
  /** @type {{ name: string, child: import('node:child_process').ChildProcess, exited: Promise<void>, done: boolean }[]} */
  const entries = [];
  let stopping = false;
  let settle;
  const done = new Promise((resolve) => (settle = resolve));

  function running() {
    return entries.filter((e) => !e.done);
  }

  async function stopOthers(except) {
    const others = running().filter((e) => e !== except);
    await Promise.all(
      others.map(async (e) => {
        e.child.kill('SIGTERM');
        const timer = setTimeout(() => {
          if (!e.done) {
            log(`${e.name} did not stop within ${killAfterMs} ms of SIGTERM; killing it.`);
            e.child.kill('SIGKILL');
          }
        }, killAfterMs);
        await e.exited;
        clearTimeout(timer);
      }),
    );
  }

  function supervise(name, child) {
    const entry = { name, child, exited: Promise.resolve(), done: false };
    entry.exited = new Promise((resolve) => {
      const onExit = (code, signal) => {
        if (entry.done) return;
        entry.done = true;
        resolve();
        if (stopping) return;
        stopping = true;
        const others = running().map((e) => e.name);
        log(`✖ ${name} ${describeExit(code, signal)}${others.length ? `; stopping ${list(others)}.` : '.'}`);
        void stopOthers(entry).then(() => {
          if (others.length) log(`Stopped ${list(others)}.`);
          settle({ name, code, signal });
        });
      };
      child.on('exit', onExit);
      // A process that could not be spawned at all (ENOENT) emits 'error' and maybe no 'exit'.
      child.on('error', (err) => {
        if (child.pid === undefined) {
          log(`✖ ${name} could not start: ${err.message}`);
          onExit(null, null);
        }
      });
    });
    entries.push(entry);
    if (stopping) child.kill('SIGTERM');
    return child;
  }

  /** Stops everything on purpose (Ctrl-C, a failed build step). Resolves when every process has exited. */
  async function stop(reason) {
    if (stopping) return done;
    stopping = true;
    const names = running().map((e) => e.name);
    if (names.length) log(`${reason}: stopping ${list(names)}.`);
    await stopOthers(null);
    settle({ name: null, code: null, signal: null, reason });
    return done;
  }

  return { supervise, stop, done, get stopping() { return stopping; } };
}
