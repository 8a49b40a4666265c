/**
 * Plain-TypeScript twins of native/kernels/binary.cc's outer and native/blas/blas.cc (same signatures as the binding).
 * outer of Float32Arrays is exact IEEE float32 (a float32 product rounded once
 * from the exact double product); dot, matVec and matMul are float64 only: a
 * float32 product accumulates in float32 and always runs natively.
 */
import type { FloatArray } from '../dtype';

// multiply lives with its siblings; re-exported for the benchmarks that spread this module.
export { multiply } from './arithmetic';

export function outer(a: FloatArray, b: FloatArray, out: FloatArray): void {
  const nb = b.length;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < nb; j++) out[i * nb + j] = a[i] * b[j];
  }
}

export function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

export function matVec(a: Float64Array, rows: number, cols: number, x: Float64Array, y: Float64Array, transpose: boolean): void {
  if (!transpose) {
    for (let i = 0; i < rows; i++) {
      let sum = 0;
      for (let j = 0; j < cols; j++) sum += a[i * cols + j] * x[j];
      y[i] = sum;
    }
    return;
  }
  y.fill(0);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) y[j] += a[i * cols + j] * x[i];
  }
}

export function matMul(a: Float64Array, b: Float64Array, c: Float64Array, m: number, k: number, n: number): void {
  c.fill(0);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const s = a[i * k + p];
      for (let j = 0; j < n; j++) c[i * n + j] += s * b[p * n + j];
    }
  }
}
