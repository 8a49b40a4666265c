/**
 * add, subtract, multiply and divide: numpy's broadcasting arithmetic, one
 * plan and one native path for the four (native/kernels/binary.cc), told
 * apart by their op. Every result element is one IEEE operation on the two
 * operands' elements, so results are bit-identical to numpy's; division by
 * zero gives numpy's ±Inf and NaN, never an exception.
 */
import { broadcastShapes, broadcastStrides } from './shape';
import { destination, operandData, readOperand, readOut, resultDType, richerKind, type Input, type Operand, type Out, type ResultOf2 } from './operands';
import { runSync, type KernelPlan } from './plan';
import { binaryFast, type Binary } from './fast';
import { native } from './loader';
import { realLength } from './buffers';
import * as twins from './reference/arithmetic';
import { JS_BELOW } from './thresholds';

/** The broadcasting binary operations (their JobOp names). */
export type BinaryOp = 'add' | 'subtract' | 'multiply' | 'divide';

/**
 * The broadcast iteration reduced to as few dimensions as possible: size-1
 * dims dropped, and neighbouring dims merged wherever both operands step
 * through them contiguously. Most calls end with one or two dims, i.e. one
 * native call.
 */
function collapseDims(shape: readonly number[], sa: readonly number[], sb: readonly number[]) {
  const dims: number[] = [];
  const stridesA: number[] = [];
  const stridesB: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && stridesA[last] === sa[i] * shape[i] && stridesB[last] === sb[i] * shape[i]) {
      dims[last] *= shape[i];
      stridesA[last] = sa[i];
      stridesB[last] = sb[i];
    } else {
      dims.push(shape[i]);
      stridesA.push(sa[i]);
      stridesB.push(sb[i]);
    }
  }
  return { dims, stridesA, stridesB };
}

/** Plans `a op b` with broadcasting: params [ndim, ...dims, ...stridesA, ...stridesB]. */
export function broadcastPlan(op: BinaryOp, fn: string, a: Operand, b: Operand, out: Out | undefined): KernelPlan {
  const shape = broadcastShapes(fn, a.shape, b.shape);
  const dtype = resultDType(a, b);
  const dest = destination(fn, out, richerKind(a, b), shape, dtype);
  const size = dest.data.length;
  // Mixed dtypes widen the float32 operand (a copy); a number beside float32 arrays is rounded to float32 (NEP 50).
  const inputs = [operandData(a, dtype), operandData(b, dtype)];
  // In place is safe only for an operand that is not broadcast (read and
  // written at the same index); anything else that shares memory is copied.
  const inPlaceSafe = [a.data.length === size, b.data.length === size];
  if (a.data.length === size && b.data.length === size) {
    // Equal sizes after broadcasting means equal shapes (up to 1s): one flat pass.
    return { op, inputs, params: [1, size, 1, 1], dest, inPlaceSafe };
  }
  const { dims, stridesA, stridesB } = collapseDims(shape, broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape));
  return { op, inputs, params: [dims.length, ...dims, ...stridesA, ...stridesB], dest, inPlaceSafe };
}

/** Checks `op(a, b, options)` (or its async twin, named `fn`) and plans it. */
export function planBinary(op: BinaryOp, fn: string, a: unknown, b: unknown, options: unknown): KernelPlan {
  const left = readOperand(fn, 'a', a);
  const right = readOperand(fn, 'b', b);
  return broadcastPlan(op, fn, left, right, readOut(fn, options, { a: left, b: right }));
}

/** An elementwise function of two operands with numpy broadcasting. */
export interface BroadcastFunction {
  <O extends Out>(a: Input, b: Input, options: { out: O }): O;
  <A extends Input, B extends Input>(a: A, b: B, options?: { out?: undefined }): ResultOf2<A, B>;
}

function broadcasting(op: BinaryOp): BroadcastFunction {
  const stridedTwin = twins[op];
  const stridedKernel = native[op];
  // Two equal-length typed arrays of one type: one flat pass (the fast path, lib/fast.ts).
  // Their real length: an own `length` property may lie, and the twin's `y`
  // may be the fast path's longer scratch.
  const twin: Binary = (a, b, y) => stridedTwin(a, 0, 1, b, 0, 1, y, 1, realLength(a));
  const kernel: Binary = (a, b, y) => stridedKernel(a, 0, 1, b, 0, 1, y, 1, realLength(a));
  const below = JS_BELOW[op] ?? 0;
  const f = (a: unknown, b: unknown, options?: unknown): unknown => binaryFast(op, a, b, options, below, twin, kernel, (rest) => runSync(planBinary(op, op, a, b, rest)));
  Object.defineProperty(f, 'name', { value: op });
  return f as BroadcastFunction;
}

/**
 * Elementwise sum with numpy broadcasting (np.add): scalars, equal shapes and
 * broadcastable shapes of any rank, e.g. (m,n)+(1,n) (a bias on every row),
 * (m,n)+(m,1), (n)+(m,n), (m,1)+(1,n). One IEEE rounding per element: the
 * same bits as numpy. Infinity + -Infinity is NaN.
 * dtype as numpy 2's: float32 when every array is float32 (a number beside
 * them is rounded to float32 first, NEP 50), else float64 (float32 arrays
 * widened exactly); float32 results are IEEE float32 operations.
 * @param options.out receives the result (its size and dtype) and is returned; may be an input that is not broadcast
 * @returns the richer kind of the two: number < Float64Array/Float32Array < NDArray
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE, ERR_BLASKIT_INVALID_OPTION, ERR_BLASKIT_DETACHED, ERR_BLASKIT_DTYPE
 * @throws {RangeError} ERR_BLASKIT_SHAPE ("add: operands could not be broadcast together with shapes (2,3) (4,)"), ERR_BLASKIT_OUT_SIZE, ERR_BLASKIT_RAGGED
 */
export const add = broadcasting('add');

/**
 * Elementwise difference a − b with numpy broadcasting (np.subtract), as {@link add}.
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE, ERR_BLASKIT_INVALID_OPTION, ERR_BLASKIT_DETACHED, ERR_BLASKIT_DTYPE
 * @throws {RangeError} ERR_BLASKIT_SHAPE, ERR_BLASKIT_OUT_SIZE, ERR_BLASKIT_RAGGED
 */
export const subtract = broadcasting('subtract');

/**
 * Elementwise product with numpy broadcasting (np.multiply), as {@link add}.
 * 0·Infinity is NaN, -1·0 is -0.
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE, ERR_BLASKIT_INVALID_OPTION, ERR_BLASKIT_DETACHED, ERR_BLASKIT_DTYPE
 * @throws {RangeError} ERR_BLASKIT_SHAPE ("multiply: operands could not be broadcast together with shapes (2,3) (4,)"), ERR_BLASKIT_OUT_SIZE, ERR_BLASKIT_RAGGED
 */
export const multiply = broadcasting('multiply');

/**
 * Elementwise quotient a / b with numpy broadcasting (np.divide, "true
 * divide"), as {@link add}: the tutorial's `x / x_norm` and `x_exp / x_sum`.
 * Division by zero gives IEEE's results, as numpy does (without its warning):
 * 1/0 = Infinity, -1/0 = -Infinity, 1/-0 = -Infinity, 0/0 = NaN; no exception.
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE, ERR_BLASKIT_INVALID_OPTION, ERR_BLASKIT_DETACHED, ERR_BLASKIT_DTYPE
 * @throws {RangeError} ERR_BLASKIT_SHAPE, ERR_BLASKIT_OUT_SIZE, ERR_BLASKIT_RAGGED
 */
export const divide = broadcasting('divide');
