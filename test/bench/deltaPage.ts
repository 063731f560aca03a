/**
 * What bench:delta measures inside the app's page (installed with addInitScript before the app's own scripts):
 * - every keydown's latency: from the event's time stamp (when the browser took the key in, so the time it waited
 *   behind a busy main thread counts) to the next animation frame after its handlers ran;
 * - the Event Timing API's view of the same keys (`PerformanceEventTiming.duration`: input → the next paint after
 *   the handlers, 8 ms granularity; only entries ≥ 16 ms are reported, so a key without one took < 16 ms);
 * - long tasks (> 50 ms of main thread) with their start and duration.
 * `window.__delta.reset()` starts a window, `window.__delta.read()` returns what happened since.
 */
export interface PageWindow {
  keyLatencyMs: number[];
  eventTimingMs: number[];
  keys: number;
  longTasks: { start: number; duration: number }[];
  /** Page time (performance.now()) when the window was read. */
  at: number;
}

export const DELTA_PAGE_SCRIPT = `(() => {
  const state = { keyLatencyMs: [], eventTiming: [], longTasks: [], keys: 0, since: performance.now() };
  window.addEventListener('keydown', (e) => {
    if (e.key.length !== 1 && e.key !== 'Backspace') return;
    state.keys++;
    const stamp = e.timeStamp;
    requestAnimationFrame(() => state.keyLatencyMs.push(performance.now() - stamp));
  }, { capture: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'keydown' && e.startTime >= state.since) state.eventTiming.push(e.duration);
    }).observe({ type: 'event', durationThreshold: 16, buffered: false });
  } catch {}
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.startTime >= state.since) state.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: false });
  } catch {}
  window.__delta = {
    reset() {
      state.keyLatencyMs = []; state.eventTiming = []; state.longTasks = []; state.keys = 0; state.since = performance.now();
      return state.since;
    },
    read() {
      return { keyLatencyMs: state.keyLatencyMs.slice(), eventTimingMs: state.eventTiming.slice(), keys: state.keys, longTasks: state.longTasks.slice(), at: performance.now() };
    },
  };
})();`;
