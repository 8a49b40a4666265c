// Inputs and the correctness check shared by every trial.
//
// Inputs are not random but a hash of the element index, so that Node and
// numpy (bench/numpy_trial.py, `values`) build bit-identical arrays without passing
// them around: element i of stream `seed` is lowbias32(i + seed * 0x9E3779B9)
// mapped to [-4, 4). Every step is exact in both languages (32-bit integer
// arithmetic, a division by 2^32, a multiplication by 8, one rounding at -4),
// and the hash scatters signs so that relu's branches are not predictable.

/**
 * `count` values in [-4, 4), the same as numpy_trial.py's `values(count, seed)`.
 * @param {number} count
 * @param {number} seed which stream (1 for x or A, 2 for b or B, ...)
 * @returns {Float64Array}
 */
export function values(count, seed) {
  const out = new Float64Array(count);
  const offset = Math.imul(seed, 0x9e3779b9) >>> 0;
  for (let i = 0; i < count; i++) {
    let h = (i + offset) >>> 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x7feb352d) >>> 0;
    h ^= h >>> 15;
    h = Math.imul(h, 0x846ca68b) >>> 0;
    h ^= h >>> 16;
    out[i] = ((h >>> 0) / 4294967296) * 8 - 4;
  }
  return out;
}

/**
 * Tolerances, as a fraction of the result's own scale (see `compare`). A
 * wrong answer (a missed row, a wrong formula, a transposed operand) is off
 * by the order of the scale itself, far above both.
 * float64: different libms (V8's Math.exp, glibc's, numpy's SIMD exp) and
 * summation orders differ by a few ulps, ~1e-15, times sqrt(k) for sums of k
 * products. float32 peers: inputs rounded to float32 (6e-8 relative) and
 * float32 arithmetic; products accumulate k roundings. Seen on the first full
 * run: float64 peers within 8e-14, tfjs within 2e-7 elementwise and 3.6e-6 for
 * a dot of 1e7 terms, so each tolerance leaves a wide margin.
 */
export const TOLERANCE = Object.freeze({
  float64: { elementwise: 1e-9, reduction: 1e-9 },
  float32: { elementwise: 1e-5, reduction: 1e-4 },
});

/** Root mean square of `x`: the scale errors are measured against. */
function rms(x) {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s / Math.max(1, x.length));
}

/**
 * Compare `actual` with `expected` element by element. The error at i is
 * |actual - expected| / (|expected| + scale), with `scale` the expected
 * result's RMS unless the case gives one: relative where values are large, absolute (in
 * units of the result's typical size) where they pass through zero, so that
 * softmax's 1e-3 probabilities and relu's zeros are judged alike.
 * @param {ArrayLike<number>} actual
 * @param {ArrayLike<number>} expected
 * @param {number} tolerance
 * @param {number} [scale]
 * @returns {{ ok: boolean, maxError: number, at: number, detail?: string }}
 */
export function compare(actual, expected, tolerance, scale) {
  if (actual.length !== expected.length) {
    return { ok: false, maxError: Infinity, at: -1, detail: `length ${actual.length}, expected ${expected.length}` };
  }
  const s = scale ?? (rms(expected) || Number.MIN_VALUE);
  let maxError = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    // NaN must match NaN; anything against NaN (or NaN against a number) fails.
    const error = Number.isNaN(e) || Number.isNaN(a) ? (Number.isNaN(e) && Number.isNaN(a) ? 0 : Infinity) : Math.abs(a - e) / (Math.abs(e) + s);
    if (!(error <= maxError)) {
      maxError = error;
      at = i;
    }
  }
  const ok = maxError <= tolerance;
  return { ok, maxError, at, detail: ok ? undefined : `at ${at}: ${actual[at]}, expected ${expected[at]}` };
}
