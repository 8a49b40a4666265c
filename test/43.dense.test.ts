/**
 * dense(x, weights, bias?, { activation?, out? }): the fused layer gives the
 * bits of the unfused calls activation(add(dot(x, W), b)) on every path (the
 * small-product kernels in row blocks, one row, one output, OpenBLAS above the
 * gate, results small enough for the TypeScript twins), its async twin the
 * same, numpy's formulas within the product's error bound (where python3 and
 * numpy are present), and clear errors.
 */
import { expect } from 'chai';
import { NDArray, add, array, dense, denseAsync, dot, relu, sigmoid, softmax, tanh, type Activation } from '../lib/index';
import { seededRandom, type Random } from './support/random';
import { describeDouble, expectIdentical } from './support/ulp';
import { fromBase64, numpyAvailable, runNumpy, toBase64 } from './support/numpy';

function randomValues(random: Random, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => random.uniform(-1, 1) * 2 ** random.int(-4, 4));
}

const activations: readonly Activation[] = ['none', 'relu', 'sigmoid', 'tanh', 'softmax'];

/** The unfused calls a user would write. */
function unfused(x: Float64Array | NDArray, w: NDArray, b: Float64Array | null, activation: Activation): NDArray {
  const product = dot(x, w) as NDArray;
  const biased = b === null ? product : (add(product, b) as NDArray);
  switch (activation) {
    case 'relu':
      return relu(biased);
    case 'sigmoid':
      return sigmoid(biased);
    case 'tanh':
      return tanh(biased);
    case 'softmax':
      return softmax(biased);
    default:
      return biased;
  }
}

// [m, k, n]; m = 0 means a 1-D x of k elements.
const shapes: [number, number, number][] = [
  [0, 64, 128], [1, 64, 128], [16, 64, 128], [256, 64, 128], [0, 128, 10], [1, 128, 10], [16, 128, 10], [256, 128, 10],
  [1, 1, 1], [2, 3, 2], [3, 1, 2], [5, 7, 1], [0, 7, 1], [0, 3, 2], [7, 5, 3], [9, 33, 17], [4, 300, 300],
  [300, 300, 1], [0, 300, 300], [130, 130, 130], [40, 200, 300], [1000, 64, 32],
];

describe('dense', () => {
  it('gives the bits of activation(add(dot(x, W), b)) for every activation, with and without bias, 1-D and 2-D x, across the small kernels, row blocks, threads and OpenBLAS', () => {
    const random = seededRandom(0x43_0001);
    for (const [m, k, n] of shapes) {
      const x = m === 0 ? randomValues(random, k) : new NDArray(randomValues(random, m * k), [m, k]);
      const w = new NDArray(randomValues(random, k * n), [k, n]);
      const b = randomValues(random, n);
      for (const activation of activations) {
        for (const bias of [b, null]) {
          const label = `dense ${m === 0 ? `(${k},)` : `(${m},${k})`}·(${k},${n})${bias ? ' + b' : ''} ${activation}`;
          const expected = unfused(x, w, bias, activation);
          const result = dense(x, w, bias, { activation });
          expect(result.shape, label).to.deep.equal(expected.shape);
          expectIdentical(result.data, expected.data, label);
        }
      }
    }
  });

  it('denseAsync resolves to dense’s bits, small (computed at once) and large (a job), into a fresh result or out', async () => {
    const random = seededRandom(0x43_0002);
    for (const [m, k, n] of [[1, 2, 3], [16, 64, 128], [256, 128, 10], [300, 300, 300]] as const) {
      const x = new NDArray(randomValues(random, m * k), [m, k]);
      const w = new NDArray(randomValues(random, k * n), [k, n]);
      const b = randomValues(random, n);
      for (const activation of activations) {
        const expected = dense(x, w, b, { activation });
        expectIdentical((await denseAsync(x, w, b, { activation })).data, expected.data, `denseAsync (${m},${k})·(${k},${n}) ${activation}`);
        const out = new Float64Array(m * n).fill(NaN);
        expect((await denseAsync(x, w, b, { activation, out })) === out).to.equal(true);
        expectIdentical(out, expected.data, `denseAsync into out (${m},${k})·(${k},${n}) ${activation}`);
      }
    }
  });

  it('writes into out (Float64Array or NDArray) and returns it; an out overlapping an input gives the result of the original values', () => {
    const random = seededRandom(0x43_0003);
    const x = new NDArray(randomValues(random, 12), [3, 4]);
    const w = new NDArray(randomValues(random, 8), [4, 2]);
    const b = randomValues(random, 2);
    const expected = unfused(x, w, b, 'tanh');
    const flat = new Float64Array(6);
    expect(dense(x, w, b, { activation: 'tanh', out: flat }) === flat).to.equal(true);
    expectIdentical(flat, expected.data, 'into a Float64Array');
    const nd = new NDArray(new Float64Array(6), [3, 2]);
    expect(dense(x, w, b, { activation: 'tanh', out: nd }) === nd).to.equal(true);
    expectIdentical(nd.data, expected.data, 'into an NDArray');
    // out is x's own memory (x is 3×2 here, W 2×2): the kernel must read x as it was.
    const square = new NDArray(Float64Array.of(1, -2, 3, 4, -5, 6), [3, 2]);
    const w2 = new NDArray(Float64Array.of(1, 2, 3, 4), [2, 2]);
    const before = unfused(new NDArray(square.data.slice(), [3, 2]), w2, Float64Array.of(1, -1), 'relu');
    dense(square, w2, Float64Array.of(1, -1), { activation: 'relu', out: square });
    expectIdentical(square.data, before.data, 'dense(x, W, b, { out: x })');
    // Nested arrays and NDArray biases are read as the other functions read them.
    expectIdentical(dense([[1, 2]], [[1], [1]], [0.5]).data, Float64Array.of(3.5), 'nested arrays');
  });

  it('rejects bad arguments with the function, the argument, what was expected and what was received', () => {
    const x = array([[1, 2, 3], [4, 5, 6]]);
    const w = array([[1, 2], [3, 4], [5, 6]]);
    const expectError = (f: () => unknown, type: typeof TypeError | typeof RangeError, code: string, message: string) => {
      expect(f).to.throw(type, message).with.property('code', code);
    };
    expectError(() => dense(x, array([[1, 2]])), RangeError, 'ERR_BLASKIT_SHAPE', 'dense: shapes (2,3) and (1,2) not aligned: 3 (dim 1) != 1 (dim 0)');
    expectError(() => dense(x, w, Float64Array.of(1, 2, 3)), RangeError, 'ERR_BLASKIT_SHAPE', "dense: expected argument 'bias' to be a 1-D array of 2 elements (the width of 'weights' (3,2)), received a 1-D array of shape (3,)");
    expectError(() => dense(x, w, array([[1, 2]])), RangeError, 'ERR_BLASKIT_SHAPE', "dense: expected argument 'bias' to be a 1-D array of 2 elements (the width of 'weights' (3,2)), received a 2-D array of shape (1,2)");
    expectError(() => dense(x, Float64Array.of(1, 2, 3)), RangeError, 'ERR_BLASKIT_RANK', "dense: expected argument 'weights' to be a 2-D array (inputs × outputs), received a 1-D array of shape (3,)");
    expectError(() => dense(3, w), RangeError, 'ERR_BLASKIT_RANK', "dense: expected argument 'x' to be a 1-D or 2-D array (one row, or a batch of rows), received the number 3");
    expectError(() => dense(x, w, null, { activation: 'gelu' as never }), RangeError, 'ERR_BLASKIT_INVALID_OPTION', "dense: expected option 'activation' to be 'relu', 'sigmoid', 'tanh', 'softmax' or 'none', received a string \"gelu\"");
    expectError(() => dense(x, w, null, { activation: 1 as never }), TypeError, 'ERR_BLASKIT_INVALID_OPTION', "dense: expected option 'activation' to be 'relu', 'sigmoid', 'tanh', 'softmax' or 'none', received the number 1");
    expectError(() => dense(x, w, null, { activaton: 'relu' } as never), TypeError, 'ERR_BLASKIT_INVALID_OPTION', "dense: unknown option 'activaton' (the options are 'activation' and 'out')");
    expectError(() => dense(x, w, null, { out: new Float64Array(3) }), RangeError, 'ERR_BLASKIT_OUT_SIZE', "dense: expected option 'out' to hold 4 elements");
    expectError(() => dense(x, 'w' as never), TypeError, 'ERR_BLASKIT_INVALID_TYPE', "dense: expected argument 'weights' to be a number, Float64Array, Float32Array, NDArray or nested array of numbers, received a string \"w\"");
  });

  it('denseAsync rejects (never throws) with the errors dense throws', async () => {
    let caught: unknown;
    await denseAsync(array([[1, 2]]), array([[1, 2]])).catch((error: unknown) => (caught = error));
    expect(caught).to.be.instanceOf(RangeError).with.property('code', 'ERR_BLASKIT_SHAPE');
    expect((caught as Error).message).to.equal('denseAsync: shapes (1,2) and (1,2) not aligned: 2 (dim 1) != 1 (dim 0)');
  });
});

describe('dense against numpy (python3 and numpy, skipped without them)', () => {
  before(function () {
    if (!numpyAvailable()) this.skip();
  });

  it("matches numpy's x @ W + b then the activation (np.maximum, 1 / (1 + exp(-z)), np.tanh, the stable softmax) within the product's error bound", () => {
    const random = seededRandom(0x43_0004);
    const cases = shapes.flatMap(([m, k, n]) =>
      activations.map((activation) => {
        const x = randomValues(random, Math.max(m, 1) * k);
        const w = randomValues(random, k * n);
        const b = randomValues(random, n);
        const xIn = m === 0 ? x : new NDArray(x, [m, k]);
        const result = dense(xIn, new NDArray(w, [k, n]), b, { activation });
        // Σ|x||w| + |b| per element: the scale of the product's rounding.
        const scale = dense(m === 0 ? x.map(Math.abs) : new NDArray(x.map(Math.abs), [m, k]), new NDArray(w.map(Math.abs), [k, n]), b.map(Math.abs)).data;
        return { m, k, n, activation, x, w, b, result: result.data, scale };
      }),
    );
    const numpy = runNumpy(
      `
cases = json.load(sys.stdin)
out = []
for c in cases:
    rows = max(c['m'], 1)
    x = f64(c['x']).reshape(rows, c['k'])
    z = x @ f64(c['w']).reshape(c['k'], c['n']) + f64(c['b'])
    a = c['activation']
    if a == 'relu': z = np.maximum(z, 0)
    elif a == 'sigmoid': z = 1 / (1 + np.exp(-z))
    elif a == 'tanh': z = np.tanh(z)
    elif a == 'softmax':
        e = np.exp(z - z.max(axis=1, keepdims=True))
        z = e / e.sum(axis=1, keepdims=True)
    out.append(b64(z))
print(json.dumps(out))
`,
      cases.map((c) => ({ m: c.m, k: c.k, n: c.n, activation: c.activation, x: toBase64(c.x), w: toBase64(c.w), b: toBase64(c.b) })),
    ) as string[];
    cases.forEach((c, i) => {
      const expected = fromBase64(numpy[i]);
      expect(expected.length).to.equal(c.result.length);
      for (let j = 0; j < expected.length; j++) {
        // Both products are within (k+1)·2^-53·scale of the exact one; the
        // activations' slopes are at most 1 (softmax's relative error grows
        // by the row's spread: a few times the bound); then a few ULP.
        const bound = (2 * c.k + 4) * 2 ** -53 * c.scale[j] * (c.activation === 'softmax' ? 4 : 1) + 8 * 2 ** -52 * Math.abs(expected[j]);
        if (!(Math.abs(c.result[j] - expected[j]) <= bound)) {
          expect.fail(`dense (${c.m},${c.k})·(${c.k},${c.n}) ${c.activation}: element ${j} is ${describeDouble(c.result[j])}, numpy gives ${describeDouble(expected[j])} (bound ${bound})`);
        }
      }
    });
  });
});
