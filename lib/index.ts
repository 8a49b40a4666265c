/**
 * blaskit: numpy's deep-learning basics for Node.js on Float64Array and
 * Float32Array memory.
 *
 * Inputs are a number, a Float64Array or Float32Array (1-D), an NDArray or
 * nested arrays of numbers; results are the same kind (the richer one for two
 * inputs; a result of two or more dimensions is an NDArray) and dtype
 * (float32 when every array operand is float32, else float64). Arrays are passed to C++ without
 * copying; results are allocated in JS, or written into `{ out }`.
 */
import { formatArray, formatScalar } from './format';
import { operandData, readOperand } from './operands';
import { readDTypeOptions, type DType } from './dtype';

export { NDArray, array } from './ndarray';
export type { ArrayOptions, ArrayValues } from './ndarray';
export type { DType, FloatArray } from './dtype';
export type { NestedArray } from './nested';
export type { ArrayInput, CommonArray, Input, Out, OutOptions, ResultOf, ResultOf2 } from './operands';
export type { BlaskitError, BlaskitErrorCode } from './errors';
export { sigmoid, sigmoidDerivative, tanh, tanhDerivative, relu, reluDerivative } from './activations';
export type { ElementwiseFunction } from './activations';
export { softmax, normalizeRows } from './rows';
export { image2vector } from './image';
export { add, subtract, multiply, divide } from './arithmetic';
export { dot, outer } from './products';
export { dense } from './dense';
export type { Activation, DenseFunction, DenseOptions, DenseResult } from './dense';
export { runtimeInfo, setNumThreads, MAX_THREADS } from './runtime';
export type { RuntimeInfo } from './runtime';
export type { BroadcastFunction } from './arithmetic';
export type { DotResult } from './products';
export {
  sigmoidAsync,
  sigmoidDerivativeAsync,
  tanhAsync,
  tanhDerivativeAsync,
  reluAsync,
  reluDerivativeAsync,
  softmaxAsync,
  normalizeRowsAsync,
  image2vectorAsync,
  dotAsync,
  outerAsync,
  addAsync,
  subtractAsync,
  multiplyAsync,
  divideAsync,
  denseAsync,
} from './async';
export type { AsyncElementwiseFunction, AsyncBroadcastFunction } from './async';

/**
 * What numpy 2's `print` prints for the same value or array, with numpy's
 * default options (precision 8, maxprec, 75 columns, summarised beyond 1000
 * elements): `format(3)` is `3.0`, `format([2, 3])` is `[2. 3.]`. A number is
 * a float64 scalar; float32 arrays print as numpy prints float32 arrays (their
 * data is passed through as it is: lib/format.ts reads the dtype from it).
 * `format(x, { dtype: 'float32' })` prints a number as numpy prints
 * `np.float32(x)` (`format(dot(a32, b32), { dtype: 'float32' })` gives `0.3`,
 * not `0.30000001192092896`), and an array as `np.asarray(x, dtype)` would print.
 * @throws {TypeError} ERR_BLASKIT_INVALID_OPTION for options other than `{ dtype: 'float64' | 'float32' }`
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE for anything that is not a number, Float64Array, Float32Array, NDArray or nested array of numbers
 * @throws {RangeError} ERR_BLASKIT_RAGGED for ragged nested arrays
 */
export function format(x: import('./operands').Input, options?: { dtype?: DType }): string {
  const dtype = readDTypeOptions('format', options);
  if (typeof x === 'number') return formatScalar(x, dtype);
  const operand = readOperand('format', 'x', x);
  return formatArray(dtype === undefined ? operand.data : operandData(operand, dtype), operand.shape);
}
