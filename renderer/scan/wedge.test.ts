import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { WedgeKey, WedgeOutput, WedgeSettings, WedgeStep } from './wedge';
import { createWedge } from './wedge';

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
