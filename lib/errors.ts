/**
 * The one error formatter. Every message names the public function the user
 * called, the argument, what was expected and what was received; shapes are
 * printed the way numpy prints them. Each error carries a stable `code`.
 */

/** Stable codes carried by every error blaskit throws (`err.code`). */
export type BlaskitErrorCode =
  /** An argument of the wrong kind (a string, null, an Int32Array, ...). */
  | 'ERR_BLASKIT_INVALID_TYPE'
  /** An option object that is not an object, or holds an unknown key. */
  | 'ERR_BLASKIT_INVALID_OPTION'
  /** An array of a rank the function does not take. */
  | 'ERR_BLASKIT_RANK'
  /** Shapes that do not match (dot, multiply) or a shape that is not valid. */
  | 'ERR_BLASKIT_SHAPE'
  /** A nested array whose rows differ in length. */
  | 'ERR_BLASKIT_RAGGED'
  /** An `out` of the wrong size. */
  | 'ERR_BLASKIT_OUT_SIZE'
  /** An `out` of another dtype than the result's (a Float64Array for a float32 result, ...). */
  | 'ERR_BLASKIT_DTYPE'
  /** An input or `out` whose ArrayBuffer was detached (transferred). */
  | 'ERR_BLASKIT_DETACHED'
  /** A result too large to allocate. */
  | 'ERR_BLASKIT_TOO_LARGE'
  /** A number outside the range a setting takes (setNumThreads). */
  | 'ERR_BLASKIT_OUT_OF_RANGE';

/** A TypeError or RangeError with blaskit's stable `code`. */
export interface BlaskitError extends Error {
  readonly code: BlaskitErrorCode;
}

function withCode<E extends Error>(error: E, code: BlaskitErrorCode): E & BlaskitError {
  Object.defineProperty(error, 'code', { value: code, enumerable: true, writable: false });
  return error as E & BlaskitError;
}

export function blaskitTypeError(code: BlaskitErrorCode, message: string): TypeError & BlaskitError {
  return withCode(new TypeError(message), code);
}

export function blaskitRangeError(code: BlaskitErrorCode, message: string): RangeError & BlaskitError {
  return withCode(new RangeError(message), code);
}

/** numpy's tuple notation: `(2,3)`, `(4,)`, `()`. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(',')})`;
}

/** A short description of any JS value, for "received ..." in messages. Never throws. */
export function describeValue(value: unknown): string {
  try {
    return describeUnchecked(value);
  } catch {
    // A Proxy trap or an odd constructor threw while we looked: still report the real error.
    return typeof value === 'object' ? 'an object' : typeof value;
  }
}

function describeUnchecked(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return `the number ${Object.is(value, -0) ? '-0' : String(value)}`;
    case 'string':
      return `a string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}...` : value)}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'bigint':
      return `a bigint ${value}n`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) {
    const ctor = value.constructor?.name;
    const name = typeof ctor === 'string' ? ctor : 'typed array';
    const article = /^[AEIO]/.test(name) ? 'an' : 'a'; // an Int32Array, a Uint8Array
    return 'length' in value ? `${article} ${name} of length ${(value as { length: number }).length}` : `${article} ${name}`;
  }
  if (value instanceof ArrayBuffer) return 'an ArrayBuffer';
  if (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer) return 'a SharedArrayBuffer';
  const name: unknown = Object.getPrototypeOf(value)?.constructor?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? `an instance of ${name}` : 'an object';
}

/** `fn: expected argument 'arg' to be <expected>, received <what>`. */
export function invalidType(fn: string, arg: string, expected: string, received: unknown): TypeError & BlaskitError {
  return blaskitTypeError('ERR_BLASKIT_INVALID_TYPE', `${fn}: expected ${argName(arg)} to be ${expected}, received ${describeValue(received)}`);
}

/** Names an argument (`argument 'x'`) or an option (`option 'out'`). */
export function argName(arg: string): string {
  return arg.startsWith('options.') ? `option '${arg.slice('options.'.length)}'` : `argument '${arg}'`;
}

/** How messages describe an array: `a 2-D array of shape (2,3)`. */
export function describeShape(shape: readonly number[]): string {
  return `a ${shape.length}-D array of shape ${formatShape(shape)}`;
}
