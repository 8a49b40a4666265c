/** multiply (broadcasting), dot (OpenBLAS) and outer. */
import { native } from './loader';
import { NDArray } from './ndarray';
import { blaskitRangeError, describeShape, formatShape } from './errors';
import { broadcastShapes, broadcastStrides } from './shape';
import {
  Kind,
  destination,
  readableAlongside,
  readOperand,
  readOut,
  richerKind,
  type Input,
  type Operand,
  type Out,
  type ResultOf,
  type ResultOf2,
} from './operands';

/**
 * The broadcast iteration of `multiply` reduced to as few dimensions as
 * possible: size-1 dims dropped, and neighbouring dims merged wherever both
 * operands step through them contiguously. Most calls end with one or two
 * dims, i.e. one native call.
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

function multiplyOperands(fn: string, a: Operand, b: Operand, out: Out | undefined): unknown {
  const shape = broadcastShapes(fn, a.shape, b.shape);
  const dest = destination(fn, out, richerKind(a, b), shape);
  const size = dest.data.length;
  if (size === 0) return dest.result();
  // In place is safe only for an operand that is not broadcast (read and
  // written at the same index); anything else that shares memory is copied.
  const aData = readableAlongside(a.data, dest.data, a.data.length === size);
  const bData = readableAlongside(b.data, dest.data, b.data.length === size);
  if (aData.length === size && bData.length === size) {
    // Equal sizes after broadcasting means equal shapes (up to 1s): one flat pass.
    native.multiply(aData, 0, 1, bData, 0, 1, dest.data, 1, size);
    return dest.result();
  }
  const { dims, stridesA, stridesB } = collapseDims(shape, broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape));
  while (dims.length < 2) {
    dims.unshift(1);
    stridesA.unshift(0);
    stridesB.unshift(0);
  }
  // The last two dims go to the native kernel; any dims before them are
  // walked here, one native call per 2-D block.
  const lead = dims.length - 2;
  const [rows, cols] = dims.slice(lead);
  const [aRow, aCol] = stridesA.slice(lead);
  const [bRow, bCol] = stridesB.slice(lead);
  const blocks = size / (rows * cols);
  const index = new Array<number>(lead).fill(0);
  for (let block = 0; block < blocks; block++) {
    let offsetA = 0;
    let offsetB = 0;
    for (let d = 0; d < lead; d++) {
      offsetA += index[d] * stridesA[d];
      offsetB += index[d] * stridesB[d];
    }
    const start = block * rows * cols;
    native.multiply(
      lead === 0 ? aData : aData.subarray(offsetA),
      aRow,
      aCol,
      lead === 0 ? bData : bData.subarray(offsetB),
      bRow,
      bCol,
      lead === 0 ? dest.data : dest.data.subarray(start, start + rows * cols),
      rows,
      cols,
    );
    for (let d = lead - 1; d >= 0; d--) {
      if (++index[d] < dims[d]) break;
      index[d] = 0;
    }
  }
  return dest.result();
}

/** An elementwise function of two operands with numpy broadcasting. */
export interface BroadcastFunction {
  <O extends Out>(a: Input, b: Input, options: { out: O }): O;
  <A extends Input, B extends Input>(a: A, b: B, options?: { out?: undefined }): ResultOf2<A, B>;
}

/**
 * Elementwise product with numpy broadcasting (np.multiply): scalars, equal
 * shapes and broadcastable shapes of any rank, e.g. (m,n)×(1,n), (m,n)×(m,1),
 * (n)×(m,n), (m,1)×(1,n). Exact: one rounding per element.
 * @param options.out receives the result (its size) and is returned; may be an input that is not broadcast
 * @returns the richer kind of the two: number < Float64Array < NDArray
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE, ERR_BLASKIT_INVALID_OPTION, ERR_BLASKIT_DETACHED
 * @throws {RangeError} ERR_BLASKIT_SHAPE ("operands could not be broadcast together with shapes (2,3) (4,)"), ERR_BLASKIT_OUT_SIZE, ERR_BLASKIT_RAGGED
 */
export const multiply = function multiply(a: unknown, b: unknown, options?: unknown): unknown {
  const fn = 'multiply';
  const left = readOperand(fn, 'a', a);
  const right = readOperand(fn, 'b', b);
  return multiplyOperands(fn, left, right, readOut(fn, options));
} as BroadcastFunction;

/** The result of dot: a number for two vectors, otherwise the richer kind. */
export type DotResult<A, B> = A extends number
  ? ResultOf<B>
  : B extends number
    ? ResultOf<A>
    : A extends Float64Array
      ? B extends Float64Array
        ? number
        : NDArray | number
      : NDArray | number;

/** np.dot's "not aligned" message. */
function notAligned(a: readonly number[], b: readonly number[], dimA: number, dimB: number): RangeError {
  return blaskitRangeError('ERR_BLASKIT_SHAPE', `dot: shapes ${formatShape(a)} and ${formatShape(b)} not aligned: ${a[dimA]} (dim ${dimA}) != ${b[dimB]} (dim ${dimB})`);
}

function checkRank(arg: string, operand: Operand): void {
  if (operand.shape.length > 2) {
    throw blaskitRangeError('ERR_BLASKIT_RANK', `dot: expected argument '${arg}' to be a number, 1-D or 2-D array, received ${describeShape(operand.shape)}`);
  }
}

/**
 * np.dot for scalars, 1-D and 2-D operands, on OpenBLAS: vector·vector → a
 * number (ddot); matrix·vector and vector·matrix → a vector (dgemv);
 * matrix·matrix → a matrix (dgemm); with a scalar, the elementwise product.
 * @param options.out receives the result (its size; for a number, one element) and is returned; it may not be an input
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE, ERR_BLASKIT_INVALID_OPTION, ERR_BLASKIT_DETACHED
 * @throws {RangeError} ERR_BLASKIT_SHAPE ("dot: shapes (2,3) and (2,2) not aligned: 3 (dim 1) != 2 (dim 0)"), ERR_BLASKIT_RANK for 3-D and higher, ERR_BLASKIT_OUT_SIZE
 */
export function dot<O extends Out>(a: Input, b: Input, options: { out: O }): O;
export function dot<A extends Input, B extends Input>(a: A, b: B, options?: { out?: undefined }): DotResult<A, B>;
export function dot(a: Input, b: Input, options?: { out?: Out }): unknown {
  const fn = 'dot';
  const left = readOperand(fn, 'a', a);
  const right = readOperand(fn, 'b', b);
  const out = readOut(fn, options);
  // With a scalar, np.dot is the elementwise product, whatever the other rank.
  if (left.shape.length === 0 || right.shape.length === 0) return multiplyOperands(fn, left, right, out);
  checkRank('a', left);
  checkRank('b', right);

  const [as, bs] = [left.shape, right.shape];
  const kind = richerKind(left, right);
  if (as.length === 1 && bs.length === 1) {
    if (as[0] !== bs[0]) throw notAligned(as, bs, 0, 0);
    const value = native.dot(left.data, right.data);
    if (out === undefined) return value;
    const dest = destination(fn, out, kind, []);
    dest.data[0] = value;
    return dest.result();
  }
  if (as.length === 2 && bs.length === 1) {
    if (as[1] !== bs[0]) throw notAligned(as, bs, 1, 0);
    const dest = destination(fn, out, kind, [as[0]]);
    native.matVec(readableAlongside(left.data, dest.data, false), as[0], as[1], readableAlongside(right.data, dest.data, false), dest.data, false);
    return dest.result();
  }
  if (as.length === 1 && bs.length === 2) {
    if (as[0] !== bs[0]) throw notAligned(as, bs, 0, 0);
    const dest = destination(fn, out, kind, [bs[1]]);
    native.matVec(readableAlongside(right.data, dest.data, false), bs[0], bs[1], readableAlongside(left.data, dest.data, false), dest.data, true);
    return dest.result();
  }
  if (as[1] !== bs[0]) throw notAligned(as, bs, 1, 0);
  const dest = destination(fn, out, kind, [as[0], bs[1]]);
  native.matMul(readableAlongside(left.data, dest.data, false), readableAlongside(right.data, dest.data, false), dest.data, as[0], as[1], bs[1]);
  return dest.result();
}

/**
 * np.outer: both inputs flattened, result[i][j] = a[i]·b[j], shape
 * (a.size, b.size). Exact: one rounding per element.
 * @param options.out receives the result (a.size·b.size elements) and is returned; it may not be an input
 * @returns an NDArray (or `out`)
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE, ERR_BLASKIT_INVALID_OPTION, ERR_BLASKIT_DETACHED
 * @throws {RangeError} ERR_BLASKIT_OUT_SIZE, ERR_BLASKIT_TOO_LARGE, ERR_BLASKIT_RAGGED
 */
export function outer<O extends Out>(a: Input, b: Input, options: { out: O }): O;
export function outer(a: Input, b: Input, options?: { out?: undefined }): NDArray;
export function outer(a: Input, b: Input, options?: { out?: Out }): unknown {
  const fn = 'outer';
  const left = readOperand(fn, 'a', a);
  const right = readOperand(fn, 'b', b);
  const out = readOut(fn, options);
  const dest = destination(fn, out, Kind.NDArray, [left.data.length, right.data.length]);
  native.outer(readableAlongside(left.data, dest.data, false), readableAlongside(right.data, dest.data, false), dest.data);
  return dest.result();
}
