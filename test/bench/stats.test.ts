import { describe, expect, it } from 'vitest';
import { median, percentile, spread } from './stats';

describe('bench figures', () => {
  it('the median of an even number of runs is the mean of the two middle runs', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(spread([2.09, 1.74, 1.98, 2.2], 2)).toEqual({ median: 2.04, min: 1.74, max: 2.2 });
  });
  it('the median of an odd number is the middle run; none is NaN', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBeNaN();
  });
  it('percentiles of samples stay nearest-rank', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([5, 1, 4, 2, 3], 95)).toBe(5);
  });
});
