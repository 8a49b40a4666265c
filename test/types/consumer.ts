/**
 * Type tests, checked by `tsc --noEmit` as part of `npm test`: right calls
 * compile with the result types a user relies on, wrong calls do not
 * (each @ts-expect-error fails the type check if the line ever compiles).
 */
import {
  NDArray,
  add,
  addAsync,
  array,
  dense,
  denseAsync,
  divide,
  dot,
  dotAsync,
  format,
  image2vector,
  multiply,
  outer,
  outerAsync,
  relu,
  sigmoid,
  sigmoidAsync,
  softmax,
  subtract,
  type BlaskitError,
  type DType,
  type FloatArray,
} from '../../lib/index';

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
// @ts-expect-error other typed arrays are not inputs
sigmoid(new Int32Array(3));
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

// float32: the result has the inputs' dtype; an NDArray's data and dtype say which.
const f32 = new Float32Array(4);
const nd32 = array(f32, [2, 2]);
const nd64 = array([[1, 2], [3, 4]]);
const data64: Float64Array = nd64.data; // existing users' code: NDArray is NDArray<Float64Array>
const data32: Float32Array = nd32.data;
const dtype32: 'float32' = nd32.dtype;
const dtype64: 'float64' = nd64.dtype;
const anyDType: DType = array(f32 as FloatArray).dtype;
const asked32: NDArray<Float32Array> = array([1, 2], undefined, { dtype: 'float32' });
const narrowed: NDArray<Float32Array> = array(new Float64Array(2), [2], { dtype: 'float32' });
const widened: NDArray = array(f32, undefined, { dtype: 'float64' });
const sig32: Float32Array = sigmoid(f32);
const soft32: NDArray<Float32Array> = softmax(nd32);
const relu32Out: Float32Array = relu(f32, { out: f32 });
const mul32: Float32Array = multiply(f32, 0.1); // a number keeps float32 (NEP 50)
const add32: NDArray<Float32Array> = add(nd32, f32);
const mixed: Float64Array = add(f32, new Float64Array(4)); // any float64 array makes it float64
const mixedNd: NDArray = subtract(nd32, [[1, 2]]); // nested arrays are float64
const dot32: number = dot(f32, f32);
const matVec32: NDArray<Float32Array> | number = dot(nd32, f32);
const outer32: NDArray<Float32Array> = outer(f32, f32);
const outerMixed: NDArray = outer(f32, [1, 2]);
const layer32: NDArray<Float32Array> = dense(nd32, nd32, f32, { activation: 'relu' });
const layer32NoBias: NDArray<Float32Array> = dense(f32.subarray(0, 2), nd32);
const layerMixed: NDArray = dense(nd32, nd32, new Float64Array(2));
const image32: NDArray<Float32Array> = image2vector(array(f32, [1, 2, 2]));
const pending32: Promise<Float32Array> = sigmoidAsync(f32);
const pendingDot32: Promise<number> = dotAsync(f32, f32);
const pendingOuter32: Promise<NDArray<Float32Array>> = outerAsync(f32, f32);
const dtypeCode: BlaskitError['code'] = 'ERR_BLASKIT_DTYPE';
const f32s: string = format(f32);
// @ts-expect-error a float32 result is not a Float64Array
const wrong32: Float64Array = sigmoid(f32);
// @ts-expect-error mixed dtypes give float64, not float32
const wrongMixed: Float32Array = add(f32, new Float64Array(4));
// @ts-expect-error a float32 NDArray's data is a Float32Array
const wrongData: Float64Array = nd32.data;
// @ts-expect-error a float32 NDArray's dtype is 'float32'
const wrongDType: 'float64' = nd32.dtype;
// @ts-expect-error the dtypes are 'float64' and 'float32'
array([1], undefined, { dtype: 'float16' });
// @ts-expect-error a float32 layer needs float32 weights too
const wrongLayer32: NDArray<Float32Array> = dense(nd32, nd64);

export {
  f32s,
  data64,
  data32,
  dtype32,
  dtype64,
  anyDType,
  asked32,
  narrowed,
  widened,
  sig32,
  soft32,
  relu32Out,
  mul32,
  add32,
  mixed,
  mixedNd,
  dot32,
  matVec32,
  outer32,
  outerMixed,
  layer32,
  layer32NoBias,
  layerMixed,
  image32,
  pending32,
  pendingDot32,
  pendingOuter32,
  dtypeCode,
  wrong32,
  wrongMixed,
  wrongData,
  wrongDType,
  wrongLayer32,
};

export { n, f, a, m, o, p, q, d, e, g, h, s, code, wrong, wrongOuter, wrongCode, sum, difference, quotient, intoOut, pendingSum, wrongSum, layer, layerNoBias, layerOut, pendingLayer, wrongLayer };
