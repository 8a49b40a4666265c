/**
 * add, subtract, multiply, divide: numpy broadcasting at any rank, one IEEE
 * operation per element. Each is checked against a plain broadcasting
 * implementation (exact bits), its TypeScript twin for every stride pattern
 * of the 2-D kernel, in place and with overlapping `out`, the kinds of
 * results, IEEE special values (division by zero included) and, where
 * python3 and numpy are present, numpy itself on random shapes and every kind
 * of input.
 */
import { expect } from 'chai';
import { NDArray, add, array, divide, multiply, subtract, type BroadcastFunction } from '../lib/index';
import { addAsync, divideAsync, multiplyAsync, subtractAsync } from '../lib/index';
import { native } from '../lib/loader';
import * as twins from '../lib/reference/arithmetic';
import { paddedView, seededRandom, type Random } from './support/random';
import { expectIdentical } from './support/ulp';
import { broadcastElementwise, broadcastShape, randomBroadcastPair } from './support/broadcast';
import { fromBase64, numpyAvailable, runNumpy, toBase64 } from './support/numpy';

type Op = 'add' | 'subtract' | 'multiply' | 'divide';
const functions: Readonly<Record<Op, BroadcastFunction>> = { add, subtract, multiply, divide };
const asyncFunctions = { add: addAsync, subtract: subtractAsync, multiply: multiplyAsync, divide: divideAsync };
const scalar: Readonly<Record<Op, (x: number, y: number) => number>> = {
  add: (x, y) => x + y,
  subtract: (x, y) => x - y,
  multiply: (x, y) => x * y,
  divide: (x, y) => x / y,
};
const symbol: Readonly<Record<Op, string>> = { add: '+', subtract: '-', multiply: '×', divide: '/' };
const ops: readonly Op[] = ['add', 'subtract', 'multiply', 'divide'];

/** Values where IEEE corner cases (0·Inf, Inf − Inf, x/0, -0, overflow, underflow) come out as JS computes them. */
function specialValues(random: Random, n: number): Float64Array {
  const specials = [NaN, Infinity, -Infinity, 0, -0, 5e-324, 1e200, -1e-200, 1e308];
  return Float64Array.from({ length: n }, () => (random.next() < 0.1 ? random.pick(specials) : random.uniform(-10, 10)));
}

function size(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

function shapeText(shape: readonly number[]): string {
  return `(${shape.join(',')}${shape.length === 1 ? ',' : ''})`;
}

function dataOf(result: unknown): Float64Array {
  if (typeof result === 'number') return Float64Array.of(result);
  return result instanceof NDArray ? result.data : (result as Float64Array);
}

function ndOrNumber(data: Float64Array, shape: number[]): NDArray | number {
  return shape.length === 0 ? data[0] : new NDArray(data, shape);
}

const listed: [number[], number[]][] = [
  [[4, 5], [1, 5]],
  [[4, 5], [4, 1]],
  [[5], [4, 5]],
  [[4, 1], [1, 5]],
  [[1, 5], [4, 1]],
  [[2, 3, 4], [4]],
  [[2, 3, 4], [2, 1, 4]],
  [[2, 1, 4], [2, 3, 4]],
  [[2, 1, 4], [3, 1]],
  [[3, 1, 5, 1], [4, 1, 6]],
  [[2, 3, 4], [1, 3, 1]],
  [[2, 3, 4], [2, 3, 4]],
  [[2, 3, 4], []],
  [[], [4, 5]],
  [[], []],
  [[1], [7]],
  [[1, 1], [3, 4]],
  [[0, 5], [1, 5]],
  [[3, 0], [3, 1]],
  [[64, 33], [33]],
  [[200, 3], [200, 1]],
  [[2, 2, 2, 2, 2, 3], [2, 1, 2, 1, 3]],
];

for (const op of ops) {
  const f = functions[op];
  const apply = scalar[op];
  const reference = (a: Float64Array, as: readonly number[], b: Float64Array, bs: readonly number[]) => broadcastElementwise(apply, a, as, b, bs);

  describe(`arithmetic: ${op}`, () => {
    it(`matches a plain broadcasting implementation bit for bit on (m,n)${symbol[op]}(1,n), (m,n)${symbol[op]}(m,1), (n)${symbol[op]}(m,n), (m,1)${symbol[op]}(1,n), 3-D with 1-D, rank 6 and more, leaving its inputs alone`, () => {
      const random = seededRandom(0x41_0001 + ops.indexOf(op));
      for (const [as, bs] of listed) {
        const a = specialValues(random, size(as));
        const b = specialValues(random, size(bs));
        const before = [a.slice(), b.slice()];
        const expected = reference(a, as, b, bs);
        const result = f(ndOrNumber(a, as), ndOrNumber(b, bs));
        const label = `${op} ${shapeText(as)}${symbol[op]}${shapeText(bs)}`;
        if (expected.shape.length === 0) expect(result, label).to.be.a('number');
        else expect((result as NDArray).shape, label).to.deep.equal(expected.shape);
        expectIdentical(dataOf(result), expected.data, label);
        expectIdentical(a, before[0], `${label}: a after the call`);
        expectIdentical(b, before[1], `${label}: b after the call`);
      }
    });

    it('matches it on 300 random pairs of broadcastable shapes up to rank 4 (size-0 and size-1 dims included), into a fresh result and into an out with a byteOffset', () => {
      const random = seededRandom(0x41_0100 + ops.indexOf(op));
      for (let t = 0; t < 300; t++) {
        const [as, bs] = randomBroadcastPair(random);
        const a = specialValues(random, size(as));
        const b = specialValues(random, size(bs));
        const expected = reference(a, as, b, bs);
        const label = `${op} ${shapeText(as)}${symbol[op]}${shapeText(bs)}`;
        const result = f(array(a, as), array(b, bs));
        expect(result.shape, label).to.deep.equal(expected.shape);
        expectIdentical(result.data, expected.data, label);
        const out = paddedView(new Float64Array(expected.data.length).fill(NaN), 3);
        expect(f(array(a, as), array(b, bs), { out: out.view }) === out.view, `${label} returns its out`).to.equal(true);
        expectIdentical(out.view, expected.data, `${label} into out`);
        expect(out.damagedPadding(), `${label}: memory around out`).to.deep.equal([]);
      }
    });

    it('the strided 2-D kernel matches its twin bit for bit for every stride pattern: contiguous, broadcast row or column, general and transposed strides', () => {
      const random = seededRandom(0x41_0200 + ops.indexOf(op));
      for (let rows = 0; rows <= 6; rows++) {
        for (let cols = 0; cols <= 33; cols++) {
          // [row stride, column stride]: each picks a different loop of BinaryBroadcast.
          const patterns: [number, number][] = [[cols, 1], [0, 1], [1, 0], [0, 0], [2 * cols + 1, 2], [1, rows]];
          const [pa, pb] = [random.pick(patterns), random.pick(patterns)];
          const reach = ([r, c]: [number, number]) => (rows === 0 || cols === 0 ? 0 : (rows - 1) * r + (cols - 1) * c + 1);
          const a = paddedView(specialValues(random, reach(pa)), 1);
          const b = paddedView(specialValues(random, reach(pb)), 2);
          const expected = new Float64Array(rows * cols);
          twins[op](a.view, pa[0], pa[1], b.view, pb[0], pb[1], expected, rows, cols);
          const out = paddedView(new Float64Array(rows * cols).fill(NaN), 3);
          native[op](a.view, pa[0], pa[1], b.view, pb[0], pb[1], out.view, rows, cols);
          expectIdentical(out.view, expected, `native.${op} ${rows}×${cols}, a strides [${pa}], b strides [${pb}]`);
          expect(out.damagedPadding()).to.deep.equal([]);
        }
      }
    });

    it('the flat and broadcast kernels give the twin’s bits at every length 0..99 (every SIMD tail), with the scalar on either side', () => {
      const random = seededRandom(0x41_0300 + ops.indexOf(op));
      for (let n = 0; n <= 99; n++) {
        const a = specialValues(random, n);
        const b = specialValues(random, n);
        const s = specialValues(random, 1);
        for (const [label, left, right] of [
          ['a op b', a, b],
          ['a op s', a, s],
          ['s op b', s, b],
        ] as const) {
          const expected = reference(left, [left.length], right, [right.length]).data;
          const strideL = left.length === 1 ? 0 : 1;
          const strideR = right.length === 1 ? 0 : 1;
          const out = new Float64Array(n).fill(NaN);
          native[op](left, 0, strideL, right, 0, strideR, out, 1, n);
          expectIdentical(out, expected, `native.${op} ${label} of ${n}`);
          // And as rows of a matrix broadcast against a column (the row loops).
          const column = new Float64Array(n).fill(NaN);
          if (n > 0 && left.length === n) {
            native[op](left, 1, 0, s, 0, 0, column, n, 1);
            expectIdentical(column, reference(left, [n, 1], s, [1, 1]).data, `native.${op} column of ${n} op s`);
          }
          expectIdentical(f(left.length === 1 ? left[0] : left, right.length === 1 && n !== 1 ? right[0] : right) as Float64Array, expected, `${op} ${label} of ${n}`);
        }
      }
    });

    it('works in place: out may be the operand that is not broadcast, a or b, even when the broadcast operand is a row of out', () => {
      const random = seededRandom(0x41_0400 + ops.indexOf(op));
      for (const [as, bs] of listed.filter(([as, bs]) => size(as) > 0 && size(bs) > 0 && as.length > 0 && bs.length > 0)) {
        const shape = broadcastShape(as, bs);
        for (const [which, own] of [['a', as], ['b', bs]] as const) {
          if (size(own) !== size(shape)) continue;
          const a = specialValues(random, size(as));
          const b = specialValues(random, size(bs));
          const expected = reference(a, as, b, bs);
          const target = which === 'a' ? a : b;
          const returned = f(new NDArray(a, as), new NDArray(b, bs), { out: target });
          expect(returned === target, `${op} ${shapeText(as)}${symbol[op]}${shapeText(bs)} returns ${which}`).to.equal(true);
          expectIdentical(target, expected.data, `${op} ${shapeText(as)}${symbol[op]}${shapeText(bs)} in place into ${which}`);
        }
      }
      const values = Float64Array.of(2, 3, 4, 5, 6, 7);
      const m = new NDArray(values.slice(), [2, 3]);
      f(m, m.data.subarray(0, 3), { out: m });
      expectIdentical(m.data, reference(values, [2, 3], values.subarray(0, 3), [3]).data, `${op}(m, m[0], { out: m }) reads m[0] as it was`);
      const x = Float64Array.of(1, 2, 3, 4, 5);
      const head = x.subarray(0, 4);
      f(head, x.subarray(1, 5), { out: head });
      expectIdentical(x, Float64Array.of(apply(1, 2), apply(2, 3), apply(3, 4), apply(4, 5), 5), `${op}(x[0:4], x[1:5], { out: x[0:4] })`);
    });

    it('gives the right answer when out overlaps an operand shifted by one element, broadcast or not', () => {
      const random = seededRandom(0x41_0500 + ops.indexOf(op));
      for (const [as, bs] of listed.filter(([as, bs]) => size(broadcastShape(as, bs)) > 0 && as.length > 0 && bs.length > 0)) {
        for (const [which, shift] of [['a', 1], ['a', -1], ['b', 1], ['b', -1]] as const) {
          const a = specialValues(random, size(as));
          const b = specialValues(random, size(bs));
          const expected = reference(a, as, b, bs);
          const shared = which === 'a' ? a : b;
          const whole = new Float64Array(shared.length + expected.data.length + 4);
          const view = new Float64Array(whole.buffer, 8 * 2, shared.length);
          view.set(shared);
          const out = new Float64Array(whole.buffer, 8 * (2 + shift), expected.data.length);
          expect(f(new NDArray(which === 'a' ? view : a, as), new NDArray(which === 'b' ? view : b, bs), { out }) === out).to.equal(true);
          expectIdentical(out, expected.data, `${op} ${shapeText(as)}${symbol[op]}${shapeText(bs)} with out overlapping ${which} (shift ${shift})`);
        }
      }
    });

    it('returns the richer kind: number with number a number, with a Float64Array a Float64Array, with an NDArray or nested arrays an NDArray; rejects what cannot broadcast naming both shapes', () => {
      const v = Float64Array.of(1, 2, 4);
      expect(f(6, 3)).to.equal(apply(6, 3));
      expectIdentical(f(2, v) as Float64Array, v.map((x) => apply(2, x)), `${op}(2, v)`);
      expectIdentical(f(v, 2) as Float64Array, v.map((x) => apply(x, 2)), `${op}(v, 2)`);
      expect(f(v, v)).to.be.instanceOf(Float64Array);
      const nd = f(v, array([[1], [2]]));
      expect(nd).to.be.instanceOf(NDArray);
      expect(nd.shape).to.deep.equal([2, 3]);
      const nested = f([1, 2, 3], 2);
      expect(nested).to.be.instanceOf(NDArray);
      const out = new Float64Array(1);
      expect(f(6, 3, { out }) === out).to.equal(true);
      expect(out[0]).to.equal(apply(6, 3));
      expect(() => f(array([[1, 2, 3], [4, 5, 6]]), v.subarray(0, 2)))
        .to.throw(RangeError, `${op}: operands could not be broadcast together with shapes (2,3) (2,)`)
        .with.property('code', 'ERR_BLASKIT_SHAPE');
      expect(() => f(v, 'x' as never))
        .to.throw(TypeError, `${op}: expected argument 'b' to be a number, Float64Array, Float32Array, NDArray or nested array of numbers, received a string "x"`)
        .with.property('code', 'ERR_BLASKIT_INVALID_TYPE');
      expect(() => f(v, v, { out: new Float64Array(2) }))
        .to.throw(RangeError, `${op}: expected option 'out' to hold 3 elements`)
        .with.property('code', 'ERR_BLASKIT_OUT_SIZE');
    });

    it(`${op}Async gives the sync function's bits, small and large (a job), and rejects as it throws`, async () => {
      const random = seededRandom(0x41_0600 + ops.indexOf(op));
      for (const [as, bs] of [[[3], [3]], [[300, 40], [40]], [[300, 1], [1, 40]], [[2, 3, 50], [3, 1]]] as [number[], number[]][]) {
        const a = specialValues(random, size(as));
        const b = specialValues(random, size(bs));
        const expected = f(array(a, as), array(b, bs));
        const result = await asyncFunctions[op](array(a, as), array(b, bs));
        expectIdentical(dataOf(result), expected.data, `${op}Async ${shapeText(as)}${symbol[op]}${shapeText(bs)}`);
      }
      let caught: unknown;
      await asyncFunctions[op](Float64Array.of(1, 2, 3), Float64Array.of(1, 2)).catch((error: unknown) => (caught = error));
      expect(caught).to.be.instanceOf(RangeError).with.property('code', 'ERR_BLASKIT_SHAPE');
      expect((caught as Error).message).to.equal(`${op}Async: operands could not be broadcast together with shapes (3,) (2,)`);
    });
  });
}

describe('arithmetic: IEEE special values', () => {
  it('add: Infinity + -Infinity is NaN, -0 + -0 is -0, 0 + -0 is 0, overflow gives Infinity, subnormals add exactly', () => {
    expectIdentical(add(Float64Array.of(Infinity, -0, 0, 1.7e308, 5e-324, NaN), Float64Array.of(-Infinity, -0, -0, 1.7e308, 5e-324, 1)), Float64Array.of(NaN, -0, 0, Infinity, 1e-323, NaN), 'add of special values');
  });

  it('subtract: Infinity − Infinity is NaN, 0 − 0 is 0, -0 − 0 is -0, x − x is 0', () => {
    expectIdentical(subtract(Float64Array.of(Infinity, 0, -0, 3.5, -1.7e308), Float64Array.of(Infinity, 0, 0, 3.5, 1.7e308)), Float64Array.of(NaN, 0, -0, 0, -Infinity), 'subtract of special values');
  });

  it('multiply: 0·Infinity is NaN, -1·0 is -0, overflow gives Infinity, tiny products underflow', () => {
    const a = Float64Array.of(0, -1, 1e200, 1e-200, 5e-324, -0, NaN);
    const b = Float64Array.of(Infinity, 0, 1e200, 1e-200, 0.5, -0, 0);
    expectIdentical(multiply(a, b), Float64Array.of(NaN, -0, Infinity, 0, 0, 0, NaN), 'multiply of special values');
  });

  it('divide by zero gives numpy’s IEEE results and throws nothing: 1/0 = Infinity, -1/0 = -Infinity, 1/-0 = -Infinity, 0/0 = NaN, Infinity/Infinity = NaN, in every kernel', () => {
    const a = Float64Array.of(1, -1, 1, 0, Infinity, 5e-324, 1e308, 7);
    const b = Float64Array.of(0, 0, -0, 0, Infinity, 1e10, 1e-10, Infinity);
    const expected = Float64Array.of(Infinity, -Infinity, -Infinity, NaN, NaN, 0, Infinity, 0);
    expectIdentical(divide(a, b), expected, 'divide of special values');
    const long = new Float64Array(1000).fill(3);
    expectIdentical(divide(long, 0), new Float64Array(1000).fill(Infinity), 'divide(x, 0) over 1000 elements');
    expectIdentical(divide(-0, long), new Float64Array(1000).fill(-0), 'divide(-0, x)');
    expectIdentical(divide(array([[1], [-1]]), array([[0, -0]])).data, Float64Array.of(Infinity, -Infinity, -Infinity, Infinity), '(2,1)/(1,2) by signed zeros');
  });

  it("divide follows the tutorial: x / x_norm with x_norm of shape (2,1) divides each row by its own norm", () => {
    const x = array([[0, 3, 4], [1, 6, 4]]);
    const norms = array([[5], [Math.sqrt(53)]]);
    expectIdentical(divide(x, norms).data, Float64Array.of(0, 3 / 5, 4 / 5, 1 / Math.sqrt(53), 6 / Math.sqrt(53), 4 / Math.sqrt(53)), 'x / x_norm');
  });
});

describe('arithmetic: against numpy (python3 and numpy, skipped without them)', () => {
  before(function () {
    if (!numpyAvailable()) this.skip();
  });

  it('add, subtract, multiply and divide give numpy’s exact bits on 400 random broadcasts up to rank 5, operands given as numbers, Float64Arrays, NDArrays and nested arrays, special values included', () => {
    const random = seededRandom(0x41_0700);
    const kinds = ['number', 'float64array', 'ndarray', 'nested'] as const;
    type Case = { op: Op; as: number[]; bs: number[]; a: Float64Array; b: Float64Array; result: Float64Array; shape: readonly number[] };
    const cases: Case[] = [];
    for (let t = 0; t < 400; t++) {
      const op = ops[t % ops.length];
      const [as, bs] = randomBroadcastPair(random, 5);
      const a = specialValues(random, size(as));
      const b = specialValues(random, size(bs));
      // Each operand as a kind that can carry its shape.
      const asKind = (data: Float64Array, shape: number[]): unknown => {
        // (Nested arrays cannot say the shape of an empty array: [[], []] is (2,0), never (2,0,1).)
        const fits = (k: (typeof kinds)[number]) => (k === 'number' ? shape.length === 0 : k === 'float64array' ? shape.length === 1 : k === 'nested' ? size(shape) > 0 : true);
        const kind = random.pick(kinds.filter(fits));
        if (kind === 'number') return data[0];
        if (kind === 'float64array') return data.slice();
        if (kind === 'ndarray') return new NDArray(data.slice(), shape);
        return array(data.slice(), shape).toArray();
      };
      const result = functions[op](asKind(a, as) as never, asKind(b, bs) as never) as unknown;
      cases.push({ op, as, bs, a, b, result: dataOf(result).slice(), shape: typeof result === 'number' ? [] : result instanceof NDArray ? result.shape : [(result as Float64Array).length] });
    }
    const numpy = runNumpy(
      `
cases = json.load(sys.stdin)
out = []
with np.errstate(all='ignore'):
    for c in cases:
        a = f64(c['a']).reshape(c['as'])
        b = f64(c['b']).reshape(c['bs'])
        r = getattr(np, c['op'])(a, b)
        out.append({'shape': list(np.shape(r)), 'data': b64(np.ravel(r))})
print(json.dumps(out))
`,
      cases.map((c) => ({ op: c.op, as: c.as, bs: c.bs, a: toBase64(c.a), b: toBase64(c.b) })),
    ) as { shape: number[]; data: string }[];
    expect(numpy).to.have.length(cases.length);
    cases.forEach((c, i) => {
      const label = `${c.op} ${shapeText(c.as)}${symbol[c.op]}${shapeText(c.bs)}`;
      expect(c.shape, `${label}: shape`).to.deep.equal(numpy[i].shape);
      expectIdentical(c.result, fromBase64(numpy[i].data), `${label} against numpy`);
    });
  });
});
