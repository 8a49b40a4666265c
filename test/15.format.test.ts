import * as fs from 'fs';
import * as path from 'path';
import { expect } from 'chai';
import { formatArray, formatScalar } from '../lib/format';

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

const fixture: Fixture = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'format.json'), 'utf8'));
const isRandom = (c: ArrayCase) => c.name.startsWith('random/');

function formatCase(c: ArrayCase): string {
  return formatArray(Float64Array.from(c.data, decode), c.shape);
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

    it('formats a 1000x1000 array quickly, touching only the shown corners', () => {
      const data = ramp(1_000_000, 1 / 7);
      const started = process.hrtime.bigint();
      const text = formatArray(data, [1000, 1000]);
      const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
      expect(text).to.equal(
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
      expect(elapsedMs).to.be.below(50);
    });

    it('rejects data whose length does not match the shape', () => {
      expect(() => formatArray(new Float64Array(5), [2, 3])).to.throw(RangeError);
    });
  });

  describe(`formatArray matches numpy ${fixture.numpy} (test/fixtures/format.json)`, () => {
    for (const c of fixture.arrays.filter((c) => !isRandom(c))) {
      it(`${c.name}: ${c.rule}`, () => {
        expect(formatCase(c)).to.equal(c.expected);
      });
    }

    const randomCases = fixture.arrays.filter(isRandom);
    it(`${randomCases.length} random arrays`, () => {
      for (const c of randomCases) {
        const actual = formatCase(c);
        if (actual !== c.expected) {
          expect.fail(
            `${c.name} shape [${c.shape.join(', ')}] data ${JSON.stringify(c.data)}\n` +
              `expected:\n${c.expected}\nactual:\n${actual}`,
          );
        }
      }
    });
  });
});
