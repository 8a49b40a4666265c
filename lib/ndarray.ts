/** NDArray: a row-major float64 array with a shape, numpy's ndarray for blaskit. */
import { blaskitRangeError, blaskitTypeError, describeValue, formatShape } from './errors';
import { checkedShapeSize } from './shape';
import { formatArray } from './format';
import { readNested, type NestedArray } from './nested';
import { checkNotDetached } from './buffers';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * A numpy-like array: `data` holds the elements in row-major (C) order and
 * `shape` their dimensions. `data` may be a view into a larger buffer (it is
 * never copied); `reshape()` returns another view of the same memory.
 */
export class NDArray {
  /** The elements, row-major. Writing to it writes to the array. */
  readonly data: Float64Array;
  /** The dimensions, outermost first. `[]` for a 0-D array (one element). */
  readonly shape: readonly number[];

  /**
   * Wraps `data` (no copy) with `shape`, whose product must equal `data.length`.
   * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE if `data` is not a Float64Array or `shape` not an array of numbers.
   * @throws {RangeError} ERR_BLASKIT_SHAPE if the shape is invalid or does not match `data.length`.
   */
  constructor(data: Float64Array, shape: readonly number[] = [data.length]) {
    if (!(data instanceof Float64Array)) {
      throw blaskitTypeError('ERR_BLASKIT_INVALID_TYPE', `NDArray: expected argument 'data' to be a Float64Array, received ${describeValue(data)}`);
    }
    checkNotDetached('NDArray', 'data', data);
    const size = checkedShapeSize('NDArray', 'shape', shape);
    if (size !== data.length) {
      throw blaskitRangeError('ERR_BLASKIT_SHAPE', `NDArray: cannot give shape ${formatShape(shape)} (${size} elements) to data of ${data.length} elements`);
    }
    this.data = data;
    this.shape = Object.freeze(shape.slice());
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
  reshape(...shape: number[] | [readonly number[]]): NDArray {
    const dims: number[] = Array.isArray(shape[0]) ? [...(shape[0] as readonly number[])] : (shape as number[]);
    const unknown = dims.indexOf(-1);
    if (unknown !== -1) {
      if (dims.indexOf(-1, unknown + 1) !== -1) {
        throw blaskitRangeError('ERR_BLASKIT_SHAPE', `reshape: can only specify one unknown dimension, received ${formatShape(dims)}`);
      }
      const known = dims.filter((_, i) => i !== unknown);
      const knownSize = checkedShapeSize('reshape', 'shape', known);
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
    return formatArray(this.data, this.shape);
  }

  [inspectSymbol](): string {
    const body = this.toString().replace(/\n/g, '\n      ');
    return `array(${body}, shape=${formatShape(this.shape)})`;
  }
}

/**
 * Makes an NDArray, like `np.array` / `np.asarray`:
 * - nested arrays of numbers are read into fresh memory;
 * - a Float64Array is wrapped without copying (as `np.asarray` / `np.frombuffer`);
 * - an NDArray gives a view of the same memory;
 * - a number gives a 0-D array.
 * With `shape`, the elements are laid out in that shape (same size required).
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE for any other kind of value or a non-number leaf.
 * @throws {RangeError} ERR_BLASKIT_RAGGED for ragged nested arrays, ERR_BLASKIT_SHAPE for a shape of another size.
 */
export function array(values: number | Float64Array | NDArray | NestedArray, shape?: readonly number[]): NDArray {
  let result: NDArray;
  if (typeof values === 'number') {
    result = new NDArray(Float64Array.of(values), []);
  } else if (values instanceof NDArray) {
    result = new NDArray(values.data, values.shape);
  } else if (values instanceof Float64Array) {
    result = new NDArray(values, [values.length]);
  } else if (Array.isArray(values)) {
    const { data, shape: nestedShape } = readNested('array', 'values', values);
    result = new NDArray(data, nestedShape);
  } else {
    throw blaskitTypeError('ERR_BLASKIT_INVALID_TYPE', `array: expected argument 'values' to be a number, Float64Array, NDArray or nested array of numbers, received ${describeValue(values)}`);
  }
  if (shape === undefined) return result;
  const size = checkedShapeSize('array', 'shape', shape);
  if (size !== result.size) {
    throw blaskitRangeError('ERR_BLASKIT_SHAPE', `array: cannot give shape ${formatShape(shape)} (${size} elements) to ${result.size} values`);
  }
  return new NDArray(result.data, shape);
}
