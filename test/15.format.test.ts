import * as fs from 'fs';
import * as path from 'path';
import { expect } from 'chai';
import { formatArray, formatScalar, type FloatDtype } from '../lib/format';

/**
 * Fixture numbers are JSON numbers, except the values JSON cannot carry:
 * written as strings by scripts/generate-format-fixtures.py.
 */
type Encoded = number | 'nan' | 'inf' | '-inf' | '-0';

interface ArrayCase {
  name: string;
  rule: string;
  shape: number[];
  data: Encoded[];
  expected: string;
}

interface ScalarCase {
  name: string;
  value: Encoded;
  expected: string;
}

interface Fixture {
  numpy: string;
  arrays: ArrayCase[];
  scalars: ScalarCase[];
}

function decode(value: Encoded): number {
  switch (value) {
    case 'nan':
      return NaN;
    case 'inf':
      return Infinity;
    case '-inf':
      return -Infinity;
    case '-0':
      return -0;
    default:
      return value;
  }
}

function readFixture(file: string): Fixture {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', file), 'utf8'));
}

const fixture = readFixture('format.json');
const fixture32 = readFixture('format-float32.json');
const isRandom = (c: ArrayCase) => c.name.startsWith('random/');

/** The fixture's data in the typed array of `dtype` (float32 data are float32 values, stored exactly). */
function caseData(c: ArrayCase, dtype: FloatDtype): Float64Array | Float32Array {
  return dtype === 'float32' ? Float32Array.from(c.data, decode) : Float64Array.from(c.data, decode);
}

function formatCase(c: ArrayCase, dtype: FloatDtype = 'float64'): string {
  return formatArray(caseData(c, dtype), c.shape);
}

/**
 * Formats a 1000x1000 array, expecting numpy's text, then again with every
 * element that is not shown (numpy shows 3 rows and columns at each edge) set
 * to -1: numpy sizes the columns from the shown items only, so the text must
 * not change (a formatter that read the hidden negatives would pad every shown
 * item with a sign column).
 */
function expectOnlyCornersRead(data: Float64Array | Float32Array, expected: string): void {
  expect(formatArray(data, [1000, 1000])).to.equal(expected);
  const hidden = data.slice();
  const shown = (index: number): boolean => index < 3 || index >= 997;
  for (let row = 0; row < 1000; row++) {
    for (let column = 0; column < 1000; column++) {
      if (!shown(row) || !shown(column)) hidden[row * 1000 + column] = -1;
    }
  }
  expect(formatArray(hidden, [1000, 1000])).to.equal(expected);
}

/** One `it` per hand-written case, and one for all random ones (with the data in the message). */
function checkArrayFixture(cases: readonly ArrayCase[], dtype: FloatDtype): void {
  for (const c of cases.filter((c) => !isRandom(c))) {
    it(`${c.name}: ${c.rule}`, () => {
      expect(formatCase(c, dtype)).to.equal(c.expected);
    });
  }

  const randomCases = cases.filter(isRandom);
  it(`${randomCases.length} random arrays`, () => {
    for (const c of randomCases) {
      const actual = formatCase(c, dtype);
      if (actual !== c.expected) {
        expect.fail(
          `${c.name} shape [${c.shape.join(', ')}] data ${JSON.stringify(c.data)}\n` +
            `expected:\n${c.expected}\nactual:\n${actual}`,
        );
      }
    }
  });
}

/** The row-major array 0, 1, 2, ... scaled by `scale`. */
function ramp(size: number, scale = 1): Float64Array {
  return Float64Array.from({ length: size }, (_, i) => i * scale);
}

describe('format: numpy 2 str() of float64', () => {
  describe('formatScalar (str(np.float64(x)), the shortest round-trip repr)', () => {
    it('keeps one fraction digit on integral values and signs zero', () => {
      expect(formatScalar(3)).to.equal('3.0');
      expect(formatScalar(0)).to.equal('0.0');
      expect(formatScalar(-0)).to.equal('-0.0');
    });

    it('prints all shortest round-trip digits', () => {
      expect(formatScalar(0.1)).to.equal('0.1');
      expect(formatScalar(0.1 + 0.2)).to.equal('0.30000000000000004');
      expect(formatScalar(0.9525741268224334)).to.equal('0.9525741268224334');
    });

    it('switches to exponent notation below 1e-4 and from 1e16, with 2+ exponent digits', () => {
      expect(formatScalar(1e-4)).to.equal('0.0001');
      expect(formatScalar(1e-5)).to.equal('1e-05');
      expect(formatScalar(1e-7)).to.equal('1e-07');
      expect(formatScalar(9999999999999998)).to.equal('9999999999999998.0');
      expect(formatScalar(1e16)).to.equal('1e+16');
      expect(formatScalar(1.5e300)).to.equal('1.5e+300');
    });

    it('spells non-finite values nan, inf, -inf', () => {
      expect(formatScalar(NaN)).to.equal('nan');
      expect(formatScalar(Infinity)).to.equal('inf');
      expect(formatScalar(-Infinity)).to.equal('-inf');
    });

    it(`matches numpy ${fixture.numpy} on ${fixture.scalars.length} fixture scalars`, () => {
      for (const c of fixture.scalars) {
        const actual = formatScalar(decode(c.value));
        expect(actual, `${c.name}: value ${c.value}`).to.equal(c.expected);
      }
    });
  });

  describe('formatArray rules', () => {
    it('rounds to 8 fraction digits, trims zeros and pads the column with spaces', () => {
      const tanh = Float64Array.from([2, 3, 4], Math.tanh);
      expect(formatArray(tanh, [3])).to.equal('[0.96402758 0.99505475 0.9993293 ]');
    });

    it("prints integral values as '1.'", () => {
      expect(formatArray(Float64Array.from([1, 2, 3]), [3])).to.equal('[1. 2. 3.]');
    });

    it('switches every element to scientific when max/min > 1e3, min < 1e-4 or max >= 1e8', () => {
      expect(formatArray(Float64Array.from([1, 1000]), [2])).to.equal('[   1. 1000.]');
      expect(formatArray(Float64Array.from([1, 1001]), [2])).to.equal('[1.000e+00 1.001e+03]');
      expect(formatArray(Float64Array.from([0, 1e-5]), [2])).to.equal('[0.e+00 1.e-05]');
      expect(formatArray(Float64Array.from([1e8]), [1])).to.equal('[1.e+08]');
    });

    it('rounds the exact binary value half to even at the 8th digit', () => {
      // 1/512 = 0.001953125 exactly: a true tie, kept even.
      expect(formatArray(Float64Array.from([1 / 512, 3 / 512]), [2])).to.equal('[0.00195312 0.00585938]');
      // 0.123456785 is stored as 0.1234567849999..., so it rounds down.
      expect(formatArray(Float64Array.from([0.123456785]), [1])).to.equal('[0.12345678]');
    });

    it('right-aligns nan and inf in the column', () => {
      expect(formatArray(Float64Array.from([NaN, 1.5, -Infinity]), [3])).to.equal('[ nan  1.5 -inf]');
    });

    it('wraps rows at 75 characters', () => {
      const x = Float64Array.from([9, 2, 5, 0, 0, 7, 5, 0, 0, 0]).map(Math.exp);
      for (let row = 0; row < 2; row++) {
        const sum = x.subarray(5 * row, 5 * row + 5).reduce((a, b) => a + b, 0);
        for (let j = 0; j < 5; j++) x[5 * row + j] /= sum;
      }
      expect(formatArray(x, [2, 5])).to.equal(
        '[[9.80897665e-01 8.94462891e-04 1.79657674e-02 1.21052389e-04\n' +
          '  1.21052389e-04]\n' +
          ' [8.78679856e-01 1.18916387e-01 8.01252314e-04 8.01252314e-04\n' +
          '  8.01252314e-04]]',
      );
    });

    it('separates 3-D blocks with a blank line', () => {
      expect(formatArray(ramp(8), [2, 2, 2])).to.equal('[[[0. 1.]\n  [2. 3.]]\n\n [[4. 5.]\n  [6. 7.]]]');
    });

    it('prints 0-d arrays like the scalar and empty arrays as []', () => {
      expect(formatArray(Float64Array.from([1e-7]), [])).to.equal('1e-07');
      expect(formatArray(new Float64Array(0), [2, 0])).to.equal('[]');
    });

    it('summarises more than 1000 elements, sizing the column from the shown items only', () => {
      expect(formatArray(ramp(1001), [1001])).to.equal('[   0.    1.    2. ...  998.  999. 1000.]');
    });

    it('formats a 1000x1000 array from its shown corners only', () => {
      expectOnlyCornersRead(
        ramp(1_000_000, 1 / 7),
        '[[0.00000000e+00 1.42857143e-01 2.85714286e-01 ... 1.42428571e+02\n' +
          '  1.42571429e+02 1.42714286e+02]\n' +
          ' [1.42857143e+02 1.43000000e+02 1.43142857e+02 ... 2.85285714e+02\n' +
          '  2.85428571e+02 2.85571429e+02]\n' +
          ' [2.85714286e+02 2.85857143e+02 2.86000000e+02 ... 4.28142857e+02\n' +
          '  4.28285714e+02 4.28428571e+02]\n' +
          ' ...\n' +
          ' [1.42428571e+05 1.42428714e+05 1.42428857e+05 ... 1.42571000e+05\n' +
          '  1.42571143e+05 1.42571286e+05]\n' +
          ' [1.42571429e+05 1.42571571e+05 1.42571714e+05 ... 1.42713857e+05\n' +
          '  1.42714000e+05 1.42714143e+05]\n' +
          ' [1.42714286e+05 1.42714429e+05 1.42714571e+05 ... 1.42856714e+05\n' +
          '  1.42856857e+05 1.42857000e+05]]',
      );
    });

    it('rejects data whose length does not match the shape', () => {
      expect(() => formatArray(new Float64Array(5), [2, 3])).to.throw(RangeError);
    });
  });

  describe(`formatArray matches numpy ${fixture.numpy} (test/fixtures/format.json)`, () => {
    checkArrayFixture(fixture.arrays, 'float64');
  });
});

describe('format: numpy 2 str() of float32', () => {
  describe("formatScalar(x, 'float32') (str(np.float32(x)), the shortest float32 round-trip digits)", () => {
    it('prints the shortest digits that round-trip in float32, not in float64', () => {
      expect(formatScalar(0.1, 'float32')).to.equal('0.1');
      expect(formatScalar(Math.fround(0.1))).to.equal('0.10000000149011612');
      expect(formatScalar(1 / 3, 'float32')).to.equal('0.33333334');
      expect(formatScalar(0.1 + 0.2, 'float32')).to.equal('0.3');
    });

    it('rounds the value to float32 first, as np.float32(x) does', () => {
      expect(formatScalar(Math.fround(0.1), 'float32')).to.equal('0.1');
      expect(formatScalar(16777217, 'float32')).to.equal('1.6777216e+07');
      expect(formatScalar(1e39, 'float32')).to.equal('inf');
      expect(formatScalar(1e-46, 'float32')).to.equal('0.0');
      expect(formatScalar(-1e-46, 'float32')).to.equal('-0.0');
    });

    it('is positional only for 1e-4 <= |x| < 1e6', () => {
      expect(formatScalar(999999.94, 'float32')).to.equal('999999.94');
      expect(formatScalar(1e6, 'float32')).to.equal('1e+06');
      expect(formatScalar(-1e6, 'float32')).to.equal('-1e+06');
      // float32(1e-4) is 9.99999974737875e-05, below 1e-4.
      expect(formatScalar(1e-4, 'float32')).to.equal('1e-04');
      expect(formatScalar(0.000100000005, 'float32')).to.equal('0.000100000005');
      expect(formatScalar(3.4028234663852886e38, 'float32')).to.equal('3.4028235e+38');
      expect(formatScalar(1.401298464324817e-45, 'float32')).to.equal('1e-45');
    });

    it('prints a half-way decimal that reads back to an even mantissa (64311768 as 6.431177e+07)', () => {
      expect(formatScalar(64311768, 'float32')).to.equal('6.431177e+07');
      expect(formatScalar(64311772, 'float32')).to.equal('6.4311772e+07');
    });

    it('spells zero and non-finite values like float64', () => {
      expect(formatScalar(0, 'float32')).to.equal('0.0');
      expect(formatScalar(NaN, 'float32')).to.equal('nan');
      expect(formatScalar(-Infinity, 'float32')).to.equal('-inf');
    });

    it('rejects an unknown dtype with a TypeError naming it', () => {
      expect(() => formatScalar(1, 'float16' as FloatDtype))
        .to.throw(TypeError, "formatScalar: expected argument 'dtype' to be 'float64' or 'float32', received a string \"float16\"")
        .with.property('code', 'ERR_BLASKIT_INVALID_TYPE');
    });

    it(`matches numpy ${fixture32.numpy} on ${fixture32.scalars.length} fixture scalars`, () => {
      for (const c of fixture32.scalars) {
        const actual = formatScalar(decode(c.value), 'float32');
        expect(actual, `${c.name}: value ${c.value}`).to.equal(c.expected);
      }
    });
  });

  describe('formatArray(Float32Array) rules', () => {
    it('prints float32 elements with their shortest float32 digits', () => {
      expect(formatArray(Float32Array.from([0.1, 0.2, 0.3]), [3])).to.equal('[0.1 0.2 0.3]');
      expect(formatArray(Float64Array.from(Float32Array.from([0.1, 0.2, 0.3])), [3])).to.equal(
        '[0.1        0.2        0.30000001]',
      );
    });

    it('switches to scientific from 1e6 (10**finfo(float32).precision), not 1e8', () => {
      expect(formatArray(Float32Array.from([999999.94, 1500]), [2])).to.equal('[999999.94   1500.  ]');
      expect(formatArray(Float32Array.from([1e6, 2000]), [2])).to.equal('[1.e+06 2.e+03]');
      expect(formatArray(Float64Array.from([1e6, 2000]), [2])).to.equal('[1000000.    2000.]');
    });

    it('compares the smallest magnitude with float32(1e-4) and max/min in float32', () => {
      expect(formatArray(Float32Array.from([1e-4, 0.05]), [2])).to.equal('[0.0001 0.05  ]');
      // 1009.7542/1.0097542 is above 1000 in float64 but exactly 1000 in float32.
      const max = Math.fround(1009.7542);
      const min = Math.fround(1.0097542);
      expect(max / min).to.be.above(1000);
      expect(formatArray(Float32Array.from([max, min]), [2])).to.equal('[1009.7542       1.0097542]');
    });

    it('pads scientific elements to the column precision with their exact float32 value', () => {
      expect(formatArray(Float32Array.from([0.1, 1.23456789e-5]), [2])).to.equal('[1.0000000e-01 1.2345679e-05]');
      expect(formatArray(Float32Array.from([1.401298464324817e-45, 0.123456789]), [2])).to.equal(
        '[1.4012985e-45 1.2345679e-01]',
      );
    });

    it('prints a 0-d Float32Array like the np.float32 scalar', () => {
      expect(formatArray(Float32Array.of(0.1), [])).to.equal('0.1');
      expect(formatArray(Float32Array.of(1e6), [])).to.equal('1e+06');
      expect(formatArray(new Float32Array(0), [0, 3])).to.equal('[]');
    });

    it('formats a 1000x1000 Float32Array from its shown corners only', () => {
      // numpy: print((np.arange(1000000) / 7).astype(np.float32).reshape(1000, 1000))
      expectOnlyCornersRead(
        Float32Array.from(ramp(1_000_000, 1 / 7)),
        '[[0.0000000e+00 1.4285715e-01 2.8571430e-01 ... 1.4242857e+02\n' +
          '  1.4257143e+02 1.4271428e+02]\n' +
          ' [1.4285715e+02 1.4300000e+02 1.4314285e+02 ... 2.8528571e+02\n' +
          '  2.8542856e+02 2.8557144e+02]\n' +
          ' [2.8571429e+02 2.8585715e+02 2.8600000e+02 ... 4.2814285e+02\n' +
          '  4.2828571e+02 4.2842856e+02]\n' +
          ' ...\n' +
          ' [1.4242858e+05 1.4242872e+05 1.4242886e+05 ... 1.4257100e+05\n' +
          '  1.4257114e+05 1.4257128e+05]\n' +
          ' [1.4257142e+05 1.4257158e+05 1.4257172e+05 ... 1.4271386e+05\n' +
          '  1.4271400e+05 1.4271414e+05]\n' +
          ' [1.4271428e+05 1.4271442e+05 1.4271458e+05 ... 1.4285672e+05\n' +
          '  1.4285686e+05 1.4285700e+05]]',
      );
    });
  });

  describe(`formatArray(Float32Array) matches numpy ${fixture32.numpy} (test/fixtures/format-float32.json)`, () => {
    checkArrayFixture(fixture32.arrays, 'float32');
  });
});

describe('formatArray argument checks', () => {
  it('rejects data that is neither a Float64Array nor a Float32Array', () => {
    expect(() => formatArray(new Int32Array(2) as unknown as Float32Array, [2]))
      .to.throw(TypeError, "formatArray: expected argument 'data' to be a Float64Array or Float32Array, received")
      .with.property('code', 'ERR_BLASKIT_INVALID_TYPE');
  });

  it('rejects a shape whose size differs from the data length, or a bad dimension', () => {
    expect(() => formatArray(new Float32Array(5), [2, 3]))
      .to.throw(RangeError, "formatArray: expected argument 'data' to hold 6 elements for shape (2,3), received 5")
      .with.property('code', 'ERR_BLASKIT_SHAPE');
    expect(() => formatArray(new Float64Array(2), [2.5]))
      .to.throw(RangeError, "formatArray: expected argument 'shape' to hold non-negative integers, received [2.5]")
      .with.property('code', 'ERR_BLASKIT_SHAPE');
  });
});
