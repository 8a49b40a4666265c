/** dot (OpenBLAS, or blaskit's small-product kernels) and outer. */
import { NDArray } from './ndarray';
import { blaskitRangeError, describeShape, formatShape } from './errors';
import { Kind, destination, operandData, readOperand, readOut, resultDType, richerKind, type CommonArray, type Input, type Operand, type Out, type ResultOf } from './operands';
import { broadcastPlan } from './arithmetic';
import { runSync, type KernelPlan } from './plan';
import { NOT_PLAIN, elementCount, readPlainOut, sameType } from './fast';
import { allocateResult, overlaps, realLength } from './buffers';
import { dtypeOf, isFloatArray, type FloatArray } from './dtype';
import { native } from './loader';
import * as twins from './reference/products';
import { JS_BELOW } from './thresholds';

/** The result of dot: a number for two vectors, otherwise the richer kind (float32 when both arrays are). */
export type DotResult<A, B> = A extends number
  ? ResultOf<B>
  : B extends number
    ? ResultOf<A>
    : A extends FloatArray
      ? B extends FloatArray
        ? number
        : NDArray<CommonArray<A, B>> | number
      : NDArray<CommonArray<A, B>> | number;

/** np.dot's "not aligned" message. */
export function notAligned(fn: string, a: readonly number[], b: readonly number[], dimA: number, dimB: number): RangeError {
  return blaskitRangeError('ERR_BLASKIT_SHAPE', `${fn}: shapes ${formatShape(a)} and ${formatShape(b)} not aligned: ${a[dimA]} (dim ${dimA}) != ${b[dimB]} (dim ${dimB})`);
}

function checkRank(fn: string, arg: string, operand: Operand): void {
  if (operand.shape.length > 2) {
    throw blaskitRangeError('ERR_BLASKIT_RANK', `${fn}: expected argument '${arg}' to be a number, 1-D or 2-D array, received ${describeShape(operand.shape)}`);
  }
}

/** Checks `dot(a, b, options)` (or its async twin, named `fn`) and plans ddot, dgemv, dgemm or a product. */
export function planDot(fn: string, a: unknown, b: unknown, options: unknown): KernelPlan {
  const left = readOperand(fn, 'a', a);
  const right = readOperand(fn, 'b', b);
  const out = readOut(fn, options, { a: left, b: right });
  // With a scalar, np.dot is the elementwise product, whatever the other rank.
  if (left.shape.length === 0 || right.shape.length === 0) return broadcastPlan('multiply', fn, left, right, out);
  checkRank(fn, 'a', left);
  checkRank(fn, 'b', right);
  const [as, bs] = [left.shape, right.shape];
  const kind = richerKind(left, right);
  const noAlias = [false, false];
  // sdot/sgemv/sgemm when both are float32; a float32 operand beside a float64 one is widened.
  const dtype = resultDType(left, right);
  const [aData, bData] = [operandData(left, dtype), operandData(right, dtype)];
  if (as.length === 1 && bs.length === 1) {
    if (as[0] !== bs[0]) throw notAligned(fn, as, bs, 0, 0);
    // Two vectors give a number, whatever their kind (np.dot gives a scalar).
    return { op: 'dot', inputs: [aData, bData], params: [], dest: destination(fn, out, Kind.Number, [], dtype), inPlaceSafe: noAlias };
  }
  if (as.length === 2 && bs.length === 1) {
    if (as[1] !== bs[0]) throw notAligned(fn, as, bs, 1, 0);
    return { op: 'matVec', inputs: [aData, bData], params: [as[0], as[1], 0], dest: destination(fn, out, kind, [as[0]], dtype), inPlaceSafe: noAlias };
  }
  if (as.length === 1 && bs.length === 2) {
    if (as[0] !== bs[0]) throw notAligned(fn, as, bs, 0, 0);
    return { op: 'matVec', inputs: [bData, aData], params: [bs[0], bs[1], 1], dest: destination(fn, out, kind, [bs[1]], dtype), inPlaceSafe: noAlias };
  }
  if (as[1] !== bs[0]) throw notAligned(fn, as, bs, 1, 0);
  return { op: 'matMul', inputs: [aData, bData], params: [as[0], as[1], bs[1]], dest: destination(fn, out, kind, [as[0], bs[1]], dtype), inPlaceSafe: noAlias };
}

/**
 * np.dot for scalars, 1-D and 2-D operands, on OpenBLAS: vector·vector → a
 * number (ddot); matrix·vector and vector·matrix → a vector (dgemv);
 * matrix·matrix → a matrix (dgemm); with a scalar, the elementwise product.
 * Two float32 operands use sdot/sgemv/sgemm (float32 accumulation; dot then
 * returns a number holding the float32 sum); a float64 one makes it float64.
 * @param options.out receives the result (its size; for a number, one element) and is returned
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE, ERR_BLASKIT_INVALID_OPTION, ERR_BLASKIT_DETACHED, ERR_BLASKIT_DTYPE
 * @throws {RangeError} ERR_BLASKIT_SHAPE ("dot: shapes (2,3) and (2,2) not aligned: 3 (dim 1) != 2 (dim 0)"), ERR_BLASKIT_RANK for 3-D and higher, ERR_BLASKIT_OUT_SIZE
 */
export function dot<O extends Out>(a: Input, b: Input, options: { out: O }): O;
export function dot<A extends Input, B extends Input>(a: A, b: B, options?: { out?: undefined }): DotResult<A, B>;
export function dot(a: Input, b: Input, options?: { out?: Out }): unknown {
  if (options === undefined) {
    // Two vectors of equal length and type (the fast path, lib/fast.ts): a number.
    const n = elementCount(a);
    if (n > 0 && elementCount(b) === n && sameType(a, b)) {
      const left = a as FloatArray;
      const right = b as FloatArray;
      // float32 products accumulate in float32: natively only (the twin sums in float64).
      return n < (JS_BELOW.dot ?? 0) && left instanceof Float64Array ? twins.dot(left, right as Float64Array) : native.dot(left, right);
    }
  }
  return matrixProductFast(a, b, options);
}

/**
 * A product operand as the fast path takes it: a 2-D NDArray (rows × cols) or
 * a typed array (a vector: rows = 0), with elements; undefined otherwise.
 */
export interface MatrixOperand {
  readonly data: FloatArray;
  readonly rows: number;
  readonly cols: number;
}

/** `x` as a MatrixOperand, or undefined for anything the general path must read. */
export function matrixOperand(x: unknown): MatrixOperand | undefined {
  if (NDArray.isNDArray(x)) {
    const shape = x.shape;
    if (shape.length !== 2 || shape[0] === 0 || shape[1] === 0) return undefined;
    // A detached or shrunk buffer reads as fewer elements: the general path reports it.
    return realLength(x.data) === shape[0] * shape[1] ? { data: x.data, rows: shape[0], cols: shape[1] } : undefined;
  }
  const n = elementCount(x);
  return n > 0 ? { data: x as FloatArray, rows: 0, cols: n } : undefined;
}

/** True when `a` and `b` hold data of the same type: one native call of that dtype takes both. */
export function oneDType(a: MatrixOperand, b: MatrixOperand): boolean {
  return sameType(a.data, b.data);
}

/**
 * `out` (the value read from plain options, or undefined) as a destination of
 * `size` elements of left's dtype that shares no memory with the operands;
 * undefined when it is not one (then the general path decides).
 */
export function outData(out: unknown, size: number, left: FloatArray, right: FloatArray): FloatArray | undefined {
  const data = NDArray.isNDArray(out) ? out.data : isFloatArray(out) ? out : undefined;
  if (data === undefined || !sameType(data, left) || realLength(data) !== size || overlaps(data, left) || overlaps(data, right)) return undefined;
  return data;
}

/**
 * The fast path of a matrix product (see lib/fast.ts): matrix·matrix,
 * matrix·vector and vector·matrix of NDArrays and typed arrays (all of one type) with elements,
 * options absent or a plain `{ out }` that overlaps neither operand. One
 * native call, no plan: the general path's argument reading costs 0.25-0.5 µs,
 * as much as an 8×8 product. Anything else goes to the general path, which
 * gives the same results and reports every error.
 */
function matrixProductFast(a: unknown, b: unknown, options: unknown): unknown {
  let out: unknown;
  let rest: unknown;
  if (options !== undefined) {
    out = readPlainOut(options);
    if (out === NOT_PLAIN) return runSync(planDot('dot', a, b, options));
    rest = { out };
  }
  const left = matrixOperand(a);
  const right = matrixOperand(b);
  if (left === undefined || right === undefined || !oneDType(left, right) || (left.rows === 0 && right.rows === 0)) return runSync(planDot('dot', a, b, rest));
  const inner = right.rows === 0 ? right.cols : right.rows;
  if (left.cols !== inner) return runSync(planDot('dot', a, b, rest));
  const m = left.rows;
  const n = right.rows === 0 ? 0 : right.cols;
  const size = m === 0 ? n : n === 0 ? m : m * n;
  const y = out === undefined ? allocateResult('dot', size, undefined, dtypeOf(left.data)) : outData(out, size, left.data, right.data);
  if (y === undefined) return runSync(planDot('dot', a, b, rest));
  if (m === 0) native.matVec(right.data, right.rows, right.cols, left.data, y, true);
  else if (n === 0) native.matVec(left.data, m, left.cols, right.data, y, false);
  else native.matMul(left.data, right.data, y, m, left.cols, n);
  if (out !== undefined) return out;
  return new NDArray(y, m === 0 ? [n] : n === 0 ? [m] : [m, n]);
}

/** Checks `outer(a, b, options)` (or its async twin, named `fn`) and plans it. */
export function planOuter(fn: string, a: unknown, b: unknown, options: unknown): KernelPlan {
  const left = readOperand(fn, 'a', a);
  const right = readOperand(fn, 'b', b);
  const dtype = resultDType(left, right);
  const dest = destination(fn, readOut(fn, options, { a: left, b: right }), Kind.NDArray, [left.data.length, right.data.length], dtype);
  return { op: 'outer', inputs: [operandData(left, dtype), operandData(right, dtype)], params: [], dest, inPlaceSafe: [false, false] };
}

/**
 * np.outer: both inputs flattened, result[i][j] = a[i]·b[j], shape
 * (a.size, b.size). Exact: one rounding per element (float32 when both are float32).
 * @param options.out receives the result (a.size·b.size elements) and is returned
 * @returns an NDArray (or `out`)
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE, ERR_BLASKIT_INVALID_OPTION, ERR_BLASKIT_DETACHED, ERR_BLASKIT_DTYPE
 * @throws {RangeError} ERR_BLASKIT_OUT_SIZE, ERR_BLASKIT_TOO_LARGE, ERR_BLASKIT_RAGGED
 */
export function outer<O extends Out>(a: Input, b: Input, options: { out: O }): O;
export function outer<A extends Input, B extends Input>(a: A, b: B, options?: { out?: undefined }): NDArray<CommonArray<A, B>>;
export function outer(a: Input, b: Input, options?: { out?: Out }): unknown {
  if (options === undefined) {
    // Two vectors of one type (the fast path, lib/fast.ts).
    const na = elementCount(a);
    const nb = elementCount(b);
    if (na > 0 && nb > 0 && sameType(a, b)) {
      const y = allocateResult('outer', na * nb, [na, nb], dtypeOf(a as FloatArray));
      (na * nb < (JS_BELOW.outer ?? 0) ? twins.outer : native.outer)(a as FloatArray, b as FloatArray, y);
      return new NDArray(y, [na, nb]);
    }
  }
  return runSync(planOuter('outer', a, b, options));
}
