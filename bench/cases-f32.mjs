// The float32 rows of `npm run bench` (issue 14): blaskit on Float32Array
// operands against onnxruntime-node's float32 graphs, tfjs (cpu and wasm
// backends), numpy on float32 arrays and the plain-JS loops on Float32Array;
// and, for the memory-bound functions, against blaskit's own float64 on the
// same values. Same shape of data as cases.mjs: each case builds its inputs,
// names its reference, and gives one factory per implementation.
//
// Inputs are bench/data.mjs `values` rounded to float32 (numpy_trial.py's
// `values(...).astype(np.float32)` rounds the same way, so both sides see
// the same bits). The reference is the float64 twin on those values widened
// exactly; trial.mjs checks float32 answers against that reference rounded
// to float32 (Math.fround), the float32 oracle, and blaskit's float32 within
// 2 float32 ulps of it elementwise (the contract: fround of the float64
// kernel, so at most 1 ulp from the twin's rounding).
//
// Which implementation runs at which size (`runsAt`): below 1e3 elements
// (n < 64 for products) only blaskit and plain JS, for the goal "never
// slower than plain JS below 1e3"; above 1e6 only blaskit float32 and
// float64, for the memory-bound goal "1.5x float64 at 1e6 and above"; the
// peers in between, where the goals against them apply.
import { values } from './data.mjs';
import { ortRunner, ROW_PEERS, single, tfRunner } from './runners.mjs';
import { outerShape, productShape, rowShape, vectorShape } from './shapes.mjs';

/** `count` float32 values in [-4, 4): data.mjs `values` rounded once. */
const float32Values = (count, seed) => Float32Array.from(values(count, seed));

/** The exact float64 copy of a float32 array. */
const widen = (x) => Float64Array.from(x);

/** Functions whose float32 goal includes 1.5x blaskit's float64 at 1e6 elements and above. */
export const MEMORY_BOUND = Object.freeze(['relu', 'multiply', 'add', 'normalizeRows', 'outer']);

/** Elementwise sizes; 1e7 only where blaskit's float64 is compared (the memory-bound functions). */
const elementSizes = (memoryBound) => ({ full: [1, 10, 100, 1e3, 1e4, 1e5, 1e6, ...(memoryBound ? [1e7] : [])], quick: [100, 1e5] });

/**
 * --quick (CI's smoke test, under two minutes with the float64 cases) runs one
 * float32 case per kernel family: an activation, a row function, an
 * arithmetic one with its float64 comparison, and the product. --only runs
 * any of them in quick mode too.
 */
const QUICK_CASES = ['sigmoid-f32', 'softmax-f32', 'multiply-f32', 'dot-square-f32'];

/** Where the goals change: below `small` only plain JS is compared; above `large` only blaskit f64. */
const SMALL_BELOW = { element: 1e3, flop: 64 };
const LARGE_ABOVE = 1e6;
const SMALL_IMPLS = ['blaskit-f32', 'blaskit-f32-new', 'js-f32', 'js-f32-new'];
const LARGE_IMPLS = ['blaskit-f32', 'blaskit-f32-new', 'blaskit-f64'];

/**
 * Whether `implId` runs at `size` of a case with this unit (see the header).
 * @param {'element'|'flop'} unit
 */
function runsAt(unit, shapeOf) {
  return (implId, size) => {
    const measure = unit === 'flop' ? size : shapeOf(size).elements;
    if (measure < SMALL_BELOW[unit]) return SMALL_IMPLS.includes(implId);
    if (unit === 'element' && measure > LARGE_ABOVE) return LARGE_IMPLS.includes(implId);
    return true;
  };
}

/** The common part of every float32 case. */
function float32Case({ fn, id = `${fn}-f32`, title = fn, unit = 'element', shape, sizes, ...rest }) {
  return {
    id,
    fn,
    title: `${title} (float32)`,
    precision: 'float32',
    unit,
    shape,
    sizes,
    runsAt: runsAt(unit, shape),
    skipInQuick: !QUICK_CASES.includes(id),
    ...rest,
  };
}

/** The plain-JS loop `plain[kernel](...inputs, y)` into y, preallocated or fresh. */
const plainImpls = (call, length) => ({
  'js-f32': (inputs, { plain }) => () => (call(plain, inputs, inputs.y), inputs.y),
  'js-f32-new': (inputs, { plain }) => () => {
    const y = new Float32Array(length(inputs));
    call(plain, inputs, y);
    return y;
  },
});

// ---- activations -------------------------------------------------------------

/**
 * y = f(x) over n float32 elements.
 * @param {'sigmoid'|'tanh'|'relu'} fn the blaskit export and its plain loop and twin
 */
function activation32(fn, peers) {
  const memoryBound = MEMORY_BOUND.includes(fn);
  return float32Case({
    fn,
    kind: 'elementwise',
    // Outputs of O(1): absolute errors, as in cases.mjs's activations.
    errorScale: 1,
    shape: vectorShape,
    sizes: elementSizes(memoryBound),
    inputs: ({ dims: { n } }) => ({ x: float32Values(n, 1), y: new Float32Array(n) }),
    reference: ({ x }, { twin }) => {
      const y = new Float64Array(x.length);
      twin[fn](widen(x), y);
      return y;
    },
    numpy: { setup: 'x = values(n, 1).astype(np.float32)', expr: peers.numpy },
    impls: {
      'blaskit-f32':
        ({ x, y }, { blaskit }) =>
        () =>
          blaskit[fn](x, { out: y }),
      'blaskit-f32-new':
        ({ x }, { blaskit }) =>
        () =>
          blaskit[fn](x),
      ...(memoryBound && {
        'blaskit-f64': ({ x }, { blaskit }) => {
          const x64 = widen(x);
          const y64 = new Float64Array(x.length);
          return () => blaskit[fn](x64, { out: y64 });
        },
      }),
      ...plainImpls(
        (plain, { x }, y) => plain[fn](x, y),
        ({ x }) => x.length,
      ),
      'onnxruntime-f32': ({ x }, ctx) => ortRunner(ctx, { inputs: [['x', x, [x.length]]], output: [x.length], precision: 'float32', ...single(peers.ort) }),
      tfjs: ({ x }, ctx) => tfRunner(ctx, { x: [x, [x.length]] }, (t, tf) => peers.tf(t.x, tf)),
      'tfjs-wasm': ({ x }, ctx) => tfRunner(ctx, { x: [x, [x.length]] }, (t, tf) => peers.tf(t.x, tf)),
    },
  });
}

// ---- rows ----------------------------------------------------------------------

/** @param {string} kernel the loop's name in plain-js.mjs and dist/reference/rows.js */
function rows32(fn, kernel, peers) {
  const memoryBound = MEMORY_BOUND.includes(fn);
  return float32Case({
    fn,
    title: `${fn} (rows)`,
    kind: 'elementwise',
    shape: rowShape,
    sizes: elementSizes(memoryBound),
    inputs: ({ dims: { rows, cols } }) => ({ x: float32Values(rows * cols, 1), y: new Float32Array(rows * cols), rows, cols }),
    reference: ({ x, rows, cols }, { twin }) => {
      const y = new Float64Array(x.length);
      twin[kernel](widen(x), y, rows, cols);
      return y;
    },
    numpy: { setup: `x = values(rows * cols, 1).astype(np.float32).reshape(rows, cols)\n${peers.numpySetup ?? ''}`, expr: peers.numpy },
    impls: {
      'blaskit-f32': ({ x, y, rows, cols }, { blaskit }) => {
        const X = blaskit.array(x, [rows, cols], { dtype: 'float32' });
        return () => blaskit[fn](X, { out: y });
      },
      'blaskit-f32-new': ({ x, rows, cols }, { blaskit }) => {
        const X = blaskit.array(x, [rows, cols], { dtype: 'float32' });
        return () => blaskit[fn](X);
      },
      ...(memoryBound && {
        'blaskit-f64': ({ x, rows, cols }, { blaskit }) => {
          const X = blaskit.array(widen(x), [rows, cols]);
          const y64 = new Float64Array(x.length);
          return () => blaskit[fn](X, { out: y64 });
        },
      }),
      ...plainImpls(
        (plain, { x, rows, cols }, y) => plain[kernel](x, y, rows, cols),
        ({ x }) => x.length,
      ),
      'onnxruntime-f32': ({ x, rows, cols }, ctx) => ortRunner(ctx, { inputs: [['x', x, [rows, cols]]], output: [rows, cols], precision: 'float32', ...peers.ort }),
      tfjs: ({ x, rows, cols }, ctx) => tfRunner(ctx, { x: [x, [rows, cols]] }, (t, tf) => peers.tf(t.x, tf)),
      'tfjs-wasm': ({ x, rows, cols }, ctx) => tfRunner(ctx, { x: [x, [rows, cols]] }, (t, tf) => peers.tf(t.x, tf)),
    },
  });
}

// ---- arithmetic --------------------------------------------------------------------

/** a op b of two n-element Float32Arrays (equal shapes). @param {'add'|'multiply'} fn */
function arithmetic32(fn, peers) {
  return float32Case({
    fn,
    kind: 'elementwise',
    shape: vectorShape,
    sizes: elementSizes(true),
    inputs: ({ dims: { n } }) => ({ a: float32Values(n, 1), b: float32Values(n, 2), y: new Float32Array(n) }),
    reference: ({ a, b }, { twin }) => {
      const y = new Float64Array(a.length);
      twin[fn](widen(a), 0, 1, widen(b), 0, 1, y, 1, a.length);
      return y;
    },
    numpy: { setup: 'a = values(n, 1).astype(np.float32)\nb = values(n, 2).astype(np.float32)', expr: `np.${fn}(a, b)` },
    impls: {
      'blaskit-f32':
        ({ a, b, y }, { blaskit }) =>
        () =>
          blaskit[fn](a, b, { out: y }),
      'blaskit-f32-new':
        ({ a, b }, { blaskit }) =>
        () =>
          blaskit[fn](a, b),
      'blaskit-f64': ({ a, b }, { blaskit }) => {
        const [a64, b64, y64] = [widen(a), widen(b), new Float64Array(a.length)];
        return () => blaskit[fn](a64, b64, { out: y64 });
      },
      ...plainImpls(
        (plain, { a, b }, y) => plain[fn](a, 0, 1, b, 0, 1, y, 1, a.length),
        ({ a }) => a.length,
      ),
      'onnxruntime-f32': ({ a, b }, ctx) =>
        ortRunner(ctx, {
          inputs: [
            ['a', a, [a.length]],
            ['b', b, [b.length]],
          ],
          output: [a.length],
          precision: 'float32',
          nodes: [{ op: peers.ort, inputs: ['a', 'b'], outputs: ['y'] }],
        }),
      tfjs: ({ a, b }, ctx) => tfRunner(ctx, { a: [a, [a.length]], b: [b, [b.length]] }, (t, tf) => tf[peers.tf](t.a, t.b)),
      'tfjs-wasm': ({ a, b }, ctx) => tfRunner(ctx, { a: [a, [a.length]], b: [b, [b.length]] }, (t, tf) => tf[peers.tf](t.a, t.b)),
    },
  });
}

// ---- outer -----------------------------------------------------------------------

const outer32 = float32Case({
  fn: 'outer',
  kind: 'elementwise',
  shape: outerShape,
  // n^2 results: 1 to 1e7.
  sizes: { full: [1, 3, 10, 32, 100, 316, 1000, 3162], quick: [10, 1000] },
  inputs: ({ dims: { n } }) => ({ a: float32Values(n, 1), b: float32Values(n, 2), y: new Float32Array(n * n) }),
  reference: ({ a, b }, { twin }) => {
    const y = new Float64Array(a.length * b.length);
    twin.outer(widen(a), widen(b), y);
    return y;
  },
  numpy: { setup: 'a = values(n, 1).astype(np.float32)\nb = values(n, 2).astype(np.float32)', expr: 'np.outer(a, b)' },
  impls: {
    'blaskit-f32':
      ({ a, b, y }, { blaskit }) =>
      () =>
        blaskit.outer(a, b, { out: y }),
    'blaskit-f32-new':
      ({ a, b }, { blaskit }) =>
      () =>
        blaskit.outer(a, b),
    'blaskit-f64': ({ a, b }, { blaskit }) => {
      const [a64, b64, y64] = [widen(a), widen(b), new Float64Array(a.length * b.length)];
      return () => blaskit.outer(a64, b64, { out: y64 });
    },
    ...plainImpls(
      (plain, { a, b }, y) => plain.outer(a, b, y),
      ({ a, b }) => a.length * b.length,
    ),
    'onnxruntime-f32': ({ a, b }, ctx) =>
      ortRunner(ctx, {
        inputs: [
          ['a', a, [a.length, 1]],
          ['b', b, [1, b.length]],
        ],
        output: [a.length, b.length],
        precision: 'float32',
        nodes: [{ op: 'Mul', inputs: ['a', 'b'], outputs: ['y'] }],
      }),
    tfjs: ({ a, b }, ctx) => tfRunner(ctx, { a: [a, [a.length]], b: [b, [b.length]] }, (t, tf) => tf.outerProduct(t.a, t.b)),
    'tfjs-wasm': ({ a, b }, ctx) => tfRunner(ctx, { a: [a, [a.length]], b: [b, [b.length]] }, (t, tf) => tf.outerProduct(t.a, t.b)),
  },
});

// ---- matrix product --------------------------------------------------------------

/**
 * dot of two n x n float32 matrices (sgemm, or blaskit's small float32
 * kernels below its gate). Checked as cases.mjs's products are: the twin on
 * the widened operands up to 512^3, Freivalds' check above.
 */
const matMul32 = float32Case({
  fn: 'dot',
  id: 'dot-square-f32',
  title: 'dot (n x n . n x n)',
  unit: 'flop',
  kind: 'reduction',
  shape: (n) => productShape({ m: n, k: n, p: n }),
  sizes: { full: [16, 32, 64, 128, 256, 512, 1024], quick: [32, 128] },
  inputs: ({ dims: { m, k, p } }) => ({ a: float32Values(m * k, 1), b: float32Values(k * p, 2), y: new Float32Array(m * p), m, k, p }),
  verifyBy: ({ dims: { m, k, p } }) => (m * k * p <= 2 ** 27 ? 'twin' : 'freivalds'),
  reference: ({ a, b, m, k, p }, { twin }) => {
    const y = new Float64Array(m * p);
    twin.matMul(widen(a), widen(b), y, m, k, p);
    return y;
  },
  numpy: {
    setup: 'A = values(m * k, 1).astype(np.float32).reshape(m, k)\nB = values(k * p, 2).astype(np.float32).reshape(k, p)',
    expr: 'np.dot(A, B)',
  },
  impls: {
    'blaskit-f32': ({ a, b, y, m, k, p }, { blaskit }) => {
      const A = blaskit.array(a, [m, k], { dtype: 'float32' });
      const B = blaskit.array(b, [k, p], { dtype: 'float32' });
      return () => blaskit.dot(A, B, { out: y });
    },
    'blaskit-f32-new': ({ a, b, m, k, p }, { blaskit }) => {
      const A = blaskit.array(a, [m, k], { dtype: 'float32' });
      const B = blaskit.array(b, [k, p], { dtype: 'float32' });
      return () => blaskit.dot(A, B);
    },
    ...plainImpls(
      (plain, { a, b, m, k, p }, y) => plain.matMul(a, b, y, m, k, p),
      ({ m, p }) => m * p,
    ),
    'onnxruntime-f32': ({ a, b, m, k, p }, ctx) =>
      ortRunner(ctx, {
        inputs: [
          ['a', a, [m, k]],
          ['b', b, [k, p]],
        ],
        output: [m, p],
        precision: 'float32',
        nodes: [{ op: 'MatMul', inputs: ['a', 'b'], outputs: ['y'] }],
      }),
    tfjs: ({ a, b, m, k, p }, ctx) => tfRunner(ctx, { a: [a, [m, k]], b: [b, [k, p]] }, (t, tf) => tf.matMul(t.a, t.b)),
    'tfjs-wasm': ({ a, b, m, k, p }, ctx) => tfRunner(ctx, { a: [a, [m, k]], b: [b, [k, p]] }, (t, tf) => tf.matMul(t.a, t.b)),
  },
});

/** The float32 cases, in the order of the issue's list. */
export const FLOAT32_CASES = Object.freeze([
  activation32('sigmoid', { ort: 'Sigmoid', tf: (x, tf) => tf.sigmoid(x), numpy: '1 / (1 + np.exp(-x))' }),
  activation32('tanh', { ort: 'Tanh', tf: (x, tf) => tf.tanh(x), numpy: 'np.tanh(x)' }),
  activation32('relu', { ort: 'Relu', tf: (x, tf) => tf.relu(x), numpy: 'np.maximum(x, 0)' }),
  rows32('softmax', 'softmaxRows', ROW_PEERS.softmax),
  rows32('normalizeRows', 'normalizeRows', ROW_PEERS.normalizeRows),
  arithmetic32('multiply', { ort: 'Mul', tf: 'mul' }),
  arithmetic32('add', { ort: 'Add', tf: 'add' }),
  outer32,
  matMul32,
]);

/**
 * Why blaskit's float32 rows cannot run with this build, or undefined when
 * they can: a build before issue 14 rejects Float32Array, and its rows are
 * then skipped with this reason rather than reported as failures.
 */
export function float32Unsupported(blaskit) {
  try {
    const y = blaskit.sigmoid(new Float32Array(4));
    if (y instanceof Float32Array) return undefined;
    return `this blaskit build has no float32 API: sigmoid(new Float32Array(4)) returned a ${Object.prototype.toString.call(y)}, not a Float32Array`;
  } catch (error) {
    return `this blaskit build has no float32 API: sigmoid(new Float32Array(4)) threw ${error?.name}${error?.code ? ` ${error.code}` : ''}: ${String(error?.message).split('\n')[0]}`;
  }
}
