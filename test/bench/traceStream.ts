/**
 * The renderer main thread's tasks during a long catch-up, from Chromium traces read as streams, in bounded memory.
 *
 * Why not playwright's `browser.stopTracing()`: it returns the whole trace as one Buffer, and the 100k catch-up's
 * trace did not fit in one string (`Cannot create a string longer than 0x1fffffe8 characters`); Chromium's trace
 * buffer (200 MB by default, `recordUntilFull`) would also have dropped the end of it. So:
 * - tracing runs in windows (`TraceRecorder`, a new one every `windowMs`): each is ended, the next started as soon
 *   as the first is complete, and the finished one is read through `IO.read` while the next records;
 * - each window's JSON is split into events as it arrives (`TraceEventSplitter`), and only the events that matter
 *   are parsed: tasks (`RunTask`) and thread names. A task is kept as a few numbers per thread (a histogram of CPU
 *   times for the percentile, the long ones in full), never as the event.
 * What is lost between windows is the time from `Tracing.end` to `tracingComplete` (flushing), reported as `gapMs`.
 */
import type { CDPSession } from 'playwright-core';
import { percentile, round } from './stats';

/** Splits a stream of trace JSON (`{"traceEvents":[{…},{…}…]…}`) into the text of each event object, as it arrives. */
export class TraceEventSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private partial = '';

  constructor(private readonly onEvent: (json: string) => void) {}

  feed(chunk: string): void {
    let start = this.depth >= 2 ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
        continue;
      }
      if (c === 34) this.inString = true;
      else if (c === 123 /* { */ || c === 91 /* [ */) {
        this.depth++;
        // Depth 1 is the top-level object, 2 the traceEvents array: an object opening at depth 3 is an event.
        if (this.depth === 3 && c === 123) start = i;
      } else if (c === 125 /* } */ || c === 93 /* ] */) {
        this.depth--;
        if (this.depth === 2 && c === 125 && start >= 0) {
          this.onEvent(this.partial + chunk.slice(start, i + 1));
          this.partial = '';
          start = -1;
        }
      }
    }
    if (start >= 0 && this.depth >= 3) this.partial += chunk.slice(start);
  }
}

interface RawEvent {
  name?: string;
  ph?: string;
  pid?: number;
  tid?: number;
  ts?: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; src_file?: string; src_func?: string };
}

/** One task over 50 ms of CPU or wall time: when (trace clock, µs) and how long. */
export interface LongTask {
  ts: number;
  wallMs: number;
  cpuMs: number;
}

const BUCKET_MS = 0.1;
const BUCKETS = 2000;

/** A thread's tasks, summarised: a histogram of CPU times (0.1 ms buckets below 200 ms), the rest kept exactly. */
class ThreadTasks {
  count = 0;
  cpuMs = 0;
  maxCpuMs = 0;
  maxWallMs = 0;
  readonly histogram = new Uint32Array(BUCKETS);
  readonly big: number[] = [];
  readonly long: LongTask[] = [];
  /** CPU time and count by where the task was posted from (Chromium's src_file:src_func), to tell IndexedDB callbacks from input, timers and rendering. */
  readonly bySource = new Map<string, { cpuMs: number; count: number }>();

  add(ts: number, wallMs: number, cpuMs: number, source: string): void {
    const s = this.bySource.get(source);
    if (s) {
      s.cpuMs += cpuMs;
      s.count++;
    } else this.bySource.set(source, { cpuMs, count: 1 });
    this.count++;
    this.cpuMs += cpuMs;
    this.maxCpuMs = Math.max(this.maxCpuMs, cpuMs);
    this.maxWallMs = Math.max(this.maxWallMs, wallMs);
    const bucket = Math.floor(cpuMs / BUCKET_MS);
    if (bucket < BUCKETS) this.histogram[bucket] = (this.histogram[bucket] ?? 0) + 1;
    else this.big.push(cpuMs);
    if ((cpuMs > 50 || wallMs > 50) && this.long.length < 10_000) this.long.push({ ts, wallMs, cpuMs });
  }

  /** The p-th percentile of CPU time per task (to a bucket's width below 200 ms). */
  cpuPercentile(p: number): number {
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let b = 0; b < BUCKETS; b++) {
      seen += this.histogram[b] ?? 0;
      if (seen >= rank) return (b + 1) * BUCKET_MS;
    }
    return percentile(this.big, (100 * (rank - seen)) / Math.max(1, this.big.length));
  }
}

export interface TaskCpu {
  /** Main-thread tasks of the renderer during the catch-up, from Chromium traces: wall time and thread CPU time. */
  tasks: number;
  /** Tasks that used over 50 ms of CPU: what would block input on an idle machine, whatever this one's load. */
  over50MsCpu: number;
  maxCpuMs: number;
  p99CpuMs: number;
  maxWallMs: number;
  /** CPU time of all those tasks (s). */
  cpuSeconds: number;
  /** Where the CPU went, by the place each task was posted from: the top ten. */
  bySource: { source: string; cpuMs: number; count: number }[];
  /** Trace windows, time not traced between them (ms), and whether Chromium reported lost trace data. */
  windows: number;
  gapMs: number;
  dataLoss: boolean;
}

/** Reads tasks from trace windows: RunTask events of each thread, and which threads are renderer main threads. */
export class TaskCollector {
  private readonly threads = new Map<string, ThreadTasks>();
  private readonly mains = new Set<string>();

  readonly splitter = new TraceEventSplitter((json) => this.event(json));

  private event(json: string): void {
    // Most events are neither: skip them without parsing.
    const task = json.includes('RunTask"');
    if (!task && !json.includes('"thread_name"')) return;
    const e = JSON.parse(json) as RawEvent;
    const key = `${e.pid}:${e.tid}`;
    if (e.ph === 'M' && e.name === 'thread_name') {
      if (e.args?.name === 'CrRendererMain') this.mains.add(key);
      return;
    }
    if (e.ph !== 'X' || (e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask') || e.dur === undefined || e.ts === undefined) return;
    let thread = this.threads.get(key);
    if (!thread) this.threads.set(key, (thread = new ThreadTasks()));
    const file = (e.args?.src_file ?? '?').split('/').slice(-2).join('/');
    thread.add(e.ts, e.dur / 1000, (e.tdur ?? e.dur) / 1000, `${file}:${e.args?.src_func ?? '?'}`);
  }

  /** The app's renderer: the renderer main thread with the most CPU in tasks. */
  private main(): ThreadTasks | undefined {
    return [...this.threads.entries()].filter(([key]) => this.mains.has(key)).map(([, t]) => t).sort((a, b) => b.cpuMs - a.cpuMs)[0];
  }

  longTasks(): LongTask[] {
    return this.main()?.long ?? [];
  }

  summary(windows: number, gapMs: number, dataLoss: boolean): TaskCpu {
    const t = this.main() ?? new ThreadTasks();
    const over50MsCpu = t.long.filter((l) => l.cpuMs > 50).length;
    const bySource = [...t.bySource.entries()].sort((a, b) => b[1].cpuMs - a[1].cpuMs).slice(0, 10).map(([source, v]) => ({ source, cpuMs: round(v.cpuMs, 0), count: v.count }));
    return { tasks: t.count, over50MsCpu, bySource, maxCpuMs: round(t.maxCpuMs), p99CpuMs: round(t.cpuPercentile(99)), maxWallMs: round(t.maxWallMs), cpuSeconds: round(t.cpuMs / 1000, 2), windows, gapMs: round(gapMs, 0), dataLoss };
  }
}

/** Reads an IO stream to its end into the collector, a chunk at a time, and closes it. */
async function readStream(cdp: CDPSession, handle: string, into: TraceEventSplitter): Promise<void> {
  for (;;) {
    const { data, eof, base64Encoded } = await cdp.send('IO.read', { handle, size: 1 << 20 });
    into.feed(base64Encoded ? Buffer.from(data, 'base64').toString('utf8') : data);
    if (eof) break;
  }
  await cdp.send('IO.close', { handle });
}

/**
 * Traces in windows of `windowMs` until stopped. `cdp` must be a browser-level session (the Tracing domain records
 * every process; the renderer is picked out afterwards).
 */
export class TraceRecorder {
  readonly collector = new TaskCollector();
  private windows = 0;
  private gapMs = 0;
  private dataLoss = false;
  private timer: NodeJS.Timeout | null = null;
  private rotating: Promise<void> = Promise.resolve();
  private reads: Promise<void>[] = [];

  constructor(
    private readonly cdp: CDPSession,
    private readonly categories: readonly string[],
    private readonly windowMs = 15_000,
  ) {}

  private begin(): Promise<unknown> {
    this.windows++;
    return this.cdp.send('Tracing.start', { transferMode: 'ReturnAsStream', streamFormat: 'json', streamCompression: 'none', traceConfig: { includedCategories: [...this.categories], recordMode: 'recordUntilFull' } });
  }

  /** Ends the current window; starts the next one at once unless this is the last; reads the ended one meanwhile. */
  private async end(restart: boolean): Promise<void> {
    const ended = performance.now();
    const complete = new Promise<{ stream?: string; dataLossOccurred: boolean }>((resolve) => this.cdp.once('Tracing.tracingComplete', resolve));
    await this.cdp.send('Tracing.end');
    const { stream, dataLossOccurred } = await complete;
    if (restart) {
      await this.begin();
      this.gapMs += performance.now() - ended;
    }
    this.dataLoss ||= dataLossOccurred;
    if (stream) this.reads.push(readStream(this.cdp, stream, this.collector.splitter));
    // One window's stream at a time: the splitter is fed in order.
    await this.reads.at(-1);
  }

  async start(): Promise<void> {
    await this.begin();
    this.timer = setInterval(() => {
      this.rotating = this.rotating.then(() => this.end(true));
    }, this.windowMs);
  }

  async stop(): Promise<TaskCpu> {
    if (this.timer) clearInterval(this.timer);
    await this.rotating;
    await this.end(false);
    await Promise.all(this.reads);
    return this.collector.summary(this.windows, this.gapMs, this.dataLoss);
  }
}
