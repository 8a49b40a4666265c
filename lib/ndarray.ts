/** NDArray: a row-major float64 or float32 array with a shape, numpy's ndarray for blaskit. */
import { blaskitRangeError, blaskitTypeError, describeValue, formatShape } from './errors';
import { checkedShapeSize, shapeSize } from './shape';
import { formatArray } from './format';
import { readNested, type NestedArray } from './nested';
import { checkNotDetached, trustedView } from './buffers';
import { arrayType, dtypeOf, isFloatArray, readDTypeOptions, type DType, type DTypeOf, type FloatArray } from './dtype';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * A numpy-like array: `data` holds the elements in row-major (C) order and
 * `shape` their dimensions. `data` may be a view into a larger buffer (it is
 * never copied); `reshape()` returns another view of the same memory. Its
 * dtype is its data's: a Float64Array makes a float64 array (`NDArray`, the
 * default type argument), a Float32Array a float32 one (`NDArray<Float32Array>`).
 */
export class NDArray<T extends FloatArray = Float64Array> {
  /** The elements, row-major. Writing to it writes to the array. */
  readonly data: T;
  /** The dimensions, outermost first. `[]` for a 0-D array (one element). */
  readonly shape: readonly number[];
  /** The element type: 'float64' for Float64Array data, 'float32' for Float32Array data. */
  readonly dtype: DTypeOf<T>;

  /** Set only by the constructor: tells real NDArrays from look-alikes (Object.create(NDArray.prototype)). */
  readonly #checked = true;

  /**
   * Wraps `data` (no copy) with `shape`, whose product must equal `data.length`.
   * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE if `data` is not a Float64Array or Float32Array, or `shape` not an array of numbers.
   * @throws {RangeError} ERR_BLASKIT_SHAPE if the shape is invalid or does not match `data.length`.
   */
  constructor(data: T, shape?: readonly number[]) {
    if (!isFloatArray(data)) {
      throw blaskitTypeError('ERR_BLASKIT_INVALID_TYPE', `NDArray: expected argument 'data' to be a Float64Array or Float32Array, received ${describeValue(data)}`);
    }
    checkNotDetached('NDArray', 'data', data);
    const view = trustedView(data);
    const dims = shape ?? [view.length];
    const size = checkedShapeSize('NDArray', 'shape', dims);
    if (size !== view.length) {
      throw blaskitRangeError('ERR_BLASKIT_SHAPE', `NDArray: cannot give shape ${formatShape(dims)} (${size} elements) to data of ${view.length} elements`);
    }
    this.data = view;
    this.shape = Object.freeze(dims.slice());
    this.dtype = dtypeOf(view) as DTypeOf<T>;
    // `readonly` binds only TypeScript: freezing keeps data and shape consistent at run time too.
    Object.freeze(this);
  }

  /** True for arrays made by this constructor (not for objects that only inherit its prototype). */
  static isNDArray(value: unknown): value is NDArray<FloatArray> {
    return typeof value === 'object' && value !== null && #checked in value;
  }

  /** The number of elements. */
  get size(): number {
    return this.data.length;
  }

  /** The number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /**
   * The same memory with another shape (a view, as numpy's reshape of a
   * contiguous array). One entry may be -1: it is inferred from the size.
   * @throws {RangeError} ERR_BLASKIT_SHAPE if the sizes differ or more than one entry is -1.
   */
  reshape(...shape: number[] | [readonly number[]]): NDArray<T> {
    const requested: unknown = shape.length === 1 && Array.isArray(shape[0]) ? shape[0] : shape;
    // Checked before copying or scanning it: a sparse `new Array(2 ** 32 - 1)` is refused at once.
    checkedShapeSize('reshape', 'shape', (requested as unknown[]).map((d) => (d === -1 ? 1 : d)));
    const dims = [...(requested as number[])];
    const unknown = dims.indexOf(-1);
    if (unknown !== -1) {
      if (dims.indexOf(-1, unknown + 1) !== -1) {
        throw blaskitRangeError('ERR_BLASKIT_SHAPE', `reshape: can only specify one unknown dimension, received ${formatShape(dims)}`);
      }
      const knownSize = checkedShapeSize('reshape', 'shape', dims.filter((_, i) => i !== unknown));
      if (knownSize === 0 || this.size % knownSize !== 0) {
        throw blaskitRangeError('ERR_BLASKIT_SHAPE', `reshape: cannot reshape array of size ${this.size} into shape ${formatShape(dims)}`);
      }
      dims[unknown] = this.size / knownSize;
    }
    const size = checkedShapeSize('reshape', 'shape', dims);
    if (size !== this.size) {
      throw blaskitRangeError('ERR_BLASKIT_SHAPE', `reshape: cannot reshape array of size ${this.size} into shape ${formatShape(dims)}`);
    }
    return new NDArray(this.data, dims);
  }

  /** Nested JS arrays of numbers (a number for a 0-D array), like numpy's tolist(). */
  toArray(): number | NestedArray {
    if (this.shape.length === 0) return this.data[0];
    // An empty array can still have huge outer dims ((2^40, 0)): that many JS arrays cannot be built.
    let lists = 1;
    for (let depth = 0, arraysAtDepth = 1; depth < this.shape.length - 1; depth++) {
      arraysAtDepth *= this.shape[depth];
      lists += arraysAtDepth;
    }
    if (lists > 2 ** 26) {
      throw blaskitRangeError('ERR_BLASKIT_TOO_LARGE', `toArray: an array of shape ${formatShape(this.shape)} would need ${lists} nested JS arrays`);
    }
    let offset = 0;
    const build = (depth: number): NestedArray => {
      const length = this.shape[depth];
      const out = new Array<number | NestedArray>(length);
      if (depth === this.shape.length - 1) {
        for (let i = 0; i < length; i++) out[i] = this.data[offset++];
      } else {
        for (let i = 0; i < length; i++) out[i] = build(depth + 1);
      }
      return out;
    };
    return build(0);
  }

  /** What numpy 2's `print` prints for the same data and shape. */
  toString(): string {
    // float32 data is passed as it is: lib/format.ts prints it as numpy prints float32.
    return formatArray(this.data, this.shape);
  }

  [inspectSymbol](): string {
    const body = this.toString().replace(/\n/g, '\n      ');
    // numpy's repr names the dtype when it is not the default float64.
    return `array(${body}, shape=${formatShape(this.shape)}${this.dtype === 'float32' ? ', dtype=float32' : ''})`;
  }
}

/** Options of {@link array}. */
export interface ArrayOptions<D extends DType = DType> {
  /**
   * The dtype of the result: by default the typed array's or NDArray's own,
   * and 'float64' for numbers and nested arrays.
   */
  dtype?: D;
}

/**
 * Makes an NDArray, like `np.array` / `np.asarray`:
 * - nested arrays of numbers are read into fresh memory;
 * - a Float64Array or Float32Array is wrapped without copying (as `np.asarray` / `np.frombuffer`);
 * - an NDArray gives a view of the same memory;
 * - a number gives a 0-D array.
 * With `shape`, the elements are laid out in that shape (same size required).
 * With `options.dtype`, the result has that dtype: a typed array or NDArray of
 * another dtype is copied and converted (float64 -> float32 rounds each
 * element to nearest, float32 -> float64 is exact), as `np.asarray(x, dtype=...)`
 * does; numbers and nested arrays are read into memory of that dtype.
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE for any other kind of value (other typed arrays included) or a non-number leaf.
 * @throws {TypeError|RangeError} ERR_BLASKIT_INVALID_OPTION for options that are not `{ dtype }` with 'float64' or 'float32'.
 * @throws {RangeError} ERR_BLASKIT_RAGGED for ragged nested arrays, ERR_BLASKIT_SHAPE for a shape of another size.
 */
export function array(values: Float32Array | NDArray<Float32Array>, shape?: readonly number[], options?: ArrayOptions<'float32'>): NDArray<Float32Array>;
export function array(values: ArrayValues, shape: readonly number[] | undefined, options: ArrayOptions<'float32'>): NDArray<Float32Array>;
export function array(values: number | Float64Array | NDArray | NestedArray, shape?: readonly number[], options?: ArrayOptions<'float64'>): NDArray;
export function array(values: ArrayValues, shape: readonly number[] | undefined, options: ArrayOptions<'float64'>): NDArray;
export function array(values: ArrayValues, shape?: readonly number[], options?: ArrayOptions): NDArray<FloatArray>;
export function array(values: ArrayValues, shape?: readonly number[], options?: ArrayOptions): NDArray<FloatArray> {
  const requested = readDTypeOptions('array', options);
  let result: NDArray<FloatArray>;
  if (typeof values === 'number') {
    result = new NDArray(arrayType(requested ?? 'float64').of(values), []);
  } else if (NDArray.isNDArray(values)) {
    checkNotDetached('array', 'values', values.data);
    if (values.data.length !== shapeSize(values.shape)) {
      throw blaskitRangeError('ERR_BLASKIT_SHAPE', `array: argument 'values' is an NDArray of shape ${formatShape(values.shape)} whose data now holds ${values.data.length} elements (its buffer was resized)`);
    }
    result = new NDArray(converted(values.data, requested), values.shape);
  } else if (isFloatArray(values)) {
    checkNotDetached('array', 'values', values);
    result = new NDArray(converted(trustedView(values), requested));
  } else if (Array.isArray(values)) {
    const { data, shape: nestedShape } = readNested('array', 'values', values, requested ?? 'float64');
    result = new NDArray(data, nestedShape);
  } else {
    throw blaskitTypeError('ERR_BLASKIT_INVALID_TYPE', `array: expected argument 'values' to be a number, Float64Array, Float32Array, NDArray or nested array of numbers, received ${describeValue(values)}`);
  }
  if (shape === undefined) return result;
  const size = checkedShapeSize('array', 'shape', shape);
  if (size !== result.size) {
    throw blaskitRangeError('ERR_BLASKIT_SHAPE', `array: cannot give shape ${formatShape(shape)} (${size} elements) to ${result.size} values`);
  }
  return new NDArray(result.data, shape);
}

/** What {@link array} reads. */
export type ArrayValues = number | FloatArray | NDArray<FloatArray> | NestedArray;

/** `data` itself when it has the requested dtype (or none was requested), else a converted copy. */
function converted(data: FloatArray, dtype: DType | undefined): FloatArray {
  if (dtype === undefined || dtypeOf(data) === dtype) return data;
  return arrayType(dtype).from(data);
}

