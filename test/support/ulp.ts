/**
 * Measuring floating-point error the way numpy's accuracy tests do
 * (`assert_array_max_ulp`, `nulp_diff`), and a reference exact enough to
 * measure against.
 *
 * - `ulpDistance` / `expectWithinUlp` / `expectIdentical`: comparisons of
 *   float64 results that report the worst element with its input.
 * - `Big` and the `exact*` functions: a small binary big-float on BigInt
 *   (about 200 significant bits, unbounded exponent) and the activation, row
 *   and product functions evaluated in it, rounded once to the nearest double.
 *   With 200 bits the reference is off by far less than 2^-100 ULP, so "within
 *   2 ULP of it" means within 2 ULP of the true value. Plain TypeScript: no
 *   python or mpmath at test time. (Checked against numpy's exp, expm1 and
 *   tanh validation data in 20.activations, and against mpmath at 400 bits
 *   when it was written.)
 */
import { expect } from 'chai';

// ---------------------------------------------------------------------------
// Bits and ULP distance

const scratch = new Float64Array(1);
const scratchSigned = new BigInt64Array(scratch.buffer);
const scratchUnsigned = new BigUint64Array(scratch.buffer);
const SIGN_MASK = 0x7fff_ffff_ffff_ffffn;

/** The IEEE-754 bit pattern of `x` as 16 hex digits, for failure messages. */
export function bitsHex(x: number): string {
  scratch[0] = x;
  return `0x${scratchUnsigned[0].toString(16).padStart(16, '0')}`;
}

/** The double whose bit pattern is `bits` (as written in numpy's validation CSVs). */
export function fromBits(bits: bigint): number {
  scratchUnsigned[0] = bits;
  return scratch[0];
}

/**
 * The double's position on one integer line where neighbouring doubles are
 * one apart: negative doubles mirror the positive ones, and -0 and +0 both
 * sit at 0.
 */
function orderedBits(x: number): bigint {
  scratch[0] = x;
  const bits = scratchSigned[0];
  return bits < 0n ? -(bits & SIGN_MASK) : bits;
}

/**
 * How many representable doubles apart `a` and `b` are (numpy's nulp_diff):
 * 0 for -0 and +0, 0 for two NaNs, Infinity for a NaN and a number, and 1
 * between the largest finite double and Infinity.
 */
export function ulpDistance(a: number, b: number): number {
  const nanA = Number.isNaN(a);
  const nanB = Number.isNaN(b);
  if (nanA || nanB) return nanA && nanB ? 0 : Infinity;
  const d = orderedBits(a) - orderedBits(b);
  return Number(d < 0n ? -d : d);
}

const scratch32 = new Float32Array(1);
const scratch32Signed = new Int32Array(scratch32.buffer);

/** The float32 `x` (a double holding a float32 value) on float32's integer line, as orderedBits does for doubles. */
function orderedBits32(x: number): number {
  scratch32[0] = x;
  const bits = scratch32Signed[0];
  return bits < 0 ? -(bits & 0x7fff_ffff) : bits;
}

/**
 * How many float32 values apart `a` and `b` are, for two numbers that hold
 * float32 values (numpy's nulp_diff on float32 arrays): the same rules as
 * ulpDistance, with float32's spacing (2^-149 among its subnormals, 1 between
 * its largest finite value and Infinity). Throws when either is not a float32
 * value: measuring a double in float32 ULP would hide a result that was never
 * rounded to float32.
 */
export function ulpDistance32(a: number, b: number): number {
  const nanA = Number.isNaN(a);
  const nanB = Number.isNaN(b);
  if (nanA || nanB) return nanA && nanB ? 0 : Infinity;
  for (const v of [a, b]) {
    if (Math.fround(v) !== v) throw new RangeError(`ulpDistance32: ${describeDouble(v)} is not a float32 value`);
  }
  return Math.abs(orderedBits32(a) - orderedBits32(b));
}

/** The float32 `x` with its 8 hex digits of float32 bits, for failure messages. */
export function describeFloat32(x: number): string {
  scratch32[0] = x;
  const text = Object.is(x, -0) ? '-0' : String(x);
  return `${text} (float32 0x${(scratch32Signed[0] >>> 0).toString(16).padStart(8, '0')})`;
}

/** `x` with its bit pattern, enough to reproduce a failure exactly. */
export function describeDouble(x: number): string {
  const text = Object.is(x, -0) ? '-0' : String(x);
  return `${text} (${bitsHex(x)})`;
}

/** Where a comparison came from, for its failure message. */
export interface Context {
  /** What was computed, e.g. `sigmoid on 3000 random inputs`. */
  label: string;
  /** The inputs element i was computed from, reported beside the worst element. */
  inputs?: ArrayLike<number> | ((index: number) => string);
}

type Values = Float64Array | Float32Array | number;

function asArray(values: Values): Float64Array | Float32Array {
  return typeof values === 'number' ? Float64Array.of(values) : values;
}

function describeInput(context: Context, index: number): string {
  const { inputs } = context;
  if (inputs === undefined) return '';
  if (typeof inputs === 'function') return `input ${inputs(index)}, `;
  return `input ${describeDouble(inputs[index])}, `;
}

function asContext(context: string | Context): Context {
  return typeof context === 'string' ? { label: context } : context;
}

/**
 * Asserts that every element of `actual` is within `maxUlp` ULP of the same
 * element of `expected` (NaN matches only NaN). `maxUlp` may give one bound per
 * element. On failure the message names the worst element (the one furthest
 * beyond its bound): its index, its input, both values with their bits, the
 * distance and the bound, plus how many elements were out of bounds.
 */
export function expectWithinUlp(actual: Values, expected: Values, maxUlp: number | ArrayLike<number>, context: string | Context): void {
  expectWithin(actual, expected, maxUlp, context, ulpDistance, describeDouble, 'ULP');
}

/**
 * expectWithinUlp for float32 results: distances in float32 ULP
 * (ulpDistance32), values shown with their float32 bits. `expected` must hold
 * float32 values (e.g. a 200-bit reference rounded with the *32 functions).
 */
export function expectWithinUlp32(actual: Values, expected: Values, maxUlp: number | ArrayLike<number>, context: string | Context): void {
  expectWithin(actual, expected, maxUlp, context, ulpDistance32, describeFloat32, 'float32 ULP');
}

function expectWithin(
  actual: Values,
  expected: Values,
  maxUlp: number | ArrayLike<number>,
  context: string | Context,
  distance: (a: number, b: number) => number,
  describe: (x: number) => string,
  unit: string,
): void {
  const ctx = asContext(context);
  const a = asArray(actual);
  const e = asArray(expected);
  expect(a.length, `${ctx.label}: length of the result`).to.equal(e.length);
  const bound = (i: number) => (typeof maxUlp === 'number' ? maxUlp : maxUlp[i]);
  let worst = -1;
  let worstExcess = -Infinity;
  let failures = 0;
  for (let i = 0; i < a.length; i++) {
    const excess = distance(a[i], e[i]) - bound(i);
    if (excess > 0) failures++;
    if (excess > worstExcess) {
      worstExcess = excess;
      worst = i;
    }
  }
  if (failures > 0) {
    const bounds = typeof maxUlp === 'number' ? `${maxUlp} ${unit}` : 'their bounds';
    expect.fail(
      `${ctx.label}: ${failures} of ${a.length} elements are more than ${bounds} from the reference; ` +
        `worst at index ${worst}: ${describeInput(ctx, worst)}actual ${describe(a[worst])}, ` +
        `expected ${describe(e[worst])}, ${distance(a[worst], e[worst])} ${unit} apart (bound ${bound(worst)})`,
    );
  }
}

/**
 * Asserts bit-for-bit agreement up to NaN payloads: Object.is on every element,
 * so -0 differs from +0 and NaN matches NaN. For results that must be exact.
 */
export function expectIdentical(actual: Values, expected: Values, context: string | Context): void {
  const ctx = asContext(context);
  const a = asArray(actual);
  const e = asArray(expected);
  expect(a.length, `${ctx.label}: length of the result`).to.equal(e.length);
  let failures = 0;
  let first = -1;
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], e[i])) {
      failures++;
      if (first < 0) first = i;
    }
  }
  if (failures > 0) {
    expect.fail(
      `${ctx.label}: ${failures} of ${a.length} elements differ from the exact result; ` +
        `first at index ${first}: ${describeInput(ctx, first)}actual ${describeDouble(a[first])}, expected ${describeDouble(e[first])}`,
    );
  }
}

/** The largest subnormal step, 2^-1074: below 2^-1022 a ULP is this absolute amount. */
export const SUBNORMAL_ULP = 5e-324;
/** The smallest normal double, 2^-1022. */
export const MIN_NORMAL = 2.2250738585072014e-308;

// ---------------------------------------------------------------------------
// Big: m * 2^e with |m| kept to PRECISION bits

/** Significant bits kept by every Big operation. */
const PRECISION = 200;

/** The value m * 2^e. Zero is m = 0n. */
export interface Big {
  readonly m: bigint;
  readonly e: number;
}

const ZERO: Big = { m: 0n, e: 0 };

function bitLength(m: bigint): number {
  // m > 0. Via hex: BigInt has no clz, and toString(16) is fast.
  const hex = m.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0], 16)));
}

function abs(m: bigint): bigint {
  return m < 0n ? -m : m;
}

/** Rounds |m| to PRECISION bits (to nearest). */
function normalize(m: bigint, e: number): Big {
  if (m === 0n) return ZERO;
  const negative = m < 0n;
  const a = negative ? -m : m;
  const length = bitLength(a);
  if (length <= PRECISION) return { m, e };
  const shift = length - PRECISION;
  let q = a >> BigInt(shift);
  const rem = a - (q << BigInt(shift));
  const half = 1n << BigInt(shift - 1);
  if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  return { m: negative ? -q : q, e: e + shift };
}

/** The exponent just above the top bit: |x| lies in [2^(top-1), 2^top). */
function top(x: Big): number {
  return x.e + bitLength(abs(x.m));
}

export function bigFromInt(n: number): Big {
  return normalize(BigInt(n), 0);
}

/** The double `x` exactly (finite `x` only). */
export function bigFromDouble(x: number): Big {
  if (!Number.isFinite(x)) throw new RangeError(`bigFromDouble: ${x} is not finite`);
  scratch[0] = x;
  const bits = scratchUnsigned[0];
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xf_ffff_ffff_ffffn;
  const negative = bits >> 63n === 1n;
  const m = exponent === 0 ? fraction : fraction | (1n << 52n);
  const e = exponent === 0 ? -1074 : exponent - 1075;
  return normalize(negative ? -m : m, e);
}

export function bigNeg(a: Big): Big {
  return { m: -a.m, e: a.e };
}

export function bigAdd(a: Big, b: Big): Big {
  if (a.m === 0n) return b;
  if (b.m === 0n) return a;
  // A term more than PRECISION bits below the other cannot change the rounded sum.
  const ta = top(a);
  const tb = top(b);
  if (ta - tb > PRECISION + 4) return a;
  if (tb - ta > PRECISION + 4) return b;
  const e = Math.min(a.e, b.e);
  return normalize((a.m << BigInt(a.e - e)) + (b.m << BigInt(b.e - e)), e);
}

export function bigSub(a: Big, b: Big): Big {
  return bigAdd(a, bigNeg(b));
}

export function bigMul(a: Big, b: Big): Big {
  return normalize(a.m * b.m, a.e + b.e);
}

export function bigDiv(a: Big, b: Big): Big {
  if (b.m === 0n) throw new RangeError('bigDiv: division by zero');
  if (a.m === 0n) return ZERO;
  // Enough quotient bits that truncating the division costs < 2^-(PRECISION+1).
  const shift = Math.max(0, PRECISION + 2 + bitLength(abs(b.m)) - bitLength(abs(a.m)));
  return normalize((a.m << BigInt(shift)) / b.m, a.e - shift - b.e);
}

/** a * 2^k, exactly. */
export function bigScale(a: Big, k: number): Big {
  return { m: a.m, e: a.e + k };
}

/** The square root of a >= 0. */
export function bigSqrt(a: Big): Big {
  if (a.m < 0n) throw new RangeError('bigSqrt: negative argument');
  if (a.m === 0n) return ZERO;
  let shift = 2 * PRECISION + 4 - bitLength(a.m);
  if ((a.e - shift) % 2 !== 0) shift++;
  const n = a.m << BigInt(shift);
  // Newton's method on integers, from above.
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) break;
    x = y;
  }
  return normalize(x, (a.e - shift) / 2);
}

/** 2^q as a double, built from its bits so no library rounding is involved (-1074 <= q <= 1023). */
function powerOfTwo(q: number): number {
  if (q >= -1022) return fromBits(BigInt(q + 1023) << 52n);
  return fromBits(1n << BigInt(q + 1074));
}

/** A binary floating-point format: significand bits (with the implicit one), largest exponent, and the exponent of its smallest subnormal. */
interface Format {
  readonly precision: number;
  readonly maxExponent: number;
  readonly minQuantum: number;
}

const DOUBLE: Format = { precision: 53, maxExponent: 1023, minQuantum: -1074 };
const FLOAT32: Format = { precision: 24, maxExponent: 127, minQuantum: -149 };

/** `a` rounded once to the nearest value of `format` (ties to even), subnormals and overflow included, as a double. */
function bigRound(a: Big, format: Format): number {
  if (a.m === 0n) return 0;
  const negative = a.m < 0n;
  const m = negative ? -a.m : a.m;
  const exponent = a.e + bitLength(m) - 1; // of the top bit
  if (exponent > format.maxExponent) return negative ? -Infinity : Infinity;
  // The value of the last bit kept: `precision` bits for normal results, fewer among the subnormals.
  const quantum = Math.max(exponent - (format.precision - 1), format.minQuantum);
  const shift = quantum - a.e;
  let n: bigint;
  if (shift <= 0) {
    n = m << BigInt(-shift);
  } else {
    n = m >> BigInt(shift);
    const rem = m - (n << BigInt(shift));
    const half = 1n << BigInt(shift - 1);
    if (rem > half || (rem === half && (n & 1n) === 1n)) n += 1n;
  }
  // n <= 2^precision and n * 2^quantum is exact in a double (or overflows to Infinity): one exact product.
  let magnitude = Number(n) * powerOfTwo(quantum);
  // Rounding up may have carried to 2^(maxExponent+1): past the format's largest value, so Infinity.
  if (magnitude >= 2 ** (format.maxExponent + 1)) magnitude = Infinity;
  return negative ? -magnitude : magnitude;
}

/** `a` rounded to the nearest double (ties to even), subnormals and overflow included. */
export function bigToDouble(a: Big): number {
  return bigRound(a, DOUBLE);
}

/**
 * `a` rounded once to the nearest float32 (ties to even; float32 subnormals
 * and overflow included), returned as the double holding it. Rounded from the
 * 200-bit value itself: Math.fround(bigToDouble(a)) rounds twice and can land
 * one float32 ULP off when the double sits on a float32 midpoint.
 */
export function bigToFloat32(a: Big): number {
  return bigRound(a, FLOAT32);
}

/** How a reference result is rounded: to a double or to a float32. */
type Round = (a: Big) => number;

// ---------------------------------------------------------------------------
// exp and expm1 in Big

const ONE = bigFromInt(1);
const TWO = bigFromInt(2);

/** ln 2 to PRECISION bits: 2 atanh(1/3) = sum 2 / ((2k+1) 3^(2k+1)), in fixed point. */
const LN2: Big = (() => {
  const fractionBits = PRECISION + 60;
  const unit = 1n << BigInt(fractionBits);
  let sum = 0n;
  let power = 3n;
  for (let k = 0n; ; k++) {
    const term = (2n * unit) / ((2n * k + 1n) * power);
    if (term === 0n) break;
    sum += term;
    power *= 9n;
  }
  return normalize(sum, -fractionBits);
})();

/** e^s - 1 for |s| <= 0.5: Taylor series on s / 2^8, then expm1(2t) = expm1(t) (2 + expm1(t)) eight times (no cancellation). */
function expm1Small(s: Big): Big {
  if (s.m === 0n) return ZERO;
  const halvings = 8;
  const t = bigScale(s, -halvings);
  let sum = t;
  let term = t;
  for (let n = 2; ; n++) {
    term = bigDiv(bigMul(term, t), bigFromInt(n));
    if (term.m === 0n || top(term) < top(sum) - PRECISION - 8) break;
    sum = bigAdd(sum, term);
  }
  for (let i = 0; i < halvings; i++) sum = bigMul(sum, bigAdd(sum, TWO));
  return sum;
}

/**
 * e^x as k and u with e^x = 2^k (1 + u), where |u| < 0.5. Arguments below
 * -10^6 (only reached by softmax of rows spanning more than the double range)
 * give a value far below the smallest double.
 */
function expParts(x: Big): { k: number; u: Big } {
  const approx = bigToDouble(x);
  if (approx > 1e6) throw new RangeError(`exact exp: argument ${approx} is out of range`);
  if (approx < -1e6) return { k: -1e7, u: ZERO };
  if (Math.abs(approx) <= 0.5) return { k: 0, u: expm1Small(x) };
  const k = Math.round(approx / Math.LN2);
  return { k, u: expm1Small(bigSub(x, bigMul(bigFromInt(k), LN2))) };
}

export function bigExp(x: Big): Big {
  const { k, u } = expParts(x);
  return bigScale(bigAdd(ONE, u), k);
}

/** e^x - 1, accurate near 0 (no cancellation). */
export function bigExpm1(x: Big): Big {
  const { k, u } = expParts(x);
  if (k === 0) return u;
  return bigSub(bigScale(bigAdd(ONE, u), k), ONE);
}

// ---------------------------------------------------------------------------
// The functions under test, exact to the last bit (then rounded once)

/** e^x correctly rounded (checks the Big exp against numpy's validation data). */
export function exactExp(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x === -Infinity) return 0;
  if (x > 710) return Infinity;
  if (x < -746) return 0;
  return bigToDouble(bigExp(bigFromDouble(x)));
}

/** e^x - 1 correctly rounded. */
export function exactExpm1(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity || x > 710) return Infinity;
  if (x === -Infinity) return -1;
  if (x === 0) return x;
  return bigToDouble(bigExpm1(bigFromDouble(x)));
}

/** 1 / (1 + e^-x) rounded by `round`; NaN -> NaN, +Inf -> 1, -Inf -> 0. */
function sigmoidRounded(x: number, round: Round): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 1;
  // Beyond -10^6 the true value is below 2^-10^6: 0 however it is rounded.
  if (x === -Infinity || x < -1e6) return 0;
  return round(bigDiv(ONE, bigAdd(ONE, bigExp(bigFromDouble(-x)))));
}

/** sigma(x) (1 - sigma(x)) = e / (1 + e)^2 with e = e^-|x|, rounded by `round`; +-Inf -> 0. */
function sigmoidDerivativeRounded(x: number, round: Round): number {
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x)) return 0;
  const e = bigExp(bigFromDouble(-Math.abs(x)));
  const q = bigAdd(ONE, e);
  return round(bigDiv(e, bigMul(q, q)));
}

/** tanh(x) = -expm1(-2|x|) / (2 + expm1(-2|x|)) with x's sign, rounded by `round`; keeps -0. */
function tanhRounded(x: number, round: Round): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 1;
  if (x === -Infinity) return -1;
  if (x === 0) return x;
  // 1 - tanh(22) < 2^-62: the rounded result is +-1 in either format (and -2|x| could overflow).
  if (Math.abs(x) > 22) return Math.sign(x);
  const t = bigExpm1(bigFromDouble(-2 * Math.abs(x)));
  const magnitude = round(bigDiv(bigNeg(t), bigAdd(TWO, t)));
  return x < 0 ? -magnitude : magnitude;
}

/** 1 - tanh(x)^2 = 4e / (1 + e)^2 with e = e^-2|x|, rounded by `round`; +-Inf -> 0. */
function tanhDerivativeRounded(x: number, round: Round): number {
  if (Number.isNaN(x)) return NaN;
  // Beyond 10^6 the true value is below 2^-10^6 (and -2|x| could overflow).
  if (!Number.isFinite(x) || Math.abs(x) > 1e6) return 0;
  const e = bigExp(bigFromDouble(-2 * Math.abs(x)));
  const q = bigAdd(ONE, e);
  return round(bigDiv(bigScale(e, 2), bigMul(q, q)));
}

/** softmax of one row of finite values, each element rounded by `round`. */
function softmaxRounded(row: ArrayLike<number>, round: Round): Float64Array {
  const values = Array.from(row, bigFromDouble);
  let max = -Infinity;
  for (let j = 0; j < row.length; j++) max = Math.max(max, row[j]);
  const shift = bigFromDouble(max);
  const exps = values.map((v) => bigExp(bigSub(v, shift)));
  const sum = exps.reduce(bigAdd, ZERO);
  return Float64Array.from(exps, (e) => round(bigDiv(e, sum)));
}

/** One row of finite values divided by its L2 norm, each element rounded by `round`. */
function normalizeRounded(row: ArrayLike<number>, round: Round): Float64Array {
  const values = Array.from(row, bigFromDouble);
  const sumOfSquares = values.reduce((s, v) => bigAdd(s, bigMul(v, v)), ZERO);
  if (sumOfSquares.m === 0n) return Float64Array.from(row);
  const norm = bigSqrt(sumOfSquares);
  return Float64Array.from(values, (v) => round(bigDiv(v, norm)));
}

// Correctly rounded doubles (one argument each, so that they can be passed to Float64Array.map).
export const exactSigmoid = (x: number): number => sigmoidRounded(x, bigToDouble);
export const exactSigmoidDerivative = (x: number): number => sigmoidDerivativeRounded(x, bigToDouble);
export const exactTanh = (x: number): number => tanhRounded(x, bigToDouble);
export const exactTanhDerivative = (x: number): number => tanhDerivativeRounded(x, bigToDouble);
export const exactSoftmax = (row: ArrayLike<number>): Float64Array => softmaxRounded(row, bigToDouble);
export const exactNormalize = (row: ArrayLike<number>): Float64Array => normalizeRounded(row, bigToDouble);

/**
 * The same functions correctly rounded to float32 (returned as the doubles
 * holding them), by public function name: the 200-bit value rounded once.
 */
export const exact32 = {
  sigmoid: (x: number): number => sigmoidRounded(x, bigToFloat32),
  sigmoidDerivative: (x: number): number => sigmoidDerivativeRounded(x, bigToFloat32),
  tanh: (x: number): number => tanhRounded(x, bigToFloat32),
  tanhDerivative: (x: number): number => tanhDerivativeRounded(x, bigToFloat32),
  softmax: (row: ArrayLike<number>): Float64Array => softmaxRounded(row, bigToFloat32),
  normalizeRows: (row: ArrayLike<number>): Float64Array => normalizeRounded(row, bigToFloat32),
} as const;

/** The L2 norm of a row of finite values, correctly rounded. */
export function exactNorm(row: ArrayLike<number>): number {
  const sumOfSquares = Array.from(row, bigFromDouble).reduce((s, v) => bigAdd(s, bigMul(v, v)), ZERO);
  return bigToDouble(bigSqrt(sumOfSquares));
}

/** The sum of the elements of a row, correctly rounded (the products of doubles are exact in Big). */
export function exactSum(row: ArrayLike<number>): number {
  return bigToDouble(Array.from(row, bigFromDouble).reduce(bigAdd, ZERO));
}

/** sum a[i] b[i] correctly rounded, for finite inputs. */
export function exactDot(a: ArrayLike<number>, b: ArrayLike<number>, n = a.length, strideA = 1, strideB = 1, offsetA = 0, offsetB = 0): number {
  let sum = ZERO;
  for (let i = 0; i < n; i++) {
    sum = bigAdd(sum, bigMul(bigFromDouble(a[offsetA + i * strideA]), bigFromDouble(b[offsetB + i * strideB])));
  }
  return bigToDouble(sum);
}
