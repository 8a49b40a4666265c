// Is blaskit ever slower than the plain-JS loop? The issue's rule: "for every
// function and every size from 1 to 1e7, blaskit's time must not exceed the
// plain-JS loop's time with the same output policy, measured in the same
// process". This script measures exactly that and reports it; it never fails
// on speed (exit 0 whatever the ratios).
//
//   npm run bench:vs-js                 sizes 1 .. 1e7 (a few minutes)
//   npm run bench:vs-js -- --quick      sizes 1 .. 1e5, fewer samples (CI smoke run, under a minute)
//   npm run bench:vs-js -- --only sigmoid,dot
//
// For each function, one child process (fresh JIT and heap, as bench/trial.mjs)
// times blaskit's public function (dist/index.js) and the loop a user writes
// from the numpy tutorial (bench/plain-js.mjs) side by side, under two output
// policies: fresh (blaskit `f(x)`, plain JS `new Float64Array(n)` per call) and
// given (`f(x, { out })`, plain JS writing into a preallocated array); the
// activations also number in, number out (`sigmoid(v)` vs
// `1 / (1 + Math.exp(-v))`). Each answer is checked against blaskit's
// TypeScript twin (dist/reference) before it is timed.
//
// Timing: each side runs in its own freshly compiled batch loop (one call site
// per side, so V8 inlines or not alike and neither pays for the other's
// megamorphism); calls are batched so that a sample lasts >= 1-2 ms; samples
// alternate blaskit, JS, JS, blaskit, ... so that both sides see the same load
// on a shared machine; the ratio is the median of the paired ratios of
// neighbouring samples, which cancels slow drifts in load.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { compare, TOLERANCE, values } from './data.mjs';
import { machineInfo } from './machine.mjs';
import * as plain from './plain-js.mjs';

const require = createRequire(import.meta.url);
const scriptFile = fileURLToPath(import.meta.url);

const ELEMENT_SIZES = { full: [1, 2, 4, 8, 16, 32, 64, 128, 256, 1e3, 1e4, 1e5, 1e6, 1e7], quick: [1, 2, 4, 8, 16, 32, 64, 128, 256, 1e3, 1e4, 1e5] };

/** sampleNs: shortest sample; samples: pairs per point, fewer once one call is long (a 1e7 call takes 10-200 ms). */
const SETTINGS = {
  full: { sampleNs: 2e6, samples: 15, longCallNs: 20e6, longSamples: 7, timeoutMs: 30 * 60e3 },
  quick: { sampleNs: 1e6, samples: 9, longCallNs: 5e6, longSamples: 5, timeoutMs: 5 * 60e3 },
};

const POLICIES = {
  fresh: 'fresh output: blaskit f(x), plain JS new Float64Array(n) per call',
  out: 'output given: blaskit f(x, { out }), plain JS into a preallocated array',
  number: 'number result (dot of two vectors): no output to allocate',
};

// ---- the cases -------------------------------------------------------------

const ACTIVATIONS = ['sigmoid', 'sigmoidDerivative', 'tanh', 'tanhDerivative', 'relu', 'reluDerivative'];

/** rows of min(n, 1000) columns, as bench/cases.mjs: a batch of class scores. */
function rowShape(n) {
  const cols = Math.min(n, 1000);
  return { rows: n / cols, cols };
}

/**
 * One function's points: for each size, its label and element count, the
 * expected answer (the twin's), and per policy the blaskit and plain-JS
 * calls. Inputs are built when a point is measured, so that only one size is
 * in memory at a time.
 */
function functionCases({ blaskit, twin }) {
  const activation = (fn) => ({
    id: fn,
    title: fn,
    errorScale: 1, // O(1) results judged in absolute terms, as bench/cases.mjs
    sizes: (mode) => ELEMENT_SIZES[mode].map((n) => ({ n, label: String(n), elements: n })),
    point: ({ n }) => {
      const x = values(n, 1);
      const f = blaskit[fn];
      const loop = plain[fn];
      const yBlaskit = new Float64Array(n);
      const yPlain = new Float64Array(n);
      return {
        expected: () => {
          const y = new Float64Array(n);
          twin[fn](x, y);
          return y;
        },
        fresh: {
          blaskit: () => f(x),
          plain: () => {
            const y = new Float64Array(x.length);
            loop(x, y);
            return y;
          },
        },
        out: {
          blaskit: () => f(x, { out: yBlaskit }),
          plain: () => (loop(x, yPlain), yPlain),
        },
      };
    },
    // 1024 inputs cycled, so that neither side can be constant-folded.
    scalar: () => {
      const xs = values(1024, 3);
      const f = blaskit[fn];
      const g = plain[`${fn}Of`];
      return {
        inputs: xs,
        expected: twin[`${fn}Of`],
        blaskit: (i) => f(xs[i & 1023]),
        plain: (i) => g(xs[i & 1023]),
        // One argument: Float64Array.from passes (value, index), and blaskit reads a second argument as options.
        blaskitOne: (v) => f(v),
        plainOne: (v) => g(v),
      };
    },
  });

  const rowFunction = (fn, kernel) => ({
    id: fn,
    title: `${fn} (rows of min(n, 1000))`,
    sizes: (mode) =>
      ELEMENT_SIZES[mode].map((n) => {
        const { rows, cols } = rowShape(n);
        return { n, label: `${rows}x${cols}`, elements: n };
      }),
    point: ({ n }) => {
      const { rows, cols } = rowShape(n);
      const x = values(n, 1);
      const X = blaskit.array(x, [rows, cols]);
      const f = blaskit[fn];
      const loop = plain[kernel];
      const yBlaskit = new Float64Array(n);
      const yPlain = new Float64Array(n);
      return {
        expected: () => {
          const y = new Float64Array(n);
          twin[kernel](x, y, rows, cols);
          return y;
        },
        fresh: {
          blaskit: () => f(X),
          plain: () => {
            const y = new Float64Array(x.length);
            loop(x, y, rows, cols);
            return y;
          },
        },
        out: {
          blaskit: () => f(X, { out: yBlaskit }),
          plain: () => (loop(x, yPlain, rows, cols), yPlain),
        },
      };
    },
  });

  const multiplySame = {
    id: 'multiply',
    title: 'multiply (same shape, a * b)',
    sizes: (mode) => ELEMENT_SIZES[mode].map((n) => ({ n, label: String(n), elements: n })),
    point: ({ n }) => {
      const a = values(n, 1);
      const b = values(n, 2);
      const multiply = blaskit.multiply;
      const loop = plain.multiply;
      const yBlaskit = new Float64Array(n);
      const yPlain = new Float64Array(n);
      return {
        expected: () => {
          const y = new Float64Array(n);
          twin.multiply(a, 0, 1, b, 0, 1, y, 1, n);
          return y;
        },
        fresh: {
          blaskit: () => multiply(a, b),
          plain: () => {
            const y = new Float64Array(a.length);
            loop(a, 0, 1, b, 0, 1, y, 1, a.length);
            return y;
          },
        },
        out: {
          blaskit: () => multiply(a, b, { out: yBlaskit }),
          plain: () => (loop(a, 0, 1, b, 0, 1, yPlain, 1, a.length), yPlain),
        },
      };
    },
  };

  const multiplyBroadcast = {
    id: 'multiply-broadcast',
    title: 'multiply (row broadcast, (rows, cols) * (cols), rows of min(n, 1000))',
    sizes: (mode) =>
      ELEMENT_SIZES[mode].map((n) => {
        const { rows, cols } = rowShape(n);
        return { n, label: `${rows}x${cols}*${cols}`, elements: n };
      }),
    point: ({ n }) => {
      const { rows, cols } = rowShape(n);
      const a = values(n, 1);
      const b = values(cols, 2);
      const A = blaskit.array(a, [rows, cols]);
      const multiply = blaskit.multiply;
      const loop = plain.multiply;
      const yBlaskit = new Float64Array(n);
      const yPlain = new Float64Array(n);
      return {
        expected: () => {
          const y = new Float64Array(n);
          twin.multiply(a, cols, 1, b, 0, 1, y, rows, cols);
          return y;
        },
        fresh: {
          blaskit: () => multiply(A, b),
          plain: () => {
            const y = new Float64Array(a.length);
            loop(a, cols, 1, b, 0, 1, y, rows, cols);
            return y;
          },
        },
        out: {
          blaskit: () => multiply(A, b, { out: yBlaskit }),
          plain: () => (loop(a, cols, 1, b, 0, 1, yPlain, rows, cols), yPlain),
        },
      };
    },
  };

  const outer = {
    id: 'outer',
    title: 'outer (k-vector x k-vector, k = round(sqrt(n)))',
    sizes: (mode) => {
      const seen = new Set();
      return ELEMENT_SIZES[mode]
        .map((n) => Math.round(Math.sqrt(n)))
        .filter((k) => !seen.has(k) && seen.add(k))
        .map((k) => ({ n: k * k, k, label: `${k}x${k}`, elements: k * k }));
    },
    point: ({ k }) => {
      const a = values(k, 1);
      const b = values(k, 2);
      const f = blaskit.outer;
      const loop = plain.outer;
      const yBlaskit = new Float64Array(k * k);
      const yPlain = new Float64Array(k * k);
      return {
        expected: () => {
          const y = new Float64Array(k * k);
          twin.outer(a, b, y);
          return y;
        },
        fresh: {
          blaskit: () => f(a, b),
          plain: () => {
            const y = new Float64Array(a.length * b.length);
            loop(a, b, y);
            return y;
          },
        },
        out: {
          blaskit: () => f(a, b, { out: yBlaskit }),
          plain: () => (loop(a, b, yPlain), yPlain),
        },
      };
    },
  };

  const dot = {
    id: 'dot',
    title: 'dot (vector . vector, a number)',
    sizes: (mode) => ELEMENT_SIZES[mode].map((n) => ({ n, label: String(n), elements: n })),
    point: ({ n }) => {
      const a = values(n, 1);
      const b = values(n, 2);
      const f = blaskit.dot;
      const loop = plain.dot;
      // A sum is judged against the size of its terms, not itself (it can cancel), as bench/trial.mjs.
      let s = 0;
      for (let i = 0; i < n; i++) s += (a[i] * b[i]) ** 2;
      return {
        expected: () => Float64Array.of(twin.dot(a, b)),
        errorScale: Math.sqrt(s) || 1,
        number: { blaskit: () => f(a, b), plain: () => loop(a, b) },
      };
    },
  };

  return [
    ...ACTIVATIONS.map(activation),
    rowFunction('softmax', 'softmaxRows'),
    rowFunction('normalizeRows', 'normalizeRows'),
    multiplySame,
    multiplyBroadcast,
    outer,
    dot,
  ];
}

const FUNCTION_IDS = ['sigmoid', 'sigmoidDerivative', 'tanh', 'tanhDerivative', 'relu', 'reluDerivative', 'softmax', 'normalizeRows', 'multiply', 'multiply-broadcast', 'outer', 'dot'];

// ---- timing ----------------------------------------------------------------

const now = process.hrtime.bigint;
let kept; // results land here, so that no call can be dropped as dead code
const keep = (v) => {
  kept = v;
};

let batchCount = 0;

/**
 * A batch loop compiled for one side of one point: its own function (distinct
 * source, so distinct feedback), so its call site sees one callee. Returns ns
 * for `calls` calls. `numeric` sums number results; otherwise the last result
 * is kept.
 */
function makeBatch(numeric) {
  const id = ++batchCount;
  const body = numeric
    ? `let sink = 0;\nfor (let i = 0; i < calls; i++) sink += run(i);`
    : `let sink;\nfor (let i = 0; i < calls; i++) sink = run(i);`;
  const batch = new Function('run', 'calls', 'now', 'keep', `// batch ${id}\nconst t0 = now();\n${body}\nconst t1 = now();\nkeep(sink);\nreturn Number(t1 - t0);`);
  return (run, calls) => batch(run, calls, now, keep);
}

/** Calls per sample so that one sample lasts >= sampleNs; at least two batches, which also warm the JIT. */
function calibrate(batch, run, sampleNs) {
  let calls = 1;
  for (let round = 0; ; round++) {
    const ns = batch(run, calls);
    if ((ns >= sampleNs && round >= 1) || calls >= 2 ** 26) return { calls, ns: ns / calls };
    if (ns < sampleNs) calls = ns > 0 ? Math.min(calls * 16, Math.max(calls * 2, Math.ceil((calls * sampleNs * 1.2) / ns))) : calls * 16;
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * blaskit and plain JS, interleaved: sample s of one side right after (or
 * before) sample s of the other, the order alternating. ns per call, medians
 * and the paired ratios plain / blaskit.
 */
function timePair(runBlaskit, runPlain, numeric, settings, gc) {
  const batchBlaskit = makeBatch(numeric);
  const batchPlain = makeBatch(numeric);
  const cb = calibrate(batchBlaskit, runBlaskit, settings.sampleNs);
  const cp = calibrate(batchPlain, runPlain, settings.sampleNs);
  const long = Math.max(cb.ns, cp.ns) >= settings.longCallNs;
  const count = long ? settings.longSamples : settings.samples;
  gc?.();
  const blaskitNs = [];
  const plainNs = [];
  for (let s = 0; s < count; s++) {
    if (s % 2 === 0) {
      blaskitNs.push(batchBlaskit(runBlaskit, cb.calls) / cb.calls);
      plainNs.push(batchPlain(runPlain, cp.calls) / cp.calls);
    } else {
      plainNs.push(batchPlain(runPlain, cp.calls) / cp.calls);
      blaskitNs.push(batchBlaskit(runBlaskit, cb.calls) / cb.calls);
    }
  }
  const ratios = blaskitNs.map((b, s) => plainNs[s] / b);
  return {
    blaskit: median(blaskitNs),
    plain: median(plainNs),
    ratio: median(ratios),
    pairs: count,
    pairsSlower: ratios.filter((r) => r < 1).length,
    callsPerSample: { blaskit: cb.calls, plain: cp.calls },
    spread: { blaskit: [Math.min(...blaskitNs), Math.max(...blaskitNs)], plain: [Math.min(...plainNs), Math.max(...plainNs)] },
  };
}

// ---- checking ----------------------------------------------------------------

function toNumbers(result) {
  if (typeof result === 'number') return Float64Array.of(result);
  if (ArrayBuffer.isView(result)) return result;
  if (ArrayBuffer.isView(result?.data)) return result.data;
  throw new TypeError(`cannot read a result of type ${Object.prototype.toString.call(result)}`);
}

/**
 * A timing of a wrong answer is void. Both sides against the twin, to the
 * float64 tolerance of bench/data.mjs: the naive loops meet it on these
 * inputs with a wide margin (see bench/plain-js.mjs), a wrong loop misses by
 * the result's own size.
 */
function check(expected, actual, errorScale) {
  const r = compare(toNumbers(actual), expected, TOLERANCE.float64.elementwise, errorScale);
  return r.ok ? undefined : `off by ${r.maxError.toExponential(2)} (scaled), ${r.detail}`;
}

// ---- the child: one function ---------------------------------------------------

function childMain(fnId, mode) {
  const blaskit = require('../dist/index.js');
  const twin = {
    ...require('../dist/reference/activations.js'),
    ...require('../dist/reference/rows.js'),
    ...require('../dist/reference/products.js'),
  };
  const gc = globalThis.gc;
  const settings = SETTINGS[mode];
  const fc = functionCases({ blaskit, twin }).find((c) => c.id === fnId);
  const result = { id: fc.id, title: fc.title, points: [] };

  if (fc.scalar) {
    const sc = fc.scalar();
    const errors = [];
    for (const side of ['blaskitOne', 'plainOne']) {
      const actual = Float64Array.from(sc.inputs, sc[side]);
      const expected = Float64Array.from(sc.inputs, sc.expected);
      const problem = check(expected, actual, 1);
      if (problem) errors.push(`${side === 'blaskitOne' ? 'blaskit' : 'plain JS'}: ${problem}`);
    }
    result.scalar = errors.length ? { error: errors.join('; ') } : timePair(sc.blaskit, sc.plain, true, settings, gc);
  }

  for (const size of fc.sizes(mode)) {
    const point = { label: size.label, elements: size.elements, policies: {} };
    result.points.push(point);
    try {
      const p = fc.point(size);
      const expected = p.expected();
      for (const policy of ['fresh', 'out', 'number']) {
        const runs = p[policy];
        if (!runs) continue;
        const problems = ['blaskit', 'plain'].map((side) => check(expected, runs[side](0), p.errorScale ?? fc.errorScale)).map((m, i) => m && `${i ? 'plain JS' : 'blaskit'}: ${m}`);
        point.policies[policy] = problems.some(Boolean) ? { error: problems.filter(Boolean).join('; ') } : timePair(runs.blaskit, runs.plain, policy === 'number', settings, gc);
      }
    } catch (error) {
      point.error = String(error?.stack ?? error);
    }
  }
  void kept;
  return result;
}

// ---- the parent: header, one child per function, tables ---------------------------

function formatNs(ns) {
  if (!Number.isFinite(ns)) return String(ns);
  if (ns >= 1e9) return `${(ns / 1e9).toPrecision(3)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toPrecision(3)} ms`;
  if (ns >= 1e4) return `${(ns / 1e3).toPrecision(3)} us`;
  return `${ns >= 100 ? ns.toFixed(0) : ns.toPrecision(3)} ns`;
}

const formatRatio = (r) => (r >= 100 ? `${r.toFixed(0)}x` : r >= 10 ? `${r.toFixed(1)}x` : `${r.toFixed(2)}x`);

function textTable(rows) {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => String(r[j] ?? '').length)));
  return rows.map((r) => r.map((cell, j) => (j <= 1 ? String(cell ?? '').padEnd(widths[j]) : String(cell ?? '').padStart(widths[j]))).join('  ').trimEnd()).join('\n');
}

/** Cells for one measurement: blaskit, plain JS, ratio, and a mark where blaskit is slower. */
function cells(m) {
  if (!m) return ['', '', '', ''];
  if (m.error) return ['WRONG', '', '', m.error.slice(0, 60)];
  const mark = m.ratio < 1 ? `SLOWER (${m.pairsSlower}/${m.pairs} pairs)` : '';
  return [formatNs(m.blaskit), formatNs(m.plain), formatRatio(m.ratio), mark];
}

/**
 * Where blaskit is slower in one function's results, compressed: per policy,
 * runs of consecutive sizes as "first..last" with the range of their ratios,
 * e.g. "fresh 1..64 (0.01x-0.95x)". Wrong answers and errors are listed too.
 */
function slowerSummary(r) {
  if (r.error) return { measured: 0, slowerCount: 0, text: 'ERROR (no result: see its section)', parts: ['ERROR (no result: see its section)'] };
  const parts = [];
  let measured = 0;
  let slowerCount = 0;
  const policies = ['fresh', 'out', 'number'];
  for (const policy of policies) {
    let run = [];
    const flush = () => {
      if (!run.length) return;
      const ratios = run.map((x) => x.ratio);
      const lo = Math.min(...ratios);
      const hi = Math.max(...ratios);
      const sizes = run.length === 1 ? run[0].label : `${run[0].label}..${run[run.length - 1].label}`;
      parts.push(`${policy} ${sizes} (${lo === hi ? formatRatio(lo) : `${formatRatio(lo)}-${formatRatio(hi)}`})`);
      run = [];
    };
    for (const p of r.points) {
      const m = p.policies?.[policy];
      if (p.error || m?.error) {
        if (p.error && policy !== 'fresh') continue; // a failed point is reported once
        flush();
        parts.push(`${policy} ${p.label}: ${p.error ? 'ERROR' : 'WRONG'}`);
        continue;
      }
      if (!m) continue;
      measured++;
      if (m.ratio < 1) {
        slowerCount++;
        run.push({ label: p.label, ratio: m.ratio });
      } else flush();
    }
    flush();
  }
  if (r.scalar) {
    if (r.scalar.error) parts.push('number f(v): WRONG');
    else {
      measured++;
      if (r.scalar.ratio < 1) {
        slowerCount++;
        parts.push(`number f(v) (${formatRatio(r.scalar.ratio)})`);
      }
    }
  }
  return { measured, slowerCount, parts, text: parts.length ? parts.join(', ') : 'never slower' };
}

/** The table of one function and its summary line. */
function printFunction(r) {
  console.log(`\n## ${r.title}\n`);
  if (r.error) {
    console.log(`ERROR: ${r.error}`);
    return;
  }
  const numberOnly = r.points.every((p) => !p.policies.fresh && !p.policies.out);
  const head = numberOnly
    ? ['size', 'shape', 'blaskit', 'plain JS', 'JS/blaskit', '']
    : ['size', 'shape', 'fresh: blaskit', 'plain JS', 'JS/blaskit', '', 'out: blaskit', 'plain JS', 'JS/blaskit', ''];
  const rows = [head];
  for (const p of r.points) {
    if (p.error) {
      rows.push([String(p.elements), p.label, `ERROR ${p.error.split('\n')[0].slice(0, 80)}`]);
      continue;
    }
    const policies = numberOnly ? ['number'] : ['fresh', 'out'];
    rows.push([String(p.elements), p.label === String(p.elements) ? '' : p.label, ...policies.flatMap((policy) => cells(p.policies[policy]))]);
  }
  if (r.scalar) rows.push(['number', 'f(v)', ...cells(r.scalar)]);
  console.log(textTable(rows));
  const summary = slowerSummary(r);
  console.log(`\n${r.id}: blaskit slower at ${summary.slowerCount} of ${summary.measured} points${summary.parts.length ? `: ${summary.text}` : ''}`);
}

function parseArgs(argv) {
  const args = { mode: 'full', only: undefined, child: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') args.mode = 'quick';
    else if (a === '--child') args.child = argv[++i];
    else if (a === '--only' || a.startsWith('--only=')) args.only = (a === '--only' ? argv[++i] : a.slice(7)).split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run bench:vs-js -- [--quick] [--only sigmoid,dot,...]\nfunctions: ' + FUNCTION_IDS.join(', '));
      process.exit(0);
    } else {
      console.error(`unknown option ${a} (see --help)`);
      process.exit(0); // speed is reported, never a failure; a typo is not worth a red CI run either
    }
  }
  return args;
}

async function parentMain(args) {
  const ids = args.only ? FUNCTION_IDS.filter((id) => args.only.includes(id) || (id.startsWith('multiply') && args.only.includes('multiply'))) : FUNCTION_IDS;
  const unknown = (args.only ?? []).filter((id) => !FUNCTION_IDS.includes(id));
  if (unknown.length) console.log(`--only: unknown ${unknown.join(', ')} (known: ${FUNCTION_IDS.join(', ')})`);

  const machine = await machineInfo({ numpy: { available: false, reason: 'not used by this benchmark' }, peers: {} });
  const blaskit = require('../dist/index.js');
  console.log(`# blaskit vs plain JS, ${args.mode === 'quick' ? 'quick (sizes 1..1e5, fewer samples)' : 'full (sizes 1..1e7)'}\n`);
  console.log(`date:     ${new Date().toISOString()}`);
  console.log(`cpu:      ${machine.cpu.model}, ${machine.cpu.cores} cores (${os.cpus().length} logical), ${machine.cpu.arch}, SIMD flags ${machine.cpu.simdFlags.join(' ')}`);
  console.log(`system:   ${machine.os}, ${machine.memoryGiB} GiB`);
  console.log(`node:     ${machine.node} (V8 ${machine.v8})`);
  console.log(`blaskit:  ${machine.blaskit.version}${machine.blaskit.commit ? ` (${machine.blaskit.commit.slice(0, 10)})` : ''}`);
  console.log(`runtimeInfo(): ${JSON.stringify(blaskit.runtimeInfo())}`);
  console.log(`BLAS environment: ${JSON.stringify(machine.blasEnvironment)}`);
  console.log(`load average at start: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log('');
  console.log('ns per call, medians of interleaved samples; JS/blaskit is the median of the paired ratios plain JS / blaskit of');
  console.log('neighbouring samples: > 1 means blaskit is faster. SLOWER marks blaskit slower, with how many of the pairs agree.');
  for (const [policy, text] of Object.entries(POLICIES)) console.log(`  ${policy.padEnd(6)} ${text}`);

  const settings = SETTINGS[args.mode];
  const results = [];
  const started = Date.now();
  for (const id of ids) {
    const child = spawnSync(process.execPath, ['--expose-gc', scriptFile, '--child', id, ...(args.mode === 'quick' ? ['--quick'] : [])], {
      encoding: 'utf8',
      timeout: settings.timeoutMs,
      maxBuffer: 64 * 2 ** 20,
    });
    let result;
    try {
      result = JSON.parse(child.stdout.trim().split('\n').pop());
    } catch {
      const output = `${child.stderr ?? ''}${child.stdout ?? ''}`.trim().split('\n').slice(-8).join('\n');
      result = { id, title: id, error: `the child process ended (${child.signal ?? `exit ${child.status}`}${child.error ? `, ${child.error.message}` : ''}) without a result:\n${output}` };
    }
    printFunction(result);
    results.push(result);
  }

  console.log(`\n# Summary (${((Date.now() - started) / 1000).toFixed(0)} s, load average at end: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')})\n`);
  const summaries = results.map((r) => ({ id: r.id, ...slowerSummary(r) }));
  const width = Math.max(...summaries.map((x) => x.id.length));
  for (const x of summaries) console.log(`${x.id.padEnd(width)}  ${x.slowerCount}/${x.measured} slower${x.parts.length ? `: ${x.text}` : ''}`);
  const slower = summaries.filter((x) => x.parts.length);
  console.log(`\nslower at: ${slower.length ? slower.map((x) => `${x.id} [${x.text}]`).join('; ') : 'nowhere'}`);
}

const args = parseArgs(process.argv.slice(2));
if (args.child) {
  process.stdout.write(`${JSON.stringify(childMain(args.child, args.mode))}\n`);
} else {
  await parentMain(args);
}
