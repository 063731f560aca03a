import type { ChildProcess } from 'node:child_process';

export interface SupervisorEnd {
  /** The supervised process that exited first, or null when stop() was called. */
  name: string | null;
  code: number | null;
  signal: NodeJS.Signals | null;
  reason?: string;
}

export interface Supervisor {
  supervise<T extends ChildProcess>(name: string, child: T): T;
  stop(reason: string): Promise<SupervisorEnd>;
  readonly done: Promise<SupervisorEnd>;
  readonly stopping: boolean;
}

export function describeExit(code: number | null, signal: NodeJS.Signals | null): string;
export function createSupervisor(options?: { log?: (line: string) => void; killAfterMs?: number }): Supervisor;
