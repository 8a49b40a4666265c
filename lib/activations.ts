/** sigmoid, tanh, relu and their derivatives: elementwise, numpy semantics. */
import { destination, readOperand, readOut, resultDType, type Input, type Out, type ResultOf } from './operands';
import { runSync, type KernelPlan } from './plan';
import * as twins from './reference/activations';
import { unaryFast } from './fast';
import { native } from './loader';
import { JS_BELOW } from './thresholds';

/** An elementwise function of one operand: `f(x)` or `f(x, { out })`. */
export interface ElementwiseFunction {
  <O extends Out>(x: Input, options: { out: O }): O;
  <X extends Input>(x: X, options?: { out?: undefined }): ResultOf<X>;
}

type ElementwiseOp = 'sigmoid' | 'sigmoidDerivative' | 'tanh' | 'tanhDerivative' | 'relu' | 'reluDerivative';

/** Checks `f(x, options)` and plans the kernel `op` over x's elements. */
export function elementwisePlan(fn: string, op: ElementwiseOp, x: unknown, options: unknown): KernelPlan {
  const input = readOperand(fn, 'x', x);
  const dest = destination(fn, readOut(fn, options, { x: input }), input.kind, input.shape, resultDType(input));
  return { op, inputs: [input.data], params: [], dest, inPlaceSafe: [true] };
}

/** The twins of one element, for a number in and a number out (no array, no native call). */
const scalarTwins: Readonly<Record<ElementwiseOp, (x: number) => number>> = {
  sigmoid: twins.sigmoidOf,
  sigmoidDerivative: twins.sigmoidDerivativeOf,
  tanh: twins.tanhOf,
  tanhDerivative: twins.tanhDerivativeOf,
  relu: twins.reluOf,
  reluDerivative: twins.reluDerivativeOf,
};

function elementwise(op: ElementwiseOp): ElementwiseFunction {
  const scalar = scalarTwins[op];
  const twin = twins[op];
  const kernel = native[op];
  const below = JS_BELOW[op] ?? 0;
  const f = (x: unknown, options?: unknown): unknown => {
    if (typeof x === 'number' && options === undefined) return scalar(x);
    return unaryFast(op, x, options, below, twin, kernel, (rest) => runSync(elementwisePlan(op, op, x, rest)));
  };
  Object.defineProperty(f, 'name', { value: op });
  return f as ElementwiseFunction;
}

/**
 * The logistic sigmoid 1 / (1 + e^-x), elementwise. Exact where the
 * tutorial's formula overflows: sigmoid(-740) is the subnormal 4.2e-322, not 0.
 * NaN -> NaN, Infinity -> 1, -Infinity -> 0.
 * A Float32Array or float32 NDArray gives float32: the float64 result rounded
 * once (within 1 ULP of the correctly rounded float32 value).
 * @param x a number, Float64Array, Float32Array, NDArray or nested array of numbers
 * @param options.out receives the result (same size and dtype; may be `x` itself) and is returned
 * @returns the same kind and dtype as `x`: number, Float64Array, Float32Array or NDArray
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE, ERR_BLASKIT_INVALID_OPTION, ERR_BLASKIT_DETACHED, ERR_BLASKIT_DTYPE (an out of another dtype)
 * @throws {RangeError} ERR_BLASKIT_OUT_SIZE, ERR_BLASKIT_RAGGED
 */
export const sigmoid = elementwise('sigmoid');

/**
 * The sigmoid's gradient σ(x)(1 − σ(x)), taking x (as the tutorial does).
 * Accurate where the naive formula cancels to 0: sigmoidDerivative(40) ≈ 4.25e-18.
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE, ERR_BLASKIT_INVALID_OPTION, ERR_BLASKIT_DETACHED, ERR_BLASKIT_DTYPE
 * @throws {RangeError} ERR_BLASKIT_OUT_SIZE, ERR_BLASKIT_RAGGED
 */
export const sigmoidDerivative = elementwise('sigmoidDerivative');

/**
 * The hyperbolic tangent, elementwise (the C library's tanh, within 2 ULP).
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE, ERR_BLASKIT_INVALID_OPTION, ERR_BLASKIT_DETACHED, ERR_BLASKIT_DTYPE
 * @throws {RangeError} ERR_BLASKIT_OUT_SIZE, ERR_BLASKIT_RAGGED
 */
export const tanh = elementwise('tanh');

/**
 * tanh's gradient 1 − tanh²(x), taking x. Accurate where the naive formula
 * cancels to 0: tanhDerivative(30) ≈ 3.5e-26.
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE, ERR_BLASKIT_INVALID_OPTION, ERR_BLASKIT_DETACHED, ERR_BLASKIT_DTYPE
 * @throws {RangeError} ERR_BLASKIT_OUT_SIZE, ERR_BLASKIT_RAGGED
 */
export const tanhDerivative = elementwise('tanhDerivative');

/**
 * The tutorial's np.where(x < 0, 0, x): negatives become 0; NaN and -0 pass through.
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE, ERR_BLASKIT_INVALID_OPTION, ERR_BLASKIT_DETACHED, ERR_BLASKIT_DTYPE
 * @throws {RangeError} ERR_BLASKIT_OUT_SIZE, ERR_BLASKIT_RAGGED
 */
export const relu = elementwise('relu');

/**
 * relu's gradient: 1 where x > 0, else 0 (NaN gives 0).
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE, ERR_BLASKIT_INVALID_OPTION, ERR_BLASKIT_DETACHED, ERR_BLASKIT_DTYPE
 * @throws {RangeError} ERR_BLASKIT_OUT_SIZE, ERR_BLASKIT_RAGGED
 */
export const reluDerivative = elementwise('reluDerivative');
