/**
 * The raw native module (build/Release/blaskit.node or prebuilds/), as loaded
 * by lib/loader.ts. Every array is a Float64Array borrowed from JS (views with
 * a byteOffset included); outputs are written in place and never allocated by
 * C++. Each function re-checks every length it relies on and throws a
 * TypeError/RangeError with code ERR_BLASKIT_NATIVE_ARGUMENT otherwise. Callers
 * are the public wrappers in lib/, which have already validated everything.
 */
export interface NativeBinding {
  /** y[i] = 1 / (1 + e^-x[i]); x and y of equal length, may be the same array. */
  sigmoid(x: Float64Array, y: Float64Array): void;
  /** y[i] = sigmoid(x[i]) * (1 - sigmoid(x[i])). */
  sigmoidDerivative(x: Float64Array, y: Float64Array): void;
  tanh(x: Float64Array, y: Float64Array): void;
  /** y[i] = 1 - tanh(x[i])^2. */
  tanhDerivative(x: Float64Array, y: Float64Array): void;
  /** y[i] = x[i] < 0 ? 0 : x[i]. */
  relu(x: Float64Array, y: Float64Array): void;
  /** y[i] = x[i] > 0 ? 1 : 0. */
  reluDerivative(x: Float64Array, y: Float64Array): void;
  /** Stable softmax of each row of a rows x cols matrix; x.length = y.length = rows * cols. */
  softmaxRows(x: Float64Array, y: Float64Array, rows: number, cols: number): void;
  /** Each row divided by its L2 norm (all-zero rows stay zero). */
  normalizeRows(x: Float64Array, y: Float64Array, rows: number, cols: number): void;
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
  outer(a: Float64Array, b: Float64Array, out: Float64Array): void;
  /** sum(a[i] * b[i]) (ddot); a.length = b.length. */
  dot(a: Float64Array, b: Float64Array): number;
  /** y = A x, or A^T x with `transpose`; A is rows x cols, row-major. blaskit's small kernels up to 256² elements of A, else dgemv. */
  matVec(a: Float64Array, rows: number, cols: number, x: Float64Array, y: Float64Array, transpose: boolean): void;
  /** C = A B with A m x k, B k x n, C m x n, row-major: blaskit's small kernels up to 128³ multiply-adds (native/kernels/products.h), else dgemm. */
  matMul(a: Float64Array, b: Float64Array, c: Float64Array, m: number, k: number, n: number): void;
  /** As matVec, always on OpenBLAS (for tests and benchmarks of the small-product kernels). */
  blasMatVec(a: Float64Array, rows: number, cols: number, x: Float64Array, y: Float64Array, transpose: boolean): void;
  /** As matMul, always on OpenBLAS. */
  blasMatMul(a: Float64Array, b: Float64Array, c: Float64Array, m: number, k: number, n: number): void;
  /**
   * y (m x n) = activation(x (m x k) w (k x n) + bias), fused (native/kernels/dense.h);
   * bias holds n elements, or null for none; activation 0 none, 1 relu,
   * 2 sigmoid, 3 tanh, 4 softmax over each row. y must not overlap the inputs.
   */
  dense(x: Float64Array, w: Float64Array, bias: Float64Array | null, y: Float64Array, m: number, k: number, n: number, activation: number): void;
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
  runAsync(op: JobOp, inputs: Float64Array[], params: number[], destination: Float64Array, privateDestination: boolean): Promise<void>;
  /**
   * Advises the kernel to back the 2 MiB-aligned pages wholly inside `array`'s
   * bytes with transparent huge pages, so that their first write faults 2 MiB
   * at a time (about 0.5 ns per double instead of 3.3 with 4 KiB pages). For
   * fresh results before anything writes them; the memory stays V8's and its
   * contents are never changed. Returns the bytes advised: 0 when no aligned
   * 2 MiB page fits, off Linux, or where the kernel has no THP.
   */
  adviseHugePages(array: Float64Array): number;
  /** OpenBLAS's config string: version, target and threading. */
  blasConfig(): string;
  /** What the kernels run on: see lib/runtime.ts. */
  runtimeInfo(): NativeRuntimeInfo;
  /** Threads for large kernels and OpenBLAS, 1..64 (lib/runtime.ts validates). */
  setNumThreads(n: number): void;
}

/** A strided 2-D elementwise kernel of two operands (multiply, add, subtract, divide). */
export type StridedBinary = (
  a: Float64Array,
  aRowStride: number,
  aColStride: number,
  b: Float64Array,
  bRowStride: number,
  bColStride: number,
  out: Float64Array,
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
