/** Plain-TypeScript twins of native/kernels/rows.cc (same signatures as the binding). */

function softmaxRow(x: Float64Array, y: Float64Array, start: number, cols: number): void {
  if (cols === 0) return;
  let max = -Infinity;
  for (let j = start; j < start + cols; j++) {
    if (Number.isNaN(x[j])) {
      max = NaN;
      break;
    }
    if (x[j] > max) max = x[j];
  }
  let sum = 0;
  for (let j = start; j < start + cols; j++) {
    const e = Math.exp(x[j] - max);
    y[j] = e;
    sum += e;
  }
  for (let j = start; j < start + cols; j++) y[j] /= sum;
}

/** Stable softmax of each row (see rows.h for NaN/Inf rules). */
export function softmaxRows(x: Float64Array, y: Float64Array, rows: number, cols: number): void {
  if (cols === 0) return; // a (2^40, 0) array is empty: do not walk its rows
  for (let i = 0; i < rows; i++) softmaxRow(x, y, i * cols, cols);
}

function normalizeRow(x: Float64Array, y: Float64Array, start: number, cols: number): void {
  const end = start + cols;
  let maxAbs = 0;
  let hasNaN = false;
  for (let j = start; j < end; j++) {
    const a = Math.abs(x[j]);
    if (Number.isNaN(a)) hasNaN = true;
    else if (a > maxAbs) maxAbs = a;
  }
  if (hasNaN) {
    y.fill(NaN, start, end);
    return;
  }
  if (maxAbs === 0) {
    for (let j = start; j < end; j++) y[j] = x[j];
    return;
  }
  if (maxAbs === Infinity) {
    for (let j = start; j < end; j++) y[j] = x[j] / maxAbs;
    return;
  }
  // Scale by an exact power of two so that the sum of squares cannot overflow
  // or underflow; split the factor in two so that neither overflows.
  const k = -(Math.floor(Math.log2(maxAbs)) + 1);
  const half = Math.trunc(k / 2);
  const f1 = 2 ** half;
  const f2 = 2 ** (k - half);
  let sumOfSquares = 0;
  for (let j = start; j < end; j++) {
    const s = x[j] * f1 * f2;
    sumOfSquares += s * s;
  }
  const norm = Math.sqrt(sumOfSquares);
  for (let j = start; j < end; j++) y[j] = (x[j] * f1 * f2) / norm;
}

/** Each row divided by its L2 norm, computed without overflow or underflow; all-zero rows stay zero. */
export function normalizeRows(x: Float64Array, y: Float64Array, rows: number, cols: number): void {
  if (cols === 0) return;
  for (let i = 0; i < rows; i++) normalizeRow(x, y, i * cols, cols);
}
