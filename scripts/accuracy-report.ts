/**
 * The kernels' worst errors in ULP, measured against a 200-bit reference on
 * the SIMD target this process runs (BLASKIT_DISABLE_TARGETS=avx512 forces
 * avx2, =avx512,avx2 the baseline):
 *
 *   npx tsx scripts/accuracy-report.ts [--quick] [--points N] [--seed S]
 *        [--workers 1|2] [--only sigmoid,softmax,...] [--dtype float64|float32|both]
 *        [--by-set] [--json FILE]
 *
 * For each of sigmoid, sigmoidDerivative, tanh, tanhDerivative (about
 * --points inputs each, default 1,000,000; --quick 100,000), softmax and
 * normalizeRows (rows of every length 1..64 and of 1000 and 4099, from
 * several distributions; their number grows with --points), it reports the
 * maximum ULP error with the input that hit it, the mean error, the share of
 * results that are correctly rounded (0 ULP), and whether the bound of
 * native/kernels/activations.h and rows.h holds. It exits with 1 when a bound
 * is exceeded, so `--quick` can serve in CI.
 *
 * Results are measured through the public API, in four passes for the
 * activations (one large array: the native SIMD kernel, split across threads;
 * arrays just above the TypeScript threshold: the kernel's loop tails; arrays
 * of 4 and plain numbers: the TypeScript twins) and three for the row
 * functions (native: each row length as one (rows, cols) NDArray; rows shorter
 * than the TypeScript threshold one at a time, which the public API hands to
 * the twins; and, for the twins' sake, longer rows given to the twin itself,
 * lib/reference/rows.ts, which the public API never does for them). All passes
 * share one reference, which is what costs time (tens of microseconds a
 * value): it runs in worker threads. Inputs are seeded, so a run repeats
 * exactly with the same --points and --seed; `--quick` can miss rare failures
 * that the default size finds.
 *
 * float32 (issue 14) gets the same rows on its own inputs (float32 values
 * across float32's whole range, its binades, subnormals and the points where
 * float32 results saturate or underflow; rows at float32 scales), measured in
 * float32 ULP against the 200-bit value rounded once to float32 (not the
 * correctly rounded double rounded again, which can differ by one). The
 * documented float32 bound is 1 ULP for every function; passes: the native
 * kernel (one array, and the loop tails) and the TypeScript path (arrays of 4,
 * single short rows). A plain number is float64 whatever it is, so float32
 * has no "numbers" pass.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NDArray, normalizeRows, runtimeInfo, sigmoid, sigmoidDerivative, softmax, tanh, tanhDerivative } from '../lib/index';
import type { ElementwiseFunction } from '../lib/index';
import * as rowTwins from '../lib/reference/rows';
import { describeDouble, describeFloat32 } from '../test/support/ulp';
import {
  activationInputs,
  activationInputs32,
  NORMALIZE_DISTRIBUTIONS,
  NORMALIZE_DISTRIBUTIONS_32,
  rowGroups,
  SOFTMAX_DISTRIBUTIONS,
  SOFTMAX_DISTRIBUTIONS_32,
  type ActivationInputs,
  type RowGroup,
} from './accuracy/inputs';
import { ReferencePool } from './accuracy/pool';
import { UlpStats, type Worst } from './accuracy/stats';

const root = path.join(__dirname, '..');

// ---------------------------------------------------------------------------
// Options

interface Options {
  points: number;
  seed: number;
  workers: number;
  only: Set<string> | undefined;
  bySet: boolean;
  json: string | undefined;
  quick: boolean;
  dtypes: Dtype[];
}

type Dtype = 'float64' | 'float32';

const USAGE = `usage: npx tsx scripts/accuracy-report.ts [--quick] [--points N] [--seed S] [--workers 1|2] [--only f,g] [--dtype D] [--by-set] [--json FILE]
  --quick       100,000 points per activation and fewer rows (10-20 s a dtype on 2 cores)
  --points N    inputs per activation (default 1,000,000); the row counts scale with it
  --seed S      seed of the inputs (default 1)
  --workers K   reference workers, 1 or 2 (default 2, or 1 on a single CPU)
  --only f,g    only these of sigmoid, sigmoidDerivative, tanh, tanhDerivative, softmax, normalizeRows
  --dtype D     float64, float32 or both (default both)
  --by-set      also print the maximum and mean error of every input set
  --json FILE   also write the results, worst inputs (rows in full) included, to FILE`;

function usageError(message: string): never {
  process.stderr.write(`accuracy-report: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = {
    points: 0,
    seed: 1,
    workers: Math.min(2, os.availableParallelism()),
    only: undefined,
    bySet: false,
    json: undefined,
    quick: false,
    dtypes: ['float64', 'float32'],
  };
  let points: number | undefined;
  const integer = (flag: string, text: string | undefined, min: number, max: number): number => {
    const value = Number(text);
    if (text === undefined || !Number.isInteger(value) || value < min || value > max) usageError(`${flag} takes an integer from ${min} to ${max}, received ${text}`);
    return value;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--quick':
        options.quick = true;
        break;
      case '--points':
        points = integer(arg, argv[++i], 1000, 1e8);
        break;
      case '--seed':
        options.seed = integer(arg, argv[++i], 0, 2 ** 32 - 1);
        break;
      case '--workers':
        options.workers = integer(arg, argv[++i], 1, 2);
        break;
      case '--only':
        options.only = new Set((argv[++i] ?? '').split(',').filter(Boolean));
        for (const name of options.only) if (!FUNCTION_NAMES.includes(name)) usageError(`--only: unknown function ${name}`);
        break;
      case '--dtype': {
        const dtype = argv[++i];
        if (dtype === 'both') options.dtypes = ['float64', 'float32'];
        else if (dtype === 'float64' || dtype === 'float32') options.dtypes = [dtype];
        else usageError(`--dtype takes float64, float32 or both, received ${dtype}`);
        break;
      }
      case '--by-set':
        options.bySet = true;
        break;
      case '--json':
        options.json = argv[++i] ?? usageError('--json needs a file name');
        break;
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        usageError(`unknown argument ${arg}`);
    }
  }
  options.points = points ?? (options.quick ? 100_000 : 1_000_000);
  return options;
}

// ---------------------------------------------------------------------------
// The functions and their documented bounds

interface ActivationSpec {
  name: string;
  fn: ElementwiseFunction;
  /** native/kernels/activations.h (float64) */
  bound: number;
}

/** The documented float32 bound, every function: within 1 ULP of the correctly rounded float32 result. */
const FLOAT32_BOUND = 1;

interface RowSpec {
  name: 'softmax' | 'normalizeRows';
  op: 'softmaxRows' | 'normalizeRows';
  fn: ElementwiseFunction;
  twin: (x: Float64Array, y: Float64Array, rows: number, cols: number) => void;
  distributions: typeof SOFTMAX_DISTRIBUTIONS;
  distributions32: typeof SOFTMAX_DISTRIBUTIONS;
  /** native/kernels/rows.h */
  bound: number;
  /** Reference cost of an element relative to an activation's (progress estimates only). */
  cost: number;
}

const ACTIVATIONS: readonly ActivationSpec[] = [
  { name: 'sigmoid', fn: sigmoid, bound: 1 },
  { name: 'sigmoidDerivative', fn: sigmoidDerivative, bound: 2 },
  { name: 'tanh', fn: tanh, bound: 1 },
  { name: 'tanhDerivative', fn: tanhDerivative, bound: 2 },
];

const ROW_FUNCTIONS: readonly RowSpec[] = [
  {
    name: 'softmax',
    op: 'softmaxRows',
    fn: softmax,
    twin: rowTwins.softmaxRows,
    distributions: SOFTMAX_DISTRIBUTIONS,
    distributions32: SOFTMAX_DISTRIBUTIONS_32,
    bound: 1,
    cost: 1,
  },
  {
    name: 'normalizeRows',
    op: 'normalizeRows',
    fn: normalizeRows,
    twin: rowTwins.normalizeRows,
    distributions: NORMALIZE_DISTRIBUTIONS,
    distributions32: NORMALIZE_DISTRIBUTIONS_32,
    bound: 1,
    cost: 0.07,
  },
];

const FUNCTION_NAMES = [...ACTIVATIONS.map((a) => a.name), ...ROW_FUNCTIONS.map((r) => r.name)];

/** Elements per reference task: a few tenths of a second of work. */
const TASK_ELEMENTS = 4096;

interface PassResult {
  fn: string;
  dtype: Dtype;
  pass: string;
  stats: UlpStats;
}

/** The array type of a dtype. */
type Data = Float64Array | Float32Array;

// ---------------------------------------------------------------------------
// Measuring

function typescriptBelow(op: string): number {
  const threshold = runtimeInfo().threads.typescriptBelow[op];
  if (threshold === undefined) throw new Error(`runtimeInfo() gives no TypeScript threshold for ${op}`);
  return threshold;
}

/** The reference for `values`, in tasks of TASK_ELEMENTS. */
async function referenceOf(pool: ReferencePool, fn: string, values: Data, cost: number, dtype: Dtype): Promise<Float64Array> {
  const parts: Promise<Float64Array>[] = [];
  for (let start = 0; start < values.length; start += TASK_ELEMENTS) {
    // float32 values are widened exactly: the workers take doubles.
    const chunk = Float64Array.from(values.subarray(start, start + TASK_ELEMENTS));
    parts.push(pool.run(fn, chunk, 1, chunk.length * cost, dtype));
  }
  const reference = new Float64Array(values.length);
  let offset = 0;
  for (const part of await Promise.all(parts)) {
    reference.set(part, offset);
    offset += part.length;
  }
  return reference;
}

/** `fn` on consecutive slices of `x` of the given lengths (cycling), each a separate public call. */
function inSlices(fn: ElementwiseFunction, x: Data, lengths: readonly number[]): Data {
  const y = x instanceof Float32Array ? new Float32Array(x.length) : new Float64Array(x.length);
  for (let start = 0, k = 0; start < x.length; k++) {
    const end = Math.min(x.length, start + lengths[k % lengths.length]);
    y.set(expectDtype(fn(x.subarray(start, end) as never) as unknown as Data, x), start);
    start = end;
  }
  return y;
}

/** `result`, after checking that it is an array of `input`'s type (a float32 input must give float32). */
function expectDtype(result: Data, input: Data): Data {
  if (result.constructor !== input.constructor) throw new Error(`a ${input.constructor.name} input gave a ${result.constructor.name}`);
  return result;
}

async function measureActivation(pool: ReferencePool, spec: ActivationSpec, inputs: { values: Data; sets: ActivationInputs['sets'] }, dtype: Dtype): Promise<PassResult[]> {
  const { values, sets } = inputs;
  const reference = await referenceOf(pool, spec.name, values, 1, dtype);
  const threshold = typescriptBelow(spec.name);
  if (threshold <= 4) throw new Error(`${spec.name}: arrays of 4 no longer run in TypeScript (threshold ${threshold})`);
  const shortLengths = Array.from({ length: 16 }, (_, i) => threshold + i);
  const passes: [string, () => Data][] = [
    ['native, one array', () => expectDtype(spec.fn(values as never) as unknown as Data, values)],
    [`native, arrays of ${threshold}..${threshold + 15}`, () => inSlices(spec.fn, values, shortLengths)],
    ['typescript, arrays of 4', () => inSlices(spec.fn, values, [4])],
  ];
  // A number is a float64 operand whatever its value: no float32 pass.
  if (dtype === 'float64') passes.push(['typescript, numbers', () => values.map((x) => spec.fn(x))]);
  return passes.map(([pass, run]) => {
    const actual = run();
    const stats = new UlpStats(dtype === 'float32' ? FLOAT32_BOUND : spec.bound, dtype);
    for (const set of sets) stats.add(set.name, actual, reference, set.start, set.end, (i) => ({ x: values[i] }));
    return { fn: spec.name, dtype, pass, stats };
  });
}

async function measureRows(pool: ReferencePool, spec: RowSpec, groups: readonly RowGroup[], dtype: Dtype): Promise<PassResult[]> {
  const references = await Promise.all(
    groups.map(async (group) => {
      const rowsPerTask = Math.max(1, Math.floor((spec.cost < 1 ? 8 * TASK_ELEMENTS : TASK_ELEMENTS) / group.cols));
      const parts: Promise<Float64Array>[] = [];
      for (let r = 0; r < group.rows; r += rowsPerTask) {
        const chunk = group.data.slice(r * group.cols, Math.min(group.rows, r + rowsPerTask) * group.cols);
        parts.push(pool.run(spec.name, chunk, group.cols, chunk.length * spec.cost, dtype));
      }
      const reference = new Float64Array(group.data.length);
      let offset = 0;
      for (const part of await Promise.all(parts)) {
        reference.set(part, offset);
        offset += part.length;
      }
      return reference;
    }),
  );
  const threshold = typescriptBelow(spec.op);
  const bound = dtype === 'float32' ? FLOAT32_BOUND : spec.bound;
  const native = new UlpStats(bound, dtype);
  const publicTypescript = new UlpStats(bound, dtype);
  const twinOnly = new UlpStats(bound, dtype);
  groups.forEach((group, g) => {
    const { rows, cols } = group;
    // float32 groups hold float32 values in doubles: the exact same values as a Float32Array.
    const data: Data = dtype === 'float32' ? Float32Array.from(group.data) : group.data;
    if (rows * cols < threshold) throw new Error(`${spec.name}: a group of ${rows}x${cols} would not reach the native kernel`);
    const nativeResult = expectDtype((spec.fn(new NDArray(data, [rows, cols])) as unknown as { data: Data }).data, data);
    const typescriptResult = dtype === 'float32' ? new Float32Array(data.length) : new Float64Array(data.length);
    if (cols < threshold) {
      for (let r = 0; r < rows; r++) typescriptResult.set(expectDtype(spec.fn(data.subarray(r * cols, (r + 1) * cols) as never) as unknown as Data, data), r * cols);
    } else if (dtype === 'float32') {
      // The public API never gives the twin rows this long, and the float32 twin is the float64 one rounded: nothing to add.
      return void native.add(group.set, nativeResult, references[g], 0, data.length, (i) => locateIn(data, cols, i));
    } else {
      spec.twin(group.data, typescriptResult as Float64Array, rows, cols);
    }
    const locate = (i: number) => locateIn(data, cols, i);
    native.add(group.set, nativeResult, references[g], 0, data.length, locate);
    (cols < threshold ? publicTypescript : twinOnly).add(group.set, typescriptResult, references[g], 0, data.length, locate);
  });
  const results: PassResult[] = [
    { fn: spec.name, dtype, pass: 'native, (rows, cols) arrays', stats: native },
    { fn: spec.name, dtype, pass: `typescript, single rows of 1..${threshold - 1}`, stats: publicTypescript },
  ];
  if (dtype === 'float64') results.push({ fn: spec.name, dtype, pass: `typescript twin called directly, rows of ${threshold}+`, stats: twinOnly });
  return results;
}

/** Element i of row-major rows of `cols`: its value, its whole row and its column, for the worst-case report. */
function locateIn(data: Data, cols: number, i: number): { x: number; row: Float64Array; column: number } {
  const r = Math.floor(i / cols);
  return { x: data[i], row: Float64Array.from(data.subarray(r * cols, (r + 1) * cols)), column: i - r * cols };
}

// ---------------------------------------------------------------------------
// The report

function cpuDescription(): string {
  let model = os.cpus()[0]?.model ?? 'unknown';
  let flags: string[] = [];
  try {
    const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
    model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? model;
    const all = new Set((/^flags\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? '').split(/\s+/));
    flags = ['avx512f', 'avx2', 'fma'].filter((flag) => all.has(flag));
  } catch {
    // not Linux: the model from os.cpus() will do
  }
  return `${model}, ${os.cpus().length} CPUs${flags.length > 0 ? `, ${flags.join(' ')}` : ''}`;
}

function addonDescription(): string {
  try {
    const override = process.env.BLASKIT_BINARY;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const file = override ? path.resolve(override) : (require('node-gyp-build') as { resolve(dir: string): string }).resolve(root);
    const bytes = fs.readFileSync(file);
    const sha = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
    const shown = path.relative(root, file).startsWith('..') ? file : path.relative(root, file);
    return `${shown} (sha256 ${sha}, modified ${fs.statSync(file).mtime.toISOString()})`;
  } catch (error) {
    return `unknown (${error instanceof Error ? error.message : String(error)})`;
  }
}

function sourceDescription(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const head = git('log', '-1', '--format=%h %cI');
    const dirty = git('status', '--porcelain', '--', 'native', 'lib').split('\n').filter(Boolean).length;
    return `git ${head}${dirty > 0 ? ` (${dirty} uncommitted change${dirty === 1 ? '' : 's'} under native/ and lib/)` : ''}`;
  } catch {
    return 'not a git checkout';
  }
}

function formatUlp(ulp: number): string {
  return Number.isFinite(ulp) ? String(ulp) : 'inf';
}

function formatPercent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((100 * part) / whole).toFixed(3)}%`;
}

function table(results: readonly PassResult[]): string {
  const header = ['function', 'dtype', 'pass', 'points', 'max ULP', 'mean ULP', '0 ULP', 'bound', 'holds'];
  const rows = results.map(({ fn, dtype, pass, stats }) => [
    fn,
    dtype,
    pass,
    stats.count.toLocaleString('en-US'),
    formatUlp(stats.max),
    Number.isFinite(stats.mean) ? stats.mean.toFixed(5) : 'inf',
    formatPercent(stats.exact, stats.count),
    `<= ${stats.bound}`,
    stats.holds ? 'yes' : `NO (${stats.overBound} over)`,
  ]);
  const numeric = [false, false, false, true, true, true, true, false, false];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w)))];
  let previous = '';
  for (const [i, r] of rows.entries()) {
    const key = `${results[i].fn} ${results[i].dtype}`;
    out.push(line(key === previous ? ['', '', ...r.slice(2)] : r));
    previous = key;
  }
  return out.join('\n');
}

function formatRow(row: Float64Array): string {
  return `[${Array.from(row, (v) => (Object.is(v, -0) ? '-0' : String(v))).join(', ')}]`;
}

function describeCase(found: Worst, dtype: Dtype): string {
  const describe = dtype === 'float32' ? describeFloat32 : describeDouble;
  const where =
    found.row === undefined
      ? `x = ${describe(found.x)}`
      : `element ${found.column} = ${describe(found.x)} of a row of ${found.row.length}` +
        (found.row.length <= 16 ? ` ${formatRow(found.row)}` : ' (in full with --json)');
  return `${where}\n    from set "${found.set}": result ${describe(found.actual)}, correctly rounded ${describe(found.expected)}, ${formatUlp(found.ulp)} ${dtype} ULP`;
}

function worstInputs(results: readonly PassResult[]): string {
  const out: string[] = [];
  for (const { fn, dtype, pass, stats } of results) {
    const worst = stats.worst;
    if (worst === undefined || worst.ulp === 0) continue;
    out.push(`${fn} ${dtype} [${pass}]: ${worst.ulp <= stats.bound ? '' : 'OVER THE BOUND: '}${describeCase(worst, dtype)}`);
  }
  return out.join('\n');
}

function failingInputs(results: readonly PassResult[]): string {
  const out: string[] = [];
  for (const { fn, dtype, pass, stats } of results) {
    if (stats.holds) continue;
    const shown = stats.failures.length < stats.overBound ? `the first ${stats.failures.length} of ${stats.overBound}` : `all ${stats.overBound}`;
    out.push(`${fn} ${dtype} [${pass}], ${shown} results over ${stats.bound} ULP:`);
    for (const found of stats.failures) out.push(`  ${describeCase(found, dtype).replace(/\n/g, '\n  ')}`);
  }
  return out.join('\n');
}

function bySetTable(results: readonly PassResult[]): string {
  const out: string[] = [];
  for (const { fn, dtype, pass, stats } of results) {
    out.push(`${fn} ${dtype} [${pass}]`);
    for (const [set, s] of stats.bySet) {
      out.push(`  ${set.padEnd(64)} ${s.count.toLocaleString('en-US').padStart(10)}  max ${formatUlp(s.max).padStart(3)}  mean ${(s.sum / s.count).toFixed(5)}  0 ULP ${formatPercent(s.exact, s.count)}`);
    }
  }
  return out.join('\n');
}

function toJson(results: readonly PassResult[], header: Record<string, string>, options: Options): unknown {
  const text = (v: number) => (Object.is(v, -0) ? '-0' : String(v));
  const caseJson = (found: Worst) => ({
    set: found.set,
    x: text(found.x),
    column: found.column,
    row: found.row === undefined ? undefined : Array.from(found.row, text),
    actual: text(found.actual),
    expected: text(found.expected),
    ulp: formatUlp(found.ulp),
  });
  return {
    ...header,
    options: { points: options.points, seed: options.seed, quick: options.quick, dtypes: options.dtypes },
    results: results.map(({ fn, dtype, pass, stats }) => ({
      function: fn,
      dtype,
      pass,
      points: stats.count,
      maxUlp: formatUlp(stats.max),
      meanUlp: stats.mean,
      correctlyRounded: stats.count === 0 ? null : stats.exact / stats.count,
      bound: stats.bound,
      overBound: stats.overBound,
      worst: stats.worst === undefined ? null : caseJson(stats.worst),
      overBoundExamples: stats.failures.map(caseJson),
      bySet: Object.fromEntries(Array.from(stats.bySet, ([set, s]) => [set, { points: s.count, maxUlp: formatUlp(s.max), meanUlp: s.sum / s.count, correctlyRounded: s.exact / s.count }])),
    })),
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const selected = (name: string) => options.only === undefined || options.only.has(name);
  const info = runtimeInfo();
  const header: Record<string, string> = {
    date: new Date().toISOString(),
    cpu: cpuDescription(),
    target: `${info.simd.target}${info.simd.forced ? ` (forced: BLASKIT_DISABLE_TARGETS=${info.simd.disabled})` : ' (the best this CPU supports)'}; supported: ${info.simd.supported.join(', ')}`,
    addon: addonDescription(),
    source: sourceDescription(),
    node: `${process.version}; reference: 200-bit BigInt (test/support/ulp.ts) in ${options.workers} worker thread${options.workers === 1 ? '' : 's'}`,
  };

  const activations = ACTIVATIONS.filter((a) => selected(a.name));
  const rowFunctions = ROW_FUNCTIONS.filter((r) => selected(r.name));
  const inputs = activationInputs(options.points, options.seed);
  const inputs32 = activationInputs32(options.points, options.seed);
  const plan = {
    shortRows: Math.max(1, Math.round(options.points / 25_000)),
    longRows: new Map([
      [1000, Math.max(1, Math.round(options.points / 250_000))],
      [4099, Math.max(1, Math.round(options.points / 500_000))],
    ]),
  };
  const groups = new Map(rowFunctions.map((spec, k) => [spec.name, rowGroups(spec.distributions, plan, typescriptBelow(spec.op), options.seed + 1 + k)]));
  const groups32 = new Map(rowFunctions.map((spec, k) => [spec.name, rowGroups(spec.distributions32, plan, typescriptBelow(spec.op), options.seed + 101 + k)]));
  const count = (all: Map<string, RowGroup[]>, name: string, of: (g: RowGroup) => number) => (all.get(name) ?? []).reduce((n, g) => n + of(g), 0);
  const pointsOf = (dtype: Dtype, activationCount: number, all: Map<string, RowGroup[]>) =>
    `${dtype}: ${activationCount.toLocaleString('en-US')} per activation` +
    rowFunctions
      .map((r) => `; ${r.name} ${count(all, r.name, (g) => g.data.length).toLocaleString('en-US')} elements in ${count(all, r.name, (g) => g.rows).toLocaleString('en-US')} rows`)
      .join('');
  header.points =
    options.dtypes.map((dtype) => (dtype === 'float64' ? pointsOf(dtype, inputs.values.length, groups) : pointsOf(dtype, inputs32.values.length, groups32))).join('; ') +
    ` (seed ${options.seed})`;

  console.log('blaskit accuracy report: maximum and mean error in ULP against correctly rounded results');
  for (const [key, value] of Object.entries(header)) console.log(`  ${key.padEnd(7)} ${value}`);
  console.log('');

  const started = Date.now();
  const pool = new ReferencePool(options.workers);
  let results: PassResult[];
  try {
    // Everything is queued at once; each function is compared as soon as its reference is complete.
    const pending = options.dtypes.flatMap((dtype) => [
      ...activations.map((spec) => measureActivation(pool, spec, dtype === 'float64' ? inputs : inputs32, dtype)),
      ...rowFunctions.map((spec) => measureRows(pool, spec, (dtype === 'float64' ? groups : groups32).get(spec.name) ?? [], dtype)),
    ]);
    results = (await Promise.all(pending)).flat();
  } finally {
    await pool.close();
  }

  console.log(table(results));
  console.log('\nWorst inputs (exact decimal and bits; subnormal results count their ULP as 2^-1074):');
  console.log(worstInputs(results) || '  none: every result correctly rounded');
  const failures = failingInputs(results);
  if (failures !== '') console.log(`\nResults over the documented bound:\n${failures}`);
  if (options.bySet) console.log(`\nBy input set:\n${bySetTable(results)}`);
  if (options.json !== undefined) fs.writeFileSync(options.json, `${JSON.stringify(toJson(results, header, options), null, 1)}\n`);

  const failing = results.filter((r) => !r.stats.holds);
  console.log(
    `\n${failing.length === 0 ? 'All documented bounds hold' : `BOUND EXCEEDED in ${failing.map((r) => `${r.fn} ${r.dtype} [${r.pass}]`).join(', ')}`}` +
      ` on ${info.simd.target} (${((Date.now() - started) / 1000).toFixed(0)} s).`,
  );
  process.exitCode = failing.length === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`accuracy-report: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 2;
});
