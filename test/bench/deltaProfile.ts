/**
 * What the long tasks of a catch-up were doing: the CPU profile's samples (CDP Profiler, same clock as the trace's
 * `ts`) that fall inside the tasks over 50 ms, summed by function — self time, and total time (the function anywhere
 * on the stack, once per sample). Printed by bench:delta with --profile, so a long task names its code.
 */
import type { LongTask } from './traceStream';
import { round } from './stats';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface FunctionTime {
  fn: string;
  ms: number;
}

export interface LongTaskProfile {
  tasks: number;
  sampledMs: number;
  self: FunctionTime[];
  total: FunctionTime[];
}

const label = (n: ProfileNode): string => {
  const { functionName, url, lineNumber } = n.callFrame;
  const file = url.split('/').pop() ?? '';
  return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
};

export function profileLongTasks(profile: CpuProfile, tasks: readonly LongTask[], top = 25): LongTaskProfile {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const long = tasks.filter((t) => t.cpuMs > 50).sort((a, b) => a.ts - b.ts);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let sampledMs = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let t = profile.startTime;
  let k = 0;
  for (let i = 0; i < samples.length; i++) {
    const dt = deltas[i] ?? 0;
    t += dt;
    while (k < long.length && (long[k]?.ts ?? 0) + (long[k]?.wallMs ?? 0) * 1000 < t) k++;
    const task = long[k];
    if (!task || t < task.ts) continue;
    // A sample stands for the time until the next one.
    const ms = (deltas[i + 1] ?? dt) / 1000;
    sampledMs += ms;
    let node = byId.get(samples[i] ?? -1);
    if (!node) continue;
    self.set(label(node), (self.get(label(node)) ?? 0) + ms);
    const seen = new Set<string>();
    for (; node; node = byId.get(parent.get(node.id) ?? -1)) {
      const l = label(node);
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + ms);
    }
  }
  const rank = (m: Map<string, number>): FunctionTime[] => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([fn, ms]) => ({ fn, ms: round(ms, 0) }));
  return { tasks: long.length, sampledMs: round(sampledMs, 0), self: rank(self), total: rank(total) };
}
