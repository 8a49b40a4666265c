/**
 * The fast path, for the calls programs make in their inner loops: Float64Arrays
 * in, and either no options or `{ out }` holding a Float64Array of the right
 * length. A few inlined checks replace the general argument reading
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
import { allocateResult, isFloat64Array, overlaps, realLength } from './buffers';
import { MAX_JS_BELOW } from './thresholds';

/**
 * x's element count if x is a real Float64Array with elements whose `length`
 * can be trusted, else 0 (then the general path takes the call). The twins
 * loop over `x.length`: an own `length` property, or a prototype other than
 * Float64Array.prototype, may lie about it, and a twin would then compute part
 * of the result and leave the rest zero. Such views go to the general path,
 * which rebuilds them from the real accessors (trustedView).
 */
export function elementCount(x: unknown): number {
  if (!isFloat64Array(x) || Object.getPrototypeOf(x) !== Float64Array.prototype || Object.hasOwn(x, 'length')) return 0;
  return realLength(x);
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
export type Unary = (x: Float64Array, y: Float64Array) => void;
/** A kernel of two arrays of equal length. */
export type Binary = (a: Float64Array, b: Float64Array, y: Float64Array) => void;

// Twin results for an `out` that is not the input itself go here first: the
// input is then read whole before `out` is written, whatever their overlap.
const scratch = new Float64Array(MAX_JS_BELOW);

function copyInto(out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = scratch[i];
}

/** The general path of a call, given the options to read. */
export type General = (options: unknown) => unknown;

/** f(x) or f(x, { out }) for an elementwise or one-row function. */
export function unaryFast(fn: string, x: unknown, options: unknown, below: number, twin: Unary, kernel: Unary, general: General): unknown {
  let out: Float64Array | undefined;
  let rest: unknown;
  if (options !== undefined) {
    const value = readPlainOut(options);
    if (value === NOT_PLAIN) return general(options);
    rest = { out: value };
    if (!isFloat64Array(value)) return general(rest);
    out = value;
  }
  // Counted after reading the options: an `out` getter may have shrunk x.
  const n = elementCount(x);
  if (n === 0) return general(rest);
  const input = x as Float64Array;
  if (out === undefined) {
    const y = allocateResult(fn, n);
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
  let out: Float64Array | undefined;
  let rest: unknown;
  if (options !== undefined) {
    const value = readPlainOut(options);
    if (value === NOT_PLAIN) return general(options);
    rest = { out: value };
    if (!isFloat64Array(value)) return general(rest);
    out = value;
  }
  const n = elementCount(a);
  if (n === 0 || elementCount(b) !== n) return general(rest);
  const left = a as Float64Array;
  const right = b as Float64Array;
  if (out === undefined) {
    const y = allocateResult(fn, n);
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
