/** softmax and normalizeRows: functions of each row (the last axis). */
import { native } from './loader';
import { shapeSize } from './shape';
import { type ElementwiseFunction } from './activations';
import { destination, readableAlongside, readOperand, readOut } from './operands';

type RowKernel = (x: Float64Array, y: Float64Array, rows: number, cols: number) => void;

function rowwise(fn: string, kernel: RowKernel): ElementwiseFunction {
  const f = (x: unknown, options?: unknown): unknown => {
    const input = readOperand(fn, 'x', x);
    const out = readOut(fn, options);
    const dest = destination(fn, out, input.kind, input.shape);
    // A number or 0-D array is a row of one; otherwise rows run along the last axis.
    const cols = input.shape.length === 0 ? 1 : input.shape[input.shape.length - 1];
    const rows = shapeSize(input.shape.slice(0, -1));
    kernel(readableAlongside(input.data, dest.data, true), dest.data, rows, cols);
    return dest.result();
  };
  Object.defineProperty(f, 'name', { value: fn });
  return f as ElementwiseFunction;
}

/**
 * Softmax over a vector, or over each row of a matrix (the last axis of any
 * array), computed stably: e^(x − max) / Σ e^(x − max). [1000, 1000, 0] gives
 * [0.5, 0.5, 0] where the tutorial's formula gives NaN. A row with NaN gives
 * NaN; a row with +Infinity gives NaN (Inf − Inf); −Infinity beside finite
 * values gives 0.
 * @param x a number, Float64Array, NDArray or nested array of numbers
 * @param options.out receives the result (same size; may be `x` itself) and is returned
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE, ERR_BLASKIT_INVALID_OPTION, ERR_BLASKIT_DETACHED
 * @throws {RangeError} ERR_BLASKIT_OUT_SIZE, ERR_BLASKIT_RAGGED
 */
export const softmax = rowwise('softmax', native.softmaxRows);

/**
 * Each row (the last axis; a 1-D input is one row) divided by its L2 norm.
 * The norm never overflows or underflows: [1e200, 1e200] and [1e-200, 1e-200]
 * both give 1/√2 in each place, within 1 ULP of the correctly rounded
 * 0.7071067811865476. An all-zero row stays
 * zero (as scikit-learn's normalize does; numpy's x / norm would give NaN).
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE, ERR_BLASKIT_INVALID_OPTION, ERR_BLASKIT_DETACHED
 * @throws {RangeError} ERR_BLASKIT_OUT_SIZE, ERR_BLASKIT_RAGGED
 */
export const normalizeRows = rowwise('normalizeRows', native.normalizeRows);
