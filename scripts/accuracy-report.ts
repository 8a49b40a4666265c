/**
 * The kernels' worst errors in ULP, measured against a 200-bit reference on
 * the SIMD target this process runs (BLASKIT_DISABLE_TARGETS=avx512 forces
 * avx2, =avx512,avx2 the baseline):
 *
 *   npx tsx scripts/accuracy-report.ts [--quick] [--points N] [--seed S]
 *        [--workers 1|2] [--only sigmoid,softmax,...] [--by-set] [--json FILE]
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
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NDArray, normalizeRows, runtimeInfo, sigmoid, sigmoidDerivative, softmax, tanh, tanhDerivative } from '../lib/index';
import type { ElementwiseFunction } from '../lib/index';
import * as rowTwins from '../lib/reference/rows';
import { describeDouble } from '../test/support/ulp';
import { activationInputs, NORMALIZE_DISTRIBUTIONS, rowGroups, SOFTMAX_DISTRIBUTIONS, type ActivationInputs, type RowGroup } from './accuracy/inputs';
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
}

const USAGE = `usage: npx tsx scripts/accuracy-report.ts [--quick] [--points N] [--seed S] [--workers 1|2] [--only f,g] [--by-set] [--json FILE]
  --quick       100,000 points per activation and fewer rows (10-20 s on 2 cores)
  --points N    inputs per activation (default 1,000,000); the row counts scale with it
  --seed S      seed of the inputs (default 1)
  --workers K   reference workers, 1 or 2 (default 2, or 1 on a single CPU)
  --only f,g    only these of sigmoid, sigmoidDerivative, tanh, tanhDerivative, softmax, normalizeRows
  --by-set      also print the maximum and mean error of every input set
  --json FILE   also write the results, worst inputs (rows in full) included, to FILE`;

function usageError(message: string): never {
  process.stderr.write(`accuracy-report: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { points: 0, seed: 1, workers: Math.min(2, os.availableParallelism()), only: undefined, bySet: false, json: undefined, quick: false };
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
  /** native/kernels/activations.h */
  bound: number;
}

interface RowSpec {
  name: 'softmax' | 'normalizeRows';
  op: 'softmaxRows' | 'normalizeRows';
  fn: ElementwiseFunction;
  twin: (x: Float64Array, y: Float64Array, rows: number, cols: number) => void;
  distributions: typeof SOFTMAX_DISTRIBUTIONS;
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
  { name: 'softmax', op: 'softmaxRows', fn: softmax, twin: rowTwins.softmaxRows, distributions: SOFTMAX_DISTRIBUTIONS, bound: 1, cost: 1 },
  { name: 'normalizeRows', op: 'normalizeRows', fn: normalizeRows, twin: rowTwins.normalizeRows, distributions: NORMALIZE_DISTRIBUTIONS, bound: 1, cost: 0.07 },
];

const FUNCTION_NAMES = [...ACTIVATIONS.map((a) => a.name), ...ROW_FUNCTIONS.map((r) => r.name)];

/** Elements per reference task: a few tenths of a second of work. */
const TASK_ELEMENTS = 4096;

interface PassResult {
  fn: string;
  pass: string;
  stats: UlpStats;
}

// ---------------------------------------------------------------------------
// Measuring

function typescriptBelow(op: string): number {
  const threshold = runtimeInfo().threads.typescriptBelow[op];
  if (threshold === undefined) throw new Error(`runtimeInfo() gives no TypeScript threshold for ${op}`);
  return threshold;
}

/** The reference for `values`, in tasks of TASK_ELEMENTS. */
async function referenceOf(pool: ReferencePool, fn: string, values: Float64Array, cost: number): Promise<Float64Array> {
  const parts: Promise<Float64Array>[] = [];
  for (let start = 0; start < values.length; start += TASK_ELEMENTS) {
    const chunk = values.slice(start, start + TASK_ELEMENTS);
    parts.push(pool.run(fn, chunk, 1, chunk.length * cost));
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
function inSlices(fn: ElementwiseFunction, x: Float64Array, lengths: readonly number[]): Float64Array {
  const y = new Float64Array(x.length);
  for (let start = 0, k = 0; start < x.length; k++) {
    const end = Math.min(x.length, start + lengths[k % lengths.length]);
    y.set(fn(x.subarray(start, end)), start);
    start = end;
  }
  return y;
}

async function measureActivation(pool: ReferencePool, spec: ActivationSpec, inputs: ActivationInputs): Promise<PassResult[]> {
  const { values, sets } = inputs;
  const reference = await referenceOf(pool, spec.name, values, 1);
  const threshold = typescriptBelow(spec.name);
  if (threshold <= 4) throw new Error(`${spec.name}: arrays of 4 no longer run in TypeScript (threshold ${threshold})`);
  const shortLengths = Array.from({ length: 16 }, (_, i) => threshold + i);
  const passes: [string, () => Float64Array][] = [
    ['native, one array', () => spec.fn(values)],
    [`native, arrays of ${threshold}..${threshold + 15}`, () => inSlices(spec.fn, values, shortLengths)],
    ['typescript, arrays of 4', () => inSlices(spec.fn, values, [4])],
    ['typescript, numbers', () => values.map((x) => spec.fn(x))],
  ];
  return passes.map(([pass, run]) => {
    const actual = run();
    const stats = new UlpStats(spec.bound);
    for (const set of sets) stats.add(set.name, actual, reference, set.start, set.end, (i) => ({ x: values[i] }));
    return { fn: spec.name, pass, stats };
  });
}

async function measureRows(pool: ReferencePool, spec: RowSpec, groups: readonly RowGroup[]): Promise<PassResult[]> {
  const references = await Promise.all(
    groups.map(async (group) => {
      const rowsPerTask = Math.max(1, Math.floor((spec.cost < 1 ? 8 * TASK_ELEMENTS : TASK_ELEMENTS) / group.cols));
      const parts: Promise<Float64Array>[] = [];
      for (let r = 0; r < group.rows; r += rowsPerTask) {
        const chunk = group.data.slice(r * group.cols, Math.min(group.rows, r + rowsPerTask) * group.cols);
        parts.push(pool.run(spec.name, chunk, group.cols, chunk.length * spec.cost));
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
  const native = new UlpStats(spec.bound);
  const publicTypescript = new UlpStats(spec.bound);
  const twinOnly = new UlpStats(spec.bound);
  groups.forEach((group, g) => {
    const { rows, cols, data } = group;
    if (rows * cols < threshold) throw new Error(`${spec.name}: a group of ${rows}x${cols} would not reach the native kernel`);
    const nativeResult = (spec.fn(new NDArray(data, [rows, cols])) as NDArray).data;
    const typescriptResult = new Float64Array(data.length);
    if (cols < threshold) {
      for (let r = 0; r < rows; r++) typescriptResult.set(spec.fn(data.subarray(r * cols, (r + 1) * cols)), r * cols);
    } else {
      spec.twin(data, typescriptResult, rows, cols);
    }
    const locate = (i: number) => {
      const r = Math.floor(i / cols);
      return { x: data[i], row: data.slice(r * cols, (r + 1) * cols), column: i - r * cols };
    };
    native.add(group.set, nativeResult, references[g], 0, data.length, locate);
    (cols < threshold ? publicTypescript : twinOnly).add(group.set, typescriptResult, references[g], 0, data.length, locate);
  });
  return [
    { fn: spec.name, pass: 'native, (rows, cols) arrays', stats: native },
    { fn: spec.name, pass: `typescript, single rows of 1..${threshold - 1}`, stats: publicTypescript },
    { fn: spec.name, pass: `typescript twin called directly, rows of ${threshold}+`, stats: twinOnly },
  ];
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
  const header = ['function', 'pass', 'points', 'max ULP', 'mean ULP', '0 ULP', 'bound', 'holds'];
  const rows = results.map(({ fn, pass, stats }) => [
    fn,
    pass,
    stats.count.toLocaleString('en-US'),
    formatUlp(stats.max),
    Number.isFinite(stats.mean) ? stats.mean.toFixed(5) : 'inf',
    formatPercent(stats.exact, stats.count),
    `<= ${stats.bound}`,
    stats.holds ? 'yes' : `NO (${stats.overBound} over)`,
  ]);
  const numeric = [false, false, true, true, true, true, false, false];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w)))];
  let previous = '';
  for (const [i, r] of rows.entries()) {
    const fn = results[i].fn;
    out.push(line([fn === previous ? '' : r[0], ...r.slice(1)]));
    previous = fn;
  }
  return out.join('\n');
}

function formatRow(row: Float64Array): string {
  return `[${Array.from(row, (v) => (Object.is(v, -0) ? '-0' : String(v))).join(', ')}]`;
}

function describeCase(found: Worst): string {
  const where =
    found.row === undefined
      ? `x = ${describeDouble(found.x)}`
      : `element ${found.column} = ${describeDouble(found.x)} of a row of ${found.row.length}` +
        (found.row.length <= 16 ? ` ${formatRow(found.row)}` : ' (in full with --json)');
  return `${where}\n    from set "${found.set}": result ${describeDouble(found.actual)}, correctly rounded ${describeDouble(found.expected)}, ${formatUlp(found.ulp)} ULP`;
}

function worstInputs(results: readonly PassResult[]): string {
  const out: string[] = [];
  for (const { fn, pass, stats } of results) {
    const worst = stats.worst;
    if (worst === undefined || worst.ulp === 0) continue;
    out.push(`${fn} [${pass}]: ${worst.ulp <= stats.bound ? '' : 'OVER THE BOUND: '}${describeCase(worst)}`);
  }
  return out.join('\n');
}

function failingInputs(results: readonly PassResult[]): string {
  const out: string[] = [];
  for (const { fn, pass, stats } of results) {
    if (stats.holds) continue;
    const shown = stats.failures.length < stats.overBound ? `the first ${stats.failures.length} of ${stats.overBound}` : `all ${stats.overBound}`;
    out.push(`${fn} [${pass}], ${shown} results over ${stats.bound} ULP:`);
    for (const found of stats.failures) out.push(`  ${describeCase(found).replace(/\n/g, '\n  ')}`);
  }
  return out.join('\n');
}

function bySetTable(results: readonly PassResult[]): string {
  const out: string[] = [];
  for (const { fn, pass, stats } of results) {
    out.push(`${fn} [${pass}]`);
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
    options: { points: options.points, seed: options.seed, quick: options.quick },
    results: results.map(({ fn, pass, stats }) => ({
      function: fn,
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
  const plan = {
    shortRows: Math.max(1, Math.round(options.points / 25_000)),
    longRows: new Map([
      [1000, Math.max(1, Math.round(options.points / 250_000))],
      [4099, Math.max(1, Math.round(options.points / 500_000))],
    ]),
  };
  const groups = new Map(rowFunctions.map((spec, k) => [spec.name, rowGroups(spec.distributions, plan, typescriptBelow(spec.op), options.seed + 1 + k)]));
  const elementsOf = (name: RowSpec['name']) => (groups.get(name) ?? []).reduce((n, g) => n + g.data.length, 0);
  const rowsOf = (name: RowSpec['name']) => (groups.get(name) ?? []).reduce((n, g) => n + g.rows, 0);
  header.points =
    `${inputs.values.length.toLocaleString('en-US')} per activation` +
    rowFunctions.map((r) => `; ${r.name} ${elementsOf(r.name).toLocaleString('en-US')} elements in ${rowsOf(r.name).toLocaleString('en-US')} rows`).join('') +
    ` (seed ${options.seed})`;

  console.log('blaskit accuracy report: maximum and mean error in ULP against correctly rounded results');
  for (const [key, value] of Object.entries(header)) console.log(`  ${key.padEnd(7)} ${value}`);
  console.log('');

  const started = Date.now();
  const pool = new ReferencePool(options.workers);
  let results: PassResult[];
  try {
    // Everything is queued at once; each function is compared as soon as its reference is complete.
    const pending = [
      ...activations.map((spec) => measureActivation(pool, spec, inputs)),
      ...rowFunctions.map((spec) => measureRows(pool, spec, groups.get(spec.name) ?? [])),
    ];
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
    `\n${failing.length === 0 ? 'All documented bounds hold' : `BOUND EXCEEDED in ${failing.map((r) => `${r.fn} [${r.pass}]`).join(', ')}`}` +
      ` on ${info.simd.target} (${((Date.now() - started) / 1000).toFixed(0)} s).`,
  );
  process.exitCode = failing.length === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`accuracy-report: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 2;
});
