/**
 * float32 end to end through the public API (issue 14): Float32Array and
 * float32 NDArray in, the same kind and dtype out, sync and async, with and
 * without `out`, at sizes that run in the TypeScript twins, natively, and on
 * several threads. Each result is held against an oracle computed here:
 * - elementwise and row functions: Math.fround of the float64 call on the
 *   exactly widened input (the contract: the float64 result rounded once);
 * - add, subtract, multiply, divide, outer: Math.fround(a op b), i.e. IEEE
 *   float32 arithmetic;
 * - dot, matVec, matMul: float32 accumulation (sdot/sgemv/sgemm), held within
 *   the usual bound n·eps32·Σ|a·b| of the exact product, and a float32 value;
 * - dense: the unfused float32 calls, bit for bit.
 * And the dtype rules: float32 only when every array operand is float32, a
 * number beside float32 arrays rounded to float32 first (NEP 50), any
 * float64 array making the result float64, an `out` of another dtype a
 * TypeError with code ERR_BLASKIT_DTYPE, other typed arrays still rejected.
 */
import { expect } from 'chai';
import * as blaskit from '../lib/index';
import { NDArray, array } from '../lib/index';
import { POOL_MAX_ELEMENTS, POOL_SLAB_BYTES, allocateResult, isPooled } from '../lib/buffers';
import { JS_BELOW } from '../lib/thresholds';
import { seededRandom } from './support/random';

const random = seededRandom(1414);
const EPS32 = 2 ** -23;
const { expKernels, streaming } = blaskit.runtimeInfo().threads.parallelFrom;

type Unary = (x: unknown, options?: unknown) => unknown;
type AsyncUnary = (x: unknown, options?: unknown) => Promise<unknown>;
type BinaryFn = (a: unknown, b: unknown, options?: unknown) => unknown;
type AsyncBinary = (a: unknown, b: unknown, options?: unknown) => Promise<unknown>;

const elementwise: [string, Unary, AsyncUnary][] = [
  ['sigmoid', blaskit.sigmoid as Unary, blaskit.sigmoidAsync as AsyncUnary],
  ['sigmoidDerivative', blaskit.sigmoidDerivative as Unary, blaskit.sigmoidDerivativeAsync as AsyncUnary],
  ['tanh', blaskit.tanh as Unary, blaskit.tanhAsync as AsyncUnary],
  ['tanhDerivative', blaskit.tanhDerivative as Unary, blaskit.tanhDerivativeAsync as AsyncUnary],
  ['relu', blaskit.relu as Unary, blaskit.reluAsync as AsyncUnary],
  ['reluDerivative', blaskit.reluDerivative as Unary, blaskit.reluDerivativeAsync as AsyncUnary],
  ['softmax', blaskit.softmax as Unary, blaskit.softmaxAsync as AsyncUnary],
  ['normalizeRows', blaskit.normalizeRows as Unary, blaskit.normalizeRowsAsync as AsyncUnary],
];

const binary: [string, BinaryFn, AsyncBinary, (a: number, b: number) => number][] = [
  ['add', blaskit.add as BinaryFn, blaskit.addAsync as AsyncBinary, (a, b) => a + b],
  ['subtract', blaskit.subtract as BinaryFn, blaskit.subtractAsync as AsyncBinary, (a, b) => a - b],
  ['multiply', blaskit.multiply as BinaryFn, blaskit.multiplyAsync as AsyncBinary, (a, b) => a * b],
  ['divide', blaskit.divide as BinaryFn, blaskit.divideAsync as AsyncBinary, (a, b) => a / b],
];

/**
 * Sizes below every JS_BELOW (twins), between (twins for some functions,
 * native for others), above the result pool, and from which the kernels split
 * across threads (exp-based and streaming ones).
 */
const SIZES = [1, 3, 7, 9, 31, 33, 95, 97, 127, 129, 300, POOL_MAX_ELEMENTS + 1, expKernels + 3];
const STREAMING_SIZE = streaming + 5;

/** float32 values with the special ones numpy's accuracy tests use: ±0, ±Inf, NaN, float32 subnormals and extremes. */
function float32Input(n: number, scale = 12): Float32Array {
  const specials = [0, -0, Infinity, -Infinity, NaN, 1e-45, -1.4e-44, 3.4028234663852886e38, -3.4028234663852886e38, 1.1754943508222875e-38, 88.7, -104, 20, -20, 0.1];
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = i % 11 === 5 ? specials[((i / 11) | 0) % specials.length] : random.uniform(-scale, scale);
  return x;
}

/** Finite float32 values (for products and sums, where Infinity would make every bound meaningless). */
function finiteFloat32(n: number, scale = 2): Float32Array {
  return Float32Array.from({ length: n }, () => random.uniform(-scale, scale));
}

/** Every element the same value (Object.is: ±0 told apart, NaN equal to NaN), with the first difference named. */
function expectSameValues(actual: ArrayLike<number>, expected: ArrayLike<number>, context: string): void {
  expect(actual.length, `${context}: length`).to.equal(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) expect.fail(`${context}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}

/** The contract's oracle for a function of one array: the float64 call on the widened input, rounded once. */
function roundedFloat64(f: Unary, x: Float32Array | NDArray<Float32Array>): Float32Array {
  const widened = x instanceof NDArray ? array(Float64Array.from(x.data), x.shape) : Float64Array.from(x);
  const result = f(widened) as Float64Array | NDArray;
  const data = result instanceof NDArray ? result.data : result;
  expect(data).to.be.instanceOf(Float64Array);
  return Float32Array.from(data, Math.fround);
}

/** A Float32Array view with a byteOffset inside a padded buffer, and a check that the padding is untouched. */
function paddedFloat32(values: Float32Array, pad = 3): { view: Float32Array; paddingIntact: () => boolean } {
  const whole = new Float32Array(values.length + 2 * pad).fill(-7.25);
  const view = new Float32Array(whole.buffer, 4 * pad, values.length);
  view.set(values);
  return { view, paddingIntact: () => whole.subarray(0, pad).every((v) => v === -7.25) && whole.subarray(pad + values.length).every((v) => v === -7.25) };
}

function thrown(f: () => unknown): Error & { code?: string } {
  try {
    f();
  } catch (error) {
    return error as Error & { code?: string };
  }
  expect.fail('expected the call to throw');
}

function expectError(f: () => unknown, type: typeof TypeError | typeof RangeError, code: string, message: string): void {
  const error = thrown(f);
  expect(error).to.be.instanceOf(type);
  expect(error.code).to.equal(code);
  expect(error.message).to.equal(message);
}

async function expectRejection(promise: Promise<unknown>, type: typeof TypeError, code: string, message: string): Promise<void> {
  let error: (Error & { code?: string }) | undefined;
  await promise.then(
    () => expect.fail('expected a rejection'),
    (reason: Error & { code?: string }) => {
      error = reason;
    },
  );
  expect(error).to.be.instanceOf(type);
  expect(error?.code).to.equal(code);
  expect(error?.message).to.equal(message);
}

/** Every size, and for the streaming kernels (relu and its derivative) their thread threshold too. */
function sizesFor(name: string): number[] {
  return name === 'relu' || name === 'reluDerivative' ? [...SIZES, STREAMING_SIZE] : SIZES;
}

describe('float32', () => {
  describe('elementwise and row functions: the float64 result rounded once', () => {
    for (const [name, f, fAsync] of elementwise) {
      it(`${name}: a Float32Array gives a Float32Array equal to Math.fround of the float64 call, at every size (twins, native, threaded)`, () => {
        for (const n of sizesFor(name)) {
          const x = float32Input(n);
          const before = x.slice();
          const y = f(x);
          expect(y, `n = ${n}`).to.be.instanceOf(Float32Array);
          expectSameValues(y as Float32Array, roundedFloat64(f, x), `${name}, n = ${n}`);
          expectSameValues(x, before, `${name}, n = ${n}: the input is left unchanged`);
        }
      });

      it(`${name}: into an out (returned), in place (out === x), and on views with a byteOffset`, () => {
        for (const n of sizesFor(name)) {
          const x = float32Input(n);
          const expected = roundedFloat64(f, x);
          const out = new Float32Array(n);
          expect(f(x, { out })).to.equal(out);
          expectSameValues(out, expected, `${name} into out, n = ${n}`);

          const inPlace = x.slice();
          expect(f(inPlace, { out: inPlace })).to.equal(inPlace);
          expectSameValues(inPlace, expected, `${name} in place, n = ${n}`);

          const input = paddedFloat32(x);
          const target = paddedFloat32(new Float32Array(n), 5);
          expect(f(input.view, { out: target.view })).to.equal(target.view);
          expectSameValues(target.view, expected, `${name} on views, n = ${n}`);
          expect(input.paddingIntact() && target.paddingIntact(), `${name}, n = ${n}: padding written`).to.equal(true);
          const fresh = f(input.view) as Float32Array;
          expectSameValues(fresh, expected, `${name} of a view, n = ${n}`);
        }
      });

      it(`${name}: a float32 NDArray gives a float32 NDArray of the same shape (rows along the last axis)`, () => {
        for (const [rows, cols] of [[1, 1], [3, 5], [4, 33], [70, 1000]]) {
          const x = array(float32Input(rows * cols, 30), [rows, cols]);
          expect(x.dtype).to.equal('float32');
          const y = f(x) as NDArray<Float32Array>;
          expect(y).to.be.instanceOf(NDArray);
          expect(y.dtype).to.equal('float32');
          expect(y.data).to.be.instanceOf(Float32Array);
          expect(y.shape).to.deep.equal([rows, cols]);
          expectSameValues(y.data, roundedFloat64(f, x), `${name} (${rows},${cols})`);
          const out = array(new Float32Array(rows * cols), [rows, cols]);
          expect(f(x, { out })).to.equal(out);
          expectSameValues(out.data, y.data, `${name} (${rows},${cols}) into an NDArray out`);
        }
      });

      it(`${name}Async: the same bits as ${name}, with and without out, at every size`, async () => {
        for (const n of sizesFor(name)) {
          const x = float32Input(n);
          const expected = f(x) as Float32Array;
          const y = await fAsync(x);
          expect(y, `n = ${n}`).to.be.instanceOf(Float32Array);
          expectSameValues(y as Float32Array, expected, `${name}Async, n = ${n}`);
          const out = new Float32Array(n);
          expect(await fAsync(x, { out })).to.equal(out);
          expectSameValues(out, expected, `${name}Async into out, n = ${n}`);
          const nd = (await fAsync(array(x, [1, n]))) as NDArray<Float32Array>;
          expect(nd.dtype).to.equal('float32');
          expectSameValues(nd.data, expected, `${name}Async of an NDArray, n = ${n}`);
        }
      });
    }

    it('a number alone stays a float64 number; a number with a float32 out is a dtype error', () => {
      expect(blaskit.sigmoid(0.1)).to.equal(blaskit.sigmoid(Float64Array.of(0.1))[0]);
      expectError(() => blaskit.sigmoid(0.1, { out: new Float32Array(1) }), TypeError, 'ERR_BLASKIT_DTYPE',
        "sigmoid: expected option 'out' to be float64 (a Float64Array or float64 NDArray), received a Float32Array of length 1");
    });
  });

  describe('add, subtract, multiply, divide: IEEE float32 arithmetic, numpy 2 promotion', () => {
    for (const [name, f, fAsync, op] of binary) {
      it(`${name}: two Float32Arrays give Math.fround(a ${name} b) elementwise, at every size, sync and async, with out and in place`, async () => {
        for (const n of [...SIZES, STREAMING_SIZE]) {
          const a = float32Input(n, 1e3);
          const b = float32Input(n, 1e-3);
          const expected = Float32Array.from(a, (v, i) => Math.fround(op(v, b[i])));
          const y = f(a, b);
          expect(y, `n = ${n}`).to.be.instanceOf(Float32Array);
          expectSameValues(y as Float32Array, expected, `${name}, n = ${n}`);
          const out = new Float32Array(n);
          expect(f(a, b, { out })).to.equal(out);
          expectSameValues(out, expected, `${name} into out, n = ${n}`);
          const inPlace = a.slice();
          expect(f(inPlace, b, { out: inPlace })).to.equal(inPlace);
          expectSameValues(inPlace, expected, `${name} in place, n = ${n}`);
          const [left, right] = [paddedFloat32(a), paddedFloat32(b, 1)];
          expectSameValues(f(left.view, right.view) as Float32Array, expected, `${name} of views, n = ${n}`);
          expect(left.paddingIntact() && right.paddingIntact()).to.equal(true);
          expectSameValues((await fAsync(a, b)) as Float32Array, expected, `${name}Async, n = ${n}`);
          const asyncOut = new Float32Array(n);
          expect(await fAsync(a, b, { out: asyncOut })).to.equal(asyncOut);
          expectSameValues(asyncOut, expected, `${name}Async into out, n = ${n}`);
        }
      });

      it(`${name}: float32 NDArrays broadcast ((m,n) with (n,), (m,1), (1,n)) and stay float32`, () => {
        for (const [m, n] of [[2, 3], [17, 40], [300, 129]]) {
          const a = array(float32Input(m * n, 50), [m, n]);
          for (const [shape, size] of [[[n], n], [[m, 1], m], [[1, n], n]] as [number[], number][]) {
            const b = array(float32Input(size, 3), shape);
            const y = f(a, b) as NDArray<Float32Array>;
            expect(y.dtype).to.equal('float32');
            expect(y.shape).to.deep.equal([m, n]);
            const expected = new Float32Array(m * n);
            for (let i = 0; i < m; i++) {
              for (let j = 0; j < n; j++) {
                const bv = shape.length === 1 ? b.data[j] : shape[0] === 1 ? b.data[j] : b.data[i];
                expected[i * n + j] = Math.fround(op(a.data[i * n + j], bv));
              }
            }
            expectSameValues(y.data, expected, `${name} (${m},${n}) with ${JSON.stringify(shape)}`);
          }
        }
      });

      it(`${name}: a number beside float32 arrays is rounded to float32 first and the result stays float32 (NEP 50)`, async () => {
        for (const n of [4, 200, 5000]) {
          const a = float32Input(n, 100);
          const tenth = Math.fround(0.1);
          const expected = Float32Array.from(a, (v) => Math.fround(op(v, tenth)));
          const y = f(a, 0.1) as Float32Array;
          expect(y).to.be.instanceOf(Float32Array);
          expectSameValues(y, expected, `${name}(float32, 0.1), n = ${n}`);
          expectSameValues((await fAsync(a, 0.1)) as Float32Array, expected, `${name}Async(float32, 0.1), n = ${n}`);
          const reversed = Float32Array.from(a, (v) => Math.fround(op(tenth, v)));
          expectSameValues(f(0.1, a) as Float32Array, reversed, `${name}(0.1, float32), n = ${n}`);
          const nd = f(array(a, [1, n]), 0.1) as NDArray<Float32Array>;
          expect(nd.dtype).to.equal('float32');
          expectSameValues(nd.data, expected, `${name}(float32 NDArray, 0.1), n = ${n}`);
        }
      });

      it(`${name}: a float64 array beside a float32 one gives float64 on the exactly widened values; nested arrays are float64`, async () => {
        for (const n of [3, 100, 4000]) {
          const a = float32Input(n, 10);
          const b = random.array(n, -3, 3);
          const expected = Float64Array.from(a, (v, i) => op(v, b[i]));
          const y = f(a, b);
          expect(y).to.be.instanceOf(Float64Array);
          expectSameValues(y as Float64Array, expected, `${name}(float32, float64), n = ${n}`);
          expectSameValues((await fAsync(a, b)) as Float64Array, expected, `${name}Async(float32, float64), n = ${n}`);
          expectSameValues(f(b, a) as Float64Array, Float64Array.from(a, (v, i) => op(b[i], v)), `${name}(float64, float32), n = ${n}`);
          const out = new Float64Array(n);
          expect(f(a, b, { out })).to.equal(out);
          expectSameValues(out, expected, `${name}(float32, float64) into a float64 out, n = ${n}`);
          const nested = f(array(a, [1, n]), [Array.from(b)]) as NDArray;
          expect(nested.dtype).to.equal('float64');
          expectSameValues(nested.data, expected, `${name}(float32 NDArray, nested), n = ${n}`);
        }
        expect(f(3, 0.5)).to.equal(op(3, 0.5));
      });
    }

    it('multiply(float32, 0.1) differs from rounding the float64 product: the scalar really is rounded first', () => {
      const a = Float32Array.from({ length: 1000 }, (_, i) => Math.fround(i * 1.37 + 0.3));
      const y = blaskit.multiply(a, 0.1);
      let differs = 0;
      for (let i = 0; i < a.length; i++) {
        expect(y[i]).to.equal(Math.fround(a[i] * Math.fround(0.1)));
        if (y[i] !== Math.fround(a[i] * 0.1)) differs++;
      }
      expect(differs, 'inputs where the two roundings differ').to.be.greaterThan(0);
    });
  });

  describe('products: float32 accumulation (sdot, sgemv, sgemm, small kernels), always native', () => {
    /** |result - exact| within n·eps32·Σ|a·b| (plus a float32 rounding of the result). */
    function expectProductBound(actual: number, terms: readonly [number, number][], context: string): void {
      let exact = 0;
      let magnitude = 0;
      for (const [a, b] of terms) {
        exact += a * b; // float64 sums of float32 products: far inside the float32 bound
        magnitude += Math.abs(a * b);
      }
      const bound = (terms.length + 2) * EPS32 * magnitude + 1e-45;
      expect(Math.fround(actual), `${context}: a float32 value`).to.equal(actual);
      expect(Math.abs(actual - exact), `${context}: ${actual} vs ${exact}`).to.be.at.most(bound);
    }

    it('dot of two Float32Arrays is a number holding a float32 value, below and above JS_BELOW, sync and async', async () => {
      for (const n of [1, 2, 7, 100, (JS_BELOW.dot ?? 256) - 1, JS_BELOW.dot ?? 256, 1000, 100003]) {
        const a = finiteFloat32(n);
        const b = finiteFloat32(n);
        const d = blaskit.dot(a, b);
        expect(typeof d).to.equal('number');
        expectProductBound(d, Array.from(a, (v, i) => [v, b[i]] as [number, number]), `dot n = ${n}`);
        expect(await blaskit.dotAsync(a, b), `dotAsync n = ${n}`).to.equal(d);
        const out = new Float32Array(1);
        expect(blaskit.dot(a, b, { out })).to.equal(out);
        expect(out[0]).to.equal(d);
      }
    });

    it('a float32 dot accumulates in float32: where float64 accumulation would keep a small term, float32 loses it', () => {
      // 1 + 2^-24 + ... : each 2^-24 vanishes beside 1 in float32, not in float64.
      const n = 64;
      const a = new Float32Array(n).fill(2 ** -24);
      a[0] = 1;
      const b = new Float32Array(n).fill(1);
      const d = blaskit.dot(a, b);
      const widened = blaskit.dot(Float64Array.from(a), Float64Array.from(b));
      expect(widened).to.equal(1 + 63 * 2 ** -24);
      expect(Math.fround(d)).to.equal(d);
      expect(d).to.not.equal(widened);
    });

    it('matrix·vector, vector·matrix and matrix·matrix of float32 NDArrays are float32 NDArrays within the bound, with and without out', async () => {
      for (const [m, k, n] of [[1, 1, 1], [3, 4, 5], [16, 16, 16], [40, 70, 30], [200, 150, 130]]) {
        const A = array(finiteFloat32(m * k), [m, k]);
        const B = array(finiteFloat32(k * n), [k, n]);
        const v = finiteFloat32(k);
        const w = finiteFloat32(m);
        const C = blaskit.dot(A, B) as NDArray<Float32Array>;
        expect(C.dtype).to.equal('float32');
        expect(C.shape).to.deep.equal([m, n]);
        for (let i = 0; i < m; i += Math.max(1, m >> 3)) {
          for (let j = 0; j < n; j += Math.max(1, n >> 3)) {
            const terms = Array.from({ length: k }, (_, p) => [A.data[i * k + p], B.data[p * n + j]] as [number, number]);
            expectProductBound(C.data[i * n + j], terms, `matMul (${m},${k},${n})[${i},${j}]`);
          }
        }
        const Av = blaskit.dot(A, v) as NDArray<Float32Array>;
        expect(Av.dtype).to.equal('float32');
        for (let i = 0; i < m; i++) expectProductBound(Av.data[i], Array.from(v, (x, p) => [A.data[i * k + p], x] as [number, number]), `matVec row ${i}`);
        const wA = blaskit.dot(w, A) as NDArray<Float32Array>;
        expect(wA.dtype).to.equal('float32');
        for (let j = 0; j < k; j++) expectProductBound(wA.data[j], Array.from(w, (x, i) => [x, A.data[i * k + j]] as [number, number]), `vecMat column ${j}`);
        const out = array(new Float32Array(m * n), [m, n]);
        expect(blaskit.dot(A, B, { out })).to.equal(out);
        expectSameValues(out.data, C.data, `matMul into out (${m},${k},${n})`);
        const pending = (await blaskit.dotAsync(A, B)) as NDArray<Float32Array>;
        expect(pending.dtype).to.equal('float32');
        expectSameValues(pending.data, C.data, `dotAsync (${m},${k},${n})`);
      }
    });

    it('a float64 operand makes a product float64, on the exactly widened float32 one', () => {
      const A = array(finiteFloat32(12), [3, 4]);
      const B = random.array(4 * 2);
      const mixed = blaskit.dot(A, array(B, [4, 2])) as NDArray;
      expect(mixed.dtype).to.equal('float64');
      const widened = blaskit.dot(array(Float64Array.from(A.data), [3, 4]), array(B, [4, 2])) as NDArray;
      expectSameValues(mixed.data, widened.data, 'dot(float32, float64)');
      const v = finiteFloat32(300);
      const u = random.array(300);
      expect(blaskit.dot(v, u)).to.equal(blaskit.dot(Float64Array.from(v), u));
      expect(blaskit.dot(v, 2)).to.be.instanceOf(Float32Array); // a scalar: the elementwise product, float32
    });

    it('outer of two Float32Arrays is exact float32 (Math.fround(a[i]·b[j])), below and above JS_BELOW, sync and async; mixed is float64', async () => {
      for (const [na, nb] of [[1, 1], [3, 7], [15, 16], [16, 16], [100, 90], [1100, 3]]) {
        const a = finiteFloat32(na, 1e3);
        const b = finiteFloat32(nb, 1e-3);
        const expected = new Float32Array(na * nb);
        for (let i = 0; i < na; i++) for (let j = 0; j < nb; j++) expected[i * nb + j] = Math.fround(a[i] * b[j]);
        const y = blaskit.outer(a, b);
        expect(y.dtype).to.equal('float32');
        expect(y.shape).to.deep.equal([na, nb]);
        expectSameValues(y.data, expected, `outer (${na},${nb})`);
        expectSameValues((await blaskit.outerAsync(a, b)).data, expected, `outerAsync (${na},${nb})`);
        const out = new Float32Array(na * nb);
        expect(blaskit.outer(a, b, { out })).to.equal(out);
        expectSameValues(out, expected, `outer into out (${na},${nb})`);
        const mixed = blaskit.outer(a, Float64Array.from(b));
        expect(mixed.dtype).to.equal('float64');
        expectSameValues(mixed.data, Float64Array.from({ length: na * nb }, (_, k) => a[Math.floor(k / nb)] * b[k % nb]), `outer mixed (${na},${nb})`);
      }
    });
  });

  describe('dense', () => {
    for (const activation of ['none', 'relu', 'sigmoid', 'tanh', 'softmax'] as const) {
      it(`x, weights and bias all float32 give float32, the same bits as the unfused float32 calls (${activation}), sync and async`, async () => {
        for (const [m, k, n] of [[1, 3, 2], [4, 8, 5], [64, 100, 40], [300, 64, 129]]) {
          const x = array(finiteFloat32(m * k), [m, k]);
          const W = array(finiteFloat32(k * n, 0.5), [k, n]);
          const b = finiteFloat32(n);
          const unfusedLinear = blaskit.add(blaskit.dot(x, W) as NDArray<Float32Array>, b);
          const unfused = activation === 'none' ? unfusedLinear : activation === 'softmax' ? blaskit.softmax(unfusedLinear) : blaskit[activation](unfusedLinear);
          expect(unfused.dtype).to.equal('float32');
          const y = blaskit.dense(x, W, b, { activation });
          expect(y.dtype).to.equal('float32');
          expect(y.shape).to.deep.equal([m, n]);
          expectSameValues(y.data, unfused.data, `dense ${activation} (${m},${k},${n})`);
          expectSameValues((await blaskit.denseAsync(x, W, b, { activation })).data, unfused.data, `denseAsync ${activation} (${m},${k},${n})`);
          const out = array(new Float32Array(m * n), [m, n]);
          expect(blaskit.dense(x, W, b, { activation, out })).to.equal(out);
          expectSameValues(out.data, unfused.data, `dense ${activation} into out (${m},${k},${n})`);
        }
      });
    }

    it('any float64 operand makes dense float64, on the widened float32 ones; an out of the other dtype is rejected', () => {
      const x = array(finiteFloat32(6), [2, 3]);
      const W = array(finiteFloat32(12), [3, 4]);
      const b = random.array(4);
      const y = blaskit.dense(x, W, b, { activation: 'tanh' });
      expect(y.dtype).to.equal('float64');
      const widened = blaskit.dense(array(Float64Array.from(x.data), [2, 3]), array(Float64Array.from(W.data), [3, 4]), b, { activation: 'tanh' });
      expectSameValues(y.data, widened.data, 'dense mixed');
      expectError(() => blaskit.dense(x, W, Float32Array.from(b), { out: new Float64Array(8) }), TypeError, 'ERR_BLASKIT_DTYPE',
        "dense: expected option 'out' to be float32 (a Float32Array or float32 NDArray), received a Float64Array of length 8");
    });
  });

  describe('image2vector', () => {
    it('a float32 image gives a float32 column view of the same memory; out must be float32', async () => {
      const image = array(finiteFloat32(2 * 3 * 2), [2, 3, 2]);
      const column = blaskit.image2vector(image);
      expect(column.dtype).to.equal('float32');
      expect(column.shape).to.deep.equal([12, 1]);
      expect(column.data.buffer).to.equal(image.data.buffer);
      const out = new Float32Array(12);
      expect(blaskit.image2vector(image, { out })).to.equal(out);
      expectSameValues(out, image.data, 'image2vector into out');
      expect((await blaskit.image2vectorAsync(image)).dtype).to.equal('float32');
      expectError(() => blaskit.image2vector(image, { out: array(new Float64Array(12), [12, 1]) }), TypeError, 'ERR_BLASKIT_DTYPE',
        "image2vector: expected option 'out' to be float32 (a Float32Array or float32 NDArray), received a float64 NDArray of shape (12,1)");
    });
  });

  describe('array() and NDArray', () => {
    it('NDArray takes its dtype from its data: Float64Array -> float64, Float32Array -> float32', () => {
      expect(new NDArray(new Float64Array(2)).dtype).to.equal('float64');
      const nd = new NDArray(new Float32Array(6), [2, 3]);
      expect(nd.dtype).to.equal('float32');
      expect(nd.reshape(3, 2).dtype).to.equal('float32');
      expect(nd.reshape(3, 2).data.buffer).to.equal(nd.data.buffer);
      expect(Object.isFrozen(nd)).to.equal(true);
    });

    it("array(values, shape, { dtype: 'float32' }) reads numbers and nested arrays into float32 memory, rounding each", () => {
      const a = array([[0.1, 1 / 3], [1e40, -1e-50]], undefined, { dtype: 'float32' });
      expect(a.dtype).to.equal('float32');
      expect(a.shape).to.deep.equal([2, 2]);
      expectSameValues(a.data, [Math.fround(0.1), Math.fround(1 / 3), Infinity, -0], 'nested to float32');
      const scalar = array(0.1, [], { dtype: 'float32' });
      expect(scalar.data[0]).to.equal(Math.fround(0.1));
      expect(array([1, 2]).dtype).to.equal('float64');
      expect(array([1, 2], undefined, { dtype: 'float64' }).dtype).to.equal('float64');
    });

    it('a typed array or NDArray of the requested dtype (or none requested) is wrapped without a copy; another dtype is copied and converted', () => {
      const f32 = Float32Array.of(0.5, 0.1, 3);
      const wrapped = array(f32);
      expect(wrapped.dtype).to.equal('float32');
      expect(wrapped.data.buffer).to.equal(f32.buffer);
      expect(array(f32, [3], { dtype: 'float32' }).data.buffer).to.equal(f32.buffer);
      const widened = array(f32, [1, 3], { dtype: 'float64' });
      expect(widened.dtype).to.equal('float64');
      expect(widened.data.buffer).to.not.equal(f32.buffer);
      expectSameValues(widened.data, [0.5, Math.fround(0.1), 3], 'float32 widened exactly');
      const narrowed = array(array([0.1, 0.2]), undefined, { dtype: 'float32' });
      expect(narrowed.dtype).to.equal('float32');
      expectSameValues(narrowed.data, [Math.fround(0.1), Math.fround(0.2)], 'float64 rounded to float32');
      const nd32 = array(f32, [3, 1]);
      expect(array(nd32).data.buffer).to.equal(f32.buffer);
      expect(array(nd32).dtype).to.equal('float32');
    });

    it('bad dtype options are rejected with the function, the option, what was expected and what was received', () => {
      expectError(() => array([1], undefined, { dtype: 'float16' as never }), RangeError, 'ERR_BLASKIT_INVALID_OPTION', "array: expected option 'dtype' to be 'float64' or 'float32', received a string \"float16\"");
      expectError(() => array([1], undefined, { dtype: Float32Array as never }), TypeError, 'ERR_BLASKIT_INVALID_OPTION', "array: expected option 'dtype' to be 'float64' or 'float32', received a function");
      expectError(() => array([1], undefined, { dtpye: 'float32' } as never), TypeError, 'ERR_BLASKIT_INVALID_OPTION', "array: unknown option 'dtpye' (the only option is 'dtype')");
      expectError(() => array([1], undefined, 'float32' as never), TypeError, 'ERR_BLASKIT_INVALID_OPTION', "array: expected argument 'options' to be an object such as { dtype: 'float32' }, received a string \"float32\"");
      expectError(() => array(new Int32Array(2) as never), TypeError, 'ERR_BLASKIT_INVALID_TYPE', "array: expected argument 'values' to be a number, Float64Array, Float32Array, NDArray or nested array of numbers, received an Int32Array of length 2");
    });

    it('toArray gives the float32 values as numbers; inspect names the dtype as numpy does', () => {
      const nd = array([0.1, 2], [2], { dtype: 'float32' });
      expect(nd.toArray()).to.deep.equal([Math.fround(0.1), 2]);
      const inspected = (nd as unknown as Record<symbol, () => string>)[Symbol.for('nodejs.util.inspect.custom')]();
      expect(inspected).to.match(/, shape=\(2,\), dtype=float32\)$/);
      const inspected64 = (array([1, 2]) as unknown as Record<symbol, () => string>)[Symbol.for('nodejs.util.inspect.custom')]();
      expect(inspected64).to.match(/, shape=\(2,\)\)$/);
    });
  });

  describe('out of another dtype, other typed arrays', () => {
    it('every function rejects an out of the wrong dtype with ERR_BLASKIT_DTYPE, naming the function, options.out, both dtypes', async () => {
      const x32 = float32Input(4);
      const x64 = random.array(4);
      for (const [name, f, fAsync] of elementwise) {
        expectError(() => f(x32, { out: new Float64Array(4) }), TypeError, 'ERR_BLASKIT_DTYPE',
          `${name}: expected option 'out' to be float32 (a Float32Array or float32 NDArray), received a Float64Array of length 4`);
        expectError(() => f(x64, { out: new Float32Array(4) }), TypeError, 'ERR_BLASKIT_DTYPE',
          `${name}: expected option 'out' to be float64 (a Float64Array or float64 NDArray), received a Float32Array of length 4`);
        expectError(() => f(array(x32, [2, 2]), { out: array(new Float64Array(4), [2, 2]) }), TypeError, 'ERR_BLASKIT_DTYPE',
          `${name}: expected option 'out' to be float32 (a Float32Array or float32 NDArray), received a float64 NDArray of shape (2,2)`);
        await expectRejection(fAsync(x32, { out: new Float64Array(4) }), TypeError, 'ERR_BLASKIT_DTYPE',
          `${name}Async: expected option 'out' to be float32 (a Float32Array or float32 NDArray), received a Float64Array of length 4`);
      }
      for (const [name, f, fAsync] of binary) {
        expectError(() => f(x32, x32, { out: new Float64Array(4) }), TypeError, 'ERR_BLASKIT_DTYPE',
          `${name}: expected option 'out' to be float32 (a Float32Array or float32 NDArray), received a Float64Array of length 4`);
        // Mixed operands give float64: a float32 out does not take it.
        expectError(() => f(x32, x64, { out: new Float32Array(4) }), TypeError, 'ERR_BLASKIT_DTYPE',
          `${name}: expected option 'out' to be float64 (a Float64Array or float64 NDArray), received a Float32Array of length 4`);
        await expectRejection(fAsync(x32, 2, { out: new Float64Array(4) }), TypeError, 'ERR_BLASKIT_DTYPE',
          `${name}Async: expected option 'out' to be float32 (a Float32Array or float32 NDArray), received a Float64Array of length 4`);
      }
      expectError(() => blaskit.dot(x32, x32, { out: new Float64Array(1) }), TypeError, 'ERR_BLASKIT_DTYPE',
        "dot: expected option 'out' to be float32 (a Float32Array or float32 NDArray), received a Float64Array of length 1");
      expectError(() => blaskit.outer(x32, x32, { out: new Float64Array(16) }), TypeError, 'ERR_BLASKIT_DTYPE',
        "outer: expected option 'out' to be float32 (a Float32Array or float32 NDArray), received a Float64Array of length 16");
      // The dtype is checked before the size: the TypeError wins.
      expectError(() => blaskit.relu(x32, { out: new Float64Array(3) }), TypeError, 'ERR_BLASKIT_DTYPE',
        "relu: expected option 'out' to be float32 (a Float32Array or float32 NDArray), received a Float64Array of length 3");
      // A float32 out of the wrong size is a size error, as for float64.
      expectError(() => blaskit.relu(x32, { out: new Float32Array(3) }), RangeError, 'ERR_BLASKIT_OUT_SIZE',
        "relu: expected option 'out' to hold 4 elements (the result's shape is (4,)), received a Float32Array of length 3");
    });

    it('other typed arrays stay rejected with ERR_BLASKIT_INVALID_TYPE, as operands and as out', () => {
      for (const [value, described] of [[new Int32Array(3), 'an Int32Array of length 3'], [new Uint8Array(3), 'a Uint8Array of length 3'], [new Int16Array(3), 'an Int16Array of length 3']] as const) {
        expectError(() => blaskit.sigmoid(value as never), TypeError, 'ERR_BLASKIT_INVALID_TYPE',
          `sigmoid: expected argument 'x' to be a number, Float64Array, Float32Array, NDArray or nested array of numbers, received ${described}`);
        expectError(() => blaskit.add(new Float32Array(3), value as never), TypeError, 'ERR_BLASKIT_INVALID_TYPE',
          `add: expected argument 'b' to be a number, Float64Array, Float32Array, NDArray or nested array of numbers, received ${described}`);
        expectError(() => blaskit.relu(new Float32Array(3), { out: value as never }), TypeError, 'ERR_BLASKIT_INVALID_TYPE',
          `relu: expected option 'out' to be a Float64Array, Float32Array or NDArray, received ${described}`);
      }
      expectError(() => blaskit.tanh(Object.create(Float32Array.prototype) as never), TypeError, 'ERR_BLASKIT_INVALID_TYPE',
        "tanh: expected argument 'x' to be a number, Float64Array, Float32Array, NDArray or nested array of numbers, received an instance of Float32Array");
    });
  });

  describe('memory', () => {
    it('float32 results of 1..POOL_MAX_ELEMENTS are pooled, 64-byte aligned and disjoint from every other result; larger ones own their buffer', () => {
      const results: (Float32Array | Float64Array)[] = [];
      for (const n of [1, 2, 15, 16, 17, 100, 1000, POOL_MAX_ELEMENTS]) {
        const y32 = blaskit.relu(float32Input(n));
        const y64 = blaskit.relu(random.array(n));
        for (const y of [y32, y64]) {
          expect(isPooled(y), `n = ${n}`).to.equal(true);
          expect(y.buffer.byteLength).to.equal(POOL_SLAB_BYTES);
          expect(y.byteOffset % 64, `n = ${n}`).to.equal(0);
          results.push(y);
        }
        expect(y32).to.be.instanceOf(Float32Array);
      }
      for (let i = 0; i < results.length; i++) {
        for (let j = i + 1; j < results.length; j++) {
          const [a, b] = [results[i], results[j]];
          if (a.buffer !== b.buffer) continue;
          expect(a.byteOffset + a.byteLength <= b.byteOffset || b.byteOffset + b.byteLength <= a.byteOffset, `results ${i} and ${j} overlap`).to.equal(true);
        }
      }
      for (const n of [POOL_MAX_ELEMENTS + 1, 5000]) {
        const y = blaskit.sigmoid(float32Input(n));
        expect(isPooled(y), `n = ${n}`).to.equal(false);
        expect(y.byteOffset).to.equal(0);
        expect(y.buffer.byteLength).to.equal(4 * n);
      }
    });

    it('allocateResult hands out zero-filled float32 memory, pooled or not', () => {
      for (const n of [1, 7, 300, POOL_MAX_ELEMENTS, POOL_MAX_ELEMENTS + 1, 600000]) {
        const y = allocateResult('test', n, undefined, 'float32');
        expect(y).to.be.instanceOf(Float32Array);
        expect(y.length).to.equal(n);
        expect(y.every((v) => v === 0), `n = ${n}`).to.equal(true);
      }
    });

    it('a Float32Array whose own length property lies is read through its real length, never partly', () => {
      for (const n of [5, 200, 3000]) {
        const x = float32Input(n, 4);
        const expected = roundedFloat64(blaskit.sigmoid as Unary, x);
        const lying = x.slice();
        Object.defineProperty(lying, 'length', { get: () => 2 });
        const y = blaskit.sigmoid(lying) as Float32Array;
        expect(y.length, `n = ${n}`).to.equal(n);
        expectSameValues(y, expected, `sigmoid of a lying Float32Array, n = ${n}`);
        const out = new Float32Array(n);
        Object.defineProperty(out, 'length', { get: () => 1 });
        blaskit.relu(x, { out });
        expectSameValues(new Float32Array(out.buffer), roundedFloat64(blaskit.relu as Unary, x), `relu into a lying out, n = ${n}`);
        expectSameValues(blaskit.add(lying, x) as Float32Array, Float32Array.from(x, (v) => Math.fround(v + v)), `add of a lying Float32Array, n = ${n}`);
      }
    });

    it('a partially overlapping float32 out gives the result of the original values', () => {
      for (const n of [6, 300, 4000]) {
        const whole = float32Input(n + 2, 5);
        const x = whole.subarray(0, n);
        const expected = roundedFloat64(blaskit.tanh as Unary, x.slice());
        const out = whole.subarray(2, n + 2);
        blaskit.tanh(x, { out });
        expectSameValues(out, expected, `tanh with out shifted by 2, n = ${n}`);
      }
    });
  });
});

describe('float32 through the public format() and widening', () => {
  it("format(x, { dtype: 'float32' }) prints a number as numpy prints np.float32(x), an array as np.asarray(x, float32)", () => {
    const a = Float32Array.of(0.1, 0.2);
    const b = Float32Array.of(1, 1);
    const sum = blaskit.dot(a, b);
    expect(sum).to.equal(Math.fround(Math.fround(0.1) + Math.fround(0.2)));
    expect(blaskit.format(sum)).to.equal('0.30000001192092896');
    expect(blaskit.format(sum, { dtype: 'float32' })).to.equal('0.3');
    expect(blaskit.format(Float32Array.of(0.1, 1e6))).to.equal('[1.e-01 1.e+06]');
    expect(blaskit.format([0.1, 0.25], { dtype: 'float32' })).to.equal('[0.1  0.25]');
    expect(blaskit.format(Float32Array.of(1e6), { dtype: 'float64' })).to.equal('[1000000.]');
  });

  it('format rejects options other than { dtype } with ERR_BLASKIT_INVALID_OPTION naming format', () => {
    expect(() => blaskit.format(1, { dtpye: 'float32' } as never)).to.throw(TypeError, "format: unknown option 'dtpye'").with.property('code', 'ERR_BLASKIT_INVALID_OPTION');
    expect(() => blaskit.format(1, { dtype: 'float16' as never })).to.throw(RangeError, "format: expected option 'dtype'").with.property('code', 'ERR_BLASKIT_INVALID_OPTION');
  });

  it('a float32 view pushed out of bounds by a shrunk resizable buffer, beside a float64 operand, reads as empty (as on the float64 path), never an uncoded TypeError', () => {
    const buffer = new (ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void })(16, { maxByteLength: 64 });
    const x = new Float32Array(buffer, 4, 3);
    buffer.resize(4);
    const result = blaskit.outer(x, Float64Array.of(1, 2));
    expect(result.shape).to.deep.equal([0, 2]);
    expect(result.dtype).to.equal('float64');
  });
});
