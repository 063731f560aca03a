/**
 * A small seeded PRNG for the demo data. Math.random cannot be seeded, and the demo catalog must be
 * byte-identical for the same seed on every machine, so benchmarks and tests compare like with like.
 */

/** mulberry32: 32-bit state, good enough statistical quality for fake data, and fast. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Mixes several integers into one 32-bit seed (murmur3's finaliser after each step), so each product gets
 * its own independent stream: product N's data does not depend on how many products were generated before
 * it in the same chunk, which lets seeding work chunk by chunk.
 */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h ^= p >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

export interface Rng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** k distinct items in their original order. */
  sample<T>(items: readonly T[], k: number): T[];
}

export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      const item = items[int(0, items.length - 1)];
      if (item === undefined) throw new RangeError('pick from an empty list');
      return item;
    },
    chance: (p) => next() < p,
    sample<T>(items: readonly T[], k: number): T[] {
      const idx = items.map((_, i) => i);
      for (let i = idx.length - 1; i > 0; i--) {
        const j = int(0, i);
        const tmp = idx[i] ?? 0;
        idx[i] = idx[j] ?? 0;
        idx[j] = tmp;
      }
      return idx
        .slice(0, Math.min(k, items.length))
        .sort((a, b) => a - b)
        .flatMap((i) => (items[i] === undefined ? [] : [items[i]]));
    },
  };
}
