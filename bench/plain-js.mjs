// The plain-JS loops a user would write from the numpy tutorial, one per
// kernel: the "plain JS" baseline of npm run bench, bench:basic and
// bench:vs-js. They are deliberately naive (1 / (1 + Math.exp(-x)), s (1 - s),
// 1 - t * t) and so less accurate than blaskit, which runs its own accurate
// TypeScript twins (lib/reference/) below lib/thresholds.ts JS_BELOW: those
// twins are blaskit's small-input path, not a baseline, and checks that need
// blaskit's exact answer use them.
//
// Signatures match the twins in dist/reference: (x, y), (x, y, rows, cols),
// add, subtract, multiply and divide with strides, outer, dot, matVec,
// matMul (denseRelu has no single twin: the product, add and relu twins). Each kernel is its own loop (the four arithmetic ones compiled from
// one source, see stridedLoop): a shared per-element apply(f, x, y) runs about
// 2x slower in V8 and would flatter blaskit.
//
// Accuracy on the benchmarks' inputs (values in [-4, 4), bench/data.mjs):
// measured as bench/data.mjs `compare` does (error / (|exact| + the result's
// RMS)), the naive loops are within 3e-15 of the twins here, far inside the
// 1e-9 float64 tolerance the benchmarks check with. Outside that range they
// break down: sigmoidDerivative(40) is 0 here, 4.25e-18 in blaskit; an
// all-zero row normalises to NaN here (as in numpy), to zeros in blaskit.

// ---- one number (the activations' number-in, number-out form) -------------

export const sigmoidOf = (x) => 1 / (1 + Math.exp(-x));

export function sigmoidDerivativeOf(x) {
  const s = 1 / (1 + Math.exp(-x));
  return s * (1 - s);
}

export const tanhOf = (x) => Math.tanh(x);

export function tanhDerivativeOf(x) {
  const t = Math.tanh(x);
  return 1 - t * t;
}

export const reluOf = (x) => (x < 0 ? 0 : x);

export const reluDerivativeOf = (x) => (x > 0 ? 1 : 0);

// ---- activations, elementwise over x into y --------------------------------

export function sigmoid(x, y) {
  for (let i = 0; i < x.length; i++) y[i] = 1 / (1 + Math.exp(-x[i]));
}

export function sigmoidDerivative(x, y) {
  for (let i = 0; i < x.length; i++) {
    const s = 1 / (1 + Math.exp(-x[i]));
    y[i] = s * (1 - s);
  }
}

export function tanh(x, y) {
  for (let i = 0; i < x.length; i++) y[i] = Math.tanh(x[i]);
}

export function tanhDerivative(x, y) {
  for (let i = 0; i < x.length; i++) {
    const t = Math.tanh(x[i]);
    y[i] = 1 - t * t;
  }
}

export function relu(x, y) {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    y[i] = v < 0 ? 0 : v;
  }
}

export function reluDerivative(x, y) {
  for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? 1 : 0;
}

// ---- rows of a row-major rows x cols matrix -------------------------------

/** The tutorial's stable softmax: e^(x - row max) / its row sum. */
export function softmaxRows(x, y, rows, cols) {
  for (let r = 0; r < rows; r++) {
    const start = r * cols;
    const end = start + cols;
    let max = -Infinity;
    for (let i = start; i < end; i++) if (x[i] > max) max = x[i];
    let sum = 0;
    for (let i = start; i < end; i++) {
      const e = Math.exp(x[i] - max);
      y[i] = e;
      sum += e;
    }
    for (let i = start; i < end; i++) y[i] /= sum;
  }
}

/** x / np.linalg.norm(x, axis=1, keepdims=True). */
export function normalizeRows(x, y, rows, cols) {
  for (let r = 0; r < rows; r++) {
    const start = r * cols;
    const end = start + cols;
    let sum = 0;
    for (let i = start; i < end; i++) sum += x[i] * x[i];
    const norm = Math.sqrt(sum);
    for (let i = start; i < end; i++) y[i] = x[i] / norm;
  }
}

// ---- arithmetic -------------------------------------------------------------

/**
 * out[i, j] = a[i, j] op b[i, j] over rows x cols, each operand read through
 * (row, column) strides: stride 0 repeats it (broadcasting), so a (rows, cols)
 * times a row vector is multiply(a, cols, 1, b, 0, 1, out, rows, cols). The
 * common layouts run the loops a user writes for them (a flat loop for equal
 * shapes, a row loop for a broadcast row): index arithmetic for the general
 * strides measured 10-25% slower, which would flatter blaskit.
 *
 * One loop for + - * /, written once and compiled once per operator with the
 * operator in the source: a shared loop calling op(a[i], b[i]) sees four
 * callees, V8 stops inlining, and it measured 20x slower than the written-out
 * loop (1e5 elements, Node 20), while each compiled loop runs as fast as one
 * written by hand.
 * @param {'+'|'-'|'*'|'/'} operator
 */
function stridedLoop(operator) {
  return new Function(
    'a',
    'aRowStride',
    'aColStride',
    'b',
    'bRowStride',
    'bColStride',
    'out',
    'rows',
    'cols',
    `
    if (aColStride === 1 && bColStride === 1 && (rows === 1 || (aRowStride === cols && bRowStride === cols))) {
      const n = rows * cols;
      for (let i = 0; i < n; i++) out[i] = a[i] ${operator} b[i];
      return;
    }
    if (aColStride === 1 && bColStride === 1) {
      for (let i = 0; i < rows; i++) {
        const ao = i * aRowStride;
        const bo = i * bRowStride;
        const o = i * cols;
        for (let j = 0; j < cols; j++) out[o + j] = a[ao + j] ${operator} b[bo + j];
      }
      return;
    }
    let o = 0;
    for (let i = 0; i < rows; i++) {
      let ia = i * aRowStride;
      let ib = i * bRowStride;
      for (let j = 0; j < cols; j++) {
        out[o++] = a[ia] ${operator} b[ib];
        ia += aColStride;
        ib += bColStride;
      }
    }`,
  );
}

export const add = stridedLoop('+');
export const subtract = stridedLoop('-');
export const multiply = stridedLoop('*');
export const divide = stridedLoop('/');

// ---- products ---------------------------------------------------------------

export function outer(a, b, out) {
  const nb = b.length;
  for (let i = 0; i < a.length; i++) {
    const ai = a[i];
    const row = i * nb;
    for (let j = 0; j < nb; j++) out[row + j] = ai * b[j];
  }
}

export function dot(a, b) {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** y = A x (or A^T x with `transpose`), A row-major rows x cols. */
export function matVec(a, rows, cols, x, y, transpose) {
  if (!transpose) {
    for (let i = 0; i < rows; i++) {
      let sum = 0;
      const row = i * cols;
      for (let j = 0; j < cols; j++) sum += a[row + j] * x[j];
      y[i] = sum;
    }
    return;
  }
  y.fill(0);
  for (let i = 0; i < rows; i++) {
    const xi = x[i];
    const row = i * cols;
    for (let j = 0; j < cols; j++) y[j] += a[row + j] * xi;
  }
}

/** C = A B, A m x k, B k x n, row-major; the i-p-j order a user learns for cache-friendly loops. */
export function matMul(a, b, c, m, k, n) {
  c.fill(0);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let p = 0; p < k; p++) {
      const s = a[i * k + p];
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] += s * b[bp + j];
    }
  }
}

/**
 * relu(x W + bias): x m x k, W k x n, bias n, the layer a user writes from
 * the tutorial's pieces: the product above, then one pass adding the bias
 * and clamping at zero.
 */
export function denseRelu(x, w, bias, y, m, k, n) {
  matMul(x, w, y, m, k, n);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const v = y[row + j] + bias[j];
      y[row + j] = v < 0 ? 0 : v;
    }
  }
}
