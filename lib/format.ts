/**
 * Text formatting of float64 scalars and arrays, byte-identical to numpy 2's
 * `str(x)` / `print(x)` under the default print options:
 * precision=8, floatmode='maxprec', suppress=False, linewidth=75,
 * threshold=1000, edgeitems=3, sign='-', legacy=False.
 *
 * The behaviour reproduced here was established against numpy 2.4 (see
 * scripts/generate-format-fixtures.py and test/15.format.test.ts).
 */

/** Maximum fraction digits (positional) or digits after the first one (scientific). */
const PRECISION = 8;
/** Lines never grow past this many characters unless a single element is wider. */
const LINE_WIDTH = 75;
/** Arrays with more elements than this are summarised with '...'. */
const THRESHOLD = 1000;
/** Items shown at each end of a summarised axis. */
const EDGE_ITEMS = 3;
const SUMMARY_MARK = '...';
/** Positional notation is abandoned when the largest magnitude reaches this (float64: 10**min(8, 15)). */
const EXP_CUTOFF_MAX = 1e8;
/** ...or when the smallest non-zero magnitude is below this... */
const EXP_CUTOFF_MIN = 1e-4;
/** ...or when largest / smallest non-zero magnitude exceeds this. */
const EXP_CUTOFF_RATIO = 1e3;

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

/**
 * What numpy 2 prints (`print(x)` / `str(x)`) for a float64 scalar, e.g. 0.0,
 * 3.0, 1e-07, 0.9525741268224334, nan, inf, -inf.
 */
export function formatScalar(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const sign = hasSignBit(x) ? '-' : '';
  const abs = Math.abs(x);
  if (abs === 0) return `${sign}0.0`;
  const shortest = shortestDecimal(abs);
  // numpy's float64 str is positional for 1e-4 <= |x| < 1e16 and always keeps
  // one fraction digit there ('3.0'), like Python's float repr.
  if (abs >= 1e-4 && abs < 1e16) {
    const { integer, fraction } = positionalParts(shortest);
    return `${sign}${integer}.${fraction || '0'}`;
  }
  // Scientific: no '.' for a single digit ('1e-07'), exponent of at least two digits.
  const { digits, exponent } = shortest;
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}e${exponentText(exponent, 2)}`;
}

/**
 * What numpy 2's `print(a)` / `str(a)` prints for a float64 ndarray with the
 * given row-major data and shape, default print options.
 */
export function formatArray(data: Float64Array, shape: readonly number[]): string {
  const size = checkedSize(data, shape);
  // A 0-d array prints like its scalar (array_str special case).
  if (shape.length === 0) return formatScalar(data[0]);
  // array2string treats any zero-length dimension as a null array.
  if (size === 0) return '[]';
  const grid: Grid = { data, shape, strides: rowMajorStrides(shape), summarise: size > THRESHOLD };
  // Column widths come only from the items that are actually shown.
  const layout: Layout = { ...grid, formatElement: makeElementFormatter(shownValues(grid)) };
  // The hanging indent ' ' skips over the opening '['.
  return renderBlock(layout, 0, 0, ' ', LINE_WIDTH);
}

// ---------------------------------------------------------------------------
// Digit generation (numpy's Dragon4 in 'unique' mode with a cutoff)
// ---------------------------------------------------------------------------

/** Shortest digits that round-trip to `abs` (closest to it among equals). abs > 0. */
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

const float64Bits = new DataView(new ArrayBuffer(8));

/** The exact decimal expansion of the binary value `abs` (it always terminates). abs > 0. */
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
function positionalDigits(abs: number): Decimal {
  if (abs === 0) return ZERO;
  const shortest = shortestDecimal(abs);
  if (fractionLength(shortest) <= PRECISION) return shortest;
  const exact = exactDecimal(abs);
  // Positional notation implies abs >= 1e-4, so this keeps at least 5 digits.
  return roundHalfEven(exact, exact.exponent + 1 + PRECISION);
}

/**
 * format_float_scientific(abs, precision=8, unique=True, trim='.') digits:
 * as positionalDigits, with the cutoff 8 digits after the first one.
 */
function scientificDigits(abs: number): Decimal {
  if (abs === 0) return ZERO;
  const shortest = shortestDecimal(abs);
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
function makeElementFormatter(values: readonly number[]): (x: number) => string {
  const finite = values.filter((x) => Number.isFinite(x));
  const column = usesScientific(finite) ? scientificColumn(finite) : positionalColumn(finite);
  const padLeft = widenForNonFinite(column, values);
  const width = padLeft + column.padRight + 1;
  return (x) => (Number.isFinite(x) ? column.render(x, padLeft) : nonFiniteText(x).padStart(width));
}

/**
 * FloatingFormat.fillFormat's choice, made on the non-zero finite magnitudes
 * only: scientific when the largest is >= 1e8, the smallest is < 1e-4, or
 * their ratio is > 1e3 (an overflowing ratio counts as > 1e3).
 */
function usesScientific(finite: readonly number[]): boolean {
  let max = 0;
  let min = Infinity;
  for (const x of finite) {
    const abs = Math.abs(x);
    if (abs === 0) continue;
    max = Math.max(max, abs);
    min = Math.min(min, abs);
  }
  if (max === 0) return false;
  return max >= EXP_CUTOFF_MAX || min < EXP_CUTOFF_MIN || max / min > EXP_CUTOFF_RATIO;
}

/**
 * floatmode 'maxprec' in positional notation: each value keeps its own
 * trimmed digits ('2.', '0.6'); spaces pad the integer parts on the left and
 * the fractions on the right so the '.' lines up.
 */
function positionalColumn(finite: readonly number[]): Column {
  const parts = (x: number) => {
    const { integer, fraction } = positionalParts(positionalDigits(Math.abs(x)));
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
function scientificColumn(finite: readonly number[]): Column {
  const trimmed = finite.map((x) => scientificDigits(Math.abs(x)));
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
  readonly data: Float64Array;
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
function checkedSize(data: Float64Array, shape: readonly number[]): number {
  for (const n of shape) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`invalid dimension ${n} in shape [${shape.join(', ')}]`);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (data.length !== size) {
    throw new RangeError(`data has ${data.length} elements but shape [${shape.join(', ')}] needs ${size}`);
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
