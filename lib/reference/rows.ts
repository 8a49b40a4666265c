/**
 * TypeScript twins of the row kernels (native/kernels/simd/kernels.inc),
 * operation for operation as the baseline target computes them, summing in
 * the same 8 lanes in the same order (see ./math.ts). Same signatures as the
 * native binding; see native/kernels/rows.h for the NaN and Infinity rules.
 * Float32Arrays are computed in float64 and rounded once when stored, which
 * is the float32 kernels' contract (float32 result = the float64 result
 * rounded once): no intermediate value may be stored into a Float32Array.
 */
import type { FloatArray } from '../dtype';
import { expReduced, multiplyDD, onePlus, pow2, productError, reciprocalDD, roundToInt, splitExponent, twoSum, reg, HI, LO, K } from './math';

const LANES = 8;
const EXP_FLOOR = -760;
const MIN_UNSCALED_SUM = 4.0090766e-292; // > 2^-968, as in kernels.inc

const laneHi = new Float64Array(LANES);
const laneLo = new Float64Array(LANES);

/** lanes (hi, lo)[j] += v + vLo, carrying the rounding error (Accumulate). */
function accumulate(j: number, v: number, vLo: number): void {
  twoSum(laneHi[j], v);
  laneHi[j] = reg[HI];
  laneLo[j] = laneLo[j] + (reg[LO] + vLo);
}

/** pair = the lane sums added in lane order, normalised (CombineLanes). */
function combineLanes(): void {
  let hi = laneHi[0];
  let lo = laneLo[0];
  for (let j = 1; j < LANES; j++) {
    twoSum(hi, laneHi[j]);
    hi = reg[HI];
    lo = lo + (reg[LO] + laneLo[j]);
  }
  twoSum(hi, lo);
}

function maxPropagatingNaN(m: number, v: number): number {
  return v > m || v !== v ? v : m;
}

/** Softmax of x[start, start + cols) into y[yStart, yStart + cols), which must be a Float64Array: it holds intermediates. */
function softmaxRow(x: FloatArray, y: Float64Array, yLo: Float64Array, start: number, cols: number, yStart: number): void {
  laneHi.fill(-Infinity);
  for (let i = 0; i < cols; i++) laneHi[i % LANES] = maxPropagatingNaN(laneHi[i % LANES], x[start + i]);
  let max = laneHi[0];
  for (let j = 1; j < LANES; j++) max = maxPropagatingNaN(max, laneHi[j]);

  laneHi.fill(0);
  laneLo.fill(0);
  for (let i = 0; i < cols; i++) {
    // e^(x - max) as hi + lo (ExpOfDifference)
    twoSum(x[start + i], -max);
    const clamp = reg[HI] < EXP_FLOOR;
    const aHi = clamp ? EXP_FLOOR : reg[HI];
    const aLo = clamp ? 0 : reg[LO];
    expReduced(aHi, aLo);
    const k = reg[K];
    onePlus();
    const mHi = reg[HI];
    const mLo = reg[LO];
    splitExponent(k);
    const eHi = mHi * reg[HI] * reg[LO];
    const eLo = mLo * reg[HI] * reg[LO];
    y[yStart + i] = eHi;
    yLo[i] = eLo;
    accumulate(i % LANES, eHi, eLo);
  }
  combineLanes();
  reciprocalDD(reg[HI], reg[LO]);
  const inverseHi = reg[HI];
  const inverseLo = reg[LO];
  for (let i = 0; i < cols; i++) y[yStart + i] = multiplyDD(y[yStart + i], yLo[i], inverseHi, inverseLo);
}

/** Stable softmax of each row, within 1 ULP (see rows.h). */
export function softmaxRows(x: FloatArray, y: FloatArray, rows: number, cols: number): void {
  // An empty array has nothing to do: do not walk the rows of a (2^40, 0) one,
  // nor allocate a row of a (0, 2^40) one.
  if (cols === 0 || rows === 0) return;
  const yLo = new Float64Array(cols);
  if (y instanceof Float64Array) {
    for (let r = 0; r < rows; r++) softmaxRow(x, y, yLo, r * cols, cols, r * cols);
    return;
  }
  // float32: each row in float64, then rounded once into y (set() rounds to nearest).
  const row = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    softmaxRow(x, row, yLo, r * cols, cols, 0);
    y.set(row, r * cols);
  }
}

/** pair = the sum of (x * s1 * s2)^2 over the row, in lanes (SumOfSquares). */
function sumOfSquares(x: FloatArray, start: number, cols: number, scaled: boolean, s1: number, s2: number): void {
  laneHi.fill(0);
  laneLo.fill(0);
  for (let i = 0; i < cols; i++) {
    const v = scaled ? x[start + i] * s1 * s2 : x[start + i];
    const p = v * v;
    accumulate(i % LANES, p, productError(v, v, p));
  }
  combineLanes();
}

/** y = (x * s1 * s2) / sqrt(sumHi + sumLo), each element rounded once (DivideByNorm). */
function divideByNorm(x: FloatArray, y: FloatArray, start: number, cols: number, sumHi: number, sumLo: number, scaled: boolean, s1: number, s2: number): void {
  const norm = Math.sqrt(sumHi);
  const square = norm * norm;
  const residual = (sumHi - square) - productError(norm, norm, square);
  const normLo = (residual + sumLo) / (2 * norm);
  reciprocalDD(norm, normLo);
  const inverseHi = reg[HI];
  const inverseLo = reg[LO];
  for (let i = 0; i < cols; i++) {
    const v = scaled ? x[start + i] * s1 * s2 : x[start + i];
    y[start + i] = multiplyDD(v, 0, inverseHi, inverseLo);
  }
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer); // little-endian: words[1] holds sign, exponent, top of mantissa

/** floor(log2(v)) for a finite v > 0, subnormals included, from its bits. */
function exponentOf(v: number): number {
  bits[0] = v;
  const biased = (words[1] >>> 20) & 0x7ff;
  if (biased !== 0) return biased - 1023;
  const top = words[1] & 0xfffff;
  const leadingZeros = top !== 0 ? Math.clz32(top) : 32 + Math.clz32(words[0]);
  return -1011 - leadingZeros;
}

// normalizeRow stores only final values (each read of x precedes the write of
// its element), so a Float32Array y gets each float64 result rounded once.
function normalizeRow(x: FloatArray, y: FloatArray, start: number, cols: number): void {
  sumOfSquares(x, start, cols, false, 1, 1);
  if (reg[HI] >= MIN_UNSCALED_SUM && reg[HI] <= Number.MAX_VALUE) {
    divideByNorm(x, y, start, cols, reg[HI], reg[LO], false, 1, 1);
    return;
  }
  const end = start + cols;
  let maxAbs = 0;
  let hasNaN = false;
  for (let j = start; j < end; j++) {
    const a = Math.abs(x[j]);
    hasNaN ||= a !== a;
    maxAbs = a > maxAbs ? a : maxAbs;
  }
  if (hasNaN) {
    y.fill(NaN, start, end);
    return;
  }
  if (maxAbs === 0) {
    for (let j = start; j < end; j++) y[j] = x[j];
    return;
  }
  if (maxAbs === Infinity) {
    for (let j = start; j < end; j++) y[j] = x[j] / maxAbs;
    return;
  }
  const exponent = exponentOf(maxAbs);
  const s1 = pow2(roundToInt(-exponent * 0.5));
  const s2 = pow2(-exponent - roundToInt(-exponent * 0.5));
  sumOfSquares(x, start, cols, true, s1, s2);
  divideByNorm(x, y, start, cols, reg[HI], reg[LO], true, s1, s2);
}

/** Each row divided by its L2 norm, within 1 ULP, without overflow or underflow; all-zero rows stay zero. */
export function normalizeRows(x: FloatArray, y: FloatArray, rows: number, cols: number): void {
  if (cols === 0) return;
  for (let r = 0; r < rows; r++) normalizeRow(x, y, r * cols, cols);
}
