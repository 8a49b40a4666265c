/**
 * fast-check arbitraries and builders for the property tests (test/70).
 *
 * Arbitraries generate plain descriptions (a shape, the values, the kind of
 * operand, how much padding, where `out` goes), never typed arrays: each run
 * builds fresh memory from the description, so an in-place call cannot change
 * the counterexample fast-check prints, and a failure reproduces from it.
 *
 * Memory lives in arenas: one ArrayBuffer per operand (or per operand and the
 * `out` that overlaps it), filled with sentinels around the elements, so that
 * after a call every byte except `out`'s elements can be checked bit for bit.
 *
 * Operands held in memory (typed arrays and NDArrays) are float64 or float32
 * (issue 14): an arena is a Float64Array or a Float32Array, a float32 operand's
 * values are float32 values (rounded when the case is drawn, so that the
 * counterexample shows them), and `out` takes the result's dtype.
 */
import fc from 'fast-check';
import { expect } from 'chai';
import { NDArray } from '../../lib/index';
import { MIN_NORMAL, fromBits } from './ulp';

// ---------------------------------------------------------------------------
// Values

/** NaN, infinities, zeros, the subnormal and normal limits, the largest doubles, and the points where exp-based kernels saturate. */
export const SPECIAL_VALUES: readonly number[] = [
  NaN, Infinity, -Infinity, 0, -0, 5e-324, -5e-324, MIN_NORMAL, -MIN_NORMAL, MIN_NORMAL - 5e-324,
  Number.MAX_VALUE, -Number.MAX_VALUE, 1e300, -1e-300, 1, -1, 0.5,
  36.8, -36.8, 709.78, -709.78, 710, -710, 745.13, -745.13, 746, -746,
];

/** A finite double of either sign with its binary exponent uniform in [minExp, maxExp]: every binade as likely, subnormals included. */
export function binadeDouble(minExp = -1074, maxExp = 1023): fc.Arbitrary<number> {
  return fc
    .tuple(fc.boolean(), fc.double({ min: 1, max: 2, maxExcluded: true, noNaN: true }), fc.integer({ min: minExp, max: maxExp }))
    .map(([negative, mantissa, exponent]) => (negative ? -1 : 1) * mantissa * 2 ** exponent);
}

/** A subnormal double of either sign, from its bit pattern (fraction bits 1 .. 2^52-1, exponent bits 0). */
export const subnormalDouble: fc.Arbitrary<number> = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 1n, max: (1n << 52n) - 1n }))
  .map(([negative, fraction]) => fromBits(negative ? fraction | (1n << 63n) : fraction));

/**
 * Element values: mostly the range where the activations bend, then special
 * values, every binade from 2^-1074 up to 2^maxExp, subnormals, and any double
 * fast-check likes (NaN and infinities included). `maxExp` bounds magnitudes
 * for kernels whose reference rule needs sums that cannot overflow (dot).
 */
export function elementValues(maxExp = 1023): fc.Arbitrary<number> {
  const limit = 2 ** (maxExp + 1);
  const specials = SPECIAL_VALUES.filter((v) => !(Math.abs(v) >= limit) || !Number.isFinite(v));
  return fc.oneof(
    { weight: 8, arbitrary: fc.double({ min: -40, max: 40, noNaN: true }) },
    { weight: 3, arbitrary: fc.constantFrom(...specials) },
    { weight: 3, arbitrary: binadeDouble(-1074, maxExp) },
    { weight: 1, arbitrary: subnormalDouble },
    { weight: 1, arbitrary: maxExp >= 1023 ? fc.double() : fc.double({ min: -(2 ** maxExp), max: 2 ** maxExp }) },
  );
}

// ---------------------------------------------------------------------------
// Shapes

/** One dimension: 0 and 1 often enough that every rank meets them, else 2..5. */
export const dimension: fc.Arbitrary<number> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.constant(1) },
  { weight: 6, arbitrary: fc.integer({ min: 2, max: 5 }) },
);

/** Shapes of rank 0..4: 0-D, 1-D up to 70 long (so kernel loops and tails run), and small 2-D to 4-D. */
export const anyShape: fc.Arbitrary<number[]> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<number[]>([]) },
  { weight: 3, arbitrary: fc.oneof(dimension, fc.integer({ min: 6, max: 70 })).map((n) => [n]) },
  { weight: 5, arbitrary: fc.array(dimension, { minLength: 2, maxLength: 4 }) },
);

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

/** numpy's tuple notation, for labels. */
export function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(',')})`;
}

// ---------------------------------------------------------------------------
// Operands

/** The kinds of argument the API takes: a typed array is a Float64Array or a Float32Array, as the operand's dtype says. */
export type OperandKind = 'number' | 'typedarray' | 'ndarray' | 'nested';

/** The element types of memory. */
export type Dtype = 'float64' | 'float32';

export const DTYPES: readonly Dtype[] = ['float64', 'float32'];

export interface OperandSpec {
  readonly kind: OperandKind;
  /** float32 only for typed arrays and NDArrays: numbers and nested arrays are float64 operands. */
  readonly dtype: Dtype;
  readonly shape: readonly number[];
  readonly values: readonly number[];
  /** Sentinel elements on each side of the operand's memory; 0 gives it a buffer of its own (byteOffset 0). */
  readonly pad: number;
}

/**
 * Nested arrays can only say (2,0) as [[], []]: a 0 before the last dimension
 * cuts the shape short (np.array has the same limit), so such shapes are
 * built as NDArrays.
 */
function nestedCanHold(shape: readonly number[]): boolean {
  return shape.length >= 1 && shape.slice(0, -1).every((d) => d > 0);
}

/** The kinds that can carry an operand of `shape`. */
export function kindsFor(shape: readonly number[]): OperandKind[] {
  if (shape.length === 0) return ['number', 'ndarray'];
  const kinds: OperandKind[] = ['ndarray'];
  if (shape.length === 1) kinds.push('typedarray');
  if (nestedCanHold(shape)) kinds.push('nested');
  return kinds;
}

function holdsMemory(kind: OperandKind): boolean {
  return kind === 'typedarray' || kind === 'ndarray';
}

/**
 * An operand of exactly `shape`, of any kind that can carry it, in memory of
 * one of `dtypes` (float32 operands get their values rounded to float32).
 */
export function operandOf(
  shape: readonly number[],
  values: fc.Arbitrary<number>,
  kinds: readonly OperandKind[] = kindsFor(shape),
  dtypes: readonly Dtype[] = DTYPES,
): fc.Arbitrary<OperandSpec> {
  const size = sizeOf(shape);
  return fc
    .record({
      kind: fc.constantFrom(...kinds),
      dtype: fc.constantFrom(...dtypes),
      values: fc.array(values, { minLength: size, maxLength: size }),
      pad: fc.constantFrom(0, 1, 3),
    })
    .map(({ kind, dtype: drawn, values: v, pad }) => {
      const dtype = holdsMemory(kind) ? drawn : 'float64';
      return { kind, dtype, shape, values: dtype === 'float32' ? v.map(Math.fround) : v, pad };
    });
}

/** An operand of any shape (rank 0..4), of either dtype. */
export function anyOperand(values: fc.Arbitrary<number>, shapes: fc.Arbitrary<number[]> = anyShape, dtypes: readonly Dtype[] = DTYPES): fc.Arbitrary<OperandSpec> {
  return shapes.chain((shape) => operandOf(shape, values, kindsFor(shape), dtypes));
}

/**
 * The contract's result dtype: float32 when every array operand (typed array
 * or NDArray) is float32, float64 as soon as one is float64 or is a nested
 * array; numbers do not count (a number beside float32 keeps float32), and
 * numbers alone give float64.
 */
export function resultDtype(specs: readonly OperandSpec[]): Dtype {
  const arrays = specs.filter((spec) => spec.kind !== 'number');
  return arrays.length > 0 && arrays.every((spec) => spec.dtype === 'float32') ? 'float32' : 'float64';
}

/** Nested arrays holding `values` in `shape` (row-major). */
export function nestedOf(values: ArrayLike<number>, shape: readonly number[]): unknown[] {
  let offset = 0;
  const build = (depth: number): unknown[] => {
    const out: unknown[] = [];
    for (let i = 0; i < shape[depth]; i++) out.push(depth === shape.length - 1 ? values[offset++] : build(depth + 1));
    return out;
  };
  return build(0);
}

function flattenNested(value: unknown, into: number[] = []): number[] {
  if (Array.isArray(value)) for (const item of value) flattenNested(item, into);
  else into.push(value as number);
  return into;
}

// ---------------------------------------------------------------------------
// Where `out` goes

/**
 * - none: no `out`; the result is fresh memory.
 * - fresh: a NaN-filled `out` of its own (a view with `pad` sentinels each side).
 * - same: `out` is the operand object itself (in place).
 * - alias: another typed array or NDArray over the operand's very elements.
 * - overlap: `out` in the operand's buffer, `shift` elements after (or before) it.
 * A mode the operand cannot take (a number, nested arrays, another size)
 * falls back to `fresh` when the case is built.
 */
export type OutSpec =
  | { readonly mode: 'none' }
  | { readonly mode: 'fresh'; readonly as: OutKind; readonly pad: number }
  | { readonly mode: 'same'; readonly operand: number }
  | { readonly mode: 'alias'; readonly operand: number; readonly as: OutKind }
  | { readonly mode: 'overlap'; readonly operand: number; readonly shift: number; readonly as: OutKind };

export type OutMode = OutSpec['mode'];
/** An out as a typed array, an NDArray of shape (size,), or an NDArray of shape (1, size): its own shape is kept. */
export type OutKind = 'typedarray' | 'ndarray' | 'ndarray-row';

const outKind = fc.constantFrom<OutKind>('typedarray', 'ndarray', 'ndarray-row');

/** Out placements for a function of `operands` operands, limited to `modes`. */
export function outSpec(operands: number, modes: readonly OutMode[]): fc.Arbitrary<OutSpec> {
  const operand = fc.integer({ min: 0, max: operands - 1 });
  const all: Record<OutMode, fc.Arbitrary<OutSpec>> = {
    none: fc.constant({ mode: 'none' }),
    fresh: fc.record({ mode: fc.constant('fresh' as const), as: outKind, pad: fc.constantFrom(0, 2) }),
    same: fc.record({ mode: fc.constant('same' as const), operand }),
    alias: fc.record({ mode: fc.constant('alias' as const), operand, as: outKind }),
    overlap: fc.record({ mode: fc.constant('overlap' as const), operand, shift: fc.integer({ min: -6, max: 6 }), as: outKind }),
  };
  return fc.oneof(...modes.map((mode) => all[mode]));
}

// ---------------------------------------------------------------------------
// Building a case: arenas, operands, out

/** Sentinel i of an arena: negative non-integers no kernel would produce by chance. */
function sentinel(i: number): number {
  return -(i + 1.375) * 1.0000001;
}

/** One ArrayBuffer of float64 or float32 elements, sentinel-filled, with a bitwise snapshot to compare against. */
export class Arena {
  readonly whole: Float64Array | Float32Array;
  private snapshot: Uint32Array;
  /** 32-bit words per element. */
  private readonly words: number;

  constructor(
    length: number,
    readonly dtype: Dtype = 'float64',
  ) {
    this.whole = dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
    this.words = dtype === 'float32' ? 1 : 2;
    for (let i = 0; i < length; i++) this.whole[i] = sentinel(i);
    this.snapshot = new Uint32Array(0);
  }

  view(start: number, length: number): Float64Array | Float32Array {
    const bytes = this.whole.BYTES_PER_ELEMENT;
    return this.dtype === 'float32' ? new Float32Array(this.whole.buffer, bytes * start, length) : new Float64Array(this.whole.buffer, bytes * start, length);
  }

  /** Records every bit of the arena, as it is just before the call. */
  record(): void {
    this.snapshot = new Uint32Array(this.whole.buffer.slice(0));
  }

  /** Indices of elements outside [start, start + length) whose bits differ from the snapshot (none once transferred). */
  changedOutside(start: number, length: number): number[] {
    // A buffer the test transferred away has no bytes left to look at.
    if (this.whole.buffer.byteLength === 0) return [];
    const now = new Uint32Array(this.whole.buffer);
    const changed: number[] = [];
    for (let i = 0; i < this.whole.length; i++) {
      if (i >= start && i < start + length) continue;
      for (let w = this.words * i; w < this.words * (i + 1); w++) {
        if (now[w] !== this.snapshot[w]) {
          changed.push(i);
          break;
        }
      }
    }
    return changed;
  }
}

/** An operand built into memory. */
export interface BuiltOperand {
  readonly spec: OperandSpec;
  /** What is passed to the function. */
  readonly input: unknown;
  /** A private copy of the operand's elements, widened to doubles (exactly), for the reference. */
  readonly values: Float64Array;
  /** Where its elements live (Float64Array and NDArray operands). */
  readonly arena?: Arena;
  readonly start: number;
}

export interface BuiltCase {
  readonly operands: BuiltOperand[];
  /** The result's dtype by the contract's rule (resultDtype), which `out` has. */
  readonly dtype: Dtype;
  /** The `out` passed, if any. */
  readonly out?: Float64Array | Float32Array | NDArray;
  readonly outData?: Float64Array | Float32Array;
  /** The mode actually used (after falling back to `fresh`). */
  readonly outMode: OutMode;
  /** The arena and place of out's elements: the only memory the call may change. */
  readonly outArena?: Arena;
  readonly outStart: number;
  readonly arenas: Arena[];
  /** The arguments: the operands, then `{ out }` when there is one. */
  readonly args: unknown[];
  /** Set once the inputs were deliberately overwritten after an async call started. */
  readonly state: { scribbled: boolean };
}

function outObject(data: Float64Array | Float32Array, as: OutKind): Float64Array | Float32Array | NDArray {
  if (as === 'typedarray') return data;
  return new NDArray(data as never, as === 'ndarray' ? [data.length] : [1, data.length]);
}

/** The out placement actually used: a fresh out when the operand cannot host the one asked for. */
function placeOut(specs: readonly OperandSpec[], out: OutSpec, resultSize: number, fullAliasAllowed: boolean, dtype: Dtype): OutSpec {
  if (out.mode !== 'same' && out.mode !== 'alias' && out.mode !== 'overlap') return out;
  const target = specs[out.operand];
  const sameSize = sizeOf(target.shape) === resultSize;
  // out has the result's dtype: it can only share memory with an operand of that dtype.
  const fits = holdsMemory(target.kind) && target.dtype === dtype && (out.mode === 'overlap' || (sameSize && fullAliasAllowed));
  if (!fits) return { mode: 'fresh', as: out.mode === 'same' ? 'typedarray' : out.as, pad: 1 };
  if (out.mode === 'overlap' && out.shift === 0 && sameSize && !fullAliasAllowed) return { ...out, shift: 1 };
  return out;
}

/**
 * Lays out `specs` and `out` for a result of `resultSize` elements.
 * `fullAliasAllowed`: whether `out` may be exactly an operand's elements (the
 * elementwise, row and multiply functions say so); otherwise an overlap is
 * kept partial, as the README promises it for every function.
 */
export function buildCase(specs: readonly OperandSpec[], requested: OutSpec, resultSize: number, fullAliasAllowed: boolean): BuiltCase {
  const dtype = resultDtype(specs);
  const out = placeOut(specs, requested, resultSize, fullAliasAllowed, dtype);
  const arenas: Arena[] = [];
  const operands: BuiltOperand[] = [];
  let outArena: Arena | undefined;
  let outStart = 0;
  let outData: Float64Array | Float32Array | undefined;
  let outValue: Float64Array | Float32Array | NDArray | undefined;

  specs.forEach((spec, index) => {
    const values = Float64Array.from(spec.values);
    if (spec.kind === 'number') {
      operands.push({ spec, input: values[0], values, start: 0 });
      return;
    }
    if (spec.kind === 'nested') {
      operands.push({ spec, input: nestedOf(values, spec.shape), values, start: 0 });
      return;
    }
    const n = values.length;
    let start = spec.pad;
    let length = n + 2 * spec.pad;
    const hostsOverlap = out.mode === 'overlap' && out.operand === index;
    if (hostsOverlap) {
      // Operand at `start`, out at `start + shift`: room for both, padding around the union.
      start = spec.pad + Math.max(0, -out.shift);
      length = Math.max(start + n, start + out.shift + resultSize) + spec.pad;
    }
    const arena = new Arena(length, spec.dtype);
    arenas.push(arena);
    const data = arena.view(start, n);
    data.set(values);
    const input = spec.kind === 'typedarray' ? data : new NDArray(data as never, spec.shape);
    operands.push({ spec, input, values, arena, start });
    if (hostsOverlap) {
      outArena = arena;
      outStart = start + out.shift;
      outData = arena.view(outStart, resultSize);
      outValue = outObject(outData, out.as);
    } else if ((out.mode === 'same' || out.mode === 'alias') && out.operand === index) {
      outArena = arena;
      outStart = start;
      outData = data;
      outValue = out.mode === 'same' ? (input as Float64Array | Float32Array | NDArray) : outObject(arena.view(start, n), out.as);
    }
  });

  if (out.mode === 'fresh') {
    const arena = new Arena(resultSize + 2 * out.pad, dtype);
    arenas.push(arena);
    outArena = arena;
    outStart = out.pad;
    outData = arena.view(out.pad, resultSize);
    // Whatever out holds before the call must not leak into the result.
    outData.fill(NaN);
    outValue = outObject(outData, out.as);
  }

  for (const arena of arenas) arena.record();
  const args: unknown[] = operands.map((o) => o.input);
  if (outValue !== undefined) args.push({ out: outValue });
  return { operands, dtype, out: outValue, outData, outMode: out.mode, outArena, outStart, arenas, args, state: { scribbled: false } };
}

/**
 * The call changed nothing but out's elements: every other byte of every
 * arena (padding, inputs that are not the out) is bit for bit as before, and
 * nested-array inputs still hold their values.
 */
export function expectOnlyOutChanged(built: BuiltCase, label: string): void {
  for (const arena of built.arenas) {
    const isOutArena = arena === built.outArena;
    const changed = isOutArena ? arena.changedOutside(built.outStart, built.outData!.length) : arena.changedOutside(0, 0);
    expect(changed, `${label}: elements changed outside out (arena indices; out at ${built.outStart})`).to.deep.equal([]);
  }
  for (const operand of built.operands) {
    if (operand.spec.kind !== 'nested' || built.state.scribbled) continue;
    const now = flattenNested(operand.input);
    const same = now.length === operand.values.length && now.every((v, i) => Object.is(v, operand.values[i]));
    expect(same, `${label}: the nested-array input was modified`).to.equal(true);
  }
}

/**
 * Overwrites every input's memory and nested arrays (after an async call
 * returned: the job must have its own copy), except out's elements, then takes the arenas' snapshot
 * anew: from here on, only out's elements may change.
 */
export function scribbleOverInputs(built: BuiltCase): void {
  built.state.scribbled = true;
  for (const operand of built.operands) {
    const { arena, start } = operand;
    if (arena !== undefined) {
      // Out's own elements are left alone: image2vectorAsync has already copied into them.
      const outEnd = built.outStart + (built.outData?.length ?? 0);
      for (let i = start; i < start + operand.values.length; i++) {
        if (arena !== built.outArena || i < built.outStart || i >= outEnd) arena.whole[i] = -7.25;
      }
    }
    if (operand.spec.kind === 'nested') {
      const overwrite = (node: unknown[]): void => {
        for (let i = 0; i < node.length; i++) {
          if (Array.isArray(node[i])) overwrite(node[i] as unknown[]);
          else node[i] = -7.25;
        }
      };
      overwrite(operand.input as unknown[]);
    }
  }
  for (const arena of built.arenas) arena.record();
}

/**
 * Transfers away (detaches) the buffer of every input that lives in memory,
 * as `postMessage(buf, [buf])` would, after an async call returned. Returns
 * whether out's memory went with them (out was in place or overlapping).
 */
export function transferInputs(built: BuiltCase): boolean {
  const buffers = new Set<ArrayBuffer>();
  for (const operand of built.operands) {
    if (operand.arena !== undefined) buffers.add(operand.arena.whole.buffer as ArrayBuffer);
  }
  const outGoes = built.outArena !== undefined && buffers.has(built.outArena.whole.buffer as ArrayBuffer);
  if (buffers.size > 0) structuredClone([...buffers], { transfer: [...buffers] });
  return outGoes;
}

// ---------------------------------------------------------------------------
// Kinds of results

export type ResultKind = 'number' | 'typedarray' | 'ndarray';

const RICHNESS: Record<OperandKind, number> = { number: 0, typedarray: 1, ndarray: 2, nested: 2 };

/** The README's rule: the richer kind wins (number < typed array < NDArray = nested), and a result of 2+ dimensions is an NDArray. */
export function expectedKind(kinds: readonly OperandKind[], shape: readonly number[]): ResultKind {
  const richest = Math.max(...kinds.map((k) => RICHNESS[k]));
  if (richest === 0 && shape.length === 0) return 'number';
  if (richest === 1 && shape.length === 1) return 'typedarray';
  return 'ndarray';
}

/**
 * Checks what a call returned: `out` itself when one was given, otherwise a
 * value of `kind` and `shape`, in memory none of the arenas hold (unless
 * `view` says the result is documented as a view). Returns its elements.
 */
export function expectResult(result: unknown, built: BuiltCase, kind: ResultKind, shape: readonly number[], label: string, view = false): Float64Array | Float32Array {
  if (built.out !== undefined) {
    expect(result === built.out, `${label}: returns the very out it was given`).to.equal(true);
    return built.outData!;
  }
  const type = built.dtype === 'float32' ? Float32Array : Float64Array;
  let data: Float64Array | Float32Array;
  if (kind === 'number') {
    expect(result, `${label}: a number`).to.be.a('number');
    data = Float64Array.of(result as number);
    if (built.dtype === 'float32') expect(Object.is(Math.fround(result as number), result), `${label}: ${String(result)} is a number holding a float32 value`).to.equal(true);
  } else if (kind === 'typedarray') {
    expect(result, `${label}: a ${type.name} (result dtype ${built.dtype})`).to.be.instanceOf(type);
    data = result as Float64Array | Float32Array;
    expect(data.length, `${label}: length`).to.equal(shape[0]);
  } else {
    expect(result, `${label}: an NDArray`).to.be.instanceOf(NDArray);
    const nd = result as NDArray;
    expect(nd.shape, `${label}: shape`).to.deep.equal(shape);
    expect((nd as { dtype?: string }).dtype, `${label}: the NDArray's dtype`).to.equal(built.dtype);
    expect(nd.data, `${label}: the NDArray's data (result dtype ${built.dtype})`).to.be.instanceOf(type);
    expect(nd.data.length, `${label}: data length`).to.equal(sizeOf(shape));
    data = nd.data;
  }
  if (!view && kind !== 'number') {
    const shared = built.arenas.some((arena) => arena.whole.buffer === data.buffer);
    expect(shared, `${label}: a fresh result, not memory of an argument`).to.equal(false);
  }
  return data;
}

/** Object.is on every element (NaN matches NaN, -0 differs from +0), for comparing two runs of the same kernel. */
export function sameElements(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
