/**
 * TypeScript twins of the activation kernels (native/kernels/simd/kernels.inc),
 * operation for operation as the baseline target computes them (see
 * ./math.ts), with the same signatures as the native binding. They are what
 * blaskit runs for inputs too small to be worth a native call, and what the
 * tests hold the native targets against.
 */
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

/** sigma(x): 1 / (1 + t) for x >= 0, t / (1 + t) below, t = e^-|x| (SigmoidFar). */
function sigmoidFar(x: number): number {
  let a = -Math.abs(x);
  a = a < EXP_FLOOR ? EXP_FLOOR : a;
  expReduced(a, 0);
  const k = reg[K];
  onePlus();
  const mHi = reg[HI];
  const mLo = reg[LO];
  splitExponent(k);
  const p1 = reg[HI];
  const p2 = reg[LO];
  const tHi = mHi * p1;
  const tLo = mLo * p1;
  const dHi = 1 + tHi;
  const dLo = (tHi - (dHi - 1)) + tLo;
  const positive = x >= 0;
  return divideDD(positive ? 1 : tHi, positive ? 0 : tLo, dHi, dLo) * (positive ? 1 : p2);
}

/** The logistic sigmoid, as the kernels compute it: the near path, or the far one beyond NEAR. */
export function sigmoidOf(x: number): number {
  return Math.abs(x) > NEAR ? sigmoidFar(x) : sigmoidNear(x);
}

/** t / (1 + t)^2 * numeratorScale, t = e^a, a >= -NEAR (LogisticSlopeNear). */
function logisticSlopeNear(a: number, numeratorScale: number): number {
  expReduced(a, 0);
  const p = pow2(reg[K]);
  onePlus();
  const tHi = reg[HI] * p;
  const tLo = reg[LO] * p;
  const dHi = 1 + tHi;
  const dLo = (tHi - (dHi - 1)) + tLo;
  const ddHi = dHi * dHi;
  const ddLo = 2 * dHi * dLo + productError(dHi, dHi, ddHi);
  return divideDD(tHi, tLo, ddHi, ddLo) * numeratorScale;
}

/** The same for any a (LogisticSlopeFar). */
function logisticSlopeFar(a: number, numeratorScale: number): number {
  a = a < EXP_FLOOR ? EXP_FLOOR : a;
  expReduced(a, 0);
  const k = reg[K];
  onePlus();
  const mHi = reg[HI];
  const mLo = reg[LO];
  splitExponent(k);
  const p1 = reg[HI];
  const p2 = reg[LO];
  const tHi = mHi * p1;
  const tLo = mLo * p1;
  const dHi = 1 + tHi;
  const dLo = (tHi - (dHi - 1)) + tLo;
  const ddHi = dHi * dHi;
  const ddLo = 2 * dHi * dLo + productError(dHi, dHi, ddHi);
  return divideDD(tHi, tLo, ddHi, ddLo) * (p2 * numeratorScale);
}

export function sigmoidDerivativeOf(x: number): number {
  const a = -Math.abs(x);
  return Math.abs(x) > NEAR ? logisticSlopeFar(a, 1) : logisticSlopeNear(a, 1);
}

export function tanhDerivativeOf(x: number): number {
  const a = -2 * Math.abs(x);
  return Math.abs(x) > NEAR / 2 ? logisticSlopeFar(a, 4) : logisticSlopeNear(a, 4);
}

/** |x| up to which tanh's near path applies (kTanhNear: 1 - 2^k and 1 + 2^k exact). */
const TANH_NEAR = 18;

/** tanh x = sign(x) (1 - t) / (1 + t), t = e^-2|x| = p (1 + u), for |x| <= TANH_NEAR (TanhNear). */
function tanhNear(x: number): number {
  expReduced(-2 * Math.abs(x), 0);
  const p = pow2(reg[K]);
  const puHi = p * reg[EXP_HI];
  const puLo = p * reg[EXP_LO];
  const oneMinusP = 1 - p;
  const nHi = oneMinusP - puHi; // Fast2Sum: 1 - p is 0 or at least 1/2 > |p*u|
  const nLo = (-puHi - (nHi - oneMinusP)) - puLo;
  const onePlusP = 1 + p;
  const dHi = onePlusP + puHi;
  const dLo = (puHi - (dHi - onePlusP)) + puLo;
  const magnitude = divideDD(nHi, nLo, dHi, dLo);
  return x < 0 || Object.is(x, -0) ? -magnitude : magnitude;
}

/** The same for any x, carrying the rounding of 1 - p and 1 + p (TanhFar). */
function tanhFar(x: number): number {
  let a = -2 * Math.abs(x);
  a = a < TANH_EXP_FLOOR ? TANH_EXP_FLOOR : a;
  expReduced(a, 0);
  const p = pow2(reg[K]);
  const puHi = p * reg[EXP_HI];
  const puLo = p * reg[EXP_LO];
  const oneMinusP = 1 - p;
  const oneMinusPError = (1 - oneMinusP) - p;
  const nHi = oneMinusP - puHi;
  const nLo = (-puHi - (nHi - oneMinusP)) + (oneMinusPError - puLo);
  const onePlusP = 1 + p;
  const onePlusPError = p - (onePlusP - 1);
  const dHi = onePlusP + puHi;
  const dLo = (puHi - (dHi - onePlusP)) + (onePlusPError + puLo);
  const magnitude = divideDD(nHi, nLo, dHi, dLo);
  return x < 0 || Object.is(x, -0) ? -magnitude : magnitude;
}

/** tanh, as the kernels compute it: the near path, or the far one beyond TANH_NEAR. */
export function tanhOf(x: number): number {
  return Math.abs(x) > TANH_NEAR ? tanhFar(x) : tanhNear(x);
}

export function reluOf(x: number): number {
  return x < 0 ? 0 : x;
}

export function reluDerivativeOf(x: number): number {
  return x > 0 ? 1 : 0;
}

// Each kernel is its own loop (a shared apply(f, x, y) measured 2x slower in V8).

export function sigmoid(x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] = sigmoidOf(x[i]);
}

export function sigmoidDerivative(x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] = sigmoidDerivativeOf(x[i]);
}

export function tanh(x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] = tanhOf(x[i]);
}

export function tanhDerivative(x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] = tanhDerivativeOf(x[i]);
}

export function relu(x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    y[i] = v < 0 ? 0 : v;
  }
}

export function reluDerivative(x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? 1 : 0;
}
