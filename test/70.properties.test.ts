/**
 * Property tests (fast-check): every public function, sync and async, on
 * random shapes (0 and 1 in any dimension, ranks 0..4), random values (NaN,
 * ±Infinity, ±0, subnormals, every binade up to the largest double), every
 * kind of operand (number, Float64Array, NDArray, nested arrays), operands
 * that are views with a byteOffset between sentinels, and `out` absent, fresh,
 * the input itself, another object over the input's elements, or overlapping
 * it. Each result is checked against the TypeScript twin in lib/reference
 * (bit for bit where the kernel is exact, within the ULP bounds the accuracy
 * tests use elsewhere), its kind against the README's rules, and every byte of
 * memory except `out`'s against what it was before the call.
 *
 * Operands in memory are float64 or float32 at random (issue 14), so every
 * property also runs on float32 and mixed operands: the result's dtype follows
 * the contract (float32 only when every array operand is float32; a number
 * beside float32 is rounded to float32 first), a float32 elementwise or row
 * result is Math.fround of the float64 result on the widened input, bit for
 * bit, float32 arithmetic and outer are Math.fround of the double operation,
 * float32 products are within float32's BLAS tolerance, and `out` takes the
 * result's dtype.
 *
 * Seeds are fixed per property (derived from its name), so a run reproduces;
 * a failure prints fast-check's shrunk counterexample, seed and path. The
 * total number of cases run is printed once at the end (`property cases: N`)
 * for docs/RELIABILITY.md.
 */
import fc from 'fast-check';
import { expect } from 'chai';
import * as blaskit from '../lib/index';
import { NDArray } from '../lib/index';
import * as activationTwins from '../lib/reference/activations';
import * as rowTwins from '../lib/reference/rows';
import * as productTwins from '../lib/reference/products';
import * as arithmeticTwins from '../lib/reference/arithmetic';
import type { StridedBinary } from '../lib/reference/arithmetic';
import { describeDouble, expectIdentical, expectWithinUlp } from './support/ulp';
import {
  type BuiltCase,
  type BuiltOperand,
  type OperandSpec,
  type OutMode,
  type OutSpec,
  type ResultKind,
  anyOperand,
  buildCase,
  DTYPES,
  dimension,
  elementValues,
  expectOnlyOutChanged,
  expectResult,
  expectedKind,
  operandOf,
  outSpec,
  sameElements,
  scribbleOverInputs,
  transferInputs,
  shapeText,
  sizeOf,
} from './support/arbitraries';
import { broadcastShape } from './support/broadcast';

// ---------------------------------------------------------------------------
// Running properties

/** Cases per property: chosen so that the file runs in about 15 s on the 2-core development machine. */
const SYNC_RUNS = 7000;
const ASYNC_RUNS = 2000;

let propertyCases = 0;

/** A fixed seed per property, from its name (FNV-1a): runs reproduce, and adding a property does not reshuffle the others. */
function seedOf(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash | 0;
}

function assertProperty<T>(name: string, cases: fc.Arbitrary<T>, runs: number, predicate: (c: T) => void): void {
  fc.assert(
    fc.property(cases, (c) => {
      propertyCases++;
      predicate(c);
    }),
    { seed: seedOf(name), numRuns: runs },
  );
}

async function assertAsyncProperty<T>(name: string, cases: fc.Arbitrary<T>, runs: number, predicate: (c: T) => Promise<void>): Promise<void> {
  await fc.assert(
    fc.asyncProperty(cases, async (c) => {
      propertyCases++;
      await predicate(c);
    }),
    { seed: seedOf(name), numRuns: runs },
  );
}

// ---------------------------------------------------------------------------
// What a case expects

/** What the test does to the inputs right after an async call returned its Promise. */
type AfterCall = 'nothing' | 'overwrite' | 'transfer';

/** A case built into memory, with what its result must be. */
interface Planned {
  readonly built: BuiltCase;
  readonly kind: ResultKind;
  readonly shape: readonly number[];
  /** The result is documented as a view of the input (image2vector without out). */
  readonly view?: boolean;
  /** Checks the result's elements against the twin. */
  compare(actual: Float64Array | Float32Array, label: string): void;
  /** Checks beyond the elements (e.g. that a view shares the input's memory). */
  also?(result: unknown, label: string): void;
}

/** One public function with its async twin, its cases and how to plan them. */
interface Family<C> {
  readonly name: string;
  readonly sync: (...args: unknown[]) => unknown;
  readonly async: (...args: unknown[]) => Promise<unknown>;
  readonly cases: fc.Arbitrary<C>;
  /** What the cases cover, for the test's title. */
  readonly covers: string;
  plan(c: C): Planned;
}

function verify(planned: Planned, result: unknown, label: string): Float64Array | Float32Array {
  const data = expectResult(result, planned.built, planned.kind, planned.shape, label, planned.view === true);
  planned.compare(data, label);
  planned.also?.(result, label);
  expectOnlyOutChanged(planned.built, label);
  return data;
}

function elementsOf(result: unknown): Float64Array | Float32Array {
  if (typeof result === 'number') return Float64Array.of(result);
  return result instanceof NDArray ? result.data : (result as Float64Array | Float32Array);
}

/**
 * The values the reference computes with: each operand's elements widened
 * (exact), except that a number beside float32 operands is first rounded to
 * float32, as the contract (numpy 2's rule for Python scalars) says.
 */
function referenceValues(built: BuiltCase, operand: BuiltOperand): Float64Array {
  return built.dtype === 'float32' && operand.spec.kind === 'number' ? operand.values.map(Math.fround) : operand.values;
}

/**
 * The contract for a float32 elementwise or row result: Math.fround of what
 * the same function gives for the widened input (a float64 NDArray of the
 * same shape), bit for bit.
 */
function expectRoundedFromFloat64(actual: Float64Array | Float32Array, fn: (...args: unknown[]) => unknown, x: Float64Array, shape: readonly number[], label: string): void {
  const double = elementsOf(fn(new NDArray(x.slice(), shape)));
  expect(double, `${label}: the widened input gives float64`).to.be.instanceOf(Float64Array);
  expectIdentical(actual, Float32Array.from(double), { label: `${label} of shape ${shapeText(shape)}: float32 result vs Math.fround(float64 result)`, inputs: x });
}

const ALL_OUT_MODES: readonly OutMode[] = ['none', 'fresh', 'same', 'alias', 'overlap'];
/** For functions whose `out` may only partially overlap an input (the README promises no more for them). */
const PARTIAL_OUT_MODES: readonly OutMode[] = ['none', 'fresh', 'overlap'];

/** Which element of which row, for failure messages of the row functions. */
function rowInputs(x: Float64Array, cols: number): (index: number) => string {
  return (index) => `row ${Math.floor(index / Math.max(cols, 1))} col ${index % Math.max(cols, 1)}: x = ${describeDouble(x[index])}`;
}

// ---------------------------------------------------------------------------
// Elementwise activations

type UnaryCase = { x: OperandSpec; out: OutSpec };

/**
 * `maxUlp`: the bound the twin comparisons of test/20 use, twice each
 * kernel's header bound against the true value (the twin runs the same
 * formula on V8's Math.exp / Math.tanh); 0 for the exact kernels.
 */
function activationFamily(
  name: string,
  sync: unknown,
  async: unknown,
  twin: (x: Float64Array, y: Float64Array) => void,
  maxUlp: number,
): Family<UnaryCase> {
  return {
    name,
    sync: sync as Family<UnaryCase>['sync'],
    async: async as Family<UnaryCase>['async'],
    covers: maxUlp === 0 ? 'bit for bit' : `within ${maxUlp} ULP`,
    cases: fc.record({ x: anyOperand(elementValues()), out: outSpec(1, ALL_OUT_MODES) }),
    plan(c) {
      const size = sizeOf(c.x.shape);
      const built = buildCase([c.x], c.out, size, true);
      const x = built.operands[0].values;
      return {
        built,
        kind: expectedKind([c.x.kind], c.x.shape),
        shape: c.x.shape,
        compare(actual, label) {
          if (built.dtype === 'float32') return expectRoundedFromFloat64(actual, sync as Family<UnaryCase>['sync'], x, c.x.shape, label);
          const expected = new Float64Array(size);
          twin(x, expected);
          const context = { label: `${label} of shape ${shapeText(c.x.shape)}`, inputs: x };
          if (maxUlp === 0) expectIdentical(actual, expected, context);
          else expectWithinUlp(actual, expected, maxUlp, context);
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------
// Row functions

/**
 * test/30's bound for one softmax row against the true value, in ULP of each
 * element: |d_j| + 2 for e^(x_j - max), the same weighted over the row for
 * the sum, cols for the sum's rounding and the division. Written to stay a
 * number on rows with NaN and infinities: elements whose result is NaN, or
 * whose input is -Infinity, must match exactly (bound 0), and a term whose
 * share y_k underflowed to 0 adds nothing.
 */
function softmaxRowBounds(row: Float64Array, y: Float64Array): Float64Array {
  const cols = row.length;
  let max = -Infinity;
  for (let j = 0; j < cols; j++) max = Math.max(max, row[j]);
  let weighted = 0;
  for (let k = 0; k < cols; k++) {
    if (y[k] > 0 && Number.isFinite(y[k])) weighted += y[k] * (Math.abs(row[k] - max) + 2);
  }
  return Float64Array.from(row, (v, j) => (Number.isNaN(y[j]) || v === -Infinity ? 0 : Math.abs(v - max) + 2 + weighted + cols));
}

/** test/30's normalizeRows bound: 2 ULP plus the rounding of the row's sum of squares, halved by the square root. */
function normalizeRowBounds(row: Float64Array): Float64Array {
  return new Float64Array(row.length).fill(2 + Math.ceil(row.length / 2));
}

function rowFamily(
  name: string,
  sync: unknown,
  async: unknown,
  twin: (x: Float64Array, y: Float64Array, rows: number, cols: number) => void,
  rowBounds: (row: Float64Array, y: Float64Array) => Float64Array,
): Family<UnaryCase> {
  return {
    name,
    sync: sync as Family<UnaryCase>['sync'],
    async: async as Family<UnaryCase>['async'],
    covers: "within twice test/30's bound per row",
    cases: fc.record({ x: anyOperand(elementValues()), out: outSpec(1, ALL_OUT_MODES) }),
    plan(c) {
      const { shape } = c.x;
      const size = sizeOf(shape);
      const built = buildCase([c.x], c.out, size, true);
      const x = built.operands[0].values;
      // A number or 0-D array is one row of one; otherwise rows run along the last axis.
      const cols = shape.length === 0 ? 1 : shape[shape.length - 1];
      const rows = cols === 0 ? 0 : size / cols;
      return {
        built,
        kind: expectedKind([c.x.kind], shape),
        shape,
        compare(actual, label) {
          if (built.dtype === 'float32') return expectRoundedFromFloat64(actual, sync as Family<UnaryCase>['sync'], x, shape, label);
          const expected = new Float64Array(size);
          twin(x, expected, rows, cols);
          // Native and twin are each within the bound of the true value: within twice it of each other.
          const bounds = new Float64Array(size);
          for (let r = 0; r < rows; r++) {
            const span = [r * cols, (r + 1) * cols] as const;
            const rowBound = rowBounds(x.subarray(...span), expected.subarray(...span));
            for (let j = 0; j < cols; j++) bounds[r * cols + j] = 2 * rowBound[j];
          }
          expectWithinUlp(actual, expected, bounds, { label: `${label} of shape ${shapeText(shape)}`, inputs: rowInputs(x, cols) });
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------
// image2vector

const image2vectorFamily: Family<UnaryCase> = {
  name: 'image2vector',
  sync: blaskit.image2vector as never,
  async: blaskit.image2vectorAsync as never,
  covers: 'bit for bit, a view of the image unless out is given',
  cases: fc.record({
    x: fc.tuple(dimension, dimension, dimension).chain((shape) => operandOf(shape, elementValues())),
    out: outSpec(1, PARTIAL_OUT_MODES),
  }),
  plan(c) {
    const size = sizeOf(c.x.shape);
    const built = buildCase([c.x], c.out, size, false);
    const image = built.operands[0];
    // Without out, an NDArray image comes back as a view of its own memory (np.reshape); nested arrays are read into fresh memory.
    const view = built.out === undefined && c.x.kind === 'ndarray';
    return {
      built,
      kind: 'ndarray',
      shape: [size, 1],
      view,
      compare(actual, label) {
        expectIdentical(actual, image.values, { label: `${label} of shape ${shapeText(c.x.shape)}`, inputs: image.values });
      },
      also(result, label) {
        if (!view) return;
        const data = (result as NDArray).data;
        const own = (image.input as NDArray).data;
        const sameMemory = data.buffer === own.buffer && data.byteOffset === own.byteOffset && data.length === own.length;
        expect(sameMemory, `${label}: the column is a view of the image's memory`).to.equal(true);
      },
    };
  },
};

// ---------------------------------------------------------------------------
// add, subtract, multiply, divide (broadcasting)

type BinaryCase = { a: OperandSpec; b: OperandSpec; out: OutSpec };

/** A pair of broadcastable shapes up to rank 4: a common shape with leading dims dropped and dims set to 1, per operand. */
const broadcastPair: fc.Arbitrary<[number[], number[]]> = fc
  .record({
    full: fc.array(dimension, { minLength: 0, maxLength: 4 }),
    dropA: fc.nat(4),
    dropB: fc.nat(4),
    onesA: fc.array(fc.constantFrom(false, false, true), { minLength: 4, maxLength: 4 }),
    onesB: fc.array(fc.constantFrom(false, false, true), { minLength: 4, maxLength: 4 }),
  })
  .map(({ full, dropA, dropB, onesA, onesB }) => {
    const derive = (drop: number, ones: boolean[]) => full.slice(Math.min(drop, full.length)).map((d, i) => (ones[i] ? 1 : d));
    return [derive(dropA, onesA), derive(dropB, onesB)];
  });

/**
 * np.add/subtract/multiply/divide by the twin: both shapes padded to the result's rank (at least
 * 2), each operand given stride 0 where it repeats, and the twin's 2-D
 * strided kernel run once per block of the last two dimensions.
 */
function broadcastReference(twin: StridedBinary, a: Float64Array, aShape: readonly number[], b: Float64Array, bShape: readonly number[]): Float64Array {
  const shape = broadcastShape(aShape, bShape);
  const size = sizeOf(shape);
  const out = new Float64Array(size);
  if (size === 0) return out;
  const rank = Math.max(2, shape.length);
  const padded = (s: readonly number[]) => [...new Array<number>(rank - s.length).fill(1), ...s];
  const full = padded(shape);
  const stridesOf = (own: number[]) => {
    const strides = new Array<number>(rank).fill(0);
    let step = 1;
    for (let d = rank - 1; d >= 0; d--) {
      strides[d] = own[d] === 1 ? 0 : step;
      step *= own[d];
    }
    return strides;
  };
  const sa = stridesOf(padded(aShape));
  const sb = stridesOf(padded(bShape));
  const [rows, cols] = [full[rank - 2], full[rank - 1]];
  const index = new Array<number>(rank - 2).fill(0);
  for (let start = 0; start < size; start += rows * cols) {
    let offsetA = 0;
    let offsetB = 0;
    for (let d = 0; d < rank - 2; d++) {
      offsetA += index[d] * sa[d];
      offsetB += index[d] * sb[d];
    }
    twin(a.subarray(offsetA), sa[rank - 2], sa[rank - 1], b.subarray(offsetB), sb[rank - 2], sb[rank - 1], out.subarray(start, start + rows * cols), rows, cols);
    for (let d = rank - 3; d >= 0; d--) {
      if (++index[d] < full[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

function broadcastCasePlan(twin: StridedBinary, c: BinaryCase, fullAliasAllowed: boolean): Planned {
  const shape = broadcastShape(c.a.shape, c.b.shape);
  const built = buildCase([c.a, c.b], c.out, sizeOf(shape), fullAliasAllowed);
  const [a, b] = built.operands;
  return {
    built,
    kind: expectedKind([c.a.kind, c.b.kind], shape),
    shape,
    compare(actual, label) {
      const expected = broadcastReference(twin, referenceValues(built, a), c.a.shape, referenceValues(built, b), c.b.shape);
      // IEEE float32 arithmetic is the double operation on the widened operands rounded once.
      expectIdentical(actual, built.dtype === 'float32' ? Float32Array.from(expected) : expected, `${label} of ${shapeText(c.a.shape)} and ${shapeText(c.b.shape)} (${built.dtype})`);
    },
  };
}

function broadcastFamily(op: 'add' | 'subtract' | 'multiply' | 'divide'): Family<BinaryCase> {
  return {
    name: op,
    sync: blaskit[op] as never,
    async: blaskit[`${op}Async`] as never,
    covers: 'bit for bit, broadcasting at ranks 0..4',
    cases: broadcastPair.chain(([sa, sb]) => fc.record({ a: operandOf(sa, elementValues()), b: operandOf(sb, elementValues()), out: outSpec(2, ALL_OUT_MODES) })),
    plan: (c) => broadcastCasePlan(arithmeticTwins[op], c, true),
  };
}

// ---------------------------------------------------------------------------
// dot

/** Dimensions for dot: mostly small, sometimes large enough for OpenBLAS's blocked kernels. */
const dotDim = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 6 }) }, { weight: 1, arbitrary: fc.integer({ min: 7, max: 40 }) });
const upToMatrix = fc.oneof(fc.constant<number[]>([]), dotDim.map((n) => [n]), fc.tuple(dotDim, dotDim));

/** Every np.dot rank combination: vector·vector, matrix·vector, vector·matrix, matrix·matrix, and a scalar with anything up to 2-D. */
const dotShapes: fc.Arbitrary<[number[], number[]]> = fc.oneof(
  dotDim.map((n): [number[], number[]] => [[n], [n]]),
  fc.tuple(dotDim, dotDim).map(([m, k]): [number[], number[]] => [[m, k], [k]]),
  fc.tuple(dotDim, dotDim).map(([k, n]): [number[], number[]] => [[k], [k, n]]),
  fc.tuple(dotDim, dotDim, dotDim).map(([m, k, n]): [number[], number[]] => [[m, k], [k, n]]),
  upToMatrix.map((s): [number[], number[]] => [[], s]),
  upToMatrix.map((s): [number[], number[]] => [s, []]),
);

/**
 * Magnitudes up to 2^498 (≈1e150): products stay below 2^997 and sums of 40
 * of them finite, so an infinite or NaN result can only come from an
 * infinite or NaN term, whatever order BLAS sums in. float32 operands: the
 * same up to 2^60 (products below 2^121, sums of 40 below float32's 2^128).
 */
const dotValues = elementValues(498);
const dotValues32 = elementValues(60);

/** A dot operand of `shape`: float64 or float32, each with magnitudes its sums cannot overflow. */
function dotOperand(shape: number[]): fc.Arbitrary<OperandSpec> {
  return fc.constantFrom(...DTYPES).chain((dtype) => operandOf(shape, dtype === 'float32' ? dotValues32 : dotValues, undefined, [dtype]));
}

/**
 * Each element of a product against the twin: NaN when a term is NaN (NaN
 * input, 0·Infinity) or terms of both infinite signs meet; the infinity when
 * terms of one sign are infinite; otherwise test/40's BLAS tolerance, both
 * sums being within k·2^-53·Σ|a_p b_p| of the exact one, plus (k+1)·2^-1074
 * for products that round in the subnormal range, where rounding is absolute.
 */
function expectDotClose(actual: Float64Array | Float32Array, twin: Float64Array, k: number, term: (o: number, p: number) => [number, number], label: string, dtype: 'float64' | 'float32'): void {
  // The unit roundoff and smallest subnormal of the result's dtype: float32 products accumulate in float32.
  const [epsilon, tiny] = dtype === 'float32' ? [2 ** -23, 2 ** -149] : [2 ** -52, 2 ** -1074];
  expect(actual.length, `${label}: length`).to.equal(twin.length);
  for (let o = 0; o < actual.length; o++) {
    let nan = false;
    let positive = false;
    let negative = false;
    let magnitude = 0;
    for (let p = 0; p < k; p++) {
      const [x, y] = term(o, p);
      const product = x * y;
      if (Number.isNaN(product)) nan = true;
      else if (product === Infinity) positive = true;
      else if (product === -Infinity) negative = true;
      else magnitude += Math.abs(product);
    }
    let ok: boolean;
    let rule: string;
    if (nan || (positive && negative)) {
      ok = Number.isNaN(actual[o]);
      rule = 'NaN (a NaN term, or infinite terms of both signs)';
    } else if (positive || negative) {
      ok = actual[o] === (positive ? Infinity : -Infinity);
      rule = positive ? 'Infinity' : '-Infinity';
    } else {
      const tolerance = (k + 1) * epsilon * magnitude + (k + 1) * tiny;
      ok = Math.abs(actual[o] - twin[o]) <= tolerance;
      rule = `within ${tolerance} of the twin's ${describeDouble(twin[o])} (Σ|a·b| = ${magnitude})`;
    }
    if (!ok) expect.fail(`${label}: element ${o} is ${describeDouble(actual[o])}, expected ${rule}; k = ${k}, ${dtype}`);
  }
}

const dotFamily: Family<BinaryCase> = {
  name: 'dot',
  sync: blaskit.dot as never,
  async: blaskit.dotAsync as never,
  covers: "within test/40's BLAS tolerance, NaN and infinities by their terms",
  cases: dotShapes.chain(([sa, sb]) => fc.record({ a: dotOperand(sa), b: dotOperand(sb), out: outSpec(2, PARTIAL_OUT_MODES) })),
  plan(c) {
    const [as, bs] = [c.a.shape, c.b.shape];
    // With a scalar, np.dot is the elementwise product.
    if (as.length === 0 || bs.length === 0) return broadcastCasePlan(arithmeticTwins.multiply, c, false);
    const shape = as.length === 1 && bs.length === 1 ? [] : [...as.slice(0, -1), ...bs.slice(1)];
    const built = buildCase([c.a, c.b], c.out, sizeOf(shape), false);
    const [a, b] = [built.operands[0].values, built.operands[1].values];
    const dtype = built.dtype;
    return {
      built,
      // Two vectors give a number whatever their kinds; any 2-D operand makes an NDArray.
      kind: shape.length === 0 ? 'number' : 'ndarray',
      shape,
      compare(actual, label) {
        const name = `${label} of ${shapeText(as)} and ${shapeText(bs)}`;
        const twin = new Float64Array(sizeOf(shape));
        if (as.length === 1 && bs.length === 1) {
          twin[0] = productTwins.dot(a, b);
          expectDotClose(actual, twin, as[0], (_, p) => [a[p], b[p]], name, dtype);
        } else if (bs.length === 1) {
          const [m, k] = as;
          productTwins.matVec(a, m, k, b, twin, false);
          expectDotClose(actual, twin, k, (i, p) => [a[i * k + p], b[p]], name, dtype);
        } else if (as.length === 1) {
          const [k, n] = bs;
          productTwins.matVec(b, k, n, a, twin, true);
          expectDotClose(actual, twin, k, (j, p) => [a[p], b[p * n + j]], name, dtype);
        } else {
          const [m, k] = as;
          const n = bs[1];
          productTwins.matMul(a, b, twin, m, k, n);
          expectDotClose(actual, twin, k, (o, p) => [a[Math.floor(o / n) * k + p], b[p * n + (o % n)]], name, dtype);
        }
      },
    };
  },
};

// ---------------------------------------------------------------------------
// outer

const outerShape: fc.Arbitrary<number[]> = fc.oneof(
  fc.constant<number[]>([]),
  fc.integer({ min: 0, max: 20 }).map((n) => [n]),
  fc.array(dimension, { minLength: 2, maxLength: 3 }),
);

const outerFamily: Family<BinaryCase> = {
  name: 'outer',
  sync: blaskit.outer as never,
  async: blaskit.outerAsync as never,
  covers: 'bit for bit, both operands flattened',
  cases: fc.record({ a: anyOperand(elementValues(), outerShape), b: anyOperand(elementValues(), outerShape), out: outSpec(2, PARTIAL_OUT_MODES) }),
  plan(c) {
    const [na, nb] = [sizeOf(c.a.shape), sizeOf(c.b.shape)];
    const built = buildCase([c.a, c.b], c.out, na * nb, false);
    const [a, b] = built.operands;
    return {
      built,
      kind: 'ndarray',
      shape: [na, nb],
      compare(actual, label) {
        const expected = new Float64Array(na * nb);
        productTwins.outer(referenceValues(built, a), referenceValues(built, b), expected);
        // float32: each product of float32 values rounded once.
        expectIdentical(actual, built.dtype === 'float32' ? Float32Array.from(expected) : expected, `${label} of ${shapeText(c.a.shape)} and ${shapeText(c.b.shape)} (${built.dtype})`);
      },
    };
  },
};

// ---------------------------------------------------------------------------

const families: Family<UnaryCase | BinaryCase>[] = [
  activationFamily('sigmoid', blaskit.sigmoid, blaskit.sigmoidAsync, activationTwins.sigmoid, 4),
  activationFamily('sigmoidDerivative', blaskit.sigmoidDerivative, blaskit.sigmoidDerivativeAsync, activationTwins.sigmoidDerivative, 8),
  // The twin is V8's Math.tanh: both within 2 ULP of the true value.
  activationFamily('tanh', blaskit.tanh, blaskit.tanhAsync, activationTwins.tanh, 4),
  activationFamily('tanhDerivative', blaskit.tanhDerivative, blaskit.tanhDerivativeAsync, activationTwins.tanhDerivative, 8),
  activationFamily('relu', blaskit.relu, blaskit.reluAsync, activationTwins.relu, 0),
  activationFamily('reluDerivative', blaskit.reluDerivative, blaskit.reluDerivativeAsync, activationTwins.reluDerivative, 0),
  rowFamily('softmax', blaskit.softmax, blaskit.softmaxAsync, rowTwins.softmaxRows, softmaxRowBounds),
  rowFamily('normalizeRows', blaskit.normalizeRows, blaskit.normalizeRowsAsync, rowTwins.normalizeRows, normalizeRowBounds),
  image2vectorFamily,
  broadcastFamily('add'),
  broadcastFamily('subtract'),
  broadcastFamily('multiply'),
  broadcastFamily('divide'),
  dotFamily,
  outerFamily,
] as Family<UnaryCase | BinaryCase>[];

describe('properties (fast-check): every function against its TypeScript twin, on random shapes, values, views and outs', () => {
  after(() => {
    process.stdout.write(`property cases: ${propertyCases}\n`);
  });

  for (const family of families) {
    const { name } = family;

    it(`${name} matches its twin (${family.covers}), returns the documented kind, and changes no memory but out's`, () => {
      assertProperty(name, family.cases, SYNC_RUNS, (c) => {
        const planned = family.plan(c);
        verify(planned, family.sync(...planned.built.args), name);
      });
    });

    it(`${name}Async resolves to what ${name} returns, bit for bit, even when the inputs are overwritten or transferred as soon as it returns`, async () => {
      const cases = fc.tuple(family.cases, fc.constantFrom<AfterCall>('nothing', 'overwrite', 'transfer'));
      await assertAsyncProperty(`${name}Async`, cases, ASYNC_RUNS, async ([c, after]) => {
        const bySync = elementsOf(family.sync(...family.plan(c).built.args)).slice();
        const planned = family.plan(c);
        const pending = family.async(...planned.built.args);
        // The job owns a copy of its inputs: overwriting or transferring them now must not change the result.
        // image2vectorAsync is exempt: its result without out is documented as a view, and its copy into out is made at once.
        const tamper = name === 'image2vector' ? 'nothing' : after;
        if (tamper === 'overwrite') {
          scribbleOverInputs(planned.built);
        } else if (tamper === 'transfer' && transferInputs(planned.built)) {
          // An empty out gives the job nothing to write, and a detached empty view looks like an attached one;
          // the README's rejection for that case is pinned by its own test below.
          if (planned.built.outData!.length === 0) {
            await pending.catch(() => undefined);
            return;
          }
          // out went with the inputs: the job must not write into memory that is no longer the caller's.
          const error = await pending.then(
            () => expect.fail(`${name}Async resolved although its out was transferred while it ran`),
            (e: unknown) => e as Error & { code?: string },
          );
          expect(error, `${name}Async with out transferred away`).to.be.instanceOf(TypeError);
          expect(error.code).to.equal('ERR_BLASKIT_DETACHED');
          expect(error.message).to.match(new RegExp(`^${name}Async: option 'out' was detached`));
          return;
        }
        const result = await pending;
        const data = verify(planned, result, `${name}Async`);
        expect(sameElements(data, bySync), `${name}Async: the same elements as ${name}, bit for bit`).to.equal(true);
      });
    });
  }
});

describe("async out detached while the job runs (README: 'the Promise rejects with ERR_BLASKIT_DETACHED and nothing is written')", () => {
  // Found by the transfer variant above: the job's end compares out's length
  // with the result's, and a detached view has length 0, so an empty out that
  // was transferred mid-job passes the check and the Promise resolves, where
  // the sync call with the same detached out throws ERR_BLASKIT_DETACHED.
  it('rejects with ERR_BLASKIT_DETACHED for an empty out too, as the sync call throws for it', async () => {
    for (const [name, call] of [
      ['sigmoidAsync', (out: Float64Array) => blaskit.sigmoidAsync(new Float64Array(0), { out })],
      ['softmaxAsync', (out: Float64Array) => blaskit.softmaxAsync(new Float64Array(0), { out })],
      ['multiplyAsync', (out: Float64Array) => blaskit.multiplyAsync(new Float64Array(0), 2, { out })],
      ['outerAsync', (out: Float64Array) => blaskit.outerAsync(new Float64Array(0), [1, 2], { out })],
    ] as const) {
      const out = new Float64Array(0);
      const pending = call(out);
      structuredClone(out.buffer, { transfer: [out.buffer] });
      const outcome = await pending.then(
        () => 'resolved',
        (e: { code?: string }) => `rejected with ${e.code}`,
      );
      expect(outcome, `${name}(empty, { out }) with out transferred before the job ended`).to.equal('rejected with ERR_BLASKIT_DETACHED');
    }
  });
});
