/**
 * One device of bench:delta (delta.ts): enrolled through the real enroll screen, first-synced, signed in, the search
 * screen open; and one catch-up of it — baseline typing with nothing to sync, then back online with typing
 * throughout, until the last change is on the device, every change then checked (outside the timing).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import type { Browser, CDPSession, Page } from 'playwright-core';
import type { Db } from '../../server/db/db';
import { DEMO_ASSOCIATE_PIN } from '../../server/seed/demo';
import { createEnrollmentCode } from '../../server/auth';
import type { InventoryDoc, VariantDoc } from '../../shared/schemas/collections';
import { signIn } from '../support/appPage';
import { DELTA_PAGE_SCRIPT, type PageWindow } from './deltaPage';
import { profileLongTasks, type CpuProfile, type LongTaskProfile } from './deltaProfile';
import { TraceRecorder, type TaskCpu } from './traceStream';
import { percentile, round } from './stats';

const BASELINE_MS = 3000;

interface Typing {
  stop(): Promise<number>;
}

/** A person typing into the focused field: a word, then Backspace over it, one key every `everyMs`. */
function startTyping(cdp: CDPSession, everyMs: number): Typing {
  const word = 'lamp';
  const keys = [...word, ...word.split('').map(() => 'Backspace')];
  let i = 0;
  const sent: Promise<unknown>[] = [];
  const send = (): void => {
    const key = keys[i++ % keys.length] ?? 'a';
    const back = key === 'Backspace';
    const code = back ? 'Backspace' : `Key${key.toUpperCase()}`;
    const vk = back ? 8 : key.toUpperCase().charCodeAt(0);
    sent.push(back ? cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key, code, windowsVirtualKeyCode: vk }) : cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key, code, text: key, unmodifiedText: key, windowsVirtualKeyCode: vk }));
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code, windowsVirtualKeyCode: vk }));
  };
  const timer = setInterval(send, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(sent);
      return sent.length / 2;
    },
  };
}

/** The renderer main thread: wall time inside tasks (TaskDuration) and CPU time (ThreadTime), seconds so far. */
async function mainThread(cdp: CDPSession): Promise<{ busy: number; cpu: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string): number => metrics.find((m) => m.name === name)?.value ?? NaN;
  return { busy: get('TaskDuration'), cpu: get('ThreadTime') };
}

const pageWindow = (page: Page): Promise<PageWindow> => page.evaluate(() => (window as unknown as { __delta: { read(): PageWindow } }).__delta.read());
const resetWindow = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as { __delta: { reset(): number } }).__delta.reset());

function docsById(page: Page, collection: string, ids: readonly string[]): Promise<Record<string, unknown>[]> {
  return page.evaluate(({ collection, ids }) => (window as unknown as { __aisle: { docsById(c: string, ids: string[]): Promise<Record<string, unknown>[]> } }).__aisle.docsById(collection, ids), { collection, ids: [...ids] });
}

export interface Latency {
  keys: number;
  p50: number;
  p95: number;
  max: number;
  /** Keys the Event Timing API reported (≥ 16 ms), and the p95 over all keys counting the unreported as 16 ms. */
  eventTimingReported: number;
  eventTimingP95: number;
}

function latency(w: PageWindow): Latency {
  const xs = w.keyLatencyMs;
  const timed = [...w.eventTimingMs, ...Array<number>(Math.max(0, w.keys - w.eventTimingMs.length)).fill(16)];
  return { keys: xs.length, p50: round(percentile(xs, 50)), p95: round(percentile(xs, 95)), max: round(Math.max(...xs)), eventTimingReported: w.eventTimingMs.length, eventTimingP95: round(percentile(timed, 95)) };
}

export interface Run {
  seconds: number;
  documents: number;
  baseline: Latency;
  input: Latency;
  longTasks: { count: number; totalMs: number; maxMs: number };
  mainThreadBusySeconds: number;
  /** CPU time of the renderer's main thread during the catch-up: what the code costs, whatever the machine's load. */
  mainThreadCpuSeconds: number;
  /** Main-thread CPU per second of the baseline typing (nothing to sync): what the typing alone costs. */
  baselineCpuPerSecond: number;
  /** Main-thread CPU per key of the baseline typing (ms). */
  baselineCpuPerKeyMs: number;
  /** mainThreadCpuSeconds less what the keys handled would cost without a catch-up (baseline CPU per key): the catch-up's own CPU. */
  catchUpCpuSeconds: number;
  taskCpu: TaskCpu;
  /** With --profile: the functions the tasks over 50 ms of CPU spent their time in. */
  longTaskProfile?: LongTaskProfile;
  /** 1, 5 and 15 minutes, at the start and at the end of the catch-up. */
  loadAverageStart: number[];
  loadAverage: number[];
}

export interface Device {
  label: string;
  page: Page;
  cdp: CDPSession;
  firstSyncSeconds: number;
}

/** Enrolls a device at `store` through the enroll screen of the build served at `url`, first-syncs it, signs in. */
export async function enrollDevice(browser: Browser, db: Db, label: string, url: string, serverUrl: string, store: string): Promise<Device> {
  const t0 = Date.now();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  const { code } = await createEnrollmentCode(db, store, 'counter');
  await page.getByTestId('enroll-server-url').fill(serverUrl);
  await page.getByTestId('enroll-code').fill(code);
  await page.getByTestId('enroll-submit').click();
  // A first-sync wait long enough for 100k on a loaded machine.
  await page.locator('[data-role][data-sync="idle"]').waitFor({ timeout: 3_600_000 });
  const firstSyncSeconds = round((Date.now() - t0) / 1000);
  // The measuring script must run before the app's: reload the synced app with it installed.
  await context.addInitScript('globalThis.__name = (fn) => fn;');
  await context.addInitScript(DELTA_PAGE_SCRIPT);
  await page.reload();
  await page.locator('[data-role][data-sync="idle"]').waitFor({ timeout: 120_000 });
  await signIn(page, '1002', DEMO_ASSOCIATE_PIN);
  await page.getByTestId('search-input').waitFor({ timeout: 30_000 });
  await page.evaluate(() => (window as unknown as { __aisle: { ready: Promise<void> } }).__aisle.ready);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return { label, page, cdp, firstSyncSeconds };
}

export async function goOffline(device: Device): Promise<void> {
  await device.page.context().setOffline(true);
  await device.page.locator('[data-role][data-sync="offline"]').waitFor({ timeout: 60_000 });
}

export interface Changes {
  marker: string;
  variants: VariantDoc[];
  stock: InventoryDoc[];
}

const loadNow = (): number[] => os.loadavg().map((x) => round(x, 1));

/** One catch-up of an offline device: baseline typing, then online with typing until `changes` are all there. */
export async function catchUp(browser: Browser, device: Device, changes: Changes, keyMs: number, profile?: string): Promise<Run> {
  const { page, cdp } = device;
  const lastVariant = changes.variants.at(-1);
  const lastStock = changes.stock.at(-1);
  if (!lastVariant || !lastStock) throw new Error('nothing changed');
  await page.getByTestId('search-input').focus();
  await resetWindow(page);
  const baselineFrom = await mainThread(cdp);
  const baselineAt = performance.now();
  let typing = startTyping(cdp, keyMs);
  await new Promise((r) => setTimeout(r, BASELINE_MS));
  await typing.stop();
  await page.waitForTimeout(200);
  const baseline = latency(await pageWindow(page));
  const baselineCpu = (await mainThread(cdp)).cpu - baselineFrom.cpu;
  const baselineCpuPerSecond = baselineCpu / ((performance.now() - baselineAt) / 1000);
  // Per key handled (a frame after it), not per second: on a loaded machine keys queue, and a longer catch-up types more.
  const baselineCpuPerKey = baselineCpu / Math.max(1, baseline.keys);

  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  // 60 s windows: ending one takes seconds on a loaded machine (gapMs), and a window of toplevel events stays far below Chromium's buffer.
  const trace = new TraceRecorder(await browser.newBrowserCDPSession(), ['toplevel'], 60_000);
  await trace.start();
  const loadAverageStart = loadNow();
  const before = await mainThread(cdp);
  await resetWindow(page);
  typing = startTyping(cdp, keyMs);
  const started = Date.now();
  await page.context().setOffline(false);
  const deadline = started + 3_600_000;
  for (;;) {
    const [v] = await docsById(page, 'variants', [lastVariant.id]);
    const [s] = await docsById(page, 'inventory', [lastStock.id]);
    if (v?.['updatedAt'] === changes.marker && s?.['updatedAt'] === changes.marker) break;
    if (Date.now() > deadline) throw new Error('the catch-up never finished');
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (Date.now() - started) / 1000;
  await typing.stop();
  await page.waitForTimeout(200);
  const w = await pageWindow(page);
  const after = await mainThread(cdp);
  const loadAverage = loadNow();
  const taskCpu = await trace.stop();
  let longTaskProfile: LongTaskProfile | undefined;
  if (profile) {
    const { profile: cpuProfile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
    writeFileSync(profile, JSON.stringify(cpuProfile));
    longTaskProfile = profileLongTasks(cpuProfile, trace.collector.longTasks());
  }
  await verify(page, changes);
  const long = w.longTasks;
  return {
    seconds: round(seconds, 2),
    documents: changes.variants.length + changes.stock.length,
    baseline,
    input: latency(w),
    longTasks: { count: long.length, totalMs: round(long.reduce((a, t) => a + t.duration, 0), 0), maxMs: round(Math.max(0, ...long.map((t) => t.duration)), 0) },
    mainThreadBusySeconds: round(after.busy - before.busy, 2),
    mainThreadCpuSeconds: round(after.cpu - before.cpu, 2),
    baselineCpuPerSecond: round(baselineCpuPerSecond, 3),
    baselineCpuPerKeyMs: round(baselineCpuPerKey * 1000, 2),
    catchUpCpuSeconds: round(after.cpu - before.cpu - baselineCpuPerKey * w.keyLatencyMs.length, 2),
    taskCpu,
    ...(longTaskProfile ? { longTaskProfile } : {}),
    loadAverageStart,
    loadAverage,
  };
}

/** Every changed price and stock level is on the device. */
async function verify(page: Page, changes: Changes): Promise<void> {
  let wrong = 0;
  for (let i = 0; i < changes.variants.length; i += 5000) {
    const chunk = changes.variants.slice(i, i + 5000);
    const got = new Map((await docsById(page, 'variants', chunk.map((v) => v.id))).map((d) => [d['id'], d]));
    wrong += chunk.filter((v) => (got.get(v.id)?.['price'] as { amount?: number } | undefined)?.amount !== v.price.amount).length;
  }
  for (let i = 0; i < changes.stock.length; i += 5000) {
    const chunk = changes.stock.slice(i, i + 5000);
    const got = new Map((await docsById(page, 'inventory', chunk.map((s) => s.id))).map((d) => [d['id'], d]));
    wrong += chunk.filter((s) => got.get(s.id)?.['onHand'] !== s.onHand).length;
  }
  if (wrong > 0) throw new Error(`${wrong} changes missing on the device after the catch-up`);
}
