// The "Fast kernels" speed targets, measured in one run: blaskit against numpy
// (python3, same machine, same minute) and against the machine's own
// bandwidth bound, y = 2x. Prints each target with its measured ratio and
// PASS/MISS; speed never fails the run (exit 0; exit 1 only if an answer is
// wrong). Without python3 and numpy it says so and stops (exit 0).
//
//   npm run bench:targets            # about a minute
//
// The targets (issue "Fast kernels"):
//   N = 1e6, one thread, `out` given:
//     sigmoid >= 2.4x numpy's out= form and >= 5x its tutorial form 1/(1+np.exp(-x));
//     tanh >= 1.1x np.tanh; relu, reluDerivative, multiply within 1.2x of the
//     y = 2x bound; softmax on 1000x1000 >= 4.5x numpy's stable form;
//     normalizeRows >= 2.5x numpy.
//   N = 1e7, two threads: the exp-based kernels at >= 80% of y = 2x bandwidth.
// Rounds alternate numpy and blaskit so that both see the same machine; each
// figure is the median of the rounds' medians.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const blaskit = require('../dist/index.js');
const plain = await import('./plain-js.mjs');

const ROUNDS = 5;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/** Median ns per call of `f` over samples of at least ~20 ms. */
function time(f, samples = 7) {
  f();
  let inner = 1;
  for (;;) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < inner; i++) f();
    if (Number(process.hrtime.bigint() - t0) > 2e7 || inner >= 1 << 16) break;
    inner *= 2;
  }
  const result = [];
  for (let s = 0; s < samples; s++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < inner; i++) f();
    result.push(Number(process.hrtime.bigint() - t0) / inner);
  }
  return median(result);
}

function uniform(n, scale) {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = (Math.random() * 2 - 1) * scale;
  return x;
}

// numpy: the forms the issue names, timed with timeit in one python process per round.
const numpyScript = `
import json, timeit, numpy as np
rng = np.random.default_rng(1)
n = 10**6
x = rng.uniform(-8, 8, n); y = np.empty(n)
X = rng.uniform(-8, 8, (1000, 1000)); Y = np.empty_like(X)
def sig_out():
    np.negative(x, out=y); np.exp(y, out=y); np.add(y, 1, out=y); np.reciprocal(y, out=y)
def softmax_stable():
    e = np.exp(X - X.max(axis=1, keepdims=True)); return e / e.sum(axis=1, keepdims=True)
cases = {
  'sigmoid_out': sig_out,
  'sigmoid_tutorial': lambda: 1 / (1 + np.exp(-x)),
  'tanh': lambda: np.tanh(x, out=y),
  'softmax': softmax_stable,
  'normalizeRows': lambda: X / np.linalg.norm(X, axis=1, keepdims=True),
  'y2x': lambda: np.multiply(x, 2, out=y),
}
result = {}
for name, f in cases.items():
    f()
    t = timeit.Timer(f)
    number, _ = t.autorange()
    result[name] = min(t.repeat(repeat=5, number=number)) / number * 1e9
print(json.dumps({'version': np.__version__, 'ns': result}))
`;

function numpyRound() {
  return JSON.parse(execFileSync('python3', ['-c', numpyScript], { encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' } }));
}

// blaskit, N = 1e6, one thread, out given.
const N = 1e6;
const x = uniform(N, 8);
const y = new Float64Array(N);
const twos = new Float64Array(N).fill(2);
const X = blaskit.array(uniform(N, 8), [1000, 1000]);
const Y = new Float64Array(N);

function checkAnswers() {
  const probe = uniform(1000, 8);
  const expect = (label, got, want, tolerance) => {
    for (let i = 0; i < want.length; i++) {
      if (!(Math.abs(got[i] - want[i]) <= tolerance * Math.max(1, Math.abs(want[i])))) {
        console.error(`WRONG: ${label}[${i}] = ${got[i]}, expected ${want[i]}`);
        process.exit(1);
      }
    }
  };
  const want = new Float64Array(1000);
  plain.sigmoid(probe, want);
  expect('sigmoid', blaskit.sigmoid(probe), want, 1e-14);
  plain.tanh(probe, want);
  expect('tanh', blaskit.tanh(probe), want, 1e-14);
  plain.softmaxRows(probe, want, 10, 100);
  expect('softmax', blaskit.softmax(blaskit.array(probe, [10, 100])).data, want, 1e-14);
  plain.normalizeRows(probe, want, 10, 100);
  expect('normalizeRows', blaskit.normalizeRows(blaskit.array(probe, [10, 100])).data, want, 1e-14);
}

const oneThread = {
  sigmoid: () => blaskit.sigmoid(x, { out: y }),
  tanh: () => blaskit.tanh(x, { out: y }),
  relu: () => blaskit.relu(x, { out: y }),
  reluDerivative: () => blaskit.reluDerivative(x, { out: y }),
  multiply: () => blaskit.multiply(x, twos, { out: y }),
  y2x: () => blaskit.multiply(x, 2, { out: y }),
  softmax: () => blaskit.softmax(X, { out: Y }),
  normalizeRows: () => blaskit.normalizeRows(X, { out: Y }),
};

// N = 1e7, two threads: exp-based kernels against y = 2x on the same threads.
const N7 = 1e7;
const x7 = uniform(N7, 8);
const y7 = new Float64Array(N7);
const X7 = blaskit.array(x7, [10000, 1000]);
const Y7 = new Float64Array(N7);
const twoThreads = {
  sigmoid: () => blaskit.sigmoid(x7, { out: y7 }),
  sigmoidDerivative: () => blaskit.sigmoidDerivative(x7, { out: y7 }),
  tanh: () => blaskit.tanh(x7, { out: y7 }),
  tanhDerivative: () => blaskit.tanhDerivative(x7, { out: y7 }),
  softmax: () => blaskit.softmax(X7, { out: Y7 }),
  y2x: () => blaskit.multiply(x7, 2, { out: y7 }),
};

checkAnswers();
const info = blaskit.runtimeInfo();
console.log(`blaskit speed targets, ${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0].model.trim()}, ${os.cpus().length} cores, Node ${process.version}`);
console.log(`SIMD target ${info.simd.target}; ${info.blas.config}`);

const numpyRounds = [];
const blaskitOne = {};
const blaskitTwo = {};
for (let r = 0; r < ROUNDS; r++) {
  try {
    numpyRounds.push(numpyRound().ns);
  } catch (error) {
    console.log(`numpy is needed for the comparisons and could not be run (${error.message.split('\n')[0]}): skipped`);
    process.exit(0);
  }
  blaskit.setNumThreads(1);
  for (const [name, f] of Object.entries(oneThread)) (blaskitOne[name] ??= []).push(time(f) / N);
  blaskit.setNumThreads(2);
  for (const [name, f] of Object.entries(twoThreads)) (blaskitTwo[name] ??= []).push(time(f, 3) / N7);
  process.stderr.write(`round ${r + 1}/${ROUNDS}\n`);
}
blaskit.setNumThreads(info.threads.count);

const np = Object.fromEntries(Object.keys(numpyRounds[0]).map((k) => [k, median(numpyRounds.map((round) => round[k])) / N]));
const one = Object.fromEntries(Object.entries(blaskitOne).map(([k, v]) => [k, median(v)]));
const two = Object.fromEntries(Object.entries(blaskitTwo).map(([k, v]) => [k, median(v)]));
// The bound: the faster y = 2x, numpy's or blaskit's own (both plain streaming loops).
const bound1 = Math.min(np.y2x, one.y2x);

const rows = [];
const ratio = (label, target, measured, atLeast = true) => rows.push({ label, target, measured, pass: atLeast ? measured >= target : measured <= target });
ratio('sigmoid vs numpy out= form (x)', 2.4, np.sigmoid_out / one.sigmoid);
ratio('sigmoid vs numpy tutorial form (x)', 5, np.sigmoid_tutorial / one.sigmoid);
ratio('tanh vs np.tanh (x)', 1.1, np.tanh / one.tanh);
ratio('relu time / y = 2x bound', 1.2, one.relu / bound1, false);
ratio('reluDerivative time / y = 2x bound', 1.2, one.reluDerivative / bound1, false);
// multiply moves 24 bytes per element to y = 2x's 16.
ratio('multiply time / y = 2x bound (per byte)', 1.2, one.multiply / (bound1 * 1.5), false);
ratio('softmax 1000x1000 vs numpy stable (x)', 4.5, np.softmax / one.softmax);
ratio('normalizeRows 1000x1000 vs numpy (x)', 2.5, np.normalizeRows / one.normalizeRows);
for (const name of ['sigmoid', 'sigmoidDerivative', 'tanh', 'tanhDerivative', 'softmax']) {
  ratio(`${name} at 1e7, 2 threads: share of y = 2x bandwidth`, 0.8, two.y2x / two[name]);
}

console.log(`numpy ${numpyRounds.length ? 'in the same run' : ''}; medians of ${ROUNDS} alternating rounds`);
console.log('\nns per element, N = 1e6, one thread, out given');
console.log(`  blaskit: ${Object.entries(one).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}`);
console.log(`  numpy:   ${Object.entries(np).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}`);
console.log('ns per element, N = 1e7, two threads, out given');
console.log(`  blaskit: ${Object.entries(two).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}`);
console.log('\ntarget                                                 wanted   measured');
for (const row of rows) {
  const wanted = row.label.includes('bound') && !row.label.includes('share') ? `<= ${row.target}x` : row.label.includes('share') ? `>= ${row.target * 100}%` : `>= ${row.target}x`;
  const measured = row.label.includes('share') ? `${(row.measured * 100).toFixed(0)}%` : `${row.measured.toFixed(2)}x`;
  console.log(`${row.pass ? 'PASS' : 'MISS'}  ${row.label.padEnd(50)} ${wanted.padStart(7)} ${measured.padStart(9)}`);
}
console.log(`\nload average at the end: ${os.loadavg().map((v) => v.toFixed(2)).join(' ')} (2 cores: above ~1 the figures are noisy)`);
