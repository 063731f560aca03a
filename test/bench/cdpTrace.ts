/**
 * A Chromium performance trace over CDP (the DevTools "Performance" panel's recording), for the foundation bench's
 * --trace-search: where a keystroke's main-thread time goes beyond JavaScript (style, layout, paint), which a CPU
 * profile shows only as "(program)". Open the file in DevTools' Performance panel or summarise it with
 * `tsx test/bench/traceSummary.ts FILE`.
 */
import { writeFileSync } from 'node:fs';
import type { CDPSession } from 'playwright-core';

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8.execute', 'toplevel', 'loading'].join(',');

export async function startTrace(cdp: CDPSession): Promise<void> {
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
}

/** Ends the trace started by startTrace and writes it as a DevTools trace file ({ traceEvents }). */
export async function stopTrace(cdp: CDPSession, file: string): Promise<void> {
  const events: unknown[] = [];
  const onData = (e: { value: unknown[] }): void => void events.push(...e.value);
  cdp.on('Tracing.dataCollected', onData);
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.end');
  await done;
  cdp.off('Tracing.dataCollected', onData);
  writeFileSync(file, JSON.stringify({ traceEvents: events }));
}
