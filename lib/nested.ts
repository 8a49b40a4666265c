/** Nested JS arrays of numbers (like the lists given to `np.array`) to row-major data. */
import { blaskitRangeError, blaskitTypeError, describeValue, argName, formatShape } from './errors';
import { allocateResult } from './buffers';
import type { DType, FloatArray } from './dtype';

/** numpy's NPY_MAXDIMS: nesting deeper than this is refused before any recursion. */
const MAX_DEPTH = 64;

/** A number, or arrays of arrays of ... numbers. */
export type NestedArray = readonly (number | NestedArray)[];

function indexPath(path: readonly number[]): string {
  return path.map((i) => `[${i}]`).join('');
}

/**
 * Reads a rectangular nested array into a fresh array of `dtype` (float64
 * unless asked; float32 rounds each number to nearest) and its shape.
 * Leaves must be numbers (NaN and Infinity included); booleans, strings and
 * holes are rejected, not coerced.
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE for a leaf that is not a number.
 * @throws {RangeError} ERR_BLASKIT_RAGGED for rows of different lengths or depths.
 */
export function readNested(fn: string, arg: string, value: NestedArray, dtype: DType = 'float64'): { data: FloatArray; shape: number[] } {
  // The shape is read down the first elements; every other row must match it.
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe)) {
    if (shape.length === MAX_DEPTH) {
      throw blaskitRangeError('ERR_BLASKIT_RANK', `${fn}: ${argName(arg)} is nested deeper than ${MAX_DEPTH} levels (numpy's limit on dimensions)`);
    }
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  let size = 1;
  for (const dim of shape) size *= dim;
  // The first rows give the size; a sparse `new Array(2 ** 32 - 1)` must fail
  // with a coded error, not V8's allocation error.
  const data = allocateResult(fn, size, shape, dtype);
  let offset = 0;
  const path: number[] = [];

  const name = arg.startsWith('options.') ? arg.slice('options.'.length) : arg;
  const ragged = (detail: string) =>
    blaskitRangeError('ERR_BLASKIT_RAGGED', `${fn}: ${argName(arg)} is a ragged nested array: ${detail} (nested arrays must be rectangular, as for np.array; the first rows give shape ${formatShape(shape)})`);

  const visit = (node: readonly unknown[], depth: number): void => {
    if (node.length !== shape[depth]) {
      throw ragged(`${name}${indexPath(path)} has length ${node.length}, expected ${shape[depth]}`);
    }
    const leafLevel = depth === shape.length - 1;
    for (let i = 0; i < node.length; i++) {
      const item: unknown = node[i];
      path.push(i);
      if (leafLevel) {
        if (typeof item !== 'number') {
          if (Array.isArray(item)) throw ragged(`${name}${indexPath(path)} is an array, expected a number`);
          throw blaskitTypeError('ERR_BLASKIT_INVALID_TYPE', `${fn}: expected ${name}${indexPath(path)} in ${argName(arg)} to be a number, received ${describeValue(item)}`);
        }
        data[offset++] = item;
      } else {
        if (!Array.isArray(item)) throw ragged(`${name}${indexPath(path)} is ${describeValue(item)}, expected an array of length ${shape[depth + 1]}`);
        visit(item, depth + 1);
      }
      path.pop();
    }
  };
  visit(value, 0);
  return { data, shape };
}
