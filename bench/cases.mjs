// What is measured: each case is one public blaskit function on one kind of
// operand, at a range of sizes, with the code a user of each implementation
// would write for it. Everything here is data plus small factories; the
// child process (trial.mjs) builds inputs, checks the answer and times it,
// and numpy_trial.py evaluates the `numpy` expression of the same case.
//
// An implementation factory takes the case's inputs and the loaded libraries
// and returns a `run()` (or a Promise of one): a call that computes the whole
// result, as the user would, and returns it so that it can be checked.
//
// Two JS sources, two roles: `twin` (dist/reference) is blaskit's own accurate
// algorithm in TypeScript and computes every case's `reference`, the answer
// each implementation is checked against; `plain` (./plain-js.mjs) is the
// naive loop a user writes from the numpy tutorial and is the "plain JS"
// implementation timed. The naive loops are within 3e-15 of the twins on these
// inputs (see plain-js.mjs), so the same float64 tolerance (data.mjs) serves.
import { DataType, scalar } from './onnx.mjs';
import { ortRunner, ROW_PEERS, single, tfRunner } from './runners.mjs';
import { values } from './data.mjs';
import { FLOAT32_CASES } from './cases-f32.mjs';
import { outerShape, productShape, rowShape, vectorShape } from './shapes.mjs';

/**
 * The implementations compared. `policy` says where the result goes: 'out'
 * into memory preallocated by the caller, 'new' into memory the call
 * allocates (or a view). Ratios compare like with like: an 'out' peer with
 * blaskit's `{ out }` call, a 'new' peer with blaskit's allocating call.
 * @type {ReadonlyArray<{ id: string, label: string, precision: 'float64'|'float32', policy: 'out'|'new', runtime: 'node'|'python', peer?: string, async?: boolean, description: string }>}
 */
export const IMPLEMENTATIONS = Object.freeze([
  { id: 'blaskit', label: 'blaskit', precision: 'float64', policy: 'out', runtime: 'node', description: 'blaskit, result written into a preallocated `out`' },
  {
    id: 'blaskit-new',
    label: 'blaskit (new)',
    precision: 'float64',
    policy: 'new',
    runtime: 'node',
    description: 'blaskit without `out`: the call allocates its result (a view for image2vector)',
  },
  {
    id: 'js',
    label: 'plain JS',
    precision: 'float64',
    policy: 'out',
    runtime: 'node',
    description: 'the plain-JS loop a user writes from the numpy tutorial (bench/plain-js.mjs, e.g. 1 / (1 + Math.exp(-x))), output preallocated',
  },
  {
    id: 'js-new',
    label: 'plain JS (new)',
    precision: 'float64',
    policy: 'new',
    runtime: 'node',
    description: 'the same loop with `new Float64Array(n)` per call',
  },
  {
    id: 'numpy',
    label: 'numpy',
    precision: 'float64',
    policy: 'new',
    runtime: 'python',
    description: 'numpy through python3, the expression a numpy user writes (it allocates its result)',
  },
  {
    id: 'onnxruntime',
    label: 'onnxruntime-node',
    precision: 'float64',
    policy: 'new',
    runtime: 'node',
    peer: 'onnxruntime-node',
    async: true,
    description: 'onnxruntime-node, CPU provider, a float64 graph built in code, default threads, `await session.run(feeds)`',
  },
  {
    id: 'tfjs',
    label: 'tfjs cpu (float32)',
    precision: 'float32',
    policy: 'new',
    runtime: 'node',
    peer: '@tensorflow/tfjs',
    description: '@tensorflow/tfjs, cpu backend, float32 tensors made once, each call reads its result with dataSync()',
  },
  {
    id: 'ml-matrix',
    label: 'ml-matrix',
    precision: 'float64',
    policy: 'new',
    runtime: 'node',
    peer: 'ml-matrix',
    description: 'ml-matrix (float64: rows of Float64Array), its chained methods',
  },
  // The float32 cases' implementations (cases-f32.mjs); tfjs (cpu) above serves both.
  {
    id: 'blaskit-f32',
    label: 'blaskit f32',
    precision: 'float32',
    policy: 'out',
    runtime: 'node',
    blaskitFloat32: true,
    description: 'blaskit on Float32Array / float32 NDArray operands, result written into a preallocated Float32Array `out`',
  },
  {
    id: 'blaskit-f32-new',
    label: 'blaskit f32 (new)',
    precision: 'float32',
    policy: 'new',
    runtime: 'node',
    blaskitFloat32: true,
    description: 'blaskit on float32 operands without `out`: the call allocates its Float32Array result',
  },
  {
    id: 'blaskit-f64',
    label: 'blaskit f64',
    precision: 'float64',
    policy: 'out',
    runtime: 'node',
    description: "blaskit on the float32 case's values widened to Float64Array, into a preallocated `out`: the float64 baseline of the memory-bound goal",
  },
  {
    id: 'js-f32',
    label: 'plain JS f32',
    precision: 'float32',
    policy: 'out',
    runtime: 'node',
    description: 'the same plain-JS loops (bench/plain-js.mjs) reading and writing Float32Array, output preallocated',
  },
  {
    id: 'js-f32-new',
    label: 'plain JS f32 (new)',
    precision: 'float32',
    policy: 'new',
    runtime: 'node',
    description: 'the same loops with `new Float32Array(n)` per call',
  },
  {
    id: 'numpy-f32',
    label: 'numpy f32',
    precision: 'float32',
    policy: 'new',
    runtime: 'python',
    description: 'numpy through python3 on float32 arrays (the result is checked to be float32), allocating its result',
  },
  {
    id: 'onnxruntime-f32',
    label: 'onnxruntime-node f32',
    precision: 'float32',
    policy: 'new',
    runtime: 'node',
    peer: 'onnxruntime-node',
    async: true,
    description: 'onnxruntime-node, CPU provider, a float32 graph built in code, default threads, `await session.run(feeds)`',
  },
  {
    id: 'tfjs-wasm',
    label: 'tfjs wasm (float32)',
    precision: 'float32',
    policy: 'new',
    runtime: 'node',
    peer: '@tensorflow/tfjs-backend-wasm',
    description: '@tensorflow/tfjs with @tensorflow/tfjs-backend-wasm (SIMD, one thread: Node has no threaded build), float32 tensors made once, dataSync() per call',
  },
]);

export const implementation = (id) => IMPLEMENTATIONS.find((i) => i.id === id);

/** Sizes from 1 to 1e7 elements; --quick keeps two. */
const ELEMENT_SIZES = { full: [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7], quick: [1e3, 1e5] };
/** Matrix products: n = 16 .. 2048. */
const MATRIX_SIZES = { full: [16, 32, 64, 128, 256, 512, 1024, 2048], quick: [64, 256] };

// ---- elementwise activations ----------------------------------------------

/**
 * One of the six activations: y = f(x) over a 1-D Float64Array of n elements.
 * @param {string} fn the blaskit export, and its loop in plain-js.mjs and twin in dist/reference/activations.js
 * @param {{ ort: { nodes: object[], constants?: object[] }, tf: Function, ml: Function, numpy: string, numpySetup?: string }} peers
 */
function activation(fn, peers) {
  return {
    id: fn,
    fn,
    title: fn,
    kind: 'elementwise',
    unit: 'element',
    // Outputs are O(1) functions of O(1) inputs, so errors are judged in
    // absolute terms (see data.mjs, compare): float32's 1 - tanh(x)^2 is off by
    // an ulp of 1.0, which is large relative to a result of 1e-3 but right.
    errorScale: 1,
    sizes: ELEMENT_SIZES,
    shape: vectorShape,
    inputs: ({ dims: { n } }) => ({ x: values(n, 1), y: new Float64Array(n) }),
    reference: ({ x }, { twin }) => {
      const y = new Float64Array(x.length);
      twin[fn](x, y);
      return y;
    },
    numpy: { setup: `x = values(n, 1)\n${peers.numpySetup ?? ''}`, expr: peers.numpy },
    impls: {
      blaskit:
        ({ x, y }, { blaskit }) =>
        () =>
          blaskit[fn](x, { out: y }),
      'blaskit-new':
        ({ x }, { blaskit }) =>
        () =>
          blaskit[fn](x),
      js:
        ({ x, y }, { plain }) =>
        () => (plain[fn](x, y), y),
      'js-new':
        ({ x }, { plain }) =>
        () => {
          const y = new Float64Array(x.length);
          plain[fn](x, y);
          return y;
        },
      onnxruntime: ({ x }, ctx) => ortRunner(ctx, { inputs: [['x', x, [x.length]]], output: [x.length], ...peers.ort }),
      tfjs: ({ x }, ctx) => tfRunner(ctx, { x: [x, [x.length]] }, (t, tf) => peers.tf(t.x, tf)),
      'ml-matrix': ({ x }, { Matrix }) => {
        const X = Matrix.rowVector(x);
        return () => peers.ml(X, Matrix);
      },
    },
  };
}

// ml-matrix's instance methods work in place and chain, so a user clones once.
const mlSigmoid = (X) => X.clone().neg().exp().add(1).pow(-1);

const activations = [
  activation('sigmoid', {
    ort: single('Sigmoid'),
    tf: (x, tf) => tf.sigmoid(x),
    ml: mlSigmoid,
    numpy: '1 / (1 + np.exp(-x))',
  }),
  activation('sigmoidDerivative', {
    ort: {
      constants: [scalar('one', 1)],
      nodes: [
        { op: 'Sigmoid', inputs: ['x'], outputs: ['s'] },
        { op: 'Sub', inputs: ['one', 's'], outputs: ['d'] },
        { op: 'Mul', inputs: ['s', 'd'], outputs: ['y'] },
      ],
    },
    tf: (x, tf) => {
      const s = tf.sigmoid(x);
      return s.mul(tf.sub(1, s));
    },
    ml: (X) => {
      const s = mlSigmoid(X);
      return s.clone().neg().add(1).mul(s);
    },
    numpySetup: 'def f(x):\n    s = 1 / (1 + np.exp(-x))\n    return s * (1 - s)\n',
    numpy: 'f(x)',
  }),
  activation('tanh', {
    ort: single('Tanh'),
    tf: (x, tf) => tf.tanh(x),
    ml: (X) => X.clone().tanh(),
    numpy: 'np.tanh(x)',
  }),
  activation('tanhDerivative', {
    ort: {
      constants: [scalar('one', 1)],
      nodes: [
        { op: 'Tanh', inputs: ['x'], outputs: ['t'] },
        { op: 'Mul', inputs: ['t', 't'], outputs: ['t2'] },
        { op: 'Sub', inputs: ['one', 't2'], outputs: ['y'] },
      ],
    },
    tf: (x, tf) => tf.sub(1, tf.square(tf.tanh(x))),
    ml: (X) => X.clone().tanh().pow(2).neg().add(1),
    numpy: '1 - np.tanh(x) ** 2',
  }),
  activation('relu', {
    ort: single('Relu'),
    tf: (x, tf) => tf.relu(x),
    // ml-matrix has no elementwise max with a scalar: apply() visits each element.
    ml: (X) =>
      X.clone().apply(function (i, j) {
        if (this.get(i, j) < 0) this.set(i, j, 0);
      }),
    numpy: 'np.where(x < 0, 0, x)',
  }),
  activation('reluDerivative', {
    ort: {
      constants: [scalar('zero', 0)],
      nodes: [
        { op: 'Greater', inputs: ['x', 'zero'], outputs: ['g'] },
        { op: 'Cast', inputs: ['g'], outputs: ['y'], attributes: { to: DataType.DOUBLE } },
      ],
    },
    tf: (x, tf) => tf.step(x),
    ml: (X) =>
      X.clone().apply(function (i, j) {
        this.set(i, j, this.get(i, j) > 0 ? 1 : 0);
      }),
    numpy: '(x > 0).astype(np.float64)',
  }),
];

// ---- row functions ---------------------------------------------------------

/** @param {string} kernel the loop's name in plain-js.mjs and dist/reference/rows.js */
function rowFunction(fn, kernel, peers) {
  return {
    id: fn,
    fn,
    title: `${fn} (rows)`,
    kind: 'elementwise',
    unit: 'element',
    sizes: ELEMENT_SIZES,
    shape: rowShape,
    inputs: ({ dims: { rows, cols } }) => ({ x: values(rows * cols, 1), y: new Float64Array(rows * cols), rows, cols }),
    reference: ({ x, rows, cols }, { twin }) => {
      const y = new Float64Array(x.length);
      twin[kernel](x, y, rows, cols);
      return y;
    },
    numpy: { setup: `x = values(rows * cols, 1).reshape(rows, cols)\n${peers.numpySetup ?? ''}`, expr: peers.numpy },
    impls: {
      blaskit: ({ x, y, rows, cols }, { blaskit }) => {
        const X = blaskit.array(x, [rows, cols]);
        return () => blaskit[fn](X, { out: y });
      },
      'blaskit-new': ({ x, rows, cols }, { blaskit }) => {
        const X = blaskit.array(x, [rows, cols]);
        return () => blaskit[fn](X);
      },
      js:
        ({ x, y, rows, cols }, { plain }) =>
        () => (plain[kernel](x, y, rows, cols), y),
      'js-new':
        ({ x, rows, cols }, { plain }) =>
        () => {
          const y = new Float64Array(x.length);
          plain[kernel](x, y, rows, cols);
          return y;
        },
      onnxruntime: ({ x, rows, cols }, ctx) => ortRunner(ctx, { inputs: [['x', x, [rows, cols]]], output: [rows, cols], ...peers.ort }),
      tfjs: ({ x, rows, cols }, ctx) => tfRunner(ctx, { x: [x, [rows, cols]] }, (t, tf) => peers.tf(t.x, tf)),
      'ml-matrix': ({ x, rows, cols }, { Matrix }) => {
        const X = Matrix.from1DArray(rows, cols, x);
        return () => peers.ml(X, rows);
      },
    },
  };
}

const rowFunctions = [
  rowFunction('softmax', 'softmaxRows', {
    ...ROW_PEERS.softmax,
    ml: (X, rows) => {
      const max = Array.from({ length: rows }, (_, i) => X.maxRow(i));
      const e = X.clone().subColumnVector(max).exp();
      return e.divColumnVector(e.sum('row'));
    },
  }),
  rowFunction('normalizeRows', 'normalizeRows', {
    ...ROW_PEERS.normalizeRows,
    ml: (X) => X.clone().divColumnVector(X.clone().pow(2).sum('row').map(Math.sqrt)),
  }),
];

// ---- image2vector ----------------------------------------------------------

/**
 * (s, s, 3) images, 3 to 12.6e6 elements. Without `out` blaskit returns a view
 * (as numpy's reshape and tfjs's reshape do); with `out` it copies.
 */
const image2vector = {
  id: 'image2vector',
  fn: 'image2vector',
  title: 'image2vector',
  kind: 'elementwise',
  unit: 'element',
  sizes: { full: [1, 4, 16, 64, 224, 512, 1024, 2048], quick: [16, 512] },
  shape: (side) => ({ label: `${side}x${side}x3`, elements: side * side * 3, dims: { h: side, w: side, c: 3 } }),
  inputs: ({ dims: { h, w, c } }) => ({ x: values(h * w * c, 1), y: new Float64Array(h * w * c), h, w, c }),
  reference: ({ x }) => x,
  numpy: { setup: 'image = values(h * w * c, 1).reshape(h, w, c)', expr: 'image.reshape((image.shape[0] * image.shape[1] * image.shape[2], 1))' },
  impls: {
    blaskit: ({ x, y, h, w, c }, { blaskit }) => {
      const img = blaskit.array(x, [h, w, c]);
      return () => blaskit.image2vector(img, { out: y });
    },
    'blaskit-new': ({ x, h, w, c }, { blaskit }) => {
      const img = blaskit.array(x, [h, w, c]);
      return () => blaskit.image2vector(img);
    },
    // In plain JS a reshape is bookkeeping: the copy into `out` is y.set(x),
    // the "new" result is the same memory under a new shape.
    js:
      ({ x, y }) =>
      () => (y.set(x), y),
    'js-new':
      ({ x, h, w, c }) =>
      () => ({ data: x, shape: [h * w * c, 1] }),
    onnxruntime: ({ x, h, w, c }, ctx) =>
      ortRunner(ctx, {
        inputs: [['x', x, [h, w, c]]],
        output: [h * w * c, 1],
        constants: [{ name: 'shape', dims: [2], values: BigInt64Array.of(-1n, 1n) }],
        nodes: [{ op: 'Reshape', inputs: ['x', 'shape'], outputs: ['y'] }],
      }),
    tfjs: ({ x, h, w, c }, ctx) => tfRunner(ctx, { x: [x, [h, w, c]] }, (t, tf) => tf.reshape(t.x, [-1, 1])),
    // ml-matrix has no 3-D arrays: the user holds the flat data and makes a column.
    'ml-matrix':
      ({ x }, { Matrix }) =>
      () =>
        Matrix.columnVector(x),
  },
};

// ---- arithmetic ------------------------------------------------------------

/**
 * a op b of two n-element Float64Arrays (equal shapes, no broadcasting).
 * @param {'add'|'subtract'|'multiply'|'divide'} fn the blaskit export, and its loop in plain-js.mjs and twin in dist/reference/arithmetic.js
 * @param {{ ort: string, tf?: string, ml?: string }} peers the ONNX op, and tfjs's function and ml-matrix's method where the case times them
 */
function arithmetic(fn, peers) {
  return {
    id: fn,
    fn,
    title: fn,
    kind: 'elementwise',
    unit: 'element',
    sizes: ELEMENT_SIZES,
    shape: vectorShape,
    inputs: ({ dims: { n } }) => ({ a: values(n, 1), b: values(n, 2), y: new Float64Array(n) }),
    reference: ({ a, b }, { twin }) => {
      const y = new Float64Array(a.length);
      twin[fn](a, 0, 1, b, 0, 1, y, 1, a.length);
      return y;
    },
    numpy: { setup: 'a = values(n, 1)\nb = values(n, 2)', expr: `np.${fn}(a, b)` },
    impls: {
      blaskit:
        ({ a, b, y }, { blaskit }) =>
        () =>
          blaskit[fn](a, b, { out: y }),
      'blaskit-new':
        ({ a, b }, { blaskit }) =>
        () =>
          blaskit[fn](a, b),
      js:
        ({ a, b, y }, { plain }) =>
        () => (plain[fn](a, 0, 1, b, 0, 1, y, 1, a.length), y),
      'js-new':
        ({ a, b }, { plain }) =>
        () => {
          const y = new Float64Array(a.length);
          plain[fn](a, 0, 1, b, 0, 1, y, 1, a.length);
          return y;
        },
      onnxruntime: ({ a, b }, ctx) =>
        ortRunner(ctx, {
          inputs: [
            ['a', a, [a.length]],
            ['b', b, [b.length]],
          ],
          output: [a.length],
          nodes: [{ op: peers.ort, inputs: ['a', 'b'], outputs: ['y'] }],
        }),
      ...(peers.tf && { tfjs: ({ a, b }, ctx) => tfRunner(ctx, { a: [a, [a.length]], b: [b, [b.length]] }, (t, tf) => tf[peers.tf](t.a, t.b)) }),
      ...(peers.ml && {
        'ml-matrix': ({ a, b }, { Matrix }) => {
          const A = Matrix.rowVector(a);
          const B = Matrix.rowVector(b);
          return () => A.clone()[peers.ml](B);
        },
      }),
    },
  };
}

const add = arithmetic('add', { ort: 'Add' });
const subtract = arithmetic('subtract', { ort: 'Sub' });
const multiplySame = arithmetic('multiply', { ort: 'Mul', tf: 'mul', ml: 'mul' });
const divide = arithmetic('divide', { ort: 'Div' });

/** (rows, cols) * (cols): each row scaled elementwise by one vector, numpy broadcasting. */
const multiplyBroadcast = {
  id: 'multiply-broadcast',
  fn: 'multiply',
  title: 'multiply (row broadcast)',
  kind: 'elementwise',
  unit: 'element',
  sizes: { full: [1e3, 1e4, 1e5, 1e6, 1e7], quick: [1e5] },
  shape: rowShape,
  inputs: ({ dims: { rows, cols } }) => ({ a: values(rows * cols, 1), b: values(cols, 2), y: new Float64Array(rows * cols), rows, cols }),
  reference: ({ a, b, rows, cols }, { twin }) => {
    const y = new Float64Array(a.length);
    twin.multiply(a, cols, 1, b, 0, 1, y, rows, cols);
    return y;
  },
  numpy: { setup: 'a = values(rows * cols, 1).reshape(rows, cols)\nb = values(cols, 2)', expr: 'a * b' },
  impls: {
    blaskit: ({ a, b, y, rows, cols }, { blaskit }) => {
      const A = blaskit.array(a, [rows, cols]);
      return () => blaskit.multiply(A, b, { out: y });
    },
    'blaskit-new': ({ a, b, rows, cols }, { blaskit }) => {
      const A = blaskit.array(a, [rows, cols]);
      return () => blaskit.multiply(A, b);
    },
    js:
      ({ a, b, y, rows, cols }, { plain }) =>
      () => (plain.multiply(a, cols, 1, b, 0, 1, y, rows, cols), y),
    'js-new':
      ({ a, b, rows, cols }, { plain }) =>
      () => {
        const y = new Float64Array(a.length);
        plain.multiply(a, cols, 1, b, 0, 1, y, rows, cols);
        return y;
      },
    onnxruntime: ({ a, b, rows, cols }, ctx) =>
      ortRunner(ctx, {
        inputs: [
          ['a', a, [rows, cols]],
          ['b', b, [cols]],
        ],
        output: [rows, cols],
        nodes: [{ op: 'Mul', inputs: ['a', 'b'], outputs: ['y'] }],
      }),
    tfjs: ({ a, b, rows, cols }, ctx) => tfRunner(ctx, { a: [a, [rows, cols]], b: [b, [cols]] }, (t, tf) => tf.mul(t.a, t.b)),
    'ml-matrix': ({ a, b, rows, cols }, { Matrix }) => {
      const A = Matrix.from1DArray(rows, cols, a);
      return () => A.clone().mulRowVector(b);
    },
  },
};

// ---- outer -----------------------------------------------------------------

/** outer(a, b) of two n-vectors: n^2 results, up to 3162^2 ~ 1e7. */
const outer = {
  id: 'outer',
  fn: 'outer',
  title: 'outer',
  kind: 'elementwise',
  unit: 'element',
  sizes: { full: [1, 3, 10, 32, 100, 316, 1000, 3162], quick: [32, 316] },
  shape: outerShape,
  inputs: ({ dims: { n } }) => ({ a: values(n, 1), b: values(n, 2), y: new Float64Array(n * n) }),
  reference: ({ a, b }, { twin }) => {
    const y = new Float64Array(a.length * b.length);
    twin.outer(a, b, y);
    return y;
  },
  numpy: { setup: 'a = values(n, 1)\nb = values(n, 2)', expr: 'np.outer(a, b)' },
  impls: {
    blaskit:
      ({ a, b, y }, { blaskit }) =>
      () =>
        blaskit.outer(a, b, { out: y }),
    'blaskit-new':
      ({ a, b }, { blaskit }) =>
      () =>
        blaskit.outer(a, b),
    js:
      ({ a, b, y }, { plain }) =>
      () => (plain.outer(a, b, y), y),
    'js-new':
      ({ a, b }, { plain }) =>
      () => {
        const y = new Float64Array(a.length * b.length);
        plain.outer(a, b, y);
        return y;
      },
    onnxruntime: ({ a, b }, ctx) =>
      ortRunner(ctx, {
        inputs: [
          ['a', a, [a.length, 1]],
          ['b', b, [1, b.length]],
        ],
        output: [a.length, b.length],
        nodes: [{ op: 'Mul', inputs: ['a', 'b'], outputs: ['y'] }],
      }),
    tfjs: ({ a, b }, ctx) => tfRunner(ctx, { a: [a, [a.length]], b: [b, [b.length]] }, (t, tf) => tf.outerProduct(t.a, t.b)),
    'ml-matrix': ({ a, b }, { Matrix }) => {
      const A = Matrix.columnVector(a);
      const B = Matrix.rowVector(b);
      return () => A.mmul(B);
    },
  },
};

// ---- dot -------------------------------------------------------------------

const dotVector = {
  id: 'dot-vector',
  fn: 'dot',
  title: 'dot (vector . vector)',
  kind: 'reduction',
  unit: 'element',
  sizes: ELEMENT_SIZES,
  shape: vectorShape,
  inputs: ({ dims: { n } }) => ({ a: values(n, 1), b: values(n, 2) }),
  reference: ({ a, b }, { twin }) => twin.dot(a, b),
  numpy: { setup: 'a = values(n, 1)\nb = values(n, 2)', expr: 'np.dot(a, b)' },
  impls: {
    // A number has no `out`: one blaskit call, compared with every peer.
    blaskit:
      ({ a, b }, { blaskit }) =>
      () =>
        blaskit.dot(a, b),
    js:
      ({ a, b }, { plain }) =>
      () =>
        plain.dot(a, b),
    onnxruntime: ({ a, b }, ctx) =>
      ortRunner(ctx, {
        inputs: [
          ['a', a, [a.length]],
          ['b', b, [b.length]],
        ],
        output: [],
        nodes: [{ op: 'MatMul', inputs: ['a', 'b'], outputs: ['y'] }],
      }),
    tfjs: ({ a, b }, ctx) => tfRunner(ctx, { a: [a, [a.length]], b: [b, [b.length]] }, (t, tf) => tf.dot(t.a, t.b)),
    'ml-matrix': ({ a, b }, { Matrix }) => {
      const A = Matrix.rowVector(a);
      const B = Matrix.rowVector(b);
      return () => A.dot(B);
    },
  },
};

/**
 * C = A B with A m x k and B k x p, all row-major. The plain-JS baseline is
 * plain-js.mjs's triple loop; the twin's, the same loop, is the reference,
 * and above ~512^3 it is too slow to serve for every size and implementation,
 * so Freivalds' check is used instead.
 */
function matrixProduct({ id, title, dims, sizes, quick, vector = false }) {
  return {
    id,
    fn: 'dot',
    title,
    kind: 'reduction',
    unit: 'flop',
    sizes: { full: sizes, quick },
    shape: (size) => productShape(dims(size)),
    inputs: ({ dims: { m, k, p } }) => ({ a: values(m * k, 1), b: values(k * p, 2), y: new Float64Array(m * p), m, k, p }),
    verifyBy: ({ dims: { m, k, p } }) => (m * k * p <= 2 ** 27 ? 'twin' : 'freivalds'),
    reference: ({ a, b, m, k, p }, { twin }) => {
      const y = new Float64Array(m * p);
      if (p === 1) twin.matVec(a, m, k, b, y, false);
      else twin.matMul(a, b, y, m, k, p);
      return y;
    },
    numpy: {
      setup: vector ? 'A = values(m * k, 1).reshape(m, k)\nx = values(k, 2)' : 'A = values(m * k, 1).reshape(m, k)\nB = values(k * p, 2).reshape(k, p)',
      expr: vector ? 'np.dot(A, x)' : 'np.dot(A, B)',
    },
    impls: {
      blaskit: ({ a, b, y, m, k, p }, { blaskit }) => {
        const A = blaskit.array(a, [m, k]);
        const B = p === 1 ? b : blaskit.array(b, [k, p]);
        return () => blaskit.dot(A, B, { out: y });
      },
      'blaskit-new': ({ a, b, m, k, p }, { blaskit }) => {
        const A = blaskit.array(a, [m, k]);
        const B = p === 1 ? b : blaskit.array(b, [k, p]);
        return () => blaskit.dot(A, B);
      },
      js:
        ({ a, b, y, m, k, p }, { plain }) =>
        () => (p === 1 ? plain.matVec(a, m, k, b, y, false) : plain.matMul(a, b, y, m, k, p), y),
      'js-new':
        ({ a, b, m, k, p }, { plain }) =>
        () => {
          const y = new Float64Array(m * p);
          if (p === 1) plain.matVec(a, m, k, b, y, false);
          else plain.matMul(a, b, y, m, k, p);
          return y;
        },
      onnxruntime: ({ a, b, m, k, p }, ctx) =>
        ortRunner(ctx, {
          inputs: [
            ['a', a, [m, k]],
            ['b', b, p === 1 ? [k] : [k, p]],
          ],
          output: p === 1 ? [m] : [m, p],
          nodes: [{ op: 'MatMul', inputs: ['a', 'b'], outputs: ['y'] }],
        }),
      tfjs: ({ a, b, m, k, p }, ctx) =>
        tfRunner(ctx, { a: [a, [m, k]], b: [b, p === 1 ? [k] : [k, p]] }, (t, tf) => (p === 1 ? tf.dot(t.a, t.b) : tf.matMul(t.a, t.b))),
      'ml-matrix': ({ a, b, m, k, p }, { Matrix }) => {
        const A = Matrix.from1DArray(m, k, a);
        const B = Matrix.from1DArray(k, p, b);
        return () => A.mmul(B);
      },
    },
  };
}

const matrixProducts = [
  matrixProduct({ id: 'dot-square', title: 'dot (n x n . n x n)', dims: (n) => ({ m: n, k: n, p: n }), sizes: MATRIX_SIZES.full, quick: MATRIX_SIZES.quick }),
  matrixProduct({ id: 'dot-skinny', title: 'dot (32 x n . n x n)', dims: (n) => ({ m: 32, k: n, p: n }), sizes: MATRIX_SIZES.full, quick: [256] }),
  matrixProduct({ id: 'dot-matvec', title: 'dot (n x n . n)', dims: (n) => ({ m: n, k: n, p: 1 }), sizes: MATRIX_SIZES.full, quick: [256], vector: true }),
];

// ---- dense -----------------------------------------------------------------

/**
 * dense(x, W, b, { activation: 'relu' }): a batch of rows of 64 features
 * through a 64 -> 128 layer (bench:layer's hidden layer), 1 to 32768 rows.
 * The reference is the twins' product, bias and relu one after another; the
 * ONNX graph holds W and b as initializers, as a model file does.
 */
const DENSE_LAYER = { k: 64, p: 128 };
const dense = {
  id: 'dense',
  fn: 'dense',
  title: `dense (rows x ${DENSE_LAYER.k} . ${DENSE_LAYER.k} x ${DENSE_LAYER.p} + bias, relu)`,
  kind: 'reduction',
  unit: 'flop',
  sizes: { full: [1, 8, 64, 512, 4096, 32768], quick: [8, 512] },
  shape: (rows) => {
    const { k, p } = DENSE_LAYER;
    return { label: `${rows}x${k}`, elements: rows * p, flops: 2 * rows * k * p, dims: { m: rows, k, p } };
  },
  inputs: ({ dims: { m, k, p } }) => ({ x: values(m * k, 1), w: values(k * p, 2), bias: values(p, 3), y: new Float64Array(m * p), m, k, p }),
  reference: ({ x, w, bias, m, k, p }, { twin }) => {
    const y = new Float64Array(m * p);
    twin.matMul(x, w, y, m, k, p);
    twin.add(y, p, 1, bias, 0, 1, y, m, p);
    twin.relu(y, y);
    return y;
  },
  numpy: {
    setup: 'x = values(m * k, 1).reshape(m, k)\nW = values(k * p, 2).reshape(k, p)\nb = values(p, 3)',
    expr: 'np.maximum(np.add(np.dot(x, W), b), 0)',
  },
  impls: {
    blaskit: ({ x, w, bias, y, m, k, p }, { blaskit }) => {
      const X = blaskit.array(x, [m, k]);
      const W = blaskit.array(w, [k, p]);
      return () => blaskit.dense(X, W, bias, { activation: 'relu', out: y });
    },
    'blaskit-new': ({ x, w, bias, m, k, p }, { blaskit }) => {
      const X = blaskit.array(x, [m, k]);
      const W = blaskit.array(w, [k, p]);
      return () => blaskit.dense(X, W, bias, { activation: 'relu' });
    },
    js:
      ({ x, w, bias, y, m, k, p }, { plain }) =>
      () => (plain.denseRelu(x, w, bias, y, m, k, p), y),
    'js-new':
      ({ x, w, bias, m, k, p }, { plain }) =>
      () => {
        const y = new Float64Array(m * p);
        plain.denseRelu(x, w, bias, y, m, k, p);
        return y;
      },
    onnxruntime: ({ x, w, bias, m, k, p }, ctx) =>
      ortRunner(ctx, {
        inputs: [['x', x, [m, k]]],
        output: [m, p],
        constants: [
          { name: 'W', dims: [k, p], values: w },
          { name: 'b', dims: [p], values: bias },
        ],
        nodes: [
          { op: 'MatMul', inputs: ['x', 'W'], outputs: ['xW'] },
          { op: 'Add', inputs: ['xW', 'b'], outputs: ['z'] },
          { op: 'Relu', inputs: ['z'], outputs: ['y'] },
        ],
      }),
  },
};

/** Every case, in the order of the README's API table, then the float32 ones. */
export const CASES = Object.freeze([
  ...activations,
  ...rowFunctions,
  image2vector,
  add,
  subtract,
  multiplySame,
  divide,
  multiplyBroadcast,
  outer,
  dotVector,
  ...matrixProducts,
  dense,
  ...FLOAT32_CASES,
]);

export const findCase = (id) => CASES.find((c) => c.id === id);

/** A case's precision: 'float32' for the cases of cases-f32.mjs, else 'float64'. */
export const precisionOf = (c) => c.precision ?? 'float64';

/**
 * The implementations a case has, in IMPLEMENTATIONS order: its own, and
 * numpy (python) in the case's precision, which evaluates the case's `numpy`
 * expression.
 */
export const implementationsOf = (c) =>
  IMPLEMENTATIONS.filter((i) => i.id in c.impls || (i.runtime === 'python' && c.numpy && i.precision === precisionOf(c)));

/** The blaskit results peers are divided by in a case of this precision: [with out, allocating]. */
const BASES = { float64: ['blaskit', 'blaskit-new'], float32: ['blaskit-f32', 'blaskit-f32-new'] };

/** Whether an implementation is one of the blaskit results a case's ratios are measured against. */
export const isRatioBase = (implId, precision = 'float64') => BASES[precision].includes(implId);

/**
 * Which blaskit result a peer's time is divided by: same output policy
 * (see IMPLEMENTATIONS), or the one blaskit call a case has; in a float32
 * case, blaskit's float32 calls.
 */
export function ratioBase(implIds, implId, caseId, precision = 'float64') {
  const [out, fresh] = BASES[precision];
  const policy = COPYING_PEERS[caseId]?.includes(implId) ? 'out' : implementation(implId).policy;
  return policy === 'new' && implIds.includes(fresh) ? fresh : out;
}

/**
 * image2vector without `out` is a view, O(1); peers whose reshape copies
 * (onnxruntime's output crosses into JS, ml-matrix builds a row per element)
 * are compared with blaskit's copy into `out` instead.
 */
const COPYING_PEERS = { image2vector: ['onnxruntime', 'ml-matrix'] };
