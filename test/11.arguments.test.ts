/**
 * Bad input: every public function checks its arguments before calling C++,
 * and throws a TypeError or RangeError with a stable `code` and a message that
 * names the function the user called, the argument, what was expected and
 * what was received. The raw binding re-checks lengths on its own.
 */
import { expect } from 'chai';
import * as blaskit from '../lib/index';
import { native } from '../lib/loader';

const { array, dot, multiply, outer, NDArray } = blaskit;

/** Calls `f` and returns what it threw, failing if it did not throw. */
function thrown(f: () => unknown): Error & { code?: string } {
  try {
    f();
  } catch (error) {
    return error as Error & { code?: string };
  }
  expect.fail('expected the call to throw');
}

function expectError(f: () => unknown, type: typeof TypeError | typeof RangeError, code: string, message: string | RegExp): void {
  const error = thrown(f);
  expect(error).to.be.instanceOf(type);
  expect(error.code).to.equal(code);
  if (typeof message === 'string') expect(error.message).to.equal(message);
  else expect(error.message).to.match(message);
}

function detachedFloat64Array(n: number): Float64Array {
  const array = new Float64Array(n);
  structuredClone(array.buffer, { transfer: [array.buffer] });
  return array;
}

// Every public function as `name(x, options)` with its other operand fixed.
const unaryFunctions: Record<string, (x: unknown, options?: unknown) => unknown> = {
  sigmoid: blaskit.sigmoid as never,
  sigmoidDerivative: blaskit.sigmoidDerivative as never,
  tanh: blaskit.tanh as never,
  tanhDerivative: blaskit.tanhDerivative as never,
  relu: blaskit.relu as never,
  reluDerivative: blaskit.reluDerivative as never,
  softmax: blaskit.softmax as never,
  normalizeRows: blaskit.normalizeRows as never,
};

const EXPECTED_INPUT = 'a number, Float64Array, Float32Array, NDArray or nested array of numbers';

describe('argument checking', () => {
  describe('wrong kinds of input are rejected, never coerced', () => {
    const cases: [string, unknown, string][] = [
      ['a string', 'abc', 'a string "abc"'],
      ['a numeric string', '3', 'a string "3"'],
      ['a boolean', true, 'the boolean true'],
      ['null', null, 'null'],
      ['undefined', undefined, 'undefined'],
      ['a plain object', { length: 2, 0: 1, 1: 2 }, 'an object'],
      ['an Int32Array', new Int32Array(3), 'an Int32Array of length 3'],
      ['a Uint16Array', new Uint16Array(3), 'a Uint16Array of length 3'],
      ['a BigInt64Array', new BigInt64Array(2), 'a BigInt64Array of length 2'],
      ['a DataView', new DataView(new ArrayBuffer(8)), 'a DataView'],
      ['a bigint', 3n, 'a bigint 3n'],
      ['a Number object', new Number(3), 'an instance of Number'],
    ];
    for (const [name, fn] of Object.entries(unaryFunctions)) {
      for (const [what, value, described] of cases) {
        it(`${name} rejects ${what} with a TypeError naming ${name}, 'x' and what it received`, () => {
          expectError(() => fn(value), TypeError, 'ERR_BLASKIT_INVALID_TYPE', `${name}: expected argument 'x' to be ${EXPECTED_INPUT}, received ${described}`);
        });
      }
    }

    it('dot, outer and multiply name the operand that is wrong', () => {
      expectError(() => dot([1, 2], 'ab' as never), TypeError, 'ERR_BLASKIT_INVALID_TYPE', `dot: expected argument 'b' to be ${EXPECTED_INPUT}, received a string "ab"`);
      expectError(() => outer(null as never, [1]), TypeError, 'ERR_BLASKIT_INVALID_TYPE', `outer: expected argument 'a' to be ${EXPECTED_INPUT}, received null`);
      expectError(() => multiply([1], new Int32Array(1) as never), TypeError, 'ERR_BLASKIT_INVALID_TYPE', `multiply: expected argument 'b' to be ${EXPECTED_INPUT}, received an Int32Array of length 1`);
    });

    it('image2vector and format reject wrong kinds under their own names', () => {
      expectError(() => blaskit.image2vector('img' as never), TypeError, 'ERR_BLASKIT_INVALID_TYPE', `image2vector: expected argument 'image' to be ${EXPECTED_INPUT}, received a string "img"`);
      expectError(() => blaskit.format({} as never), TypeError, 'ERR_BLASKIT_INVALID_TYPE', `format: expected argument 'x' to be ${EXPECTED_INPUT}, received an object`);
    });
  });

  describe('nested arrays', () => {
    it('a ragged nested array is a RangeError that points at the short row', () => {
      expectError(() => blaskit.sigmoid([[1, 2, 3], [4, 5]]), RangeError, 'ERR_BLASKIT_RAGGED',
        "sigmoid: argument 'x' is a ragged nested array: x[1] has length 2, expected 3 (nested arrays must be rectangular, as for np.array; the first rows give shape (2,3))");
    });

    it('mixed depths are ragged too', () => {
      expectError(() => blaskit.softmax([[1, 2], 3] as never), RangeError, 'ERR_BLASKIT_RAGGED', /^softmax: argument 'x' is a ragged nested array: x\[1\] is the number 3, expected an array of length 2/);
      expectError(() => blaskit.tanh([1, [2]] as never), RangeError, 'ERR_BLASKIT_RAGGED', /^tanh: argument 'x' is a ragged nested array: x\[1\] is an array, expected a number/);
    });

    it('a non-number leaf is a TypeError that gives its index', () => {
      expectError(() => blaskit.relu([[1, 2], [3, '4']] as never), TypeError, 'ERR_BLASKIT_INVALID_TYPE', `relu: expected x[1][1] in argument 'x' to be a number, received a string "4"`);
      expectError(() => blaskit.relu([true, false] as never), TypeError, 'ERR_BLASKIT_INVALID_TYPE', `relu: expected x[0] in argument 'x' to be a number, received the boolean true`);
      expectError(() => dot([1, 2], [1, null] as never), TypeError, 'ERR_BLASKIT_INVALID_TYPE', `dot: expected b[1] in argument 'b' to be a number, received null`);
      // a hole in a sparse array is not a number either
      // eslint-disable-next-line no-sparse-arrays
      expectError(() => blaskit.sigmoid([1, , 3] as never), TypeError, 'ERR_BLASKIT_INVALID_TYPE', `sigmoid: expected x[1] in argument 'x' to be a number, received undefined`);
    });
  });

  describe('shapes', () => {
    it("dot reports numpy's 'not aligned' message with both shapes", () => {
      expectError(() => dot([[1, 2, 3], [4, 5, 6]], [[1, 2], [3, 4]]), RangeError, 'ERR_BLASKIT_SHAPE', 'dot: shapes (2,3) and (2,2) not aligned: 3 (dim 1) != 2 (dim 0)');
      expectError(() => dot([1, 2, 3], [1, 2]), RangeError, 'ERR_BLASKIT_SHAPE', 'dot: shapes (3,) and (2,) not aligned: 3 (dim 0) != 2 (dim 0)');
      expectError(() => dot([1, 2, 3], [[1, 2]]), RangeError, 'ERR_BLASKIT_SHAPE', 'dot: shapes (3,) and (1,2) not aligned: 3 (dim 0) != 1 (dim 0)');
      expectError(() => dot([[1, 2]], [1, 2, 3]), RangeError, 'ERR_BLASKIT_SHAPE', 'dot: shapes (1,2) and (3,) not aligned: 2 (dim 1) != 3 (dim 0)');
    });

    it('dot rejects arrays of three or more dimensions', () => {
      expectError(() => dot(array([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]), [1, 2]), RangeError, 'ERR_BLASKIT_RANK',
        "dot: expected argument 'a' to be a number, 1-D or 2-D array, received a 3-D array of shape (2,2,2)");
    });

    it("multiply reports numpy's broadcast message with both shapes", () => {
      expectError(() => multiply([[1, 2, 3], [4, 5, 6]], [1, 2, 3, 4]), RangeError, 'ERR_BLASKIT_SHAPE', 'multiply: operands could not be broadcast together with shapes (2,3) (4,)');
      expectError(() => multiply(array(new Float64Array(6), [3, 2]), array(new Float64Array(6), [2, 3])), RangeError, 'ERR_BLASKIT_SHAPE', 'multiply: operands could not be broadcast together with shapes (3,2) (2,3)');
    });

    it('image2vector needs a 3-D image', () => {
      expectError(() => blaskit.image2vector([[1, 2], [3, 4]]), RangeError, 'ERR_BLASKIT_RANK',
        "image2vector: expected argument 'image' to be a 3-D array of shape (height, width, channels), received a 2-D array of shape (2,2)");
      expectError(() => blaskit.image2vector(new Float64Array(4)), RangeError, 'ERR_BLASKIT_RANK', /received a 1-D array of shape \(4,\)$/);
    });

    it('array() rejects negative, fractional and overflowing shape entries, and shapes of another size', () => {
      expectError(() => array(new Float64Array(6), [2, -3]), RangeError, 'ERR_BLASKIT_SHAPE', "array: expected argument 'shape'[1] to be a non-negative integer, received the number -3");
      expectError(() => array(new Float64Array(6), [2, 1.5]), RangeError, 'ERR_BLASKIT_SHAPE', "array: expected argument 'shape'[1] to be a non-negative integer, received the number 1.5");
      expectError(() => array(new Float64Array(6), [2 ** 40, 2 ** 40]), RangeError, 'ERR_BLASKIT_SHAPE', "array: argument 'shape' (1099511627776,1099511627776) has more elements than a double can count exactly");
      expectError(() => array(new Float64Array(6), ['2', 3] as never), TypeError, 'ERR_BLASKIT_INVALID_TYPE', `array: expected argument 'shape'[0] to be a non-negative integer, received a string "2"`);
      expectError(() => array(new Float64Array(6), [4, 2]), RangeError, 'ERR_BLASKIT_SHAPE', 'array: cannot give shape (4,2) (8 elements) to 6 values');
    });

    it('new NDArray() checks its data and shape', () => {
      expectError(() => new NDArray([1, 2] as never, [2]), TypeError, 'ERR_BLASKIT_INVALID_TYPE', "NDArray: expected argument 'data' to be a Float64Array or Float32Array, received an array of length 2");
      expectError(() => new NDArray(new Float64Array(6), [5]), RangeError, 'ERR_BLASKIT_SHAPE', 'NDArray: cannot give shape (5,) (5 elements) to data of 6 elements');
      expectError(() => new NDArray(new Float64Array(6), [NaN]), RangeError, 'ERR_BLASKIT_SHAPE', "NDArray: expected argument 'shape'[0] to be a non-negative integer, received the number NaN");
    });
  });

  describe('out', () => {
    for (const [name, fn] of Object.entries(unaryFunctions)) {
      it(`${name} rejects an out of the wrong size, naming both sizes and the result's shape`, () => {
        expectError(() => fn([[1, 2, 3], [4, 5, 6]], { out: new Float64Array(5) }), RangeError, 'ERR_BLASKIT_OUT_SIZE',
          `${name}: expected option 'out' to hold 6 elements (the result's shape is (2,3)), received a Float64Array of length 5`);
      });
      it(`${name} rejects an out of the wrong kind`, () => {
        expectError(() => fn([1, 2], { out: [0, 0] }), TypeError, 'ERR_BLASKIT_INVALID_TYPE', `${name}: expected option 'out' to be a Float64Array, Float32Array or NDArray, received an array of length 2`);
        expectError(() => fn([1, 2], { out: new Int32Array(2) }), TypeError, 'ERR_BLASKIT_INVALID_TYPE', `${name}: expected option 'out' to be a Float64Array, Float32Array or NDArray, received an Int32Array of length 2`);
        // A float64 result (nested arrays are float64) does not go into float32 memory.
        expectError(() => fn([1, 2], { out: new Float32Array(2) }), TypeError, 'ERR_BLASKIT_DTYPE', `${name}: expected option 'out' to be float64 (a Float64Array or float64 NDArray), received a Float32Array of length 2`);
      });
    }

    it('an NDArray out of the wrong size is described by its shape', () => {
      expectError(() => dot([[1, 2], [3, 4]], [[1], [2]], { out: array(new Float64Array(3), [3, 1]) }), RangeError, 'ERR_BLASKIT_OUT_SIZE',
        "dot: expected option 'out' to hold 2 elements (the result's shape is (2,1)), received a 2-D array of shape (3,1)");
    });

    it('outer checks out against a.size x b.size', () => {
      expectError(() => outer([1, 2], [1, 2, 3], { out: new Float64Array(5) }), RangeError, 'ERR_BLASKIT_OUT_SIZE',
        "outer: expected option 'out' to hold 6 elements (the result's shape is (2,3)), received a Float64Array of length 5");
    });

    it('options must be an object with known keys only (a typo is not silently ignored)', () => {
      expectError(() => blaskit.sigmoid([1], { ouy: new Float64Array(1) } as never), TypeError, 'ERR_BLASKIT_INVALID_OPTION', "sigmoid: unknown option 'ouy' (the only option is 'out')");
      expectError(() => blaskit.sigmoid([1], new Float64Array(1) as never), TypeError, 'ERR_BLASKIT_INVALID_OPTION', "sigmoid: expected argument 'options' to be an object such as { out }, received a Float64Array of length 1");
      expectError(() => multiply([1], [2], 5 as never), TypeError, 'ERR_BLASKIT_INVALID_OPTION', "multiply: expected argument 'options' to be an object such as { out }, received the number 5");
    });
  });

  describe('detached memory', () => {
    it('an input whose ArrayBuffer was transferred is rejected, not treated as empty', () => {
      expectError(() => blaskit.sigmoid(detachedFloat64Array(4)), TypeError, 'ERR_BLASKIT_DETACHED',
        "sigmoid: argument 'x' is backed by a detached ArrayBuffer (it was transferred or detached); pass an array whose memory is still attached");
    });

    it('an out whose ArrayBuffer was transferred is rejected', () => {
      expectError(() => blaskit.tanh([1, 2], { out: detachedFloat64Array(2) }), TypeError, 'ERR_BLASKIT_DETACHED', /^tanh: option 'out' is backed by a detached ArrayBuffer/);
    });

    it('an NDArray whose buffer was detached after it was made is rejected', () => {
      const x = array(new Float64Array(4), [2, 2]);
      structuredClone(x.data.buffer, { transfer: [x.data.buffer as ArrayBuffer] });
      expectError(() => dot(x, [1, 2]), TypeError, 'ERR_BLASKIT_DETACHED', /^dot: argument 'a' is backed by a detached ArrayBuffer/);
    });

    it('an empty Float64Array that was never detached is fine', () => {
      expect(blaskit.sigmoid(new Float64Array(0))).to.have.length(0);
    });
  });

  describe('the raw binding re-checks every length it relies on', () => {
    it('refuses a y shorter than x', () => {
      expectError(() => native.sigmoid(new Float64Array(4), new Float64Array(3)), RangeError, 'ERR_BLASKIT_NATIVE_ARGUMENT', "blaskit native sigmoid: argument 'y' must hold 4 elements, it holds 3");
    });

    it('refuses rows x cols that do not match the buffers', () => {
      expectError(() => native.softmaxRows(new Float64Array(6), new Float64Array(6), 4, 2), RangeError, 'ERR_BLASKIT_NATIVE_ARGUMENT', "blaskit native softmaxRows: argument 'x' must hold 8 elements, it holds 6");
    });

    it('refuses matrix sizes that would read past a buffer', () => {
      expectError(() => native.matMul(new Float64Array(6), new Float64Array(6), new Float64Array(4), 2, 3, 3), RangeError, 'ERR_BLASKIT_NATIVE_ARGUMENT', "blaskit native matMul: argument 'b' must hold 9 elements, it holds 6");
      expectError(() => native.matVec(new Float64Array(6), 2, 3, new Float64Array(2), new Float64Array(2), false), RangeError, 'ERR_BLASKIT_NATIVE_ARGUMENT', "blaskit native matVec: argument 'x' must hold 3 elements, it holds 2");
    });

    it('refuses strides that reach past an operand', () => {
      expectError(() => native.multiply(new Float64Array(3), 3, 1, new Float64Array(3), 0, 1, new Float64Array(6), 2, 3), RangeError, 'ERR_BLASKIT_NATIVE_ARGUMENT', "blaskit native multiply: argument 'a' is too short for its strides");
    });

    it('refuses buffers other than Float64Array and Float32Array, mixed types and non-integer sizes', () => {
      expectError(() => native.relu(new Int32Array(2) as never, new Float64Array(2)), TypeError, 'ERR_BLASKIT_NATIVE_ARGUMENT', "blaskit native relu: argument 'x' must be a Float64Array or a Float32Array");
      expectError(() => native.relu(new Float32Array(2) as never, new Float64Array(2)), TypeError, 'ERR_BLASKIT_NATIVE_ARGUMENT', "blaskit native relu: argument 'y' is a Float64Array but 'x' is a Float32Array: every array of one call must have the same type");
      expectError(() => native.normalizeRows(new Float64Array(2), new Float64Array(2), 1.5, 2), RangeError, 'ERR_BLASKIT_NATIVE_ARGUMENT', "blaskit native normalizeRows: argument 'rows' must be a non-negative integer");
      expectError(() => native.outer(new Float64Array(2), new Float64Array(3), new Float64Array(5)), RangeError, 'ERR_BLASKIT_NATIVE_ARGUMENT', "blaskit native outer: argument 'out' must hold 6 elements, it holds 5");
    });
  });

  describe('a Float64Array whose `length` lies is read by its real length', () => {
    // Small arrays run in the TypeScript twins, which loop over `x.length`: a
    // shadowing own property or prototype must not make them compute a part
    // of the result and leave the rest zero.
    function lyingOwn(values: number[]): Float64Array {
      const x = new Float64Array(values);
      Object.defineProperty(x, 'length', { get: () => 2 });
      return x;
    }
    function lyingPrototype(values: number[]): Float64Array {
      const x = new Float64Array(values);
      Object.setPrototypeOf(x, Object.create(Float64Array.prototype, { length: { get: () => 1 } }));
      return x;
    }
    const values = [-1, 2, 3, -4, 5];
    for (const [how, make] of [['an own length getter', lyingOwn], ['a prototype with its own length', lyingPrototype]] as const) {
      it(`every function of one array computes all 5 elements of an array with ${how}, allocating and in place`, () => {
        for (const [name, fn] of Object.entries(unaryFunctions)) {
          const expected = Array.from(fn(new Float64Array(values)) as Float64Array);
          expect(Array.from(fn(make(values)) as Float64Array), name).to.deep.equal(expected);
          const x = make(values);
          fn(x, { out: x });
          expect(Array.from(new Float64Array(x.buffer)), `${name} in place`).to.deep.equal(expected);
        }
      });
      it(`multiply, add, dot and outer read all 5 elements of arrays with ${how}`, () => {
        const plain = new Float64Array(values);
        expect(Array.from(multiply(make(values), make(values)) as Float64Array)).to.deep.equal(Array.from(multiply(plain, plain) as Float64Array));
        expect(Array.from(blaskit.add(make(values), make(values)) as Float64Array)).to.deep.equal(Array.from(blaskit.add(plain, plain) as Float64Array));
        expect(dot(make(values), make(values))).to.equal(dot(plain, plain));
        expect(outer(make(values), make(values)).toArray()).to.deep.equal(outer(plain, plain).toArray());
      });
    }
  });

  describe('results too large to allocate', () => {
    it('outer of two 1e6-element vectors throws a RangeError before allocating', () => {
      const v = new Float64Array(1e6);
      expectError(() => outer(v, v), RangeError, 'ERR_BLASKIT_TOO_LARGE', /^outer: the result of shape \(1000000,1000000\) holds 1000000000000 elements \(8\.00e\+12 bytes\), more than can be allocated/);
    });
  });
});
