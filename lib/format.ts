/**
 * Text formatting of float64 and float32 scalars and arrays, byte-identical to
 * numpy 2's `str(x)` / `print(x)` under the default print options:
 * precision=8, floatmode='maxprec', suppress=False, linewidth=75,
 * threshold=1000, edgeitems=3, sign='-', legacy=False.
 *
 * The behaviour reproduced here was established against numpy 2.4 (see
 * scripts/generate-format-fixtures.py and test/15.format.test.ts).
 */

import { types } from 'util';
import { blaskitRangeError, blaskitTypeError, describeValue, formatShape } from './errors';

/** Maximum fraction digits (positional) or digits after the first one (scientific). */
const PRECISION = 8;
/** Lines never grow past this many characters unless a single element is wider. */
const LINE_WIDTH = 75;
/** Arrays with more elements than this are summarised with '...'. */
const THRESHOLD = 1000;
/** Items shown at each end of a summarised axis. */
const EDGE_ITEMS = 3;
const SUMMARY_MARK = '...';
/** Arrays abandon positional notation when the smallest non-zero magnitude is below this... */
const EXP_CUTOFF_MIN = 1e-4;
/** ...or when largest / smallest non-zero magnitude exceeds this (or the largest reaches FloatKind.expCutoffMax). */
const EXP_CUTOFF_RATIO = 1e3;
/** Scalars are positional from this magnitude up to FloatKind.scalarPositionalMax. */
const SCALAR_POSITIONAL_MIN = 1e-4;

/**
 * A non-negative decimal number: `digits` are its significant digits without
 * trailing zeros ('0' for zero) and `exponent` is the power of ten of the first
 * digit, so 0.0125 is { digits: '125', exponent: -2 }.
 */
interface Decimal {
  readonly digits: string;
  readonly exponent: number;
}

const ZERO: Decimal = { digits: '0', exponent: 0 };

/** The element types formatted here, named as numpy names them. */
export type FloatDtype = 'float64' | 'float32';

/**
 * What numpy's printing does differently for each element type. Only the
 * digit generation and three cutoffs change; the layout rules are shared.
 */
interface FloatKind {
  /** Shortest digits that round-trip in this type (Dragon4 'unique' mode). abs > 0. */
  readonly shortest: (abs: number) => Decimal;
  /**
   * Arrays switch to scientific when the largest magnitude reaches this:
   * 10**min(8, np.finfo(dtype).precision), so 1e8 for float64, 1e6 for float32.
   */
  readonly expCutoffMax: number;
  /**
   * numpy compares the array's own scalars with the Python floats 0.0001 and
   * 1000. (NEP 50: in the array's type), so for float32 the cutoff is
   * float32(1e-4) and max/min is a float32 quotient.
   */
  readonly toType: (x: number) => number;
  /** Scalars print positionally below this magnitude (numpy 2.4: 1e16 for float64, 1e6 for float32). */
  readonly scalarPositionalMax: number;
}

const FLOAT64: FloatKind = {
  shortest: shortestDecimal,
  expCutoffMax: 1e8,
  toType: (x) => x,
  scalarPositionalMax: 1e16,
};

const FLOAT32: FloatKind = {
  shortest: shortestFloat32Decimal,
  expCutoffMax: 1e6,
  toType: Math.fround,
  scalarPositionalMax: 1e6,
};

/**
 * What numpy 2 prints (`print(x)` / `str(x)`) for a scalar of the given dtype:
 * `np.float64(x)` gives 0.0, 3.0, 1e-07, 0.9525741268224334, nan, inf, -inf;
 * `np.float32(x)` rounds x to float32 first and prints the shortest digits
 * that round-trip in float32 (0.1, not 0.10000000149011612), positionally
 * only below 1e6 (1e+06, 1.6777216e+07).
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE when dtype is not 'float64' or 'float32'
 */
export function formatScalar(value: number, dtype: FloatDtype = 'float64'): string {
  const kind = floatKind('formatScalar', dtype);
  const x = kind.toType(value);
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const sign = hasSignBit(x) ? '-' : '';
  const abs = Math.abs(x);
  if (abs === 0) return `${sign}0.0`;
  const shortest = kind.shortest(abs);
  // numpy's scalar str is positional for 1e-4 <= |x| < max and always keeps
  // one fraction digit there ('3.0'), like Python's float repr.
  if (abs >= SCALAR_POSITIONAL_MIN && abs < kind.scalarPositionalMax) {
    const { integer, fraction } = positionalParts(shortest);
    return `${sign}${integer}.${fraction || '0'}`;
  }
  // Scientific: no '.' for a single digit ('1e-07'), exponent of at least two digits.
  const { digits, exponent } = shortest;
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}e${exponentText(exponent, 2)}`;
}

/**
 * What numpy 2's `print(a)` / `str(a)` prints for an ndarray with the given
 * row-major data and shape, default print options: a Float64Array prints as a
 * float64 array, a Float32Array as a float32 one.
 * @throws {TypeError} ERR_BLASKIT_INVALID_TYPE when data is neither a Float64Array nor a Float32Array
 * @throws {RangeError} ERR_BLASKIT_SHAPE when shape is not a list of dimensions whose product is data.length
 */
export function formatArray(data: Float64Array | Float32Array, shape: readonly number[]): string {
  const dtype = dtypeOf(data);
  const kind = floatKind('formatArray', dtype);
  const size = checkedSize(data, shape);
  // A 0-d array prints like its scalar (array_str special case).
  if (shape.length === 0) return formatScalar(data[0], dtype);
  // array2string treats any zero-length dimension as a null array.
  if (size === 0) return '[]';
  const grid: Grid = { data, shape, strides: rowMajorStrides(shape), summarise: size > THRESHOLD };
  // Column widths come only from the items that are actually shown.
  const layout: Layout = { ...grid, formatElement: makeElementFormatter(shownValues(grid), kind) };
  // The hanging indent ' ' skips over the opening '['.
  return renderBlock(layout, 0, 0, ' ', LINE_WIDTH);
}

/** numpy's name for the element type of `data`. */
function dtypeOf(data: unknown): FloatDtype {
  // util.types also recognises typed arrays made in another realm (vm, workers).
  if (types.isFloat64Array(data)) return 'float64';
  if (types.isFloat32Array(data)) return 'float32';
  throw blaskitTypeError(
    'ERR_BLASKIT_INVALID_TYPE',
    `formatArray: expected argument 'data' to be a Float64Array or Float32Array, received ${describeValue(data)}`,
  );
}

function floatKind(functionName: string, dtype: unknown): FloatKind {
  if (dtype === 'float64') return FLOAT64;
  if (dtype === 'float32') return FLOAT32;
  throw blaskitTypeError(
    'ERR_BLASKIT_INVALID_TYPE',
    `${functionName}: expected argument 'dtype' to be 'float64' or 'float32', received ${describeValue(dtype)}`,
  );
}

// ---------------------------------------------------------------------------
// Digit generation (numpy's Dragon4 in 'unique' mode with a cutoff)
// ---------------------------------------------------------------------------

/** Shortest float64 digits that round-trip to `abs` (closest to it among equals). abs > 0. */
function shortestDecimal(abs: number): Decimal {
  // String(x) is specified to give the shortest round-trip digits, the same
  // choice as numpy's unique Dragon4 and Python's repr.
  const [coefficient, exponentPart = '0'] = String(abs).split('e');
  const pointAt = coefficient.indexOf('.');
  const integerLength = pointAt < 0 ? coefficient.length : pointAt;
  const allDigits = coefficient.replace('.', '');
  const significant = allDigits.replace(/^0+/, '');
  const leadingZeros = allDigits.length - significant.length;
  return {
    digits: stripTrailingZeros(significant),
    exponent: Number(exponentPart) + integerLength - 1 - leadingZeros,
  };
}

const float32Bits = new DataView(new ArrayBuffer(4));

/**
 * Shortest digits that round-trip to the float32 value `abs` (abs > 0, already
 * a float32), as numpy's Dragon4 prints an np.float32 in 'unique' mode.
 * JavaScript has no float32 shortest-digits routine, so this runs Dragon4
 * itself on the float32's bits.
 */
function shortestFloat32Decimal(abs: number): Decimal {
  float32Bits.setFloat32(0, abs);
  const bits = float32Bits.getUint32(0);
  const biasedExponent = bits >>> 23;
  const fraction = bits & 0x7fffff;
  const isSubnormal = biasedExponent === 0;
  const mantissa = isSubnormal ? fraction : fraction | 0x800000;
  const power = (isSubnormal ? 1 : biasedExponent) - 150; // abs = mantissa * 2**power
  // Below a power of two (other than the smallest normal one) the next
  // float32 down is half as far as the next one up.
  const hasUnequalMargins = biasedExponent > 1 && fraction === 0;
  return dragon4Unique(BigInt(mantissa), power, hasUnequalMargins, abs);
}

/**
 * Free-format digit generation (Steele & White, Burger & Dybvig) as numpy's
 * dragon4.c runs it without a cutoff: digits of mantissa * 2**power are
 * produced one at a time until the digits so far, rounded down or up, lie in
 * the interval of values that read back as this one: half-way to each
 * neighbour, the half-way points included when the mantissa is even (a
 * decimal there reads back to the even neighbour). The last digit is then
 * rounded to the nearer of the two, a tie to the even digit.
 * `approximate` is the value as a number, only to guess the exponent.
 */
function dragon4Unique(mantissa: bigint, power: number, hasUnequalMargins: boolean, approximate: number): Decimal {
  // value = scaledValue / scale; the half-gaps to the neighbours are
  // marginHigh / scale and marginLow / scale. The factor 4 keeps a quarter
  // unit (the unequal low margin) integral.
  const unit = power >= 0 ? 1n << BigInt(power) : 1n;
  let scaledValue = 4n * mantissa * unit;
  let scale = power >= 0 ? 4n : 4n << BigInt(-power);
  let marginHigh = 2n * unit;
  let marginLow = hasUnequalMargins ? unit : marginHigh;
  // Bring the value into [1, 10) so that each quotient is one digit.
  let exponent = Math.floor(Math.log10(approximate));
  if (exponent >= 0) scale *= 10n ** BigInt(exponent);
  else {
    const factor = 10n ** BigInt(-exponent);
    scaledValue *= factor;
    marginHigh *= factor;
    marginLow *= factor;
  }
  // log10 of a number near a power of ten may land one off either way.
  while (scaledValue >= 10n * scale) {
    scale *= 10n;
    exponent++;
  }
  while (scaledValue < scale) {
    scaledValue *= 10n;
    marginHigh *= 10n;
    marginLow *= 10n;
    exponent--;
  }
  const isEven = mantissa % 2n === 0n;
  let digits = '';
  for (;;) {
    const digit = scaledValue / scale;
    scaledValue %= scale;
    const low = isEven ? scaledValue <= marginLow : scaledValue < marginLow;
    const high = isEven ? scaledValue + marginHigh >= scale : scaledValue + marginHigh > scale;
    if (low || high) {
      // Both roundings would read back: take the nearer one, a tie to the
      // even digit; otherwise the only one that reads back.
      const twice = 2n * scaledValue;
      const roundUp = low && high ? twice > scale || (twice === scale && digit % 2n === 1n) : high;
      const kept = digits + digit.toString();
      return roundUp ? incremented(kept, exponent) : { digits: stripTrailingZeros(kept), exponent };
    }
    digits += digit.toString();
    scaledValue *= 10n;
    marginHigh *= 10n;
    marginLow *= 10n;
  }
}

const float64Bits = new DataView(new ArrayBuffer(8));

/**
 * The exact decimal expansion of the binary value `abs` (it always terminates;
 * a float32 widens to float64 exactly, so this serves both). abs > 0.
 */
function exactDecimal(abs: number): Decimal {
  float64Bits.setFloat64(0, abs);
  const bits = float64Bits.getBigUint64(0);
  const biasedExponent = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  const isSubnormal = biasedExponent === 0;
  const mantissa = isSubnormal ? fraction : fraction | (1n << 52n);
  const power = (isSubnormal ? 1 : biasedExponent) - 1075; // abs = mantissa * 2**power
  if (power >= 0) {
    const text = (mantissa << BigInt(power)).toString();
    return { digits: stripTrailingZeros(text), exponent: text.length - 1 };
  }
  // mantissa / 2**k == mantissa * 5**k / 10**k
  const text = (mantissa * powerOfFive(-power)).toString();
  return { digits: stripTrailingZeros(text), exponent: text.length - 1 + power };
}

/** Memoised: BigInt exponentiation dominates exactDecimal otherwise (k <= 1074). */
const powersOfFive = new Map<number, bigint>();

function powerOfFive(k: number): bigint {
  let power = powersOfFive.get(k);
  if (power === undefined) {
    power = 5n ** BigInt(k);
    powersOfFive.set(k, power);
  }
  return power;
}

/**
 * Rounds to `significant` (>= 1) digits, ties to even. Dragon4 decides the last
 * digit on the exact remainder with IEEE unbiased rounding, so a tie is only a
 * tie when the exact binary value ends in that 5 (0.001953125 -> 0.00195312).
 */
function roundHalfEven(value: Decimal, significant: number): Decimal {
  const { digits, exponent } = value;
  if (digits.length <= significant) return value;
  const kept = digits.slice(0, significant);
  const next = Number(digits[significant]);
  // `digits` has no trailing zeros, so a 5 in last position is exactly half.
  const isHalf = next === 5 && digits.length === significant + 1;
  const keptIsOdd = Number(kept[significant - 1]) % 2 === 1;
  const roundUp = next > 5 || (next === 5 && (!isHalf || keptIsOdd));
  return roundUp ? incremented(kept, exponent) : { digits: stripTrailingZeros(kept), exponent };
}

/** Adds one unit in the last place of `digits`, carrying into a new leading digit if needed. */
function incremented(digits: string, exponent: number): Decimal {
  const lastNonNine = digits.search(/[0-8]9*$/);
  if (lastNonNine < 0) return { digits: '1', exponent: exponent + 1 };
  const bumped = String(Number(digits[lastNonNine]) + 1);
  return { digits: digits.slice(0, lastNonNine) + bumped, exponent };
}

/**
 * format_float_positional(abs, precision=8, unique=True, trim='.') digits.
 * Dragon4 with unique=True and a cutoff gives the shortest round-trip digits
 * when they end within 8 fraction digits, otherwise the exact binary value
 * rounded there (not the shortest string rounded: 0.123456785 -> 0.12345678).
 */
function positionalDigits(abs: number, kind: FloatKind): Decimal {
  if (abs === 0) return ZERO;
  const shortest = kind.shortest(abs);
  if (fractionLength(shortest) <= PRECISION) return shortest;
  const exact = exactDecimal(abs);
  // Positional notation implies abs >= 1e-4, so this keeps at least 5 digits.
  return roundHalfEven(exact, exact.exponent + 1 + PRECISION);
}

/**
 * format_float_scientific(abs, precision=8, unique=True, trim='.') digits:
 * as positionalDigits, with the cutoff 8 digits after the first one.
 */
function scientificDigits(abs: number, kind: FloatKind): Decimal {
  if (abs === 0) return ZERO;
  const shortest = kind.shortest(abs);
  if (shortest.digits.length - 1 <= PRECISION) return shortest;
  return roundHalfEven(exactDecimal(abs), 1 + PRECISION);
}

/**
 * Scientific digits with min_digits = precision: when the shortest digits are
 * fewer, numpy keeps generating digits of the exact value, so every element
 * is the exact value rounded to `1 + precision` digits (5e-324 prints as
 * 4.94065646e-324 next to values that need 8 digits). Not zero-padded.
 */
function scientificDigitsAt(abs: number, precision: number): Decimal {
  return abs === 0 ? ZERO : roundHalfEven(exactDecimal(abs), 1 + precision);
}

// ---------------------------------------------------------------------------
// Text layout of one number
// ---------------------------------------------------------------------------

function fractionLength(d: Decimal): number {
  return Math.max(0, d.digits.length - 1 - d.exponent);
}

/** The digits left and right of the decimal point, fraction without trailing zeros. */
function positionalParts(d: Decimal): { integer: string; fraction: string } {
  if (d.exponent < 0) {
    return { integer: '0', fraction: '0'.repeat(-d.exponent - 1) + d.digits };
  }
  const integerLength = d.exponent + 1;
  return {
    integer: d.digits.slice(0, integerLength).padEnd(integerLength, '0'),
    fraction: d.digits.slice(integerLength),
  };
}

/** '+05', '-100': sign always shown, digits zero-padded to `minDigits`. */
function exponentText(exponent: number, minDigits: number): string {
  return (exponent < 0 ? '-' : '+') + String(Math.abs(exponent)).padStart(minDigits, '0');
}

function hasSignBit(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}

function stripTrailingZeros(digits: string): string {
  return digits.replace(/0+$/, '') || '0';
}

// ---------------------------------------------------------------------------
// Column formatter shared by all elements (numpy's FloatingFormat)
// ---------------------------------------------------------------------------

/**
 * How finite values line up: `padLeft` characters before the '.', `padRight`
 * after it (fraction digits, plus 'e+XX' in scientific notation).
 */
interface Column {
  readonly padLeft: number;
  readonly padRight: number;
  readonly render: (x: number, padLeft: number) => string;
}

/** Builds the per-element formatter from every value that will be printed. */
function makeElementFormatter(values: readonly number[], kind: FloatKind): (x: number) => string {
  const finite = values.filter((x) => Number.isFinite(x));
  const column = usesScientific(finite, kind) ? scientificColumn(finite, kind) : positionalColumn(finite, kind);
  const padLeft = widenForNonFinite(column, values);
  const width = padLeft + column.padRight + 1;
  return (x) => (Number.isFinite(x) ? column.render(x, padLeft) : nonFiniteText(x).padStart(width));
}

/**
 * FloatingFormat.fillFormat's choice, made on the non-zero finite magnitudes
 * only: scientific when the largest is >= 1e8 (float32: 1e6), the smallest is
 * < 1e-4, or their ratio is > 1e3 (an overflowing ratio counts as > 1e3); the
 * last two are compared in the array's type.
 */
function usesScientific(finite: readonly number[], kind: FloatKind): boolean {
  let max = 0;
  let min = Infinity;
  for (const x of finite) {
    const abs = Math.abs(x);
    if (abs === 0) continue;
    max = Math.max(max, abs);
    min = Math.min(min, abs);
  }
  if (max === 0) return false;
  const { toType } = kind;
  return max >= kind.expCutoffMax || min < toType(EXP_CUTOFF_MIN) || toType(max / min) > EXP_CUTOFF_RATIO;
}

/**
 * floatmode 'maxprec' in positional notation: each value keeps its own
 * trimmed digits ('2.', '0.6'); spaces pad the integer parts on the left and
 * the fractions on the right so the '.' lines up.
 */
function positionalColumn(finite: readonly number[], kind: FloatKind): Column {
  const parts = (x: number) => {
    const { integer, fraction } = positionalParts(positionalDigits(Math.abs(x), kind));
    return { integer: (hasSignBit(x) ? '-' : '') + integer, fraction };
  };
  const all = finite.map(parts);
  const padRight = maxOf(all.map((p) => p.fraction.length));
  return {
    padLeft: maxOf(all.map((p) => p.integer.length)),
    padRight,
    render: (x, padLeft) => {
      const { integer, fraction } = parts(x);
      return `${integer.padStart(padLeft)}.${fraction.padEnd(padRight)}`;
    },
  };
}

/**
 * Scientific notation: the digit count is the largest any element needs
 * (at most 8 after the point), and every element is printed with exactly that
 * many; exponents are zero-padded to the widest one (e+05 vs e-100).
 */
function scientificColumn(finite: readonly number[], kind: FloatKind): Column {
  const trimmed = finite.map((x) => scientificDigits(Math.abs(x), kind));
  const precision = maxOf(trimmed.map((d) => d.digits.length - 1));
  const exponentDigits = maxOf(trimmed.map((d) => Math.max(2, String(Math.abs(d.exponent)).length)));
  return {
    padLeft: maxOf(finite.map((x) => (hasSignBit(x) ? 2 : 1))),
    padRight: exponentDigits + 2 + precision,
    render: (x, padLeft) => {
      const { digits, exponent } = scientificDigitsAt(Math.abs(x), precision);
      const integer = (hasSignBit(x) ? '-' : '') + digits[0];
      // trim='k' with min_digits: trailing zeros are kept up to the precision.
      const fraction = digits.slice(1).padEnd(precision, '0');
      return `${integer.padStart(padLeft)}.${fraction}e${exponentText(exponent, exponentDigits)}`;
    },
  };
}

/**
 * With nan/inf present numpy widens the integer side so that 'nan', 'inf'
 * and '-inf' fit in the column (they are right-aligned in it).
 */
function widenForNonFinite(column: Column, values: readonly number[]): number {
  const nonFinite = values.filter((x) => !Number.isFinite(x));
  if (nonFinite.length === 0) return column.padLeft;
  const widest = maxOf(nonFinite.map((x) => nonFiniteText(x).length));
  return Math.max(column.padLeft, widest - (column.padRight + 1));
}

/** sign='-' never shows a sign on nan, only on -inf. */
function nonFiniteText(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  return x > 0 ? 'inf' : '-inf';
}

function maxOf(values: readonly number[]): number {
  return values.reduce((a, b) => Math.max(a, b), 0);
}

// ---------------------------------------------------------------------------
// Array structure (numpy's _formatArray)
// ---------------------------------------------------------------------------

/** A row-major array and whether it is summarised (size > threshold). */
interface Grid {
  readonly data: Float64Array | Float32Array;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly summarise: boolean;
}

interface Layout extends Grid {
  readonly formatElement: (x: number) => string;
}

/** Index along one axis, or null where '...' stands for the hidden middle. */
type Slot = number | null;

/** The element count of `shape`, after checking that `data` holds exactly that many. */
function checkedSize(data: Float64Array | Float32Array, shape: readonly number[]): number {
  for (const n of shape) {
    if (!Number.isInteger(n) || n < 0) {
      throw blaskitRangeError(
        'ERR_BLASKIT_SHAPE',
        `formatArray: expected argument 'shape' to hold non-negative integers, received [${shape.join(', ')}]`,
      );
    }
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (data.length !== size) {
    throw blaskitRangeError(
      'ERR_BLASKIT_SHAPE',
      `formatArray: expected argument 'data' to hold ${size} elements for shape ${formatShape(shape)}, received ${data.length}`,
    );
  }
  return size;
}

function rowMajorStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis];
  }
  return strides;
}

/** In a summarised array, only axes longer than 2 * edgeitems are cut. */
function slotsOf(length: number, summarise: boolean): Slot[] {
  if (summarise && length > 2 * EDGE_ITEMS) {
    const head = Array.from({ length: EDGE_ITEMS }, (_, i) => i);
    const tail = Array.from({ length: EDGE_ITEMS }, (_, i) => length - EDGE_ITEMS + i);
    return [...head, null, ...tail];
  }
  return Array.from({ length }, (_, i) => i);
}

/** The elements that will appear in the output (all of them unless summarised). */
function shownValues(grid: Grid): number[] {
  const values: number[] = [];
  const visit = (axis: number, offset: number): void => {
    if (axis === grid.shape.length) {
      values.push(grid.data[offset]);
      return;
    }
    for (const slot of slotsOf(grid.shape[axis], grid.summarise)) {
      if (slot !== null) visit(axis + 1, offset + slot * grid.strides[axis]);
    }
  };
  visit(0, 0);
  return values;
}

/**
 * Renders the sub-array at `offset` spanning axes `axis..`. `indent` is the
 * hanging indent of its continuation lines; `width` shrinks by one per level
 * to leave room for each enclosing ']'.
 */
function renderBlock(layout: Layout, axis: number, offset: number, indent: string, width: number): string {
  const slots = slotsOf(layout.shape[axis], layout.summarise);
  const isLastAxis = axis === layout.shape.length - 1;
  const body = isLastAxis
    ? renderRow(rowWords(layout, slots, offset), indent, width)
    : renderRows(layout, slots, axis, offset, indent, width);
  // The first line's indent is replaced by the opening bracket.
  return `[${body.slice(indent.length)}]`;
}

/** The formatted elements of a last-axis row, with '...' where items are hidden. */
function rowWords(layout: Layout, slots: readonly Slot[], offset: number): string[] {
  const stride = layout.strides[layout.shape.length - 1];
  return slots.map((slot) => (slot === null ? SUMMARY_MARK : layout.formatElement(layout.data[offset + slot * stride])));
}

/**
 * Last axis: words separated by ' ', wrapped when a word would pass
 * `width - 1` (room for the closing ']'); wrapped lines start with `indent`.
 */
function renderRow(words: readonly string[], indent: string, width: number): string {
  const wordWidth = width - 1;
  let text = '';
  let line = indent;
  words.forEach((word, i) => {
    // Wrapping a line that holds nothing but the indent would not help.
    if (line.length + word.length > wordWidth && line.length > indent.length) {
      text += `${line.trimEnd()}\n`;
      line = indent;
    }
    line += word;
    if (i < words.length - 1) line += ' ';
  });
  return text + line;
}

/**
 * Outer axes: sub-blocks joined by one newline per axis below this one, so
 * rows of a 2-D array are on consecutive lines, 2-D blocks of a 3-D array are
 * separated by a blank line, 3-D blocks of a 4-D array by two; a '...' line
 * stands for hidden sub-blocks.
 */
function renderRows(layout: Layout, slots: readonly Slot[], axis: number, offset: number, indent: string, width: number): string {
  const separator = '\n'.repeat(layout.shape.length - axis - 1);
  const stride = layout.strides[axis];
  return slots
    .map((slot) =>
      indent + (slot === null ? SUMMARY_MARK : renderBlock(layout, axis + 1, offset + slot * stride, `${indent} `, width - 1)),
    )
    .join(separator);
}
