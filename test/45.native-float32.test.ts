/**
 * The raw binding with Float32Array (issue 14), below the TypeScript layer:
 * every native function takes Float32Arrays as it takes Float64Arrays and runs
 * the float32 kernel. What the contract fixes is checked exactly:
 *  - activations and row kernels: the float64 call's result on the widened
 *    input, rounded once (Math.fround), bit for bit;
 *  - add/subtract/multiply/divide and outer: Math.fround(a op b);
 *  - dot, matVec, matMul (small kernels and OpenBLAS) and dense's product:
 *    float32 values within the float32 error bound of a double reference;
 * at sizes below and above the thread-split thresholds. All arrays of one call
 * must be of one type (mixing throws TypeError ERR_BLASKIT_NATIVE_ARGUMENT
 * naming both arguments), lengths are counted in elements, and runAsync
 * snapshots float32 inputs and honours the detaching rules as for float64.
 */
import { expect } from 'chai';
import { native } from '../lib/loader';
import { seededRandom } from './support/random';

type F = Float64Array | Float32Array;
/** The raw functions as the contract types them (binding.d.ts is the TypeScript helper's). */
interface Raw {
  sigmoid(x: F, y: F): void;
  softmaxRows(x: F, y: F, rows: number, cols: number): void;
  multiply(a: F, aRowStride: number, aColStride: number, b: F, bRowStride: number, bColStride: number, out: F, rows: number, cols: number): void;
  outer(a: F, b: F, out: F): void;
  dot(a: F, b: F): number;
  matVec(a: F, rows: number, cols: number, x: F, y: F, transpose: boolean): void;
  matMul(a: F, b: F, c: F, m: number, k: number, n: number): void;
  dense(x: F, w: F, bias: F | null, y: F, m: number, k: number, n: number, activation: number): void;
  runAsync(op: string, inputs: F[], params: number[], destination: F, privateDestination: boolean): Promise<void>;
  adviseHugePages(array: F): number;
}
const raw = native as unknown as Raw & Record<string, (...args: unknown[]) => unknown>;

const random = seededRandom(20261204);
const { expKernels, streaming } = native.runtimeInfo().threads.parallelFrom;
const U32 = 2 ** -24; // float32's unit roundoff

/** f throws `type` with code ERR_BLASKIT_NATIVE_ARGUMENT and exactly `message`. */
function expectError(f: () => unknown, type: typeof TypeError | typeof RangeError, message: string): void {
  expect(f).to.throw(type).that.includes({ code: 'ERR_BLASKIT_NATIVE_ARGUMENT', message });
}

/** n float32 values: uniform in [-scale, scale), with float32's special values at the front. */
function float32Values(n: number, scale = 8): Float32Array {
  const specials = [0, -0, NaN, Infinity, -Infinity, 1.4e-45, -1.4e-45, 1.1754944e-38, 3.4028235e38, -3.4028235e38, 88.72, -104, 17.33, -17.33];
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = i < specials.length && n >= 32 ? specials[i] : random.uniform(-scale, scale);
  return x;
}

/** actual equals expected bit for bit, except that any NaN matches any NaN (as in float64). */
function expectSameFloat32(actual: Float32Array, expected: Float32Array, label: string): void {
  expect(actual.length, label).to.equal(expected.length);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== e[i] && !(Number.isNaN(actual[i]) && Number.isNaN(expected[i]))) {
      expect.fail(`${label}: element ${i} is ${actual[i]} (0x${a[i].toString(16)}), expected ${expected[i]} (0x${e[i].toString(16)})`);
    }
  }
}

/** Every element is a float32 value within the float32 bound k u sum|terms| (Higham's gamma_k) of its double reference. */
function expectWithinFloat32Bound(actual: Float32Array, reference: Float64Array, magnitudes: Float64Array, k: number, label: string): void {
  expect(actual.length, label).to.equal(reference.length);
  const bound = (k * U32) / (1 - k * U32);
  for (let i = 0; i < actual.length; i++) {
    const error = Math.abs(actual[i] - reference[i]);
    if (!(error <= bound * magnitudes[i] + 1e-38)) {
      expect.fail(`${label}: element ${i} is ${actual[i]}, the double reference ${reference[i]}: error ${error} > ${bound * magnitudes[i]}`);
    }
  }
}

const UNARY = ['sigmoid', 'sigmoidDerivative', 'tanh', 'tanhDerivative', 'relu', 'reluDerivative'];
const SIZES = [0, 1, 7, 33, 1000, expKernels + 13, streaming + 13];

describe('the raw binding with Float32Array', () => {
  describe('elementwise activations: Math.fround of the float64 call, bit for bit', () => {
    for (const name of UNARY) {
      it(`${name} at sizes ${SIZES.join(', ')} (threads split from ${expKernels} and ${streaming}), into y and in place`, () => {
        for (const n of SIZES) {
          const x = float32Values(n);
          const y64 = new Float64Array(n);
          raw[name](Float64Array.from(x), y64);
          const expected = Float32Array.from(y64);
          const y = new Float32Array(n).fill(12345);
          raw[name](x, y);
          expectSameFloat32(y, expected, `${name}(n = ${n})`);
          raw[name](x, x);
          expectSameFloat32(x, expected, `${name}(n = ${n}) in place`);
        }
      });
    }

    it('reads and writes a view at its byteOffset, and nothing around it', () => {
      const buffer = float32Values(40);
      const before = buffer.slice();
      const x = buffer.subarray(3, 20);
      const y = buffer.subarray(21, 38);
      raw.sigmoid(x, y);
      const y64 = new Float64Array(17);
      raw.sigmoid(Float64Array.from(before.subarray(3, 20)), y64);
      expectSameFloat32(y, Float32Array.from(y64), 'sigmoid of a view');
      expectSameFloat32(buffer.subarray(0, 21), before.subarray(0, 21), 'memory before y');
      expectSameFloat32(buffer.subarray(38), before.subarray(38), 'memory after y');
    });
  });

  describe('row kernels: Math.fround of the float64 call, bit for bit', () => {
    const shapes: [number, number][] = [
      [0, 5],
      [1, 1],
      [3, 7],
      [33, 65],
      [Math.ceil(streaming / 1000) + 1, 1000],
    ];
    for (const name of ['softmaxRows', 'normalizeRows']) {
      it(`${name} of shapes ${shapes.map(([r, c]) => `${r}x${c}`).join(', ')}`, () => {
        for (const [rows, cols] of shapes) {
          const x = float32Values(rows * cols, 30);
          const y64 = new Float64Array(rows * cols);
          raw[name](Float64Array.from(x), y64, rows, cols);
          const y = new Float32Array(rows * cols);
          raw[name](x, y, rows, cols);
          expectSameFloat32(y, Float32Array.from(y64), `${name} ${rows}x${cols}`);
        }
      });
    }
  });

  describe('add, subtract, multiply, divide: Math.fround(a op b), broadcast by strides', () => {
    const ops: [string, (a: number, b: number) => number][] = [
      ['add', (a, b) => a + b],
      ['subtract', (a, b) => a - b],
      ['multiply', (a, b) => a * b],
      ['divide', (a, b) => a / b],
    ];
    const cols = 37;
    for (const [name, op] of ops) {
      it(`${name}: same shape, a row vector and a column vector, ${3} and ${Math.ceil(streaming / cols) + 1} rows`, () => {
        for (const rows of [3, Math.ceil(streaming / cols) + 1]) {
          const a = float32Values(rows * cols);
          const cases: [string, Float32Array, number, number][] = [
            ['same shape', float32Values(rows * cols), cols, 1],
            ['a row vector', float32Values(cols), 0, 1],
            ['a column vector', float32Values(rows), 1, 0],
          ];
          for (const [how, b, bRowStride, bColStride] of cases) {
            const out = new Float32Array(rows * cols);
            raw[name](a, cols, 1, b, bRowStride, bColStride, out, rows, cols);
            const expected = new Float32Array(rows * cols);
            for (let i = 0; i < rows; i++) {
              for (let j = 0; j < cols; j++) expected[i * cols + j] = Math.fround(op(a[i * cols + j], b[i * bRowStride + j * bColStride]));
            }
            expectSameFloat32(out, expected, `${name} ${rows}x${cols}, b ${how}`);
          }
        }
      });
    }
  });

  it('outer: Math.fround(a[i] * b[j]) for 3x5 and 800x700', () => {
    for (const [na, nb] of [
      [3, 5],
      [800, 700],
    ]) {
      const a = float32Values(na);
      const b = float32Values(nb);
      const out = new Float32Array(na * nb);
      raw.outer(a, b, out);
      const expected = new Float32Array(na * nb);
      for (let i = 0; i < na; i++) for (let j = 0; j < nb; j++) expected[i * nb + j] = Math.fround(a[i] * b[j]);
      expectSameFloat32(out, expected, `outer ${na}x${nb}`);
    }
  });

  describe('products in float32', () => {
    /** The double reference of A B and sum |a_ip b_pj|, per element. */
    function reference(a: Float32Array, b: Float32Array, m: number, k: number, n: number): [Float64Array, Float64Array] {
      const ref = new Float64Array(m * n);
      const mag = new Float64Array(m * n);
      for (let i = 0; i < m; i++) {
        for (let p = 0; p < k; p++) {
          const aip = a[i * k + p];
          for (let j = 0; j < n; j++) {
            ref[i * n + j] += aip * b[p * n + j];
            mag[i * n + j] += Math.abs(aip * b[p * n + j]);
          }
        }
      }
      return [ref, mag];
    }

    it('dot returns a number holding a float32 value, within the float32 bound, at n = 0, 3, 1000 and 100000', () => {
      expect(raw.dot(new Float32Array(0), new Float32Array(0))).to.equal(0);
      expect(raw.dot(new Float32Array([1, 2, 3]), new Float32Array([4, 5, 6]))).to.equal(32);
      for (const n of [1000, 100000]) {
        const a = Float32Array.from(random.array(n, -1, 1));
        const b = Float32Array.from(random.array(n, -1, 1));
        const sum = raw.dot(a, b);
        expect(typeof sum).to.equal('number');
        // A double accumulation of these products is almost never a float32 value.
        expect(Math.fround(sum), `dot(n = ${n}) is a float32 value`).to.equal(sum);
        const [ref, mag] = reference(a, b, 1, n, 1);
        expectWithinFloat32Bound(Float32Array.of(sum), ref, mag, n, `dot(n = ${n})`);
      }
    });

    // Below and above the small-product gate (128^3 multiply-adds; 256^2 for a matrix-vector product).
    const shapes: [number, number, number][] = [
      [1, 1, 1],
      [3, 4, 5],
      [20, 30, 40],
      [140, 120, 150],
      [1, 300, 300],
    ];
    for (const name of ['matMul', 'blasMatMul']) {
      it(`${name}: float32 results within the float32 bound for ${shapes.map((s) => s.join('x')).join(', ')}`, () => {
        for (const [m, k, n] of shapes) {
          const a = random.array(m * k, -1, 1);
          const b = random.array(k * n, -1, 1);
          const a32 = Float32Array.from(a);
          const b32 = Float32Array.from(b);
          const c = new Float32Array(m * n).fill(NaN);
          raw[name](a32, b32, c, m, k, n);
          const [ref, mag] = reference(a32, b32, m, k, n);
          expectWithinFloat32Bound(c, ref, mag, k, `${name} ${m}x${k}x${n}`);
        }
      });
    }
    for (const name of ['matVec', 'blasMatVec']) {
      it(`${name}: A x and A^T x within the float32 bound, 3x4 and 300x400 (above the small gate)`, () => {
        for (const [rows, cols] of [
          [3, 4],
          [300, 400],
        ]) {
          const a = Float32Array.from(random.array(rows * cols, -1, 1));
          for (const transpose of [false, true]) {
            const x = Float32Array.from(random.array(transpose ? rows : cols, -1, 1));
            const y = new Float32Array(transpose ? cols : rows).fill(NaN);
            raw[name](a, rows, cols, x, y, transpose);
            // A x is (A)(x as a column); A^T x is (x as a row)(A).
            const [ref, mag] = transpose ? reference(x, a, 1, rows, cols) : reference(a, x, rows, cols, 1);
            expectWithinFloat32Bound(y, ref, mag, transpose ? rows : cols, `${name} ${rows}x${cols}${transpose ? ' transposed' : ''}`);
          }
        }
      });
    }

    it('dense: the same bits as the unfused float32 calls (product, bias, activation), with and without bias, small and large', () => {
      const activations: [number, string | null][] = [
        [0, null],
        [1, 'relu'],
        [2, 'sigmoid'],
        [3, 'tanh'],
        [4, 'softmaxRows'],
      ];
      for (const [m, k, n] of [
        [5, 6, 7],
        [150, 130, 140],
      ]) {
        const x = Float32Array.from(random.array(m * k, -1, 1));
        const w = Float32Array.from(random.array(k * n, -1, 1));
        for (const bias of [Float32Array.from(random.array(n, -1, 1)), null]) {
          for (const [code, activation] of activations) {
            const y = new Float32Array(m * n).fill(NaN);
            raw.dense(x, w, bias, y, m, k, n, code);
            const expected = new Float32Array(m * n);
            raw.matMul(x, w, expected, m, k, n);
            if (bias !== null) raw.add(expected, n, 1, bias, 0, 1, expected, m, n);
            if (activation === 'softmaxRows') raw.softmaxRows(expected, expected, m, n);
            else if (activation !== null) raw[activation](expected, expected);
            expectSameFloat32(y, expected, `dense ${m}x${k}x${n}, activation ${code}, ${bias ? 'bias' : 'no bias'}`);
          }
        }
      }
    });
  });

  describe('all arrays of one call must be of one type', () => {
    const f32 = (n: number) => new Float32Array(n);
    const f64 = (n: number) => new Float64Array(n);
    // Each function's arguments with every array a Float32Array, and the array positions with their names.
    const calls: [string, (make: (n: number) => F) => unknown[], [number, string][]][] = [
      ['sigmoid', (mk) => [mk(4), mk(4)], [[0, 'x'], [1, 'y']]],
      ['softmaxRows', (mk) => [mk(6), mk(6), 2, 3], [[0, 'x'], [1, 'y']]],
      ['multiply', (mk) => [mk(6), 3, 1, mk(3), 0, 1, mk(6), 2, 3], [[0, 'a'], [3, 'b'], [6, 'out']]],
      ['outer', (mk) => [mk(2), mk(3), mk(6)], [[0, 'a'], [1, 'b'], [2, 'out']]],
      ['dot', (mk) => [mk(3), mk(3)], [[0, 'a'], [1, 'b']]],
      ['matVec', (mk) => [mk(6), 2, 3, mk(3), mk(2), false], [[0, 'a'], [3, 'x'], [4, 'y']]],
      ['matMul', (mk) => [mk(6), mk(6), mk(4), 2, 3, 2], [[0, 'a'], [1, 'b'], [2, 'c']]],
      ['dense', (mk) => [mk(6), mk(6), mk(2), mk(4), 2, 3, 2, 1], [[0, 'x'], [1, 'w'], [2, 'bias'], [3, 'y']]],
    ];
    for (const [name, args, arrays] of calls) {
      it(`${name}: a Float64Array among Float32Arrays, or the reverse, throws a TypeError naming both arguments`, () => {
        const [firstAt, first] = arrays[0];
        for (const [at, argument] of arrays.slice(1)) {
          for (const [odd, rest, oddName, restName] of [
            [f64, f32, 'Float64Array', 'Float32Array'],
            [f32, f64, 'Float32Array', 'Float64Array'],
          ] as const) {
            const values = args(rest);
            const template = values[at] as F;
            values[at] = odd(template.length);
            expectError(
              () => raw[name](...values),
              TypeError,
              `blaskit native ${name}: argument '${argument}' is a ${oddName} but '${first}' is a ${restName}: every array of one call must have the same type`,
            );
          }
        }
        // Every array of either type works, and other typed arrays stay refused.
        raw[name](...args(f32));
        raw[name](...args(f64));
        const values = args(f32);
        values[firstAt] = new Int32Array((values[firstAt] as F).length);
        expectError(() => raw[name](...values), TypeError, `blaskit native ${name}: argument '${first}' must be a Float64Array or a Float32Array`);
      });
    }

    it('dense takes a null bias beside Float32Arrays', () => {
      const y = new Float32Array(4).fill(NaN);
      raw.dense(new Float32Array([1, 2, 3, 4, 5, 6]), new Float32Array([1, 0, 0, 1, 1, 1]), null, y, 2, 3, 2, 0);
      expect(Array.from(y)).to.deep.equal([4, 5, 10, 11]);
    });
  });

  describe('lengths are counted in elements', () => {
    it('a Float32Array of 2n elements (the bytes of n doubles) is refused where n are needed', () => {
      expectError(() => raw.sigmoid(new Float32Array(4), new Float32Array(8)), RangeError, "blaskit native sigmoid: argument 'y' must hold 4 elements, it holds 8");
      expectError(() => raw.softmaxRows(new Float32Array(12), new Float32Array(12), 2, 3), RangeError, "blaskit native softmaxRows: argument 'x' must hold 6 elements, it holds 12");
    });

    it('short arrays throw RangeErrors, as for float64', () => {
      expectError(() => raw.sigmoid(new Float32Array(4), new Float32Array(3)), RangeError, "blaskit native sigmoid: argument 'y' must hold 4 elements, it holds 3");
      expectError(() => raw.matMul(new Float32Array(6), new Float32Array(6), new Float32Array(4), 2, 3, 3), RangeError, "blaskit native matMul: argument 'b' must hold 9 elements, it holds 6");
      expectError(() => raw.matVec(new Float32Array(6), 2, 3, new Float32Array(2), new Float32Array(2), false), RangeError, "blaskit native matVec: argument 'x' must hold 3 elements, it holds 2");
      expectError(() => raw.multiply(new Float32Array(3), 3, 1, new Float32Array(3), 0, 1, new Float32Array(6), 2, 3), RangeError, "blaskit native multiply: argument 'a' is too short for its strides");
      expectError(() => raw.outer(new Float32Array(2), new Float32Array(3), new Float32Array(5)), RangeError, "blaskit native outer: argument 'out' must hold 6 elements, it holds 5");
      expectError(() => raw.dot(new Float32Array(3), new Float32Array(2)), RangeError, "blaskit native dot: argument 'b' must hold 3 elements, it holds 2");
      expectError(
        () => raw.dense(new Float32Array(6), new Float32Array(6), new Float32Array(1), new Float32Array(4), 2, 3, 2, 0),
        RangeError,
        "blaskit native dense: argument 'bias' must hold 2 elements, it holds 1",
      );
    });
  });

  describe('runAsync with Float32Arrays', () => {
    const jobs: [string, () => Float32Array[], number[], number, (inputs: Float32Array[], y: Float32Array) => void][] = [
      ['sigmoid', () => [float32Values(5000)], [], 5000, ([x], y) => raw.sigmoid(x, y)],
      ['softmaxRows', () => [float32Values(3 * 700)], [3, 700], 2100, ([x], y) => raw.softmaxRows(x, y, 3, 700)],
      ['multiply', () => [float32Values(40 * 9), float32Values(9)], [2, 40, 9, 9, 1, 0, 1], 360, ([a, b], y) => raw.multiply(a, 9, 1, b, 0, 1, y, 40, 9)],
      ['outer', () => [float32Values(30), float32Values(20)], [], 600, ([a, b], y) => raw.outer(a, b, y)],
      ['dot', () => [float32Values(500, 1), float32Values(500, 1)], [], 1, ([a, b], y) => void (y[0] = raw.dot(a, b))],
      ['matMul', () => [Float32Array.from(random.array(50 * 60)), Float32Array.from(random.array(60 * 70))], [50, 60, 70], 3500, ([a, b], y) => raw.matMul(a, b, y, 50, 60, 70)],
      [
        'dense',
        () => [Float32Array.from(random.array(8 * 5)), Float32Array.from(random.array(5 * 6)), Float32Array.from(random.array(6))],
        [8, 5, 6, 2],
        48,
        ([x, w, bias], y) => raw.dense(x, w, bias, y, 8, 5, 6, 2),
      ],
    ];
    for (const [op, makeInputs, params, length, sync] of jobs) {
      it(`${op}: the same bits as the sync float32 call, into a private destination and into a caller's`, async () => {
        for (const privateDestination of [true, false]) {
          const inputs = makeInputs();
          const expected = new Float32Array(length);
          sync(inputs, expected);
          const destination = new Float32Array(length).fill(7);
          await raw.runAsync(op, inputs, params, destination, privateDestination);
          expectSameFloat32(destination, expected, `${op}Async (privateDestination ${privateDestination})`);
        }
      });
    }

    it('mixed types are refused before anything is copied: TypeError naming the input and the destination', () => {
      expectError(
        () => raw.runAsync('multiply', [new Float32Array(3), new Float64Array(3)], [1, 3, 1, 1], new Float32Array(3), false),
        TypeError,
        "blaskit native runAsync: argument 'inputs[1]' is a Float64Array but 'destination' is a Float32Array: every array of one call must have the same type",
      );
      expectError(
        () => raw.runAsync('relu', [new Float32Array(3)], [], new Float64Array(3), false),
        TypeError,
        "blaskit native runAsync: argument 'inputs[0]' is a Float32Array but 'destination' is a Float64Array: every array of one call must have the same type",
      );
      expectError(() => raw.runAsync('relu', [new Float32Array(3)], [], new Float32Array(4), false), RangeError, 'blaskit native runAsync: result length differs from the input\'s');
    });

    it('the job computes on a snapshot: inputs changed or detached right after the call do not change the result', async () => {
      const x = float32Values(streaming + 13);
      const expected = new Float32Array(x.length);
      raw.tanh(x, expected);
      const y = new Float32Array(x.length);
      const pending = raw.runAsync('tanh', [x], [], y, false);
      x.fill(0.5);
      structuredClone(x.buffer, { transfer: [x.buffer as ArrayBuffer] });
      await pending;
      expectSameFloat32(y, expected, 'tanhAsync after the input was detached');
    });

    it('a destination detached while the job runs rejects with ERR_BLASKIT_DETACHED and is never written', async () => {
      const x = float32Values(expKernels + 13);
      const y = new Float32Array(x.length);
      const pending = raw.runAsync('sigmoid', [x], [], y, false);
      const moved = structuredClone(y.buffer, { transfer: [y.buffer] });
      const error = await pending.then(
        () => expect.fail('resolved'),
        (e: Error & { code?: string }) => e,
      );
      expect(error).to.be.instanceOf(TypeError);
      expect(error.code).to.equal('ERR_BLASKIT_DETACHED');
      expect(new Float32Array(moved).every((v) => v === 0)).to.equal(true);
    });

    it('an input getter that detaches another input runs before any pointer is read: the call throws, nothing stale is read', () => {
      const a = new Float32Array([1, 2, 3]);
      const inputs: Float32Array[] = [a];
      Object.defineProperty(inputs, 1, {
        enumerable: true,
        get: () => {
          structuredClone(a.buffer, { transfer: [a.buffer] });
          return new Float32Array([4, 5, 6]);
        },
      });
      expectError(() => raw.runAsync('outer', inputs, [], new Float32Array(9), false), RangeError, 'blaskit native runAsync: result length differs from a.size x b.size');
    });
  });

  describe('adviseHugePages(Float32Array)', () => {
    const HUGE_PAGE_BYTES = 2 * 1024 * 1024;
    it('advises nothing below one whole 2 MiB page, counting 4 bytes per element', () => {
      expect(raw.adviseHugePages(new Float32Array(0))).to.equal(0);
      // 2 MiB - 4 bytes: a Float64Array of this length would span 4 MiB.
      expect(raw.adviseHugePages(new Float32Array(HUGE_PAGE_BYTES / 4 - 1))).to.equal(0);
    });
    (process.platform === 'linux' ? it : it.skip)('advises only whole 2 MiB pages inside the view (Linux)', () => {
      const buffer = new Float32Array((8 * HUGE_PAGE_BYTES) / 4);
      const view = buffer.subarray(HUGE_PAGE_BYTES / 8, (4 * HUGE_PAGE_BYTES) / 4);
      const advised = raw.adviseHugePages(view);
      expect(advised % HUGE_PAGE_BYTES).to.equal(0);
      expect(advised).to.be.within(2 * HUGE_PAGE_BYTES, view.byteLength);
    });
  });
});
