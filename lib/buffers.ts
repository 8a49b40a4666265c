/** Memory checks and allocation: detached buffers, overlap, result allocation. */
import { argName, blaskitRangeError, blaskitTypeError, formatShape } from './errors';

/** True if the ArrayBuffer behind `view` was detached (transferred to a worker, say). */
export function isDetached(view: ArrayBufferView): boolean {
  // A detached buffer reports byteLength 0; only then is the (throwing)
  // construction needed to tell it from an empty one. Node 20 has no
  // ArrayBuffer.prototype.detached.
  if (view.byteLength !== 0 || view.buffer.byteLength !== 0) return false;
  try {
    new Uint8Array(view.buffer);
    return false;
  } catch {
    return true;
  }
}

/** @throws {TypeError} ERR_BLASKIT_DETACHED if the buffer behind `view` was detached. */
export function checkNotDetached(fn: string, arg: string, view: ArrayBufferView): void {
  if (isDetached(view)) {
    throw blaskitTypeError('ERR_BLASKIT_DETACHED', `${fn}: ${argName(arg)} is backed by a detached ArrayBuffer (it was transferred or detached); pass an array whose memory is still attached`);
  }
}

/** True if `a` and `b` are the very same elements of the same buffer. */
export function sameView(a: Float64Array, b: Float64Array): boolean {
  return a.buffer === b.buffer && a.byteOffset === b.byteOffset && a.length === b.length;
}

/** True if `a` and `b` share at least one byte of memory. */
export function overlaps(a: Float64Array, b: Float64Array): boolean {
  if (a.buffer !== b.buffer || a.length === 0 || b.length === 0) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/**
 * A zeroed Float64Array for a result of `shape`.
 * @throws {RangeError} ERR_BLASKIT_TOO_LARGE if it cannot be allocated, before anything is written.
 */
export function allocateResult(fn: string, size: number, shape: readonly number[]): Float64Array {
  try {
    return new Float64Array(size);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw blaskitRangeError('ERR_BLASKIT_TOO_LARGE', `${fn}: the result of shape ${formatShape(shape)} holds ${size} elements (${(size * 8).toExponential(2)} bytes), more than can be allocated (${error.message})`);
  }
}
