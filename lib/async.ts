/**
 * Promise versions of every function, computed on the libuv thread pool so
 * that a large `dot` does not freeze a server's event loop: `sigmoidAsync`,
 * `dotAsync`, ... (the sync name plus `Async`). Arguments are checked exactly
 * as the sync functions check them, and a bad argument rejects the Promise
 * (never a synchronous throw) with the same class, `code` and message.
 *
 * Safety against the caller: the inputs are copied into memory the job owns
 * before the function returns (the caller may then transfer, detach, reuse or
 * drop them at once). The result goes into a fresh array that nobody but the
 * job can reach until the Promise settles (a pooled result, which shares its
 * slab with other results, is computed in the job's memory and copied in at
 * the end, as `out` is); with `out`, the job computes into
 * its own memory and the result is copied into `out` on the event loop thread
 * when the job ends, after checking `out` is still attached (else the Promise
 * rejects with ERR_BLASKIT_DETACHED). Nothing the caller does can make a job
 * read freed memory or write into memory blaskit does not own.
 * The cost: one copy of the inputs on the calling thread, into fresh memory
 * (large copies use huge pages; for a 1e7-element input measured here 10-15 ms
 * of event-loop time in most calls, 40-130 ms in one of five to ten, spent
 * allocating and filling the fresh memory, most likely in page faults; the
 * copies are freed on the pool thread when the kernel is done), and, with
 * `out`, one more copy of the result at the end.
 * Results small enough that the sync function computes them in
 * TypeScript (lib/thresholds.ts) are computed at once the same way, and the
 * Promise resolves with the same bits the sync function gives.
 */
import type { JobOp } from '../binding';
import { native } from './loader';
import { NDArray } from './ndarray';
import { blaskitTypeError } from './errors';
import { isDetached, isPooled } from './buffers';
import { elementwisePlan } from './activations';
import { rowPlan } from './rows';
import { planDot, planOuter, type DotResult } from './products';
import { planBinary, type BinaryOp } from './arithmetic';
import { planDense, type DenseOptions, type DenseResult } from './dense';
import { imageAsColumn } from './image';
import type { CommonArray, Input, Out, ResultOf, ResultOf2 } from './operands';
import { arrayType, dtypeOf, type FloatArray } from './dtype';
import { runSync, runsInTypeScript, type KernelPlan } from './plan';

/** Replaces a job error's empty native stack with the stack of the call that started the job. */
function atCallSite(fn: string, error: unknown, callSite: { stack?: string }): unknown {
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: string }).code;
  const rewritten =
    code === 'ERR_BLASKIT_DETACHED'
      ? blaskitTypeError('ERR_BLASKIT_DETACHED', `${fn}: option 'out' was detached, transferred or resized while the job ran; the result was not written`)
      : Object.assign(error, { message: `${fn}: ${error.message}` });
  const frames = callSite.stack?.split('\n').slice(1).join('\n') ?? '';
  rewritten.stack = `${rewritten.name}: ${rewritten.message}\n${frames}`;
  return rewritten;
}

/** Checks and plans synchronously (rejecting on a bad argument), then runs the plan on the pool. */
function startJob(fn: string, caller: (...args: never[]) => unknown, plan: () => KernelPlan): Promise<unknown> {
  const callSite: { stack?: string } = {};
  Error.captureStackTrace(callSite, caller);
  let checked: KernelPlan;
  let job: Promise<void>;
  try {
    checked = plan();
    // Inputs the sync function computes in TypeScript are computed here too,
    // now: a job would cost ~25 µs more than the work, and this way sync and
    // async give the same bits at every size.
    if (runsInTypeScript(checked)) return computedAtOnce(fn, checked);
    // A pooled result shares its ArrayBuffer with other results (lib/buffers.ts):
    // the job computes it in its own memory and copies it in at the end.
    // The plan's inputs and destination are all of one dtype (lib/operands.ts operandData).
    job = native.runAsync(checked.op, checked.inputs as FloatArray[], checked.params as number[], checked.dest.data, checked.dest.fresh && !isPooled(checked.dest.data));
  } catch (error) {
    return Promise.reject(error);
  }
  return job.then(
    () => checked.dest.result(),
    (error: unknown) => {
      throw atCallSite(fn, error, callSite);
    },
  );
}

/**
 * A small plan computed now, in TypeScript, as the sync function would. A
 * caller's `out` is filled when the Promise settles, as a job's would be: if
 * the caller detached it meanwhile, the Promise rejects with
 * ERR_BLASKIT_DETACHED and nothing is written.
 */
function computedAtOnce(fn: string, plan: KernelPlan): Promise<unknown> {
  if (plan.dest.fresh) return Promise.resolve(runSync(plan));
  const out = plan.dest.data;
  const result = new (arrayType(dtypeOf(out)))(out.length);
  runSync({ ...plan, dest: { data: result, fresh: true, result: () => result } });
  return Promise.resolve().then(() => {
    if (isDetached(out) || out.length !== result.length) {
      throw blaskitTypeError('ERR_BLASKIT_DETACHED', `${fn}: option 'out' was detached, transferred or resized before the result was written; the result was not written`);
    }
    if (result.length > 0) out.set(result); // (an empty view pushed out of bounds refuses even an empty set)
    return plan.dest.result();
  });
}

/** An async elementwise function: `fAsync(x)` or `fAsync(x, { out })`. */
export interface AsyncElementwiseFunction {
  <O extends Out>(x: Input, options: { out: O }): Promise<O>;
  <X extends Input>(x: X, options?: { out?: undefined }): Promise<ResultOf<X>>;
}

function elementwiseAsync(op: Extract<JobOp, 'sigmoid' | 'sigmoidDerivative' | 'tanh' | 'tanhDerivative' | 'relu' | 'reluDerivative'>): AsyncElementwiseFunction {
  const fn = `${op}Async`;
  const f = (x: unknown, options?: unknown): Promise<unknown> => startJob(fn, f, () => elementwisePlan(fn, op, x, options));
  Object.defineProperty(f, 'name', { value: fn });
  return f as AsyncElementwiseFunction;
}

function rowsAsync(name: 'softmax' | 'normalizeRows', op: 'softmaxRows' | 'normalizeRows'): AsyncElementwiseFunction {
  const fn = `${name}Async`;
  const f = (x: unknown, options?: unknown): Promise<unknown> => startJob(fn, f, () => rowPlan(fn, op, x, options));
  Object.defineProperty(f, 'name', { value: fn });
  return f as AsyncElementwiseFunction;
}

/** {@link sigmoid} on the thread pool. Rejects as `sigmoid` throws. */
export const sigmoidAsync = elementwiseAsync('sigmoid');
/** {@link sigmoidDerivative} on the thread pool. */
export const sigmoidDerivativeAsync = elementwiseAsync('sigmoidDerivative');
/** {@link tanh} on the thread pool. */
export const tanhAsync = elementwiseAsync('tanh');
/** {@link tanhDerivative} on the thread pool. */
export const tanhDerivativeAsync = elementwiseAsync('tanhDerivative');
/** {@link relu} on the thread pool. */
export const reluAsync = elementwiseAsync('relu');
/** {@link reluDerivative} on the thread pool. */
export const reluDerivativeAsync = elementwiseAsync('reluDerivative');
/** {@link softmax} on the thread pool. */
export const softmaxAsync = rowsAsync('softmax', 'softmaxRows');
/** {@link normalizeRows} on the thread pool. */
export const normalizeRowsAsync = rowsAsync('normalizeRows', 'normalizeRows');

/** An async broadcasting function (addAsync, subtractAsync, multiplyAsync, divideAsync). */
export interface AsyncBroadcastFunction {
  <O extends Out>(a: Input, b: Input, options: { out: O }): Promise<O>;
  <A extends Input, B extends Input>(a: A, b: B, options?: { out?: undefined }): Promise<ResultOf2<A, B>>;
}

function broadcastAsync(op: BinaryOp): AsyncBroadcastFunction {
  const fn = `${op}Async`;
  const f = (a: unknown, b: unknown, options?: unknown): Promise<unknown> => startJob(fn, f, () => planBinary(op, fn, a, b, options));
  Object.defineProperty(f, 'name', { value: fn });
  return f as AsyncBroadcastFunction;
}

/** {@link add} on the thread pool. */
export const addAsync = broadcastAsync('add');
/** {@link subtract} on the thread pool. */
export const subtractAsync = broadcastAsync('subtract');
/** {@link multiply} on the thread pool. */
export const multiplyAsync = broadcastAsync('multiply');
/** {@link divide} on the thread pool. */
export const divideAsync = broadcastAsync('divide');

/**
 * {@link dot} on the thread pool: a 2048×2048 product (about 140 ms here)
 * leaves the event loop free. OpenBLAS calls are serialised process-wide, so
 * concurrent jobs queue for the BLAS rather than oversubscribe the cores.
 * @throws never; rejects with the errors `dot` throws
 */
export function dotAsync<O extends Out>(a: Input, b: Input, options: { out: O }): Promise<O>;
export function dotAsync<A extends Input, B extends Input>(a: A, b: B, options?: { out?: undefined }): Promise<DotResult<A, B>>;
export function dotAsync(a: Input, b: Input, options?: { out?: Out }): Promise<unknown> {
  return startJob('dotAsync', dotAsync, () => planDot('dotAsync', a, b, options));
}

/** {@link outer} on the thread pool. */
export function outerAsync<O extends Out>(a: Input, b: Input, options: { out: O }): Promise<O>;
export function outerAsync<A extends Input, B extends Input>(a: A, b: B, options?: { out?: undefined }): Promise<NDArray<CommonArray<A, B>>>;
export function outerAsync(a: Input, b: Input, options?: { out?: Out }): Promise<unknown> {
  return startJob('outerAsync', outerAsync, () => planOuter('outerAsync', a, b, options));
}

/**
 * {@link dense} on the thread pool, for servers: the layer's product, bias
 * and activation run as one job (the same bits as `dense`).
 * @throws never; rejects with the errors `dense` throws
 */
export function denseAsync<O extends Out>(x: Input, weights: Input, bias: Input | null | undefined, options: DenseOptions<O> & { out: O }): Promise<O>;
export function denseAsync<X extends Input, W extends Input, B extends Input | null | undefined = undefined>(x: X, weights: W, bias?: B, options?: DenseOptions<undefined>): Promise<DenseResult<X, W, B>>;
export function denseAsync(x: Input, weights: Input, bias?: Input | null, options?: DenseOptions): Promise<unknown> {
  return startJob('denseAsync', denseAsync, () => planDense('denseAsync', x, weights, bias, options));
}

/**
 * {@link image2vector}, as a Promise for symmetry: it is a view (no work), or a
 * copy into `out` made at once on the calling thread.
 */
export function image2vectorAsync<O extends Out>(image: Input, options: { out: O }): Promise<O>;
export function image2vectorAsync<X extends Input>(image: X, options?: { out?: undefined }): Promise<NDArray<CommonArray<X>>>;
export function image2vectorAsync(image: Input, options?: { out?: Out }): Promise<NDArray<FloatArray> | Out> {
  try {
    return Promise.resolve(imageAsColumn('image2vectorAsync', image, options));
  } catch (error) {
    return Promise.reject(error);
  }
}
