/**
 * Plain-TypeScript twins of native/kernels/activations.cc, with the same
 * signatures as the native binding. Same formulas, so they agree with the
 * native kernels to within the few-ULP difference between V8's Math.exp /
 * Math.tanh and the C library's. Used by the tests as a reference.
 */

function apply(f: (v: number) => number, x: Float64Array, y: Float64Array): void {
  const n = x.length;
  for (let i = 0; i < n; i++) y[i] = f(x[i]);
}

/** 1/(1+e^-x), as e^x/(1+e^x) for negative x (no overflow; subnormal down to -745.13). */
export function sigmoidScalar(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/** e/(1+e)^2 with e = e^-|x|: no cancellation for large |x|. */
export function sigmoidDerivativeScalar(v: number): number {
  const e = Math.exp(-Math.abs(v));
  const q = 1 + e;
  return e / q / q;
}

/** (2e/(1+e^2))^2 with e = e^-|x|: 1 - tanh^2 without cancellation. */
export function tanhDerivativeScalar(v: number): number {
  const e = Math.exp(-Math.abs(v));
  const q = (2 * e) / (1 + e * e);
  return q * q;
}

export function reluScalar(v: number): number {
  return v < 0 ? 0 : v;
}

export function reluDerivativeScalar(v: number): number {
  return v > 0 ? 1 : 0;
}

export function sigmoid(x: Float64Array, y: Float64Array): void {
  apply(sigmoidScalar, x, y);
}
export function sigmoidDerivative(x: Float64Array, y: Float64Array): void {
  apply(sigmoidDerivativeScalar, x, y);
}
export function tanh(x: Float64Array, y: Float64Array): void {
  apply(Math.tanh, x, y);
}
export function tanhDerivative(x: Float64Array, y: Float64Array): void {
  apply(tanhDerivativeScalar, x, y);
}
export function relu(x: Float64Array, y: Float64Array): void {
  apply(reluScalar, x, y);
}
export function reluDerivative(x: Float64Array, y: Float64Array): void {
  apply(reluDerivativeScalar, x, y);
}
