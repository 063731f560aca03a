import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { WedgeKey, WedgeOutput, WedgeSettings, WedgeStep } from './wedge';
import { createWedge, DEFAULT_WEDGE_SETTINGS } from './wedge';

const GS = '\u001d';

/** Feeds keys `gap` ms apart (a string's characters, or named keys in {braces}) and collects what happens. */
function type(text: string, gap: number, settings: Partial<WedgeSettings> = {}, start = 1000): { steps: WedgeStep[]; outputs: WedgeOutput[] } {
  const wedge = createWedge(settings);
  const keys: WedgeKey[] = [];
  let t = start;
  for (const token of text.match(/\{[^}]+\}|[\s\S]/gu) ?? []) {
    const named = token.length > 2 && token.startsWith('{') ? token.slice(1, -1) : null;
    if (named === 'Ctrl+]') keys.push({ key: ']', code: 'BracketRight', ctrlKey: true, time: t });
    else keys.push({ key: named ?? token, time: t });
    t += gap;
  }
  const steps = keys.map((k) => wedge.key(k));
  steps.push(wedge.tick(t + 1000));
  return { steps, outputs: steps.flatMap((s) => s.outputs) };
}

describe('keyboard wedge', () => {
  it('recognises a scanner burst ended by Enter and consumes the keys after confirmation, and the Enter', () => {
    const { steps, outputs } = type('4006381333931{Enter}', 8);
    expect(outputs).toEqual([{ ok: true, text: '4006381333931', startedAt: 1000, endedAt: 1104 }]);
    expect(steps[0]?.started).toBe(true);
    expect(steps.slice(0, 5).every((s) => !s.consume)).toBe(true);
    expect(steps[5]).toMatchObject({ consume: true, confirmed: { leaked: 5 } });
    expect(steps.slice(5, 14).every((s) => s.consume)).toBe(true);
  });

  it('leaves human typing alone, Enter included', () => {
    const { steps, outputs } = type('hello world{Enter}', 120);
    expect(outputs).toEqual([]);
    expect(steps.every((s) => !s.consume)).toBe(true);
  });

  it('ignores short fast bursts (key rollover) and treats them as typing', () => {
    const { steps, outputs } = type('abcd', 5);
    expect(outputs).toEqual([]);
    expect(steps.every((s) => !s.consume)).toBe(true);
  });

  it('ends a burst without terminator after a silence', () => {
    expect(type('ABC123456', 10, { terminators: [] }).outputs).toMatchObject([{ ok: true, text: 'ABC123456' }]);
  });

  it('keeps GS whether sent as the character, Ctrl+], F8 or a text substitute', () => {
    for (const gs of [GS, '{Ctrl+]}', '{F8}', '^]', '<GS>']) {
      const { outputs } = type(`]C10109506000134352${gs}10ABC{Enter}`, 5);
      expect(outputs).toEqual([expect.objectContaining({ ok: true, text: `]C10109506000134352${GS}10ABC` })]);
    }
  });

  it('ignores Shift between characters (scanners send it for capitals)', () => {
    const { outputs } = type('{Shift}A{Shift}I{Shift}S{Shift}L{Shift}E:PU:K7Q2{Enter}', 4);
    expect(outputs).toMatchObject([{ ok: true, text: 'AISLE:PU:K7Q2' }]);
  });

  it('splits two codes in one burst at the terminator, and consumes both', () => {
    const { steps, outputs } = type('4006381333931{Enter}96385074{Enter}', 6);
    expect(outputs.map((o) => o.text)).toEqual(['4006381333931', '96385074']);
    expect(steps.slice(14, 23).every((s) => s.consume)).toBe(true);
  });

  it('splits codes glued without terminator where the prefix starts again, and strips prefix and suffix', () => {
    const { outputs } = type('@@123456789##@@987654321##{Enter}', 5, { prefix: '@@', suffix: '##' });
    expect(outputs.map((o) => o.ok && o.text)).toEqual(['123456789', '987654321']);
  });

  it('does not treat a fast burst without the configured prefix as a scan', () => {
    const { steps, outputs } = type('123456789{Enter}', 5, { prefix: '@@' });
    expect(outputs).toEqual([]);
    expect(steps.every((s) => !s.consume)).toBe(true);
  });

  it('refuses an over-long burst rather than gluing two codes', () => {
    const { outputs } = type('1'.repeat(30) + '{Enter}', 5, { maxLength: 20 });
    expect(outputs).toMatchObject([{ ok: false, reason: expect.stringContaining('two codes') as unknown }]);
  });

  it('for any text, a scanner-speed burst comes out whole and human-speed typing never does', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9:/\-.]{6,60}$/), fc.integer({ min: 1, max: 35 }), fc.integer({ min: 60, max: 400 }), (text, fastGap, slowGap) => {
        expect(type(text + '{Enter}', fastGap).outputs).toMatchObject([{ ok: true, text }]);
        expect(type(text + '{Enter}', slowGap).outputs).toEqual([]);
      }),
    );
  });
});

/**
 * Bursts as scanners send them, replayed with their timing: key-down gaps of a few ms with jitter, an occasional
 * USB polling hiccup, Shift around capitals, a slightly longer pause before the terminator. The time stamps are
 * the keys' own (KeyboardEvent.timeStamp); the renderer may handle them much later, and the timer that measures
 * silence may run at any moment in between — in particular after a long task, before keys queued behind it.
 */
interface Burst {
  readonly keys: WedgeKey[];
  readonly end: number;
}

/** A scanner's burst for `text` from time `start`: gaps drawn from `gaps` (cycled), Shift for capitals, then Enter. */
function burst(text: string, start: number, gaps: readonly number[], terminator: string | null = 'Enter'): Burst {
  const keys: WedgeKey[] = [];
  let t = start;
  let i = 0;
  for (const ch of text) {
    if (/[A-Z]/.test(ch)) keys.push({ key: 'Shift', time: t - 0.4 });
    keys.push({ key: ch, time: t });
    t += gaps[i++ % gaps.length]!;
  }
  if (terminator) keys.push({ key: terminator, time: t + 3 });
  return { keys, end: t + 3 };
}

/**
 * Replays keys through one wedge; `ticks` lists, for some key indexes, the `now` a timer tick sees just before
 * that key is handled (a timer that ran after a long task, ahead of the keys queued behind it).
 */
function replay(keys: readonly WedgeKey[], ticks: ReadonlyMap<number, number> = new Map(), settings: Partial<WedgeSettings> = {}): { outputs: WedgeOutput[]; consumed: boolean[] } {
  const wedge = createWedge(settings);
  const outputs: WedgeOutput[] = [];
  const consumed: boolean[] = [];
  keys.forEach((k, i) => {
    const now = ticks.get(i);
    if (now !== undefined) outputs.push(...wedge.tick(now).outputs);
    const step = wedge.key(k);
    consumed.push(step.consume);
    outputs.push(...step.outputs);
  });
  const lastTime = keys.at(-1)?.time ?? 0;
  outputs.push(...wedge.tick(lastTime + 1000).outputs);
  return { outputs, consumed };
}

// Gaps measured off a 2D imager in USB keyboard mode are mostly 2–8 ms with a 12–20 ms hiccup every so often.
const IMAGER = [4, 6, 3, 7, 5, 2, 8, 4, 17, 5, 3, 6, 4, 12, 5];

describe('keyboard wedge with real burst timing', () => {
  it('takes a jittered scanner burst whole, capitals and all', () => {
    const { outputs } = replay(burst('AISLE:PU:K7Q2VN', 1000, IMAGER).keys);
    expect(outputs).toMatchObject([{ ok: true, text: 'AISLE:PU:K7Q2VN' }]);
  });

  it('scans the same barcode twice in a row, each whole (the pick list counts 1, then 2)', () => {
    const first = burst('0265000000052', 1000, IMAGER);
    const second = burst('0265000000052', first.end + 660, [...IMAGER].reverse());
    const { outputs } = replay([...first.keys, ...second.keys]);
    expect(outputs.map((o) => o.ok && o.text)).toEqual(['0265000000052', '0265000000052']);
  });

  it('keeps a burst whole when a timer runs after a long task, ahead of the keys queued behind it', () => {
    // Keys 0–2 handled, then a 300 ms task (a re-render after the previous scan); the silence timer set at key 2
    // runs before keys 3… that the OS time-stamped a few ms apart while the task ran.
    const { keys } = burst('0265000000052', 5000, IMAGER);
    for (const at of [1, 3, 5, 9]) {
      const { outputs, consumed } = replay(keys, new Map([[at, keys[at - 1]!.time + 300]]));
      expect(outputs, `timer before key ${at}`).toMatchObject([{ ok: true, text: '0265000000052' }]);
      // The Enter is still the scan's, so it never submits a form.
      expect(consumed.at(-1)).toBe(true);
    }
  });

  it('does not glue a person’s key typed right after a timer-ended scan to the next scan', () => {
    // A scanner set without terminator: the timer ends it. Then a person types a single key quickly after.
    const scan = burst('4006381333931', 1000, IMAGER, null);
    const wedge = createWedge({ terminators: [] });
    const outputs: WedgeOutput[] = [];
    for (const k of scan.keys) outputs.push(...wedge.key(k).outputs);
    outputs.push(...wedge.tick(scan.end + 100).outputs);
    const typed = wedge.key({ key: 'x', time: scan.end + 20 });
    expect(outputs).toMatchObject([{ ok: true, text: '4006381333931' }]);
    expect(typed.consume).toBe(false);
  });

  it('for any jitter a scanner has and any moment the timer runs, the scan comes out whole and once', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9A-Z]{8,20}$/),
        fc.array(fc.double({ min: 0.5, max: 20, noNaN: true }), { minLength: 1, maxLength: 24 }),
        fc.nat({ max: 40 }),
        fc.integer({ min: 81, max: 5000 }),
        (text, gaps, tickAt, busyMs) => {
          const { keys } = burst(text, 10_000, gaps);
          const at = 1 + (tickAt % (keys.length - 1));
          // Before the burst is confirmed any delay is harmless; after it, up to the terminator wait (a long task
          // beyond that is half a second of a frozen screen, and the adapter also asks isInputPending first).
          const seen = keys.slice(0, at).filter((k) => k.key !== 'Shift');
          const confirmedBefore = seen.length >= DEFAULT_WEDGE_SETTINGS.minLength;
          const busy = confirmedBefore ? Math.min(busyMs, DEFAULT_WEDGE_SETTINGS.missingTerminatorMs - 1) : busyMs;
          const { outputs, consumed } = replay(keys, new Map([[at, (seen.at(-1)?.time ?? 0) + busy]]));
          expect(outputs).toMatchObject([{ ok: true, text }]);
          expect(consumed.at(-1)).toBe(true);
        },
      ),
    );
  });

  it('still delivers a scan that never sends the configured terminator, after the terminator wait', () => {
    const { keys, end } = burst('4006381333931', 1000, IMAGER, null);
    const wedge = createWedge();
    for (const k of keys) expect(wedge.key(k).outputs).toEqual([]);
    expect(wedge.tick(end + 100).outputs).toEqual([]);
    expect(wedge.tick(end + DEFAULT_WEDGE_SETTINGS.missingTerminatorMs).outputs).toMatchObject([{ ok: true, text: '4006381333931' }]);
    expect(wedge.tickAfterMs).toBe(DEFAULT_WEDGE_SETTINGS.missingTerminatorMs);
    expect(createWedge({ terminators: [] }).tickAfterMs).toBe(DEFAULT_WEDGE_SETTINGS.endAfterMs);
  });

  it('for any human typing speed (gaps over 40 ms, with occasional fast rollover pairs), nothing is taken', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9 ]{6,30}$/), fc.array(fc.integer({ min: 41, max: 400 }), { minLength: 1, maxLength: 10 }), (text, gaps) => {
        // Rollover: every third key follows the previous one within 10 ms, as fast typists do.
        const keys = [...text].map((ch) => ({ key: ch, time: 0 }));
        let t = 1000;
        keys.forEach((k, i) => {
          k.time = t;
          t += i % 3 === 1 ? 8 : gaps[i % gaps.length]!;
        });
        const { outputs, consumed } = replay([...keys, { key: 'Enter', time: t }]);
        expect(outputs).toEqual([]);
        expect(consumed.every((c) => !c)).toBe(true);
      }),
    );
  });
});
