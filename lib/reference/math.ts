/**
 * The TypeScript twin of native/kernels/simd/math.h, operation for operation
 * as the baseline x86-64 target computes it (no fused multiply-add: each
 * `Fma(a, b, c)` there is `a * b + c` here, and the exact product error is
 * Dekker's). So these give the baseline target's bits, and are within the
 * same bounds as every target (see native/kernels/activations.h).
 *
 * Functions that return more than one number leave them in `reg`, a
 * Float64Array: storing a double there allocates nothing, where a property of
 * an object or a module variable holds a boxed number that V8 reallocates on
 * every write (that made these twins 15x slower).
 */

const SHIFTER = 6755399441055744.0; // 1.5 * 2^52
const INV_LN2 = 1.4426950408889634;
const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
// P(r) ~ (e^r - 1 - r - r^2/2) / r^3: the degree-9 fit of math.h.
const P0 = 0.16666666666666669;
const P1 = 0.041666666666666664;
const P2 = 0.008333333333330065;
const P3 = 0.0013888888888886554;
const P4 = 0.00019841269863040545;
const P5 = 2.4801587317135164e-5;
const P6 = 2.755726848030982e-6;
const P7 = 2.755728298405573e-7;
const P8 = 2.510037583265786e-8;
const P9 = 2.0911229729827565e-9;
const SPLIT = 134217729; // 2^27 + 1

/**
 * Results of the last call that returns several: HI and LO for a pair, and
 * K, EXP_HI, EXP_LO for expReduced (e^(a + aLo) = 2^K (1 + EXP_HI + EXP_LO)).
 */
export const reg = new Float64Array(5);
export const HI = 0;
export const LO = 1;
export const K = 2;
export const EXP_HI = 3;
export const EXP_LO = 4;

const POW2 = new Float64Array(2046);
for (let k = -1022; k <= 1023; k++) POW2[k + 1022] = 2 ** k;

/** 2^k for an integer k in [-1022, 1023] (NaN for anything else, as the result then is). */
export function pow2(k: number): number {
  return k >= -1022 && k <= 1023 ? POW2[k + 1022] : NaN;
}

/** The nearest integer to x (|x| < 2^51), ties to even. */
export function roundToInt(x: number): number {
  return x + SHIFTER - SHIFTER;
}

/** a * b - p exactly, where p = a * b rounded (Veltkamp's split, Dekker's product). */
export function productError(a: number, b: number, p: number): number {
  const ca = SPLIT * a;
  const aHi = ca - (ca - a);
  const aLo = a - aHi;
  const cb = SPLIT * b;
  const bHi = cb - (cb - b);
  const bLo = b - bHi;
  return aLo * bLo - (((p - aHi * bHi) - aLo * bHi) - aHi * bLo);
}

/** n - q * d exactly (q within an ULP of n / d). */
export function residual(n: number, q: number, d: number): number {
  const p = q * d;
  return (n - p) - productError(q, d, p);
}

/** Fills reg[K], reg[EXP_HI], reg[EXP_LO]: see ExpReduced in math.h. a >= -1100. */
export function expReduced(a: number, aLo: number): void {
  const k = a * INV_LN2 + SHIFTER - SHIFTER;
  const r0 = -k * LN2_HI + a;
  const r = -k * LN2_LO + r0;
  const rLo = (-k * LN2_LO + (r0 - r)) + aLo;
  const r2 = r * r;
  const r4 = r2 * r2;
  const p01 = r * P1 + P0;
  const p23 = r * P3 + P2;
  const p45 = r * P5 + P4;
  const p67 = r * P7 + P6;
  const p89 = r * P9 + P8;
  const p0to3 = r2 * p23 + p01;
  const p4to7 = r2 * p67 + p45;
  const poly = r4 * (r4 * p89 + p4to7) + p0to3;
  const tail = (r2 * r) * poly + 0.5 * r2;
  const hi = r + tail;
  reg[K] = k;
  reg[EXP_HI] = hi;
  reg[EXP_LO] = (tail - (hi - r)) + (rLo * hi + rLo);
}

/** reg[HI], reg[LO] = 1 + reg[EXP_HI] + reg[EXP_LO], normalised. */
export function onePlus(): void {
  const hi = reg[EXP_HI];
  const sum = 1 + hi;
  reg[HI] = sum;
  reg[LO] = (hi - (sum - 1)) + reg[EXP_LO];
}

/** reg[HI] = p1, reg[LO] = p2 with 2^k = p1 * p2 (SplitExponent). */
export function splitExponent(k: number): void {
  const k1 = k < -1000 ? -1000 : k;
  reg[HI] = pow2(k1);
  reg[LO] = pow2(k - k1);
}

/** RN((nh + nl) / (dh + dl)): see DivideDD. */
export function divideDD(nh: number, nl: number, dh: number, dl: number): number {
  const inverse = 1 / dh;
  const q = nh * inverse;
  return (-q * dl + (residual(nh, q, dh) + nl)) * inverse + q;
}

/** reg[HI], reg[LO] = 1 / (dh + dl) (ReciprocalDD). */
export function reciprocalDD(dh: number, dl: number): void {
  const inverse = 1 / dh;
  reg[HI] = inverse;
  reg[LO] = (-inverse * dl + residual(1, inverse, dh)) * inverse;
}

const TINY_PRODUCT = 2 ** -960;
const SCALE_UP = 2 ** 600;
const SCALE_DOWN = 2 ** -600;

/** RN((xh + xl) * (rh + rl)), products below 2^-960 scaled up first (MultiplyDD). */
export function multiplyDD(xh: number, xl: number, rh: number, rl: number): number {
  const tiny = Math.abs(xh * rh) < TINY_PRODUCT;
  const up = tiny ? SCALE_UP : 1;
  const down = tiny ? SCALE_DOWN : 1;
  const sh = xh * up;
  const sl = xl * up;
  const p = sh * rh;
  return (p + (productError(sh, rh, p) + (sh * rl + sl * rh))) * down;
}

/** reg[HI], reg[LO] = s + v as (sum, exact error) (TwoSum). */
export function twoSum(s: number, v: number): void {
  const sum = s + v;
  const vPart = sum - s;
  reg[HI] = sum;
  reg[LO] = (s - (sum - vPart)) + (v - vPart);
}
