/**
 * dtypes: float64 (the default) and float32, and the rule that gives a
 * result's dtype from its operands' (numpy 2's promotion with NEP 50 for
 * Python scalars, restricted to these two).
 */
import { types } from 'node:util';
import { blaskitRangeError, blaskitTypeError, describeValue } from './errors';

/** The element types blaskit computes in. */
export type DType = 'float64' | 'float32';

/** The typed arrays of those dtypes. */
export type FloatArray = Float64Array | Float32Array;

/** The dtype of a typed array type: 'float32' for Float32Array, else 'float64'. */
export type DTypeOf<T extends FloatArray> = T extends Float32Array ? 'float32' : 'float64';

/** The typed array type of a dtype. */
export type ArrayOf<D extends DType> = D extends 'float32' ? Float32Array : Float64Array;

/**
 * A real Float64Array or Float32Array (by its internal slot, as V8 sees it).
 * `instanceof` is not enough: a Proxy of one or Object.create(Float64Array.prototype)
 * passes it and then throws from every typed-array getter.
 */
export function isFloatArray(value: unknown): value is FloatArray {
  return types.isFloat64Array(value) || types.isFloat32Array(value);
}

/** The dtype of a real Float64Array or Float32Array (its internal slot, not its prototype). */
export function dtypeOf(view: FloatArray): DType {
  return types.isFloat32Array(view) ? 'float32' : 'float64';
}

/** The constructor of a dtype's arrays. */
export function arrayType(dtype: DType): Float64ArrayConstructor | Float32ArrayConstructor {
  return dtype === 'float32' ? Float32Array : Float64Array;
}

/**
 * The dtype of a result computed from arrays of `dtypes` (undefined for a
 * number, which does not take part: NEP 50): float32 when every array is
 * float32, float64 when any is float64 or when there is no array at all.
 */
export function promote(...dtypes: (DType | undefined)[]): DType {
  let result: DType | undefined;
  for (const dtype of dtypes) {
    if (dtype === 'float64') return 'float64';
    if (dtype === 'float32') result = 'float32';
  }
  return result ?? 'float64';
}

/**
 * `data` as `dtype`: itself when it already is, else a converted copy
 * (widening float32 to float64 is exact; narrowing rounds each element to
 * nearest, as `Math.fround` and numpy's astype do).
 */
export function asDType(data: FloatArray, dtype: DType): FloatArray {
  return dtypeOf(data) === dtype ? data : arrayType(dtype).from(data);
}

const DTYPE_LIST = "'float64' or 'float32'";

/**
 * Reads a `dtype` option.
 * @throws {TypeError} ERR_BLASKIT_INVALID_OPTION for a value that is not a string
 * @throws {RangeError} ERR_BLASKIT_INVALID_OPTION for a string that names no dtype blaskit has
 */
export function readDType(fn: string, value: unknown): DType | undefined {
  if (value === undefined) return undefined;
  if (value === 'float64' || value === 'float32') return value;
  const message = `${fn}: expected option 'dtype' to be ${DTYPE_LIST}, received ${describeValue(value)}`;
  if (typeof value !== 'string') throw blaskitTypeError('ERR_BLASKIT_INVALID_OPTION', message);
  throw blaskitRangeError('ERR_BLASKIT_INVALID_OPTION', message);
}

/**
 * Reads `{ dtype }` options (array, format), rejecting anything else: a typo
 * such as `{ dtpye }` is not ignored.
 * @throws {TypeError|RangeError} ERR_BLASKIT_INVALID_OPTION
 */
export function readDTypeOptions(fn: string, options: unknown): DType | undefined {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== 'object' || Array.isArray(options) || ArrayBuffer.isView(options)) {
    throw blaskitTypeError('ERR_BLASKIT_INVALID_OPTION', `${fn}: expected argument 'options' to be an object such as { dtype: 'float32' }, received ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (key !== 'dtype') throw blaskitTypeError('ERR_BLASKIT_INVALID_OPTION', `${fn}: unknown option '${key}' (the only option is 'dtype')`);
  }
  return readDType(fn, (options as { dtype?: unknown }).dtype);
}
