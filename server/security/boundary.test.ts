import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkRequestStrings, inspectValue, MAX_BODY_DEPTH, stringProblem } from './boundary';
import { AisleError } from '../../shared/errors';

describe('stringProblem', () => {
  it('refuses NUL and unpaired surrogates, accepts pairs and ordinary text', () => {
    expect(stringProblem('a\u0000b')).toMatch(/NUL/);
    expect(stringProblem('\ud83d')).toMatch(/U\+D83D/);
    expect(stringProblem('x\ude00')).toMatch(/U\+DE00/);
    expect(stringProblem('\ude00\ud83d')).toMatch(/unpaired/);
    expect(stringProblem('😀 café ✓')).toBeNull();
    expect(stringProblem('')).toBeNull();
  });

  it('agrees with a round trip through UTF-8 for any string: storable exactly when it survives encoding and has no NUL', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const survives = Buffer.from(s, 'utf8').toString('utf8') === s;
        expect(stringProblem(s) === null).toBe(survives && !s.includes('\u0000'));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('inspectValue', () => {
  it('names values and keys by JSON pointer, escaping what cannot be shown', () => {
    const report = inspectValue({ a: [{ 'b/c': 'x\u0000' }], 'k\u0000': 1 }, '');
    // A bad key is reported when its object is visited, before the values below it.
    expect(report.issues).toEqual([
      { path: '/k\\u0000', message: expect.stringMatching(/^key contains a NUL/) as unknown },
      { path: '/a/0/b~1c', message: expect.stringMatching(/NUL/) as unknown },
    ]);
  });

  it('walks a million-deep array without overflowing the stack and reports it once', () => {
    let deep: unknown = [];
    for (let i = 0; i < 1_000_000; i += 1) deep = [deep];
    const report = inspectValue(deep, '');
    expect(report.total).toBe(1);
    expect(report.issues[0]?.path.split('/').length).toBe(MAX_BODY_DEPTH + 1);
  });

  it('lists at most 20 problems but counts them all', () => {
    const report = inspectValue(Array.from({ length: 1000 }, () => '\u0000'), '');
    expect(report.issues).toHaveLength(20);
    expect(report.total).toBe(1000);
  });
});

describe('checkRequestStrings', () => {
  it('throws VALIDATION_FAILED whose plain form caps details and counts the rest', () => {
    let thrown: unknown;
    try {
      checkRequestStrings({ params: { id: '\u0000' }, query: { q: 'ok' }, body: Array.from({ length: 30 }, () => '\ud800') });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AisleError);
    const plain = (thrown as AisleError).toTransferable();
    expect(plain.code).toBe('VALIDATION_FAILED');
    expect(plain.details?.[0]).toEqual({ path: 'params/id', message: expect.stringMatching(/NUL/) as unknown });
    expect(plain.details).toHaveLength(20);
    expect(plain.omittedDetails).toBe(11);
  });

  it('passes clean requests', () => {
    expect(() => checkRequestStrings({ params: { id: 'p1' }, query: {}, body: { text: 'hello 👋', n: 1, a: [null, true] } })).not.toThrow();
  });
});
