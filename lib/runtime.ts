/** What blaskit runs on, and how many threads it may use. */
import type { NativeRuntimeInfo } from '../binding';
import { blaskitRangeError, invalidType } from './errors';
import { native } from './loader';
import { JS_BELOW } from './thresholds';

export interface RuntimeInfo extends NativeRuntimeInfo {
  simd: NativeRuntimeInfo['simd'] & {
    /** The target per kernel family (all families share one choice today). */
    families: { activations: string; rows: string; products: string };
  };
  threads: NativeRuntimeInfo['threads'] & {
    /** Per function: results smaller than this run in TypeScript, not C++. */
    typescriptBelow: Readonly<Record<string, number>>;
  };
}

/**
 * The SIMD target chosen for each kernel family (and whether
 * BLASKIT_DISABLE_TARGETS forced it), the thread count and the sizes from
 * which kernels split across threads or leave TypeScript for C++, and
 * OpenBLAS's version, config string, core (and why that core: the user's
 * OPENBLAS_CORETYPE, OpenBLAS's own pick, or blaskit's choice for a CPU
 * OpenBLAS does not know) and thread count.
 */
export function runtimeInfo(): RuntimeInfo {
  const info = native.runtimeInfo();
  const target = info.simd.target;
  return {
    simd: { ...info.simd, families: { activations: target, rows: target, products: target } },
    threads: { ...info.threads, typescriptBelow: { ...JS_BELOW } },
    blas: info.blas,
  };
}

/** The most threads setNumThreads accepts (the pool's and OpenBLAS's limit). */
export const MAX_THREADS = 64;

/**
 * Sets how many threads large kernels split across (the caller included) and
 * OpenBLAS computes with. The default is the CPUs the process may run on, or
 * the BLASKIT_NUM_THREADS environment variable. Process-wide: worker threads
 * share it. Kernels never wait for threads another call is using: they run
 * single-threaded then.
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE if `n` is not a number
 * @throws {RangeError} ERR_BLASKIT_OUT_OF_RANGE unless `n` is an integer from 1 to 64
 */
export function setNumThreads(n: number): void {
  if (typeof n !== 'number') throw invalidType('setNumThreads', 'n', 'an integer from 1 to 64', n);
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
    throw blaskitRangeError('ERR_BLASKIT_OUT_OF_RANGE', `setNumThreads: expected argument 'n' to be an integer from 1 to ${MAX_THREADS}, received ${n}`);
  }
  native.setNumThreads(n);
}
