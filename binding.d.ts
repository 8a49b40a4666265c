/**
 * The raw native module (build/Release/blaskit.node or prebuilds/), as loaded
 * by lib/loader.ts. Every array is a Float64Array or a Float32Array borrowed
 * from JS (views with a byteOffset included), and all the arrays of one call
 * are of the same type (a `null` bias aside): float64 kernels for
 * Float64Arrays, float32 kernels for Float32Arrays (the type parameter `T`
 * below; a call that mixes them throws a TypeError with code
 * ERR_BLASKIT_NATIVE_ARGUMENT). Outputs are written in place and never allocated by
 * C++. Each function re-checks every length it relies on and throws a
 * TypeError/RangeError with code ERR_BLASKIT_NATIVE_ARGUMENT otherwise. Callers
 * are the public wrappers in lib/, which have already validated everything.
 */
export interface NativeBinding {
  /** y[i] = 1 / (1 + e^-x[i]); x and y of equal length, may be the same array. */
  sigmoid<T extends NativeFloatArray>(x: T, y: T): void;
  /** y[i] = sigmoid(x[i]) * (1 - sigmoid(x[i])). */
  sigmoidDerivative<T extends NativeFloatArray>(x: T, y: T): void;
  tanh<T extends NativeFloatArray>(x: T, y: T): void;
  /** y[i] = 1 - tanh(x[i])^2. */
  tanhDerivative<T extends NativeFloatArray>(x: T, y: T): void;
  /** y[i] = x[i] < 0 ? 0 : x[i]. */
  relu<T extends NativeFloatArray>(x: T, y: T): void;
  /** y[i] = x[i] > 0 ? 1 : 0. */
  reluDerivative<T extends NativeFloatArray>(x: T, y: T): void;
  /** Stable softmax of each row of a rows x cols matrix; x.length = y.length = rows * cols. */
  softmaxRows<T extends NativeFloatArray>(x: T, y: T, rows: number, cols: number): void;
  /** Each row divided by its L2 norm (all-zero rows stay zero). */
  normalizeRows<T extends NativeFloatArray>(x: T, y: T, rows: number, cols: number): void;
  /**
   * out[i * cols + j] = a[i * aRowStride + j * aColStride] * b[i * bRowStride + j * bColStride];
   * a stride of 0 broadcasts. out.length = rows * cols.
   */
  multiply: StridedBinary;
  /** As multiply, with a + b. */
  add: StridedBinary;
  /** As multiply, with a - b. */
  subtract: StridedBinary;
  /** As multiply, with a / b (IEEE: x / 0 is ±Infinity or NaN). */
  divide: StridedBinary;
  /** out[i * b.length + j] = a[i] * b[j]; out.length = a.length * b.length. */
  outer<T extends NativeFloatArray>(a: T, b: T, out: T): void;
  /** sum(a[i] * b[i]) (ddot; sdot for Float32Arrays, whose float32 sum is returned as a number); a.length = b.length. */
  dot<T extends NativeFloatArray>(a: T, b: T): number;
  /** y = A x, or A^T x with `transpose`; A is rows x cols, row-major. blaskit's small kernels up to 256² elements of A, else dgemv. */
  matVec<T extends NativeFloatArray>(a: T, rows: number, cols: number, x: T, y: T, transpose: boolean): void;
  /** C = A B with A m x k, B k x n, C m x n, row-major: blaskit's small kernels up to 128³ multiply-adds (native/kernels/products.h), else dgemm. */
  matMul<T extends NativeFloatArray>(a: T, b: T, c: T, m: number, k: number, n: number): void;
  /** As matVec, always on OpenBLAS (for tests and benchmarks of the small-product kernels). */
  blasMatVec<T extends NativeFloatArray>(a: T, rows: number, cols: number, x: T, y: T, transpose: boolean): void;
  /** As matMul, always on OpenBLAS. */
  blasMatMul<T extends NativeFloatArray>(a: T, b: T, c: T, m: number, k: number, n: number): void;
  /**
   * y (m x n) = activation(x (m x k) w (k x n) + bias), fused (native/kernels/dense.h);
   * bias holds n elements, or null for none; activation 0 none, 1 relu,
   * 2 sigmoid, 3 tanh, 4 softmax over each row. y must not overlap the inputs.
   */
  dense<T extends NativeFloatArray>(x: T, w: T, bias: T | null, y: T, m: number, k: number, n: number, activation: number): void;
  /**
   * Runs kernel `op` on the libuv pool. `inputs` are copied into job-owned
   * memory before this returns (so the caller may detach or reuse them at
   * once); the result is computed into job-owned memory and copied into
   * `destination` on the event loop thread, which re-reads its length then:
   * a destination detached meanwhile rejects with ERR_BLASKIT_DETACHED.
   * `params` per op: softmaxRows/normalizeRows [rows, cols]; add/subtract/multiply/divide
   * [ndim, ...dims, ...stridesA, ...stridesB]; matVec [rows, cols, transpose 0|1];
   * matMul [m, k, n]; dense [m, k, n, activation] with inputs [x, w] or [x, w, bias]; the others [].
   * `privateDestination`: true only for a fresh array nobody else can reach
   * until the Promise settles; the job then writes into it directly from the
   * pool (no copy). A caller's `out` must pass false.
   */
  runAsync<T extends NativeFloatArray>(op: JobOp, inputs: T[], params: number[], destination: T, privateDestination: boolean): Promise<void>;
  /**
   * Advises the kernel to back the 2 MiB-aligned pages wholly inside `array`'s
   * bytes with transparent huge pages, so that their first write faults 2 MiB
   * at a time (about 0.5 ns per double instead of 3.3 with 4 KiB pages). For
   * fresh results before anything writes them; the memory stays V8's and its
   * contents are never changed. Returns the bytes advised: 0 when no aligned
   * 2 MiB page fits, off Linux, or where the kernel has no THP.
   */
  adviseHugePages(array: NativeFloatArray): number;
  /** OpenBLAS's config string: version, target and threading. */
  blasConfig(): string;
  /** What the kernels run on: see lib/runtime.ts. */
  runtimeInfo(): NativeRuntimeInfo;
  /** Threads for large kernels and OpenBLAS, 1..64 (lib/runtime.ts validates). */
  setNumThreads(n: number): void;
}

/** The typed arrays the native functions take (all of one call of the same type). */
export type NativeFloatArray = Float64Array | Float32Array;

/** A strided 2-D elementwise kernel of two operands (multiply, add, subtract, divide). */
export type StridedBinary = <T extends NativeFloatArray>(
  a: T,
  aRowStride: number,
  aColStride: number,
  b: T,
  bRowStride: number,
  bColStride: number,
  out: T,
  rows: number,
  cols: number,
) => void;

/** The kernels `runAsync` can run. */
export type JobOp =
  | 'sigmoid'
  | 'sigmoidDerivative'
  | 'tanh'
  | 'tanhDerivative'
  | 'relu'
  | 'reluDerivative'
  | 'softmaxRows'
  | 'normalizeRows'
  | 'add'
  | 'subtract'
  | 'multiply'
  | 'divide'
  | 'outer'
  | 'dot'
  | 'matVec'
  | 'matMul'
  | 'dense';

/** runtimeInfo() of the native module. */
export interface NativeRuntimeInfo {
  simd: {
    /** The SIMD target every kernel family runs on. */
    target: 'avx512' | 'avx2' | 'baseline';
    /** True when BLASKIT_DISABLE_TARGETS ruled out a better target this CPU has. */
    forced: boolean;
    /** BLASKIT_DISABLE_TARGETS as read at load ('' when unset). */
    disabled: string;
    /** The targets this build and CPU support, best first. */
    supported: string[];
  };
  threads: {
    /** Threads a large kernel splits across, the caller included. */
    count: number;
    /** Elements from which the kernels split: exp-based ones, and memory-bound ones. */
    parallelFrom: { expKernels: number; streaming: number };
  };
  /** core: the OpenBLAS kernel family products run on; coreReason: why (OpenBLAS's pick, the user's OPENBLAS_CORETYPE, or blaskit's choice for a CPU OpenBLAS does not know: native/blas/core_choice.h). */
  blas: { version: string; config: string; core: string; coreReason: string; threads: number };
}
