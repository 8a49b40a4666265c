/**
 * What the float32 tests share: float32 values from their bits, exact
 * widening and rounding of whole arrays, the contract's identity
 * (float32 result = Math.fround(float64 result on the widened input)), and the
 * ERR_BLASKIT_DTYPE error a wrong-dtype `out` must raise.
 */
import { expect } from 'chai';
import { NDArray } from '../../lib/index';
import { expectIdentical, ulpDistance32, type Context } from './ulp';

const scratch32 = new Float32Array(1);
const scratch32Bits = new Uint32Array(scratch32.buffer);

/** The float32 whose bit pattern is `bits` (as numpy's validation CSVs write float32 rows), as a double. */
export function fromBits32(bits: number): number {
  scratch32Bits[0] = bits;
  return scratch32[0];
}

/** The largest finite float32 and the smallest float32 subnormal and normal. */
export const FLT_MAX = 3.4028234663852886e38;
export const FLT_TRUE_MIN = 2 ** -149;
export const FLT_MIN = 2 ** -126;

/** A float32 array's values widened, exactly, into a fresh Float64Array. */
export function widen(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x);
}

/** The data of an array result (Float32Array, Float64Array or NDArray). */
export function dataOf(result: unknown): Float64Array | Float32Array {
  return result instanceof NDArray ? (result.data as Float64Array | Float32Array) : (result as Float64Array | Float32Array);
}

/**
 * The contract for elementwise and row functions: the float32 result is the
 * float64 kernel's result on the widened input, rounded once. `f32` is what
 * the function gave for float32 input, `f64` what it gave for the widened
 * input; both must be arrays of their own dtype.
 */
export function expectRoundedFromFloat64(f32: unknown, f64: unknown, context: string | Context): void {
  const label = typeof context === 'string' ? context : context.label;
  const single = dataOf(f32);
  const double = dataOf(f64);
  expect(single, `${label}: a float32 input gives float32 data`).to.be.instanceOf(Float32Array);
  expect(double, `${label}: the widened input gives float64 data`).to.be.instanceOf(Float64Array);
  expectIdentical(single, Float32Array.from(double), typeof context === 'string' ? `${label}: float32 result vs Math.fround(float64 result)` : { ...context, label: `${label}: float32 result vs Math.fround(float64 result)` });
}

/** How the error message names a received `out`. */
function describeReceived(out: unknown): RegExp {
  if (out instanceof Float64Array || out instanceof Float32Array) return new RegExp(`received an? ${out.constructor.name} of length ${out.length}$`);
  return /received .*NDArray/;
}

/**
 * `call` throws the contract's TypeError for an `out` of the wrong dtype:
 * code ERR_BLASKIT_DTYPE, naming the function, `options.out`, the dtype
 * expected and what was received.
 */
export function expectDtypeError(call: () => unknown, fn: string, expected: 'float32' | 'float64', out: unknown): void {
  let caught: unknown;
  try {
    call();
  } catch (error) {
    caught = error;
  }
  expect(caught, `${fn}: an out of the wrong dtype must throw`).to.be.instanceOf(TypeError);
  const error = caught as TypeError & { code?: string };
  expect(error.code, `${fn}: ${error.message}`).to.equal('ERR_BLASKIT_DTYPE');
  const kind = expected === 'float32' ? 'Float32Array' : 'Float64Array';
  expect(error.message).to.contain(`${fn}: expected option 'out' to be ${expected} (a ${kind} or ${expected} NDArray), `);
  expect(error.message).to.match(describeReceived(out));
}

/** `result` against the correctly rounded float32 `expected`: its maximum float32 ULP error and share correctly rounded, for test titles. */
export function float32ErrorSummary(result: ArrayLike<number>, expected: ArrayLike<number>): string {
  let max = 0;
  let exactCount = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = ulpDistance32(result[i], expected[i]);
    max = Math.max(max, d);
    if (d === 0) exactCount++;
  }
  return `max ${max} ULP, ${((100 * exactCount) / expected.length).toFixed(1)}% correctly rounded`;
}
