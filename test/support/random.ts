/**
 * A seeded PRNG for the accuracy tests, so that a failure reproduces with the
 * same inputs on every machine and every run. mulberry32 (a 32-bit state,
 * public domain) is plenty for picking test inputs: it is not used for
 * anything statistical.
 */

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** An integer in [lo, hi] (both included). */
  int(lo: number, hi: number): number;
  /** One of `items`. */
  pick<T>(items: readonly T[]): T;
  /** `n` values uniform in [lo, hi). */
  array(n: number, lo?: number, hi?: number): Float64Array;
  /** A copy of `items` in a random order (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[];
}

/** A PRNG whose whole sequence is fixed by `seed` (any 32-bit integer). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const uniform = (lo: number, hi: number): number => lo + (hi - lo) * next();
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next,
    uniform,
    int,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)],
    array: (n: number, lo = -1, hi = 1): Float64Array => Float64Array.from({ length: n }, () => uniform(lo, hi)),
    shuffle: <T>(items: readonly T[]): T[] => {
      const result = items.slice();
      for (let i = result.length - 1; i > 0; i--) {
        const j = int(0, i);
        [result[i], result[j]] = [result[j], result[i]];
      }
      return result;
    },
  };
}

/** Padding values around a view: negative non-integers, which every kernel under test would change if it wrote there. */
function paddingValue(i: number): number {
  return -(i + 1.375);
}

/** A view inside a larger buffer, with padding on both sides that must survive every call. */
export interface PaddedView {
  /** `length` elements starting `pad` elements into the buffer (byteOffset = 8 * pad). */
  readonly view: Float64Array;
  /** The whole buffer: padding, view, padding. */
  readonly whole: Float64Array;
  /** The padding elements that differ from what was written there, as `index: value` strings. */
  damagedPadding(): string[];
}

/**
 * `values` copied into a view with a non-zero byteOffset inside a larger
 * buffer, as numpy's accuracy tests do, so that a kernel that ignores the
 * byteOffset or runs past the end is caught.
 */
export function paddedView(values: ArrayLike<number>, pad = 3): PaddedView {
  const whole = new Float64Array(values.length + 2 * pad);
  for (let i = 0; i < whole.length; i++) whole[i] = paddingValue(i);
  const view = new Float64Array(whole.buffer, 8 * pad, values.length);
  view.set(values);
  return {
    view,
    whole,
    damagedPadding: () => {
      const damaged: string[] = [];
      for (let i = 0; i < whole.length; i++) {
        const inside = i >= pad && i < pad + values.length;
        if (!inside && !Object.is(whole[i], paddingValue(i))) damaged.push(`${i}: ${whole[i]}`);
      }
      return damaged;
    },
  };
}
