/** dot (OpenBLAS, or blaskit's small-product kernels) and outer. */
import { NDArray } from './ndarray';
import { blaskitRangeError, describeShape, formatShape } from './errors';
import { Kind, destination, readOperand, readOut, richerKind, type Input, type Operand, type Out, type ResultOf } from './operands';
import { broadcastPlan } from './arithmetic';
import { runSync, type KernelPlan } from './plan';
import { elementCount } from './fast';
import { allocateResult } from './buffers';
import { native } from './loader';
import * as twins from './reference/products';
import { JS_BELOW } from './thresholds';

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
function notAligned(fn: string, a: readonly number[], b: readonly number[], dimA: number, dimB: number): RangeError {
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
  if (as.length === 1 && bs.length === 1) {
    if (as[0] !== bs[0]) throw notAligned(fn, as, bs, 0, 0);
    // Two vectors give a number, whatever their kind (np.dot gives a scalar).
    return { op: 'dot', inputs: [left.data, right.data], params: [], dest: destination(fn, out, Kind.Number, []), inPlaceSafe: noAlias };
  }
  if (as.length === 2 && bs.length === 1) {
    if (as[1] !== bs[0]) throw notAligned(fn, as, bs, 1, 0);
    return { op: 'matVec', inputs: [left.data, right.data], params: [as[0], as[1], 0], dest: destination(fn, out, kind, [as[0]]), inPlaceSafe: noAlias };
  }
  if (as.length === 1 && bs.length === 2) {
    if (as[0] !== bs[0]) throw notAligned(fn, as, bs, 0, 0);
    return { op: 'matVec', inputs: [right.data, left.data], params: [bs[0], bs[1], 1], dest: destination(fn, out, kind, [bs[1]]), inPlaceSafe: noAlias };
  }
  if (as[1] !== bs[0]) throw notAligned(fn, as, bs, 1, 0);
  return { op: 'matMul', inputs: [left.data, right.data], params: [as[0], as[1], bs[1]], dest: destination(fn, out, kind, [as[0], bs[1]]), inPlaceSafe: noAlias };
}

/**
 * np.dot for scalars, 1-D and 2-D operands, on OpenBLAS: vector·vector → a
 * number (ddot); matrix·vector and vector·matrix → a vector (dgemv);
 * matrix·matrix → a matrix (dgemm); with a scalar, the elementwise product.
 * @param options.out receives the result (its size; for a number, one element) and is returned
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE, ERR_BLASKIT_INVALID_OPTION, ERR_BLASKIT_DETACHED
 * @throws {RangeError} ERR_BLASKIT_SHAPE ("dot: shapes (2,3) and (2,2) not aligned: 3 (dim 1) != 2 (dim 0)"), ERR_BLASKIT_RANK for 3-D and higher, ERR_BLASKIT_OUT_SIZE
 */
export function dot<O extends Out>(a: Input, b: Input, options: { out: O }): O;
export function dot<A extends Input, B extends Input>(a: A, b: B, options?: { out?: undefined }): DotResult<A, B>;
export function dot(a: Input, b: Input, options?: { out?: Out }): unknown {
  if (options === undefined) {
    // Two vectors of equal length (the fast path, lib/fast.ts): a number.
    const n = elementCount(a);
    if (n > 0 && elementCount(b) === n) {
      const left = a as Float64Array;
      const right = b as Float64Array;
      return n < (JS_BELOW.dot ?? 0) ? twins.dot(left, right) : native.dot(left, right);
    }
  }
  return runSync(planDot('dot', a, b, options));
}

/** Checks `outer(a, b, options)` (or its async twin, named `fn`) and plans it. */
export function planOuter(fn: string, a: unknown, b: unknown, options: unknown): KernelPlan {
  const left = readOperand(fn, 'a', a);
  const right = readOperand(fn, 'b', b);
  const dest = destination(fn, readOut(fn, options, { a: left, b: right }), Kind.NDArray, [left.data.length, right.data.length]);
  return { op: 'outer', inputs: [left.data, right.data], params: [], dest, inPlaceSafe: [false, false] };
}

/**
 * np.outer: both inputs flattened, result[i][j] = a[i]·b[j], shape
 * (a.size, b.size). Exact: one rounding per element.
 * @param options.out receives the result (a.size·b.size elements) and is returned
 * @returns an NDArray (or `out`)
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE, ERR_BLASKIT_INVALID_OPTION, ERR_BLASKIT_DETACHED
 * @throws {RangeError} ERR_BLASKIT_OUT_SIZE, ERR_BLASKIT_TOO_LARGE, ERR_BLASKIT_RAGGED
 */
export function outer<O extends Out>(a: Input, b: Input, options: { out: O }): O;
export function outer(a: Input, b: Input, options?: { out?: undefined }): NDArray;
export function outer(a: Input, b: Input, options?: { out?: Out }): unknown {
  if (options === undefined) {
    // Two vectors (the fast path, lib/fast.ts).
    const na = elementCount(a);
    const nb = elementCount(b);
    if (na > 0 && nb > 0) {
      const y = allocateResult('outer', na * nb, [na, nb]);
      (na * nb < (JS_BELOW.outer ?? 0) ? twins.outer : native.outer)(a as Float64Array, b as Float64Array, y);
      return new NDArray(y, [na, nb]);
    }
  }
  return runSync(planOuter('outer', a, b, options));
}
