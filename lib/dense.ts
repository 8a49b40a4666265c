/**
 * dense: a fully connected layer, x·W + b then an activation, fused in one
 * native call (native/kernels/dense.h) with the same bits as the unfused
 * calls `activation(add(dot(x, W), b))`.
 */
import { NDArray } from './ndarray';
import { argName, blaskitRangeError, blaskitTypeError, describeShape, describeValue, formatShape } from './errors';
import { Kind, destination, operandData, readOperand, readOut, resultDType, type CommonArray, type Input, type Operand, type Out } from './operands';
import { DENSE_TWIN_BELOW, runSync, type KernelPlan } from './plan';
import { allocateResult, overlaps } from './buffers';
import { dtypeOf, type FloatArray } from './dtype';
import { native } from './loader';
import { matrixOperand, notAligned, oneDType, outData } from './products';
import { elementCount, sameType } from './fast';

/** The activations dense applies after the bias ('none', or omitted, for none). */
export type Activation = 'relu' | 'sigmoid' | 'tanh' | 'softmax' | 'none';

/** The native codes of the activations (binding.d.ts `dense`). */
export const ACTIVATION_CODES: Readonly<Record<Activation, number>> = { none: 0, relu: 1, sigmoid: 2, tanh: 3, softmax: 4 };
/** Code -> name, for the twins (lib/plan.ts). */
export const ACTIVATION_NAMES: readonly Activation[] = ['none', 'relu', 'sigmoid', 'tanh', 'softmax'];

/** Options of dense. */
export interface DenseOptions<O extends Out | undefined = Out | undefined> {
  /** Applied after the bias: 'relu', 'sigmoid', 'tanh', 'softmax' (over each row) or 'none' (the default). */
  activation?: Activation;
  /** Receives the result (m·n elements, or n for a 1-D x) and is returned. Must not overlap x, weights or bias. */
  out?: O;
}

const ACTIVATION_LIST = "'relu', 'sigmoid', 'tanh', 'softmax' or 'none'";

/** The activation's code. @throws for anything but one of the names (or undefined: none). */
function activationCode(fn: string, value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'string') {
    throw blaskitTypeError('ERR_BLASKIT_INVALID_OPTION', `${fn}: expected option 'activation' to be ${ACTIVATION_LIST}, received ${describeValue(value)}`);
  }
  const code = Object.hasOwn(ACTIVATION_CODES, value) ? ACTIVATION_CODES[value as Activation] : undefined;
  if (code === undefined) {
    throw blaskitRangeError('ERR_BLASKIT_INVALID_OPTION', `${fn}: expected option 'activation' to be ${ACTIVATION_LIST}, received ${describeValue(value)}`);
  }
  return code;
}

/** Reads `{ activation, out }` once each, rejecting anything else. */
function readDenseOptions(fn: string, options: unknown): { activation: number; out: { out: unknown } | undefined } {
  if (options === undefined) return { activation: 0, out: undefined };
  if (options === null || typeof options !== 'object' || Array.isArray(options) || ArrayBuffer.isView(options)) {
    throw blaskitTypeError('ERR_BLASKIT_INVALID_OPTION', `${fn}: expected argument 'options' to be an object such as { activation, out }, received ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (key !== 'activation' && key !== 'out') {
      throw blaskitTypeError('ERR_BLASKIT_INVALID_OPTION', `${fn}: unknown option '${key}' (the options are 'activation' and 'out')`);
    }
  }
  const activation = activationCode(fn, (options as { activation?: unknown }).activation);
  const out: unknown = (options as { out?: unknown }).out;
  return { activation, out: out === undefined ? undefined : { out } };
}

function checkRank(fn: string, arg: string, operand: Operand, ranks: readonly number[], expected: string): void {
  if (!ranks.includes(operand.shape.length)) {
    throw blaskitRangeError('ERR_BLASKIT_RANK', `${fn}: expected ${argName(arg)} to be ${expected}, received ${operand.shape.length === 0 ? describeValue(operand.data[0]) : describeShape(operand.shape)}`);
  }
}

/** Checks `dense(x, weights, bias, options)` (or its async twin, named `fn`) and plans it. */
export function planDense(fn: string, x: unknown, weights: unknown, bias: unknown, options: unknown): KernelPlan {
  const input = readOperand(fn, 'x', x);
  const w = readOperand(fn, 'weights', weights);
  const b = bias === undefined || bias === null ? undefined : readOperand(fn, 'bias', bias);
  const { activation, out } = readDenseOptions(fn, options);
  const operands: Record<string, Operand> = b === undefined ? { x: input, weights: w } : { x: input, weights: w, bias: b };
  const target = readOut(fn, out, operands);
  checkRank(fn, 'x', input, [1, 2], 'a 1-D or 2-D array (one row, or a batch of rows)');
  checkRank(fn, 'weights', w, [2], 'a 2-D array (inputs × outputs)');
  const [k, n] = w.shape;
  const m = input.shape.length === 1 ? 1 : input.shape[0];
  const inner = input.shape[input.shape.length - 1];
  if (inner !== k) throw notAligned(fn, input.shape, w.shape, input.shape.length - 1, 0);
  if (b !== undefined && (b.shape.length !== 1 || b.shape[0] !== n)) {
    const received = b.shape.length === 0 ? describeValue(b.data[0]) : describeShape(b.shape);
    throw blaskitRangeError('ERR_BLASKIT_SHAPE', `${fn}: expected argument 'bias' to be a 1-D array of ${n} elements (the width of 'weights' ${formatShape(w.shape)}), received ${received}`);
  }
  const shape = input.shape.length === 1 ? [n] : [m, n];
  // float32 only when x, weights and bias all are (a float64 one widens the others).
  const dtype = b === undefined ? resultDType(input, w) : resultDType(input, w, b);
  const dest = destination(fn, target, Kind.NDArray, shape, dtype);
  const inputs = (b === undefined ? [input, w] : [input, w, b]).map((operand) => operandData(operand, dtype));
  return { op: 'dense', inputs, params: [m, k, n, activation], dest, inPlaceSafe: inputs.map(() => false) };
}

/** dense's result: float32 when x, weights and bias (if any) all are. */
export type DenseResult<X, W, B> = NDArray<CommonArray<X, W | Exclude<B, null | undefined>>>;

/** A fully connected layer: see {@link dense}. */
export interface DenseFunction {
  <O extends Out>(x: Input, weights: Input, bias: Input | null | undefined, options: DenseOptions<O> & { out: O }): O;
  <X extends Input, W extends Input, B extends Input | null | undefined = undefined>(x: X, weights: W, bias?: B, options?: DenseOptions<undefined>): DenseResult<X, W, B>;
}

/**
 * The fast path (see lib/fast.ts): x a Float64Array or 2-D NDArray, weights a
 * 2-D NDArray, bias a Float64Array or absent, options absent or a plain
 * object of `activation` and `out` (each read once) with an `out` that
 * overlaps no input. One native call, no plan. Anything else goes to the
 * general path with the values already read.
 */
function denseFast(x: unknown, weights: unknown, bias: unknown, options: unknown): unknown {
  let activationValue: unknown;
  let out: unknown;
  let rest: unknown = options;
  if (options !== undefined) {
    if (typeof options !== 'object' || options === null || Object.getPrototypeOf(options) !== Object.prototype) return runSync(planDense('dense', x, weights, bias, options));
    for (const key in options) {
      if (key !== 'activation' && key !== 'out') return runSync(planDense('dense', x, weights, bias, options));
    }
    activationValue = (options as { activation?: unknown }).activation;
    out = (options as { out?: unknown }).out;
    rest = { activation: activationValue, out };
  }
  const general = () => runSync(planDense('dense', x, weights, bias, rest));
  const left = matrixOperand(x);
  const right = matrixOperand(weights);
  if (left === undefined || right === undefined || right.rows === 0 || !oneDType(left, right)) return general();
  const activation = typeof activationValue === 'string' && Object.hasOwn(ACTIVATION_CODES, activationValue) ? ACTIVATION_CODES[activationValue as Activation] : activationValue === undefined ? 0 : -1;
  const m = left.rows === 0 ? 1 : left.rows;
  const [k, n] = [right.rows, right.cols];
  if (activation < 0 || left.cols !== k || m * n < DENSE_TWIN_BELOW) return general();
  let b: FloatArray | null = null;
  if (bias !== undefined && bias !== null) {
    if (elementCount(bias) !== n || !sameType(bias, left.data)) return general();
    b = bias as FloatArray;
  }
  let y: FloatArray | undefined;
  if (out === undefined) y = allocateResult('dense', m * n, undefined, dtypeOf(left.data));
  else {
    y = outData(out, m * n, left.data, right.data);
    if (y === undefined || (b !== null && overlaps(y, b))) return general();
  }
  native.dense(left.data, right.data, b, y, m, k, n, activation);
  if (out !== undefined) return out;
  return new NDArray(y, left.rows === 0 ? [n] : [m, n]);
}

/**
 * A fully connected layer: `x·weights + bias`, then `activation`, in one call
 * that never writes the pre-activation result to memory and reads it back
 * (below the small-product gate, blocks of rows are multiplied, biased and
 * activated while in cache, split across threads for large batches). The
 * same bits as the unfused calls `relu(add(dot(x, weights), bias))` (or
 * sigmoid, tanh, softmax over each row); accuracy as theirs. With x,
 * weights and bias all float32, the layer is float32 (sgemm, the bias added
 * in float32, the float32 activation); any float64 one makes it float64.
 * @param x one row (1-D, k elements) or a batch of rows (2-D, m × k)
 * @param weights k × n (inputs × outputs)
 * @param bias n elements, or null/undefined for none
 * @param options.activation 'relu', 'sigmoid', 'tanh', 'softmax' (over each row) or 'none' (the default)
 * @param options.out receives the result (n or m × n elements) and is returned; must not overlap an input
 * @returns an NDArray of shape (n,) for a 1-D x, (m, n) for a 2-D one (or `out`)
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE, ERR_BLASKIT_INVALID_OPTION, ERR_BLASKIT_DETACHED, ERR_BLASKIT_DTYPE
 * @throws {RangeError} ERR_BLASKIT_SHAPE ("dense: shapes (2,3) and (4,5) not aligned: 3 (dim 1) != 4 (dim 0)", a bias of the wrong length), ERR_BLASKIT_RANK, ERR_BLASKIT_INVALID_OPTION for an unknown activation, ERR_BLASKIT_OUT_SIZE
 */
export const dense = function dense(x: unknown, weights: unknown, bias?: unknown, options?: unknown): unknown {
  return denseFast(x, weights, bias, options);
} as DenseFunction;

