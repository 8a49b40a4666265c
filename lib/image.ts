/** image2vector: an (h, w, c) image as an (h·w·c, 1) column. */
import { NDArray } from './ndarray';
import { blaskitRangeError, describeShape } from './errors';
import type { FloatArray } from './dtype';
import { destination, readOperand, readOut, resultDType, type CommonArray, type Input, type Out } from './operands';

/**
 * The tutorial's image.reshape((h * w * c, 1)): a view of the same memory (no
 * copy, of the image's dtype) unless `out` is given, which receives a copy
 * and is returned (it must be of the image's dtype).
 * @param image a 3-D NDArray or nested array of shape (height, width, channels)
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE, ERR_BLASKIT_INVALID_OPTION, ERR_BLASKIT_DETACHED
 * @throws {RangeError} ERR_BLASKIT_RANK if the image is not 3-D, ERR_BLASKIT_OUT_SIZE, ERR_BLASKIT_RAGGED
 */
export function image2vector<O extends Out>(image: Input, options: { out: O }): O;
export function image2vector<X extends Input>(image: X, options?: { out?: undefined }): NDArray<CommonArray<X>>;
export function image2vector(image: Input, options?: { out?: Out }): NDArray<FloatArray> | Out {
  return imageAsColumn('image2vector', image, options);
}

/** image2vector under the name the user called (`fn`). */
export function imageAsColumn(fn: string, image: unknown, options: unknown): NDArray<FloatArray> | Out {
  const input = readOperand(fn, 'image', image);
  if (input.shape.length !== 3) {
    throw blaskitRangeError('ERR_BLASKIT_RANK', `${fn}: expected argument 'image' to be a 3-D array of shape (height, width, channels), received ${input.shape.length === 0 ? 'a number' : describeShape(input.shape)}`);
  }
  const out = readOut(fn, options, { image: input });
  const shape = [input.data.length, 1];
  if (out === undefined) return new NDArray(input.data, shape);
  const dest = destination(fn, out, input.kind, shape, resultDType(input));
  dest.data.set(input.data); // set() copies through a temporary when the two overlap
  return dest.result() as Out;
}
