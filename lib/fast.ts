/**
 * The fast path, for the calls programs make in their inner loops: Float64Arrays
 * (or Float32Arrays) in, and either no options or `{ out }` holding a typed
 * array of the same type and the right length (mixed types, which need a
 * widened copy, take the general path). A few inlined checks replace the general argument reading
 * (lib/operands.ts), then the work runs in the TypeScript twin (below
 * JS_BELOW, lib/thresholds.ts) or in one lean native call. Anything else —
 * NDArrays, nested arrays, empty or detached arrays, a partially overlapping
 * `out`, unusual options — goes to the general path (`general`), which gives
 * the same results and reports every error. Once `options.out` has been read
 * here, the general path gets `{ out }` with the value read: a getter or
 * Proxy is read once per call, as the general path alone would read it.
 *
 * Why: the general path costs 0.3-1 µs per call (plans, shape arrays,
 * overlap checks that materialise ArrayBuffers), more than a plain-JS loop
 * over a few hundred elements; this one costs tens of nanoseconds.
 */
import { types } from 'node:util';
import { allocateResult, overlaps, realLength } from './buffers';
import type { FloatArray } from './dtype';
import { MAX_JS_BELOW } from './thresholds';

/**
 * x's element count if x is a real Float64Array or Float32Array with
 * elements whose `length` can be trusted, else 0 (then the general path takes
 * the call). The twins loop over `x.length`: an own `length` property, or a
 * prototype other than its type's own (Float64Array.prototype,
 * Float32Array.prototype), may lie about it, and a twin would then compute
 * part of the result and leave the rest zero. Such views go to the general
 * path, which rebuilds them from the real accessors (trustedView).
 */
export function elementCount(x: unknown): number {
  const prototype = types.isFloat64Array(x) ? Float64Array.prototype : types.isFloat32Array(x) ? Float32Array.prototype : undefined;
  if (prototype === undefined || Object.getPrototypeOf(x) !== prototype || Object.hasOwn(x as FloatArray, 'length')) return 0;
  return realLength(x as FloatArray);
}

/**
 * True when `a` and `b`, real Float64Arrays or Float32Arrays, are of the same
 * type: then one kernel of that dtype takes both. (Their internal slots, not
 * their prototypes: elementCount has checked those.)
 */
export function sameType(a: unknown, b: unknown): boolean {
  return types.isFloat32Array(a) === types.isFloat32Array(b);
}

/** Fresh memory of x's dtype for a fast-path result of n elements. */
function resultLike(fn: string, x: FloatArray, n: number): FloatArray {
  return allocateResult(fn, n, undefined, types.isFloat32Array(x) ? 'float32' : 'float64');
}

/** What readPlainOut returns for options it did not read. */
export const NOT_PLAIN = Symbol('not plain options');

/**
 * `options.out`, read once, when `options` is a plain object whose only key
 * is `out`; NOT_PLAIN otherwise (then nothing was read, and the general path
 * reads the options and reports what is wrong with them).
 */
export function readPlainOut(options: unknown): unknown {
  if (typeof options !== 'object' || options === null || Object.getPrototypeOf(options) !== Object.prototype) return NOT_PLAIN;
  let keys = 0;
  for (const key in options) {
    if (key !== 'out') return NOT_PLAIN;
    keys++;
  }
  return keys === 1 ? (options as { out: unknown }).out : NOT_PLAIN;
}

/** A kernel of one array: y[0..x.length) from x (a twin, or the native entry point). */
export type Unary = (x: FloatArray, y: FloatArray) => void;
/** A kernel of two arrays of equal length. */
export type Binary = (a: FloatArray, b: FloatArray, y: FloatArray) => void;

// Twin results for an `out` that is not the input itself go here first: the
// input is then read whole before `out` is written, whatever their overlap.
// A Float64Array for both dtypes: a twin's float64 result, copied into a
// Float32Array `out`, is rounded once there, as the float32 kernels round.
const scratch = new Float64Array(MAX_JS_BELOW);

function copyInto(out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) out[i] = scratch[i];
}

/** The general path of a call, given the options to read. */
export type General = (options: unknown) => unknown;

/** f(x) or f(x, { out }) for an elementwise or one-row function. */
export function unaryFast(fn: string, x: unknown, options: unknown, below: number, twin: Unary, kernel: Unary, general: General): unknown {
  let out: FloatArray | undefined;
  let rest: unknown;
  if (options !== undefined) {
    const value = readPlainOut(options);
    if (value === NOT_PLAIN) return general(options);
    rest = { out: value };
    if (!types.isFloat64Array(value) && !types.isFloat32Array(value)) return general(rest);
    out = value;
  }
  // Counted after reading the options: an `out` getter may have shrunk x.
  const n = elementCount(x);
  if (n === 0 || (out !== undefined && !sameType(x, out))) return general(rest);
  const input = x as FloatArray;
  if (out === undefined) {
    const y = resultLike(fn, input, n);
    (n < below ? twin : kernel)(input, y);
    return y;
  }
  if (realLength(out) !== n) return general(rest);
  if (n < below) {
    if (out === input) {
      twin(input, out);
    } else {
      twin(input, scratch);
      copyInto(out, n);
    }
    return out;
  }
  if (out !== input && overlaps(input, out)) return general(rest);
  kernel(input, out);
  return out;
}

/** f(a, b) or f(a, b, { out }) for two arrays of equal length, elementwise. */
export function binaryFast(fn: string, a: unknown, b: unknown, options: unknown, below: number, twin: Binary, kernel: Binary, general: General): unknown {
  let out: FloatArray | undefined;
  let rest: unknown;
  if (options !== undefined) {
    const value = readPlainOut(options);
    if (value === NOT_PLAIN) return general(options);
    rest = { out: value };
    if (!types.isFloat64Array(value) && !types.isFloat32Array(value)) return general(rest);
    out = value;
  }
  const n = elementCount(a);
  if (n === 0 || elementCount(b) !== n || !sameType(a, b) || (out !== undefined && !sameType(a, out))) return general(rest);
  const left = a as FloatArray;
  const right = b as FloatArray;
  if (out === undefined) {
    const y = resultLike(fn, left, n);
    (n < below ? twin : kernel)(left, right, y);
    return y;
  }
  if (realLength(out) !== n) return general(rest);
  if (n < below) {
    twin(left, right, scratch);
    copyInto(out, n);
    return out;
  }
  if ((out !== left && overlaps(left, out)) || (out !== right && overlaps(right, out))) return general(rest);
  kernel(left, right, out);
  return out;
}
