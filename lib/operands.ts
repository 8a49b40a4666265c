/**
 * Turning public arguments into plain data for one native call, and results
 * back into the kind the caller gave: number -> number, Float64Array or
 * Float32Array -> the same typed array, NDArray or nested arrays -> NDArray;
 * and the result's dtype from the operands' (lib/dtype.ts).
 */
import { NDArray } from './ndarray';
import { readNested, type NestedArray } from './nested';
import { argName, blaskitRangeError, blaskitTypeError, describeValue, describeShape, formatShape, invalidType } from './errors';
import { allocateResult, checkNotDetached, overlaps, realLength, sameView, trustedView } from './buffers';
import { arrayType, dtypeOf, isFloatArray, promote, type DType, type FloatArray } from './dtype';
import { shapeSize } from './shape';

/** Anything a blaskit function takes as an array argument. */
export type ArrayInput = FloatArray | NDArray<FloatArray> | NestedArray;
/** Anything a blaskit function takes as an operand. */
export type Input = number | ArrayInput;
/** What can receive a result. */
export type Out = FloatArray | NDArray<FloatArray>;

/** How rich an input is; with two inputs the richer kind decides the result's kind. */
export const Kind = { Number: 0, TypedArray: 1, NDArray: 2 } as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

/** An argument read and checked: its elements (borrowed, never copied unless nested) and shape. */
export interface Operand {
  readonly kind: Kind;
  readonly data: FloatArray;
  readonly shape: readonly number[];
  /** The dtype of an array; undefined for a number, which takes the other operands' (NEP 50). */
  readonly dtype: DType | undefined;
}

export const INPUT_KINDS = 'a number, Float64Array, Float32Array, NDArray or nested array of numbers';

/**
 * Reads one operand.
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE for any other kind (strings, booleans, null, other typed arrays, ...).
 * @throws {TypeError} ERR_BLASKIT_DETACHED for memory that was transferred away.
 */
export function readOperand(fn: string, arg: string, value: unknown): Operand {
  if (typeof value === 'number') {
    return { kind: Kind.Number, data: Float64Array.of(value), shape: [], dtype: undefined };
  }
  if (isFloatArray(value)) {
    checkNotDetached(fn, arg, value);
    const data = trustedView(value);
    return { kind: Kind.TypedArray, data, shape: [data.length], dtype: dtypeOf(data) };
  }
  if (NDArray.isNDArray(value)) {
    checkNDArrayMemory(fn, arg, value);
    return { kind: Kind.NDArray, data: value.data, shape: value.shape, dtype: value.dtype };
  }
  if (Array.isArray(value)) {
    // Nested JS arrays hold JS numbers, i.e. doubles: float64, as np.array reads Python floats.
    const { data, shape } = readNested(fn, arg, value);
    return { kind: Kind.NDArray, data, shape, dtype: 'float64' };
  }
  throw invalidType(fn, arg, INPUT_KINDS, value);
}

/**
 * The dtype of a result computed from `operands`: float32 when every array
 * among them is float32, else float64 (a number alone included).
 */
export function resultDType(...operands: Operand[]): DType {
  return promote(...operands.map((operand) => operand.dtype));
}

/**
 * `operand`'s elements as `dtype`: borrowed when they already are; else a
 * copy, exact for a float32 array widened to float64, and for a number beside
 * float32 arrays rounded to float32 first (NEP 50: the scalar takes the
 * arrays' dtype, as numpy 2 does with `float32_array * 0.1`).
 */
export function operandData(operand: Operand, dtype: DType): FloatArray {
  if (dtypeOf(operand.data) === dtype) return operand.data;
  // A loop over the real length, not TypedArray.from: a view pushed out of
  // bounds by a shrunk resizable buffer reads as empty here, as it does on the
  // float64 path, where `from` would throw V8's uncoded TypeError.
  const source = operand.data;
  const length = realLength(source);
  const copy = new (arrayType(dtype))(length);
  for (let i = 0; i < length; i++) copy[i] = source[i];
  return copy;
}

/** An NDArray's data can shrink under it (detached or resized buffer): re-check before trusting its shape. */
function checkNDArrayMemory(fn: string, arg: string, value: NDArray<FloatArray>): void {
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
  if (isFloatArray(out)) {
    checkNotDetached(fn, 'options.out', out);
    return out;
  }
  if (NDArray.isNDArray(out)) {
    checkNDArrayMemory(fn, 'options.out', out);
    return out;
  }
  throw invalidType(fn, 'options.out', 'a Float64Array, Float32Array or NDArray', out);
}

/** Where a result goes: `data` to fill, then `result()` is what the function returns. */
export interface Destination {
  readonly data: FloatArray;
  /** True when `data` is fresh memory only blaskit can reach until `result()` hands it out. */
  readonly fresh: boolean;
  result(): unknown;
}

/**
 * How messages name an `out` holding `data`: `a Float32Array of length 4`,
 * `a 2-D array of shape (2,2)`, or with `dtype`, `a float64 NDArray of shape (2,2)`.
 */
function describeOut(out: Out, data: FloatArray, dtype: boolean): string {
  if (NDArray.isNDArray(out)) return dtype ? `a ${out.dtype} NDArray of shape ${formatShape(out.shape)}` : describeShape(out.shape);
  return `a ${dtypeOf(data) === 'float32' ? 'Float32Array' : 'Float64Array'} of length ${data.length}`;
}

/**
 * The destination of a result of `shape` and `dtype`: the caller's `out`
 * (which must be of exactly that dtype and hold exactly as many elements) or
 * fresh memory wrapped in the kind of `kind`. A result of more than one
 * dimension is always an NDArray.
 * @throws {TypeError} ERR_BLASKIT_DTYPE for an `out` of another dtype
 * @throws {RangeError} ERR_BLASKIT_OUT_SIZE, ERR_BLASKIT_TOO_LARGE
 */
export function destination(fn: string, out: Out | undefined, kind: Kind, shape: readonly number[], dtype: DType): Destination {
  const size = shapeSize(shape);
  if (out !== undefined) {
    const data = NDArray.isNDArray(out) ? out.data : trustedView(out);
    if (dtypeOf(data) !== dtype) {
      const expected = dtype === 'float32' ? 'float32 (a Float32Array or float32 NDArray)' : 'float64 (a Float64Array or float64 NDArray)';
      throw blaskitTypeError('ERR_BLASKIT_DTYPE', `${fn}: expected option 'out' to be ${expected}, received ${describeOut(out, data, true)}`);
    }
    if (data.length !== size) {
      throw blaskitRangeError('ERR_BLASKIT_OUT_SIZE', `${fn}: expected option 'out' to hold ${size} elements (the result's shape is ${formatShape(shape)}), received ${describeOut(out, data, false)}`);
    }
    return { data, fresh: false, result: () => out };
  }
  const data = allocateResult(fn, size, shape, dtype);
  if (kind === Kind.Number && shape.length === 0) return { data, fresh: true, result: () => data[0] };
  if (kind === Kind.TypedArray && shape.length === 1) return { data, fresh: true, result: () => data };
  return { data, fresh: true, result: () => new NDArray(data, shape) };
}

/** Arrays of float32 elements: what keeps a result float32. */
type Float32Like = Float32Array | NDArray<Float32Array>;

/** The typed array of the result of operands `A` and `B` (a number is `never`: it takes the other's dtype). */
export type CommonArray<A, B = never> = [A | B] extends [number] ? Float64Array : [Exclude<A | B, number>] extends [Float32Like] ? Float32Array : Float64Array;

/** The result type of a one-operand function given an `X`. */
export type ResultOf<X> = X extends number ? number : X extends Float32Array ? Float32Array : X extends Float64Array ? Float64Array : X extends NDArray<Float32Array> ? NDArray<Float32Array> : NDArray;

/**
 * The result type of an elementwise two-operand function: the richer kind
 * wins, and the dtype is float32 only when every array is float32.
 */
export type ResultOf2<A, B> = A extends number
  ? ResultOf<B>
  : B extends number
    ? ResultOf<A>
    : A extends FloatArray
      ? B extends FloatArray
        ? CommonArray<A, B>
        : NDArray<CommonArray<A, B>>
      : NDArray<CommonArray<A, B>>;

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
export function readableAlongside(input: FloatArray, output: FloatArray, sameAllowed: boolean): FloatArray {
  if (!overlaps(input, output)) return input;
  if (sameAllowed && sameView(input, output)) return input;
  return input.slice();
}
