/**
 * The inputs of scripts/accuracy-report.ts: deterministic (seeded) sets of
 * doubles for the activations and of rows for softmax and normalizeRows, each
 * named so that the report can say where its worst case came from.
 *
 * Random doubles carry 53 random bits: the seeded PRNG of test/support gives
 * 32-bit fractions, and inputs whose low mantissa bits are all zero would
 * leave exactly the roundings under test unexercised.
 */
import { seededRandom, type Random } from '../../test/support/random';

/** A contiguous named slice [start, end) of an input array. */
export interface InputSet {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

export interface ActivationInputs {
  readonly values: Float64Array;
  readonly sets: readonly InputSet[];
}

/** Rows of one length from one distribution, row-major, as the kernels take them. */
export interface RowGroup {
  /** The input set this group belongs to (distribution, and the length class). */
  readonly set: string;
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

const LN2 = Math.LN2;

/**
 * Where the kernels change behaviour or their results cross a boundary (see
 * native/kernels/simd/kernels.inc): each is probed with both signs, with runs
 * of consecutive doubles and with bands of random doubles around it.
 */
export const ACTIVATION_EDGES: readonly (readonly [number, string])[] = [
  [LN2 / 4, 'tanh: e^-2|x| range reduction leaves k = 0'],
  [LN2 / 2, 'sigmoid: e^-|x| range reduction leaves k = 0'],
  [18, 'tanh: near/far path switch (kTanhNear)'],
  [(55 * LN2) / 2, 'tanh rounds to +-1 (19.06)'],
  [22, "the reference's own tanh cut-off"],
  [53 * LN2, 'sigmoid: 1 - sigma(x) < 2^-53 (36.74)'],
  [54 * LN2, 'sigmoid rounds to 1 (37.43)'],
  [50, 'tanh: exp argument clamped at -100'],
  [345, 'tanhDerivative: near/far path switch (kNear / 2)'],
  [500 * LN2, 'tanhDerivative: exponent split at k = -1000 (346.57)'],
  [512 * LN2, 'tanhDerivative result reaches 2^-1022 (354.89)'],
  [372.5, 'tanhDerivative: e^-2|x| reaches 2^-1075'],
  [(1077 * LN2) / 2, 'tanhDerivative underflows to 0 (373.27)'],
  [380, 'tanhDerivative: exp argument clamped at -760'],
  [690, 'sigmoid, sigmoidDerivative: near/far path switch (kNear)'],
  [1000 * LN2, 'sigmoid, sigmoidDerivative: exponent split at k = -1000 (693.15)'],
  [1022 * LN2, 'sigmoid result reaches 2^-1022 (708.40)'],
  [Math.log(Number.MAX_VALUE), 'e^-x overflows in the naive formula (709.78)'],
  [1074 * LN2, 'sigmoid result reaches 2^-1074 (744.44)'],
  [1075 * LN2, 'sigmoid underflows to 0 (745.13)'],
  [760, 'sigmoid: exp argument clamped at -760'],
];

const scratch = new Float64Array(1);
const scratchBits = new BigInt64Array(scratch.buffer);

/** The double `steps` representable values above `x` (below for negative `steps`), for finite x != 0. */
export function stepDouble(x: number, steps: number): number {
  scratch[0] = Math.abs(x);
  scratchBits[0] += BigInt(x > 0 ? steps : -steps);
  return x > 0 ? scratch[0] : -scratch[0];
}

/** Uniform in [0, 1) with 53 random bits. */
function unit53(random: Random): number {
  const high = Math.floor(random.next() * 2 ** 26);
  const low = Math.floor(random.next() * 2 ** 27);
  return (high * 2 ** 27 + low) / 2 ** 53;
}

function uniform(random: Random, lo: number, hi: number): number {
  return lo + (hi - lo) * unit53(random);
}

/** |x| log-uniform in [lo, hi], random sign. */
function logUniform(random: Random, lo: number, hi: number): number {
  const magnitude = Math.exp(uniform(random, Math.log(lo), Math.log(hi)));
  return random.next() < 0.5 ? -magnitude : magnitude;
}

/** A subnormal with random sign: half with a uniform mantissa, half with a log-uniform one (so every subnormal binade). */
function subnormal(random: Random): number {
  const mantissa = random.next() < 0.5 ? Math.floor(unit53(random) * 2 ** 52) : Math.floor(2 ** uniform(random, 0, 52));
  const magnitude = Math.max(mantissa, 1) * 2 ** -1074; // exact
  return random.next() < 0.5 ? -magnitude : magnitude;
}

class SetBuilder {
  private readonly values: number[] = [];
  private readonly sets: InputSet[] = [];

  add(name: string, values: Iterable<number>): void {
    const start = this.values.length;
    for (const v of values) this.values.push(v);
    this.sets.push({ name, start, end: this.values.length });
  }

  get length(): number {
    return this.values.length;
  }

  build(): ActivationInputs {
    return { values: Float64Array.from(this.values), sets: this.sets };
  }
}

function* repeat(n: number, draw: () => number): Generator<number> {
  for (let i = 0; i < n; i++) yield draw();
}

/** One binary format's number line, for the input builders: its step function, smallest subnormal exponent, and the relative widths of the random bands around an edge. */
interface NumberLine {
  readonly step: (x: number, steps: number) => number;
  readonly minExponent: number;
  readonly maxExponent: number;
  readonly bands: readonly number[];
  /** Consecutive values per edge and sign, as a share of the edge's budget. */
  readonly consecutiveShare: number;
}

/** Every power of two from the smallest subnormal to 2^maxExponent, with its neighbours, both signs. */
function binadeEdges(line: NumberLine): number[] {
  const binades: number[] = [];
  for (let e = line.minExponent; e <= line.maxExponent; e++) {
    const p = 2 ** e;
    for (const v of [p, line.step(p, 1), e > line.minExponent ? line.step(p, -1) : 3 * p, 1.5 * p]) binades.push(v, -v);
  }
  return binades;
}

/** Around each edge, both signs: runs of consecutive values, then random bands of the line's relative widths and of absolute width 1. */
function nearEdges(random: Random, line: NumberLine, edges: readonly (readonly [number, string])[], points: number): number[] {
  const perEdge = Math.max(64, Math.round((0.25 * points) / (2 * edges.length)));
  const consecutive = Math.max(8, Math.round(perEdge * line.consecutiveShare));
  const banded = Math.round((perEdge - 2 * consecutive) / 3);
  const near: number[] = [];
  for (const [edge] of edges) {
    for (const sign of [1, -1]) {
      const p = line.step(sign * edge, 0);
      for (let s = -consecutive; s < consecutive; s++) near.push(line.step(p, s));
      for (const width of [...line.bands.map((b) => b * edge), 1]) near.push(...repeat(banded, () => uniform(random, p - width, p + width)));
    }
  }
  return near;
}

const DOUBLE_LINE: NumberLine = { step: stepDouble, minExponent: -1074, maxExponent: 10, bands: [1e-9, 1e-4], consecutiveShare: 1 / 16 };

/**
 * About `points` inputs (never fewer) for the activations, shared by all four
 * (each probe point matters to at least one of them, and sharing costs
 * nothing but reference time).
 */
export function activationInputs(points: number, seed: number): ActivationInputs {
  const random = seededRandom(seed);
  const sets = new SetBuilder();
  const special = [NaN, Infinity, -Infinity, 0, -0, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1, 0.5, -0.5, 2, -2];
  sets.add('special values', special);

  // Every power of two from the smallest subnormal up past 750, with its neighbours, both signs.
  sets.add('binade edges 2^-1074..2^10', binadeEdges(DOUBLE_LINE));
  const near = nearEdges(random, DOUBLE_LINE, ACTIVATION_EDGES, points);
  sets.add('near saturation/underflow/branch points', near);

  sets.add('subnormal', repeat(Math.round(0.03 * points), () => subnormal(random)));
  sets.add('log-uniform |x| in [2^-1022, 1e-300]', repeat(Math.round(0.02 * points), () => logUniform(random, 2 ** -1022, 1e-300)));
  sets.add('log-uniform |x| in [1e-300, 700]', repeat(Math.round(0.2 * points), () => logUniform(random, 1e-300, 700)));
  sets.add('uniform [-1, 1]', repeat(Math.round(0.12 * points), () => uniform(random, -1, 1)));
  sets.add('uniform [-40, 40]', repeat(Math.round(0.15 * points), () => uniform(random, -40, 40)));
  sets.add('uniform [-750, 750]', repeat(Math.max(Math.round(0.1 * points), points - sets.length), () => uniform(random, -750, 750)));
  return sets.build();
}

/** A row generator: fills `row` with one row of its distribution. */
type RowDistribution = readonly [name: string, fill: (random: Random, row: Float64Array) => void];

function fillWith(draw: (random: Random) => number): (random: Random, row: Float64Array) => void {
  return (random, row) => {
    for (let j = 0; j < row.length; j++) row[j] = draw(random);
  };
}

export const SOFTMAX_DISTRIBUTIONS: readonly RowDistribution[] = [
  ['narrow [-1, 1]', fillWith((r) => uniform(r, -1, 1))],
  ['logits [-40, 40]', fillWith((r) => uniform(r, -40, 40))],
  ['wide [-700, 700]', fillWith((r) => uniform(r, -700, 700))],
  ['wider [-1e5, 1e5]', fillWith((r) => uniform(r, -1e5, 1e5))],
  [
    // Differences to the maximum across e^-x's whole subnormal range, on a large offset.
    'c + [-750, 0], |c| <= 1e4',
    (r, row) => {
      const c = uniform(r, -1e4, 1e4);
      for (let j = 0; j < row.length; j++) row[j] = c + uniform(r, -750, 0);
    },
  ],
  [
    // About half the elements e^(x - max) land among the subnormals, where the result is rounded twice.
    'subnormal results: max + [-745.2, -708.3]',
    (r, row) => {
      const c = uniform(r, -50, 50);
      for (let j = 0; j < row.length; j++) row[j] = c + (r.next() < 0.5 ? uniform(r, -2, 0) : uniform(r, -745.2, -708.3));
      row[r.int(0, row.length - 1)] = c;
    },
  ],
  [
    // Values repeated in a row (ties for the maximum, equal terms in the sum).
    'repeated values [-5, 5]',
    (r, row) => {
      const pool = [uniform(r, -5, 5), uniform(r, -5, 5), uniform(r, -5, 5)];
      for (let j = 0; j < row.length; j++) row[j] = r.pick(pool);
    },
  ],
];

/** `row` multiplied by the power of two that puts its sum of squares near 2^target (within +-2 binades). */
function scaleSumOfSquaresTo(random: Random, row: Float64Array, target: number): void {
  let sum = 0;
  for (const v of row) sum += v * v;
  if (sum === 0) return;
  const shift = Math.round((target + uniform(random, -2, 2) - Math.log2(sum)) / 2);
  for (let j = 0; j < row.length; j++) row[j] = row[j] * 2 ** shift; // exact: stays normal
}

/** One element of magnitude in [1, 2) * 2^exponent, the others below it by 2^-1022 to 2^-1075 (random signs): results among the subnormals. */
function subnormalResults(random: Random, row: Float64Array, exponent: number): void {
  const big = (1 + unit53(random)) * 2 ** Math.round(exponent);
  for (let j = 0; j < row.length; j++) row[j] = (random.next() < 0.5 ? -big : big) * 2 ** uniform(random, -1075, -1022);
  row[random.int(0, row.length - 1)] = big;
}

export const NORMALIZE_DISTRIBUTIONS: readonly RowDistribution[] = [
  ['narrow [-1, 1]', fillWith((r) => uniform(r, -1, 1))],
  ['features |x| in 2^[-40, 40]', fillWith((r) => logUniform(r, 2 ** -40, 2 ** 40))],
  ['[-1, 1] * 2^600 (squares overflow)', fillWith((r) => uniform(r, -1, 1) * 2 ** 600)],
  ['[-1, 1] * 2^-600 (squares underflow)', fillWith((r) => uniform(r, -1, 1) * 2 ** -600)],
  ['[-1, 1] * 2^-1060 (subnormal)', fillWith((r) => uniform(r, -1, 1) * 2 ** -1060)],
  ['mixed |x| in [1e-300, 1e300]', fillWith((r) => logUniform(r, 1e-300, 1e300))],
  [
    'sum of squares near 2^-968 (the unscaled-path limit)',
    (r, row) => {
      fillWith((rr) => uniform(rr, -1, 1))(r, row);
      scaleSumOfSquaresTo(r, row, -968);
    },
  ],
  [
    'sum of squares near 2^1024 (overflow)',
    (r, row) => {
      fillWith((rr) => uniform(rr, -1, 1))(r, row);
      scaleSumOfSquaresTo(r, row, 1023.5);
    },
  ],
  [
    'one dominant element, the rest 2^-30 smaller',
    (r, row) => {
      fillWith((rr) => uniform(rr, -1, 1) * 2 ** -30)(r, row);
      row[r.int(0, row.length - 1)] = uniform(r, 0.5, 1) * (r.next() < 0.5 ? -1 : 1);
    },
  ],
  [
    'subnormal results, unscaled path',
    (r, row) => subnormalResults(r, row, uniform(r, -20, 20)),
  ],
  [
    'subnormal results, scaled path (max near 2^600)',
    (r, row) => subnormalResults(r, row, 600),
  ],
  [
    'zeros mixed in (some rows all zero)',
    (r, row) => {
      const zeroShare = r.next() < 0.1 ? 1 : r.next();
      for (let j = 0; j < row.length; j++) row[j] = r.next() < zeroShare ? (r.next() < 0.5 ? 0 : -0) : logUniform(r, 1e-3, 1e3);
    },
  ],
];

export interface RowPlan {
  /** Rows per (distribution, length) for lengths 33..64; shorter lengths have 32 / length times as many. */
  readonly shortRows: number;
  /** Rows per distribution of each long length. */
  readonly longRows: ReadonlyMap<number, number>;
}

/**
 * The row groups for one row function: for each distribution, rows of every
 * length 1..64 (see RowPlan) and a few long rows, each group holding at least
 * `nativeFrom` elements so that the public call reaches the native kernel.
 */
export function rowGroups(distributions: readonly RowDistribution[], plan: RowPlan, nativeFrom: number, seed: number): RowGroup[] {
  const random = seededRandom(seed);
  const groups: RowGroup[] = [];
  for (const [name, fill] of distributions) {
    const lengths: [number, number, string][] = [];
    // Short rows get more of them, so that every length up to 32 has as many elements as a row of 32.
    for (let cols = 1; cols <= 64; cols++) lengths.push([cols, plan.shortRows * Math.max(1, Math.floor(32 / cols)), `${name}, length 1..64`]);
    for (const [cols, rows] of plan.longRows) lengths.push([cols, rows, `${name}, length ${cols}`]);
    for (const [cols, wanted, set] of lengths) {
      if (wanted === 0) continue;
      const rows = Math.max(wanted, Math.ceil(nativeFrom / cols));
      const data = new Float64Array(rows * cols);
      for (let r = 0; r < rows; r++) fill(random, data.subarray(r * cols, (r + 1) * cols));
      groups.push({ set, rows, cols, data });
    }
  }
  return groups;
}

// ---------------------------------------------------------------------------
// float32

/**
 * Where float32 results cross a boundary. The float32 kernels compute in
 * double on the exactly widened input and round once (see
 * /native/kernels/activations.h), so what matters here is where the float32
 * *result* saturates, leaves the normal range or underflows.
 */
export const ACTIVATION_EDGES_32: readonly (readonly [number, string])[] = [
  [LN2 / 4, 'tanh: e^-2|x| range reduction leaves k = 0'],
  [LN2 / 2, 'sigmoid: e^-|x| range reduction leaves k = 0'],
  [(25 * LN2) / 2, 'tanh rounds to +-1 in float32 (8.66)'],
  [24 * LN2, 'sigmoid: 1 - sigma(x) < 2^-24 (16.64)'],
  [25 * LN2, 'sigmoid rounds to 1 in float32 (17.33)'],
  [(126 * LN2) / 2, 'tanhDerivative result reaches 2^-126 (43.67)'],
  [(151 * LN2) / 2, 'tanhDerivative underflows to 0 in float32 (52.33)'],
  [Math.log(3.4028234663852886e38), 'float32 e^x overflows (88.72)'],
  [126 * LN2, 'sigmoid result reaches 2^-126 (87.34)'],
  [149 * LN2, 'sigmoid result reaches 2^-149 (103.28)'],
  [150 * LN2, 'sigmoid underflows to 0 in float32 (103.97)'],
];

/** The float32 `steps` representable values above `x` (below for negative `steps`), for finite x != 0. */
export function stepFloat32(x: number, steps: number): number {
  const f = new Float32Array([Math.abs(x)]);
  new Int32Array(f.buffer)[0] += x > 0 ? steps : -steps;
  return x > 0 ? f[0] : -f[0];
}

const FLOAT32_LINE: NumberLine = { step: stepFloat32, minExponent: -149, maxExponent: 127, bands: [1e-5, 1e-2], consecutiveShare: 1 / 8 };

/** A float32 subnormal with random sign: half with a uniform 23-bit mantissa, half log-uniform (so every subnormal binade). */
function subnormal32(random: Random): number {
  const mantissa = random.next() < 0.5 ? Math.floor(unit53(random) * 2 ** 23) : Math.floor(2 ** uniform(random, 0, 23));
  const magnitude = Math.max(mantissa, 1) * 2 ** -149; // exact
  return random.next() < 0.5 ? -magnitude : magnitude;
}

/**
 * About `points` float32 inputs for the activations (never fewer), shared by
 * all four, drawn as doubles and rounded to float32 (every float32 value is
 * reachable): special values, every float32 binade with its neighbours, runs
 * of consecutive float32 values around the edges above, subnormals, and the
 * whole float32 range.
 */
export function activationInputs32(points: number, seed: number): { values: Float32Array; sets: readonly InputSet[] } {
  const random = seededRandom(seed);
  const sets = new SetBuilder();
  const FLT_MAX = 3.4028234663852886e38;
  sets.add('special values', [NaN, Infinity, -Infinity, 0, -0, FLT_MAX, -FLT_MAX, 1, -1, 0.5, -0.5, 2, -2]);

  sets.add('binade edges 2^-149..2^127', binadeEdges(FLOAT32_LINE));
  const near = nearEdges(random, FLOAT32_LINE, ACTIVATION_EDGES_32, points);
  sets.add('near float32 saturation/underflow/branch points', near);

  sets.add('float32 subnormal', repeat(Math.round(0.03 * points), () => subnormal32(random)));
  sets.add('log-uniform |x| in [2^-126, 1e-30]', repeat(Math.round(0.02 * points), () => logUniform(random, 2 ** -126, 1e-30)));
  sets.add('log-uniform |x| in [1e-30, 110]', repeat(Math.round(0.2 * points), () => logUniform(random, 1e-30, 110)));
  sets.add('log-uniform |x| in [110, 3.4e38]', repeat(Math.round(0.02 * points), () => logUniform(random, 110, FLT_MAX)));
  sets.add('uniform [-1, 1]', repeat(Math.round(0.12 * points), () => uniform(random, -1, 1)));
  sets.add('uniform [-20, 20]', repeat(Math.round(0.15 * points), () => uniform(random, -20, 20)));
  sets.add('uniform [-110, 110]', repeat(Math.max(Math.round(0.1 * points), points - sets.length), () => uniform(random, -110, 110)));
  const built = sets.build();
  return { values: Float32Array.from(built.values), sets: built.sets };
}

/** A float32 version of a row distribution: the same draw, each element rounded to float32. */
function inFloat32(distribution: RowDistribution): RowDistribution {
  const [name, fill] = distribution;
  return [
    name,
    (random, row) => {
      fill(random, row);
      for (let j = 0; j < row.length; j++) row[j] = Math.fround(row[j]);
    },
  ];
}

export const SOFTMAX_DISTRIBUTIONS_32: readonly RowDistribution[] = [
  ...SOFTMAX_DISTRIBUTIONS.filter(([name]) => !name.startsWith('subnormal results')).map(inFloat32),
  inFloat32([
    // About half the elements e^(x - max) land among float32's subnormals.
    'float32 subnormal results: max + [-103.9, -87.3]',
    (r, row) => {
      const c = uniform(r, -50, 50);
      for (let j = 0; j < row.length; j++) row[j] = c + (r.next() < 0.5 ? uniform(r, -2, 0) : uniform(r, -103.9, -87.3));
      row[r.int(0, row.length - 1)] = c;
    },
  ]),
];

/** NORMALIZE_DISTRIBUTIONS' cases at float32's scales: its squares overflow and underflow float32 (not the double the kernel sums in). */
export const NORMALIZE_DISTRIBUTIONS_32: readonly RowDistribution[] = (
  [
  ['narrow [-1, 1]', fillWith((r) => uniform(r, -1, 1))],
  ['features |x| in 2^[-40, 40]', fillWith((r) => logUniform(r, 2 ** -40, 2 ** 40))],
  ['[-1, 1] * 2^100 (float32 squares overflow)', fillWith((r) => uniform(r, -1, 1) * 2 ** 100)],
  ['[-1, 1] * 2^-100 (float32 squares underflow)', fillWith((r) => uniform(r, -1, 1) * 2 ** -100)],
  ['[-1, 1] * 2^-135 (float32 subnormal)', fillWith((r) => uniform(r, -1, 1) * 2 ** -135)],
  ['mixed |x| in [1e-38, 1e38]', fillWith((r) => logUniform(r, 1e-38, 1e38))],
  ...NORMALIZE_DISTRIBUTIONS.filter(([name]) => name.startsWith('one dominant') || name.startsWith('zeros mixed')),
  [
    'float32 subnormal results',
    (r, row) => {
      const big = (1 + unit53(r)) * 2 ** Math.round(uniform(r, -20, 20));
      for (let j = 0; j < row.length; j++) row[j] = (r.next() < 0.5 ? -big : big) * 2 ** uniform(r, -150, -126);
      row[r.int(0, row.length - 1)] = big;
    },
  ],
  ] as RowDistribution[]
).map(inFloat32);
