/** softmax and normalizeRows: functions of each row (the last axis). */
import { shapeSize } from './shape';
import { type ElementwiseFunction } from './activations';
import { destination, readOperand, readOut, resultDType } from './operands';
import { runSync, type KernelPlan } from './plan';
import { unaryFast, type Unary } from './fast';
import { native } from './loader';
import { realLength } from './buffers';
import * as twins from './reference/rows';
import { JS_BELOW } from './thresholds';

/** Checks `f(x, options)` and plans the row kernel `op` along x's last axis. */
export function rowPlan(fn: string, op: 'softmaxRows' | 'normalizeRows', x: unknown, options: unknown): KernelPlan {
  const input = readOperand(fn, 'x', x);
  const dest = destination(fn, readOut(fn, options, { x: input }), input.kind, input.shape, resultDType(input));
  // A number or 0-D array is a row of one; otherwise rows run along the last axis.
  const cols = input.shape.length === 0 ? 1 : input.shape[input.shape.length - 1];
  const rows = shapeSize(input.shape, input.shape.length - 1);
  return { op, inputs: [input.data], params: [rows, cols], dest, inPlaceSafe: [true] };
}

function rowwise(fn: string, op: 'softmaxRows' | 'normalizeRows'): ElementwiseFunction {
  // A typed array is one row, of its real length (an own `length` may lie).
  const twin: Unary = (x, y) => twins[op](x, y, 1, realLength(x));
  const kernel: Unary = (x, y) => native[op](x, y, 1, realLength(x));
  const below = JS_BELOW[op] ?? 0;
  const f = (x: unknown, options?: unknown): unknown => unaryFast(fn, x, options, below, twin, kernel, (rest) => runSync(rowPlan(fn, op, x, rest)));
  Object.defineProperty(f, 'name', { value: fn });
  return f as ElementwiseFunction;
}

/**
 * Softmax over a vector, or over each row of a matrix (the last axis of any
 * array), computed stably: e^(x − max) / Σ e^(x − max). [1000, 1000, 0] gives
 * [0.5, 0.5, 0] where the tutorial's formula gives NaN. A row with NaN gives
 * NaN; a row with +Infinity gives NaN (Inf − Inf); −Infinity beside finite
 * values gives 0.
 * float32 input gives float32: the float64 result rounded once.
 * @param x a number, Float64Array, Float32Array, NDArray or nested array of numbers
 * @param options.out receives the result (same size and dtype; may be `x` itself) and is returned
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE, ERR_BLASKIT_INVALID_OPTION, ERR_BLASKIT_DETACHED, ERR_BLASKIT_DTYPE
 * @throws {RangeError} ERR_BLASKIT_OUT_SIZE, ERR_BLASKIT_RAGGED
 */
export const softmax = rowwise('softmax', 'softmaxRows');

/**
 * Each row (the last axis; a 1-D input is one row) divided by its L2 norm.
 * The norm never overflows or underflows: [1e200, 1e200] and [1e-200, 1e-200]
 * both give 1/√2 in each place, within 1 ULP of the correctly rounded
 * 0.7071067811865476. An all-zero row stays
 * zero (as scikit-learn's normalize does; numpy's x / norm would give NaN).
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE, ERR_BLASKIT_INVALID_OPTION, ERR_BLASKIT_DETACHED, ERR_BLASKIT_DTYPE
 * @throws {RangeError} ERR_BLASKIT_OUT_SIZE, ERR_BLASKIT_RAGGED
 */
export const normalizeRows = rowwise('normalizeRows', 'normalizeRows');
