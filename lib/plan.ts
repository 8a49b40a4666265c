/**
 * A checked call, ready to run: which kernel, on which borrowed inputs, with
 * which plain-number parameters, into which destination. Every public function
 * builds one (all argument checking happens there) and then runs it, either
 * synchronously on the caller's memory or as an async job (lib/async.ts).
 */
import type { JobOp, NativeBinding } from '../binding';
import { native } from './loader';
import { readableAlongside, type Destination } from './operands';
import * as activationTwins from './reference/activations';
import * as arithmeticTwins from './reference/arithmetic';
import * as productTwins from './reference/products';
import * as rowTwins from './reference/rows';
import { JS_BELOW } from './thresholds';
import type { FloatArray } from './dtype';

/** The kernels the TypeScript twins stand in for at small sizes (same signatures as the binding). */
type Kernels = Pick<
  NativeBinding,
  'sigmoid' | 'sigmoidDerivative' | 'tanh' | 'tanhDerivative' | 'relu' | 'reluDerivative' | 'softmaxRows' | 'normalizeRows' | 'add' | 'subtract' | 'multiply' | 'divide' | 'outer' | 'dot'
>;
// The dot twin sums in float64: runsInTypeScript never gives it a float32 plan.
const twins: Kernels = { ...activationTwins, ...rowTwins, ...arithmeticTwins, outer: productTwins.outer, dot: productTwins.dot as Kernels['dot'] };

export interface KernelPlan {
  readonly op: JobOp;
  /** All of the destination's dtype (lib/operands.ts operandData). */
  readonly inputs: readonly FloatArray[];
  /** Plain numbers, as binding.d.ts documents for `runAsync`. */
  readonly params: readonly number[];
  readonly dest: Destination;
  /**
   * Per input: may the kernel read it while writing `dest` at the same index
   * (true for elementwise and row kernels)? Otherwise any overlap with `dest`
   * makes the synchronous path copy the input first.
   */
  readonly inPlaceSafe: readonly boolean[];
}

/**
 * True when `plan` is small enough for the TypeScript twins (JS_BELOW): its
 * result's size, or for a vector·vector dot the vectors' length. A float32
 * dot never is: it accumulates in float32, natively (the twin sums in float64).
 */
export function runsInTypeScript(plan: KernelPlan): boolean {
  // dense runs natively, but its activation runs in the twins where the
  // unfused call's would: then an async call computes at once too.
  if (plan.op === 'dense') return denseTwinActivation(plan) !== undefined;
  if (plan.op === 'dot' && plan.dest.data instanceof Float32Array) return false;
  const size = plan.op === 'dot' ? plan.inputs[0].length : plan.dest.data.length;
  return size < (JS_BELOW[plan.op] ?? 0);
}

/**
 * Runs `plan` on the caller's memory and returns the result. Results smaller
 * than JS_BELOW run in the TypeScript twins: same results (the twins follow
 * the baseline target's arithmetic: see native/kernels/simd/math.h), without
 * the native call's fixed cost. Every array of a plan is of one dtype, so the
 * twins and the native kernels get one type per call.
 */
export function runSync(plan: KernelPlan): unknown {
  const { op, params, dest } = plan;
  const y = dest.data;
  const inputs = plan.inputs.map((input, i) => readableAlongside(input, y, plan.inPlaceSafe[i]));
  const kernels: Kernels = runsInTypeScript(plan) ? twins : native;
  switch (op) {
    case 'softmaxRows':
    case 'normalizeRows':
      kernels[op](inputs[0], y, params[0], params[1]);
      break;
    case 'add':
    case 'subtract':
    case 'multiply':
    case 'divide':
      broadcastBlocks(kernels[op], inputs[0], inputs[1], y, params);
      break;
    case 'outer':
      kernels.outer(inputs[0], inputs[1], y);
      break;
    case 'dot':
      y[0] = kernels.dot(inputs[0], inputs[1]);
      break;
    case 'matVec':
      native.matVec(inputs[0], params[0], params[1], inputs[1], y, params[2] === 1);
      break;
    case 'matMul':
      native.matMul(inputs[0], inputs[1], y, params[0], params[1], params[2]);
      break;
    case 'dense': {
      const twin = denseTwinActivation(plan);
      native.dense(inputs[0], inputs[1], inputs[2] ?? null, y, params[0], params[1], params[2], twin === undefined ? params[3] : 0);
      twin?.(y, params[0], params[2]);
      break;
    }
    default:
      kernels[op](inputs[0], y);
  }
  return dest.result();
}

/**
 * Dense's activation codes (lib/dense.ts ACTIVATION_CODES), as the twins and
 * JS_BELOW name them; none and relu are undefined: relu's twin gives the
 * kernel's bits on every target (the others may differ in the last bit from
 * the AVX2 and AVX-512 kernels).
 */
const denseActivationOps = [undefined, undefined, 'sigmoid', 'tanh', 'softmaxRows'] as const;

/** Dense results below this size may run their activation in the twins (lib/dense.ts's fast path leaves them to runSync). */
export const DENSE_TWIN_BELOW = Math.max(...denseActivationOps.map((op) => (op === undefined ? 0 : (JS_BELOW[op] ?? 0))));

/**
 * The TypeScript twin that applies a dense plan's activation in place on its
 * (m × n) result, when the unfused activation of a result that small would
 * run in the twins (below JS_BELOW), so that dense gives the unfused bits;
 * undefined when the native kernel applies it.
 */
function denseTwinActivation(plan: KernelPlan): ((y: FloatArray, rows: number, cols: number) => void) | undefined {
  const op = denseActivationOps[plan.params[3]];
  if (op === undefined || plan.dest.data.length >= (JS_BELOW[op] ?? 0)) return undefined;
  if (op === 'softmaxRows') return (y, rows, cols) => twins.softmaxRows(y, y, rows, cols);
  const twin = twins[op];
  return (y) => twin(y, y);
}

/**
 * The synchronous add/subtract/multiply/divide of a broadcast plan [ndim,
 * ...dims, ...stridesA, ...stridesB]: the last two dims go to the 2-D
 * `kernel`, any dims before them are walked here, one call per 2-D block.
 */
function broadcastBlocks(kernel: Kernels['multiply'], a: FloatArray, b: FloatArray, out: FloatArray, params: readonly number[]): void {
  const size = out.length;
  if (size === 0) return;
  const ndim = params[0];
  const dims = params.slice(1, 1 + ndim);
  const stridesA = params.slice(1 + ndim, 1 + 2 * ndim);
  const stridesB = params.slice(1 + 2 * ndim);
  while (dims.length < 2) {
    dims.unshift(1);
    stridesA.unshift(0);
    stridesB.unshift(0);
  }
  const lead = dims.length - 2;
  const [rows, cols] = [dims[lead], dims[lead + 1]];
  if (lead === 0) {
    kernel(a, stridesA[0], stridesA[1], b, stridesB[0], stridesB[1], out, rows, cols);
    return;
  }
  const index = new Array<number>(lead).fill(0);
  for (let start = 0; start < size; start += rows * cols) {
    let offsetA = 0;
    let offsetB = 0;
    for (let d = 0; d < lead; d++) {
      offsetA += index[d] * stridesA[d];
      offsetB += index[d] * stridesB[d];
    }
    kernel(a.subarray(offsetA), stridesA[lead], stridesA[lead + 1], b.subarray(offsetB), stridesB[lead], stridesB[lead + 1], out.subarray(start, start + rows * cols), rows, cols);
    for (let d = lead - 1; d >= 0; d--) {
      if (++index[d] < dims[d]) break;
      index[d] = 0;
    }
  }
}
