/**
 * Type tests, checked by `tsc --noEmit` as part of `npm test`: right calls
 * compile with the result types a user relies on, wrong calls do not
 * (each @ts-expect-error fails the type check if the line ever compiles).
 */
import { NDArray, add, addAsync, array, dense, denseAsync, divide, dot, format, image2vector, multiply, outer, sigmoid, softmax, subtract, type BlaskitError } from '../../lib/index';

const n: number = sigmoid(3);
const f: Float64Array = sigmoid(new Float64Array(3));
const a: NDArray = sigmoid([1, 2, 3]);
const m: NDArray = softmax([[1, 2], [3, 4]]);
const o: Float64Array = sigmoid([1, 2], { out: new Float64Array(2) });
const p: NDArray = multiply([[1, 2]], 3);
const q: Float64Array = multiply(new Float64Array(2), 2);
const d: number = dot(new Float64Array(2), new Float64Array(2));
const e: NDArray | number = dot([[1]], [[1]]);
const g: NDArray = outer([1], [2]);
const h: NDArray = image2vector(array([1, 2], [1, 1, 2]));
const s: string = format(m);
const code: BlaskitError['code'] = 'ERR_BLASKIT_SHAPE';
const sum: Float64Array = add(new Float64Array(2), new Float64Array(2));
const difference: NDArray = subtract([[1, 2]], new Float64Array(2));
const quotient: number = divide(1, 0);
const intoOut: NDArray = divide([[1]], 2, { out: array([0], [1, 1]) });
const pendingSum: Promise<Float64Array> = addAsync(new Float64Array(1), 1);
const layer: NDArray = dense([[1, 2]], [[1], [2]], [0.5], { activation: 'relu' });
const layerNoBias: NDArray = dense(new Float64Array(2), array([1, 2], [2, 1]));
const layerOut: Float64Array = dense([[1, 2]], [[1], [2]], null, { activation: 'softmax', out: new Float64Array(1) });
const pendingLayer: Promise<NDArray> = denseAsync([[1, 2]], [[1], [2]], undefined, { activation: 'tanh' });

// @ts-expect-error strings are not inputs
sigmoid('3');
// @ts-expect-error booleans are not inputs
sigmoid(true);
// @ts-expect-error Float32Array is not an input (float64 only)
sigmoid(new Float32Array(3));
// @ts-expect-error out must be a Float64Array or NDArray
sigmoid([1], { out: [0] });
// @ts-expect-error unknown options are errors
sigmoid([1], { outt: new Float64Array(1) });
// @ts-expect-error a number result is not a Float64Array
const wrong: Float64Array = sigmoid(3);
// @ts-expect-error outer always returns an NDArray
const wrongOuter: Float64Array = outer(new Float64Array(1), new Float64Array(1));
// @ts-expect-error add of two Float64Arrays is a Float64Array, not a number
const wrongSum: number = add(new Float64Array(1), new Float64Array(1));
// @ts-expect-error divide takes no options but out
divide(1, 2, { where: true });
// @ts-expect-error subtract's operands are numbers or arrays, not strings
subtract('1', 2);
// @ts-expect-error 'gelu' is not an activation blaskit has
dense([[1]], [[1]], null, { activation: 'gelu' });
// @ts-expect-error dense takes no option but activation and out
dense([[1]], [[1]], null, { axis: 1 });
// @ts-expect-error dense returns an NDArray, not a Float64Array, without out
const wrongLayer: Float64Array = dense(new Float64Array(1), [[1]]);
// @ts-expect-error not a code blaskit throws
const wrongCode: BlaskitError['code'] = 'ERR_SOMETHING_ELSE';

export { n, f, a, m, o, p, q, d, e, g, h, s, code, wrong, wrongOuter, wrongCode, sum, difference, quotient, intoOut, pendingSum, wrongSum, layer, layerNoBias, layerOut, pendingLayer, wrongLayer };
