/**
 * softmax and normalizeRows: the tutorial's values, stability where the naive
 * formulas overflow, the NaN/Infinity rules of native/kernels/rows.h, error
 * bounds against a 200-bit reference, and agreement with the TypeScript twins
 * at every row length 0..99, on views with a byteOffset, in place and with
 * overlapping `out`.
 *
 * float32 (issue 14): within 1 float32 ULP of the 200-bit value rounded once
 * to float32, equal bit for bit to Math.fround of the float64 result on the
 * widened rows (the contract), numpy's float32 softmax and normalisation
 * measured beside blaskit's (their errors printed in the test titles), and
 * kinds, out and memory with Float32Array and float32 NDArrays.
 */
import { expect } from 'chai';
import { NDArray, array, normalizeRows, softmax } from '../lib/index';
import type { ElementwiseFunction } from '../lib/index';
import * as twins from '../lib/reference/rows';
import { paddedView, seededRandom, type Random } from './support/random';
import { SIMD_FMA } from './support/target';
import { FLT_MAX, FLT_TRUE_MIN, expectDtypeError, expectRoundedFromFloat64, float32ErrorSummary, widen } from './support/float32';
import { fromBase64Float32, numpyAvailable, runNumpy, toBase64 } from './support/numpy';
import { exact32, exactNorm, exactNormalize, exactSoftmax, exactSum, expectIdentical, expectWithinUlp, expectWithinUlp32, ulpDistance } from './support/ulp';

const U = 2 ** -53;

/**
 * rows.h's bound: softmax is within 1 ULP of the correctly rounded result
 * (x - max is formed exactly, e^(x - max) and the row sum are carried in
 * double-double, and each element is rounded once), so it does not grow with
 * the row's length or the spread of its values. Elements at -Infinity are
 * exactly 0; rows that give NaN must give NaN.
 */
function softmaxBounds(row: ArrayLike<number>, y: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: row.length }, (_, j) => (Number.isNaN(y[j]) || row[j] === -Infinity ? 0 : 1));
}

/** rows.h's normalizeRows bound: within 1 ULP of the correctly rounded result, whatever the row's length. */
const NORMALIZE_BOUND = 1;

interface RowFunction {
  name: string;
  fn: ElementwiseFunction;
  twin: (x: Float64Array, y: Float64Array, rows: number, cols: number) => void;
  /** Per-element bounds (ULP) of one row's result against the true value. */
  bounds: (row: Float64Array, y: Float64Array) => ArrayLike<number>;
  /** A value seen often in real rows, mixed in to land in every lane. */
  specials: readonly number[];
  /** A random row of `cols` values, as used against the twin. */
  randomRow: (random: Random, cols: number) => Float64Array;
}

const rowFunctions: RowFunction[] = [
  {
    name: 'softmax',
    fn: softmax,
    twin: twins.softmaxRows,
    bounds: softmaxBounds,
    specials: [NaN, Infinity, -Infinity, 0, -0, 5e-324, 1000, -1000],
    randomRow: (random, cols) => random.array(cols, -30, 30),
  },
  {
    name: 'normalizeRows',
    fn: normalizeRows,
    twin: twins.normalizeRows,
    bounds: (row) => new Float64Array(row.length).fill(NORMALIZE_BOUND),
    specials: [NaN, Infinity, -Infinity, 0, -0, 5e-324, 1e300, -1e-300],
    // Rows at every scale: the norm must neither overflow nor underflow.
    randomRow: (random, cols) => {
      const scale = 2 ** random.pick([0, 0, 20, -20, 600, -600, 1000, -1000, -1060]);
      return Float64Array.from({ length: cols }, () => random.uniform(-1, 1) * scale);
    },
  },
];

/** `rows` random rows, now and then with a special value in them so they reach every lane and tail. */
function randomMatrix(f: RowFunction, random: Random, rows: number, cols: number, specials = true): Float64Array {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = f.randomRow(random, cols);
    if (specials && cols > 0 && random.next() < 0.1) row[random.int(0, cols - 1)] = random.pick(f.specials);
    data.set(row, i * cols);
  }
  return data;
}

/**
 * The twin's result, and the bounds of the native result against it. The twin
 * computes as the baseline target does: under that target the two agree bit
 * for bit; on targets with FMA both are within `bounds` of the true value.
 */
function twinResult(f: RowFunction, x: Float64Array, rows: number, cols: number): { expected: Float64Array; bounds: Float64Array } {
  const expected = new Float64Array(rows * cols);
  f.twin(x, expected, rows, cols);
  const bounds = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const range = [i * cols, (i + 1) * cols] as const;
    const rowBounds = f.bounds(x.subarray(...range), expected.subarray(...range));
    for (let j = 0; j < cols; j++) bounds[i * cols + j] = SIMD_FMA ? 2 * rowBounds[j] : 0;
  }
  return { expected, bounds };
}

/** Where a failing element came from: its row and column, and the row's value there. */
function rowInputs(x: Float64Array, cols: number): (index: number) => string {
  return (index) => `row ${Math.floor(index / cols)} col ${index % cols}: x = ${x[index]}`;
}

/** What numpy prints with 8 significant digits in scientific notation, parsed back. */
function printedScientific(v: number): number {
  return Number(v.toExponential(8));
}

describe('row functions: softmax and normalizeRows', () => {
  describe('softmax', () => {
    it("gives the tutorial's values for [[9,2,5,0,0],[7,5,0,0,0]] to the digits numpy printed", () => {
      const result = softmax([
        [9, 2, 5, 0, 0],
        [7, 5, 0, 0, 0],
      ]);
      expect(result.shape).to.deep.equal([2, 5]);
      const printed = [
        9.80897665e-1, 8.94462891e-4, 1.79657674e-2, 1.21052389e-4, 1.21052389e-4,
        8.78679856e-1, 1.18916387e-1, 8.01252314e-4, 8.01252314e-4, 8.01252314e-4,
      ];
      expect(Array.from(result.data, printedScientific)).to.deep.equal(printed);
    });

    it('stays finite where the naive formula overflows: [1000, 1000, 0] gives [0.5, 0.5, 0], and rows of ±1e308 give the true values', () => {
      expectIdentical(softmax(Float64Array.of(1000, 1000, 0)), Float64Array.of(0.5, 0.5, 0), 'softmax([1000, 1000, 0])');
      const rows = [
        [1e308, 1e308],
        [1e308, -1e308],
        [-1e308, -1e308],
        [-1e308, 0],
        [Number.MAX_VALUE, -Number.MAX_VALUE],
        [-1e308, -1e308, -1e308],
      ];
      const exact: Record<string, number[]> = {
        '1e+308,1e+308': [0.5, 0.5],
        '1e+308,-1e+308': [1, 0],
        '-1e+308,-1e+308': [0.5, 0.5],
        '-1e+308,0': [0, 1],
        [`${Number.MAX_VALUE},${-Number.MAX_VALUE}`]: [1, 0],
      };
      for (const row of rows) {
        const result = softmax(Float64Array.from(row));
        const key = row.join(',');
        if (key in exact) expectIdentical(result, Float64Array.from(exact[key]), `softmax([${key}])`);
        expectWithinUlp(result, exactSoftmax(row), 2, { label: `softmax([${key}])`, inputs: row });
      }
    });

    it('gives rows that sum to 1 within (cols + 1)·2^-53, the rounding of their own sum', () => {
      const random = seededRandom(0x50f7_0001);
      for (let cols = 1; cols < 100; cols++) {
        for (let t = 0; t < 3; t++) {
          const row = random.array(cols, -30, 30);
          const sum = exactSum(softmax(row));
          expect(Math.abs(sum - 1), `sum of softmax of a row of ${cols} values [${Array.from(row)}] is ${sum}`).to.be.at.most(2 * U);
        }
      }
    });

    it('is within 1 ULP of a 200-bit reference whatever the row length and spread: 1..40, 1000 and 1003 values, narrow and wide-ranging rows', () => {
      const random = seededRandom(0x50f7_0002);
      for (const [lo, hi] of [[-1, 1], [-50, 50], [-700, 700], [-1e5, 1e5]]) {
        for (const cols of [...Array.from({ length: 40 }, (_, i) => i + 1), 1000, 1003]) {
          const row = random.array(cols, lo, hi);
          const expected = exactSoftmax(row);
          expectWithinUlp(softmax(row), expected, softmaxBounds(row, expected), { label: `softmax of ${cols} values in [${lo}, ${hi}]`, inputs: row });
        }
      }
    });

    it('follows rows.h for NaN and Infinity, row by row: NaN or +Infinity makes the row NaN, all -Infinity is NaN, -Infinity beside finite values gives 0', () => {
      const rows = [
        [NaN, 1, 2],
        [Infinity, 1, 2],
        [Infinity, -Infinity, 0],
        [-Infinity, -Infinity, -Infinity],
        [-Infinity, 0, 0],
        [1, -Infinity, 1],
        [0, 0, 0],
      ];
      const expected = [
        [NaN, NaN, NaN],
        [NaN, NaN, NaN],
        [NaN, NaN, NaN],
        [NaN, NaN, NaN],
        [0, 0.5, 0.5],
        [0.5, 0, 0.5],
        [1 / 3, 1 / 3, 1 / 3],
      ];
      const result = softmax(rows);
      expect(result.shape).to.deep.equal([7, 3]);
      expectIdentical(result.data, Float64Array.from(expected.flat()), { label: 'softmax with NaN/Infinity rows', inputs: rowInputs(Float64Array.from(rows.flat()), 3) });
      expectIdentical(softmax(Float64Array.of(NaN, Infinity, -Infinity, 5, 1e308, -0)), new Float64Array(6).fill(NaN), 'softmax of a 6-element 1-D row with NaN');
      // One-element rows: a finite value takes all the mass.
      expectIdentical(softmax(array([NaN, Infinity, -Infinity, 5, 1e308, -0], [6, 1])).data, Float64Array.of(NaN, NaN, NaN, 1, 1, 1), 'softmax of one-element rows');
    });

    it('returns 1 for a number: a number is a row of one', () => {
      expect(softmax(7)).to.equal(1);
      expect(softmax(-1e308)).to.equal(1);
      expect(Number.isNaN(softmax(NaN)), 'softmax(NaN) is NaN').to.equal(true);
    });
  });

  describe('normalizeRows', () => {
    it("gives the tutorial's values for [[0,3,4],[1,6,4]] to the 8 decimals numpy printed", () => {
      const result = normalizeRows([
        [0, 3, 4],
        [1, 6, 4],
      ]);
      expect(result.shape).to.deep.equal([2, 3]);
      expect(Array.from(result.data, (v) => Number(v.toFixed(8)))).to.deep.equal([0, 0.6, 0.8, 0.13736056, 0.82416338, 0.54944226]);
      expectWithinUlp(result.data, Float64Array.of(...exactNormalize([0, 3, 4]), ...exactNormalize([1, 6, 4])), 1, 'normalizeRows of the tutorial matrix');
    });

    it('never overflows or underflows the norm: [1e200, 1e200], [1e-200, 1e-200], [1.7e308, 1.7e308] and [5e-324, 5e-324] all give 1/√2 in each place', () => {
      const inverseSqrt2 = exactNormalize([1, 1])[0];
      expect(inverseSqrt2, '1/√2 correctly rounded').to.equal(0.7071067811865476);
      for (const v of [1, 1e200, 1e-200, 1.7e308, Number.MAX_VALUE, 5e-324, -1e-310]) {
        const result = normalizeRows(Float64Array.of(v, v));
        expect(Object.is(result[0], result[1]), `normalizeRows([${v}, ${v}]) gives equal elements: ${result[0]}, ${result[1]}`).to.equal(true);
        expectWithinUlp(result, Float64Array.of(Math.sign(v) * inverseSqrt2, Math.sign(v) * inverseSqrt2), 2, `normalizeRows([${v}, ${v}])`);
      }
      // A 3-4-5 triangle at every scale gives exactly 0.6 and 0.8.
      for (const scale of [1, 1e200, 1e-200, 1e300, 5e-324, 2 ** -1060]) {
        const row = Float64Array.of(3 * scale, 4 * scale);
        expectWithinUlp(normalizeRows(row), exactNormalize(row), 1, { label: `normalizeRows([3, 4] × ${scale})`, inputs: row });
      }
    });

    it('leaves an all-zero row zero (signs of -0 kept) instead of dividing by a zero norm', () => {
      const result = normalizeRows([
        [0, -0, 0],
        [1, 2, 2],
        [-0, -0, -0],
      ]);
      expectIdentical(result.data.subarray(0, 3), Float64Array.of(0, -0, 0), 'zero row');
      expectIdentical(result.data.subarray(6), Float64Array.of(-0, -0, -0), 'row of -0');
      expectWithinUlp(result.data.subarray(3, 6), exactNormalize([1, 2, 2]), 1, 'the row beside the zero rows');
      expect(Object.is(normalizeRows(-0), -0)).to.equal(true);
      expect(normalizeRows(-3)).to.equal(-1);
    });

    it('follows rows.h for NaN and Infinity, row by row: NaN makes the row NaN; ±Infinity gives NaN there and ±0 (x / Infinity) elsewhere', () => {
      const rows = [
        [NaN, 1, 2, 3],
        [NaN, Infinity, 2, 3],
        [Infinity, 1, -2, 0],
        [-Infinity, -0, 5, -5],
        [Infinity, -Infinity, 1, 1],
        [0, 3, 0, 4],
      ];
      const expected = [
        [NaN, NaN, NaN, NaN],
        [NaN, NaN, NaN, NaN],
        [NaN, 0, -0, 0],
        [NaN, -0, 0, -0],
        [NaN, NaN, 0, 0],
        [0, 0.6, 0, 0.8],
      ];
      const result = normalizeRows(rows);
      expectIdentical(result.data, Float64Array.from(expected.flat()), { label: 'normalizeRows with NaN/Infinity rows', inputs: rowInputs(Float64Array.from(rows.flat()), 4) });
      expect(Number.isNaN(normalizeRows(Infinity)), 'normalizeRows(Infinity) is NaN').to.equal(true);
      expect(Number.isNaN(normalizeRows(NaN)), 'normalizeRows(NaN) is NaN').to.equal(true);
    });

    it('gives rows whose norm is 1 within 2·2^-53 (each element within 1 ULP), at every scale', () => {
      const f = rowFunctions[1];
      const random = seededRandom(0x2042_0001);
      for (let cols = 1; cols < 100; cols++) {
        for (let t = 0; t < 3; t++) {
          const row = f.randomRow(random, cols);
          if (row.every((v) => v === 0)) continue;
          const norm = exactNorm(normalizeRows(row));
          expect(Math.abs(norm - 1), `norm of normalizeRows of ${cols} values [${Array.from(row)}] is ${norm}`).to.be.at.most(2 * U);
        }
      }
    });

    it('is within 1 ULP of a 200-bit reference at every length, rows of subnormals and rows spanning the whole range included', () => {
      const f = rowFunctions[1];
      const random = seededRandom(0x2042_0002);
      for (let cols = 1; cols <= 40; cols++) {
        for (let t = 0; t < 4; t++) {
          const row = f.randomRow(random, cols);
          expectWithinUlp(normalizeRows(row), exactNormalize(row), NORMALIZE_BOUND, { label: `normalizeRows of ${cols} values`, inputs: row });
        }
        // Magnitudes from 1e-300 to 1e300 in one row.
        const wide = Float64Array.from({ length: cols }, () => random.uniform(-1, 1) * 10 ** random.int(-300, 300));
        expectWithinUlp(normalizeRows(wide), exactNormalize(wide), NORMALIZE_BOUND, { label: `normalizeRows of ${cols} values of every magnitude`, inputs: wide });
      }
    });
  });

  for (const f of rowFunctions) {
    const { name, fn } = f;
    describe(`${name}: against the TypeScript twin, memory and kinds`, () => {
      it(`${name} matches its twin at rows × cols for every cols 0..99 (rows 1, 2, 3, 5), row by row along the last axis`, () => {
        const random = seededRandom(0x7a1_0000 + name.length);
        for (let cols = 0; cols < 100; cols++) {
          for (const rows of [1, 2, 3, 5]) {
            const x = randomMatrix(f, random, rows, cols);
            const before = x.slice();
            const { expected, bounds } = twinResult(f, x, rows, cols);
            const result = fn(new NDArray(x, [rows, cols]));
            expect(result.shape).to.deep.equal([rows, cols]);
            expectWithinUlp(result.data, expected, bounds, { label: `${name} of a ${rows}×${cols} matrix`, inputs: rowInputs(x, cols) });
            expectIdentical(x, before, `${name} of a ${rows}×${cols} matrix: input after the call`);
          }
        }
      });

      it(`${name} treats a 1-D view with a byteOffset as one row, at every length 0..99, without touching the memory around it`, () => {
        const random = seededRandom(0x7a2_0000 + name.length);
        for (let cols = 0; cols < 100; cols++) {
          const input = paddedView(randomMatrix(f, random, 1, cols), 3);
          const before = input.whole.slice();
          const { expected, bounds } = twinResult(f, input.view, 1, cols);
          const result = fn(input.view);
          expect(result).to.be.instanceOf(Float64Array);
          expect(result.buffer).to.not.equal(input.whole.buffer);
          expectWithinUlp(result, expected, bounds, { label: `${name} of a view of ${cols}`, inputs: input.view });
          expectIdentical(input.whole, before, `${name}: the input's buffer after the call (${cols})`);

          const out = paddedView(new Float64Array(cols).fill(4321), 5);
          expect(fn(input.view, { out: out.view }) === out.view, `${name} returns the out it was given`).to.equal(true);
          expectIdentical(out.view, result, `${name} into a view with a byteOffset (${cols})`);
          expect(out.damagedPadding(), `${name}: memory around out (${cols})`).to.deep.equal([]);
        }
      });

      it(`${name} works in place (out is the input) on every row length 0..99, giving what it gives out of place`, () => {
        const random = seededRandom(0x7a3_0000 + name.length);
        for (let cols = 0; cols < 100; cols++) {
          const input = paddedView(randomMatrix(f, random, 3, cols), 2);
          const original = input.view.slice();
          const notInPlace = fn(new NDArray(original, [3, cols]));
          const nd = new NDArray(input.view, [3, cols]);
          expect(fn(nd, { out: nd }) === nd).to.equal(true);
          // A row's maximum or norm is found before any of it is overwritten.
          expectIdentical(input.view, notInPlace.data, { label: `${name} in place on 3×${cols}`, inputs: rowInputs(original, cols) });
          expect(input.damagedPadding(), `${name}: memory around the array (3×${cols})`).to.deep.equal([]);
          expectIdentical(fn(input.view.subarray(0, 0), { out: input.view.subarray(0, 0) }), new Float64Array(0), 'empty in place');
        }
      });

      it(`${name} gives the right answer when out overlaps the input shifted by one element, or by one row`, () => {
        const random = seededRandom(0x7a4_0000 + name.length);
        for (const cols of [1, 2, 3, 7, 16, 33]) {
          for (const shift of [1, -1, cols, -cols]) {
            const rows = 4;
            const values = randomMatrix(f, random, rows, cols, false);
            const expected = fn(new NDArray(values.slice(), [rows, cols])).data;
            const whole = new Float64Array(rows * cols + 2 * cols + 2);
            const base = cols + 1;
            const input = new Float64Array(whole.buffer, 8 * base, rows * cols);
            input.set(values);
            const out = new Float64Array(whole.buffer, 8 * (base + shift), rows * cols);
            expect(fn(new NDArray(input, [rows, cols]), { out }) === out).to.equal(true);
            expectIdentical(out, expected, { label: `${name} of ${rows}×${cols} with out shifted by ${shift}`, inputs: rowInputs(values, cols) });
          }
        }
      });

      it(`${name} takes rows along the last axis of any rank: 3-D (2,3,5) row by row, (1,n) like 1-D`, () => {
        const random = seededRandom(0x7a5_0000 + name.length);
        const x = randomMatrix(f, random, 6, 5, false);
        const result = fn(array(x, [2, 3, 5]));
        expect(result).to.be.instanceOf(NDArray);
        expect(result.shape).to.deep.equal([2, 3, 5]);
        for (let r = 0; r < 6; r++) {
          const row = x.subarray(r * 5, r * 5 + 5);
          const exact = name === 'softmax' ? exactSoftmax(row) : exactNormalize(row);
          expectWithinUlp(result.data.subarray(r * 5, r * 5 + 5), exact, f.bounds(row, exact), { label: `${name} of row ${r} of a 2×3×5 array`, inputs: row });
        }
        const one = x.subarray(0, 5);
        expectIdentical(fn(array(one, [1, 5])).data, fn(one), `${name} of a (1,5) array and of the same 5 values in 1-D`);
      });

      it(`${name} returns the kind it was given, and empty arrays of the same shape`, () => {
        const values = [0.5, -2, 3];
        const flat = fn(Float64Array.from(values));
        expect(flat).to.be.instanceOf(Float64Array);
        const nested = fn([values]);
        expect(nested).to.be.instanceOf(NDArray);
        expect(nested.shape).to.deep.equal([1, 3]);
        expectIdentical(nested.data, flat, `${name} of nested arrays`);
        expect(fn(2.5)).to.be.a('number');
        const zeroD = fn(array(2.5));
        expect(zeroD.shape).to.deep.equal([]);
        for (const shape of [[0], [3, 0], [0, 4], [2, 0, 3]]) {
          const result = fn(new NDArray(new Float64Array(0), shape));
          expect(result.shape, `${name} of shape (${shape})`).to.deep.equal(shape);
        }
        expect(fn(new Float64Array(0))).to.be.instanceOf(Float64Array).with.length(0);
        const out = new NDArray(new Float64Array(3).fill(NaN), [3]);
        expect(fn(Float64Array.from(values), { out }) === out).to.equal(true);
        expect(ulpDistance(out.data[0], flat[0])).to.equal(0);
      });
    });
  }
});

// ---------------------------------------------------------------------------
// float32

/** The documented float32 bound: within 1 ULP of the correctly rounded float32 result. */
const FLOAT32_BOUND = 1;

interface RowFunction32 {
  name: 'softmax' | 'normalizeRows';
  fn: (x: unknown, options?: unknown) => unknown;
  exact: (row: ArrayLike<number>) => Float64Array;
  /** What numpy users write, on a float32 (rows, cols) array x, evaluated by numpy in float32. */
  numpy: string;
  /** Rows at float32 scales: the values a float32 model hands over. */
  randomRow: (random: Random, cols: number) => Float32Array;
}

const rowFunctions32: RowFunction32[] = [
  {
    name: 'softmax',
    fn: softmax as never,
    exact: exact32.softmax,
    numpy: 'np.exp(x - x.max(axis=1, keepdims=True)) / np.exp(x - x.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True)',
    randomRow: (random, cols) => {
      const spread = random.pick([1, 10, 40, 110, 1e4]);
      return Float32Array.from({ length: cols }, () => random.uniform(-spread, spread));
    },
  },
  {
    name: 'normalizeRows',
    fn: normalizeRows as never,
    exact: exact32.normalizeRows,
    numpy: 'x / np.linalg.norm(x, axis=1, keepdims=True)',
    // float32 squares overflow from 2^64 and underflow below 2^-75: the norm must do neither.
    randomRow: (random, cols) => {
      const scale = 2 ** random.pick([0, 0, 20, -20, 70, -70, 100, -100, -135]);
      return Float32Array.from({ length: cols }, () => random.uniform(-1, 1) * scale);
    },
  },
];

/** `rows` rows of `f32` concatenated. */
function matrix32(f: RowFunction32, random: Random, rows: number, cols: number): Float32Array {
  const data = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) data.set(f.randomRow(random, cols), r * cols);
  return data;
}

describe('row functions in float32', () => {
  for (const f of rowFunctions32) {
    const { name, fn } = f;

    describe(`${name} float32`, () => {
      it(`is within ${FLOAT32_BOUND} float32 ULP of the correctly rounded float32 value at row lengths 1..40, 1000 and 1003, and equals Math.fround of the float64 result`, () => {
        const random = seededRandom(0x3200_0000 + name.length);
        for (const cols of [...Array.from({ length: 40 }, (_, i) => i + 1), 1000, 1003]) {
          for (let t = 0; t < 3; t++) {
            const rows = cols < 100 ? 5 : 2;
            const x = matrix32(f, random, rows, cols);
            const result = fn(new NDArray(x as never, [rows, cols])) as NDArray;
            expect(result.data, `${name}: float32 in, float32 out`).to.be.instanceOf(Float32Array);
            const expected = new Float64Array(rows * cols);
            for (let r = 0; r < rows; r++) expected.set(f.exact(x.subarray(r * cols, (r + 1) * cols)), r * cols);
            expectWithinUlp32(result.data, expected, FLOAT32_BOUND, { label: `${name} float32 of ${rows}×${cols}`, inputs: rowInputs(widen(x), cols) });
            expectRoundedFromFloat64(result, fn(new NDArray(widen(x), [rows, cols])), { label: `${name} float32 of ${rows}×${cols}`, inputs: rowInputs(widen(x), cols) });
          }
        }
      });

      it('follows the float64 rules for NaN, ±Infinity, zeros, float32 subnormals and the float32 limits, row by row', () => {
        const rows = [
          [NaN, 1, 2],
          [Infinity, 1, 2],
          [-Infinity, 1, 2],
          [-Infinity, -Infinity, -Infinity],
          [0, -0, 0],
          [FLT_TRUE_MIN, -FLT_TRUE_MIN, 0],
          [FLT_MAX, FLT_MAX, -FLT_MAX],
          [FLT_MAX, 1, FLT_TRUE_MIN],
        ];
        const x = Float32Array.from(rows.flat());
        const result = fn(new NDArray(x as never, [rows.length, 3]));
        expectRoundedFromFloat64(result, fn(new NDArray(widen(x), [rows.length, 3])), { label: `${name} at special values`, inputs: rowInputs(widen(x), 3) });
        for (const [r, row] of rows.entries()) {
          if (!row.every(Number.isFinite)) continue;
          const got = (result as NDArray).data.subarray(3 * r, 3 * r + 3);
          expectWithinUlp32(got, f.exact(row), FLOAT32_BOUND, { label: `${name} of [${row}]`, inputs: row });
        }
      });

      it(`numpy float32 \`${f.numpy}\` and blaskit float32, both against the correctly rounded float32 value`, function () {
        if (!numpyAvailable()) this.skip();
        const random = seededRandom(0x3201_0000 + name.length);
        const [rows, cols] = [200, 37];
        const x = matrix32(f, random, rows, cols);
        const script = ['data = json.load(sys.stdin)', `x = f32(data['x']).reshape(${rows}, ${cols})`, "with np.errstate(all='ignore'):", `    r = b64f32(${f.numpy})`, 'print(json.dumps(r))'].join('\n');
        const numpy = fromBase64Float32(runNumpy(script, { x: toBase64(x) }) as string);
        const ours = (fn(new NDArray(x as never, [rows, cols])) as NDArray).data;
        const expected = new Float64Array(rows * cols);
        for (let r = 0; r < rows; r++) expected.set(f.exact(x.subarray(r * cols, (r + 1) * cols)), r * cols);
        const errors = (result: ArrayLike<number>) => float32ErrorSummary(result, expected);
        this.test!.title += ` [blaskit: ${errors(ours)}; numpy: ${errors(numpy)}]`;
        expect(numpy.length, "numpy's result length").to.equal(expected.length);
        expectWithinUlp32(ours, expected, FLOAT32_BOUND, { label: `${name} float32 on ${rows}×${cols}`, inputs: rowInputs(widen(x), cols) });
      });

      it('takes Float32Array views with a byteOffset (one row) and float32 NDArrays of any rank, in place and with out shifted by one row, at every row length 0..99', () => {
        const random = seededRandom(0x3202_0000 + name.length);
        for (let cols = 0; cols < 100; cols++) {
          const row = f.randomRow(random, cols);
          const whole = new Float32Array(cols + 6).fill(-3.5);
          const view = new Float32Array(whole.buffer, 4 * 3, cols);
          view.set(row);
          const result = fn(view) as Float32Array;
          expect(result, `${name}: a Float32Array row of ${cols}`).to.be.instanceOf(Float32Array);
          expectRoundedFromFloat64(result, fn(widen(row)), { label: `${name} of one row of ${cols}`, inputs: row });
          expectIdentical(whole.subarray(0, 3), [-3.5, -3.5, -3.5] as never, `${name}: memory before the view`);
          expectIdentical(whole.subarray(cols + 3), [-3.5, -3.5, -3.5] as never, `${name}: memory after the view`);
          expectIdentical(view, row, `${name}: the input after the call`);

          const x = matrix32(f, random, 3, cols);
          const expected = (fn(new NDArray(x.slice() as never, [3, cols])) as NDArray).data;
          const nd3 = fn(new NDArray(x.slice() as never, [1, 3, cols])) as NDArray;
          expect(nd3.dtype).to.equal('float32');
          expect(nd3.shape).to.deep.equal([1, 3, cols]);
          expectIdentical(nd3.data, expected, `${name} of a float32 (1,3,${cols}) array`);
          const inPlace = new NDArray(x.slice() as never, [3, cols]);
          expect(fn(inPlace, { out: inPlace }) === inPlace).to.equal(true);
          expectIdentical(inPlace.data, expected, `${name} in place, 3×${cols}`);
          if (cols > 0) {
            const shared = new Float32Array(4 * cols);
            const input = new Float32Array(shared.buffer, 0, 3 * cols);
            input.set(x);
            const out = new NDArray(new Float32Array(shared.buffer, 4 * cols, 3 * cols) as never, [3, cols]);
            expect(fn(new NDArray(input as never, [3, cols]), { out }) === out).to.equal(true);
            expectIdentical(out.data, expected, `${name} with out one row after the input, 3×${cols}`);
          }
        }
      });

      it('an out of the other dtype is a TypeError with code ERR_BLASKIT_DTYPE, and nothing is written', () => {
        const x32 = new NDArray(Float32Array.of(1, 2, 3, 4) as never, [2, 2]);
        const out64 = new Float64Array(4).fill(7);
        expectDtypeError(() => fn(x32, { out: out64 }), name, 'float32', out64);
        expect(Array.from(out64)).to.deep.equal([7, 7, 7, 7]);
        const out32 = new Float32Array(4).fill(7);
        expectDtypeError(() => fn(new NDArray(Float64Array.of(1, 2, 3, 4), [2, 2]), { out: out32 }), name, 'float64', out32);
        expect(Array.from(out32)).to.deep.equal([7, 7, 7, 7]);
      });
    });
  }
});
