/**
 * dot (OpenBLAS ddot/dgemv/dgemm and the small-product kernels) and outer:
 * against the TypeScript twins and a plain broadcasting implementation on
 * random shapes, every np.dot rank combination, empty operands, `out` that
 * holds garbage or overlaps an input, in place, and the kinds of results.
 */
import { expect } from 'chai';
import { NDArray, array, dot, multiply, outer } from '../lib/index';
import * as twins from '../lib/reference/products';
import { paddedView, seededRandom, type Random } from './support/random';
import { describeDouble, exactDot, expectIdentical } from './support/ulp';

// ---------------------------------------------------------------------------
// Products and their tolerance

interface Matrix {
  data: Float64Array;
  shape: number[];
}

/** Values over six orders of magnitude and both signs, so that sums cancel and rounding shows. */
function randomValues(random: Random, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => random.uniform(-1, 1) * 10 ** random.int(-3, 3));
}

function absolute(x: Float64Array): Float64Array {
  return x.map(Math.abs);
}

/** np.dot of 1-D/2-D operands by the twins: the value and Σ|a||b| for each result (the scale of its rounding error). */
function twinDot(a: Matrix, b: Matrix): { value: Float64Array; magnitude: Float64Array; k: number } {
  const run = (x: Float64Array, y: Float64Array): Float64Array => {
    if (a.shape.length === 1 && b.shape.length === 1) return Float64Array.of(twins.dot(x, y));
    if (a.shape.length === 2 && b.shape.length === 1) {
      const out = new Float64Array(a.shape[0]);
      twins.matVec(x, a.shape[0], a.shape[1], y, out, false);
      return out;
    }
    if (a.shape.length === 1 && b.shape.length === 2) {
      const out = new Float64Array(b.shape[1]);
      twins.matVec(y, b.shape[0], b.shape[1], x, out, true);
      return out;
    }
    const out = new Float64Array(a.shape[0] * b.shape[1]);
    twins.matMul(x, y, out, a.shape[0], a.shape[1], b.shape[1]);
    return out;
  };
  const k = a.shape[a.shape.length - 1];
  return { value: run(a.data, b.data), magnitude: run(absolute(a.data), absolute(b.data)), k };
}

/**
 * BLAS sums in its own order (blocked, with FMA): a sum of k products is then
 * within k·2^-53·Σ|a||b| of the exact value, and so is the twin's, so the two
 * agree within (k + 1)·2^-52·Σ|a||b|. A wrong element, a missed term or a
 * stale `out` is off by far more.
 */
function expectCloseToTwin(actual: Float64Array, twin: { value: Float64Array; magnitude: Float64Array; k: number }, label: string): void {
  expect(actual.length, `${label}: length`).to.equal(twin.value.length);
  const { k } = twin;
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < actual.length; i++) {
    const tolerance = (k + 1) * 2 ** -52 * twin.magnitude[i];
    const error = Math.abs(actual[i] - twin.value[i]);
    const excess = Number.isNaN(error) ? Infinity : error - tolerance;
    if (excess > worstExcess) {
      worstExcess = excess;
      worst = i;
    }
  }
  if (worst >= 0) {
    expect.fail(
      `${label}: element ${worst} is ${describeDouble(actual[worst])}, the twin gives ${describeDouble(twin.value[worst])}; ` +
        `allowed ${(k + 1) * 2 ** -52 * twin.magnitude[worst]} (k = ${k}, Σ|a||b| = ${twin.magnitude[worst]})`,
    );
  }
}

function matrix(random: Random, shape: number[]): Matrix {
  return { data: randomValues(random, shape.reduce((p, d) => p * d, 1)), shape };
}

function asInput(m: Matrix): NDArray | Float64Array {
  return m.shape.length === 1 ? m.data : new NDArray(m.data, m.shape);
}

function shapeText(shape: readonly number[]): string {
  return `(${shape.join(',')}${shape.length === 1 ? ',' : ''})`;
}

/** Values for multiply, where IEEE corner cases (0·Inf, -0, overflow, underflow) must come out as JS computes them. */
function multiplyValues(random: Random, n: number): Float64Array {
  const specials = [NaN, Infinity, -Infinity, 0, -0, 5e-324, 1e200, -1e-200];
  return Float64Array.from({ length: n }, () => (random.next() < 0.1 ? random.pick(specials) : random.uniform(-10, 10)));
}

describe('products: dot, outer', () => {
  describe('dot', () => {
    it("gives the tutorial's [[20, 20], [47, 47]] for [[1,2,3],[4,5,6]]·[[2,2],[3,3],[4,4]]", () => {
      const result = dot(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        [
          [2, 2],
          [3, 3],
          [4, 4],
        ],
      );
      expect(result).to.be.instanceOf(NDArray);
      expect((result as NDArray).shape).to.deep.equal([2, 2]);
      expectIdentical((result as NDArray).data, Float64Array.of(20, 20, 47, 47), 'the tutorial dot');
    });

    it('of two vectors returns a number within (n + 1)·2^-52·Σ|a||b| of the twin and n·2^-53·Σ|a||b| of the exact sum, at every length 0..99, on views with a byteOffset', () => {
      const random = seededRandom(0xd07_0001);
      for (let n = 0; n < 100; n++) {
        const a = paddedView(randomValues(random, n), 1);
        const b = paddedView(randomValues(random, n), 4);
        const before = [a.whole.slice(), b.whole.slice()];
        const result = dot(a.view, b.view);
        expect(result, `dot of two vectors of ${n}`).to.be.a('number');
        expectCloseToTwin(Float64Array.of(result), twinDot({ data: a.view, shape: [n] }, { data: b.view, shape: [n] }), `dot of two vectors of ${n}`);
        const magnitude = twins.dot(absolute(a.view), absolute(b.view));
        expect(Math.abs(result - exactDot(a.view, b.view)), `dot of ${n}: distance from the exact sum`).to.be.at.most(n * 2 ** -53 * magnitude);
        expectIdentical(a.whole, before[0], `dot of ${n}: a after the call`);
        expectIdentical(b.whole, before[1], `dot of ${n}: b after the call`);
      }
      expect(Object.is(dot(new Float64Array(0), new Float64Array(0)), 0), 'two empty vectors give 0').to.equal(true);
    });

    it('of a matrix and a vector, either way round (dgemv), matches the twin on random shapes including 1×n, n×1 and empty', () => {
      const random = seededRandom(0xd07_0002);
      const shapes: [number, number][] = [[1, 1], [1, 7], [7, 1], [0, 3], [3, 0], [5, 5], [17, 33], [64, 3], [3, 64], [100, 99]];
      for (let t = 0; t < 20; t++) shapes.push([random.int(1, 40), random.int(1, 40)]);
      for (const [m, n] of shapes) {
        const a = { data: paddedView(randomValues(random, m * n), 2).view, shape: [m, n] };
        const x = { data: paddedView(randomValues(random, n), 1).view, shape: [n] };
        const y = { data: paddedView(randomValues(random, m), 5).view, shape: [m] };
        const before = [a.data.slice(), x.data.slice(), y.data.slice()];
        const ax = dot(new NDArray(a.data, [m, n]), x.data) as NDArray;
        expect(ax.shape, `(${m},${n})·(${n},)`).to.deep.equal([m]);
        expectCloseToTwin(ax.data, twinDot(a, x), `(${m},${n})·(${n},)`);
        const ya = dot(y.data, new NDArray(a.data, [m, n])) as NDArray;
        expect(ya.shape, `(${m},)·(${m},${n})`).to.deep.equal([n]);
        expectCloseToTwin(ya.data, twinDot(y, a), `(${m},)·(${m},${n})`);
        expectIdentical(a.data, before[0], 'the matrix after the calls');
        expectIdentical(x.data, before[1], 'x after the call');
        expectIdentical(y.data, before[2], 'y after the call');
      }
    });

    it('of two matrices (dgemm and its dgemv shortcuts) matches the twin: 1×1, 1×k·k×n, m×k·k×1, 1×k·k×1, n×1·1×m, square and random shapes', () => {
      const random = seededRandom(0xd07_0003);
      const cases: [number, number, number][] = [
        [1, 1, 1], [1, 9, 7], [7, 9, 1], [1, 33, 1], [6, 1, 5], [1, 1, 40], [40, 1, 1],
        [2, 2, 2], [3, 3, 3], [8, 8, 8], [16, 16, 16], [31, 31, 31], [64, 64, 64], [130, 70, 90],
      ];
      for (let t = 0; t < 25; t++) cases.push([random.int(1, 30), random.int(1, 30), random.int(1, 30)]);
      for (const [m, k, n] of cases) {
        // Both matrices are views with a byteOffset into larger buffers.
        const a = { data: paddedView(randomValues(random, m * k), 3).view, shape: [m, k] };
        const b = { data: paddedView(randomValues(random, k * n), 1).view, shape: [k, n] };
        const before = [a.data.slice(), b.data.slice()];
        const result = dot(new NDArray(a.data, [m, k]), new NDArray(b.data, [k, n])) as NDArray;
        expect(result.shape, `(${m},${k})·(${k},${n})`).to.deep.equal([m, n]);
        expectCloseToTwin(result.data, twinDot(a, b), `(${m},${k})·(${k},${n})`);
        expectIdentical(a.data, before[0], `(${m},${k})·(${k},${n}): a after the call`);
        expectIdentical(b.data, before[1], `(${m},${k})·(${k},${n}): b after the call`);
      }
    });

    it('with a size-0 operand: (0,3)·(3,2) is an empty (0,2), (2,0)·(0,3) is zeros, an empty vector gives 0 or zeros', () => {
      const empty = dot(new NDArray(new Float64Array(0), [0, 3]), new NDArray(new Float64Array(6).fill(1), [3, 2])) as NDArray;
      expect(empty.shape).to.deep.equal([0, 2]);
      const out = new Float64Array(6).fill(NaN);
      const zeros = dot(new NDArray(new Float64Array(0), [2, 0]), new NDArray(new Float64Array(0), [0, 3]), { out });
      expect(zeros === out).to.equal(true);
      expectIdentical(out, new Float64Array(6), '(2,0)·(0,3) into a NaN-filled out');
      expectIdentical((dot(new NDArray(new Float64Array(0), [2, 0]), new NDArray(new Float64Array(0), [0, 3])) as NDArray).data, new Float64Array(6), '(2,0)·(0,3)');
      const yOut = new Float64Array(4).fill(NaN);
      dot(new NDArray(new Float64Array(0), [4, 0]), new Float64Array(0), { out: yOut });
      expectIdentical(yOut, new Float64Array(4), '(4,0)·(0,) into a NaN-filled out');
      const xOut = new Float64Array(3).fill(NaN);
      dot(new Float64Array(0), new NDArray(new Float64Array(0), [0, 3]), { out: xOut });
      expectIdentical(xOut, new Float64Array(3), '(0,)·(0,3) into a NaN-filled out');
      const scalarOut = Float64Array.of(NaN);
      dot(new Float64Array(0), new Float64Array(0), { out: scalarOut });
      expectIdentical(scalarOut, Float64Array.of(0), '(0,)·(0,) into a NaN-filled out');
    });

    it('ignores whatever out holds before the call: NaN-filled outs give NaN-free results on every path (dgemv both ways, dgemm, its 1-row and 1-column shortcuts)', () => {
      const random = seededRandom(0xd07_0004);
      const cases: [number[], number[]][] = [
        [[5, 7], [7]],
        [[7], [7, 5]],
        [[5, 7], [7, 6]],
        [[1, 7], [7, 6]],
        [[5, 7], [7, 1]],
        [[1, 7], [7, 1]],
        [[64, 64], [64, 64]],
        [[7], [7]],
      ];
      for (const [as, bs] of cases) {
        const a = matrix(random, as);
        const b = matrix(random, bs);
        const twin = twinDot(a, b);
        const out = new Float64Array(twin.value.length).fill(NaN);
        const returned = dot(asInput(a), asInput(b), { out });
        expect(returned === out, `dot ${shapeText(as)}·${shapeText(bs)} returns its out`).to.equal(true);
        expect(out.some(Number.isNaN), `dot ${shapeText(as)}·${shapeText(bs)} leaked the NaN in out: [${Array.from(out)}]`).to.equal(false);
        expectCloseToTwin(out, twin, `dot ${shapeText(as)}·${shapeText(bs)} into a NaN-filled out`);
      }
    });

    it('with a number is the elementwise product: dot(2, x) equals multiply(2, x), and number·number is a number', () => {
      const random = seededRandom(0xd07_0005);
      const x = randomValues(random, 12);
      const nd = new NDArray(x, [3, 4]);
      expectIdentical(dot(2.5, x) as Float64Array, multiply(2.5, x), 'dot(2.5, x)');
      expectIdentical(dot(x, -3) as Float64Array, multiply(x, -3), 'dot(x, -3)');
      const ndResult = dot(nd, 0.5) as NDArray;
      expect(ndResult.shape).to.deep.equal([3, 4]);
      expectIdentical(ndResult.data, x.map((v) => v * 0.5), 'dot((3,4), 0.5)');
      expect(dot(6, 7)).to.equal(42);
      expect(dot(2, x)).to.be.instanceOf(Float64Array);
    });

    it('writes into out and returns it, and gives the product of the original values when out overlaps an input', () => {
      const random = seededRandom(0xd07_0006);
      for (const [as, bs] of [[[4, 5], [5, 3]], [[4, 5], [5]], [[5], [5, 4]], [[1, 6], [6, 6]], [[6, 6], [6, 1]]] as [number[], number[]][]) {
        for (const [operand, shift] of [['a', 1], ['a', -1], ['b', 1], ['b', 2]] as const) {
          const a = matrix(random, as);
          const b = matrix(random, bs);
          const twin = twinDot(a, b);
          const outSize = twin.value.length;
          // The shared operand and out live in one buffer, out `shift` elements after (or before) it.
          const shared = operand === 'a' ? a : b;
          const whole = new Float64Array(shared.data.length + outSize + 8);
          const base = 4;
          const sharedView = new Float64Array(whole.buffer, 8 * base, shared.data.length);
          sharedView.set(shared.data);
          const out = new Float64Array(whole.buffer, 8 * (base + shift), outSize);
          const aInput = asInput(operand === 'a' ? { data: sharedView, shape: as } : a);
          const bInput = asInput(operand === 'b' ? { data: sharedView, shape: bs } : b);
          const returned = dot(aInput, bInput, { out });
          expect(returned === out).to.equal(true);
          expectCloseToTwin(out, twin, `dot ${shapeText(as)}·${shapeText(bs)} with out overlapping ${operand} (shift ${shift})`);
        }
      }
    });

    it('returns the documented kinds: a number for two vectors, an NDArray for a matrix, the richer kind with a number', () => {
      const v = Float64Array.of(1, 2, 3);
      expect(dot(v, v)).to.equal(14);
      expect(dot(array(v), array(v))).to.equal(14);
      expect(dot([1, 2, 3], [1, 2, 3])).to.equal(14);
      const mv = dot(array([[1, 2, 3]]), v);
      expect(mv).to.be.instanceOf(NDArray);
      expect((mv as NDArray).shape).to.deep.equal([1]);
      const vm = dot(v, array([[1], [2], [3]]));
      expect(vm).to.be.instanceOf(NDArray);
      expect((vm as NDArray).shape).to.deep.equal([1]);
      expect(dot(2, v)).to.be.instanceOf(Float64Array);
      expect(dot(2, array(v))).to.be.instanceOf(NDArray);
      expect(dot(2, 3)).to.be.a('number');
      const out = new Float64Array(1);
      expect(dot(v, v, { out }) === out).to.equal(true);
      expect(out[0]).to.equal(14);
      const ndOut = new NDArray(new Float64Array(1), []);
      expect(dot(v, v, { out: ndOut }) === ndOut).to.equal(true);
      expect(ndOut.data[0]).to.equal(14);
    });
  });

  describe('outer', () => {
    it("flattens both inputs like np.outer: the tutorial's (2,3) and (3,2) give a (6,6) of a[i]·b[j]", () => {
      const s1 = [
        [1, 2, 3],
        [4, 5, 6],
      ];
      const s2 = [
        [2, 2],
        [3, 3],
        [4, 4],
      ];
      const result = outer(s1, s2);
      expect(result.shape).to.deep.equal([6, 6]);
      // The tutorial printed the first three rows before it was cut off.
      expectIdentical(result.data.subarray(0, 18), Float64Array.of(2, 2, 3, 3, 4, 4, 4, 4, 6, 6, 8, 8, 6, 6, 9, 9, 12, 12), 'the tutorial outer, rows 0-2');
      const a = [1, 2, 3, 4, 5, 6];
      const b = [2, 2, 3, 3, 4, 4];
      expectIdentical(result.data, Float64Array.from(a.flatMap((x) => b.map((y) => x * y))), 'the tutorial outer');
    });

    it('matches its twin exactly for lengths 0..99 against lengths 0, 1, 2, 3 and 7, on views with a byteOffset, and returns an NDArray', () => {
      const random = seededRandom(0x0e7_0001);
      for (let n = 0; n < 100; n++) {
        for (const m of [0, 1, 2, 3, 7]) {
          for (const [na, nb] of [[n, m], [m, n]]) {
            const a = paddedView(multiplyValues(random, na), 2);
            const b = paddedView(multiplyValues(random, nb), 3);
            const before = [a.whole.slice(), b.whole.slice()];
            const expected = new Float64Array(na * nb);
            twins.outer(a.view, b.view, expected);
            const result = outer(a.view, b.view);
            expect(result).to.be.instanceOf(NDArray);
            expect(result.shape).to.deep.equal([na, nb]);
            expectIdentical(result.data, expected, `outer of ${na} and ${nb}`);
            const out = paddedView(new Float64Array(na * nb).fill(NaN), 1);
            expect(outer(a.view, b.view, { out: out.view }) === out.view).to.equal(true);
            expectIdentical(out.view, expected, `outer of ${na} and ${nb} into out`);
            expect(out.damagedPadding(), `outer of ${na} and ${nb}: memory around out`).to.deep.equal([]);
            expectIdentical(a.whole, before[0], `outer of ${na} and ${nb}: a after the call`);
            expectIdentical(b.whole, before[1], `outer of ${na} and ${nb}: b after the call`);
          }
        }
      }
    });

    it('gives NaN for 0·Infinity (no BLAS shortcut skipping zeros) and takes numbers as one-element vectors', () => {
      const result = outer(Float64Array.of(0, 1, -0), Float64Array.of(Infinity, 2));
      expectIdentical(result.data, Float64Array.of(NaN, 0, Infinity, 2, NaN, -0), 'outer([0, 1, -0], [Infinity, 2])');
      const scalars = outer(2, 3);
      expect(scalars.shape).to.deep.equal([1, 1]);
      expect(scalars.data[0]).to.equal(6);
    });

    it('gives the right answer when out overlaps an input', () => {
      const random = seededRandom(0x0e7_0002);
      for (const [na, nb] of [[3, 4], [4, 3], [1, 5], [5, 1], [6, 6]]) {
        for (const [operand, shift] of [['a', 1], ['a', -1], ['b', 1], ['b', -2]] as const) {
          const a = multiplyValues(random, na);
          const b = multiplyValues(random, nb);
          const expected = new Float64Array(na * nb);
          twins.outer(a, b, expected);
          const shared = operand === 'a' ? a : b;
          const whole = new Float64Array(shared.length + na * nb + 8);
          const view = new Float64Array(whole.buffer, 8 * 4, shared.length);
          view.set(shared);
          const out = new Float64Array(whole.buffer, 8 * (4 + shift), na * nb);
          const returned = operand === 'a' ? outer(view, b, { out }) : outer(a, view, { out });
          expect(returned === out).to.equal(true);
          expectIdentical(out, expected, `outer of ${na} and ${nb} with out overlapping ${operand} (shift ${shift})`);
        }
      }
    });
  });
});
