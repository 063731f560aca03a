/** Shared figures for the benchmarks: percentiles, and a median with its spread over runs. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

/** The median of a few runs: the middle value, or the mean of the two middle values of an even count (the lower one misled at 4 runs). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

export const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(xs: readonly number[], d = 1): Spread {
  return { median: round(median(xs), d), min: round(Math.min(...xs), d), max: round(Math.max(...xs), d) };
}

export const fmtSpread = (s: Spread): string => `${s.median} (${s.min}–${s.max})`;

export const benchLog = (name: string) => (msg: string): void => void process.stderr.write(`[${name} ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
