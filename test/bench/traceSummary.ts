/**
 * `tsx test/bench/traceSummary.ts TRACE [KEYSTROKES]` — where the renderer main thread's time went in a trace written
 * by the foundation bench's --trace-search (cdpTrace.ts): self time by trace event name (JavaScript, style recalc,
 * layout, pre-paint, paint, …), in total and per keystroke when KEYSTROKES is given.
 */
import { readFileSync } from 'node:fs';

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string } }

const [file, keys] = process.argv.slice(2);
if (!file) throw new Error('usage: traceSummary.ts TRACE [KEYSTROKES]');
const { traceEvents } = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] };
const mains = new Set(traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
// The busiest renderer main thread is the app's page.
const busy = new Map<string, number>();
for (const e of traceEvents) if (e.ph === 'X' && e.name === 'RunTask' && mains.has(`${e.pid}:${e.tid}`)) busy.set(`${e.pid}:${e.tid}`, (busy.get(`${e.pid}:${e.tid}`) ?? 0) + (e.dur ?? 0));
const thread = [...busy.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
const events = traceEvents.filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === thread && e.dur !== undefined).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
// Self time: an event's duration minus its children's (complete events nest on one thread).
const self = new Map<string, number>();
const stack: { e: TraceEvent; end: number; child: number }[] = [];
const close = (upTo: number): void => {
  while (stack.length > 0 && (stack[stack.length - 1]?.end ?? 0) <= upTo) {
    const top = stack.pop();
    if (!top) break;
    self.set(top.e.name, (self.get(top.e.name) ?? 0) + (top.e.dur ?? 0) - top.child);
    const parent = stack[stack.length - 1];
    if (parent) parent.child += top.e.dur ?? 0;
  }
};
for (const e of events) {
  close(e.ts);
  stack.push({ e, end: e.ts + (e.dur ?? 0), child: 0 });
}
close(Infinity);
const total = [...self.values()].reduce((a, b) => a + b, 0);
const n = Number(keys ?? 0);
console.log(`main thread busy ${(total / 1000).toFixed(0)} ms${n ? `, ${(total / 1000 / n).toFixed(2)} ms a keystroke over ${n}` : ''}\n`);
console.log(`| event | self ms | % |${n ? ' ms a keystroke |' : ''}`);
console.log(`| --- | ---: | ---: |${n ? ' ---: |' : ''}`);
for (const [name, us] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
  console.log(`| ${name} | ${(us / 1000).toFixed(1)} | ${((100 * us) / total).toFixed(1)} |${n ? ` ${(us / 1000 / n).toFixed(2)} |` : ''}`);
}
