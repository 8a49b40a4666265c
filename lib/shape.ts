/** Shapes: validation, sizes and numpy broadcasting. */
import { blaskitRangeError, blaskitTypeError, describeValue, formatShape, argName } from './errors';

/** numpy's limit on dimensions (NPY_MAXDIMS). */
export const MAX_DIMS = 64;

/**
 * The number of elements of `shape`, after checking that it is an array of
 * non-negative integers whose product is exact in a double.
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE if `shape` is not an array of numbers.
 * @throws {RangeError} ERR_BLASKIT_SHAPE if an entry is negative or fractional, or the product overflows.
 * @throws {RangeError} ERR_BLASKIT_RANK for more than 64 dimensions (checked before anything is read).
 */
export function checkedShapeSize(fn: string, arg: string, shape: unknown): number {
  if (!Array.isArray(shape)) {
    throw blaskitTypeError('ERR_BLASKIT_INVALID_TYPE', `${fn}: expected ${argName(arg)} to be an array of non-negative integers, received ${describeValue(shape)}`);
  }
  if (shape.length > MAX_DIMS) {
    throw blaskitRangeError('ERR_BLASKIT_RANK', `${fn}: expected ${argName(arg)} to have at most ${MAX_DIMS} dimensions (as numpy), received ${shape.length}`);
  }
  let size = 1;
  for (let i = 0; i < shape.length; i++) {
    const dim: unknown = shape[i];
    if (typeof dim !== 'number') {
      throw blaskitTypeError('ERR_BLASKIT_INVALID_TYPE', `${fn}: expected ${argName(arg)}[${i}] to be a non-negative integer, received ${describeValue(dim)}`);
    }
    if (!Number.isInteger(dim) || dim < 0) {
      throw blaskitRangeError('ERR_BLASKIT_SHAPE', `${fn}: expected ${argName(arg)}[${i}] to be a non-negative integer, received ${describeValue(dim)}`);
    }
    size *= dim;
  }
  if (!Number.isSafeInteger(size)) {
    throw blaskitRangeError('ERR_BLASKIT_SHAPE', `${fn}: ${argName(arg)} ${formatShape(shape as number[])} has more elements than a double can count exactly`);
  }
  return size;
}

/** Product of a shape already known to be valid (of its first `count` dims, when given). */
export function shapeSize(shape: readonly number[], count = shape.length): number {
  let size = 1;
  for (let i = 0; i < count; i++) size *= shape[i];
  return size;
}

/**
 * numpy broadcasting of two shapes: aligned on the right, each pair of dims
 * equal or one of them 1.
 * @throws {RangeError} ERR_BLASKIT_SHAPE with numpy's message.
 */
export function broadcastShapes(fn: string, a: readonly number[], b: readonly number[]): number[] {
  const ndim = Math.max(a.length, b.length);
  const result = new Array<number>(ndim);
  for (let i = 0; i < ndim; i++) {
    const da = a[a.length - ndim + i] ?? 1;
    const db = b[b.length - ndim + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw blaskitRangeError('ERR_BLASKIT_SHAPE', `${fn}: operands could not be broadcast together with shapes ${formatShape(a)} ${formatShape(b)}`);
    }
    result[i] = da === 1 ? db : da;
  }
  return result;
}

/**
 * Element strides of a contiguous row-major array of `shape` seen through the
 * broadcast `target` shape: 0 wherever the array repeats (missing or size-1
 * dims).
 */
export function broadcastStrides(shape: readonly number[], target: readonly number[]): number[] {
  const strides = new Array<number>(target.length).fill(0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const t = target.length - shape.length + i;
    strides[t] = shape[i] === 1 ? 0 : stride;
    stride *= shape[i];
  }
  return strides;
}
