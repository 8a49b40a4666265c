/**
 * Below these sizes (elements of the result) blaskit runs its TypeScript
 * twins (lib/reference/) instead of calling into C++: a native call costs
 * about 100-150 ns of fixed overhead here (checks, the Node-API call, thread
 * dispatch), which buys many elements of a plain loop. Measured on the
 * machine in README's Benchmarks with `npm run bench:basic`, where the
 * crossover shows as the size from which the native kernel wins.
 */
import type { JobOp } from '../binding';

export const JS_BELOW: Readonly<Partial<Record<JobOp, number>>> = {
  dot: 256,
  outer: 256,
  sigmoid: 8,
  sigmoidDerivative: 8,
  tanh: 8,
  tanhDerivative: 8,
  relu: 128,
  reluDerivative: 128,
  softmaxRows: 8,
  normalizeRows: 32,
  multiply: 96,
  // The same loop as multiply's, one operation per element (division's
  // latency is the same in JS and C++: the crossover is the call's cost).
  add: 96,
  subtract: 96,
  divide: 96,
};

/** The largest of them: the fast path's scratch size (lib/fast.ts). */
export const MAX_JS_BELOW = Math.max(...Object.values(JS_BELOW));
