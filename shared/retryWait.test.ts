import { describe, expect, it } from 'vitest';
import { tooManyTriesMessage, waitInWords } from './retryWait';

describe('waitInWords', () => {
  it.each([
    [0, 'a few seconds'],
    [5, 'a few seconds'],
    [6, '6 seconds'],
    [59.2, '1 minute'],
    [60, '1 minute'],
    [61, '2 minutes'],
    [120, '2 minutes'],
    [600, '10 minutes'],
    [3600, '1 hour'],
    [3601, '2 hours'],
    [Number.NaN, '1 minute'],
  ])('%s s → %s', (seconds, words) => {
    expect(waitInWords(seconds)).toBe(words);
  });

  it('makes the sentence the app shows', () => {
    expect(tooManyTriesMessage(120)).toBe('Too many tries — try again in 2 minutes.');
  });
});
