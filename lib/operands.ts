/**
 * Turning public arguments into plain data for one native call, and results
 * back into the kind the caller gave: number -> number, Float64Array ->
 * Float64Array, NDArray or nested arrays -> NDArray.
 */
import { NDArray } from './ndarray';
import { readNested, type NestedArray } from './nested';
import { argName, blaskitRangeError, blaskitTypeError, describeValue, describeShape, formatShape, invalidType } from './errors';
import { allocateResult, checkNotDetached, isFloat64Array, overlaps, sameView, trustedView } from './buffers';
import { shapeSize } from './shape';

/** Anything a blaskit function takes as an array argument. */
export type ArrayInput = Float64Array | NDArray | NestedArray;
/** Anything a blaskit function takes as an operand. */
export type Input = number | ArrayInput;
/** What can receive a result. */
export type Out = Float64Array | NDArray;

/** How rich an input is; with two inputs the richer kind decides the result's kind. */
export const Kind = { Number: 0, Float64Array: 1, NDArray: 2 } as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

/** An argument read and checked: its elements (borrowed, never copied unless nested) and shape. */
export interface Operand {
  readonly kind: Kind;
  readonly data: Float64Array;
  readonly shape: readonly number[];
}

export const INPUT_KINDS = 'a number, Float64Array, NDArray or nested array of numbers';

/**
 * Reads one operand.
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE for any other kind (strings, booleans, null, other typed arrays, ...).
 * @throws {TypeError} ERR_BLASKIT_DETACHED for memory that was transferred away.
 */
export function readOperand(fn: string, arg: string, value: unknown): Operand {
  if (typeof value === 'number') {
    return { kind: Kind.Number, data: Float64Array.of(value), shape: [] };
  }
  if (isFloat64Array(value)) {
    checkNotDetached(fn, arg, value);
    const data = trustedView(value);
    return { kind: Kind.Float64Array, data, shape: [data.length] };
  }
  if (NDArray.isNDArray(value)) {
    checkNDArrayMemory(fn, arg, value);
    return { kind: Kind.NDArray, data: value.data, shape: value.shape };
  }
  if (Array.isArray(value)) {
    const { data, shape } = readNested(fn, arg, value);
    return { kind: Kind.NDArray, data, shape };
  }
  throw invalidType(fn, arg, INPUT_KINDS, value);
}

/** An NDArray's data can shrink under it (detached or resized buffer): re-check before trusting its shape. */
function checkNDArrayMemory(fn: string, arg: string, value: NDArray): void {
  checkNotDetached(fn, arg, value.data);
  const expected = shapeSize(value.shape);
  if (value.data.length !== expected) {
    throw blaskitRangeError('ERR_BLASKIT_SHAPE', `${fn}: ${argName(arg)} is an NDArray of shape ${formatShape(value.shape)} whose data now holds ${value.data.length} elements instead of ${expected} (its buffer was resized)`);
  }
}

/** Options every array-returning function takes. */
export interface OutOptions<O extends Out | undefined = Out | undefined> {
  /** Receives the result (same number of elements) and is returned. May be an input for elementwise functions. */
  out?: O;
}

/**
 * Reads `options` and its `out`, rejecting unknown keys so a typo
 * (`{ ouy: buf }`) is not silently ignored. Reading options can run the
 * caller's code (getters, Proxy traps), so the operands already read are
 * checked again afterwards: still attached, still the same length.
 * @throws {TypeError} ERR_BLASKIT_INVALID_OPTION / ERR_BLASKIT_INVALID_TYPE / ERR_BLASKIT_DETACHED
 * @throws {RangeError} ERR_BLASKIT_SHAPE for an operand resized meanwhile
 */
export function readOut(fn: string, options: unknown, operands: Readonly<Record<string, Operand>> = {}): Out | undefined {
  const out = readOutOption(fn, options);
  for (const arg in operands) {
    const operand = operands[arg];
    checkNotDetached(fn, arg, operand.data);
    if (operand.data.length !== shapeSize(operand.shape)) {
      throw blaskitRangeError('ERR_BLASKIT_SHAPE', `${fn}: ${argName(arg)} changed size while the options were read (its buffer was resized)`);
    }
  }
  return out;
}

function readOutOption(fn: string, options: unknown): Out | undefined {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== 'object' || Array.isArray(options) || ArrayBuffer.isView(options)) {
    throw blaskitTypeError('ERR_BLASKIT_INVALID_OPTION', `${fn}: expected argument 'options' to be an object such as { out }, received ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (key !== 'out') {
      throw blaskitTypeError('ERR_BLASKIT_INVALID_OPTION', `${fn}: unknown option '${key}' (the only option is 'out')`);
    }
  }
  const out: unknown = (options as { out?: unknown }).out;
  if (out === undefined) return undefined;
  if (isFloat64Array(out)) {
    checkNotDetached(fn, 'options.out', out);
    return out;
  }
  if (NDArray.isNDArray(out)) {
    checkNDArrayMemory(fn, 'options.out', out);
    return out;
  }
  throw invalidType(fn, 'options.out', 'a Float64Array or NDArray', out);
}

/** Where a result goes: `data` to fill, then `result()` is what the function returns. */
export interface Destination {
  readonly data: Float64Array;
  /** True when `data` is fresh memory only blaskit can reach until `result()` hands it out. */
  readonly fresh: boolean;
  result(): unknown;
}

/**
 * The destination of a result of `shape`: the caller's `out` (which must hold
 * exactly as many elements) or fresh memory wrapped in the kind of `kind`.
 * A result of more than one dimension is always an NDArray.
 * @throws {RangeError} ERR_BLASKIT_OUT_SIZE, ERR_BLASKIT_TOO_LARGE
 */
export function destination(fn: string, out: Out | undefined, kind: Kind, shape: readonly number[]): Destination {
  const size = shapeSize(shape);
  if (out !== undefined) {
    const data = NDArray.isNDArray(out) ? out.data : trustedView(out);
    if (data.length !== size) {
      const what = NDArray.isNDArray(out) ? describeShape(out.shape) : `a Float64Array of length ${data.length}`;
      throw blaskitRangeError('ERR_BLASKIT_OUT_SIZE', `${fn}: expected option 'out' to hold ${size} elements (the result's shape is ${formatShape(shape)}), received ${what}`);
    }
    return { data, fresh: false, result: () => out };
  }
  const data = allocateResult(fn, size, shape);
  if (kind === Kind.Number && shape.length === 0) return { data, fresh: true, result: () => data[0] };
  if (kind === Kind.Float64Array && shape.length === 1) return { data, fresh: true, result: () => data };
  return { data, fresh: true, result: () => new NDArray(data, shape) };
}

/** The result type of a one-operand function given an `X`. */
export type ResultOf<X> = X extends number ? number : X extends Float64Array ? Float64Array : NDArray;

/** The result type of an elementwise two-operand function: the richer kind wins. */
export type ResultOf2<A, B> = A extends number
  ? ResultOf<B>
  : B extends number
    ? ResultOf<A>
    : A extends Float64Array
      ? B extends Float64Array
        ? Float64Array
        : NDArray
      : NDArray;

/** The richer of two kinds. */
export function richerKind(a: Operand, b: Operand): Kind {
  return a.kind > b.kind ? a.kind : b.kind;
}

/**
 * `input` itself when a kernel may read it while writing `output` (disjoint, or
 * the very same elements when `sameAllowed`); otherwise a private copy, so
 * that a partially overlapping `out` cannot corrupt the input mid-pass (the
 * approach of numpy's is_mem_overlap checks).
 */
export function readableAlongside(input: Float64Array, output: Float64Array, sameAllowed: boolean): Float64Array {
  if (!overlaps(input, output)) return input;
  if (sameAllowed && sameView(input, output)) return input;
  return input.slice();
}
