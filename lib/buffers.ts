/** Memory checks and allocation: detached buffers, overlap, result allocation. */
import { types } from 'node:util';
import { markAsUntransferable } from 'node:worker_threads';
import { argName, blaskitRangeError, formatShape, blaskitTypeError } from './errors';
import { arrayType, isFloatArray, type DType, type FloatArray } from './dtype';
import { native } from './loader';

export { isFloatArray };

/** A real Float64Array (by its internal slot: see isFloatArray). */
export function isFloat64Array(value: unknown): value is Float64Array {
  return types.isFloat64Array(value);
}

/** A real Float32Array (by its internal slot: see isFloatArray). */
export function isFloat32Array(value: unknown): value is Float32Array {
  return types.isFloat32Array(value);
}

/**
 * `view` itself, or, when own properties (or a prototype other than its
 * type's own, Float64Array.prototype or Float32Array.prototype) shadow its
 * `length`, `byteLength`, `byteOffset` or `buffer`, a new view of exactly the
 * same memory and type built from the real accessors (no copy). Everything
 * after this trusts what it reads.
 */
export function trustedView<T extends FloatArray>(view: T): T {
  const Type = types.isFloat32Array(view) ? Float32Array : Float64Array;
  if (Object.getPrototypeOf(view) === Type.prototype && !Object.hasOwn(view, 'length') && !Object.hasOwn(view, 'byteLength') && !Object.hasOwn(view, 'byteOffset') && !Object.hasOwn(view, 'buffer')) {
    return view;
  }
  return new Type(bufferOf.call(view) as ArrayBuffer, byteOffsetOf.call(view) as number, lengthOf.call(view) as number) as T;
}

// The real accessors of every typed array, for views whose own properties
// shadow them (Object.defineProperty(x, 'length', { get: () => 1e12 })).
const typedArrayPrototype = Object.getPrototypeOf(Float64Array.prototype) as object;
const intrinsic = (name: string) => Object.getOwnPropertyDescriptor(typedArrayPrototype, name)!.get!;
const bufferOf = intrinsic('buffer');
const byteOffsetOf = intrinsic('byteOffset');
const lengthOf = intrinsic('length');
const byteLengthOf = intrinsic('byteLength');

/** The view's element count from the real accessor (own properties cannot lie; 0 once detached or out of bounds). */
export function realLength(view: FloatArray): number {
  return lengthOf.call(view) as number;
}

/** True if the ArrayBuffer behind `view` was detached (transferred to a worker, say). */
export function isDetached(view: FloatArray): boolean {
  // A detached buffer reports byteLength 0; only then is the (throwing)
  // construction needed to tell it from an empty one. Node 20 has no
  // ArrayBuffer.prototype.detached. The real accessors are used: own
  // properties of the view may lie.
  const buffer = bufferOf.call(view) as ArrayBufferLike;
  if ((byteLengthOf.call(view) as number) !== 0 || buffer.byteLength !== 0) return false;
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}

/** @throws {TypeError} ERR_BLASKIT_DETACHED if the buffer behind `view` was detached. */
export function checkNotDetached(fn: string, arg: string, view: FloatArray): void {
  if (isDetached(view)) {
    throw blaskitTypeError('ERR_BLASKIT_DETACHED', `${fn}: ${argName(arg)} is backed by a detached ArrayBuffer (it was transferred or detached); pass an array whose memory is still attached`);
  }
}

/** True if `a` and `b` are the very same elements of the same buffer (same bytes, same type). */
export function sameView(a: FloatArray, b: FloatArray): boolean {
  return a.buffer === b.buffer && a.byteOffset === b.byteOffset && a.byteLength === b.byteLength && types.isFloat32Array(a) === types.isFloat32Array(b);
}

/** True if `a` and `b` share at least one byte of memory. */
export function overlaps(a: FloatArray, b: FloatArray): boolean {
  if (a.buffer !== b.buffer || a.length === 0 || b.length === 0) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/**
 * Results of at least this many bytes (2 MiB, one huge page) are advised to
 * use transparent huge pages (native/memory/fresh.h). Smaller ones cannot hold
 * an aligned huge page, and glibc usually serves them from memory it recycles,
 * already touched.
 */
export const HUGE_PAGE_BYTES = 2 * 1024 * 1024;
/** HUGE_PAGE_BYTES in float64 elements (float32 results need twice as many). */
export const HUGE_PAGE_ELEMENTS = HUGE_PAGE_BYTES / Float64Array.BYTES_PER_ELEMENT;

/**
 * BLASKIT_MADVISE_HUGEPAGE=0 turns the advice off, as NUMPY_MADVISE_HUGEPAGE=0
 * does numpy's. Meant for virtual machines with virtio-balloon free page
 * reporting, which hands free 2 MiB blocks back to the host: a process whose
 * footprint grows gets huge pages the host must fault in again, measured at
 * 5-27 ns per double on first touch against 4-12 with 4 KiB pages. (Memory
 * freed and reused soon, the usual case, is not affected: 0.5-0.7 ns.)
 */
const adviseHugePages = process.env.BLASKIT_MADVISE_HUGEPAGE !== '0';

/*
 * The result pool. Why: on Node 20 `new Float64Array(n)` costs 0.3-3 µs per
 * call for n = 9..1024 (an off-heap ArrayBuffer: its backing store, its
 * bookkeeping and its share of garbage collection), while a view into an
 * existing ArrayBuffer costs 25-50 ns (the same for Float32Array). Results of
 * 1 to POOL_MAX_ELEMENTS elements, float64 or float32, are therefore views
 * into a shared slab (both dtypes share this thread's slabs), as Node's `Buffer.allocUnsafe` pools
 * small Buffers in an 8 KiB slab. The rules that keep that safe:
 *  - A slab is a fresh, zero-filled ArrayBuffer that is never reused: the pool
 *    only moves forward and drops a slab when it is full. A result can never
 *    hold another call's data, and the GC frees a slab once no result in it
 *    (or its `.buffer`) is reachable.
 *  - Slabs are marked untransferable (worker_threads.markAsUntransferable, as
 *    Node marks its Buffer pool): transferring a result's buffer copies it and
 *    detaches nothing (Node 20), or throws DataCloneError (Node 21 and later).
 *    It never detaches the other results of the slab.
 *  - One slab per thread: each worker_thread loads its own copy of this module,
 *    so results of different threads never share memory, and slabs never hold
 *    memory the caller owns.
 *  - Each result starts on a 64-byte boundary, so no two results share a cache
 *    line (async jobs may write neighbouring results from other threads).
 * Even results of 1 to 8 elements come from the pool: V8 keeps a
 * `new Float64Array(n)` that small on its own heap (~20 ns), but moves it off
 * the heap (~1 µs) the first time a native kernel or `.buffer` needs its
 * memory. Results of more than POOL_MAX_ELEMENTS own their ArrayBuffer: from
 * there the first touch of fresh memory costs more than the buffer itself,
 * and a slab would only pin more memory. BLASKIT_RESULT_POOL=0 turns the pool
 * off: then every result owns an ArrayBuffer of exactly its size.
 */

/** Results of more than this many elements own their ArrayBuffer. */
export const POOL_MAX_ELEMENTS = 1024;
/** The bytes of one slab: 8 results of POOL_MAX_ELEMENTS, hundreds of small ones. */
export const POOL_SLAB_BYTES = 64 * 1024;
/** Where each pooled result starts: a cache line. */
const POOL_ALIGN_BYTES = 64;

/**
 * True where markAsUntransferable also stops `ArrayBuffer.prototype.transfer()`
 * (it does not exist on Node 20; later versions set a detach key, nodejs/node#61362).
 * Where a marked buffer can still be transferred, one result's `.buffer.transfer()`
 * would detach every result of its slab, so the pool stays off.
 */
function untransferableHolds(): boolean {
  const transfer = (ArrayBuffer.prototype as { transfer?: (this: ArrayBuffer) => ArrayBuffer }).transfer;
  if (typeof transfer !== 'function') return true;
  const probe = new ArrayBuffer(8);
  markAsUntransferable(probe);
  try {
    transfer.call(probe);
  } catch {
    return true;
  }
  return probe.byteLength !== 0;
}

/** False when BLASKIT_RESULT_POOL=0 (or where slabs could be detached): every result then owns its ArrayBuffer. */
export const resultPoolEnabled = process.env.BLASKIT_RESULT_POOL !== '0' && untransferableHolds();

let slab: ArrayBuffer | undefined;
let slabUsed = POOL_SLAB_BYTES;
/** Every slab handed out, to tell pooled results from the caller's arrays. */
const slabs = new WeakSet<ArrayBuffer>();

/**
 * True if `view` is (or is a view of) a pooled result. Other results share its
 * ArrayBuffer, so async jobs never write such a result from the pool thread:
 * a web byte stream's enqueue() detaches even an untransferable buffer (Node
 * 20), and a job writing into a slab detached meanwhile would write freed memory.
 */
export function isPooled(view: FloatArray): boolean {
  return slabs.has(bufferOf.call(view) as ArrayBuffer);
}

function pooledResult(size: number, Type: Float64ArrayConstructor | Float32ArrayConstructor): FloatArray {
  const bytes = (size * Type.BYTES_PER_ELEMENT + POOL_ALIGN_BYTES - 1) & -POOL_ALIGN_BYTES;
  // The slab's own byteLength, not POOL_SLAB_BYTES: a slab something detached
  // (byteLength 0) is left for a new one.
  if (slab === undefined || slabUsed + bytes > slab.byteLength) {
    slab = new ArrayBuffer(POOL_SLAB_BYTES);
    markAsUntransferable(slab);
    slabs.add(slab);
    slabUsed = 0;
  }
  const result = new Type(slab, slabUsed, size);
  slabUsed += bytes;
  return result;
}

/**
 * A zero-filled array of `dtype` (float64 when omitted) for a result of
 * `shape` (1-D when omitted: the shape only serves the error message, so hot
 * callers need not build one). Every function allocates its results here.
 * Results of 1 to POOL_MAX_ELEMENTS elements are views into a pooled slab
 * shared with other results of this thread (see above; `result.slice()` gives
 * a copy that owns its buffer); the others own their ArrayBuffer. Large ones
 * are advised before anything writes them so that the kernel's first touch
 * faults in 2 MiB pages.
 * @throws {RangeError} ERR_BLASKIT_TOO_LARGE if it cannot be allocated, before anything is written.
 */
export function allocateResult(fn: string, size: number, shape?: readonly number[], dtype?: 'float64'): Float64Array;
export function allocateResult(fn: string, size: number, shape: readonly number[] | undefined, dtype: 'float32'): Float32Array;
export function allocateResult(fn: string, size: number, shape: readonly number[] | undefined, dtype: DType): FloatArray;
export function allocateResult(fn: string, size: number, shape?: readonly number[], dtype: DType = 'float64'): FloatArray {
  const Type = arrayType(dtype);
  if (size <= POOL_MAX_ELEMENTS && size > 0 && resultPoolEnabled) return pooledResult(size, Type);
  let result: FloatArray;
  try {
    result = new Type(size);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw blaskitRangeError('ERR_BLASKIT_TOO_LARGE', `${fn}: the result of shape ${formatShape(shape ?? [size])} holds ${size} elements (${(size * Type.BYTES_PER_ELEMENT).toExponential(2)} bytes), more than can be allocated (${error.message})`);
  }
  if (adviseHugePages && size * Type.BYTES_PER_ELEMENT >= HUGE_PAGE_BYTES) native.adviseHugePages(result);
  return result;
}
