/**
 * TypeScript twins of the activation kernels (native/kernels/simd/kernels.inc),
 * in the baseline target's arithmetic (see ./math.ts), so with its bits:
 * operation for operation, except that where a kernel has two paths giving
 * the same bits the twin keeps one. Same signatures as the native binding. They are what
 * blaskit runs for inputs too small to be worth a native call, and what the
 * tests hold the native targets against.
 */
import type { FloatArray } from '../dtype';
import { divideDD, EXP_HI, EXP_LO, expReduced, HI, K, LO, onePlus, pow2, productError, reg, residual, splitExponent, twoSum } from './math';

const EXP_FLOOR = -760;
const TANH_EXP_FLOOR = -100;

/** |x| up to which the near paths apply (kNear in kernels.inc: e^690 < 2^996, so Dekker's split stays finite). */
const NEAR = 690;

/** sigma(x) = 1 / (1 + T), T = e^-x, for |x| <= NEAR (SigmoidNear). */
function sigmoidNear(x: number): number {
  expReduced(-x, 0);
  const p = pow2(reg[K]);
  onePlus();
  const mLo = reg[LO];
  twoSum(1, reg[HI] * p);
  const dHi = reg[HI];
  const dLo = reg[LO] + mLo * p;
  const inverse = 1 / dHi;
  return (-inverse * dLo + residual(1, inverse, dHi)) * inverse + inverse;
}

// The results of onePlusExp: t = e^a as T_HI + T_LO, 1 + t as D_HI + D_LO, and
// LAST, the power of two the final result still takes (OnePlusExpOf<true>).
const parts = new Float64Array(5);
const T_HI = 0;
const T_LO = 1;
const D_HI = 2;
const D_LO = 3;
const LAST = 4;

/**
 * Fills `parts` for t = e^a, a <= 0 (OnePlusExpOf, far form). Where the
 * kernels take the near form (a >= -NEAR) the two give the same bits, so the
 * twins need only this one.
 */
function onePlusExp(a: number): void {
  a = a < EXP_FLOOR ? EXP_FLOOR : a;
  expReduced(a, 0);
  const k = reg[K];
  onePlus();
  const mHi = reg[HI];
  const mLo = reg[LO];
  splitExponent(k);
  const tHi = mHi * reg[HI];
  const dHi = 1 + tHi;
  parts[T_HI] = tHi;
  parts[T_LO] = mLo * reg[HI];
  parts[D_HI] = dHi;
  parts[D_LO] = (tHi - (dHi - 1)) + parts[T_LO];
  parts[LAST] = reg[LO];
}

/** sigma(x): 1 / (1 + t) for x >= 0, t / (1 + t) below, t = e^-|x| (SigmoidFar). */
function sigmoidFar(x: number): number {
  onePlusExp(-Math.abs(x));
  const positive = x >= 0;
  return divideDD(positive ? 1 : parts[T_HI], positive ? 0 : parts[T_LO], parts[D_HI], parts[D_LO]) * (positive ? 1 : parts[LAST]);
}

/** The logistic sigmoid, as the kernels compute it: the near path, or the far one beyond NEAR. */
export function sigmoidOf(x: number): number {
  return Math.abs(x) > NEAR ? sigmoidFar(x) : sigmoidNear(x);
}

/** t / (1 + t)^2 * numeratorScale, t = e^a (LogisticSlope). */
function logisticSlope(a: number, numeratorScale: number): number {
  onePlusExp(a);
  const dHi = parts[D_HI];
  const ddHi = dHi * dHi;
  const ddLo = 2 * dHi * parts[D_LO] + productError(dHi, dHi, ddHi);
  return divideDD(parts[T_HI], parts[T_LO], ddHi, ddLo) * (parts[LAST] * numeratorScale);
}

export function sigmoidDerivativeOf(x: number): number {
  return logisticSlope(-Math.abs(x), 1);
}

export function tanhDerivativeOf(x: number): number {
  return logisticSlope(-2 * Math.abs(x), 4);
}

/**
 * tanh x = sign(x) (1 - t) / (1 + t), t = e^-2|x| = p (1 + u) (TanhOf, far
 * form: where the kernels take the near form, |x| <= 18, the rounding errors
 * of 1 - p and 1 + p are 0 and both give the same bits).
 */
export function tanhOf(x: number): number {
  let a = -2 * Math.abs(x);
  a = a < TANH_EXP_FLOOR ? TANH_EXP_FLOOR : a;
  expReduced(a, 0);
  const p = pow2(reg[K]);
  const puHi = p * reg[EXP_HI];
  const puLo = p * reg[EXP_LO];
  const oneMinusP = 1 - p;
  const onePlusP = 1 + p;
  // Fast2Sums: 1 - p is 0 or at least 1/2 > |p*u|; 1 + p >= 1 > |p*u|.
  const nHi = oneMinusP - puHi;
  const nLo = (-puHi - (nHi - oneMinusP)) + (((1 - oneMinusP) - p) - puLo);
  const dHi = onePlusP + puHi;
  const dLo = (puHi - (dHi - onePlusP)) + ((p - (onePlusP - 1)) + puLo);
  const magnitude = divideDD(nHi, nLo, dHi, dLo);
  return x < 0 || Object.is(x, -0) ? -magnitude : magnitude;
}

export function reluOf(x: number): number {
  return x < 0 ? 0 : x;
}

export function reluDerivativeOf(x: number): number {
  return x > 0 ? 1 : 0;
}

// Each kernel is its own loop (a shared apply(f, x, y) measured 2x slower in V8).
// Each stores one final double per element: into a Float32Array, that is the
// float64 result rounded once, the float32 kernels' contract.

export function sigmoid(x: FloatArray, y: FloatArray): void {
  for (let i = 0; i < x.length; i++) y[i] = sigmoidOf(x[i]);
}

export function sigmoidDerivative(x: FloatArray, y: FloatArray): void {
  for (let i = 0; i < x.length; i++) y[i] = sigmoidDerivativeOf(x[i]);
}

export function tanh(x: FloatArray, y: FloatArray): void {
  for (let i = 0; i < x.length; i++) y[i] = tanhOf(x[i]);
}

export function tanhDerivative(x: FloatArray, y: FloatArray): void {
  for (let i = 0; i < x.length; i++) y[i] = tanhDerivativeOf(x[i]);
}

export function relu(x: FloatArray, y: FloatArray): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    y[i] = v < 0 ? 0 : v;
  }
}

export function reluDerivative(x: FloatArray, y: FloatArray): void {
  for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? 1 : 0;
}
