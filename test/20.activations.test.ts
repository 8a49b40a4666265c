/**
 * sigmoid, sigmoidDerivative, tanh, tanhDerivative, relu and reluDerivative:
 * accuracy against a 200-bit reference within the bounds stated in
 * native/kernels/activations.h, numpy's own tanh validation data, special
 * values, and agreement with the TypeScript twins at every length 0..99 on
 * views with a byteOffset, in place, with and without `out`
 * (numpy's _core/tests/test_umath_accuracy.py method).
 *
 * float32 (issue 14): within 1 float32 ULP of the 200-bit value rounded once
 * to float32, equal bit for bit to Math.fround of the float64 result on the
 * widened input (the contract), numpy's float32 tanh data, numpy's own
 * float32 results measured beside blaskit's (numpy computes in float32 with
 * its own error: its figures are printed in the test titles), and the same
 * memory and kind checks as float64 with Float32Array and float32 NDArrays.
 */
import * as fs from 'fs';
import * as path from 'path';
import { expect } from 'chai';
import { NDArray, array, relu, reluDerivative, sigmoid, sigmoidDerivative, tanh, tanhDerivative } from '../lib/index';
import type { ElementwiseFunction } from '../lib/index';
import * as twins from '../lib/reference/activations';
import { SIMD_FMA } from './support/target';
import { paddedView, seededRandom, type Random } from './support/random';
import { FLT_MAX, FLT_TRUE_MIN, expectDtypeError, expectRoundedFromFloat64, float32ErrorSummary, fromBits32, widen } from './support/float32';
import { fromBase64Float32, numpyAvailable, runNumpy, toBase64 } from './support/numpy';
import {
  MIN_NORMAL,
  SUBNORMAL_ULP,
  bigFromDouble,
  bigToFloat32,
  exact32,
  exactExp,
  exactExpm1,
  exactSigmoid,
  exactSigmoidDerivative,
  exactTanh,
  exactTanhDerivative,
  expectIdentical,
  expectWithinUlp,
  expectWithinUlp32,
  fromBits,
  ulpDistance,
  ulpDistance32,
} from './support/ulp';

interface Activation {
  name: string;
  fn: ElementwiseFunction;
  twin: (x: Float64Array, y: Float64Array) => void;
  /** The header's bound against the true value; 0 for the exact kernels. */
  maxUlp: number;
  /** The true value, correctly rounded (only for the exp-based kernels). */
  exact?: (x: number) => number;
}

const activations: Activation[] = [
  // activations.h: sigmoid and tanh <= 1 ULP, their derivatives <= 2 ULP (numpy's tanh bound is 2).
  { name: 'sigmoid', fn: sigmoid, twin: twins.sigmoid, maxUlp: 1, exact: exactSigmoid },
  { name: 'sigmoidDerivative', fn: sigmoidDerivative, twin: twins.sigmoidDerivative, maxUlp: 2, exact: exactSigmoidDerivative },
  { name: 'tanh', fn: tanh, twin: twins.tanh, maxUlp: 1, exact: exactTanh },
  { name: 'tanhDerivative', fn: tanhDerivative, twin: twins.tanhDerivative, maxUlp: 2, exact: exactTanhDerivative },
  { name: 'relu', fn: relu, twin: twins.relu, maxUlp: 0 },
  { name: 'reluDerivative', fn: reluDerivative, twin: twins.reluDerivative, maxUlp: 0 },
];
const expBased = activations.filter((a) => a.exact !== undefined);

/** NaN, infinities, zeros, subnormals, and the points where exp over- and underflows or the naive formulas saturate. */
const SPECIAL_VALUES = [
  NaN, Infinity, -Infinity, 0, -0, 5e-324, -5e-324, 2.2e-308, -2.2e-308,
  36.8, -36.8, 709.78, -709.78, 710, -710, 745.13, -745.13, 746, -746,
];

/**
 * The twins compute as the baseline target does (lib/reference/math.ts): under
 * that target, and for relu and its derivative (no rounding at all), native
 * and twin agree bit for bit. Targets with FMA round some intermediate steps
 * differently: both are within the header's bound of the true value, so
 * within twice that of each other.
 */
function expectMatchesTwin(activation: Activation, actual: Float64Array, input: Float64Array, label: string): void {
  const expected = new Float64Array(input.length);
  activation.twin(input, expected);
  if (activation.maxUlp === 0 || !SIMD_FMA) expectIdentical(actual, expected, { label, inputs: input });
  else expectWithinUlp(actual, expected, 2 * activation.maxUlp, { label, inputs: input });
}

/** Mostly moderate values where the functions vary, with special values mixed in so that they land in every lane. */
function twinInputs(random: Random, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => (random.next() < 0.15 ? random.pick(SPECIAL_VALUES) : random.uniform(-40, 40)));
}

/** What the CSV of numpy's validation data holds for one dtype. */
function readValidationCsv(file: string, dtype: string): { input: number; output: number; tolerance: number }[] {
  const csv = path.join(__dirname, 'fixtures', 'numpy-umath', file);
  if (!fs.existsSync(csv)) {
    expect.fail(`numpy's validation data is missing: ${csv} does not exist (test/fixtures/numpy-umath/README.md says where it comes from).`);
  }
  const rows = [];
  for (const line of fs.readFileSync(csv, 'utf8').split('\n')) {
    // Comment lines start with '#' or '$'; the header starts with 'dtype'.
    if (!line.startsWith(`${dtype},`)) continue;
    const [, input, output, tolerance] = line.trim().split(',');
    rows.push({ input: fromBits(BigInt(input)), output: fromBits(BigInt(output)), tolerance: Number(tolerance) });
  }
  return rows;
}

/** Inputs for the accuracy tests: the whole range, the region where the functions bend, and every binade near 0. */
function accuracyInputs(): Float64Array {
  const random = seededRandom(0x5eed_0020);
  const values: number[] = [];
  for (let i = 0; i < 2500; i++) values.push(random.uniform(-750, 750));
  for (let i = 0; i < 1000; i++) values.push(random.uniform(-40, 40));
  for (let i = 0; i < 300; i++) values.push(random.uniform(-1e-3, 1e-3));
  // One input in every binade from 1 down to the smallest subnormal, either sign.
  for (let k = 0; k <= 1074; k++) values.push((random.next() < 0.5 ? -1 : 1) * 2 ** -k * random.uniform(1, 2));
  values.push(...SPECIAL_VALUES.filter(Number.isFinite));
  return Float64Array.from(values);
}

describe('activations: sigmoid, sigmoidDerivative, tanh, tanhDerivative, relu, reluDerivative', () => {
  describe('the measuring tools these tests rely on', () => {
    it('ulpDistance counts the doubles between two values: ±0 are 0 apart, NaN matches only NaN, the largest double is 1 from Infinity', () => {
      expect(ulpDistance(1, 1 + 2 ** -52)).to.equal(1);
      expect(ulpDistance(1, 1 - 2 ** -53)).to.equal(1);
      expect(ulpDistance(-0, 0)).to.equal(0);
      expect(ulpDistance(5e-324, -5e-324)).to.equal(2);
      expect(ulpDistance(NaN, NaN)).to.equal(0);
      expect(ulpDistance(NaN, 1)).to.equal(Infinity);
      expect(ulpDistance(Number.MAX_VALUE, Infinity)).to.equal(1);
      expect(ulpDistance(MIN_NORMAL, MIN_NORMAL - SUBNORMAL_ULP)).to.equal(1);
      expect(() => expectWithinUlp(Float64Array.of(1, 2), Float64Array.of(1, 2 + 2 ** -49), 1, 'probe')).to.throw(/index 1.*4 ULP apart \(bound 1\)/);
    });

    it("the 200-bit reference reproduces numpy's float64 exp, expm1 and tanh validation data, so its verdicts can be trusted", () => {
      // exp: numpy's file itself is off by 1 ULP on one row (x = -708.41357421875,
      // see test/fixtures/numpy-umath/README.md), hence 1 rather than 0.
      const expRows = readValidationCsv('umath-validation-set-exp.csv', 'np.float64');
      expect(expRows.length, 'float64 rows of the exp file').to.be.greaterThan(200);
      const expInputs = Float64Array.from(expRows, (r) => r.input);
      expectWithinUlp(expInputs.map(exactExp), Float64Array.from(expRows, (r) => r.output), 1, { label: 'reference exp', inputs: expInputs });
      const expm1Rows = readValidationCsv('umath-validation-set-expm1.csv', 'np.float64');
      expect(expm1Rows.length, 'float64 rows of the expm1 file').to.be.greaterThan(700);
      const expm1Inputs = Float64Array.from(expm1Rows, (r) => r.input);
      expectWithinUlp(expm1Inputs.map(exactExpm1), Float64Array.from(expm1Rows, (r) => r.output), 0, { label: 'reference expm1', inputs: expm1Inputs });
      // Every float64 tanh row is correctly rounded (checked with mpmath, per the data's README).
      const tanhRows = readValidationCsv('umath-validation-set-tanh.csv', 'np.float64');
      const tanhInputs = Float64Array.from(tanhRows, (r) => r.input);
      expectWithinUlp(tanhInputs.map(exactTanh), Float64Array.from(tanhRows, (r) => r.output), 0, { label: 'reference tanh', inputs: tanhInputs });
    });
  });

  describe('accuracy against a 200-bit reference', () => {
    const inputs = accuracyInputs();
    for (const activation of expBased) {
      it(`${activation.name} is within ${activation.maxUlp} ULP of the true value over [-750, 750] and every binade near 0 (within ${activation.maxUlp}·2^-1074 where the result is subnormal)`, () => {
        const exact = activation.exact!;
        const actual = activation.fn(inputs);
        const expected = inputs.map(exact);
        // Below 2^-1022 a ULP is the fixed step 2^-1074, so the same count is an absolute error there.
        const subnormal = (i: number) => Math.abs(expected[i]) < MIN_NORMAL;
        const split = (keep: (i: number) => boolean) => {
          const index = [...inputs.keys()].filter(keep);
          return {
            x: Float64Array.from(index, (i) => inputs[i]),
            actual: Float64Array.from(index, (i) => actual[i]),
            expected: Float64Array.from(index, (i) => expected[i]),
          };
        };
        const normal = split((i) => !subnormal(i));
        const tiny = split(subnormal);
        expectWithinUlp(normal.actual, normal.expected, activation.maxUlp, { label: `${activation.name}, normal results`, inputs: normal.x });
        expectWithinUlp(tiny.actual, tiny.expected, activation.maxUlp, { label: `${activation.name}, subnormal results (units of 2^-1074)`, inputs: tiny.x });
      });
    }
  });

  describe("numpy's tanh validation data (test/fixtures/numpy-umath)", () => {
    it("tanh meets numpy's bound on every float64 row of umath-validation-set-tanh.csv, shuffled, at several lengths and offsets", () => {
      const rows = readValidationCsv('umath-validation-set-tanh.csv', 'np.float64');
      expect(rows.length, 'float64 rows in the tanh file').to.equal(714);
      // numpy applies the column's maximum to the whole dtype.
      const maxUlp = Math.max(...rows.map((r) => r.tolerance));
      expect(maxUlp, "numpy's float64 tanh tolerance").to.equal(2);
      const random = seededRandom(0x7a4_0005);
      for (const [length, pad] of [[714, 1], [713, 3], [64, 5], [7, 2]]) {
        const shuffled = random.shuffle(rows);
        for (let start = 0; start < shuffled.length; start += length) {
          const chunk = shuffled.slice(start, start + length);
          const input = paddedView(chunk.map((r) => r.input), pad);
          const actual = tanh(input.view);
          expectWithinUlp(actual, Float64Array.from(chunk, (r) => r.output), maxUlp, {
            label: `tanh on numpy's data (chunks of ${length}, byteOffset ${8 * pad})`,
            inputs: input.view,
          });
        }
      }
    });
  });

  describe('special values', () => {
    for (const activation of expBased) {
      it(`${activation.name} gives the true value at NaN, ±Infinity, ±0, subnormals and the saturation points`, () => {
        const x = Float64Array.from(SPECIAL_VALUES);
        const expected = x.map(activation.exact!);
        expectWithinUlp(activation.fn(x), expected, activation.maxUlp, { label: activation.name, inputs: x });
        // One at a time too: a number in, a number out.
        for (const v of SPECIAL_VALUES) {
          expect(ulpDistance(activation.fn(v), activation.exact!(v)), `${activation.name}(${v})`).to.be.at.most(activation.maxUlp);
        }
      });
    }

    it('sigmoid: NaN -> NaN, Infinity -> 1, -Infinity -> 0, ±0 and subnormals -> 0.5', () => {
      const x = Float64Array.of(NaN, Infinity, -Infinity, 0, -0, 5e-324, -5e-324);
      expectIdentical(sigmoid(x), Float64Array.of(NaN, 1, 0, 0.5, 0.5, 0.5, 0.5), { label: 'sigmoid', inputs: x });
    });

    it('sigmoid returns the subnormal true value below -709.78: sigmoid(-740) ≈ 4.2e-322, not 0', () => {
      const value = sigmoid(-740);
      expect(value).to.be.greaterThan(0);
      expect(value).to.be.lessThan(MIN_NORMAL);
      expect(ulpDistance(value, 4.2e-322), `sigmoid(-740) = ${value}`).to.be.at.most(1);
      // Where the tutorial's formula has already given 0.
      expect(sigmoid(-709.79)).to.be.greaterThan(0);
      expect(sigmoid(-745)).to.be.greaterThan(0);
    });

    it('sigmoid(-746) is 0: the true value is below half the smallest subnormal', () => {
      expect(Object.is(sigmoid(-746), 0), `sigmoid(-746) = ${sigmoid(-746)}`).to.equal(true);
      expect(Object.is(sigmoid(-1e300), 0)).to.equal(true);
    });

    it('sigmoidDerivative: NaN -> NaN, ±Infinity -> 0, ±0 -> 0.25, and 4.248354255291589e-18 at 40 where the naive formula gives 0', () => {
      const x = Float64Array.of(NaN, Infinity, -Infinity, 0, -0);
      expectIdentical(sigmoidDerivative(x), Float64Array.of(NaN, 0, 0, 0.25, 0.25), { label: 'sigmoidDerivative', inputs: x });
      expect(ulpDistance(sigmoidDerivative(40), 4.248354255291589e-18), `sigmoidDerivative(40) = ${sigmoidDerivative(40)}`).to.be.at.most(2);
      expect(ulpDistance(sigmoidDerivative(-40), 4.248354255291589e-18), `sigmoidDerivative(-40) = ${sigmoidDerivative(-40)}`).to.be.at.most(2);
    });

    it('tanh: NaN -> NaN, ±Infinity -> ±1, keeps the sign of zero, returns subnormals unchanged, and is odd', () => {
      const x = Float64Array.of(NaN, Infinity, -Infinity, 0, -0, 5e-324, -5e-324, 710, -710);
      expectIdentical(tanh(x), Float64Array.of(NaN, 1, -1, 0, -0, 5e-324, -5e-324, 1, -1), { label: 'tanh', inputs: x });
      const random = seededRandom(0x0dd);
      const y = Float64Array.from({ length: 500 }, () => random.uniform(-25, 25));
      const negated = y.map((v) => -v);
      expectIdentical(tanh(negated), tanh(y).map((v) => -v), { label: 'tanh(-x) = -tanh(x)', inputs: y });
    });

    it('tanhDerivative: NaN -> NaN, ±Infinity -> 0, ±0 -> 1, and 3.502604305078608e-26 at 30 where the naive formula gives 0', () => {
      const x = Float64Array.of(NaN, Infinity, -Infinity, 0, -0);
      expectIdentical(tanhDerivative(x), Float64Array.of(NaN, 0, 0, 1, 1), { label: 'tanhDerivative', inputs: x });
      expect(ulpDistance(tanhDerivative(30), 3.502604305078608e-26), `tanhDerivative(30) = ${tanhDerivative(30)}`).to.be.at.most(2);
      expect(ulpDistance(tanhDerivative(-30), 3.502604305078608e-26), `tanhDerivative(-30) = ${tanhDerivative(-30)}`).to.be.at.most(2);
    });

    it('relu follows np.where(x < 0, 0, x): negatives become +0, while -0, NaN, subnormals and +Infinity pass through', () => {
      const x = Float64Array.from(SPECIAL_VALUES);
      // In SPECIAL_VALUES order: NaN, ±Inf, ±0, ±5e-324, ±2.2e-308, ±36.8, ±709.78, ±710, ±745.13, ±746.
      const expected = Float64Array.of(NaN, Infinity, 0, 0, -0, 5e-324, 0, 2.2e-308, 0, 36.8, 0, 709.78, 0, 710, 0, 745.13, 0, 746, 0);
      expectIdentical(relu(x), expected, { label: 'relu', inputs: x });
      expect(Object.is(relu(-0), -0), 'relu(-0) is -0').to.equal(true);
      expect(Object.is(relu(-3), 0), 'relu(-3) is +0').to.equal(true);
      expect(Number.isNaN(relu(NaN)), 'relu(NaN) is NaN').to.equal(true);
    });

    it('reluDerivative is 1 where x > 0 and 0 elsewhere: 0 at ±0, at NaN and at -Infinity', () => {
      const x = Float64Array.from(SPECIAL_VALUES);
      const expected = Float64Array.of(0, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0);
      expectIdentical(reluDerivative(x), expected, { label: 'reluDerivative', inputs: x });
      expect(Object.is(reluDerivative(0), 0)).to.equal(true);
      expect(Object.is(reluDerivative(NaN), 0)).to.equal(true);
    });
  });

  describe('against the TypeScript twins at every length 0..99', () => {
    const lengths = Array.from({ length: 100 }, (_, n) => n);

    for (const activation of activations) {
      const { name, fn } = activation;

      it(`${name} matches its twin on views with a byteOffset, leaving the input and the memory around both untouched`, () => {
        const random = seededRandom(0xa0 + activations.indexOf(activation));
        for (const n of lengths) {
          const input = paddedView(twinInputs(random, n), 3);
          const before = input.whole.slice();
          const result = fn(input.view);
          expect(result, `${name}: result for length ${n}`).to.be.instanceOf(Float64Array);
          expect(result.length).to.equal(n);
          expect(result.buffer, `${name}: a fresh result, not the input's memory`).to.not.equal(input.whole.buffer);
          expectMatchesTwin(activation, result, input.view, `${name} at length ${n}`);
          expectIdentical(input.whole, before, `${name} at length ${n}: input buffer after the call`);
        }
      });

      it(`${name} writes into a given out (a view with a byteOffset, or an NDArray) and returns that very object`, () => {
        const random = seededRandom(0xb0 + activations.indexOf(activation));
        for (const n of lengths) {
          const input = paddedView(twinInputs(random, n), 2);
          const before = input.view.slice();
          const out = paddedView(new Float64Array(n).fill(12345), 5);
          const returned = fn(input.view, { out: out.view });
          expect(returned === out.view, `${name}: returns the out it was given (length ${n})`).to.equal(true);
          expectMatchesTwin(activation, out.view, before, `${name} into out at length ${n}`);
          expect(out.damagedPadding(), `${name}: memory around out (length ${n})`).to.deep.equal([]);
          expect(input.damagedPadding(), `${name}: memory around the input (length ${n})`).to.deep.equal([]);
          expectIdentical(input.view, before, `${name} at length ${n}: input after the call`);

          const outArray = new NDArray(new Float64Array(n), [n]);
          expect(fn(input.view, { out: outArray }) === outArray, `${name}: returns the NDArray out`).to.equal(true);
          expectIdentical(outArray.data, out.view, `${name} into an NDArray out at length ${n}`);
        }
      });

      it(`${name} works in place: out may be the input itself`, () => {
        const random = seededRandom(0xc0 + activations.indexOf(activation));
        for (const n of lengths) {
          const input = paddedView(twinInputs(random, n), 1);
          const original = input.view.slice();
          const notInPlace = fn(original);
          expect(fn(input.view, { out: input.view }) === input.view, `${name}: returns the input as out`).to.equal(true);
          // In place must not change the answer: every element is read before it is written.
          expectIdentical(input.view, notInPlace, { label: `${name} in place at length ${n}`, inputs: original });
          expectMatchesTwin(activation, input.view, original, `${name} in place at length ${n}`);
          expect(input.damagedPadding(), `${name}: memory around the array (length ${n})`).to.deep.equal([]);
        }
        // An NDArray sharing the input's memory counts as the same array.
        const data = twinInputs(random, 12);
        const original = data.slice();
        const nd = new NDArray(data, [3, 4]);
        expect(fn(nd, { out: nd }) === nd).to.equal(true);
        expectIdentical(nd.data, fn(original), `${name} in place on an NDArray`);
      });

      it(`${name} gives the right answer when out partially overlaps the input (shifted by one element either way)`, () => {
        const random = seededRandom(0xd0 + activations.indexOf(activation));
        for (const n of lengths.filter((k) => k >= 2)) {
          for (const shift of [1, -1]) {
            const values = twinInputs(random, n);
            const expected = fn(values);
            const whole = new Float64Array(n + 4);
            const input = new Float64Array(whole.buffer, 8 * 2, n);
            input.set(values);
            const out = new Float64Array(whole.buffer, 8 * (2 + shift), n);
            expect(fn(input, { out }) === out).to.equal(true);
            expectIdentical(out, expected, { label: `${name} with out shifted by ${shift} at length ${n}`, inputs: values });
          }
        }
      });

      it(`${name} returns the kind it was given: number -> number, Float64Array -> Float64Array, NDArray and nested arrays -> NDArray of the same shape`, () => {
        const random = seededRandom(0xe0 + activations.indexOf(activation));
        const values = twinInputs(random, 24);
        const flat = fn(values);

        const scalar = fn(values[5]);
        expect(scalar).to.be.a('number');
        expect(Object.is(scalar, flat[5]), `${name}(${values[5]}) as a number`).to.equal(true);

        const nd = array(values.slice(), [2, 3, 4]);
        const ndResult = fn(nd);
        expect(ndResult).to.be.instanceOf(NDArray);
        expect(ndResult.shape).to.deep.equal([2, 3, 4]);
        expect(ndResult.data).to.not.equal(nd.data);
        expectIdentical(ndResult.data, flat, `${name} on an NDArray of shape (2,3,4)`);
        expectIdentical(nd.data, values, `${name}: the NDArray input after the call`);

        const nested = [Array.from(values.subarray(0, 12)), Array.from(values.subarray(12))];
        const nestedResult = fn(nested);
        expect(nestedResult).to.be.instanceOf(NDArray);
        expect(nestedResult.shape).to.deep.equal([2, 12]);
        expectIdentical(nestedResult.data, flat, `${name} on nested arrays`);

        const zeroD = fn(array(values[7]));
        expect(zeroD).to.be.instanceOf(NDArray);
        expect(zeroD.shape).to.deep.equal([]);
        expect(Object.is(zeroD.data[0], flat[7])).to.equal(true);

        const empty = fn(new NDArray(new Float64Array(0), [3, 0]));
        expect(empty.shape).to.deep.equal([3, 0]);

        const out = new Float64Array(1);
        expect(fn(values[5], { out }) === out, `${name}(number, { out }) returns out`).to.equal(true);
        expect(Object.is(out[0], flat[5])).to.equal(true);
      });
    }
  });
});

// ---------------------------------------------------------------------------
// float32

/** The documented float32 bound of every activation: within 1 ULP of the correctly rounded float32 result. */
const FLOAT32_BOUND = 1;

/** float32 special values: NaN, infinities, zeros, float32 subnormals and limits, and where float32 results saturate or underflow. */
const SPECIAL_VALUES_32 = [
  NaN, Infinity, -Infinity, 0, -0, FLT_TRUE_MIN, -FLT_TRUE_MIN, 2 ** -126, -(2 ** -126), FLT_MAX, -FLT_MAX,
  8.66, -8.66, 16.64, -16.64, 17.33, -17.33, 52.33, -52.33, 88.72, -88.72, 103.28, -103.28, 103.97, -103.97, 110, -110,
].map(Math.fround);

/** float32 inputs across float32's range: where the functions bend, near 0, one in every float32 binade, and the special values. */
function accuracyInputs32(): Float32Array {
  const random = seededRandom(0x5eed_0032);
  const values: number[] = [];
  for (let i = 0; i < 2500; i++) values.push(random.uniform(-110, 110));
  for (let i = 0; i < 1000; i++) values.push(random.uniform(-20, 20));
  for (let i = 0; i < 300; i++) values.push(random.uniform(-1e-3, 1e-3));
  for (let k = -127; k <= 149; k++) values.push((random.next() < 0.5 ? -1 : 1) * 2 ** -k * random.uniform(1, 2));
  values.push(...SPECIAL_VALUES_32.filter(Number.isFinite));
  return Float32Array.from(values);
}

const exact32Of: Record<string, ((x: number) => number) | undefined> = {
  sigmoid: exact32.sigmoid,
  sigmoidDerivative: exact32.sigmoidDerivative,
  tanh: exact32.tanh,
  tanhDerivative: exact32.tanhDerivative,
};

/** What numpy users write for each activation, evaluated by numpy in float32 (x is a float32 array). */
const NUMPY_FLOAT32: Record<string, string> = {
  sigmoid: '1 / (1 + np.exp(-x))',
  sigmoidDerivative: '(1 / (1 + np.exp(-x))) * (1 - 1 / (1 + np.exp(-x)))',
  tanh: 'np.tanh(x)',
  tanhDerivative: '1 - np.tanh(x) ** 2',
  relu: 'np.where(x < 0, np.float32(0), x)',
  reluDerivative: 'np.where(x > 0, np.float32(1), np.float32(0))',
};

/** float32 twin inputs: moderate values with float32 special values mixed in so that they land in every lane. */
function twinInputs32(random: Random, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => (random.next() < 0.15 ? random.pick(SPECIAL_VALUES_32) : random.uniform(-20, 20)));
}

describe('activations in float32', () => {
  describe('the float32 reference', () => {
    it('bigToFloat32 rounds the 200-bit value once: 1 + 2^-24 + 2^-60 gives 1 + 2^-23, where rounding through a double gives 1', () => {
      const justAboveMidpoint = { m: (1n << 60n) + (1n << 36n) + 1n, e: -60 };
      expect(bigToFloat32(justAboveMidpoint)).to.equal(1 + 2 ** -23);
      expect(Math.fround(1 + 2 ** -24 + 2 ** -60), 'the double rounding it avoids').to.equal(1);
      // Float32 overflow at the midpoint above FLT_MAX (ties to even), subnormals and underflow.
      expect(bigToFloat32(bigFromDouble(FLT_MAX + 2 ** 103))).to.equal(Infinity);
      expect(bigToFloat32(bigFromDouble(FLT_MAX + 2 ** 102))).to.equal(FLT_MAX);
      expect(bigToFloat32(bigFromDouble(1.5 * FLT_TRUE_MIN))).to.equal(2 * FLT_TRUE_MIN);
      expect(bigToFloat32(bigFromDouble(FLT_TRUE_MIN / 2))).to.equal(0);
      expect(ulpDistance32(1, Math.fround(1 + 2 ** -23))).to.equal(1);
      expect(ulpDistance32(FLT_TRUE_MIN, -FLT_TRUE_MIN)).to.equal(2);
      expect(ulpDistance32(FLT_MAX, Infinity)).to.equal(1);
      expect(() => ulpDistance32(0.1, 0.1), 'a double that is not a float32 value').to.throw(RangeError);
    });

    it("reproduces every float32 row of numpy's tanh validation data exactly (0 ULP), so its float32 verdicts can be trusted", () => {
      const csv = path.join(__dirname, 'fixtures', 'numpy-umath', 'umath-validation-set-tanh.csv');
      const rows = fs.readFileSync(csv, 'utf8').split('\n').filter((line) => line.startsWith('np.float32,'));
      expect(rows.length, 'float32 rows in the tanh file').to.equal(714);
      const input = Float32Array.from(rows, (line) => fromBits32(Number(line.split(',')[1])));
      const output = Float32Array.from(rows, (line) => fromBits32(Number(line.split(',')[2])));
      expectWithinUlp32(Float64Array.from(input, exact32.tanh), output, 0, { label: 'float32 reference tanh', inputs: input });
    });
  });

  describe('accuracy against the 200-bit reference rounded to float32', () => {
    const inputs = accuracyInputs32();
    for (const activation of expBased) {
      it(`${activation.name} of a Float32Array is a Float32Array within ${FLOAT32_BOUND} float32 ULP of the correctly rounded float32 value over float32's whole range, and equals Math.fround of the float64 result`, () => {
        const actual = activation.fn(inputs as never) as unknown as Float32Array;
        expect(actual, `${activation.name}: result type`).to.be.instanceOf(Float32Array);
        const expected = Float64Array.from(inputs, exact32Of[activation.name]!);
        expectWithinUlp32(actual, expected, FLOAT32_BOUND, { label: `${activation.name} float32`, inputs });
        expectRoundedFromFloat64(actual, activation.fn(widen(inputs)), { label: activation.name, inputs });
      });
    }

    for (const activation of activations.filter((a) => a.exact === undefined)) {
      it(`${activation.name} of a Float32Array is exact: the float64 result on the widened input, which is a float32 value`, () => {
        const actual = activation.fn(inputs as never) as unknown as Float32Array;
        expect(actual).to.be.instanceOf(Float32Array);
        const double = activation.fn(widen(inputs));
        expectIdentical(Float64Array.from(double, Math.fround), double, `${activation.name}: the float64 result needs no rounding`);
        expectRoundedFromFloat64(actual, double, { label: activation.name, inputs });
      });
    }

    for (const activation of activations) {
      it(`${activation.name} follows float64's rules at float32 special values (NaN, ±Infinity, ±0, float32 subnormals, saturation points)`, () => {
        const x = Float32Array.from(SPECIAL_VALUES_32);
        expectRoundedFromFloat64(activation.fn(x as never), activation.fn(widen(x)), { label: `${activation.name} at special values`, inputs: x });
      });
    }
  });

  describe('numpy in float32 as an oracle (numpy computes in float32 with its own error; both are measured against the correctly rounded float32 value)', () => {
    const random = seededRandom(0x00f3_2000);
    const x = Float32Array.from({ length: 4000 }, (_, i) => (i % 4 === 0 ? random.uniform(-110, 110) : random.uniform(-12, 12)));
    let numpyResults: Record<string, Float32Array> | undefined;

    before(function () {
      if (!numpyAvailable()) this.skip();
      const script = [
        'data = json.load(sys.stdin)',
        "x = f32(data['x'])",
        "with np.errstate(all='ignore'):",
        ...Object.entries(NUMPY_FLOAT32).map(([name, expression]) => `    r_${name} = b64f32(${expression})`),
        `print(json.dumps({${Object.keys(NUMPY_FLOAT32).map((name) => `'${name}': r_${name}`).join(', ')}}))`,
      ].join('\n');
      const output = runNumpy(script, { x: toBase64(x) }) as Record<string, string>;
      numpyResults = Object.fromEntries(Object.entries(output).map(([name, text]) => [name, fromBase64Float32(text)]));
    });

    for (const activation of activations) {
      it(`${activation.name}: blaskit float32 within ${activation.exact ? FLOAT32_BOUND : 0} ULP of the correctly rounded value, numpy float32 \`${NUMPY_FLOAT32[activation.name]}\` measured beside it`, function () {
        const numpy = numpyResults!;
        const exact = exact32Of[activation.name];
        // relu and its derivative are exact: the correctly rounded value is the float64 one.
        const expected = exact ? Float64Array.from(x, exact) : Float64Array.from(activation.fn(widen(x)));
        const ours = activation.fn(x as never) as unknown as Float32Array;
        expect(ours).to.be.instanceOf(Float32Array);
        const errors = (result: ArrayLike<number>) => float32ErrorSummary(result, expected);
        // The figures, in the title the reporter prints once the test has run.
        this.test!.title += ` [blaskit: ${errors(ours)}; numpy: ${errors(numpy[activation.name])}]`;
        expectWithinUlp32(ours, expected, exact ? FLOAT32_BOUND : 0, { label: `${activation.name} float32 against the correctly rounded value`, inputs: x });
        expect(numpy[activation.name].length, "numpy's result length").to.equal(x.length);
      });
    }
  });

  describe('kinds, out and memory in float32, at every length 0..99', () => {
    for (const activation of activations) {
      const { name, fn } = activation;
      const f = fn as unknown as (x: unknown, options?: unknown) => unknown;

      it(`${name}: a Float32Array view with a byteOffset gives a fresh Float32Array, Math.fround of the float64 result, leaving the input untouched`, () => {
        const random = seededRandom(0xf0 + activations.indexOf(activation));
        for (let n = 0; n < 100; n++) {
          const whole = twinInputs32(random, n + 6);
          const view = new Float32Array(whole.buffer, 4 * 3, n);
          const before = whole.slice();
          const result = f(view) as Float32Array;
          expect(result, `${name}: length ${n}`).to.be.instanceOf(Float32Array);
          expect(result.length).to.equal(n);
          expect(result.buffer, `${name}: a fresh result`).to.not.equal(whole.buffer);
          expectRoundedFromFloat64(result, fn(widen(view)), { label: `${name} at length ${n}`, inputs: view });
          expectIdentical(whole, before, `${name} at length ${n}: the input buffer after the call`);
        }
      });

      it(`${name}: writes into a Float32Array or float32 NDArray out (returning it), in place, and with out shifted by one element`, () => {
        const random = seededRandom(0x1f0 + activations.indexOf(activation));
        for (let n = 0; n < 100; n++) {
          const values = twinInputs32(random, n);
          const expected = f(values) as Float32Array;
          const whole = new Float32Array(n + 4).fill(12345);
          const out = new Float32Array(whole.buffer, 4 * 2, n);
          expect(f(values, { out }) === out, `${name}: returns out (length ${n})`).to.equal(true);
          expectIdentical(out, expected, `${name} into out at length ${n}`);
          expectIdentical(whole.subarray(0, 2), [12345, 12345] as never, `${name}: memory before out`);
          expectIdentical(whole.subarray(n + 2), [12345, 12345] as never, `${name}: memory after out`);
          const nd = new NDArray(new Float32Array(n) as never, [n]);
          expect(f(values, { out: nd }) === nd).to.equal(true);
          expectIdentical(nd.data, expected, `${name} into a float32 NDArray out at length ${n}`);
          const inPlace = values.slice();
          expect(f(inPlace, { out: inPlace }) === inPlace).to.equal(true);
          expectIdentical(inPlace, expected, `${name} in place at length ${n}`);
          if (n >= 2) {
            for (const shift of [1, -1]) {
              const shared = new Float32Array(n + 4);
              const input = new Float32Array(shared.buffer, 4 * 2, n);
              input.set(values);
              const shifted = new Float32Array(shared.buffer, 4 * (2 + shift), n);
              expect(f(input, { out: shifted }) === shifted).to.equal(true);
              expectIdentical(shifted, expected, { label: `${name} with out shifted by ${shift} at length ${n}`, inputs: values });
            }
          }
        }
      });

      it(`${name}: a float32 NDArray gives a float32 NDArray of the same shape; array(nested, shape, { dtype: 'float32' }) too`, () => {
        const random = seededRandom(0x2f0 + activations.indexOf(activation));
        const values = twinInputs32(random, 24);
        const flat = f(values) as Float32Array;
        const nd = array(values.slice() as never, [2, 3, 4]);
        expect(nd.dtype).to.equal('float32');
        const result = f(nd) as NDArray;
        expect(result).to.be.instanceOf(NDArray);
        expect(result.dtype).to.equal('float32');
        expect(result.shape).to.deep.equal([2, 3, 4]);
        expect(result.data).to.be.instanceOf(Float32Array);
        expectIdentical(result.data, flat, `${name} on a float32 NDArray of shape (2,3,4)`);
        const nested = [Array.from(values.subarray(0, 12)), Array.from(values.subarray(12))];
        const fromNested = f(array(nested, undefined, { dtype: 'float32' } as never)) as NDArray;
        expect(fromNested.dtype).to.equal('float32');
        expect(fromNested.shape).to.deep.equal([2, 12]);
        expectIdentical(fromNested.data, flat, `${name} on array(nested, { dtype: 'float32' })`);
        const empty = f(new NDArray(new Float32Array(0) as never, [3, 0])) as NDArray;
        expect(empty.shape).to.deep.equal([3, 0]);
        expect(empty.dtype).to.equal('float32');
      });

      it(`${name}: an out of the other dtype is a TypeError with code ERR_BLASKIT_DTYPE, and nothing is written`, () => {
        const x32 = Float32Array.of(1, -2, 3, 0.5);
        const out64 = new Float64Array(4).fill(7);
        expectDtypeError(() => f(x32, { out: out64 }), name, 'float32', out64);
        expect(Array.from(out64)).to.deep.equal([7, 7, 7, 7]);
        const ndOut64 = new NDArray(new Float64Array(4), [4]);
        expectDtypeError(() => f(x32, { out: ndOut64 }), name, 'float32', ndOut64);
        const out32 = new Float32Array(4).fill(7);
        expectDtypeError(() => f(widen(x32), { out: out32 }), name, 'float64', out32);
        expect(Array.from(out32)).to.deep.equal([7, 7, 7, 7]);
        // A number alone is float64 (numpy's Python-scalar rule), so its out is too.
        expectDtypeError(() => f(0.5, { out: new Float32Array(1) }), name, 'float64', new Float32Array(1));
      });
    }
  });
});
