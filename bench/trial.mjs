// One trial, in a fresh Node process started by bench/index.mjs: one case
// with one implementation, at each of its sizes in increasing order. For each
// size it builds the inputs, calls the implementation once and checks that
// answer against the TypeScript twin (a benchmark of a wrong answer is void),
// then times it. With `verifyFiles` it times nothing and checks numpy's
// answers, which numpy_trial.py wrote to disk, the same way.
//
//   node --expose-gc bench/trial.mjs '<json spec>'   (see index.mjs, runTrial)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { findCase, implementation, precisionOf } from './cases.mjs';
import { compare, TOLERANCE, values } from './data.mjs';
import { measure, TIMING } from './timing.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const requireHere = createRequire(import.meta.url);
const requirePeer = createRequire(path.join(benchDir, 'peers', 'package.json'));

/**
 * blaskit (by its package name, i.e. the built dist/), its twins (the
 * reference answers), the plain-JS loops (the baseline timed) and the one
 * peer this trial needs.
 */
async function loadLibraries(implId) {
  const blaskit = await import('blaskit');
  const twin = {
    ...requireHere('../dist/reference/activations.js'),
    ...requireHere('../dist/reference/rows.js'),
    ...requireHere('../dist/reference/products.js'),
    ...requireHere('../dist/reference/arithmetic.js'),
  };
  const plain = await import('./plain-js.mjs');
  const ctx = { blaskit, twin, plain };
  if (implId === 'onnxruntime' || implId === 'onnxruntime-f32') ctx.ort = requirePeer('onnxruntime-node');
  if (implId === 'ml-matrix') ctx.Matrix = requirePeer('ml-matrix').Matrix;
  if (implId === 'tfjs' || implId === 'tfjs-wasm') {
    ctx.tf = requirePeer('@tensorflow/tfjs');
    // Importing the wasm backend registers it; setBackend then loads its SIMD build.
    if (implId === 'tfjs-wasm') requirePeer('@tensorflow/tfjs-backend-wasm');
    const backend = implId === 'tfjs-wasm' ? 'wasm' : 'cpu';
    if (!(await ctx.tf.setBackend(backend))) throw new Error(`tfjs: the ${backend} backend did not initialise`);
    await ctx.tf.ready();
  }
  return ctx;
}

/** Any result (number, typed array, NDArray, ml-matrix Matrix, { data }) as an array of numbers. */
function toNumbers(result) {
  if (typeof result === 'number') return Float64Array.of(result);
  if (ArrayBuffer.isView(result)) return result;
  if (typeof result?.to1DArray === 'function') return Float64Array.from(result.to1DArray());
  if (ArrayBuffer.isView(result?.data)) return result.data;
  throw new TypeError(`cannot read a result of type ${Object.prototype.toString.call(result)}`);
}

/**
 * blaskit's float32 elementwise results are the float64 kernel's rounded once
 * (the float32 contract), so within 1 float32 ulp of the rounded twin: they
 * are held to 2 ulps (2^-22 relative), far tighter than the peers' 1e-5.
 */
const BLASKIT_FLOAT32_ELEMENTWISE = 2 ** -22;

/** The tolerance an implementation's answer to a case is held to. */
function toleranceOf(c, impl) {
  if (impl.blaskitFloat32 && c.kind === 'elementwise') return BLASKIT_FLOAT32_ELEMENTWISE;
  return TOLERANCE[impl.precision][c.kind];
}

/**
 * Check `actual` for one size. The twin computes the expected result; for
 * matrix products too large for the twin's triple loop, Freivalds' check
 * compares C r with A (B r) for a fixed vector r, which catches any wrong
 * entry of C in O(n^2) with the same twin's matVec.
 */
function verify(c, shape, inputs, actual, impl, { twin }) {
  const tolerance = toleranceOf(c, impl);
  const method = c.verifyBy?.(shape) ?? 'twin';
  if (method === 'freivalds') {
    const { a, b, m, k, p } = inputs;
    if (actual.length !== m * p) return { ok: false, method, tolerance, maxError: Infinity, detail: `${actual.length} elements, expected ${m * p}` };
    const r = values(p, 7);
    const cr = new Float64Array(m);
    twin.matVec(Float64Array.from(actual), m, p, r, cr, false);
    const br = new Float64Array(k);
    twin.matVec(b, k, p, r, br, false);
    const abr = new Float64Array(m);
    twin.matVec(a, m, k, br, abr, false);
    return { method, tolerance, ...compare(cr, abr, tolerance) };
  }
  let expected = c.reference(inputs, { twin });
  // A float32 case's reference is the float64 twin on the widened inputs;
  // a float32 answer is held to it rounded to float32, the float32 oracle.
  if (precisionOf(c) === 'float32' && impl.precision === 'float32') expected = expected.map(Math.fround);
  if (typeof expected === 'number') {
    // A single sum: judge it against the size of its terms, sqrt(sum (a_i b_i)^2),
    // not against itself, which can be near zero by cancellation.
    let s = 0;
    for (let i = 0; i < inputs.a.length; i++) s += (inputs.a[i] * inputs.b[i]) ** 2;
    return { method, tolerance, ...compare(actual, [expected], tolerance, Math.sqrt(s) || 1) };
  }
  return { method, tolerance, ...compare(actual, expected, tolerance, c.errorScale) };
}

function describeShape(size, shape) {
  return { size, label: shape.label, elements: shape.elements, flops: shape.flops };
}

const formatNs = (ns) => (ns >= 1e9 ? `${(ns / 1e9).toFixed(1)} s` : `${(ns / 1e6).toFixed(0)} ms`);

/** Time an implementation at each size (ascending); stop growing once a call would exceed maxCallNs. */
async function timeImplementation(spec, c, impl, ctx) {
  const settings = TIMING[spec.quick ? 'quick' : 'full'];
  const points = [];
  let last; // { ns, work } of the previous size, to predict the next
  for (const size of spec.sizes) {
    const shape = c.shape(size);
    const point = describeShape(size, shape);
    points.push(point);
    const work = shape.flops ?? shape.elements;
    const predicted = last ? (last.ns * work) / last.work : 0;
    if (predicted > settings.maxCallNs) {
      point.skipped = `not run: about ${formatNs(predicted)} per call, over the ${formatNs(settings.maxCallNs)} limit`;
      continue;
    }
    try {
      const inputs = c.inputs(shape);
      const run = await c.impls[impl.id](inputs, ctx);
      const t0 = process.hrtime.bigint();
      const first = impl.async ? await run() : run();
      const firstNs = Number(process.hrtime.bigint() - t0);
      point.verify = verify(c, shape, inputs, toNumbers(first), impl, ctx);
      if (!point.verify.ok) continue; // never time a wrong answer
      globalThis.gc?.(); // start each size without the garbage of setup and checking
      point.timing = await measure(run, impl.async === true, settings, firstNs);
      last = { ns: point.timing.median, work };
    } catch (error) {
      point.error = String(error?.stack ?? error);
    }
  }
  return points;
}

/** Check numpy's answers (raw little-endian float64 files, float32 values widened) for each size. */
function verifyFiles(spec, c, impl, ctx) {
  return spec.verifyFiles.map(({ size, file }) => {
    const shape = c.shape(size);
    const point = describeShape(size, shape);
    try {
      const bytes = fs.readFileSync(file);
      const actual = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
      point.verify = verify(c, shape, c.inputs(shape), actual, impl, ctx);
    } catch (error) {
      point.error = String(error?.stack ?? error);
    }
    return point;
  });
}

async function main() {
  const spec = JSON.parse(process.argv[2]);
  const c = findCase(spec.caseId);
  const impl = implementation(spec.implId);
  const result = { caseId: c.id, implId: impl.id, pid: process.pid };
  try {
    const ctx = await loadLibraries(spec.verifyFiles ? 'numpy' : impl.id);
    result.points = spec.verifyFiles ? verifyFiles(spec, c, impl, ctx) : await timeImplementation(spec, c, impl, ctx);
  } catch (error) {
    result.error = String(error?.stack ?? error);
  }
  fs.writeFileSync(spec.resultFile, JSON.stringify(result));
}

await main();
