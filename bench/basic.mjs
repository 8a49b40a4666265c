// A first, small benchmark: every public function at a few sizes, blaskit
// (output preallocated, `out`) against the plain-JS loop a user would write
// from the numpy tutorial (bench/plain-js.mjs, same output policy) and numpy
// (python3, when present), all timed in this run. Prints ns per element and
// the ratios. The full benchmark with peers and charts is `npm run bench`.
// blaskit's TypeScript twins (lib/reference) are not the baseline: they are
// blaskit's own accurate small-input path; here they give the exact answer
// both timed sides are checked against.
//
//   npm run bench:basic            # N = 1e3 and 1e6
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { createRequire } from 'node:module';
import * as blaskit from 'blaskit';
import { compare, TOLERANCE } from './data.mjs';
import * as plain from './plain-js.mjs';

const require = createRequire(import.meta.url);
const twin = {
  ...require('../dist/reference/activations.js'),
  ...require('../dist/reference/rows.js'),
  ...require('../dist/reference/products.js'),
};
const { native } = require('../dist/loader.js');

/** Median of `repeats` timings of `f`, each run `inner` times, in ns per call. */
function time(f, repeats = 15) {
  f(); // warm up (JIT, page faults of the outputs)
  let inner = 1;
  for (;;) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < inner; i++) f();
    if (Number(process.hrtime.bigint() - t0) > 2e6 || inner >= 1 << 20) break;
    inner *= 2;
  }
  const samples = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < inner; i++) f();
    samples.push(Number(process.hrtime.bigint() - t0) / inner);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1];
}

/** Uniform in [-scale, scale): the range the naive loops' accuracy is judged on (plain-js.mjs). */
function random(n, scale = 4) {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = (Math.random() * 2 - 1) * scale;
  return x;
}

// name -> (n) => { out, elements, blaskit(), js(), twin() (each writes `out`), numpy expression over x (n elements) or A, B }
const cases = {
  sigmoid: (n) => {
    const x = random(n), y = new Float64Array(n);
    return { out: y, elements: n, blaskit: () => blaskit.sigmoid(x, { out: y }), js: () => plain.sigmoid(x, y), twin: () => twin.sigmoid(x, y), numpy: `n=${n}; x=rng.standard_normal(n); y=np.empty(n)`, numpyStmt: 'np.divide(1, 1 + np.exp(-x), out=y)' };
  },
  tanh: (n) => {
    const x = random(n), y = new Float64Array(n);
    return { out: y, elements: n, blaskit: () => blaskit.tanh(x, { out: y }), js: () => plain.tanh(x, y), twin: () => twin.tanh(x, y), numpy: `n=${n}; x=rng.standard_normal(n); y=np.empty(n)`, numpyStmt: 'np.tanh(x, out=y)' };
  },
  relu: (n) => {
    const x = random(n), y = new Float64Array(n);
    return { out: y, elements: n, blaskit: () => blaskit.relu(x, { out: y }), js: () => plain.relu(x, y), twin: () => twin.relu(x, y), numpy: `n=${n}; x=rng.standard_normal(n); y=np.empty(n)`, numpyStmt: 'np.maximum(x, 0, out=y)' };
  },
  softmax: (n) => {
    const cols = Math.min(n, 1000), rows = n / cols;
    const x = blaskit.array(random(n), [rows, cols]), y = new Float64Array(n);
    return { out: y, elements: n, blaskit: () => blaskit.softmax(x, { out: y }), js: () => plain.softmaxRows(x.data, y, rows, cols), twin: () => twin.softmaxRows(x.data, y, rows, cols), numpy: `x=rng.standard_normal((${rows},${cols}))`, numpyStmt: 'e=np.exp(x - x.max(axis=1, keepdims=True)); e/e.sum(axis=1, keepdims=True)' };
  },
  normalizeRows: (n) => {
    const cols = Math.min(n, 1000), rows = n / cols;
    const x = blaskit.array(random(n), [rows, cols]), y = new Float64Array(n);
    return { out: y, elements: n, blaskit: () => blaskit.normalizeRows(x, { out: y }), js: () => plain.normalizeRows(x.data, y, rows, cols), twin: () => twin.normalizeRows(x.data, y, rows, cols), numpy: `x=rng.standard_normal((${rows},${cols}))`, numpyStmt: 'x / np.linalg.norm(x, axis=1, keepdims=True)' };
  },
  multiply: (n) => {
    const a = random(n), b = random(n), y = new Float64Array(n);
    return { out: y, elements: n, blaskit: () => blaskit.multiply(a, b, { out: y }), js: () => plain.multiply(a, 0, 1, b, 0, 1, y, 1, n), twin: () => twin.multiply(a, 0, 1, b, 0, 1, y, 1, n), numpy: `n=${n}; a=rng.standard_normal(n); b=rng.standard_normal(n); y=np.empty(n)`, numpyStmt: 'np.multiply(a, b, out=y)' };
  },
  'dot (matrix)': (n) => {
    const k = Math.round(Math.sqrt(n));
    const a = blaskit.array(random(k * k), [k, k]), b = blaskit.array(random(k * k), [k, k]), y = new Float64Array(k * k);
    return { out: y, elements: k * k, label: `${k}x${k}`, blaskit: () => blaskit.dot(a, b, { out: y }), js: () => plain.matMul(a.data, b.data, y, k, k, k), twin: () => twin.matMul(a.data, b.data, y, k, k, k), numpy: `A=rng.standard_normal((${k},${k})); B=rng.standard_normal((${k},${k})); C=np.empty((${k},${k}))`, numpyStmt: 'np.dot(A, B, out=C)' };
  },
};

function numpyTimes(setupsAndStmts) {
  const script = [
    'import sys, json, timeit, numpy as np',
    'rng = np.random.default_rng(1)',
    'out = []',
    'for setup, stmt in json.loads(sys.argv[1]):',
    '    g = {"np": np, "rng": rng}',
    '    exec(setup, g)',
    '    t = timeit.Timer(stmt, globals=g)',
    '    n, _ = t.autorange()',
    '    out.append(sorted(x / n for x in t.repeat(7, n))[3] * 1e9)',
    'print(json.dumps({"times": out, "version": np.__version__}))',
  ].join('\n');
  try {
    return JSON.parse(execFileSync('python3', ['-c', script, JSON.stringify(setupsAndStmts)], { encoding: 'utf8', env: process.env }));
  } catch {
    return undefined;
  }
}

/** Run one side into `c.out` (first filled with NaN, so a skipped element shows) and return a copy. */
function resultOf(c, side) {
  c.out.fill(NaN);
  c[side]();
  return c.out.slice();
}

/**
 * A benchmark of a wrong answer is void. The twin (blaskit's accurate
 * algorithm in TypeScript) gives the expected answer; blaskit must agree with
 * it to 1e-12 (relative, absolute below 1), the naive plain-JS loop to the
 * float64 tolerance of bench/data.mjs, which the naive formulas meet on these
 * inputs with a wide margin (plain-js.mjs) and a wrong loop misses by far.
 */
function checkAgreement(name, c) {
  const expected = resultOf(c, 'twin');
  const fromBlaskit = resultOf(c, 'blaskit');
  for (let i = 0; i < expected.length; i++) {
    const tolerance = 1e-12 * Math.max(1, Math.abs(expected[i]));
    if (!(Math.abs(fromBlaskit[i] - expected[i]) <= tolerance)) {
      throw new Error(`${name}: blaskit and its TypeScript twin disagree at ${i}: ${fromBlaskit[i]} vs ${expected[i]}`);
    }
  }
  const check = compare(resultOf(c, 'js'), expected, TOLERANCE.float64.elementwise);
  if (!check.ok) throw new Error(`${name}: the plain-JS loop is off by ${check.maxError.toExponential(2)} (scaled), ${check.detail}`);
}

const sizes = [1e3, 1e6];
console.log(`blaskit basic benchmark, ${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0].model}, ${os.cpus().length} cores, Node ${process.version}`);
console.log(`OpenBLAS: ${native.blasConfig()}`);
const rows = [];
for (const [name, make] of Object.entries(cases)) {
  for (const n of sizes) {
    const c = make(n);
    checkAgreement(name, c);
    rows.push({ name, n: c.label ?? String(n), elements: c.elements, c, blaskitNs: time(c.blaskit), jsNs: time(c.js) });
  }
}
const numpy = numpyTimes(rows.map((r) => [r.c.numpy, r.c.numpyStmt]));
console.log(numpy ? `numpy ${numpy.version} (python3, same machine, same run)` : 'numpy: skipped (python3 with numpy not found)');
console.log('');
console.log('function        size        blaskit ns/el   plain JS ns/el   numpy ns/el   vs JS    vs numpy');
rows.forEach((r, i) => {
  const per = (t) => (t / r.elements).toFixed(3).padStart(10);
  const np = numpy ? numpy.times[i] : NaN;
  console.log(
    `${r.name.padEnd(15)} ${r.n.padEnd(10)} ${per(r.blaskitNs)}      ${per(r.jsNs)}      ${numpy ? per(np) : '         -'}   ${(r.jsNs / r.blaskitNs).toFixed(2).padStart(6)}x ${numpy ? (np / r.blaskitNs).toFixed(2).padStart(7) + 'x' : '       -'}`,
  );
});
console.log('\nratios > 1 mean blaskit is faster; numpy runs the formula shown in bench/basic.mjs');
