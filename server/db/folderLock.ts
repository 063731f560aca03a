/**
 * One process owns a PGlite data folder. PGlite has no lock of its own: two processes opening one folder each
 * keep their own copy of the database in memory and write over each other's files, which can lose the catalog.
 * So opening a folder first creates `aisle.lock` in it (exclusively: `wx`), holding the owner's pid, host and
 * purpose. A second process finds the lock, sees the owner alive and refuses with a message that names it; a lock
 * left by a process that died (SIGKILL, power cut) is taken over.
 *
 * What must stay true: the lock is created with O_EXCL, so of two processes starting together exactly one wins; a
 * lock from another host (a folder on a network share) is never taken over, since its pid means nothing here.
 * (Not covered: two processes taking over the same stale lock in the same instant.)
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

export const LOCK_FILE = 'aisle.lock';

export interface LockOwner {
  pid: number;
  host: string;
  purpose: string;
  since: string;
}

export class DataFolderInUseError extends Error {
  readonly owner: LockOwner;
  constructor(dir: string, owner: LockOwner) {
    super(
      `The PGlite data folder ${dir} is in use by process ${owner.pid} (${owner.purpose}, since ${owner.since}). ` +
        'One process at a time may open it: stop that process first, or run the server on PostgreSQL (DATABASE_URL). ' +
        "While the server runs, 'npm run admin' talks to it instead of opening the folder.",
    );
    this.name = 'DataFolderInUseError';
    this.owner = owner;
  }
}

/** Whether a process with this pid runs on this machine (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseOwner(text: string): LockOwner | null {
  try {
    const v = JSON.parse(text) as Partial<LockOwner>;
    if (typeof v.pid !== 'number' || typeof v.host !== 'string') return null;
    return { pid: v.pid, host: v.host, purpose: typeof v.purpose === 'string' ? v.purpose : 'unknown', since: typeof v.since === 'string' ? v.since : 'unknown' };
  } catch {
    return null;
  }
}

/** The live owner of a folder's lock, or null when there is none (or only a stale one). */
export function readLockOwner(dir: string): LockOwner | null {
  let text: string;
  try {
    text = readFileSync(path.join(dir, LOCK_FILE), 'utf8');
  } catch {
    return null;
  }
  const owner = parseOwner(text);
  if (!owner) return null;
  if (owner.host !== hostname()) return owner;
  return processAlive(owner.pid) ? owner : null;
}

export interface FolderLock {
  release(): void;
}

/** Takes the folder's lock for this process or throws DataFolderInUseError. */
export function lockDataFolder(dir: string, purpose: string): FolderLock {
  const file = path.join(dir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), purpose, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      writeFileSync(file, `${JSON.stringify(me)}\n`, { flag: 'wx', mode: 0o644 });
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        process.off('exit', release);
        try {
          if (parseOwner(readFileSync(file, 'utf8'))?.pid === process.pid) unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.on('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // released between our write and our read: try again
    }
    const owner = parseOwner(text);
    const stale = owner === null ? false : owner.host === hostname() && !processAlive(owner.pid);
    if (owner && !stale) throw new DataFolderInUseError(dir, owner);
    if (owner === null) {
      // Unreadable (a crash mid-write leaves it empty): treat as stale only if it is not brand new.
      throw new DataFolderInUseError(dir, { pid: 0, host: '?', purpose: `unreadable lock file ${file}; delete it if no Aisle process uses the folder`, since: 'unknown' });
    }
    try {
      unlinkSync(file); // stale: its process is gone
    } catch {
      // Another process took it over first; the next attempt sees its lock.
    }
  }
  throw new Error(`could not take the lock ${file}`);
}
