// A neural network layer per request: the forward pass of examples/server.ts's
// network (64 -> 128 relu -> 10 softmax) at batch 1, 16 and 256 rows, and the
// small products behind it (dot of n x n by n x n, n x n by n, n by n x n),
// each timed per call against numpy in the same minutes.
//
//   npm run bench:layer              full: 7 alternating rounds
//   npm run bench:layer -- --quick   CI: 2 rounds, shorter samples
//
// Forward pass, per call (every answer checked against blaskit's unfused calls
// before anything is timed):
//   blaskit dense      dense twice (fresh results)
//   blaskit dense out  dense twice into preallocated results
//   blaskit unfused    dot, add, relu, dot, add, softmax (fresh results)
//   numpy              the same formulas, allocating, and with out=
//   onnxruntime-node   a float64 graph Gemm, Relu, Gemm, Softmax built in code
//   plain JS           the loops a user writes (Float64Array weights)
//   tfjs               float32 (marked): tf.softmax(tf.relu(x.matMul(W1).add(b1)).matMul(W2).add(b2))
//
// The same forward pass in float32 (issue 14), weights and inputs rounded to
// float32 once: blaskit dense on float32 NDArrays (fresh and out), numpy
// float32 (allocating and out=), a float32 onnxruntime-node graph, plain JS on
// Float32Array, tfjs with the cpu and the wasm backends, and blaskit's float64
// dense beside them; every float32 answer is checked against blaskit's float64
// unfused calls on the same (widened) values, rounded to float32. A goal table
// follows: blaskit float32 at least 1.5x onnxruntime-node float32, 3x each tfjs
// backend, and never slower than plain JS; PASS/MISS, never an error.
//
// Method: each round times every Node-side case in this process (bench/timing.mjs
// `measure`, median of its samples), then every numpy case in one python3
// process with the same scheme; rounds alternate, and the best round's median
// is reported, so both sides get their quietest minutes. The load average is
// printed: the machine is shared.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { measure, TIMING } from './timing.mjs';
import { buildModel, DataType } from './onnx.mjs';
import { ensurePeers, PEERS_DIR } from './peers.mjs';
import { float32Unsupported } from './cases-f32.mjs';

const requireHere = createRequire(import.meta.url);
const requirePeer = createRequire(path.join(PEERS_DIR, 'package.json'));
const quick = process.argv.includes('--quick');
const settings = quick ? TIMING.quick : TIMING.full;
const ROUNDS = quick ? 2 : 7;
const BATCHES = [1, 16, 256];
const PRODUCT_SIZES = [1, 2, 4, 8, 16, 32, 64, 128];
const [INPUTS, HIDDEN, CLASSES] = [64, 128, 10];

const blaskit = requireHere('../dist/index.js');
const { NDArray, array, dense, dot, add, relu, softmax } = blaskit;

/** Deterministic values in [-1, 1) (xorshift32), the same on every run. */
function seeded(seed) {
  let state = seed >>> 0 || 1;
  return (n, scale = 1) =>
    Float64Array.from({ length: n }, () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      return (state / 2 ** 31 - 1) * scale;
    });
}

const next = seeded(20261204);
const W1 = new NDArray(next(INPUTS * HIDDEN, 1 / Math.sqrt(INPUTS)), [INPUTS, HIDDEN]);
const b1 = next(HIDDEN, 0.1);
const W2 = new NDArray(next(HIDDEN * CLASSES, 1 / Math.sqrt(HIDDEN)), [HIDDEN, CLASSES]);
const b2 = next(CLASSES, 0.1);
const batches = Object.fromEntries(BATCHES.map((rows) => [rows, new NDArray(next(rows * INPUTS), [rows, INPUTS])]));

// The float32 network: the same weights and inputs rounded to float32 once
// (numpy's astype(np.float32) rounds the same way), as plain Float32Arrays.
const F64 = { w1: W1.data, b1, w2: W2.data, b2 };
const F32 = { w1: Float32Array.from(W1.data), b1: Float32Array.from(b1), w2: Float32Array.from(W2.data), b2: Float32Array.from(b2) };
const batches32 = Object.fromEntries(BATCHES.map((rows) => [rows, Float32Array.from(batches[rows].data)]));

const b64 = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
const fromB64 = (s) => {
  const bytes = Buffer.from(s, 'base64');
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};

function log(line) {
  process.stderr.write(`${line}\n`);
}

// ---------------------------------------------------------------------------
// The Node-side implementations of the forward pass

/** blaskit's unfused calls: the reference every forward pass is checked against. */
const unfusedWith = (x, w) =>
  softmax(add(dot(relu(add(dot(x, new NDArray(w.w1, [INPUTS, HIDDEN])), w.b1)), new NDArray(w.w2, [HIDDEN, CLASSES])), w.b2));
const unfused = (x) => unfusedWith(x, F64);

/** The float32 oracle: the float64 reference on the float32 values (widened exactly), rounded to float32. */
function reference32(rows) {
  const widened = Object.fromEntries(Object.entries(F32).map(([name, a]) => [name, Float64Array.from(a)]));
  return Float32Array.from(unfusedWith(new NDArray(Float64Array.from(batches32[rows]), [rows, INPUTS]), widened).data);
}

/** The loops a user writes, on Float64Array or (Float32Array weights, `Array` = Float32Array) float32. */
function plainForward(x, rows, { w1, b1, w2, b2 } = F64, Array = Float64Array) {
  const hidden = new Array(HIDDEN);
  const y = new Array(rows * CLASSES);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < HIDDEN; j++) {
      let sum = 0;
      for (let i = 0; i < INPUTS; i++) sum += x[r * INPUTS + i] * w1[i * HIDDEN + j];
      sum += b1[j];
      hidden[j] = sum < 0 ? 0 : sum;
    }
    let max = -Infinity;
    for (let j = 0; j < CLASSES; j++) {
      let sum = 0;
      for (let i = 0; i < HIDDEN; i++) sum += hidden[i] * w2[i * CLASSES + j];
      sum += b2[j];
      y[r * CLASSES + j] = sum;
      if (sum > max) max = sum;
    }
    let total = 0;
    for (let j = 0; j < CLASSES; j++) total += y[r * CLASSES + j] = Math.exp(y[r * CLASSES + j] - max);
    for (let j = 0; j < CLASSES; j++) y[r * CLASSES + j] /= total;
  }
  return y;
}

/** The network as an ONNX graph in float64 (`w` = F64) or float32 (`w` = F32, `x` a Float32Array). */
async function ortForward(ort, rows, w = F64, x = batches[rows].data) {
  const float32 = w === F32;
  const model = buildModel({
    elementType: float32 ? DataType.FLOAT : DataType.DOUBLE,
    inputs: [{ name: 'x', dims: [rows, INPUTS] }],
    outputs: [{ name: 'y', dims: [rows, CLASSES] }],
    nodes: [
      { op: 'Gemm', inputs: ['x', 'w1', 'b1'], outputs: ['h'] },
      { op: 'Relu', inputs: ['h'], outputs: ['r'] },
      { op: 'Gemm', inputs: ['r', 'w2', 'b2'], outputs: ['z'] },
      { op: 'Softmax', inputs: ['z'], outputs: ['y'], attributes: { axis: -1 } },
    ],
    constants: [
      { name: 'w1', dims: [INPUTS, HIDDEN], values: w.w1 },
      { name: 'b1', dims: [HIDDEN], values: w.b1 },
      { name: 'w2', dims: [HIDDEN, CLASSES], values: w.w2 },
      { name: 'b2', dims: [CLASSES], values: w.b2 },
    ],
  });
  const session = await ort.InferenceSession.create(model);
  const feeds = { x: new ort.Tensor(float32 ? 'float32' : 'float64', x, [rows, INPUTS]) };
  return async () => (await session.run(feeds)).y.data;
}

/** The network in tfjs, float32 tensors made once on the current backend. */
function tfForward(tf, rows) {
  const t = {
    x: tf.tensor(batches32[rows], [rows, INPUTS]),
    w1: tf.tensor(F32.w1, [INPUTS, HIDDEN]),
    b1: tf.tensor(F32.b1, [HIDDEN]),
    w2: tf.tensor(F32.w2, [HIDDEN, CLASSES]),
    b2: tf.tensor(F32.b2, [CLASSES]),
  };
  return () => {
    const y = tf.tidy(() => tf.softmax(tf.relu(t.x.matMul(t.w1).add(t.b1)).matMul(t.w2).add(t.b2)));
    const data = y.dataSync();
    y.dispose();
    return data;
  };
}

async function loadPeers() {
  const peers = {};
  const status = ensurePeers(log);
  if (status.error) log(`peers not installed, skipped: ${status.error.split('\n')[0]}`);
  try {
    peers.ort = requirePeer('onnxruntime-node');
  } catch (error) {
    log(`onnxruntime-node not loadable, skipped: ${error.message.split('\n')[0]}`);
  }
  try {
    peers.tf = requirePeer('@tensorflow/tfjs');
    await peers.tf.setBackend('cpu');
    await peers.tf.ready();
  } catch (error) {
    peers.tf = undefined;
    log(`tfjs not loadable, skipped: ${error.message.split('\n')[0]}`);
  }
  if (peers.tf) {
    try {
      // Registers the 'wasm' backend beside 'cpu'; each tfjs case switches to its own (see useBackend).
      requirePeer('@tensorflow/tfjs-backend-wasm');
      if (!(await peers.tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
      peers.tfWasm = true;
    } catch (error) {
      log(`tfjs wasm backend not loadable, skipped: ${error.message.split('\n')[0]}`);
    }
    await peers.tf.setBackend('cpu');
  }
  return peers;
}

/** The Node-side cases: { id, group, label, run, isAsync, check? }. */
async function nodeCases(peers) {
  const cases = [];
  for (const rows of BATCHES) {
    const x = batches[rows];
    const hidden = new NDArray(new Float64Array(rows * HIDDEN), [rows, HIDDEN]);
    const out = new NDArray(new Float64Array(rows * CLASSES), [rows, CLASSES]);
    const group = `forward ${rows}`;
    cases.push({ id: `${group}/dense`, group, label: 'blaskit dense', run: () => dense(dense(x, W1, b1, { activation: 'relu' }), W2, b2, { activation: 'softmax' }).data });
    cases.push({
      id: `${group}/dense-out`,
      group,
      label: 'blaskit dense, out',
      run: () => {
        dense(x, W1, b1, { activation: 'relu', out: hidden });
        return dense(hidden, W2, b2, { activation: 'softmax', out }).data;
      },
    });
    cases.push({ id: `${group}/unfused`, group, label: 'blaskit unfused', run: () => unfused(x).data });
    cases.push({ id: `${group}/js`, group, label: 'plain JS', run: () => plainForward(x.data, rows) });
    if (peers.ort) {
      try {
        cases.push({ id: `${group}/ort`, group, label: 'onnxruntime-node', run: await ortForward(peers.ort, rows), isAsync: true });
      } catch (error) {
        log(`onnxruntime-node could not run the float64 graph: ${error.message}`);
      }
    }
    if (peers.tf) cases.push({ id: `${group}/tfjs`, group, label: 'tfjs (float32)', run: tfForward(peers.tf, rows), float32: true, backend: 'cpu' });
  }
  cases.push(...(await float32Cases(peers)));
  for (const n of PRODUCT_SIZES) {
    const group = `dot ${n}`;
    const a = new NDArray(next(n * n), [n, n]);
    const b = new NDArray(next(n * n), [n, n]);
    const v = next(n);
    const c = new NDArray(new Float64Array(n * n), [n, n]);
    const y = new Float64Array(n);
    cases.push({ id: `${group}/mm`, group, label: `(${n},${n})·(${n},${n})`, run: () => dot(a, b, { out: c }).data, inputs: { a: a.data, b: b.data } });
    cases.push({ id: `${group}/mv`, group, label: `(${n},${n})·(${n},)`, run: () => dot(a, v, { out: y }), inputs: { a: a.data, v } });
    cases.push({ id: `${group}/vm`, group, label: `(${n},)·(${n},${n})`, run: () => dot(v, a, { out: y }), inputs: { a: a.data, v } });
  }
  return cases;
}

/**
 * The float32 forward passes (group `float32 <rows>`): blaskit float32 (skipped
 * with the reason when this build has no float32 API), blaskit float64 dense
 * beside it, plain JS on Float32Array, onnxruntime-node float32, tfjs cpu and wasm.
 */
async function float32Cases(peers) {
  const cases = [];
  const noFloat32 = float32Unsupported(blaskit);
  if (noFloat32) log(`blaskit float32 rows skipped: ${noFloat32}`);
  const net = noFloat32
    ? undefined
    : {
        W1: array(F32.w1, [INPUTS, HIDDEN], { dtype: 'float32' }),
        b1: F32.b1,
        W2: array(F32.w2, [HIDDEN, CLASSES], { dtype: 'float32' }),
        b2: F32.b2,
      };
  for (const rows of BATCHES) {
    const group = `float32 ${rows}`;
    const x32 = batches32[rows];
    const float32 = true;
    if (net) {
      const x = array(x32, [rows, INPUTS], { dtype: 'float32' });
      const H = array(new Float32Array(rows * HIDDEN), [rows, HIDDEN], { dtype: 'float32' });
      const out = array(new Float32Array(rows * CLASSES), [rows, CLASSES], { dtype: 'float32' });
      const forward = () => dense(dense(x, net.W1, net.b1, { activation: 'relu' }), net.W2, net.b2, { activation: 'softmax' }).data;
      const forwardOut = () => {
        dense(x, net.W1, net.b1, { activation: 'relu', out: H });
        return dense(H, net.W2, net.b2, { activation: 'softmax', out }).data;
      };
      cases.push({ id: `${group}/dense`, group, label: 'blaskit f32 dense', run: forward, float32 });
      cases.push({ id: `${group}/dense-out`, group, label: 'blaskit f32 dense, out', run: forwardOut, float32 });
    }
    // blaskit's float64 dense on the same (widened) values: what float32 saves.
    const x64 = new NDArray(Float64Array.from(x32), [rows, INPUTS]);
    const w64 = Object.fromEntries(Object.entries(F32).map(([name, a]) => [name, Float64Array.from(a)]));
    const [W1w, W2w] = [new NDArray(w64.w1, [INPUTS, HIDDEN]), new NDArray(w64.w2, [HIDDEN, CLASSES])];
    cases.push({
      id: `${group}/dense-f64`,
      group,
      label: 'blaskit f64 dense',
      run: () => dense(dense(x64, W1w, w64.b1, { activation: 'relu' }), W2w, w64.b2, { activation: 'softmax' }).data,
    });
    cases.push({ id: `${group}/js`, group, label: 'plain JS f32', run: () => plainForward(x32, rows, F32, Float32Array), float32 });
    if (peers.ort) {
      try {
        cases.push({ id: `${group}/ort`, group, label: 'onnxruntime-node f32', run: await ortForward(peers.ort, rows, F32, x32), isAsync: true, float32 });
      } catch (error) {
        log(`onnxruntime-node could not run the float32 graph: ${error.message}`);
      }
    }
    if (peers.tf) cases.push({ id: `${group}/tfjs`, group, label: 'tfjs cpu', run: tfForward(peers.tf, rows), float32, backend: 'cpu' });
    if (peers.tfWasm) {
      // Tensors made on the wasm backend, so that timing never includes a move between backends.
      await peers.tf.setBackend('wasm');
      cases.push({ id: `${group}/tfjs-wasm`, group, label: 'tfjs wasm', run: tfForward(peers.tf, rows), float32, backend: 'wasm' });
      await peers.tf.setBackend('cpu');
    }
  }
  return cases;
}

/** tfjs has one active backend per process: switch to the case's own before calling it. */
async function useBackend(peers, c) {
  if (c.backend && peers.tf.getBackend() !== c.backend) await peers.tf.setBackend(c.backend);
}

/** Largest |difference| relative to the largest |expected|. */
function relativeError(actual, expected) {
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return worst / (scale || 1);
}

// ---------------------------------------------------------------------------
// numpy: one python3 process per round, every case in it

const NUMPY = String.raw`
import sys, json, base64, time, timeit
import numpy as np
spec = json.load(sys.stdin)
S = spec['settings']
def f64(s, shape): return np.frombuffer(base64.b64decode(s), dtype='<f8').reshape(shape).copy()
def measure(fn):
    t0 = time.perf_counter_ns(); fn(); first = time.perf_counter_ns() - t0
    timer = timeit.Timer(fn)
    calls, batch = 1, first
    if first < S['sampleNs']:
        while True:
            batch = timer.timeit(number=calls) * 1e9
            if batch >= S['sampleNs'] or calls >= 1 << 24: break
            calls = int(min(calls * 8, max(calls * 2, -(-calls * S['sampleNs'] // max(batch, 1)))))
    count = max(S['minSamples'], min(S['maxSamples'], round(S['budgetNs'] / max(batch, 1))))
    samples = sorted(timer.timeit(number=calls) * 1e9 / calls for _ in range(count))
    return samples[len(samples) // 2]
I, H, C = spec['dims']
W1 = f64(spec['W1'], (I, H)); b1 = f64(spec['b1'], (H,)); W2 = f64(spec['W2'], (H, C)); b2 = f64(spec['b2'], (C,))
# The float32 network: the same values rounded once (as Float32Array.from does).
F64 = (W1, b1, W2, b2)
F32 = tuple(a.astype(np.float32) for a in F64)
def forward(x, w=F64):
    W1, b1, W2, b2 = w
    h = np.maximum(x @ W1 + b1, 0)
    z = h @ W2 + b2
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
def forward_with_out(x, w):
    W1, b1, W2, b2 = w
    rows = x.shape[0]
    hb = np.empty((rows, H), x.dtype); zb = np.empty((rows, C), x.dtype); mb = np.empty((rows, 1), x.dtype)
    def run():
        np.dot(x, W1, out=hb); np.add(hb, b1, out=hb); np.maximum(hb, 0, out=hb)
        np.dot(hb, W2, out=zb); np.add(zb, b2, out=zb)
        np.max(zb, axis=1, keepdims=True, out=mb); np.subtract(zb, mb, out=zb); np.exp(zb, out=zb)
        np.sum(zb, axis=1, keepdims=True, out=mb); np.divide(zb, mb, out=zb)
        return zb
    return run
results = {}
answers = {}
for rows, xs in spec['batches'].items():
    x = f64(xs, (int(rows), I))
    x32 = x.astype(np.float32)
    forward_out = forward_with_out(x, F64)
    forward32_out = forward_with_out(x32, F32)
    answers['forward %s/numpy' % rows] = base64.b64encode(forward(x).tobytes()).decode()
    answers['forward %s/numpy-out' % rows] = base64.b64encode(forward_out().tobytes()).decode()
    for key, y in (('float32 %s/numpy' % rows, forward(x32, F32)), ('float32 %s/numpy-out' % rows, forward32_out())):
        # numpy promoting to float64 anywhere would time the wrong thing.
        if y.dtype != np.float32: raise TypeError('%s: numpy computed in %s, not float32' % (key, y.dtype))
        answers[key] = base64.b64encode(y.astype(np.float64).tobytes()).decode()
    results['forward %s/numpy' % rows] = measure(lambda x=x: forward(x))
    results['forward %s/numpy-out' % rows] = measure(forward_out)
    results['float32 %s/numpy' % rows] = measure(lambda x32=x32: forward(x32, F32))
    results['float32 %s/numpy-out' % rows] = measure(forward32_out)
for n, p in spec['products'].items():
    n = int(n)
    a = f64(p['a'], (n, n)); b = f64(p['b'], (n, n)); v = f64(p['v'], (n,)); c = np.empty((n, n)); y = np.empty(n)
    results['numpy dot %d/mm' % n] = measure(lambda: np.dot(a, b, out=c))
    results['numpy dot %d/mv' % n] = measure(lambda: np.dot(a, v, out=y))
    results['numpy dot %d/vm' % n] = measure(lambda: np.dot(v, a, out=y))
cfg = {}
try:
    cfg = {k: v for k, v in np.show_config(mode='dicts')['Build Dependencies']['blas'].items() if k in ('name', 'version')}
except Exception:
    pass
print(json.dumps({'results': results, 'answers': answers, 'numpy': np.__version__, 'blas': cfg}))
`;

function numpyRound(cases) {
  const products = {};
  for (const c of cases) {
    if (!c.inputs || !c.id.endsWith('/mm')) continue;
    products[Number(c.group.split(' ')[1])] = { a: b64(c.inputs.a), b: b64(c.inputs.b), v: b64(cases.find((d) => d.id === c.id.replace('/mm', '/mv')).inputs.v) };
  }
  const spec = {
    settings,
    dims: [INPUTS, HIDDEN, CLASSES],
    W1: b64(W1.data),
    b1: b64(b1),
    W2: b64(W2.data),
    b2: b64(b2),
    batches: Object.fromEntries(BATCHES.map((rows) => [rows, b64(batches[rows].data)])),
    products,
  };
  const run = spawnSync('python3', ['-c', NUMPY], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) return { error: `${run.error?.message ?? ''}${run.stderr ?? ''}`.trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(run.stdout);
}

// ---------------------------------------------------------------------------

function fmt(ns) {
  if (ns === undefined) return '-';
  return ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(0)} ns`;
}

async function main() {
  const started = new Date();
  const peers = await loadPeers();
  const cases = await nodeCases(peers);

  // Check every forward pass against blaskit's unfused calls before timing;
  // the float32 group against them on the float32 values, rounded to float32.
  const reference = Object.fromEntries(BATCHES.map((rows) => [rows, unfused(batches[rows]).data]));
  const oracle32 = Object.fromEntries(BATCHES.map((rows) => [rows, reference32(rows)]));
  for (const c of cases) {
    await useBackend(peers, c);
    const answer = await c.run();
    const [kind, rowsText] = c.group.split(' ');
    if (kind === 'forward' || kind === 'float32') {
      const rows = Number(rowsText);
      const error = relativeError(answer, kind === 'float32' ? oracle32[rows] : reference[rows]);
      // float32 sums of 64 and 128 products, rounded at each step: ~1e-6; a wrong answer: ~1.
      const allowed = c.float32 ? 1e-4 : kind === 'float32' ? 1e-6 : 1e-12;
      if (!(error <= allowed)) throw new Error(`${c.id}: answer differs from blaskit's unfused calls by ${error} (allowed ${allowed})`);
    }
  }
  const best = {};
  const keep = (id, ns) => {
    if (ns !== undefined && !(best[id] <= ns)) best[id] = ns;
  };
  let numpyMeta;
  let numpyError;
  for (let round = 0; round < ROUNDS; round++) {
    log(`round ${round + 1}/${ROUNDS}: Node (${cases.length} cases), load ${os.loadavg()[0].toFixed(2)}`);
    for (const c of cases) {
      await useBackend(peers, c);
      const t0 = process.hrtime.bigint();
      await c.run();
      const first = Number(process.hrtime.bigint() - t0);
      keep(c.id, (await measure(c.run, Boolean(c.isAsync), settings, first)).median);
    }
    log(`round ${round + 1}/${ROUNDS}: numpy`);
    const numpy = numpyRound(cases);
    if (numpy.error) {
      numpyError = numpy.error;
      continue;
    }
    numpyMeta = numpy;
    for (const [id, ns] of Object.entries(numpy.results)) keep(id, ns);
  }
  if (numpyMeta) {
    for (const rows of BATCHES) {
      for (const id of [`forward ${rows}/numpy`, `forward ${rows}/numpy-out`]) {
        const error = relativeError(fromB64(numpyMeta.answers[id]), reference[rows]);
        if (!(error <= 1e-12)) throw new Error(`${id}: numpy's answer differs from blaskit's by ${error}`);
      }
      for (const id of [`float32 ${rows}/numpy`, `float32 ${rows}/numpy-out`]) {
        const error = relativeError(fromB64(numpyMeta.answers[id]), oracle32[rows]);
        if (!(error <= 1e-4)) throw new Error(`${id}: numpy's float32 answer differs from the float32 oracle by ${error}`);
      }
    }
  }

  const info = blaskit.runtimeInfo();
  const lines = [];
  lines.push(`bench:layer${quick ? ' --quick' : ''}, ${started.toISOString().slice(0, 16)}Z: ${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  lines.push(`blaskit: ${info.simd.target} target, ${info.threads.count} threads, OpenBLAS ${info.blas.version} (${info.blas.core}, ${info.blas.threads} threads); numpy ${numpyMeta?.numpy ?? '(not run)'} ${numpyMeta?.blas?.name ?? ''} ${numpyMeta?.blas?.version ?? ''}; best of ${ROUNDS} alternating rounds, median per round`);
  if (numpyError) lines.push(`numpy failed: ${numpyError}`);
  lines.push('');
  lines.push('Forward pass 64 -> 128 relu -> 10 softmax, per call (ratio: the other side\'s time / blaskit dense\'s; above 1, blaskit is faster)');
  lines.push('');
  const columns = [
    ['blaskit dense', 'dense'],
    ['blaskit dense, out', 'dense-out'],
    ['blaskit unfused', 'unfused'],
    ['numpy', 'numpy'],
    ['numpy out=', 'numpy-out'],
    ['onnxruntime-node', 'ort'],
    ['plain JS', 'js'],
    ['tfjs (float32)', 'tfjs'],
  ];
  lines.push(`| batch | ${columns.map(([label]) => label).join(' | ')} |`);
  lines.push(`| ---: | ${columns.map(() => '---:').join(' | ')} |`);
  for (const rows of BATCHES) {
    const base = best[`forward ${rows}/dense`];
    const baseOut = best[`forward ${rows}/dense-out`];
    const cells = columns.map(([, key]) => {
      const ns = best[`forward ${rows}/${key}`];
      if (ns === undefined) return '-';
      if (key === 'dense') return fmt(ns);
      // Like with like: with out= against dense with out.
      const against = key === 'numpy-out' || key === 'dense-out' ? baseOut : base;
      return key === 'dense-out' ? fmt(ns) : `${fmt(ns)} (${(ns / against).toFixed(2)}×)`;
    });
    lines.push(`| ${rows} | ${cells.join(' | ')} |`);
  }
  lines.push('');
  lines.push('Small products, dot(a, b, { out }) against np.dot(a, b, out=c), per call');
  lines.push('');
  lines.push('| n | (n,n)·(n,n) blaskit | numpy | ratio | (n,n)·(n,) blaskit | numpy | ratio | (n,)·(n,n) blaskit | numpy | ratio |');
  lines.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const n of PRODUCT_SIZES) {
    const cells = ['mm', 'mv', 'vm'].flatMap((kind) => {
      const ours = best[`dot ${n}/${kind}`];
      const numpy = best[`numpy dot ${n}/${kind}`];
      return [fmt(ours), fmt(numpy), numpy === undefined ? '-' : `${(numpy / ours).toFixed(2)}×`];
    });
    lines.push(`| ${n} | ${cells.join(' | ')} |`);
  }
  lines.push('', ...float32Tables(best));
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Columns of the float32 forward-pass table: [label, case key, the blaskit time it is divided by]. */
const FLOAT32_COLUMNS = [
  ['blaskit f32 dense', 'dense'],
  ['blaskit f32 dense, out', 'dense-out'],
  ['blaskit f64 dense', 'dense-f64', 'dense'],
  ['numpy f32', 'numpy', 'dense'],
  ['numpy f32 out=', 'numpy-out', 'dense-out'],
  ['onnxruntime-node f32', 'ort', 'dense'],
  ['plain JS f32', 'js', 'dense'],
  ['tfjs cpu', 'tfjs', 'dense'],
  ['tfjs wasm', 'tfjs-wasm', 'dense'],
];

/** Issue 14's goals for the float32 forward pass: [label, case key, least ratio]. */
const FLOAT32_GOALS = [
  ['vs onnxruntime-node f32', 'ort', 1.5],
  ['vs tfjs cpu', 'tfjs', 3],
  ['vs tfjs wasm', 'tfjs-wasm', 3],
  ['vs plain JS f32', 'js', 1],
];

/** The float32 forward-pass table and its goal check (PASS/MISS; a miss is reported, not an error). */
function float32Tables(best) {
  const time = (rows, key) => best[`float32 ${rows}/${key}`];
  const lines = [
    "Forward pass in float32, per call (ratio: the other side's time / blaskit f32 dense's, with out= against dense with out; above 1, blaskit float32 is faster)",
    '',
    `| batch | ${FLOAT32_COLUMNS.map(([label]) => label).join(' | ')} |`,
    `| ---: | ${FLOAT32_COLUMNS.map(() => '---:').join(' | ')} |`,
  ];
  for (const rows of BATCHES) {
    const cells = FLOAT32_COLUMNS.map(([, key, against]) => {
      const ns = time(rows, key);
      if (ns === undefined) return '-';
      const base = against && time(rows, against);
      return base ? `${fmt(ns)} (${(ns / base).toFixed(2)}×)` : fmt(ns);
    });
    lines.push(`| ${rows} | ${cells.join(' | ')} |`);
  }
  lines.push('', 'float32 goal check (issue 14): blaskit f32 dense against each, PASS when the ratio reaches the goal', '');
  lines.push(`| batch | ${FLOAT32_GOALS.map(([label, , at]) => `${label} (>= ${at}×)`).join(' | ')} |`);
  lines.push(`| ---: | ${FLOAT32_GOALS.map(() => '---:').join(' | ')} |`);
  let passed = 0;
  let measured = 0;
  for (const rows of BATCHES) {
    const base = time(rows, 'dense');
    const cells = FLOAT32_GOALS.map(([, key, at]) => {
      const ns = time(rows, key);
      if (ns === undefined || base === undefined) return 'not measured';
      measured++;
      const ratio = ns / base;
      if (ratio >= at) passed++;
      return `${ratio.toFixed(2)}× ${ratio >= at ? 'PASS' : 'MISS'}`;
    });
    lines.push(`| ${rows} | ${cells.join(' | ')} |`);
  }
  lines.push('', `float32 goals: ${passed} PASS, ${measured - passed} MISS of ${measured} measured${measured < BATCHES.length * FLOAT32_GOALS.length ? ` (${BATCHES.length * FLOAT32_GOALS.length - measured} not measured: see the lines above)` : ''}`);
  return lines;
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
