/**
 * Argument fuzzing, run by test/71 in a child process so that a crash fails
 * the test instead of killing mocha.
 *
 * Calls every public function, sync and async (and array(), new NDArray(),
 * reshape() and format()), `count` times in all, with random JS values in
 * every position: primitives, plain and odd objects, nested arrays of every
 * wrong sort, typed arrays of every kind, Float64Arrays on detached,
 * resizable, shared and growable buffers, NDArrays real and fake, Proxies,
 * getters that throw, and options objects with `out` of every kind.
 *
 * The contract checked: a call returns a result of an allowed kind (`out`
 * itself when one was accepted) or throws a TypeError / RangeError whose
 * `code` starts with ERR_BLASKIT_; an async call returns a Promise without
 * throwing and that Promise settles the same way. An error thrown by the
 * fuzzer's own getters and Proxy traps (they carry a marker) may propagate
 * unchanged: numpy too lets errors raised by user objects through. Anything
 * else is a finding, counted by function, kind of input and problem.
 *
 * Prints one JSON line and exits 0, findings or not. A call that never
 * returns is reported on stderr by a watchdog thread, which then kills the
 * process (the test sees the signal).
 *
 * Usage: node --import tsx test/children/fuzz-arguments.ts <seed> <count>
 */
import { Worker } from 'node:worker_threads';
import * as blaskit from '../../lib/index';
import { NDArray, array } from '../../lib/index';
import { seededRandom, type Random } from '../support/random';

const seed = Number(process.argv[2] ?? 1);
const count = Number(process.argv[3] ?? 20000);
const r = seededRandom(seed);

// ---------------------------------------------------------------------------
// Errors the fuzzer throws on purpose

/** Every error the fuzzer's own getters and traps throw, with its message as thrown. */
const callerErrors = new WeakMap<object, string>();

function callerError(where: string): Error {
  const error = new Error(`fuzz: thrown by the caller's own ${where}`);
  callerErrors.set(error, error.message);
  return error;
}

// ---------------------------------------------------------------------------
// Values

/** A value for one argument, with what the fuzzer knows about it. */
interface Generated {
  readonly value: unknown;
  /** The kind of input, as findings are counted. */
  readonly label: string;
  /** How many numbers it holds, when it is an array a function could take (for matching outs). */
  readonly size?: number;
  /** Its ArrayBuffer, for options whose getter tampers with it. */
  readonly buffer?: ArrayBufferLike;
}

type Generator = (r: Random) => Generated;

const NUMBERS = [0, -0, 1, -1, 2, 3.5, -2.5, 0.1, NaN, Infinity, -Infinity, 1e308, -1e308, 5e-324, -5e-324, 2.2250738585072014e-308, 2 ** 53, 2 ** 64, -(2 ** 31), 1e-300];

function randomNumber(r: Random): number {
  return r.next() < 0.7 ? r.pick(NUMBERS) : r.uniform(-1e3, 1e3);
}

function randomValues(r: Random, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => randomNumber(r));
}

function randomShape(r: Random, maxRank: number, maxDim = 4): number[] {
  return Array.from({ length: r.int(0, maxRank) }, () => r.int(0, maxDim));
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

function nestedOf(values: ArrayLike<number>, shape: readonly number[]): unknown {
  let offset = 0;
  const build = (depth: number): unknown[] =>
    Array.from({ length: shape[depth] }, () => (depth === shape.length - 1 ? values[offset++] : build(depth + 1)));
  return shape.length === 0 ? values[0] : build(0);
}

/** A resizable ArrayBuffer (Node 20 has them; @types/node's lib may not declare the options). */
function resizableBuffer(bytes: number, maxBytes: number): ArrayBuffer & { resize(n: number): void } {
  const Ctor = ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void };
  return new Ctor(bytes, { maxByteLength: maxBytes });
}

function growableSharedBuffer(bytes: number, maxBytes: number): SharedArrayBuffer & { grow(n: number): void } {
  const Ctor = SharedArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => SharedArrayBuffer & { grow(n: number): void };
  return new Ctor(bytes, { maxByteLength: maxBytes });
}

function detach(buffer: ArrayBufferLike): void {
  try {
    structuredClone(buffer, { transfer: [buffer as ArrayBuffer] });
  } catch {
    // SharedArrayBuffers cannot be transferred: they stay as they are.
  }
}

class Float64Subclass extends Float64Array {}
class NDArraySubclass extends NDArray {}
class ArraySubclass<T> extends Array<T> {}

/** An object that passes `instanceof NDArray` without being built by the constructor, holding whatever it is given. */
function fakeNDArray(data: unknown, shape: unknown): NDArray {
  const fake = Object.create(NDArray.prototype) as Record<string, unknown>;
  fake.data = data;
  fake.shape = shape;
  return fake as unknown as NDArray;
}

function f64(r: Random, max = 8): Float64Array {
  return randomValues(r, r.int(0, max));
}

/** Operands a function may well accept: they reach the kernels, on memory of every sort. */
const plausible: [number, Generator][] = [
  [4, (r) => ({ value: randomNumber(r), label: 'number', size: 1 })],
  [5, (r) => { const v = f64(r); return { value: v, label: 'Float64Array', size: v.length, buffer: v.buffer }; }],
  [2, (r) => { const v = Float32Array.from(f64(r)); return { value: v, label: 'Float32Array', size: v.length, buffer: v.buffer }; }],
  [2, (r) => {
    const n = r.int(0, 8);
    const whole = randomValues(r, n + 4);
    const v = new Float64Array(whole.buffer, 16, n);
    return { value: v, label: 'Float64Array view with a byteOffset', size: n, buffer: v.buffer };
  }],
  [4, (r) => { const shape = randomShape(r, 3); return { value: nestedOf(randomValues(r, sizeOf(shape)), shape.length ? shape : [1]), label: 'nested array', size: sizeOf(shape) }; }],
  [5, (r) => {
    const shape = randomShape(r, 4);
    const v = new NDArray(randomValues(r, sizeOf(shape)), shape);
    return { value: v, label: 'NDArray', size: v.size, buffer: v.data.buffer };
  }],
  [2, (r) => {
    const shape = [r.int(1, 3), r.int(1, 3), r.int(1, 3)];
    const v = array(randomValues(r, sizeOf(shape)), shape);
    return { value: v, label: 'NDArray (h,w,c) image', size: v.size, buffer: v.data.buffer };
  }],
  [1, (r) => {
    const shape = r.pick([[2 ** 53 - 1, 0], [0, 2 ** 53], [1e15, 0, 3], [3, 2 ** 40, 0], [2 ** 31, 0], [0, 0]]);
    return { value: new NDArray(new Float64Array(0), shape), label: 'empty NDArray with huge dimensions', size: 0 };
  }],
  [1, (r) => {
    // new NDArray refuses more than 64 dimensions, so build the value as nesting instead.
    const rank = r.pick([65, 1000, 5000]);
    let v: unknown = randomNumber(r);
    for (let d = 0; d < rank; d++) v = [v];
    return { value: v, label: 'nested array thousands of levels deep', size: 1 };
  }],
  [1, (r) => { const n = r.int(0, 6); const v = new Float64Array(new SharedArrayBuffer(8 * n)); v.set(randomValues(r, n)); return { value: v, label: 'Float64Array on a SharedArrayBuffer', size: n, buffer: v.buffer }; }],
  [1, (r) => {
    const n = r.int(0, 6);
    const buffer = growableSharedBuffer(8 * n, 8 * (n + 8));
    const v = new Float64Array(buffer);
    return { value: v, label: 'length-tracking Float64Array on a growable SharedArrayBuffer', size: n, buffer };
  }],
  [1, (r) => {
    const n = r.int(0, 6);
    const buffer = resizableBuffer(8 * n, 8 * (n + 8));
    const v = new Float64Array(buffer);
    v.set(randomValues(r, n));
    return { value: v, label: 'length-tracking Float64Array on a resizable ArrayBuffer', size: n, buffer };
  }],
  [1, (r) => {
    const n = r.int(0, 6);
    const buffer = resizableBuffer(8 * (n + 2), 8 * (n + 8));
    const v = new Float64Array(buffer, 8, n);
    return { value: v, label: 'fixed-length Float64Array on a resizable ArrayBuffer', size: n, buffer };
  }],
  [1, (r) => { const v = new Float64Subclass(randomValues(r, r.int(0, 6))); return { value: v, label: 'Float64Array subclass', size: v.length, buffer: v.buffer }; }],
  [1, (r) => { const v = new NDArraySubclass(randomValues(r, 6), [2, 3]); return { value: v, label: 'NDArray subclass', size: 6, buffer: v.data.buffer }; }],
  [1, (r) => { const v = new NDArray(randomValues(r, 6), [3, 2]); return { value: new Proxy(v, {}), label: 'Proxy of an NDArray', size: 6 }; }],
  [1, (r) => ({ value: new Proxy(nestedOf(randomValues(r, 6), [2, 3]) as object, {}), label: 'Proxy of a nested array', size: 6 })],
];

/** Everything else: values every function must reject with a blaskit error (or, for the marked ones, let through). */
const hostile: [number, Generator][] = [
  [1, () => ({ value: undefined, label: 'undefined' })],
  [1, () => ({ value: null, label: 'null' })],
  [1, (r) => ({ value: r.next() < 0.5, label: 'boolean' })],
  [1, (r) => ({ value: r.pick(['', 'abc', 'NaN', '[1,2]']), label: 'string' })],
  [1, (r) => ({ value: r.pick(['3', '1e3', ' 2 ', '-0']), label: 'numeric string' })],
  [1, (r) => ({ value: r.pick([0n, 3n, -1n, 2n ** 64n]), label: 'bigint' })],
  [1, () => ({ value: Symbol('fuzz'), label: 'symbol' })],
  [1, (r) => ({ value: r.pick<unknown>([() => 1, Math.sin, Float64Array, NDArray, blaskit.sigmoid, class {}]), label: 'function or class' })],
  [1, (r) => ({ value: r.pick<unknown>([new Number(3), new String('3'), new Boolean(false), Object(1n), Object(Symbol('boxed'))]), label: 'boxed primitive' })],
  [1, (r) => ({ value: r.pick<unknown>([{}, { length: 3, 0: 1, 1: 2, 2: 3 }, { valueOf: () => 3 }, { [Symbol.toPrimitive]: () => 3 }]), label: 'plain object' })],
  [1, (r) => ({ value: { data: f64(r), shape: [2] }, label: 'object shaped like an NDArray' })],
  [1, () => ({ value: Object.create(null), label: 'null-prototype object' })],
  [1, (r) => ({ value: r.pick<unknown>([new Date(0), new Map(), new Set([1]), /re/, new Error('x'), Promise.resolve(1), new WeakMap(), new ArrayBuffer(8)]), label: 'built-in object' })],
  [1, (r) => ({
    value: Object.create(r.pick<object>([{ constructor: null }, { constructor: { name: 42 } }, { constructor: { name: Symbol('name') } }, { constructor: { name: { toString: () => 'X' } } }])),
    label: 'object with an odd constructor',
  })],
  [1, () => ({
    value: Object.create({ get constructor(): never { throw callerError('constructor getter'); } }),
    label: 'object whose constructor getter throws',
  })],
  [1, () => {
    const thrower = (name: string) => ({ get: () => { throw callerError(`${name} getter`); }, enumerable: true });
    return { value: Object.defineProperties({}, { data: thrower('data'), shape: thrower('shape'), length: thrower('length'), out: thrower('out') }), label: 'object whose getters throw' };
  }],
  [2, (r) => ({ value: r.pick<unknown>([[[1, 2], [3]], [[1], [2, 3]], [[[1, 2]], [[3]]], [[], [1]]]), label: 'ragged nested array' })],
  [2, (r) => ({ value: r.pick<unknown>([[1, [2]], [[1], 2], [[[1]], [2]], [[1, 2], 3]]), label: 'nested array of mixed depth' })],
  [2, (r) => {
    const odd = r.pick<unknown>(['1', null, undefined, {}, 1n, true, Symbol('leaf'), new Number(1), Float64Array.of(1), [], NaN]);
    const shape = r.pick([[3], [2, 2]]);
    const values: unknown[] = Array.from(randomValues(r, sizeOf(shape)));
    values[r.int(0, values.length - 1)] = odd;
    return { value: nestedOf(values as number[], shape), label: 'nested array holding a non-number' };
  }],
  // eslint-disable-next-line no-sparse-arrays
  [1, (r) => ({ value: r.pick<unknown>([[1, , 3], new Array(5), [[1, 2], new Array(2)]]), label: 'sparse array' })],
  [1, (r) => {
    const outer: unknown[] = new Array(r.pick([2 ** 20, 2 ** 32 - 1]));
    outer[0] = new Array(r.pick([2 ** 20, 2 ** 26]));
    return { value: outer, label: 'huge sparse nested array' };
  }],
  [1, () => {
    const a = [1, 2, 3];
    Object.defineProperty(a, 1, { get: () => { throw callerError('element getter'); } });
    return { value: a, label: 'array whose element getter throws' };
  }],
  [1, (r) => {
    let value: unknown = [1];
    const depth = r.pick([40, 3000, 100000]);
    for (let i = 1; i < depth; i++) value = [value];
    return { value, label: `nested array ${depth} deep` };
  }],
  [1, () => ({ value: ArraySubclass.from([1, 2, 3]), label: 'Array subclass instance' })],
  [1, () => ({
    value: new Proxy([1, 2, 3], { get: (t, k, rcv) => (k === 'length' || k === '0' ? (() => { throw callerError('Proxy get trap'); })() : Reflect.get(t, k, rcv)) }),
    label: 'Proxy of an array whose get trap throws',
  })],
  [1, () => ({
    value: new Proxy(Float64Array.of(1, 2), { getPrototypeOf: () => { throw callerError('getPrototypeOf trap'); } }),
    label: 'Proxy whose getPrototypeOf trap throws',
  })],
  [3, (r) => {
    const Ctor = r.pick<new (n: number) => ArrayBufferView>([Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array]);
    return { value: new Ctor(r.int(0, 6)), label: 'typed array of another kind' };
  }],
  [1, (r) => ({ value: r.pick<unknown>([new DataView(new ArrayBuffer(16)), Buffer.alloc(16), new ArrayBuffer(16), new SharedArrayBuffer(16)]), label: 'DataView, Buffer or raw buffer' })],
  [2, (r) => { const v = f64(r, 6); detach(v.buffer); return { value: v, label: 'Float64Array on a detached buffer', size: 0 }; }],
  [1, (r) => {
    const n = r.int(0, 6);
    const buffer = resizableBuffer(8 * n, 8 * (n + 8));
    const v = new Float64Array(buffer);
    buffer.resize(8 * r.int(0, n + 8));
    return { value: v, label: 'length-tracking Float64Array, buffer resized after the view was made', size: v.length, buffer };
  }],
  [1, (r) => {
    const n = r.int(1, 6);
    const buffer = resizableBuffer(8 * (n + 1), 8 * (n + 8));
    const v = new Float64Array(buffer, 8, n);
    buffer.resize(8 * r.int(0, n));
    return { value: v, label: 'fixed-length Float64Array pushed out of bounds by a shrink', size: 0, buffer };
  }],
  [1, (r) => {
    const n = r.int(0, 4);
    const buffer = growableSharedBuffer(8 * n, 8 * (n + 8));
    const v = new Float64Array(buffer);
    buffer.grow(8 * r.int(n, n + 8));
    return { value: v, label: 'length-tracking Float64Array, SharedArrayBuffer grown after the view was made', size: v.length, buffer };
  }],
  [1, (r) => {
    const v = f64(r, 6);
    Object.defineProperty(v, 'length', { get: () => { throw callerError('length getter'); } });
    return { value: v, label: "Float64Array whose own 'length' getter throws" };
  }],
  [1, (r) => {
    // Getters that lie rather than throw: the length a check reads need not be the memory's.
    const v = f64(r, 6);
    const detached = r.next() < 0.5;
    if (detached) detach(v.buffer);
    const property = r.pick(['length', 'byteLength', 'byteOffset']);
    Object.defineProperty(v, property, { get: () => r.pick([0, 8, 1000, -1, 2 ** 40]) });
    return { value: v, label: `${detached ? 'detached ' : ''}Float64Array whose own '${property}' getter lies` };
  }],
  [1, (r) => {
    // NDArrays are frozen, so replacing their fields must fail (and leave a valid array behind).
    const v = new NDArray(randomValues(r, 6), [2, 3]) as unknown as Record<string, unknown>;
    const field = r.next() < 0.5 ? 'shape' : 'data';
    const replacement = field === 'shape' ? r.pick<unknown>([5, [-2, -3], [7], 'ab', null, [3, 2], [6, 1, 1]]) : r.pick<unknown>([new Float32Array(6), null, [1, 2, 3, 4, 5, 6], new Float64Array(7), new Float64Array(5)]);
    let replaced = true;
    try {
      v[field] = replacement;
    } catch {
      replaced = false;
    }
    return { value: v, label: replaced ? `NDArray whose ${field} was reassigned` : `NDArray whose ${field} could not be reassigned (frozen)` };
  }],
  [2, (r) => ({ value: new Proxy(f64(r, 6), {}), label: 'Proxy of a Float64Array' })],
  [1, () => ({ value: Object.create(Float64Array.prototype), label: 'Object.create(Float64Array.prototype)' })],
  [1, (r) => {
    const v = new NDArray(randomValues(r, 6), [2, 3]);
    detach(v.data.buffer);
    return { value: v, label: 'NDArray on a detached buffer' };
  }],
  [1, (r) => {
    const buffer = resizableBuffer(48, 96);
    const v = new NDArray(new Float64Array(buffer), [2, 3]);
    buffer.resize(8 * r.pick([0, 3, 7, 12]));
    return { value: v, label: 'NDArray on a resizable buffer resized after it was made', buffer };
  }],
  [2, (r) => ({
    value: fakeNDArray(r.pick<unknown>([undefined, null, 3, [1, 2], 'ab', new Float32Array(2), Object.create(Float64Array.prototype), {}]), [2]),
    label: 'fake NDArray (Object.create) whose data is not a Float64Array',
  })],
  [2, (r) => ({
    value: fakeNDArray(f64(r, 4), r.pick<unknown>([undefined, null, 5, 'ab', {}, new Set([2]), { length: 1, 0: 2 }, [NaN], [Infinity], ['2']])),
    label: 'fake NDArray whose shape is not an array of numbers',
  })],
  [3, (r) => {
    // Shapes whose product equals data.length although they are not shapes: negative, fractional, 2^±k, thousands of ones.
    const [shape, n] = r.pick<[number[], number]>([
      [[-2, -3], 6], [[-1, -1], 1], [[-1, 5, -1, 3], 15], [[2.5, 2.4], 6], [[0.5, 12], 6], [[2 ** 600, 2 ** -600], 1],
      [[2 ** 1000, 2 ** -500, 2 ** -500], 1], [[3, -1, -2], 6], [[-0, 4], 0], [[2 ** 53, 0], 0], [[-(2 ** 53), 0, 5], 0],
      [new Array<number>(100).fill(1), 1], [[1, 2, 3, -1, -1], 6], [[6, 1, -1, -1], 6], [[-6], -6],
    ]);
    return { value: fakeNDArray(randomValues(r, Math.max(n, 0)), shape), label: 'fake NDArray with a bogus shape of the right size', size: Math.max(n, 0) };
  }],
  [1, (r) => {
    // data reads differently on every access: checked once, used later.
    let reads = 0;
    const long = randomValues(r, 6);
    const short = randomValues(r, 1);
    const fake = Object.create(NDArray.prototype) as object;
    Object.defineProperty(fake, 'data', { get: () => (reads++ === 0 ? long : short) });
    Object.defineProperty(fake, 'shape', { value: [2, 3] });
    return { value: fake, label: 'fake NDArray whose data getter changes between reads' };
  }],
  [1, (r) => {
    let reads = 0;
    const fake = Object.create(NDArray.prototype) as object;
    Object.defineProperty(fake, 'data', { value: randomValues(r, 6) });
    Object.defineProperty(fake, 'shape', { get: () => (reads++ === 0 ? [2, 3] : r.pick([[6, 1000], [-2, -3], [2, 3, 4]])) });
    return { value: fake, label: 'fake NDArray whose shape getter changes between reads' };
  }],
  [1, () => {
    const fake = Object.create(NDArray.prototype) as object;
    Object.defineProperty(fake, 'data', { get: () => { throw callerError('NDArray data getter'); } });
    return { value: fake, label: 'fake NDArray whose data getter throws' };
  }],
];

function weighted(generators: [number, Generator][]): Generator {
  const total = generators.reduce((s, [w]) => s + w, 0);
  return (random) => {
    let pick = random.next() * total;
    for (const [w, g] of generators) {
      pick -= w;
      if (pick < 0) return g(random);
    }
    return generators[generators.length - 1][1](random);
  };
}

const plausibleOperand = weighted(plausible);
const hostileOperand = weighted(hostile);

/** About half the operands plausible, so that calls reach the kernels; the rest hostile. */
function operand(random: Random): Generated {
  return random.next() < 0.5 ? plausibleOperand(random) : hostileOperand(random);
}

/** Shapes for array(), new NDArray() and reshape(). */
function shapeArgument(random: Random): Generated {
  if (random.next() < 0.3) return operand(random);
  const shape = random.pick<unknown>([
    undefined, [], [1], [2, 3], [6], [-1], [2, -1], [-1, -1], [1.5], [NaN], [Infinity], ['2'], [2 ** 53], [2 ** 40, 2 ** 40], [0, 2 ** 60],
    [3, 0, -1], [-0], 5, 'ab', null, { length: 1, 0: 2 }, new Set([2]), new Proxy([6], {}), Int32Array.of(2, 3), new Array<number>(1000).fill(1),
  ]);
  return { value: shape, label: 'shape' };
}

// ---------------------------------------------------------------------------
// Options

/** The `out` each options object hands over (read through its getter, if any), to check a successful call returned it. */
const outGiven = new WeakMap<object, { out: unknown }>();

function outCandidate(random: Random, args: Generated[]): Generated {
  const size = args.find((a) => a.size !== undefined)?.size;
  const roll = random.next();
  if (roll < 0.3 && size !== undefined) return { value: new Float64Array(size), label: 'Float64Array of the input size', size };
  if (roll < 0.45 && size !== undefined) return { value: new NDArray(new Float64Array(size), [size]), label: 'NDArray of the input size', size };
  if (roll < 0.55 && args.length > 0) return { ...args[0], label: `the first argument itself (${args[0].label})` };
  return operand(random);
}

function options(random: Random, args: Generated[]): Generated {
  const roll = random.next();
  if (roll < 0.25) return { value: undefined, label: 'no options' };
  if (roll < 0.55) {
    const out = outCandidate(random, args);
    const value = { out: out.value };
    outGiven.set(value, { out: out.value });
    return { value, label: `{ out: ${out.label} }` };
  }
  const kind = random.int(0, 15);
  switch (kind) {
    case 0:
      return { value: random.pick<unknown>([null, 0, 'out', [], () => ({}), Float64Array.of(1), Symbol('options'), true]), label: 'options that are not an object' };
    case 1:
      return { value: random.pick<unknown>([{}, { out: undefined }]), label: 'empty options' };
    case 2:
      return { value: { ouy: new Float64Array(1) }, label: 'options with a typo' };
    case 3:
      return { value: { out: outCandidate(random, args).value, extra: 1 }, label: 'options with an unknown key beside out' };
    case 4: {
      // Read as options.out, an inherited out is an out (as Node's own APIs read options).
      const out = outCandidate(random, args);
      const value = Object.create({ out: out.value }) as object;
      outGiven.set(value, { out: out.value });
      return { value, label: 'options inheriting out from its prototype' };
    }
    case 5:
      return { value: { get out(): never { throw callerError('out getter'); } }, label: 'options whose out getter throws' };
    case 6:
      return { value: new Proxy({ out: undefined }, { ownKeys: () => { throw callerError('ownKeys trap'); } }), label: 'Proxy options whose ownKeys trap throws' };
    case 7:
      return { value: new Proxy({ out: undefined }, { get: () => { throw callerError('get trap'); } }), label: 'Proxy options whose get trap throws' };
    case 8:
      return { value: new Proxy({ out: undefined }, { getOwnPropertyDescriptor: () => { throw callerError('getOwnPropertyDescriptor trap'); } }), label: 'Proxy options whose getOwnPropertyDescriptor trap throws' };
    case 9: {
      // A different out on every read: the one checked need not be the one written.
      const first = outCandidate(random, args).value;
      let reads = 0;
      const value = new Proxy({ out: first }, { get: (t, k) => (k === 'out' ? (reads++ === 0 ? first : random.pick<unknown>([new Float64Array(0), 'x', new Float64Array(1000)])) : Reflect.get(t, k)) });
      outGiven.set(value, { out: first });
      return { value, label: 'Proxy options whose out changes between reads' };
    }
    case 10:
    case 11: {
      // The caller's getter runs after the operands were checked and detaches (or shrinks) their memory.
      const victim = args.find((a) => a.buffer !== undefined);
      const out = outCandidate(random, args);
      const value = {
        get out(): unknown {
          if (victim?.buffer !== undefined) {
            const buffer = victim.buffer as ArrayBuffer & { resizable?: boolean; resize?(n: number): void };
            if (buffer.resizable === true && kind === 11) buffer.resize!(0);
            else detach(buffer);
          }
          outGiven.set(value, { out: out.value });
          return out.value;
        },
      };
      return { value, label: kind === 10 ? "options whose out getter detaches an operand's buffer" : "options whose out getter shrinks or detaches an operand's buffer" };
    }
    case 12:
      return { value: { [Symbol('key')]: 1, out: undefined }, label: 'options with a symbol key' };
    case 13: {
      const out = outCandidate(random, args);
      const value = Object.freeze({ out: out.value });
      outGiven.set(value, { out: out.value });
      return { value, label: `frozen { out: ${out.label} }` };
    }
    default: {
      const out = outCandidate(random, args);
      const value = { out: out.value };
      outGiven.set(value, { out: out.value });
      return { value, label: `{ out: ${out.label} }` };
    }
  }
}

// ---------------------------------------------------------------------------
// The functions under test

type Returns = 'array' | 'ndarray' | 'string';

interface Target {
  readonly name: string;
  readonly call: (args: unknown[]) => unknown;
  /** Operand positions before the options. */
  readonly operands: number;
  readonly takesOptions: boolean;
  readonly isAsync: boolean;
  readonly returns: Returns;
  /** How each operand position is filled. */
  readonly argument?: (random: Random, position: number) => Generated;
}

type AnyFunction = (...args: unknown[]) => unknown;

function kernel(name: string, operands: number, returns: Returns): Target[] {
  const table = blaskit as unknown as Record<string, AnyFunction>;
  const sync = table[name];
  const asyncTwin = table[`${name}Async`];
  return [
    { name, call: (args) => sync(...args), operands, takesOptions: true, isAsync: false, returns },
    { name: `${name}Async`, call: (args) => asyncTwin(...args), operands, takesOptions: true, isAsync: true, returns },
  ];
}

const targets: Target[] = [
  ...['sigmoid', 'sigmoidDerivative', 'tanh', 'tanhDerivative', 'relu', 'reluDerivative', 'softmax', 'normalizeRows'].flatMap((name) => kernel(name, 1, 'array')),
  ...kernel('image2vector', 1, 'ndarray'),
  ...kernel('dot', 2, 'array'),
  ...['add', 'subtract', 'multiply', 'divide'].flatMap((name) => kernel(name, 2, 'array')),
  ...kernel('outer', 2, 'ndarray'),
  ...kernel('dense', 3, 'ndarray'),
  { name: 'format', call: (args) => (blaskit.format as AnyFunction)(...args), operands: 1, takesOptions: false, isAsync: false, returns: 'string' },
  {
    name: 'array',
    call: (args) => (array as AnyFunction)(...args),
    operands: 2,
    takesOptions: false,
    isAsync: false,
    returns: 'ndarray',
    argument: (random, position) => (position === 0 ? operand(random) : random.next() < 0.5 ? { value: undefined, label: 'no shape' } : shapeArgument(random)),
  },
  {
    name: 'new NDArray',
    call: (args) => new (NDArray as unknown as new (...a: unknown[]) => unknown)(...args),
    operands: 2,
    takesOptions: false,
    isAsync: false,
    returns: 'ndarray',
    argument: (random, position) => (position === 0 ? operand(random) : shapeArgument(random)),
  },
  {
    name: 'NDArray#reshape',
    call: ([receiver, ...shape]) => (receiver as NDArray).reshape(...(shape as number[])),
    operands: 3,
    takesOptions: false,
    isAsync: false,
    returns: 'ndarray',
    // The receiver is a real NDArray (a wrong `this` is a misuse JS itself answers with TypeErrors); the dims are fuzzed.
    argument: (random, position) => {
      if (position === 0) return { value: new NDArray(randomValues(random, 6), random.pick([[6], [2, 3], [1, 6, 1]])), label: 'NDArray of 6' };
      return random.next() < 0.5 ? { value: random.pick<unknown>([-1, 2, 3, 6, 0, 1.5, NaN, -2, 2 ** 53, '2']), label: 'dimension' } : shapeArgument(random);
    },
  },
];

// ---------------------------------------------------------------------------
// Judging outcomes

/**
 * One kind of problem: the problem with the numbers in its message
 * normalised, how often it happened, in which functions and with which kinds
 * of input (every argument's kind is counted; the culprit is the one that
 * dominates), and the first call that showed it (seed and call index
 * reproduce it).
 */
export interface Finding {
  problem: string;
  count: number;
  functions: Record<string, number>;
  inputs: Record<string, number>;
  first: { call: number; function: string; input: string; message: string };
}

const summary = {
  seed,
  calls: 0,
  syncCalls: 0,
  asyncCalls: 0,
  results: 0,
  typeErrors: 0,
  rangeErrors: 0,
  callerErrors: 0,
  findingCount: 0,
  /** How often each ERR_BLASKIT_ code was seen. */
  codes: {} as Record<string, number>,
  /** Errors whose message does not start with the function the user called (e.g. the native layer's own checks). */
  messagesNotNamingTheFunction: { count: 0, examples: [] as string[] },
  /** Findings per function and per kind of input. */
  findingsByFunction: {} as Record<string, number>,
  findingsByInput: {} as Record<string, number>,
  ms: 0,
  findings: [] as Finding[],
};
const findings = new Map<string, Finding>();

function tally(table: Record<string, number>, key: string): void {
  table[key] = (table[key] ?? 0) + 1;
}

function addFinding(target: string, labels: readonly string[], problem: string, call: number): void {
  summary.findingCount++;
  tally(summary.findingsByFunction, target);
  for (const label of new Set(labels)) tally(summary.findingsByInput, label);
  // Numbers in messages vary from call to call (lengths, shapes, sizes).
  const key = problem.replace(/(?<![\w.])-?\d+(\.\d+)?(e[-+]?\d+)?/g, 'N').replace(/\[N(, N)*\]/g, '[...]').slice(0, 240);
  let finding = findings.get(key);
  if (finding === undefined) {
    finding = { problem: key, count: 0, functions: {}, inputs: {}, first: { call, function: target, input: labels.join(', '), message: problem.slice(0, 300) } };
    findings.set(key, finding);
  }
  finding.count++;
  tally(finding.functions, target);
  for (const label of new Set(labels)) tally(finding.inputs, label);
}

/** The README's error table: which class each code comes with. */
const CLASS_OF_CODE: Record<string, 'TypeError' | 'RangeError'> = {
  ERR_BLASKIT_INVALID_TYPE: 'TypeError',
  ERR_BLASKIT_INVALID_OPTION: 'TypeError',
  ERR_BLASKIT_DETACHED: 'TypeError',
  ERR_BLASKIT_RAGGED: 'RangeError',
  ERR_BLASKIT_RANK: 'RangeError',
  ERR_BLASKIT_SHAPE: 'RangeError',
  ERR_BLASKIT_OUT_SIZE: 'RangeError',
  ERR_BLASKIT_TOO_LARGE: 'RangeError',
};

/** Which name an error message must start with for `target`. */
function messagePrefix(target: Target): string {
  if (target.name === 'new NDArray') return 'NDArray:';
  if (target.name === 'NDArray#reshape') return 'reshape:';
  return `${target.name}:`;
}

/** Classifies something thrown or rejected; returns a problem for findings, or undefined when it is allowed. */
function judgeError(target: Target, error: unknown): string | undefined {
  if (error !== null && typeof error === 'object' && callerErrors.has(error)) {
    const original = callerErrors.get(error)!;
    if ((error as Error).message !== original) return `the caller's own error came back altered: ${(error as Error).message}`;
    summary.callerErrors++;
    return undefined;
  }
  if (!(error instanceof Error)) return `threw a non-Error: ${typeof error === 'symbol' ? 'a symbol' : String(error)}`;
  const className = error instanceof TypeError ? 'TypeError' : error instanceof RangeError ? 'RangeError' : undefined;
  const code = (error as { code?: unknown }).code;
  if (className === undefined) return `${error.constructor?.name ?? 'Error'} (not a TypeError or RangeError), code ${String(code)}: ${error.message}`;
  if (typeof code !== 'string' || !code.startsWith('ERR_BLASKIT_')) return `${className} without an ERR_BLASKIT_ code: ${error.message}`;
  const documented = CLASS_OF_CODE[code];
  if (documented !== undefined && documented !== className) return `${className} with code ${code}, which the README gives as a ${documented}: ${error.message}`;
  summary.codes[code] = (summary.codes[code] ?? 0) + 1;
  if (className === 'TypeError') summary.typeErrors++;
  else summary.rangeErrors++;
  if (!error.message.startsWith(messagePrefix(target))) {
    summary.messagesNotNamingTheFunction.count++;
    const example = `${target.name}: ${code}: ${error.message}`.slice(0, 200);
    if (summary.messagesNotNamingTheFunction.examples.length < 5 && !summary.messagesNotNamingTheFunction.examples.includes(example)) {
      summary.messagesNotNamingTheFunction.examples.push(example);
    }
  }
  return undefined;
}

function isWellFormedNDArray(value: unknown): boolean {
  if (!(value instanceof NDArray)) return false;
  const { data, shape } = value;
  if (!(data instanceof (value.dtype === 'float32' ? Float32Array : Float64Array)) || !Array.isArray(shape)) return false;
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) return false;
  return sizeOf(shape) === data.length;
}

/** Checks a returned (or resolved) value; returns a problem for findings, or undefined. */
function judgeResult(target: Target, options: unknown, result: unknown): string | undefined {
  const given = options !== null && typeof options === 'object' ? outGiven.get(options) : undefined;
  if (given !== undefined && given.out !== undefined) {
    return result === given.out ? undefined : `succeeded with an out but returned ${describe(result)} instead of it`;
  }
  switch (target.returns) {
    case 'string':
      return typeof result === 'string' ? undefined : `returned ${describe(result)}, not a string`;
    case 'ndarray':
      return isWellFormedNDArray(result) ? undefined : `returned ${describe(result)}, not a well-formed NDArray`;
    default:
      return typeof result === 'number' || result instanceof Float64Array || result instanceof Float32Array || isWellFormedNDArray(result)
        ? undefined
        : `returned ${describe(result)}, not a number, Float64Array, Float32Array or well-formed NDArray`;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object' && typeof value !== 'function') return typeof value === 'symbol' ? 'a symbol' : `${typeof value} ${String(value)}`;
  if (value instanceof NDArray) return `an NDArray of shape [${String(value.shape)}] with ${String((value.data as { length?: unknown } | undefined)?.length)} elements`;
  return `an instance of ${(value as { constructor?: { name?: string } }).constructor?.name ?? 'Object'}`;
}

// ---------------------------------------------------------------------------
// Watchdog: a call that never returns cannot report itself

const watch = new SharedArrayBuffer(16 + 4096);
const watchState = new Int32Array(watch, 0, 4); // [call index, description length, in a sync call?]
const watchText = new Uint8Array(watch, 16);
const encoder = new TextEncoder();
const WATCHDOG_MS = 20000;
const watchdog = new Worker(
  `
  const { workerData } = require('node:worker_threads');
  const fs = require('node:fs');
  const state = new Int32Array(workerData.watch, 0, 4);
  const text = new Uint8Array(workerData.watch, 16);
  let last = -1;
  let since = Date.now();
  setInterval(() => {
    const call = Atomics.load(state, 0);
    if (call !== last || Atomics.load(state, 2) === 0) { last = call; since = Date.now(); return; }
    if (Date.now() - since < workerData.limit) return;
    const what = Buffer.from(text.slice(0, Atomics.load(state, 1))).toString();
    fs.writeSync(2, 'fuzz-arguments: call #' + call + ' has not returned after ' + workerData.limit + ' ms: ' + what + '\\n');
    process.kill(process.pid, 'SIGKILL');
  }, 250);
  `,
  { eval: true, workerData: { watch, limit: WATCHDOG_MS } },
);
watchdog.unref();

function announce(call: number, description: string): void {
  const { written } = encoder.encodeInto(description, watchText);
  Atomics.store(watchState, 1, written);
  Atomics.store(watchState, 0, call);
  Atomics.store(watchState, 2, 1);
}

function settled(): void {
  Atomics.store(watchState, 2, 0);
}

// ---------------------------------------------------------------------------
// The run

process.on('unhandledRejection', (reason) => addFinding('(process)', [], `unhandled rejection: ${String(reason)}`, summary.calls));
process.on('uncaughtException', (error) => addFinding('(process)', [], `uncaught exception: ${error.message}`, summary.calls));

interface Pending {
  readonly promise: Promise<void>;
  done: boolean;
  readonly target: string;
  readonly labels: readonly string[];
  readonly call: number;
}

/** Waits for a batch of async calls; any still pending after `ms` is a finding. */
async function drain(pending: Pending[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([Promise.all(pending.map((p) => p.promise)), timeout]);
  clearTimeout(timer);
  for (const p of pending) if (!p.done) addFinding(p.target, p.labels, `the Promise did not settle within ${ms} ms`, p.call);
  pending.length = 0;
}

async function main(): Promise<void> {
  const started = Date.now();
  const pending: Pending[] = [];
  for (let call = 0; call < count; call++) {
    const target = targets[call % targets.length];
    const args: Generated[] = [];
    for (let position = 0; position < target.operands; position++) args.push(target.argument ? target.argument(r, position) : operand(r));
    if (target.takesOptions) args.push(options(r, args));
    // Now and then too few arguments, or one too many.
    const arity = r.next();
    if (arity < 0.04) args.pop();
    else if (arity < 0.08) args.push(operand(r));
    const labels = args.map((a) => a.label);
    const values = args.map((a) => a.value);
    const optionsValue = target.takesOptions ? values[target.operands] : undefined;

    summary.calls++;
    announce(call, `${target.name}(${labels.join(', ')})`);
    let returned: unknown;
    let threw = false;
    let thrown: unknown;
    try {
      returned = target.call(values);
    } catch (error) {
      threw = true;
      thrown = error;
    }
    settled();

    if (!target.isAsync) {
      summary.syncCalls++;
      const problem = threw ? judgeError(target, thrown) : judgeResult(target, optionsValue, returned);
      if (problem !== undefined) addFinding(target.name, labels, problem, call);
      else if (!threw) summary.results++;
      continue;
    }

    summary.asyncCalls++;
    if (threw) {
      addFinding(target.name, labels, `threw synchronously instead of rejecting: ${thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)}`, call);
      continue;
    }
    if (!(returned instanceof Promise)) {
      addFinding(target.name, labels, `returned ${describe(returned)}, not a Promise`, call);
      continue;
    }
    const entry: Pending = {
      done: false,
      target: target.name,
      labels,
      call,
      promise: returned.then(
        (result) => {
          entry.done = true;
          const problem = judgeResult(target, optionsValue, result);
          if (problem !== undefined) addFinding(target.name, labels, problem, call);
          else summary.results++;
        },
        (error: unknown) => {
          entry.done = true;
          const problem = judgeError(target, error);
          if (problem !== undefined) addFinding(target.name, labels, problem, call);
        },
      ),
    };
    pending.push(entry);
    if (pending.length >= 64) await drain(pending, 15000);
  }
  await drain(pending, 15000);
  summary.ms = Date.now() - started;
  summary.findings = [...findings.values()].sort((a, b) => b.count - a.count);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.exit(0);
}

void main();
